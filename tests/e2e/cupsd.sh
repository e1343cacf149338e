# A private cupsd for the end-to-end tests (sourced; POSIX sh).
# Needs T (the test's temp dir), BUILD (with tests/cups-socket-backend
# built) and lib.sh's fail; uses only cups-daemon and cups-client.
#
#   cupsd_start        starts cupsd on a free 127.0.0.1 port with its whole
#                      state under $T/cups; sets CUPSD_HOST (127.0.0.1:PORT)
#                      and exports CUPS_SERVER to it. Installs an EXIT trap
#                      that stops it: a test with more to clean up calls
#                      cupsd_stop from its own trap instead.
#   cupsd_stop         stops it (idempotent).
#   cupsd_raw_queue NAME URI
#                      a raw queue (no driver): the bytes go to URI's
#                      backend unchanged.
#   cupsd_file_queue NAME PATH
#                      a file:///PATH queue that copies jobs unchanged (see
#                      below why it cannot be a raw queue).
#   cupsd_log          the tail of cupsd's error log, for failure messages.
#
# Running as root (as CI does), cupsd refuses `User root`: jobs run as lp,
# which must be able to reach the spool files and programs under $T, so $T
# is made searchable (0711) by others.

CUPSD_PID=""
CUPSD_HOST=""
# cupsd, lpadmin, cupsenable ... live in sbin, not always in a user's PATH.
PATH=$PATH:/usr/sbin:/sbin

cupsd_log() {
	tail -n "${1:-40}" "$T/cups/log/error_log" 2>/dev/null || true
}

cupsd_stop() {
	[ -n "$CUPSD_PID" ] || return 0
	kill "$CUPSD_PID" 2>/dev/null || true
	i=0
	while kill -0 "$CUPSD_PID" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1; i=$((i + 1))
	done
	kill -9 "$CUPSD_PID" 2>/dev/null || true
	wait "$CUPSD_PID" 2>/dev/null || true
	CUPSD_PID=""
}

