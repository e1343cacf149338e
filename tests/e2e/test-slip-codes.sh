# Every code on a slip scans: previews decoded with zbarimg must give exactly
# the order number and the catalog's setup-video, returns and feedback
# (content.csat_url in lib.sh's config) URLs.
. "$SRC/tests/e2e/lib.sh"
db=$T/t.db
packctl --db "$db" import "$SRC/assets/demo/orders.csv" >/dev/null
packctl --db "$db" products import "$SRC/assets/demo/products.csv" >/dev/null

decode() { zbarimg -q --raw --nodbus "$1" | sort; }

for paper in 80mm 58mm; do
	packctl --db "$db" preview 10423 --paper $paper -o "slip-$paper.png" >/dev/null
	decode "slip-$paper.png" >got.txt
	sort >want.txt <<EXP
10423
https://harborpine.example/setup/kettle
https://shop.example/returns?o=10423&zip=97201
https://shop.example/csat?o=10423
EXP
	diff want.txt got.txt || fail "codes on the $paper slip"
done

# Two products with videos, a postcode with a space (URL-encoded).
packctl --db "$db" preview '#10427' -o slip.png >/dev/null
decode slip.png >got.txt
sort >want.txt <<EXP
10427
https://harborpine.example/setup/dripper
https://harborpine.example/setup/kettle
https://shop.example/returns?o=10427&zip=211%2034
https://shop.example/csat?o=10427
EXP
diff want.txt got.txt || fail "codes on #10427"

# The station's preview printer: one PNG per slip, named after the order.
printf '10424\n' | packdesk --db "$db" --scanner stdin --printer "preview:$T/slips" >/dev/null
[ -f "$T/slips/10424.png" ] || fail "no preview PNG"
decode "$T/slips/10424.png" >got.txt
sort >want.txt <<EXP
10424
https://harborpine.example/setup/grinder
https://shop.example/returns?o=10424&zip=98101
https://shop.example/csat?o=10424
EXP
diff want.txt got.txt || fail "codes on the station's slip"

rc=0; packctl --db "$db" preview 55555 -o x.png 2>err.txt || rc=$?
expect_eq "unknown order" 1 "$rc"
expect_grep 'no order "55555"' err.txt
