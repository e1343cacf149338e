# The shift in numbers (report), orders marked shipped (ship), the Shopify
# bulk-fulfilment CSV (export-fulfilled) and the command sheet, decoded.
. "$SRC/tests/e2e/lib.sh"
export PACKDESK_PROFILES="$SRC/assets/profiles"
db=$T/t.db
packctl --db "$db" import "$SRC/assets/demo/orders.csv" >/dev/null
packctl --db "$db" products import "$SRC/assets/demo/products.csv" >/dev/null

# ana verifies #10423 (one wrong item, one reprint), abandons #10424 and
# scans an unknown order; bo prints #10427 on scan, meets the cancelled
# #10425 and a scan with an escape sequence.
printf 'LOGIN:ana\n10423\n0850012345018\n0850012345049\n0850012345025\n0850012345025\n0850012345032\nREPRINT\n10424\nCANCEL\n99999\n' |
	packdesk --db "$db" --mode verify --printer "file:$T/p.bin" >s1.txt
printf '10427\n10425\n\033x\n' |
	packdesk --db "$db" --operator bo --printer "file:$T/p.bin" >s2.txt
today=$(date -u +%Y-%m-%d)

packctl --db "$db" report --json >report.json
cat report.json
expect_eq "groups" 2 "$(jq length report.json)"
jq -e --arg d "$today" '.[0] | .day == $d and .operator == "ana" and .packed == 1 and .verified == 1 and .cancelled == 1 and .wrong_items == 1 and .unknown == 1 and .rejected == 0 and .reprints == 1 and (.median_scan_to_slip_s | type == "number" and . >= 0 and . < 60)' report.json >/dev/null || fail "ana's numbers"
jq -e '.[1] | .operator == "bo" and .packed == 1 and .verified == 0 and .cancelled == 1 and .wrong_items == 0 and .unknown == 0 and .rejected == 1 and .reprints == 0' report.json >/dev/null || fail "bo's numbers"
expect_eq "day filter" 2 "$(packctl --db "$db" report --day "$today" --json | jq length)"
expect_eq "other day" 0 "$(packctl --db "$db" report --day 1999-01-01 --json | jq length)"
packctl --db "$db" report >report.txt
cat report.txt
expect_grep '^DAY .*OPERATOR .*PACKED .*VERIFIED .*CANCELLED .*WRONG .*UNKNOWN .*REJECTED .*REPRINTS .*MEDIAN_S$' report.txt
expect_grep "^$today  ana  *1  *1  *1  *1  *1  *0  *1 " report.txt
rc=0; packctl --db "$db" report --day 25-11-2026 2>/dev/null || rc=$?
expect_eq "bad day" 2 "$rc"

# ship: all or nothing; the station then refuses the order.
rc=0; packctl --db "$db" ship 10428 99999 2>err.txt || rc=$?
expect_eq "unknown ship" 1 "$rc"
expect_grep 'no order "99999"' err.txt
expect_eq "nothing shipped" 0 "$(packctl --db "$db" events --type order_shipped | wc -l)"
packctl --db "$db" ship 10428 '#10424' >ship.txt
expect_grep 'marked 2 orders shipped' ship.txt
expect_eq "shipped" "#10428 #10424" "$(packctl --db "$db" events --type order_shipped | jq -r .order | paste -sd' ')"
printf '10428\n' | packdesk --db "$db" --mode verify --printer "file:$T/p.bin" >s3.txt
expect_grep '^SHIPPED  #10428 was already shipped' s3.txt
expect_eq "refused as shipped" "marked shipped" "$(packctl --db "$db" events --type order_already_shipped | tail -1 | jq -r .detail.reason)"

# export-fulfilled: every packed or shipped order once, Shopify's columns.
packctl --db "$db" export-fulfilled >fulfilled.csv
cat fulfilled.csv
expect_eq "header" "Name,Fulfillment Status,Shipping Method,Tracking Number,Fulfilled at" "$(head -1 fulfilled.csv | tr -d '\r')"
expect_eq "rows" "#10423 #10427 #10428 #10424" "$(tail -n +2 fulfilled.csv | cut -d, -f1 | paste -sd' ')"
expect_eq "status" "fulfilled" "$(tail -n +2 fulfilled.csv | cut -d, -f2 | sort -u)"
expect_eq "method" "Standard" "$(tail -n +2 fulfilled.csv | cut -d, -f3 | sort -u)"
expect_eq "tracking" "" "$(tail -n +2 fulfilled.csv | cut -d, -f4 | sort -u)"
tail -n +2 fulfilled.csv | tr -d '\r' | cut -d, -f5 | grep -vqE "^$today [0-2][0-9]:[0-5][0-9]:[0-5][0-9] \+0000$" &&
	fail "Fulfilled at"
expect_eq "since" 0 "$(packctl --db "$db" export-fulfilled --since 2999-01-01 | tail -n +2 | wc -l)"

# The command sheet: every code decodes as the station reads it.
packctl command-sheet -o sheet.png --operator ana --operator bo >/dev/null
zbarimg -q --raw --nodbus sheet.png | sort >codes.txt
printf 'CANCEL\nLOGIN:ana\nLOGIN:bo\nLOGOUT\nREPRINT\nSKIP\n' >expected.txt
diff expected.txt codes.txt || fail "command sheet codes"
rc=0; packctl command-sheet -o x.png --operator 'a b' 2>/dev/null || rc=$?
expect_eq "bad operator" 2 "$rc"
rc=0; packctl command-sheet 2>/dev/null || rc=$?
expect_eq "no output" 2 "$rc"
