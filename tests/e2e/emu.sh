# Starts printer-emu (a TM-T20III on a loopback port) for a test, with
# helpers to steer it. Sourced after lib.sh; sets $uri and $emu.
mkdir emu
mkfifo ctl
"$BUILD/tests/printer-emu" --out "$T/emu" --port-file "$T/port" \
	--control "$T/ctl" --lifetime 55 2>emu.err &
emu=$!
trap 'kill $emu 2>/dev/null || true' EXIT
i=0
while [ ! -s port ]; do
	i=$((i + 1)); [ $i -lt 200 ] || fail "printer-emu did not start"
	sleep 0.05
done
uri=socket://127.0.0.1:$(cat port)
job() { "$BUILD/tests/print-job" "$uri" "$@"; }
nctl=0
# ctl COMMAND: sends it and waits until the emulator has carried it out.
ctl() {
	nctl=$((nctl + 1))
	echo "$*" >ctl
	i=0
	while [ "$(cat emu/control.log 2>/dev/null | wc -l)" -lt $nctl ]; do
		i=$((i + 1)); [ $i -lt 200 ] || fail "emulator did not do: $*"
		sleep 0.02
	done
	expect_eq "control" "ok $*" "$(tail -1 emu/control.log)"
}
slips() { ls emu | grep -c '^slip-' || true; }
# expect_slips N: N slips recorded so far, listed in the log.
expect_slips() {
	expect_eq "slips" "$1" "$(slips)"
	expect_eq "log lines" "$1" "$(grep -c '^slip ' emu/log 2>/dev/null || echo 0)"
}
