# packdesk with an evdev scanner: key events written into a FIFO are scans;
# the writer going away is an unplug (scanner_lost), a new writer the
# scanner coming back (scanner_found), and the wait in between costs no CPU.
. "$SRC/tests/e2e/lib.sh"
db=$T/t.db
fifo=$T/fifo
feed=$BUILD/tests/evdev-feed
[ -x "$feed" ] || fail "$feed missing: make $BUILD/tests/evdev-feed"
packctl --db "$db" import "$SRC/assets/demo/orders.csv" >/dev/null
mkfifo "$fifo"

# wait_for PATTERN FILE: up to 10 s.
wait_for() {
	i=0
	while ! grep -q -- "$1" "$2"; do
		i=$((i + 1))
		[ $i -le 100 ] || { cat "$2" >&2; fail "no \"$1\" in $2"; }
		sleep 0.1
	done
}
# cpu_ticks PID: user + system time in clock ticks (fields 14 and 15 of
# /proc/PID/stat; the command name in field 2 has no spaces here).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

"$BUILD/packdesk" --db "$db" --scanner "evdev:$fifo" \
	--printer "file:$T/printer.bin" --station s1 >screen.txt 2>err.txt &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT

# The first writer: opening blocks until the station has the FIFO open.
exec 3>"$fifo"
"$feed" 10423 >&3
wait_for 'PRINTED  #10423' screen.txt
# Unplug: the writer closes.
exec 3>&-
wait_for 'Scanner disconnected' screen.txt
expect_grep "evdev:$fifo" screen.txt

# No writer for 2 s: the station looks for the scanner once a second (the
# FIFO opens at once, a real node would not) and must sleep in between,
# not spin on end of input.
t0=$(cpu_ticks $pid)
sleep 2
t1=$(cpu_ticks $pid)
echo "cpu ticks while waiting: $((t1 - t0))"
[ $((t1 - t0)) -le 20 ] || fail "station used $((t1 - t0)) ticks in 2 s idle"
wait_for 'Scanner connected' screen.txt

# Plugged back: a second scan, typed with Shift (#).
exec 3>"$fifo"
"$feed" '#10424' >&3
wait_for 'PRINTED  #10424' screen.txt

# A device scanner never ends the station: it is still running. Stopped
# while the scanner is still plugged (the writer open).
kill -0 $pid || fail "the station ended by itself"
kill $pid
wait $pid || true
exec 3>&-
trap - EXIT
cat screen.txt

packctl --db "$db" events --format jsonl >events.jsonl
jq -r '[.type, (.order // "-")] | join(" ")' events.jsonl >types.txt
cat >expected.txt <<EXP
order_scanned #10423
slip_printed #10423
scanner_lost -
scanner_found -
order_scanned #10424
slip_printed #10424
EXP
diff expected.txt types.txt || fail "event sequence"
expect_eq "scanner named" "evdev:$fifo" \
	"$(jq -r 'select(.type == "order_scanned") | .detail.scanner' events.jsonl | sort -u)"
expect_eq "lost names the scanner" "evdev:$fifo" \
	"$(jq -r 'select(.type == "scanner_lost") | .detail.scanner' events.jsonl)"
expect_eq "slips" 2 "$(od -An -v -tx1 printer.bin | tr -s ' \n' '  ' | grep -o '1d 56 42 00' | wc -l)"
[ ! -s err.txt ] || { cat err.txt; fail "stderr"; }

# Configuration errors are refused at start, before any device is opened.
rc=0; "$BUILD/packdesk" --db "$db" --scanner "evdev:$fifo?layout=xx" \
	--printer "file:$T/p2.bin" </dev/null 2>err2.txt || rc=$?
expect_eq "bad layout" 1 "$rc"
expect_grep 'unknown layout "xx" (use us, de, fr)' err2.txt

# The open-and-grab path on a character device, with umockdev: a
# PTY-backed /dev/input/event5 (13:69) replaying a recorded scan. umockdev
# accepts EVIOCGRAB (not exclusively, so a refused grab is not tested).
if command -v umockdev-run >/dev/null; then
	db2=$T/t2.db
	packctl --db "$db2" import "$SRC/assets/demo/orders.csv" >/dev/null
	rc=0
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
		timeout -s TERM 3 umockdev-run \
		-d "$SRC/tests/data/evdev/scanner.umockdev" \
		-e "/dev/input/event5=$SRC/tests/data/evdev/scan-10423-us.events" \
		-- "$BUILD/packdesk" --db "$db2" --scanner evdev:/dev/input/event5 \
		--printer "file:$T/p3.bin" --station s1 >screen3.txt 2>err3.txt ||
		rc=$?
	cat screen3.txt err3.txt
	expect_eq "ended by the test" 124 "$rc"
	expect_grep 'PRINTED  #10423' screen3.txt
	if grep -q SCANNER screen3.txt; then fail "the device was lost"; fi
	expect_eq "umockdev events" "order_scanned slip_printed" \
		"$(packctl --db "$db2" events --format jsonl | jq -r .type | paste -sd' ')"
else
	echo "SKIP umockdev part: umockdev-run not installed"
fi
