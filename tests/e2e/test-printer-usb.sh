# The usb: transport end to end: the real printer core and libusb against
# an emulated Epson TM-T20III (umockdev, tests/helpers/usb-emu.c as
# --device printer).
# The job arrives exactly once; paper out stops it before a byte is sent;
# a printer unplugged mid-job is a fault, not a crash, and is reopened when
# it returns; discovery names the printer and its serial.
. "$SRC/tests/e2e/lib.sh"
emu() { "$BUILD/tests/usb-emu" --device printer "$@"; }
# The emulator runs the program itself, so a path and not a function.
usb_print=$BUILD/tests/usb-print

# A 10 KB slip (three 4 KB bulk transfers) with no DLE EOT inside.
{
	printf '\033@\033a\001Order #10423\n\033a\000'
	i=0
	while [ $i -lt 400 ]; do
		printf 'Line %03d of a long slip.....\n' $i
		i=$((i + 1))
	done
	printf '\035VB\000'
} >job.bin
head -c 4096 job.bin >first-chunk.bin

# All well: the bytes printed are the job, once; usblp was detached for
# the job and given back afterwards; the 1284 ID names the printer.
emu -p paper.bin -l log.txt -- "$usb_print" usb:04b8:0e28 job.bin >out.txt
expect_eq "state" "ready printed" "$(sed -n 1p out.txt)"
cmp paper.bin job.bin || fail "printed bytes differ from the job"
expect_grep '^device: USB 04b8:0e28 1-1, EPSON TM-T20III$' out.txt
expect_grep '^usblp detached$' log.txt
expect_grep '^GET_DEVICE_ID config 0 interface 0 alt 0$' log.txt
expect_grep '^DLE EOT 4 -> 12$' log.txt
expect_eq "usblp given back" "usblp attached" "$(tail -n 1 log.txt)"

# A serial number picks the printer; a wrong one finds none.
emu -s TM20-0042 -p paper.bin -- \
	"$usb_print" usb:04b8:0e28:TM20-0042 job.bin >out.txt
expect_eq "state with serial" "ready printed" "$(sed -n 1p out.txt)"
cmp paper.bin job.bin || fail "printed bytes differ (serial)"
rc=0
emu -s TM20-0042 -p paper.bin -- "$usb_print" usb:04b8:0e28:OTHER job.bin \
	>out.txt || rc=$?
expect_eq "wrong serial exit status" 1 "$rc"
expect_grep '^not_responding .*no USB device 04b8:0e28 with serial OTHER' \
	out.txt
[ ! -s paper.bin ] || fail "printed on a printer with another serial"
rc=0
emu -p paper.bin -- "$usb_print" usb:1234:5678 job.bin >out.txt || rc=$?
expect_eq "absent printer exit status" 1 "$rc"
expect_grep '^not_responding .*no USB device 1234:5678 is connected' out.txt

# A clone with a vendor-class (0xff) interface prints when named, but
# discovery lists printer-class devices only.
emu -V -p paper.bin -- "$usb_print" usb:04b8:0e28 job.bin >out.txt
expect_eq "vendor class" "ready printed" "$(sed -n 1p out.txt)"
cmp paper.bin job.bin || fail "printed bytes differ (vendor class)"
emu -V -- "$usb_print" -D >found.txt
[ ! -s found.txt ] || fail "vendor-class device listed as a printer"

# Paper out (DLE EOT 4 says 0x72, DLE EOT 1 0x1A offline): nothing is
# sent and the job is not reported printed.
rc=0
emu -m paper-out -p paper.bin -l log.txt -- \
	"$usb_print" usb:04b8:0e28 job.bin >out.txt || rc=$?
expect_eq "paper out exit status" 1 "$rc"
expect_eq "paper out state" "paper_out" "$(sed -n '1s/ .*//p' out.txt)"
expect_grep '^DLE EOT 4 -> 72$' log.txt
[ ! -s paper.bin ] || fail "bytes sent to a printer out of paper"

# Unplugged after the first 4 KB: a fault (not_responding) with the cause,
# no crash, and only what went before the cable did is on paper.
rc=0
emu -m vanish -p paper.bin -- "$usb_print" usb:04b8:0e28 job.bin >out.txt ||
	rc=$?
expect_eq "vanish exit status" 1 "$rc"
expect_eq "vanish state" "not_responding" "$(sed -n '1s/ .*//p' out.txt)"
expect_grep 'vanished while writing (LIBUSB_ERROR_NO_DEVICE)' out.txt
cmp paper.bin first-chunk.bin || fail "paper after the printer vanished"

# Plugged back in 300 ms later: the next job reopens the printer and
# prints in full.
cat first-chunk.bin job.bin >want.bin
emu -m vanish-return -p paper.bin -- \
	"$usb_print" -n 2 -d 500 usb:04b8:0e28 job.bin >out.txt
expect_eq "first attempt" "not_responding" "$(sed -n '1s/ .*//p' out.txt)"
expect_eq "second attempt" "ready printed" "$(sed -n 2p out.txt)"
cmp paper.bin want.bin || fail "paper after the printer returned"

# Discovery: URI with serial, 1284 MFG MDL, bus path.
emu -s TM20-0042 -- "$usb_print" -D >found.txt
printf 'usb:04b8:0e28:TM20-0042\tEPSON TM-T20III\t1-1\tunknown\t\n' \
	>want.txt
diff want.txt found.txt || fail "discovery"

# A malformed target is refused at open, showing the expected form.
rc=0
"$usb_print" usb:4b8:e28 job.bin >out.txt 2>err.txt || rc=$?
expect_eq "malformed target exit status" 1 "$rc"
expect_grep 'usb:4b8:e28: expected usb:VID:PID\[:SERIAL\]' err.txt
