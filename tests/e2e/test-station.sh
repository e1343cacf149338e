# packdesk end to end: scans on stdin produce every event type, in order.
. "$SRC/tests/e2e/lib.sh"
db=$T/t.db
packctl --db "$db" import "$SRC/assets/demo/orders.csv" >/dev/null
packctl --db "$db" products import "$SRC/assets/demo/products.csv" >/dev/null

long=$(printf '%0300d' 0)
printf '10423\n#10423\r\n10423\n10425\n10426\n99999\n\n\033[2J10424\n\377\376\n%s\n' \
	"$long" >scans
packdesk --db "$db" --scanner stdin --printer "file:$T/printer.bin" \
	--station s1 --operator ana <scans >screen.txt
cat screen.txt
expect_grep 'PRINTED  #10423' screen.txt
expect_grep 'SHIPPED  #10423 was already packed' screen.txt
expect_grep 'REPRINT  #10423' screen.txt
expect_grep 'STOP     #10425 WAS CANCELLED - DO NOT SHIP' screen.txt
expect_grep 'SHIPPED  #10426 was already fulfilled' screen.txt
expect_grep 'UNKNOWN  no order "99999"' screen.txt
expect_eq "rejections" 4 "$(grep -c '^REJECTED' screen.txt)"
# The escape sequence in the scan never reaches the screen.
if grep -q "$(printf '\033')" screen.txt; then fail "ESC reached the screen"; fi

# A printer that is not there: the slip is held (printer_fault), given up
# after --hold-timeout (slip_failed), and the order can still print later.
printf '10424\n' | packdesk --db "$db" --scanner stdin --hold-timeout 1 \
	--printer socket://127.0.0.1:1 --station s1 >screen2.txt
expect_grep 'HOLD     Printer not responding - check its power and cable' screen2.txt
expect_grep 'FAILED   #10424: slip NOT printed' screen2.txt
printf '10424\n' | packdesk --db "$db" --scanner stdin \
	--printer "file:$T/printer.bin" --station s1 >/dev/null

packctl --db "$db" events --format jsonl >events.jsonl
jq -r '[.type, (.order // "-")] | join(" ")' events.jsonl >types.txt
cat >expected.txt <<EXP
order_scanned #10423
slip_printed #10423
order_scanned #10423
order_already_shipped #10423
order_scanned #10423
reprint #10423
slip_printed #10423
order_scanned #10425
order_cancelled #10425
order_scanned #10426
order_already_shipped #10426
order_unknown -
scan_rejected -
scan_rejected -
scan_rejected -
scan_rejected -
order_scanned #10424
printer_fault #10424
slip_failed #10424
order_scanned #10424
slip_printed #10424
EXP
diff expected.txt types.txt || fail "event sequence"

# Every event has its fields: a UUID, a UTC time with milliseconds, the
# station and the operator that was given.
expect_eq "uuids" 21 "$(jq -r .uuid events.jsonl | grep -cE '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$')"
expect_eq "unique" 21 "$(jq -r .uuid events.jsonl | sort -u | wc -l)"
expect_eq "times" 21 "$(jq -r .at events.jsonl | grep -cE '^20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]\.[0-9]{3}Z$')"
expect_eq "stations" s1 "$(jq -r .station events.jsonl | sort -u)"
expect_eq "operator" ana "$(head -1 events.jsonl | jq -r .operator)"
expect_eq "reasons" "empty|contains control characters|not valid UTF-8|longer than 256 bytes" \
	"$(jq -r 'select(.type == "scan_rejected") | .detail.reason' events.jsonl | paste -sd'|')"
jq -e -s 'map(select(.type == "printer_fault"))[0].detail | (.state == "not_responding") and (.reason | test("127.0.0.1:1"))' events.jsonl >/dev/null
jq -e -s 'map(select(.type == "slip_failed"))[0].detail.reason | test("did not recover within 1 s")' events.jsonl >/dev/null

# Exactly one cut per slip: three slips were printed to the file.
expect_eq "cuts" 3 "$(od -An -v -tx1 printer.bin | tr -s ' \n' '  ' | grep -o '1d 56 42 00' | wc -l)"

# CSV output and filters.
packctl --db "$db" events --format csv --type slip_printed >events.csv
expect_eq "csv header" "uuid,at,station,operator,order,type,detail" "$(head -1 events.csv | tr -d '\r')"
expect_eq "csv rows" 3 "$(($(wc -l <events.csv) - 1))"
expect_eq "order filter" 7 "$(packctl --db "$db" events --order '#10423' | wc -l)"

# The event log is append-only.
if sqlite3 "$db" "delete from events" 2>/dev/null; then fail "events deleted"; fi

# Usage errors.
rc=0; packdesk --bogus 2>/dev/null || rc=$?
expect_eq "usage" 2 "$rc"
rc=0; packdesk --db "$db" --printer nowhere:x </dev/null 2>err.txt || rc=$?
expect_eq "bad printer" 1 "$rc"
expect_grep 'unknown printer URI' err.txt
packdesk --help | grep -q -- '--scanner URI'

# A printer whose profile has a buzzer (generic-58mm) beeps on a refusal:
# ESC B 2 2 after the cancelled order, and nothing else was printed.
PACKDESK_PROFILES="$SRC/assets/profiles" packdesk --db "$db" --scanner stdin \
	--printer "file:$T/beep.bin" --profile generic-58mm <<SCANS >/dev/null
10425
SCANS
expect_eq "buzzer" "1b 42 02 02" "$(od -An -tx1 beep.bin | tr -s ' ' | sed 's/^ //')"
