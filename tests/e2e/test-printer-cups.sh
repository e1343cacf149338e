# The cups:QUEUE transport against a real, private cupsd: raw jobs arrive
# byte for byte on a file: device and on a socket:// device, a stopped,
# rejecting, missing or dead queue is a fault (never success), discovery
# lists the queues, and CUPS_SERVER is honoured without hanging on a dead
# or wedged server.
. "$SRC/tests/e2e/lib.sh"
. "$SRC/tests/e2e/cupsd.sh"

for h in cups-print tcp-sink; do
	[ -x "$BUILD/tests/$h" ] || fail "missing $BUILD/tests/$h (make $BUILD/tests/$h)"
done
cups_print() { "$BUILD/tests/cups-print" "$@"; }

sinks=""
cleanup() {
	for pid in $sinks; do kill "$pid" 2>/dev/null || true; done
	cupsd_stop
}
# start_sink NAME: a recording printer port; sets sink_port, sink_pid.
start_sink() {
	"$BUILD/tests/tcp-sink" "$1.port" "$1.bin" 50 &
	sink_pid=$!
	sinks="$sinks $sink_pid"
	i=0
	while [ ! -s "$1.port" ]; do
		[ $i -lt 50 ] || fail "tcp-sink $1 did not start"
		sleep 0.1; i=$((i + 1))
	done
	sink_port=$(cat "$1.port")
}
# wait_size FILE BYTES: the sink writes what it reads a moment later.
wait_size() {
	i=0
	while [ "$(wc -c <"$1")" -lt "$2" ] && [ $i -lt 30 ]; do
		sleep 0.1; i=$((i + 1))
	done
}
# run_timed OUT CMD...: exit status in rc, seconds taken in secs.
run_timed() {
	out=$1; shift
	t0=$(date +%s); rc=0
	"$@" >"$out" 2>&1 || rc=$?
	secs=$(($(date +%s) - t0))
}
no_jobs_left() { # QUEUE: a failed job must not print later
	lpstat -h "$CUPSD_HOST" -o "$1" >jobs.txt 2>&1 || true
	[ ! -s jobs.txt ] || { cat jobs.txt >&2; fail "jobs left on $1"; }
}

cupsd_start
trap 'cleanup' EXIT

# The job: a real slip, then every byte value (NUL, ESC, GS, 0xff ...), so
# that any filtering, text conversion or truncation shows.
cp "$SRC/tests/data/golden/slip-80mm.bin" job.bin
i=0
while [ $i -lt 256 ]; do
	printf "\\$(printf %o $i)"
	i=$((i + 1))
done >>job.bin
size=$(wc -c <job.bin)

# 1. file: device — the bytes in the file are the job's bytes.
cupsd_file_queue slipfile "$T/out.bin"
cups_print print cups:slipfile job.bin >print.out 2>&1 ||
	{ cat print.out >&2; cupsd_log >&2; fail "print to a file: queue"; }
expect_grep '^state=ready' print.out
expect_grep '^output=cups:slipfile job [0-9][0-9]*$' print.out
cmp job.bin out.bin || fail "file: queue: out.bin differs from the job"

# 2. socket:// device — what reaches the printer's port is the job.
start_sink net
cupsd_raw_queue slipnet "socket://127.0.0.1:$sink_port"
lpadmin -h "$CUPSD_HOST" -p slipnet -D 'Bench 1 slip printer'
cups_print print cups:slipnet job.bin >print.out 2>&1 ||
	{ cat print.out >&2; cupsd_log >&2; fail "print to a socket:// queue"; }
expect_grep '^output=cups:slipnet job [0-9][0-9]*$' print.out
wait_size net.bin "$size"
cmp job.bin net.bin || fail "socket:// queue: the bytes that arrived differ"
cups_print describe cups:slipnet >describe.out
expect_grep "CUPS queue slipnet on $CUPSD_HOST, device socket://127.0.0.1:$sink_port, idle" describe.out

# 3. A stopped queue is a fault, before anything is queued: with the
# status check (print) and without it (job).
cupsdisable -h "$CUPSD_HOST" slipnet
rc=0; cups_print status cups:slipnet >status.out 2>&1 || rc=$?
expect_eq "status of a stopped queue: exit" 1 "$rc"
expect_grep '^state=offline' status.out
rc=0; cups_print print cups:slipnet job.bin >print.out 2>&1 || rc=$?
expect_eq "print to a stopped queue: exit" 1 "$rc"
expect_grep '^state=offline' print.out
expect_grep 'Printer offline' print.out
rc=0; cups_print job cups:slipnet job.bin >job.out 2>&1 || rc=$?
expect_eq "job on a stopped queue: exit" 1 "$rc"
expect_grep 'error: cups:slipnet: queue stopped (paused)' job.out
no_jobs_left slipnet
expect_eq "bytes sent while stopped" "$size" "$(wc -c <net.bin)"
cupsenable -h "$CUPSD_HOST" slipnet

