# packctl doctor against a fake /dev and /sys: scanners found and marked,
# permission problems with their exact fix (seen as an unprivileged user),
# JSON output, a missing database, a broken config, hostile device names;
# and the udev rules file's syntax.
. "$SRC/tests/e2e/lib.sh"
esc=$(printf '\033')
dev=$T/fake/dev
sys=$T/fake/sys
export PACKDESK_DEV_ROOT="$dev" PACKDESK_SYS_ROOT="$sys"
# No CUPS server: an immediate "connection refused", a warning.
export CUPS_SERVER=127.0.0.1:1
# The printer comes from the config (packctl has no --printer).
printf '[station]\nid = doc\nprinter = file:%s/out.bin\n' "$T" >doctor.conf
export PACKDESK_CONFIG="$T/doctor.conf"
mkdir -p "$dev/input/by-id" "$dev/input/by-path" "$dev/usb" \
	"$sys/class/input" "$sys/class/hidraw" "$sys/class/tty" "$sys/class/usbmisc"

# usb_dev PORT VID PID PRODUCT: a USB device directory, as sysfs has it.
usb_dev() {
	d=$sys/devices/usb1/$1
	mkdir -p "$d"
	echo "$2" >"$d/idVendor"; echo "$3" >"$d/idProduct"
	printf '%s\n' "$4" >"$d/product"
}
# kbd N PORT NAME BY-ID MODE GROUP: event node N of the keyboard on PORT.
kbd() {
	i=$sys/devices/usb1/$2/$2:1.0/input/input$1
	mkdir -p "$i/event$1"
	printf '%s\n' "$3" >"$i/name"
	ln -s .. "$i/event$1/device"
	ln -s "../../devices/usb1/$2/$2:1.0/input/input$1/event$1" "$sys/class/input/event$1"
	: >"$dev/input/event$1"; chmod "$5" "$dev/input/event$1"; chgrp "$6" "$dev/input/event$1"
	[ -z "$4" ] || ln -s ../event$1 "$dev/input/by-id/$4-event-kbd"
	ln -s ../event$1 "$dev/input/by-path/platform-xhci-usb-0:$2:1.0-event-kbd"
}
# node CLASS NAME PORT MODE GROUP [PATH]: a hidraw, tty or usbmisc node.
node() {
	mkdir -p "$sys/devices/usb1/$3/$3:1.1/$1/$2"
	ln -s "../../devices/usb1/$3/$3:1.1/$1/$2" "$sys/class/$1/$2"
	ln -s ../.. "$sys/devices/usb1/$3/$3:1.1/$1/$2/device"
	n=$dev/${6:-$2}; : >"$n"; chmod "$4" "$n"; chgrp "$5" "$n"
}
usb_dev 1-1 0c2e 0b61 'Honeywell 1900 Scanner'
kbd 5 1-1 'Honeywell Imaging 1900' usb-Honeywell_Imaging_1900-if00 0644 root
usb_dev 1-2 1eab 0206 'HID POS'
kbd 7 1-2 'Newland NLS-HR22' usb-Newland_NLS-HR22_SN1-if00 0660 lp
usb_dev 1-3 1a2c 2124 "USB${esc}[2J Keyboard$(printf '\007')"
kbd 6 1-3 "USB${esc}]0;pwned$(printf '\007')Keyboard" "" 0644 root
node hidraw hidraw0 1-1 0600 root
node tty ttyACM0 1-2 0660 dialout
usb_dev 1-4 04b8 0e28 'TM-T20III'
node usbmisc lp0 1-4 0660 lp usb/lp0

# A station as root: everything readable, a database, a file printer.
packctl --db "$T/t.db" import "$SRC/assets/demo/orders.csv" >/dev/null
packctl --db "$T/t.db" doctor >root.txt 2>&1 || {
	cat root.txt; fail "doctor as root failed"; }
