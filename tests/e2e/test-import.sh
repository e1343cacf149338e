# packctl import: every Shopify quirk, idempotence, all-or-nothing.
. "$SRC/tests/e2e/lib.sh"
db=$T/t.db
data=$SRC/tests/data

packctl --db "$db" import "$data/shopify-orders.csv" >out.txt
expect_grep 'imported 6 orders' out.txt
expect_eq "orders" 6 "$(sqlite3 "$db" 'select count(*) from orders')"
# Order fields come from the first row of each order only.
expect_eq "#1001 lines" 3 "$(sqlite3 "$db" "select count(*) from order_lines where order_name='#1001'")"
expect_eq "zip apostrophe" 02134 "$(sqlite3 "$db" "select ship_zip from orders where name='#1001'")"
expect_eq "cancelled" 1 "$(sqlite3 "$db" "select count(*) from orders where cancelled_at != ''")"
expect_eq "fulfilled kept" 1 "$(sqlite3 "$db" "select count(*) from orders where fulfillment_status = 'fulfilled'")"
# A note with commas, quotes and a newline survives intact.
sqlite3 "$db" "select notes from orders where name='#1001'" >note.txt
expect_grep 'gift wrap' note.txt
# Every migration has run (the count grows as migrations are appended).
[ "$(sqlite3 "$db" 'pragma user_version')" -ge 2 ] || fail "schema version"
expect_eq "pack_qty column" 1 "$(sqlite3 "$db" "select count(*) from pragma_table_info('products') where name = 'pack_qty'")"
expect_eq "journal" wal "$(sqlite3 "$db" 'pragma journal_mode')"

# The same file again changes nothing.
dump "$db" >before.sql
packctl --db "$db" import "$data/shopify-orders.csv" >/dev/null
dump "$db" >after.sql
cmp before.sql after.sql || fail "a second import changed the database"

# JSON summary for scripts.
packctl --db "$db" import --json "$data/shopify-orders.csv" >sum.json
expect_eq "json orders" 6 "$(jq .orders sum.json)"

# A malformed file imports nothing and says FILE:LINE: reason.
rc=0
packctl --db "$db" import "$data/shopify-orders-bad.csv" 2>err.txt >/dev/null || rc=$?
expect_eq "exit status" 1 "$rc"
grep -E "shopify-orders-bad.csv:[0-9]+: " err.txt >/dev/null || { cat err.txt; fail "no FILE:LINE: reason"; }
dump "$db" >after-bad.sql
cmp before.sql after-bad.sql || fail "a malformed file changed the database"

# A fresh database stays empty after a malformed file.
rc=0
packctl --db "$T/fresh.db" import "$data/shopify-orders-bad.csv" 2>/dev/null >/dev/null || rc=$?
expect_eq "exit status" 1 "$rc"
[ ! -e "$T/fresh.db" ] || fail "a malformed file created a database"

# Products: extra columns ignored, empty URL = no video, errors roll back.
packctl --db "$db" products import "$data/products.csv" >p.txt
expect_grep 'imported 7 products (3 with a setup video)' p.txt
expect_eq "video" "https://example.com/setup/KETTLE-01" \
	"$(sqlite3 "$db" "select setup_video_url from products where sku='KETTLE-01'")"
dump "$db" >before.sql
rc=0
packctl --db "$db" products import "$data/products-bad.csv" 2>err.txt >/dev/null || rc=$?
expect_eq "exit status" 1 "$rc"
grep -E "products-bad.csv:[0-9]+: " err.txt >/dev/null || { cat err.txt; fail "no FILE:LINE: reason"; }
dump "$db" >after.sql
cmp before.sql after.sql || fail "a malformed product file changed the database"

# Usage errors exit 2; a missing file exits 1.
rc=0; packctl --db "$db" import 2>/dev/null || rc=$?
expect_eq "usage" 2 "$rc"
rc=0; packctl --db "$db" import "$T/nope.csv" 2>/dev/null || rc=$?
expect_eq "missing file" 1 "$rc"
packctl import --help | grep -q 'usage: packctl import'
