# A Traditional Chinese order prints on both papers: on 80 mm (Epson
# TM-T20III, no Chinese font) the Chinese lines go as raster images, on
# 58 mm (a GB18030 clone) through FS & ... FS .; every code still scans.
. "$SRC/tests/e2e/lib.sh"
# Data files from the source tree (the test runs in a temporary directory).
export PACKDESK_PROFILES="$SRC/assets/profiles" PACKDESK_LOCALES="$SRC/assets/locales"
db=$T/t.db

# The demo order #10423 renamed: ship to 陳美玲, the cup as 保溫杯 500ml.
{
	head -n 1 "$SRC/assets/demo/orders.csv"
	grep '^#10423,' "$SRC/assets/demo/orders.csv" |
		sed -e 's/#10423/#20001/; s/5000010423/5000020001/' \
		    -e 's/Mei-Ling Chen/陳美玲/g' \
		    -e 's/Insulated Cup 500ml/保溫杯 500ml/'
} >orders.csv
grep -q '陳美玲' orders.csv || fail "test CSV not built"
packctl --db "$db" import orders.csv >/dev/null
packctl --db "$db" products import "$SRC/assets/demo/products.csv" >/dev/null

decode() { zbarimg -q --raw --nodbus "$1" | sort; }
hex() { od -An -tx1 -v "$1" | tr -d ' \n'; }
sort >want.txt <<EXP
20001
https://harborpine.example/setup/kettle
https://shop.example/returns?o=20001&zip=97201
EXP

for paper in 80mm 58mm; do
	packctl --db "$db" preview 20001 --paper $paper -o "slip-$paper.png" \
		--escpos "slip-$paper.bin" >/dev/null
	decode "slip-$paper.png" >got.txt
	# Every code of the order scans (the template may add more).
	while read -r code; do
		grep -qxF -- "$code" got.txt ||
			fail "$paper: \"$code\" does not scan (got: $(cat got.txt))"
	done <want.txt
done

# 80 mm: raster lines (GS v 0), no FS &, and no '?' for a Han character.
h=$(hex slip-80mm.bin)
case $h in *1d763000*) ;; *) fail "80mm: no GS v 0 raster line" ;; esac
case $h in *1c26*) fail "80mm: FS & sent to a printer without a Chinese font" ;; esac
case $h in *3f3f3f*) fail "80mm: characters printed as ???" ;; esac
# 58 mm: 陳美玲 and 保溫杯 in GB18030 between FS & and FS .
h=$(hex slip-58mm.bin)
case $h in *1c26ea90c3c0c1e11c2e*) ;; *) fail "58mm: no GB18030 陳美玲" ;; esac
case $h in *1c26b1a39cd8b1ad1c2e*) ;; *) fail "58mm: no GB18030 保溫杯" ;; esac
case $h in *3f3f3f*) fail "58mm: characters printed as ???" ;; esac
[ -s slip-80mm.png ] && [ -s slip-58mm.png ] || fail "no PNG"
# Keep the previews for a look: PACKDESK_KEEP=DIR.
if [ -n "${PACKDESK_KEEP:-}" ]; then cp slip-*.png "$PACKDESK_KEEP"/; fi