cat root.txt
expect_grep "^ok    config        $T/doctor.conf (from \$PACKDESK_CONFIG)" root.txt
expect_grep "^ok    database      $T/t.db: schema [0-9]*, [1-9][0-9]* orders, journal wal" root.txt
expect_grep "^ok    scanner       Honeywell Imaging 1900 \[0c2e:0b61, Honeywell\] $dev/input/event5: readable; use evdev:$dev/input/by-id/usb-Honeywell_Imaging_1900-if00-event-kbd" root.txt
expect_grep "^ok    scanner       Newland NLS-HR22 \[1eab:0206, Newland\]" root.txt
# A keyboard with a generic name: listed, by its port path.
expect_grep "^ok    keyboard      USB]0;pwnedKeyboard \[1a2c:2124\] $dev/input/event6: readable; use evdev:$dev/input/by-path/platform-xhci-usb-0:1-3:1.0-event-kbd" root.txt
expect_grep "^ok    hid-scanner   Honeywell 1900 Scanner \[0c2e:0b61, Honeywell\] $dev/hidraw0: readable; use hid:0c2e:0b61" root.txt
expect_grep "^ok    serial        HID POS \[1eab:0206, Newland\] $dev/ttyACM0: readable and writable; use serial:$dev/ttyACM0" root.txt
expect_grep "^ok    lp            $dev/usb/lp0 TM-T20III \[04b8:0e28\]: readable and writable; use lp:$dev/usb/lp0" root.txt
expect_grep "^warn  cups          no CUPS server" root.txt
expect_grep "^ok    printer       file:$T/out.bin: one-way link" root.txt
# Hardware names never drive the terminal.
if grep -q "$esc\|$(printf '\007')" root.txt; then fail "control bytes reached the terminal"; fi

# --json: one array with every family of checks, each with its four keys.
packctl --db "$T/t.db" doctor --json >doc.json
jq -e 'type == "array" and all(.[]; (keys == ["check","detail","fix","status"]) and (.status | test("^(ok|warn|fail)$")))' doc.json >/dev/null || fail "json shape"
expect_eq "json checks" "config cups database database-dir group hid-scanner keyboard lp printer scanner scanner-uri serial usb-printer" \
	"$(jq -r '[.[].check] | unique | join(" ")' doc.json)"
expect_eq "json fail" 0 "$(jq '[.[] | select(.status == "fail")] | length' doc.json)"
if grep -q "$esc" doc.json || grep -q '\\u001b' doc.json; then fail "ESC in JSON"; fi

# As an unprivileged user: the 0660 root:lp scanner, the 0600 hidraw node
# and the dialout ACM port are closed, each with its exact fix.
chmod 755 "$T"
rc=0
setpriv --reuid=nobody --regid=nogroup --clear-groups \
	"$BUILD/packctl" --db "$T/t.db" doctor >nobody.txt 2>&1 || rc=$?
cat nobody.txt
expect_eq "nobody exit" 1 "$rc"
expect_grep "^ok    scanner       Honeywell Imaging 1900" nobody.txt
expect_grep "^fail  scanner       Newland NLS-HR22 \[1eab:0206, Newland\] $dev/input/event7: not readable by nobody (group lp); then use evdev:$dev/input/by-id/usb-Newland_NLS-HR22_SN1-if00-event-kbd" nobody.txt
grep -A1 '^fail  scanner' nobody.txt | tail -1 >fix.txt
expect_grep 'add to /etc/udev/rules.d/61-packdesk-local.rules: SUBSYSTEM=="input", ATTRS{idVendor}=="1eab", ATTRS{idProduct}=="0206", GROUP="packdesk", MODE="0660", ENV{LIBINPUT_IGNORE_DEVICE}="1"; then sudo udevadm control --reload && sudo udevadm trigger' fix.txt
expect_grep "; sudo usermod -aG packdesk nobody, then log out and in again; or instead: sudo usermod -aG lp nobody, then log out and in again\$" fix.txt
# udev ignores a GROUP that does not exist: the fix creates it first.
if ! getent group packdesk >/dev/null; then
	expect_grep '      fix: sudo groupadd --system packdesk; add to ' fix.txt