# A queue that rejects jobs is a fault too.
cupsreject -h "$CUPSD_HOST" slipnet
rc=0; cups_print print cups:slipnet job.bin >print.out 2>&1 || rc=$?
expect_eq "print to a rejecting queue: exit" 1 "$rc"
expect_grep '^state=offline' print.out
rc=0; cups_print job cups:slipnet job.bin >job.out 2>&1 || rc=$?
expect_eq "job on a rejecting queue: exit" 1 "$rc"
expect_grep 'not accepting jobs' job.out
cupsaccept -h "$CUPSD_HOST" slipnet

# 4. No such queue: a clear error, the printer not responding.
rc=0; cups_print print cups:nosuch job.bin >print.out 2>&1 || rc=$?
expect_eq "print to a missing queue: exit" 1 "$rc"
expect_grep '^state=not_responding' print.out
expect_grep 'cups:nosuch: no such CUPS queue' print.out
rc=0; cups_print print 'cups:bad name' job.bin >print.out 2>&1 || rc=$?
expect_eq "bad queue name: exit" 1 "$rc"
expect_grep 'expected cups:QUEUE' print.out

# A dead device: the backend fails and, whatever the queue's error policy
# (Debian's default is retry-job, upstream's stop-printer), the job comes
# back as a failure at once with CUPS's reason, and does not stay queued
# to print later.
start_sink gone
kill "$sink_pid"; wait "$sink_pid" 2>/dev/null || true
dead=$sink_port
for policy in retry-job stop-printer abort-job; do
	q=dead-$policy
	cupsd_raw_queue $q "socket://127.0.0.1:$dead"
	lpadmin -h "$CUPSD_HOST" -p $q -o printer-error-policy=$policy
	run_timed print.out cups_print print cups:$q job.bin
	[ "$rc" -eq 1 ] || { cat print.out >&2; cupsd_log >&2; fail "$policy: print to a dead device: exit $rc"; }
	[ "$secs" -le 8 ] || { cat print.out >&2; fail "$policy: dead device took $secs s"; }
	expect_grep "error: cups:$q: job [0-9]* .*127.0.0.1:$dead: connect: Connection refused" print.out
	no_jobs_left $q
done
# packctl print-test through CUPS: the test page arrives, the command
# reports success; packctl printers lists the queue as JSON.
: >out.bin
CUPS_SERVER=$CUPSD_HOST "$BUILD/packctl" print-test --printer cups:slipfile >pt.out ||
	{ cat pt.out >&2; fail "packctl print-test via CUPS"; }
expect_grep 'printed a test page on cups:slipfile' pt.out
grep -q 'PACKDESK TEST PAGE' out.bin || fail "the test page did not arrive"
CUPS_SERVER=$CUPSD_HOST "$BUILD/packctl" printers --json >printers.json 2>/dev/null
expect_eq "packctl printers" "ready" \
	"$(jq -r '.[] | select(.uri == "cups:slipfile") | .state' printers.json)"

# 5. Discovery: every queue, with its device URI and state.
cups_print discover >found.txt 2>&1 || { cat found.txt >&2; fail "discover"; }
expect_grep "^cups:slipfile	ready	slipfile	file://$T/out.bin	idle (none)$" found.txt
expect_grep "^cups:slipnet	ready	Bench 1 slip printer	socket://127.0.0.1:" found.txt
expect_grep "^cups:dead-stop-printer	offline	dead-stop-printer	socket://127.0.0.1:$dead	stopped" found.txt
expect_grep "^cups:dead-retry-job	ready	" found.txt
expect_eq "queues found" 5 "$(wc -l <found.txt)"

# CUPS_SERVER is honoured: a closed port is a clear error at once, and a
# server that accepts but never answers (the sink) fails within the
# timeouts instead of hanging.
start_sink deadport
kill "$sink_pid"; wait "$sink_pid" 2>/dev/null || true
closed=$sink_port
run_timed print.out env CUPS_SERVER=127.0.0.1:$closed "$BUILD/tests/cups-print" print cups:slipnet job.bin
expect_eq "print via a closed port: exit" 1 "$rc"
expect_grep "cannot reach the CUPS server at 127.0.0.1:$closed" print.out
[ "$secs" -le 5 ] || fail "closed port took $secs s"
run_timed found.out env CUPS_SERVER=127.0.0.1:$closed "$BUILD/tests/cups-print" discover
expect_eq "discover via a closed port: exit" 1 "$rc"
expect_grep "cannot reach the CUPS server at 127.0.0.1:$closed" found.out
start_sink wedged
run_timed print.out env CUPS_SERVER=127.0.0.1:$sink_port "$BUILD/tests/cups-print" print cups:slipnet job.bin
expect_eq "print via a wedged server: exit" 1 "$rc"
expect_grep '^state=not_responding' print.out
[ "$secs" -le 5 ] || fail "wedged server took $secs s"
run_timed found.out env CUPS_SERVER=127.0.0.1:$sink_port "$BUILD/tests/cups-print" discover
expect_eq "discover via a wedged server: exit" 1 "$rc"
[ "$secs" -le 8 ] || fail "wedged server (discover) took $secs s"

# The healthy queue still prints after all that.
cups_print print cups:slipfile job.bin >print.out 2>&1 ||
	{ cat print.out >&2; fail "print again"; }
cmp job.bin out.bin || fail "file: queue, second job"
