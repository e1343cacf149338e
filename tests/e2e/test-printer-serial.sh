# serial: (and lp:) through the kernel's real tty layer: pty-printer plays
# a TM-T20III on the master side of a pty, print-job prints through the
# slave with the transport's own termios, and the bytes that arrive are
# compared with the bytes sent.
. "$SRC/tests/e2e/lib.sh"
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null || true; done' EXIT
job() { "$BUILD/tests/print-job" "$@"; }
# start_pty NAME [OPTION...]: a new pty-printer; sets $dev to its slave.
start_pty() {
	name=$1; shift
	"$BUILD/tests/pty-printer" --link "$T/$name.link" --out "$T/$name.out" \
		--lifetime 50 "$@" 2>>"$T/pty.err" &
	pids="$pids $!"
	i=0
	while [ ! -s "$T/$name.link" ]; do
		i=$((i + 1)); [ $i -lt 200 ] || fail "pty-printer $name did not start"
		sleep 0.05
	done
	dev=$(cat "$T/$name.link")
}
# wait_file FILE: until it exists (pty-printer writes logs as it goes).
wait_file() {
	i=0
	while [ ! -s "$1" ]; do
		i=$((i + 1)); [ $i -lt 200 ] || fail "$1 never appeared"
		sleep 0.05
	done
}

# The job: a real slip, then every byte value but 10 (DLE, which a printer
# takes for a real-time command): raw mode must pass 0A, 0D, 03, 11, 13
# and 8-bit bytes unchanged.
cp "$SRC/tests/data/golden/slip-80mm.bin" job.bin
v=0
while [ $v -lt 256 ]; do
	[ $v -eq 16 ] || printf "\\$(printf %o $v)" >>job.bin
	v=$((v + 1))
done
expect_eq "job size" $(($(wc -c <"$SRC/tests/data/golden/slip-80mm.bin") + 255)) "$(wc -c <job.bin)"

# 19200 baud, no flow control: byte-exact, and describe says so.
start_pty plain
job --describe "serial:$dev?baud=19200&flow=none" job.bin >out.txt
expect_eq "plain" "describe: serial $dev at 19200 baud 8N1, flow none
printed" "$(cat out.txt)"
cmp job.bin plain.out || fail "bytes through the pty at 19200 8N1"

# XON/XOFF: the printer sends XOFF just before its answer to the first
# DLE EOT 4 and XON 400 ms later; not one byte of the job may arrive in
# between, and the job still arrives whole.
start_pty xoff --xoff-ms 400 --log "$T/xoff.log"
expect_eq "xonxoff" printed "$(job "serial:$dev?baud=115200&flow=xonxoff" job.bin)"
cmp job.bin xoff.out || fail "bytes with flow=xonxoff"
wait_file xoff.log
expect_eq "xoff honoured" "xoff 400 ms: 0 bytes" "$(cat xoff.log)"
# The same printer with flow=none: the XOFF is just a byte, and the job
# runs straight into the pause (so the check above can fail).
start_pty noxoff --xoff-ms 400 --log "$T/noxoff.log"
expect_eq "flow none" printed "$(job "serial:$dev?baud=115200&flow=none" job.bin)"
cmp job.bin noxoff.out || fail "bytes with flow=none and a stray XOFF"
wait_file noxoff.log
expect_eq "xoff ignored" "xoff 400 ms: $(wc -c <job.bin) bytes" "$(cat noxoff.log)"

# RTS/CTS and two stop bits are accepted (a pty keeps them; it has no
# wires to honour them), and the default speed is 9600.
start_pty hw
job --describe "serial:$dev?flow=rtscts&stop=2&bits=8&parity=n" job.bin >out.txt
expect_eq "rtscts" "describe: serial $dev at 9600 baud 8N2, flow rtscts
printed" "$(cat out.txt)"
cmp job.bin hw.out || fail "bytes with flow=rtscts"

# Paper out: the status before the job says so and nothing is sent.
start_pty empty --paper-out
rc=0; job "serial:$dev?baud=19200" job.bin >out.txt || rc=$?
expect_eq "paper out status" 1 "$rc"
expect_eq "paper out" "fault paper_out: before printing: Paper out - load a new roll" "$(cat out.txt)"
expect_eq "nothing printed" 0 "$(wc -c <empty.out)"

# Bad URIs fail at open, before the device is touched (it does not
# exist), naming every mistake at once.
rc=0; job "serial:/nonexistent?baud=12345" job.bin >out.txt 2>err.txt || rc=$?
expect_eq "bad baud status" 1 "$rc"
expect_eq "bad baud stdout" "" "$(cat out.txt)"
expect_grep 'baud=12345 is not a standard serial speed' err.txt
rc=0; job "serial:/nonexistent?baud=9600&foo=1" job.bin 2>err.txt || rc=$?
expect_eq "unknown key status" 1 "$rc"
expect_grep 'unknown parameter "foo"' err.txt
job "serial:/nonexistent?baud=12345&foo=1&flow=fast&baud=9600" job.bin 2>err.txt || true
for why in 'baud=12345 is not' 'unknown parameter "foo"' 'flow=fast: use none, rtscts or xonxoff' 'baud given twice'; do
	expect_grep "$why" err.txt
done
for bad in "serial:$dev?" "serial:?baud=9600" "serial:$dev?baud" "serial:$dev?baud=9600&&flow=none" "serial:$dev?parity=x" "serial:$dev?bits=9"; do
	rc=0; job "$bad" job.bin >/dev/null 2>err.txt || rc=$?
	expect_eq "$bad" 1 "$rc"
	expect_grep 'expected serial:DEVICE?baud=N' err.txt
done

# Settings the device silently refuses are caught by reading them back: a
# pty always runs 8N1, so 7E1 must not pass for working.
start_pty seven
rc=0; job "serial:$dev?bits=7&parity=e" job.bin >out.txt || rc=$?
expect_eq "7E1 status" 1 "$rc"
expect_grep "fault not_responding: $dev: the device does not take 7E1 framing" out.txt
expect_eq "nothing sent at 7E1" 0 "$(wc -c <seven.out)"
# Not a tty, and no device at all: faults that say why.
rc=0; job "serial:/dev/null" job.bin >out.txt || rc=$?
expect_eq "not a tty status" 1 "$rc"
expect_grep 'fault not_responding: /dev/null: not a serial device' out.txt
rc=0; job "serial:$T/no-such-tty" job.bin >out.txt || rc=$?
expect_eq "missing status" 1 "$rc"
expect_grep 'No such file or directory' out.txt

# lp: is the same fd mechanism opened O_RDWR without termios (a usblp
# node is no tty). On a raw pty it must move both ways: the DLE EOT
# answers come back, the job arrives exactly; LPIOC_GET_DEVICE_ID fails
# on a pty, so describe names only the device.
start_pty lp --raw
job --describe "lp:$dev" job.bin >out.txt
expect_eq "lp" "describe: usblp device $dev
printed" "$(cat out.txt)"
cmp job.bin lp.out || fail "bytes through lp:"
start_pty lpempty --raw --paper-out
rc=0; job "lp:$dev" job.bin >out.txt || rc=$?
expect_eq "lp paper out status" 1 "$rc"
expect_grep 'fault paper_out: before printing' out.txt

# The printers end cleanly (and, under ASan, say so in this log).
for p in $pids; do kill "$p"; done
for p in $pids; do wait "$p" || fail "pty-printer $p exited with $?"; done
pids=""
cat pty.err >&2
