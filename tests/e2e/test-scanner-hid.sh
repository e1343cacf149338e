# The hid: scanner source end to end: the real packdesk and libusb against
# an emulated HID scanner (umockdev, tests/helpers/usb-emu.c as --device
# scanner). As a keyboard wedge (boot keyboard 3/1/1) its 8-byte reports
# scan an order, with usbhid detached first so scans never reach the
# console; as a HID POS scanner (usage page 0x8C, found in its report
# descriptor) a symbol arrives with its AIM ID, in one report or split; a
# scanner unplugged is scanner_lost, found again when it returns, and
# scans again. The station is ended with SIGTERM.
. "$SRC/tests/e2e/lib.sh"
db=$T/t.db
packctl --db "$db" import "$SRC/assets/demo/orders.csv" >/dev/null

# station FACE URI: packdesk under the emulated scanner, fed from feed.txt.
station() {
	: >feed.txt
	: >screen.txt
	"$BUILD/tests/usb-emu" --device scanner -k "$1" -f feed.txt \
		-l log.txt -- "$BUILD/packdesk" --db "$db" --scanner "$2" \
		--printer "file:$T/paper.bin" --station s1 >screen.txt 2>&1 &
	station=$!
}
trap 'kill $station 2>/dev/null || true' EXIT
# stop: SIGTERM (passed on by the emulator) ends the station.
stop() {
	kill -TERM "$station"
	rc=0
	wait "$station" || rc=$?
	expect_eq "station stopped cleanly by SIGTERM" 0 "$rc"
}
# wait_screen N PATTERN: the N-th line matching PATTERN appears.
wait_screen() {
	i=0
	while [ "$(grep -c -- "$2" screen.txt || true)" -lt "$1" ]; do
		i=$((i + 1))
		[ $i -lt 200 ] || { cat screen.txt log.txt >&2; fail "screen never showed: $2"; }
		sleep 0.05
	done
}
# keys USAGE...: each key pressed, then released, as a wedge types.
keys() {
	for k; do
		printf '00 00 %s 00 00 00 00 00\n00 00 00 00 00 00 00 00\n' "$k"
	done >>feed.txt
}

# A keyboard wedge: "10423" and Enter (usages 1E 27 21 1F 20, 28), with a
# rollover error report in the middle that must change nothing.
station kbd hid:1209:0001
keys 1e 27 21
echo '00 00 01 01 01 01 01 01' >>feed.txt
keys 1f 20 28
wait_screen 1 '^PRINTED  #10423'
expect_grep '^usbhid detached$' log.txt
expect_grep '^SET_PROTOCOL 0$' log.txt
expect_grep '^SET_IDLE 0$' log.txt
expect_eq "detached before claimed" "usbhid detached
claimed" "$(grep -E '^(usbhid detached|claimed)$' log.txt | head -n 2)"

# Unplugged: lost once, though the station looks for it again meanwhile
# (every SCANNER_RETRY_MS); plugged back in: found, and it scans.
echo vanish >>feed.txt
wait_screen 1 '^SCANNER  Scanner disconnected: hid:1209:0001 (the scanner was unplugged: LIBUSB_ERROR_NO_DEVICE)'
sleep 1.2
echo return >>feed.txt
wait_screen 1 '^SCANNER  Scanner connected: hid:1209:0001$'
keys 1e 27 21 1f 24 28
wait_screen 1 '^PRINTED  #10427'
expect_eq "lost once" 1 "$(grep -c 'Scanner disconnected' screen.txt)"
stop

# HID POS: the face is found from the report descriptor (no boot protocol
# requested); the AIM ID ]C0 travels with the symbol, and a symbol split
# over two reports is one scan.
station pos hid:1209:0001
echo 'pos ]C0 10424' >>feed.txt
wait_screen 1 '^PRINTED  #10424'
printf 'pos+ ]C0 104\npos ]C0 28\n' >>feed.txt
wait_screen 1 '^PRINTED  #10428'
stop
expect_grep '^GET_DESCRIPTOR report$' log.txt
! grep -q '^SET_PROTOCOL' log.txt || fail "boot protocol asked of a HID POS scanner"

# ?mode=pos names the face without asking the descriptor; another VID:PID
# is never found, and the station says why.
station pos 'hid:1209:0001?mode=pos'
echo 'pos ]E0 10423' >>feed.txt
wait_screen 1 '^SHIPPED  #10423 was already packed'
stop
! grep -q '^GET_DESCRIPTOR report$' log.txt || fail "mode=pos read the descriptor"
station kbd hid:1209:0002
wait_screen 1 '^SCANNER  Scanner disconnected: hid:1209:0002 (hid:1209:0002: no USB device 1209:0002 is connected)'
stop

# A malformed target is refused before anything starts.
rc=0
packdesk --db "$db" --scanner hid:1209 --printer "file:$T/paper.bin" \
	>out.txt 2>&1 || rc=$?
expect_eq "malformed target exit status" 1 "$rc"
expect_grep 'hid:1209: expected hid:VID:PID\[:SERIAL\]\[?mode=kbd|pos\]' out.txt

# The events: scans name their scanner, HID POS scans their symbology.
packctl --db "$db" events >events.jsonl
jq -r '[.type, .order // "-", .detail.symbology // "-"] | join(" ")' \
	events.jsonl | grep -v '^scanner_lost - -$' >got.txt || true
cat >want.txt <<EXP
order_scanned #10423 -
slip_printed #10423 -
scanner_found - -
order_scanned #10427 -
slip_printed #10427 -
order_scanned #10424 ]C0
slip_printed #10424 -
order_scanned #10428 ]C0
slip_printed #10428 -
order_scanned #10423 ]E0
order_already_shipped #10423 -
EXP
diff want.txt got.txt || fail "events"
expect_eq "scanner_lost events" 2 \
	"$(jq -r 'select(.type == "scanner_lost") | .detail.reason' events.jsonl | grep -c .)"
