# Verify mode end to end: the packer scans every item against the order;
# wrong items, one too many, command barcodes and logins are all events.
. "$SRC/tests/e2e/lib.sh"
db=$T/t.db
packctl --db "$db" import "$SRC/assets/demo/orders.csv" >/dev/null
# The filters' catalog barcode is a case of three.
awk -F, -v OFS=, 'NR == 1 { print $0, "pack_qty"; next }
	$1 == "HP-FILTER-100" { print $0, 3; next } { print $0, "" }' \
	"$SRC/assets/demo/products.csv" >products.csv
packctl --db "$db" products import products.csv >/dev/null
expect_eq "pack_qty" 3 "$(sqlite3 "$db" "select pack_qty from products where sku = 'HP-FILTER-100'")"

cp "$T/test.conf" verify.conf
printf '[station]\nmode = verify\n' >>verify.conf

cat >scans <<'SCANS'
LOGIN:ana
10423
0850012345018
0850012345018
0850012345049
0850012345025
HP-CUP-500
0850012345032
REPRINT
10424
0850012345049
10427
CANCEL
10424
0850012345056
0850012345049
10428
SKIP
LOGOUT
SCANS
packdesk --config verify.conf --db "$db" --scanner stdin \
	--printer "file:$T/printer.bin" <scans >screen.txt
cat screen.txt
expect_grep '^VERIFY   #10423: scan each item' screen.txt
expect_grep '^LEFT     1 x Harbor Kettle 1.2L (HP-KETTLE-01), 2 x Insulated Cup 500ml (HP-CUP-500), 1 x Canvas Tote, Natural (HP-TOTE-NAT)$' screen.txt
expect_grep '^LEFT     2 x Insulated Cup 500ml (HP-CUP-500), 1 x Canvas Tote, Natural (HP-TOTE-NAT)$' screen.txt
expect_grep '^TOO MANY Harbor Kettle 1.2L (HP-KETTLE-01): one too many for #10423' screen.txt
expect_grep '^WRONG    Hand Coffee Grinder (HP-GRINDER-02) is not in #10423' screen.txt
expect_grep '^COMPLETE #10423' screen.txt
expect_grep '^PRINTED  #10423' screen.txt
expect_grep '^REPRINT  #10423' screen.txt
expect_grep '^OK       3 x Paper Filters (100) (HP-FILTER-100)' screen.txt
expect_grep '^STOP     #10427 abandoned' screen.txt
expect_grep '^SKIPPED  #10428' screen.txt
expect_grep '^PRINTED  #10428' screen.txt
expect_grep '^LOGOUT   ana logged out' screen.txt

packctl --db "$db" events --format jsonl >events.jsonl
jq -r '[.type, (.order // "-"), (.operator // "-")] | join(" ")' \
	events.jsonl >types.txt
cat >expected.txt <<EXP
operator_login - ana
order_scanned #10423 ana
item_scanned #10423 ana
item_over #10423 ana
item_wrong #10423 ana
item_scanned #10423 ana
item_scanned #10423 ana
item_scanned #10423 ana
order_verified #10423 ana
slip_printed #10423 ana
reprint #10423 ana
slip_printed #10423 ana
order_scanned #10424 ana
item_scanned #10424 ana
order_incomplete #10424 ana
order_scanned #10427 ana
order_abandoned #10427 ana
order_scanned #10424 ana
item_scanned #10424 ana
item_scanned #10424 ana
order_verified #10424 ana
slip_printed #10424 ana
order_scanned #10428 ana
verify_skipped #10428 ana
slip_printed #10428 ana
operator_logout - ana
EXP
diff expected.txt types.txt || fail "event sequence"

# The events, one by one.
ev() { jq -c -s "map(select(.type == \"$1\"))[$2].detail" events.jsonl; }
jq -e '.sku == "HP-KETTLE-01" and .units == 1 and .units_left == 3 and .scan == "0850012345018"' <<J >/dev/null || fail item_scanned
$(ev item_scanned 0)
J
jq -e '.sku == "HP-KETTLE-01" and .units == 1' <<J >/dev/null || fail item_over
$(ev item_over 0)
J
jq -e '.sku == "HP-GRINDER-02" and .scan == "0850012345049"' <<J >/dev/null || fail item_wrong
$(ev item_wrong 0)
J
jq -e '.scan == "HP-CUP-500" and .sku == "HP-CUP-500"' <<J >/dev/null || fail "sku scan"
$(ev item_scanned 2)
J
jq -e '.scan_count == 4 and .units_left == 0 and (.scans | map(.sku) == ["HP-KETTLE-01", "HP-CUP-500", "HP-CUP-500", "HP-TOTE-NAT"])' <<J >/dev/null || fail order_verified
$(ev order_verified 0)
J
jq -e '.scan_count == 1 and .units_left == 3 and .scans[0].sku == "HP-GRINDER-02"' <<J >/dev/null || fail order_incomplete
$(ev order_incomplete 0)
J
jq -e '.units == 3 and .sku == "HP-FILTER-100" and .scan == "0850012345056"' <<J >/dev/null || fail "case of three"
$(ev item_scanned 5)
J
jq -e '.scans | map(.units) == [3, 1]' <<J >/dev/null || fail "verified case"
$(ev order_verified 1)
J
jq -e '.units_left == 3' <<J >/dev/null || fail order_abandoned
$(ev order_abandoned 0)
J
jq -e '.operator == "ana" and .units_left == 1' <<J >/dev/null || fail verify_skipped
$(ev verify_skipped 0)
J
jq -e '.reprint == true' <<J >/dev/null || fail "reprint slip"
$(ev slip_printed 1)
J
# Four slips: two verified, one reprint, one skipped.
expect_eq "cuts" 4 "$(od -An -v -tx1 printer.bin | tr -s ' \n' '  ' | grep -o '1d 56 42 00' | wc -l)"

# require_login: the order is refused until someone logs in; the wrong
# command at the wrong time is refused without an event.
cp verify.conf login.conf
printf 'require_login = yes\n' >>login.conf
printf '10427\nCANCEL\nSKIP\nLOGIN:\nLOGIN:bo\n10427\nLOGIN:cy\n0850012345063\n' |
	packdesk --config login.conf --db "$db" --scanner stdin \
		--printer "file:$T/printer2.bin" >screen2.txt
cat screen2.txt
expect_grep '^LOGIN    scan your LOGIN barcode before the order' screen2.txt
expect_grep '^CANCEL   no order is being packed' screen2.txt
expect_grep '^LOGIN    refused' screen2.txt
expect_grep '^LOGIN    bo is packing' screen2.txt
n=$(wc -l <events.jsonl)
packctl --db "$db" events --format jsonl | tail -n +$((n + 1)) >events2.jsonl
jq -r '[.type, (.order // "-"), (.operator // "-")] | join(" ")' \
	events2.jsonl >types2.txt
cat >expected2.txt <<EXP
scan_rejected - -
operator_login - bo
order_scanned #10427 bo
operator_logout - bo
operator_login - cy
item_scanned #10427 cy
EXP
diff expected2.txt types2.txt || fail "login sequence"
expect_eq "rejected" "nobody is logged in" "$(jq -r -s '.[0].detail.reason' events2.jsonl)"

# A mode that does not exist is a configuration error.
rc=0; packdesk --db "$db" --mode bogus </dev/null 2>err.txt || rc=$?
expect_eq "bad mode" 2 "$rc"
expect_grep 'mode must be one of print-on-scan|verify' err.txt
