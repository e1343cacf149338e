# make install honours PREFIX and DESTDIR, and the installed programs run.
. "$SRC/tests/e2e/lib.sh"
make -s -C "$SRC" BUILD="$BUILD" install PREFIX=/opt/pd DESTDIR="$T/root" >/dev/null
[ -x "$T/root/opt/pd/bin/packdesk" ] || fail "packdesk not installed"
[ -x "$T/root/opt/pd/bin/packctl" ] || fail "packctl not installed"
[ -f "$T/root/opt/pd/share/packdesk/demo/orders.csv" ] || fail "demo data not installed"
"$T/root/opt/pd/bin/packctl" --version | grep -q '^packctl '
"$T/root/opt/pd/bin/packdesk" --print-config | grep -q '^\[station\]'