fi
expect_grep '^fail  hid-scanner' nobody.txt
expect_grep 'SUBSYSTEM=="hidraw", ATTRS{idVendor}=="0c2e", ATTRS{idProduct}=="0b61", GROUP="packdesk"' nobody.txt
expect_grep '^fail  serial        HID POS \[1eab:0206, Newland\]' nobody.txt
expect_grep 'SUBSYSTEM=="tty", ATTRS{idVendor}=="1eab", ATTRS{idProduct}=="0206", GROUP="packdesk", MODE="0660", ENV{ID_MM_DEVICE_IGNORE}="1".*or instead: sudo usermod -aG dialout nobody' nobody.txt
expect_grep "^fail  lp            $dev/usb/lp0 TM-T20III \[04b8:0e28\]: not readable and writable by nobody (group lp)" nobody.txt
expect_grep '      fix: sudo usermod -aG lp nobody, then log out and in again$' nobody.txt
expect_grep '^warn  group         lp: nobody is not a member' nobody.txt
expect_grep '^fail  database-dir  nobody cannot write' nobody.txt

# A missing database is a warning with the command that creates it.
packctl --db "$T/none/x.db" doctor >missing.txt
expect_grep "^warn  database      $T/none/x.db does not exist yet" missing.txt
expect_grep "fix: .*packctl --db $T/none/x.db import orders_export.csv (creates it)" missing.txt
[ ! -e "$T/none" ] || fail "doctor created the database directory"

# A broken config file: doctor runs anyway, names it with its line, and
# fails; the other checks still run.
printf '[station]\nid = s1\nbogus = 1\n' >broken.conf
rc=0; PACKDESK_CONFIG=$T/broken.conf packctl --db "$T/t.db" doctor >broken.txt 2>&1 || rc=$?
expect_eq "broken config" 1 "$rc"
expect_grep "^fail  config        $T/broken.conf:3: unknown setting \"bogus\" in \[station\]" broken.txt
expect_grep "^ok    database" broken.txt
rc=0; packctl --config "$T/broken.conf" --db "$T/t.db" doctor >broken.txt 2>&1 || rc=$?
expect_eq "broken --config" 1 "$rc"
expect_grep "^fail  config        $T/broken.conf:3: unknown setting" broken.txt
# Other commands still refuse a broken config (usage error, status 2).
rc=0; packctl --config "$T/broken.conf" --db "$T/t.db" events >/dev/null 2>&1 || rc=$?
expect_eq "events with a broken config" 2 "$rc"

# Usage and help.
rc=0; packctl doctor --bogus 2>/dev/null || rc=$?
expect_eq "usage" 2 "$rc"
packctl doctor --help | grep -q PACKDESK_SYS_ROOT

# The udev rules: every line a comment, blank, or KEY op "value" pairs with
# known keys; every GOTO has its LABEL; every scanner maker doctor knows.
rules=$SRC/firmware/60-packdesk.rules
key='(ACTION|SUBSYSTEM|SUBSYSTEMS|KERNEL|DRIVERS|ATTR\{[A-Za-z_]+\}|ATTRS\{[A-Za-z_]+\}|ENV\{[A-Z_]+\}|GROUP|MODE|SYMLINK|TAG|GOTO|LABEL)'
pair="$key(==|!=|=|\\+=|-=|:=)\"[^\"]*\""
if grep -Ev '^(#.*)?$' "$rules" | grep -Evx "$pair(, $pair)*"; then fail "rules syntax"; fi
for g in $(grep -o 'GOTO="[a-z_]*"' "$rules" | cut -d'"' -f2 | sort -u); do
	grep -q "^LABEL=\"$g\"\$" "$rules" || fail "no LABEL $g"
done
for v in 0c2e 0536 05e0 05f9 1eab 065a; do
	grep -q "ATTRS{idVendor}==\"$v\"" "$rules" || fail "rules lack scanner vendor $v"
	grep -q "\"$v\"" "$SRC/host/doctor-scanners.c" || fail "doctor lacks scanner vendor $v"
done
grep -q 'ENV{LIBINPUT_IGNORE_DEVICE}="1"' "$rules"
grep -q 'ENV{ID_MM_DEVICE_IGNORE}="1"' "$rules"
grep -q 'SYMLINK+="packdesk-printer%n"' "$rules"
if command -v udevadm >/dev/null && udevadm verify --help >/dev/null 2>&1; then
	udevadm verify "$rules"
fi
make -s -C "$SRC" BUILD="$BUILD" install PREFIX=/opt/pd DESTDIR="$T/root" >/dev/null
cmp "$rules" "$T/root/etc/udev/rules.d/60-packdesk.rules"
