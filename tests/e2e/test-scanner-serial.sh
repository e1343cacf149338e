# A serial (CDC-ACM / RS-232) scanner on a real pty with termios: AIM
# symbology identifiers stripped and kept, scans back to back, unplugging
# and replugging without restarting the station, and a second scanner
# (stdin) feeding the same station.
. "$SRC/tests/e2e/lib.sh"
db=$T/t.db
packctl --db "$db" import "$SRC/assets/demo/orders.csv" >/dev/null

mkfifo ctl keys
"$BUILD/tests/pty-scanner" --link "$T/scanner" --control ctl --log sc.log --lifetime 50 &
ptys=$!
n=0
# sc COMMAND: the scanner does it before the test goes on.
sc() {
	n=$((n + 1))
	echo "$*" >ctl
	i=0
	while [ "$(grep -c '' sc.log)" -lt $((n + 1)) ]; do
		i=$((i + 1)); [ $i -lt 200 ] || fail "pty-scanner did not: $*"
		sleep 0.05
	done
	expect_eq "scanner" "ok $*" "$(tail -1 sc.log)"
}
i=0; while [ ! -L scanner ]; do i=$((i + 1)); [ $i -lt 100 ] || fail "no pty"; sleep 0.05; done

"$BUILD/packdesk" --db "$db" --scanner "serial:$T/scanner?baud=9600" --scanner stdin \
	--printer "file:$T/p.bin" --station s1 <keys >screen.txt 2>&1 &
station=$!
exec 3>keys
trap 'exec 3>&-; kill $station $ptys 2>/dev/null || true' EXIT
wait_screen() {
	i=0
	while [ "$(grep -c -- "$2" screen.txt || true)" -lt "$1" ]; do
		i=$((i + 1))
		[ $i -lt 200 ] || { cat screen.txt >&2; fail "screen never showed: $2"; }
		sleep 0.05
	done
}
wait_screen 1 '^READY'

sc send "]C010423"
wait_screen 1 '^PRINTED  #10423'
# Two scans in one burst are two scans.
sc raw 31303432340d31303432370d
wait_screen 1 '^PRINTED  #10424'
wait_screen 1 '^PRINTED  #10427'
# The other scanner works at the same time.
echo 10428 >&3
wait_screen 1 '^PRINTED  #10428'

sc unplug
wait_screen 1 '^SCANNER  Scanner disconnected: serial:'
sc plug
wait_screen 1 '^SCANNER  Scanner connected: serial:'
sc send "]E0099999"
wait_screen 1 '^UNKNOWN  no order "099999"'

kill $station
wait $station || true
packctl --db "$db" events >events.jsonl
jq -r '[.type, (.order // "-"), (.detail.symbology // "-"), (.detail.scanner // "-")] | join(" ")' \
	events.jsonl >got.txt
cat >want.txt <<EXP
order_scanned #10423 ]C0 serial:$T/scanner?baud=9600
slip_printed #10423 - -
order_scanned #10424 - serial:$T/scanner?baud=9600
slip_printed #10424 - -
order_scanned #10427 - serial:$T/scanner?baud=9600
slip_printed #10427 - -
order_scanned #10428 - stdin
slip_printed #10428 - -
scanner_lost - - serial:$T/scanner?baud=9600
scanner_found - - serial:$T/scanner?baud=9600
order_unknown - ]E0 serial:$T/scanner?baud=9600
EXP
diff want.txt got.txt || fail "events"

