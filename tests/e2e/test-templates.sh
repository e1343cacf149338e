# Slip templates: `packctl template check`, a shop's own template in
# template_dir, zh-TW and id slips chosen by the Shipping Country, and every
# code on the demo slip decoding to the URL it should.
. "$SRC/tests/e2e/lib.sh"
db=$T/t.db
packctl --db "$db" import "$SRC/assets/demo/orders.csv" >/dev/null
packctl --db "$db" products import "$SRC/assets/demo/products.csv" >/dev/null

# check: the shipped templates are fine, a broken one lists every error.
packctl template check "$SRC/labels/templates/slip.tmpl" \
	"$SRC/labels/templates/label-4x6.tmpl" >out.txt
expect_eq "check ok" "$SRC/labels/templates/slip.tmpl: ok
$SRC/labels/templates/label-4x6.tmpl: ok" "$(cat out.txt)"
cat >bad.tmpl <<'TMPL'
@center
Order {{Name}} for {{Shiping Name}}
@colums 50 50
{{#if csat_url}}
  @qr {{url csat_url}}
{{#each lines}}
@columns 70 40>
{{t returns.nope}}
{{/if}}
TMPL
rc=0; packctl template check bad.tmpl >out.txt || rc=$?
expect_eq "check exit" 1 "$rc"
cat >want.txt <<'EXP'
bad.tmpl:2:20: unknown placeholder "Shiping Name"
bad.tmpl:3:1: unknown directive "@colums"
bad.tmpl:7:10: @columns widths add up to 110%, more than 100%
bad.tmpl:8:1: unknown locale key "returns.nope"
bad.tmpl:9:1: {{/if}} closes {{#each}} opened at 6:1
bad.tmpl:6:1: unclosed {{#each lines}}
bad.tmpl:4:1: unclosed {{#if}}
EXP
diff want.txt out.txt || fail "check errors"
rc=0; packctl template check nowhere.tmpl >out.txt || rc=$?
expect_eq "missing file" 1 "$rc"
expect_grep 'nowhere.tmpl:0:0: nowhere.tmpl: No such file' out.txt

# A shop's template in template_dir wins over the installed one, and the
# preview shows the edit.
mkdir shop
sed 's/^{{t thanks.line}}$/&\nA FREE STICKER IS IN THE BOX/' \
	"$SRC/labels/templates/slip.tmpl" >shop/slip.tmpl
packctl --db "$db" preview 10423 -o before.png --escpos before.bin >/dev/null
if grep -q 'FREE STICKER' before.bin; then fail "sticker before the edit"; fi
printf '[station]\ntemplate_dir = %s/shop\n' "$T" >>test.conf
packctl --db "$db" preview 10423 -o after.png --escpos after.bin >/dev/null
grep -q 'A FREE STICKER IS IN THE BOX' after.bin || fail "edit not printed"
# A broken edit is refused with its error, not printed half right.
echo '@bogus' >>shop/slip.tmpl
rc=0; packctl --db "$db" preview 10423 -o x.png 2>err.txt || rc=$?
expect_eq "broken template" 1 "$rc"
expect_grep "template has 1 error: $T/shop/slip.tmpl:.*unknown directive \"@bogus\"" err.txt

# A station keeps printing with the last good template when the shop's
# edit is broken, and tells the packer.
sed 's/^{{t thanks.line}}$/&\nA FREE STICKER IS IN THE BOX/' \
	"$SRC/labels/templates/slip.tmpl" >shop/slip.tmpl
mkfifo st.in
"$BUILD/packdesk" --db "$db" --scanner stdin --printer "file:$T/st.bin" \
	<st.in >st.txt 2>&1 &
station=$!
exec 4>st.in
until_screen() {
	i=0
	until grep -q -- "$1" st.txt; do
		i=$((i + 1)); [ $i -lt 200 ] || { cat st.txt >&2; fail "no $1"; }
		sleep 0.05
	done
}
echo 10424 >&4
until_screen '^PRINTED  #10424'
echo '@bogus' >>shop/slip.tmpl
touch -d '+2 seconds' shop/slip.tmpl
echo 10427 >&4
until_screen '^PRINTED  #10427'
exec 4>&-
wait $station
expect_grep "^TEMPLATE .*slip.tmpl.*unknown directive \"@bogus\"" st.txt
expect_eq "slips with the last good template" 2 \
	"$(grep -a -c 'A FREE STICKER IS IN THE BOX' st.bin)"
rm -r shop

# The slip's language follows the Shipping Country: TW reads Traditional
# Chinese, ID Indonesian, the rest the shop's default (en).
{
	head -1 "$SRC/assets/demo/orders.csv"
	grep '^#10423,' "$SRC/assets/demo/orders.csv" |
		sed 's/#10423/#20001/; s/United States/Taiwan/g'
	grep '^#10423,' "$SRC/assets/demo/orders.csv" |
		sed 's/#10423/#20002/; s/United States,/ID,/g'
} >intl.csv
packctl --db "$db" import intl.csv >/dev/null
packctl --db "$db" template show 20001 >tw.txt
expect_grep '^出貨單$' tw.txt
expect_grep '^退貨與換貨$' tw.txt
expect_grep '可額外獲得 10% 購物金' tw.txt
expect_grep '訂單編號 #20001' tw.txt
packctl --db "$db" preview 20002 -o id.png --escpos id.bin >/dev/null
grep -q 'PENGEMBALIAN & PENUKARAN' id.bin || fail "no id returns title"
grep -q 'RINCIAN PESANAN' id.bin || fail "no id title"
packctl --db "$db" template show 20002 >id.txt
expect_grep 'kredit belanja ekstra 10%' id.txt
packctl --db "$db" template show 10423 >en.txt
expect_grep '^RETURNS & EXCHANGES$' en.txt
printf '[content]\nlocale = id\n' >>test.conf
packctl --db "$db" template show 10423 >def.txt
expect_grep '^RINCIAN PESANAN$' def.txt

# Every code on the demo slip scans to what it should, at both widths:
# the order number, the portal, the setup video, the returns portal with
# order and postcode, the survey, the recommended product, the community.
for paper in 80mm 58mm; do
	packctl --config "$SRC/assets/demo/packdesk.conf" --db "$db" \
		preview 10423 --paper $paper -o demo-$paper.png >/dev/null
	zbarimg -q --raw --nodbus demo-$paper.png | sort >got.txt
	sort >want.txt <<EXP
10423
https://harborpine.example/orders/10423?email=mei-ling%40example.com
https://harborpine.example/setup/kettle
https://harborpine.example/returns?o=10423&zip=97201
https://harborpine.example/feedback?o=10423
https://harborpine.example/p/HP-GRINDER-02?ref=10423
https://harborpine.example/community
EXP
	diff want.txt got.txt || fail "codes on the demo $paper slip"
done
# The recommendation is never a product already in the box.
packctl --config "$SRC/assets/demo/packdesk.conf" --db "$db" \
	template show 10424 >g.txt
if grep -q 'YOU MIGHT ALSO LIKE' g.txt; then fail "recommended the grinder"; fi

# A shop logo: a PNG next to the template, dithered to one bit and sent as
# a raster image at the top of the slip; the codes still scan.
mkdir logo
python3 - logo/logo.png <<'PY'
import struct, sys, zlib
w, h = 240, 80
rows = b''.join(b'\0' + bytes(min(255, (x * 255) // w) if (y // 10) % 2 else 255 - min(255, (x * 255) // w) for x in range(w)) for y in range(h))
def chunk(t, d):
    return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 0, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b'')
open(sys.argv[1], 'wb').write(png)
PY
{ printf '@center\n@logo logo.png 50%%\n'; cat "$SRC/labels/templates/slip.tmpl"; } >logo/slip.tmpl
printf '[station]\ntemplate_dir = %s/logo\n' "$T" >>test.conf
packctl --db "$db" preview 10423 -o logo.png --escpos logo.bin >/dev/null
od -An -v -tx1 logo.bin | tr -d '\n' | grep -q '1d 76 30 00 24 00 60 00' ||
	fail "no 288 x 96 raster logo (GS v 0, 36 bytes x 96 rows: 240 x 80 scaled to half the paper)"
zbarimg -q --raw --nodbus logo.png | grep -qx 10423 || fail "codes after the logo"
