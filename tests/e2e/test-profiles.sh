# The same order on every shipped printer profile: receipts (ESC/POS, 80 and
# 58 mm), a Zebra ZPL label and a TSC TSPL label, each drawn by the virtual
# printer from the very bytes the printer would get, and every code on it
# decoded with zbarimg: the order number, the setup video, the returns URL
# (order and postcode filled in) and the feedback URL.
. "$SRC/tests/e2e/lib.sh"
db=$T/t.db
packctl --db "$db" import "$SRC/assets/demo/orders.csv" >/dev/null
packctl --db "$db" products import "$SRC/assets/demo/products.csv" >/dev/null
export PACKDESK_PROFILES="$SRC/assets/profiles"

packctl profiles >profiles.txt
expect_eq "profiles" "epson-tm-t20iii epson-tm-t88vi generic-58mm tsc-te210 zebra-zd421 zebra-zd421-2x1" \
	"$(cut -d' ' -f1 profiles.txt | paste -sd' ')"
packctl profiles --json | jq -e 'length == 6' >/dev/null

sort >want.txt <<EXP
10423
https://harborpine.example/setup/kettle
https://shop.example/returns?o=10423&zip=97201
https://shop.example/csat?o=10423
EXP
for p in $(cut -d' ' -f1 profiles.txt | grep -v 2x1); do
	packctl --db "$db" preview 10423 --profile "$p" -o "$p.png" \
		--escpos "$p.bin" >/dev/null || fail "preview on $p"
	zbarimg -q --raw --nodbus "$p.png" | sort >"$p.codes"
	diff want.txt "$p.codes" || fail "codes on the $p slip"
done
# Each printer got its own language.
grep -q '^\^XA' zebra-zd421.bin || fail "no ZPL for the Zebra"
grep -q '\^BQN,2,' zebra-zd421.bin || fail "no native QR in the ZPL"
grep -q '^SIZE 101.6 mm,152.4 mm' tsc-te210.bin || fail "no TSPL for the TSC"
grep -q 'QRCODE .*,M2,' tsc-te210.bin || fail "TSPL QR is not model 2"
head -c 2 epson-tm-t20iii.bin | od -An -tx1 | grep -q '1b 40' || fail "no ESC @"
png_size() { # the width x height of a PNG, from its IHDR chunk
	set -- $(od -An -tu1 -j16 -N8 "$1")
	echo "$(($1 << 24 | $2 << 16 | $3 << 8 | $4))x$(($5 << 24 | $6 << 16 | $7 << 8 | $8))"
}
# A label is 4x6 in at 203 dpi; what does not fit one label continues on
# the next (16 rows of tear line between labels in the preview).
size=$(png_size zebra-zd421.png)
expect_eq "label width" 812 "${size%x*}"
expect_eq "whole labels" 0 "$(( (${size#*x} + 16) % (1218 + 16) ))"

# A 2x1 in label carries what fits: the ship-to name and the order's
# barcode, on one label.
packctl --db "$db" preview 10423 --profile zebra-zd421-2x1 -o small.png \
	--escpos small.zpl >/dev/null
expect_eq "2x1 codes" 10423 "$(zbarimg -q --raw --nodbus small.png)"
expect_eq "2x1 size" "406x203" "$(png_size small.png)"
expect_eq "2x1 labels" 1 "$(grep -c '^\^XA' small.zpl)"
