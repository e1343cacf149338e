# Shared helpers for the end-to-end tests (sourced; POSIX sh).
# BUILD: the build directory; SRC: the source tree; T: this test's temp dir.
packctl() { "$BUILD/packctl" "$@"; }
packdesk() { "$BUILD/packdesk" "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: expected [$2], got [$3]"
}
# expect_grep PATTERN FILE
expect_grep() {
	grep -q -- "$1" "$2" || { cat "$2" >&2; fail "no \"$1\" in $2"; }
}
# A config with no system file involved.
cat >"$T/test.conf" <<CONF
[station]
id = test-station
[shop]
name = Test Shop
returns_url = https://shop.example/returns?o={order}&zip={zip}
returns_days = 30
exchange_bonus = 10
[content]
csat_url = https://shop.example/csat?o={order}
CONF
export PACKDESK_CONFIG="$T/test.conf"
# Templates and their wording from the source tree, not an installed copy.
export PACKDESK_TEMPLATES="$SRC/labels/templates"
export PACKDESK_LOCALES="$SRC/assets/locales"
dump() { sqlite3 "$1" .dump; }
