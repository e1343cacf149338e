# socket:// against printer-emu, a TM-T20III on a loopback port: slips
# arrive exactly once and byte-exact; each fault the printer can report
# stops printing with the right state, and nothing is half-recorded.
. "$SRC/tests/e2e/lib.sh"
. "$SRC/tests/e2e/emu.sh"
slip=$SRC/tests/data/golden/slip-80mm.bin
slip58=$SRC/tests/data/golden/slip-58mm.bin

# A slip arrives once, exactly; the DLE EOT requests around it are not in
# it.
expect_eq "first" printed "$(job "$slip")"
expect_slips 1
cmp "$slip" emu/slip-0001.bin || fail "slip 1 bytes"
expect_eq "log" "slip 1 $(wc -c <"$slip")" "$(cat emu/log)"

# Paper out: refused before a byte is sent; after a new roll it prints,
# once.
ctl paper-out
rc=0; job "$slip" >out.txt || rc=$?
expect_eq "paper out status" 1 "$rc"
expect_eq "paper out" "fault paper_out: before printing: Paper out - load a new roll" "$(cat out.txt)"
expect_slips 1
ctl paper-in
expect_eq "after paper-in" printed "$(job "$slip")"
expect_slips 2
cmp "$slip" emu/slip-0002.bin || fail "slip 2 bytes"

# Near end still prints (the packer is warned elsewhere).
ctl near-end
expect_eq "near end" printed "$(job "$slip58")"
expect_slips 3
cmp "$slip58" emu/slip-0003.bin || fail "slip 3 bytes"
ctl paper-in

# Cover open, offline, cutter jam, unrecoverable: each its own state.
for f in "cover-open cover-close cover_open" "offline online offline" \
	"cutter-error cutter-clear cutter_error" \
	"unrecoverable recover unrecoverable_error"; do
	set -- $f
	ctl "$1"
	rc=0; job "$slip" >out.txt || rc=$?
	expect_eq "$1 status" 1 "$rc"
	expect_grep "^fault $3: before printing" out.txt
	ctl "$2"
done
expect_slips 3

# Stalled (reads nothing, answers nothing): not_responding within the
# 1 s DLE EOT timeout, nothing recorded; after resume it prints again.
ctl stall
start=$(date +%s)
rc=0; job "$slip" >out.txt || rc=$?
took=$(($(date +%s) - start))
expect_eq "stall status" 1 "$rc"
expect_grep '^fault not_responding: no answer to DLE EOT 1 within 1000 ms' out.txt
[ $took -le 3 ] || fail "stalled printer took $took s to notice"
ctl resume
expect_eq "after resume" printed "$(job "$slip")"
expect_slips 4

# The connection drops 100 bytes into the slip: a fault, nothing
# recorded; the retry prints it exactly once.
ctl drop-after 100
rc=0; job "$slip" >out.txt || rc=$?
expect_eq "drop status" 1 "$rc"
expect_grep '^fault not_responding' out.txt
expect_slips 4
expect_eq "retry" printed "$(job "$slip")"
expect_slips 5
cmp "$slip" emu/slip-0005.bin || fail "slip 5 bytes"

# Paper runs out 300 bytes into the slip: the job is sent whole but the
# status after it says paper out, and the torn slip is not recorded.
ctl paper-out-after 300
rc=0; job "$slip" >out.txt || rc=$?
expect_eq "paper-out-after status" 1 "$rc"
expect_eq "paper-out-after" "fault paper_out: after printing: Paper out - load a new roll" "$(cat out.txt)"
expect_slips 5
ctl paper-in
expect_eq "after reload" printed "$(job "$slip")"
expect_slips 6

# The slip parser: junk before ESC @ is not a slip; each cut form ends
# one (GS V 48, GS V 1, GS V 65 n); 1D 56 inside code-set-C barcode data
# (order "2986" packs to 1D 56) and inside raster data is not a cut; a
# DLE byte not followed by EOT is data.
printf 'junk\n' >two.bin
printf '\033@A\020B\035V0' >a.bin
printf '\033@\035kI\006{C\035\126\001\002\n\035v0\000\002\000\001\000\035\126\035V\001' >b.bin
printf '\033@C\035VA\005' >c.bin
cat a.bin b.bin c.bin >>two.bin
expect_eq "three slips" printed "$(job two.bin)"
expect_slips 9
cmp a.bin emu/slip-0007.bin || fail "slip ending GS V 48"
cmp b.bin emu/slip-0008.bin || fail "slip with 1D 56 in barcode and raster data"
cmp c.bin emu/slip-0009.bin || fail "slip ending GS V 65 n"

# A slip without its cut is never recorded.
printf '\033@no cut\n' >nocut.bin
expect_eq "no cut" printed "$(job nocut.bin)"
expect_slips 9

# Control errors are reported, and quit ends the emulator at once.
echo bogus >ctl
nctl=$((nctl + 1))
i=0
while [ "$(wc -l <emu/control.log)" -lt $nctl ]; do
	i=$((i + 1)); [ $i -lt 200 ] || fail "no answer to a bad command"
	sleep 0.02
done
expect_eq "bad command" "error bogus: unknown command" "$(tail -1 emu/control.log)"
ctl quit
rc=0; wait $emu || rc=$?
expect_eq "emulator exit" 0 "$rc"
cat emu.err >&2
