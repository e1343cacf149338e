# The virtual label printers end to end: hand-written ZPL and TSPL jobs
# rendered by label2png with the real profiles, read back with zbarimg,
# which must decode exactly the URL and order number that were sent.
. "$SRC/tests/e2e/lib.sh"
label2png() { "$BUILD/tests/label2png" "$@"; }
decode() { zbarimg -q --raw --nodbus "$1" | sort; }
zebra=$SRC/assets/profiles/zebra-zd421.ini
tsc=$SRC/assets/profiles/tsc-te210.ini

url='https://shop.example/returns?o=10423&zip=211%2034'
printf '%s\n' 10423 "$url" | sort >want.txt

# ZPL as the encoder writes it: the URL's '%' is data, '^' and '~' would
# be commands, so the text field goes through ^FH.
{
	printf '^XA^CI28^PW812^LL1218^LH0,0\r\n'
	printf '^FO40,40^A0N,48,28^FH_^FDOrder _2310423^FS\r\n'
	printf '^FO40,140^BQN,2,6^FDQA,%s^FS\r\n' "$url"
	printf '^FO40,600^BY3^BCN,120,Y,N,N^FD10423^FS\r\n'
	printf '^FO40,900^GB400,4,4^FS\r\n^PQ1^XZ\r\n'
} >job.zpl
label2png --profile "$zebra" job.zpl zpl.png
set -- $(od -An -tu1 -j16 -N8 zpl.png)
expect_eq "ZPL PNG width" 812 $(($1 * 16777216 + $2 * 65536 + $3 * 256 + $4))
expect_eq "ZPL PNG height" 1218 $(($5 * 16777216 + $6 * 65536 + $7 * 256 + $8))
decode zpl.png >got.txt
diff want.txt got.txt || fail "codes on the ZPL label"

# TSPL, CR LF lines.
crlf() { printf '%s\r\n' "$@"; }
{
	crlf 'SIZE 101.6 mm,152.4 mm' 'GAP 3 mm,0 mm' 'DIRECTION 1' 'CLS'
	crlf 'TEXT 40,40,"3",0,2,2,"Order \["]10423\["]"'
	crlf "QRCODE 40,140,M,6,A,0,M2,\"$url\""
	crlf 'BARCODE 40,600,"128",120,1,0,3,6,"10423"'
	crlf 'BAR 40,900,400,4' 'PRINT 1,1'
} >job.tspl
label2png --profile "$tsc" job.tspl tspl.png
decode tspl.png >got.txt
diff want.txt got.txt || fail "codes on the TSPL label"

# A QR code alone at module 8 (a field with nothing else around it).
printf '^XA^FO0,0^BQN,2,8^FDQA,PD-10423^FS^XZ' >qr.zpl
label2png --profile "$zebra" qr.zpl qr.png
expect_eq "QR alone" PD-10423 "$(decode qr.png)"

# BITMAP is inverted (a 0 bit prints black) and binary (the bytes include
# CR and LF): probe the dots of the PNG, decoded with Python's zlib alone.
{
	printf 'CLS\r\nBITMAP 100,100,2,2,0,'
	printf '\000\377\377\000'
	printf '\r\nBITMAP 300,100,2,1,0,\r\n\r\n'
	printf 'PRINT 1\r\n'
} >inv.tspl
label2png --profile "$tsc" inv.tspl inv.png
# The PNG rows 100 and 101, dots 100-115: black-white, then white-black.
python3 - inv.png <<'PY' || fail "inverted BITMAP"
import sys, zlib, struct
data = open(sys.argv[1], 'rb').read()
pos, idat, w = 8, b'', 0
while pos < len(data):
    n, = struct.unpack('>I', data[pos:pos + 4]); kind = data[pos + 4:pos + 8]
    body = data[pos + 8:pos + 8 + n]; pos += 12 + n
    if kind == b'IHDR': w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
    if kind == b'IDAT': idat += body
assert depth == 1 and ctype == 0, (depth, ctype)
raw, stride = zlib.decompress(idat), (w + 7) // 8 + 1
rows, prev = [], bytearray(stride - 1)
for y in range(102):
    f, line = raw[y * stride], bytearray(raw[y * stride + 1:(y + 1) * stride])
    for i in range(len(line)):
        a = line[i - 1] if i else 0; b = prev[i]; c = prev[i - 1] if i else 0
        p = [0, a, b, (a + b) // 2, a + b - c][f] if f < 4 else 0
        if f == 4:
            pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
            p = a if pa <= pb and pa <= pc else b if pb <= pc else c
        line[i] = (line[i] + p) & 255
    rows.append(line); prev = line
black = lambda x, y: not (rows[y][x // 8] >> (7 - x % 8)) & 1  # 0 = black
want = {(100, 100): 1, (107, 100): 1, (108, 100): 0, (115, 100): 0,
        (100, 101): 0, (108, 101): 1, (99, 100): 0, (116, 101): 0,
        # 0x0D 0x0A: dots 0-3, 6, 8-11, 13, 15 black
        (300, 100): 1, (304, 100): 0, (306, 100): 1, (307, 100): 0,
        (308, 100): 1, (312, 100): 0, (313, 100): 1, (315, 100): 1}
bad = [k for k, v in want.items() if black(*k) != v]
sys.exit(1 if bad else 0)
PY

# A truncated job is an error and leaves no PNG.
printf '^XA^FO10,10^FDcut' >cut.zpl
rc=0; label2png --profile "$zebra" cut.zpl cut.png 2>err.txt || rc=$?
expect_eq "truncated ZPL exit status" 1 "$rc"
expect_grep 'without ^XZ' err.txt
[ ! -e cut.png ] || fail "PNG written for a truncated job"
printf 'CLS\r\nBITMAP 0,0,10,10,0,abc' >cut.tspl
rc=0; label2png --profile "$tsc" cut.tspl cut.png 2>err.txt || rc=$?
expect_eq "truncated TSPL exit status" 1 "$rc"
expect_grep 'BITMAP' err.txt

# Bad usage.
rc=0; label2png job.zpl x.png 2>/dev/null || rc=$?
expect_eq "usage exit status" 2 "$rc"