# The programs cupsd runs, in a ServerBin of our own: the installed
# daemon helpers and backends, a pass-through port monitor, and always our
# stand-in socket backend. The `cups` package's real one (when installed)
# retries a refused connection for ever instead of failing the job, which
# would make the dead-device checks depend on what else is installed.
cupsd_serverbin() {
	sb=$T/cups/serverbin
	mkdir -p "$sb/backend" "$sb/filter" "$sb/monitor"
	ln -s /usr/lib/cups/daemon "$sb/daemon"
	for f in /usr/lib/cups/backend/*; do
		[ -e "$f" ] && [ "$(basename "$f")" != socket ] || continue
		ln -s "$f" "$sb/backend/$(basename "$f")"
	done
	[ -x "$BUILD/tests/cups-socket-backend" ] ||
		fail "missing $BUILD/tests/cups-socket-backend (make $BUILD/tests/cups-socket-backend)"
	cp "$BUILD/tests/cups-socket-backend" "$sb/backend/socket"
	# CUPS runs a monitor with the job file as $6 (or the job on stdin)
	# and its stdout going to the device.
	printf '#!/bin/sh\nexec cat "${6:--}"\n' >"$sb/monitor/passthru"
	chmod 755 "$sb/monitor/passthru"
}

cupsd_conf() { # cupsd_conf PORT USER GROUP
	c=$T/cups
	cat >"$c/cupsd.conf" <<EOF
Listen 127.0.0.1:$1
Browsing Off
BrowseLocalProtocols none
DefaultAuthType None
DefaultShared No
WebInterface No
LogLevel debug
JobRetryInterval 1
<Location />
  Order allow,deny
  Allow from 127.0.0.1
</Location>
<Location /admin>
  Order allow,deny
  Allow from 127.0.0.1
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
EOF
	cat >"$c/cups-files.conf" <<EOF
FileDevice Yes
User $2
Group $3
ServerRoot $c
StateDir $c/state
RequestRoot $c/spool
TempDir $c/tmp
CacheDir $c/cache
AccessLog $c/log/access_log
ErrorLog $c/log/error_log
PageLog $c/log/page_log
ServerBin $c/serverbin
DataDir /usr/share/cups
Printcap
EOF
}

cupsd_start() {
	command -v cupsd >/dev/null 2>&1 || fail "no cupsd (apt-get install cups-daemon)"
	command -v lpadmin >/dev/null 2>&1 || fail "no lpadmin (apt-get install cups-client)"
	if [ "$(id -u)" -eq 0 ]; then
		user=lp; group=lp
		chmod 0711 "$T"
	else
		user=$(id -un); group=$(id -gn)
	fi
	mkdir -p "$T/cups/state" "$T/cups/spool" "$T/cups/tmp" \
		"$T/cups/cache" "$T/cups/log"
	cupsd_serverbin
	# Debian enables AppArmor and cups-daemon ships an enforcing profile
	# for /usr/sbin/cupsd that denies paths under $T; the profile attaches
	# by path, so a copy of the same binary runs unconfined.
	cp "$(command -v cupsd)" "$T/cups/cupsd"
	trap 'cupsd_stop' EXIT
	trap 'exit 143' TERM INT HUP
	# A port from the pid, then the next ones while another program
	# (or another test's cupsd) holds it.
	port=$((20000 + $$ % 20000))
	tries=0
	while [ $tries -lt 20 ]; do
		rm -f "$T/cups/log/error_log"
		cupsd_conf $port $user $group
		"$T/cups/cupsd" -f -c "$T/cups/cupsd.conf" -s "$T/cups/cups-files.conf" \
			>"$T/cups/log/cupsd.out" 2>&1 &
		CUPSD_PID=$!
		i=0; state=wait
		while [ $i -lt 100 ] && [ $state = wait ]; do
			if grep -q "Listening to 127.0.0.1:$port" "$T/cups/log/error_log" 2>/dev/null; then
				state=up
			elif grep -q 'Unable to open listen socket' "$T/cups/log/error_log" 2>/dev/null; then
				state=taken
			elif ! kill -0 "$CUPSD_PID" 2>/dev/null; then
				cat "$T/cups/log/cupsd.out" >&2; cupsd_log >&2
				fail "cupsd exited at start"
			fi
			[ $state != wait ] || { sleep 0.1; i=$((i + 1)); }
		done
		[ $state = up ] && break
		cupsd_stop
		[ $state = taken ] || { cupsd_log >&2; fail "cupsd did not start within 10 s"; }
		port=$((port + 1)); tries=$((tries + 1))
	done
	[ $state = up ] || fail "no free port for cupsd"
	CUPSD_HOST=127.0.0.1:$port
	export CUPS_SERVER=$CUPSD_HOST
	i=0
	until lpstat -h "$CUPSD_HOST" -r 2>/dev/null | grep -q 'is running'; do
		[ $i -lt 100 ] || { cupsd_log >&2; fail "cupsd does not answer on $CUPSD_HOST"; }
		sleep 0.1; i=$((i + 1))
	done
}

cupsd_raw_queue() { # NAME URI
	lpadmin -h "$CUPSD_HOST" -p "$1" -E -v "$2" 2>"$T/cups/lpadmin.err" ||
		{ cat "$T/cups/lpadmin.err" >&2; fail "lpadmin -p $1 -v $2"; }
}

# CUPS 2.4 runs no program at all for a raw queue whose device is a file:
# (file: needs no backend, and a raw job needs no filter): the job
# "completes" and the file stays empty. So the file queue gets a driver
# that only names a port monitor, and the monitor copies the job unchanged
# (raw jobs skip every filter, but not the port monitor).
cupsd_file_queue() { # NAME PATH
	cat >"$T/cups/passthru.ppd" <<'EOF'
*PPD-Adobe: "4.3"
*FormatVersion: "4.3"
*FileVersion: "1.0"
*LanguageVersion: English
*LanguageEncoding: ISOLatin1
*PCFileName: "PASSTHRU.PPD"
*Manufacturer: "Packdesk"
*Product: "(Packdesk pass-through)"
*ModelName: "Packdesk pass-through"
*ShortNickName: "Packdesk pass-through"
*NickName: "Packdesk pass-through"
*PSVersion: "(3010.000) 0"
*cupsVersion: 2.4
*cupsFilter: "application/vnd.cups-raw 0 -"
*cupsPortMonitor file/Pass-through: "passthru"
*OpenUI *PageSize/Media Size: PickOne
*OrderDependency: 10 AnySetup *PageSize
*DefaultPageSize: Roll80
*PageSize Roll80/80 mm roll: ""
*CloseUI: *PageSize
*OpenUI *PageRegion/Media Size: PickOne
*OrderDependency: 10 AnySetup *PageRegion
*DefaultPageRegion: Roll80
*PageRegion Roll80/80 mm roll: ""
*CloseUI: *PageRegion
*DefaultImageableArea: Roll80
*ImageableArea Roll80/80 mm roll: "0 0 227 842"
*DefaultPaperDimension: Roll80
*PaperDimension Roll80/80 mm roll: "227 842"
EOF
	# Two steps: cupsd checks port-monitor against the driver the queue
	# had before this request.
	{ lpadmin -h "$CUPSD_HOST" -p "$1" -E -v "file://$2" \
		-P "$T/cups/passthru.ppd" &&
	  lpadmin -h "$CUPSD_HOST" -p "$1" -o port-monitor=passthru; } \
		2>"$T/cups/lpadmin.err" ||
		{ cat "$T/cups/lpadmin.err" >&2; fail "lpadmin -p $1 -v file://$2"; }
}
