# The virtual printer end to end: ESC/POS written byte by byte, rendered by
# escpos2png on 80 mm and 58 mm paper, and read back with zbarimg, which
# must decode exactly the URL and order numbers that were sent.
. "$SRC/tests/e2e/lib.sh"
escpos2png() { "$BUILD/tests/escpos2png" "$@"; }
decode() { zbarimg --raw -q --nodbus "$1" | sort; }

url='https://shop.example/returns?o=10423&zip=211%2034'

# Octal escapes only, never followed by a digit, so every printf agrees.
octal() { printf '\\%o' "$1"; }
qr() { # qr MODULE_DOTS DATA: model 2, ECC M, store, print
	n=$((${#2} + 3))
	printf '\035(k\004\000\061A\062\000'
	printf "\\035(k\\003\\000\\061C$(octal "$1")"
	printf '\035(k\003\000\061E\061'
	printf "\\035(k$(octal $((n % 256)))$(octal $((n / 256)))\\061P0"
	printf '%s' "$2"
	printf '\035(k\003\000\061Q0'
}
code128() { # code128 DATA (as GS k 73 sends it, with {A/{B/{C)
	printf "\\035kI$(octal ${#1})"
	printf '%s' "$1"
}

{
	printf '\033@\034.\033t\000\033a\001\035!\021\033E\001'
	printf 'Test Shop\n\035!\000\033E\000\033a\000'
	printf 'Order #10423\tTotal 97.00\n'
	printf 'A line long enough to wrap on the narrower 58 mm paper roll.\n'
	printf '\033J\040\033a\001'
	qr 6 "$url"
	printf '\033J\060'
	printf '\035h\120\035w\002\035H\002\035f\000'
	code128 '{B10423'
	printf '\n\033J\040\033a\000Thank you!\n\035VB\000'
} >slip.bin

for width in 576 384; do
	escpos2png --width $width slip.bin slip-$width.png
	set -- $(od -An -tu1 -j16 -N8 slip-$width.png)
	expect_eq "PNG width ($width)" $width $(($1 * 16777216 + $2 * 65536 + $3 * 256 + $4))
	decode slip-$width.png >got.txt
	printf '%s\n' 10423 "$url" | sort >want.txt
	diff want.txt got.txt || fail "codes on the $width-dot slip"
done
# Without --width the paper is 80 mm.
escpos2png slip.bin default.png
cmp -s default.png slip-576.png || fail "default width is not 576"

# Code set C (digit pairs as one byte each), a larger module, right aligned,
# HRI above and below; a second QR at module 3.
{
	printf '\033@\033a\002\035h\140\035w\003\035H\003'
	printf '\035kI\005{C\001\004\027\n\033J\060'
	qr 3 'PD-10423'
	printf '\033J\060'
} >setc.bin
escpos2png --width 384 setc.bin setc.png
decode setc.png >got.txt
printf '%s\n' 010423 PD-10423 | sort >want.txt
diff want.txt got.txt || fail "set C barcode and small QR"

# A job cut off inside a command is an error, and no PNG is left behind.
printf '\033@Hello\n\035(k\020\000\061P0abc' >cut.bin
rc=0; escpos2png cut.bin cut.png 2>err.txt || rc=$?
expect_eq "truncated job exit status" 1 "$rc"
expect_grep 'cut off' err.txt
[ ! -e cut.png ] || fail "PNG written for a truncated job"

# Bad usage.
rc=0; escpos2png --width 300 slip.bin x.png 2>/dev/null || rc=$?
expect_eq "bad width exit status" 2 "$rc"
rc=0; escpos2png no-such.bin x.png 2>err.txt || rc=$?
expect_eq "missing input exit status" 1 "$rc"
expect_grep 'no-such.bin' err.txt
