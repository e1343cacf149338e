# packctl batch against printer-emu (a TM-T20III on loopback): a dry run
# prints nothing; the demo orders print once each and the station then
# refuses them as already shipped; a paper-out mid-batch pauses it until
# the roll is replaced; Ctrl-C stops after the current item; --list,
# --show, --cancel; and the crash test: a batch killed with SIGKILL at
# random moments, twenty times, then resumed, holds every order exactly
# once on the printer except the items it reported as "may have printed",
# and the database is intact after every kill.
. "$SRC/tests/e2e/lib.sh"

# start_emu DIR: a printer-emu recording into DIR; sets $uri and $ctlf.
emus=""
trap 'kill $emus 2>/dev/null || true' EXIT
start_emu() {
	mkdir "$1"
	mkfifo "$1.ctl"
	"$BUILD/tests/printer-emu" --out "$T/$1" --port-file "$T/$1.port" \
		--control "$T/$1.ctl" --lifetime 240 2>"$1.err" &
	emus="$emus $!"
	i=0
	while [ ! -s "$1.port" ]; do
		i=$((i + 1)); [ $i -lt 200 ] || fail "printer-emu did not start"
		sleep 0.05
	done
	uri=socket://127.0.0.1:$(cat "$1.port")
	ctlf=$T/$1.ctl
}
# wait_for N CMD...: until CMD succeeds, 0.05 s apart, N tries.
wait_for() {
	n=$1; shift; i=0
	until "$@"; do
		i=$((i + 1)); [ $i -lt "$n" ] || fail "timed out waiting for: $*"
		sleep 0.05
	done
}
slips() { ls "$1" | grep -c '^slip-' || true; }
# per_order DIR: "COUNT ORDER" for every order barcode the printer holds.
per_order() {
	for f in "$1"/slip-*; do
		[ -e "$f" ] || continue
		grep -a -o '{B[0-9]*' "$f" | head -1
	done | sed 's/^{B/#/' | sort | uniq -c | awk '{print $1, $2}'
}
integrity() {
	expect_eq "integrity" ok "$(sqlite3 "$1" 'PRAGMA integrity_check')"
}

# A Shopify export of N orders from number FIRST on, two lines each.
gen_orders() {
	echo 'Name,Email,Financial Status,Fulfillment Status,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Shipping Name,Shipping Address1,Shipping City,Shipping Zip,Shipping Country,Cancelled at'
	i=0
	while [ $i -lt "$2" ]; do
		n=$(($1 + i))
		printf '#%d,c%d@example.com,paid,unfulfilled,2026-11-24 %02d:%02d:00 +0000,1,Harbor Kettle 1.2L,59.00,HP-KETTLE-01,Customer %d,%d Main St,Portland,97201,United States,\n' \
			$n $n $((i / 60 % 24)) $((i % 60)) $n $n
		printf '#%d,,,,,2,Insulated Cup 500ml,24.00,HP-CUP-500,,,,,,\n' $n
		i=$((i + 1))
	done
}

start_emu emu

# ---- the demo orders --------------------------------------------------
db=$T/t.db
packctl --db "$db" import "$SRC/assets/demo/orders.csv" >/dev/null
packctl --db "$db" products import "$SRC/assets/demo/products.csv" >/dev/null

packctl --db "$db" batch --status unfulfilled --printer "$uri" --dry-run \
	>dry.txt 2>dry.err
expect_eq "dry-run slips" 0 "$(slips emu)"
expect_eq "dry-run lists" "#10423 #10424 #10427 #10428" \
	"$(sed -n 's/^would print \(#[0-9]*\) .*/\1/p' dry.txt | tr '\n' ' ' | sed 's/ $//')"
expect_grep '^dry run: 4 slip(s) would print on socket://127.0.0.1:.*; 0 already printed and 0 held by unfinished batches left out; nothing printed' dry.txt
expect_eq "dry-run batches" 1 "$(packctl --db "$db" batch --list | wc -l)"
# Without --status the fulfilled #10426 is in; --since leaves it out.
would() { sed -n 's/^would print \(#[0-9]*\) .*/\1/p' "$1" | tr '\n' ' ' | sed 's/ $//'; }
packctl --db "$db" batch --printer "$uri" --dry-run >dry2.txt
expect_eq "all" "#10426 #10423 #10424 #10427 #10428" "$(would dry2.txt)"
packctl --db "$db" batch --printer "$uri" --dry-run --since 2025-03-14 \
	--sort name >dry3.txt
expect_eq "since, by name" "#10423 #10424 #10427 #10428" "$(would dry3.txt)"
rc=0; packctl --db "$db" batch --printer "$uri" --sort price 2>/dev/null || rc=$?
expect_eq "bad sort" 2 "$rc"

packctl --db "$db" batch --status unfulfilled --printer "$uri" --json \
	>demo.json 2>demo.err || { cat demo.err >&2; fail "demo batch"; }
expect_eq "demo state" "finished 4 4 0 1" \
	"$(jq -r '"\(.state) \(.total) \(.printed) \(.failed) \(.uncertainty_window)"' demo.json)"
expect_eq "demo slips" "1 #10423
1 #10424
1 #10427
1 #10428" "$(per_order emu)"
# Not a terminal: plain progress lines, no bar.
expect_grep '^batch 1: 4/4 .*/s ETA 0:00' demo.err
if grep -q "$(printf '\r')" demo.err; then fail "a bar on a pipe"; fi
packctl --db "$db" events >ev.jsonl
expect_eq "events" "batch_started slip_printed slip_printed slip_printed slip_printed batch_finished" \
	"$(jq -r 'select(.type | test("batch_|slip_")) | .type' ev.jsonl | tr '\n' ' ' | sed 's/ $//')"
# A second batch finds nothing left to print.
packctl --db "$db" batch --status unfulfilled --printer "$uri" >again.txt
expect_grep '^nothing to print: no order matches (4 already printed, 0 held by unfinished batches)' again.txt
# The station refuses an order a batch printed.
echo 10424 | packdesk --db "$db" --scanner stdin --printer "file:$T/station.bin" \
	--station s1 >screen.txt 2>&1
expect_grep '^SHIPPED  #10424 was already packed' screen.txt
[ ! -s station.bin ] || fail "the station printed a batch-printed order"

# --list and --show.
packctl --db "$db" batch --list >list.txt
expect_grep '^ID  *CREATED  *STATE' list.txt
expect_grep '^1  *20[0-9-]*T[0-9:.]*Z finished  *4/4 ' list.txt
packctl --db "$db" batch --show 1 >show.txt
expect_grep '^state    finished' show.txt
expect_grep '^group    1 (uncertainty window: 1 item(s))' show.txt
expect_grep '^     3 #10427       printed' show.txt
rc=0; packctl --db "$db" batch --show 99 2>/dev/null || rc=$?
expect_eq "show unknown" 1 "$rc"
rc=0; packctl --db "$db" batch --skip-uncertain 2>/dev/null || rc=$?
expect_eq "decision without resume" 2 "$rc"

# ---- a paper-out mid-batch: paused, then resumed when cleared ----------
gen_orders 20001 300 >orders300.csv
pdb=$T/p.db
packctl --db "$pdb" import orders300.csv >/dev/null
i=20001; : >some.txt
while [ $i -le 20030 ]; do echo "$i" >>some.txt; i=$((i + 1)); done
start_emu pemu
# The roll runs out a few slips in, in the middle of a slip.
echo paper-out-after 5000 >"$ctlf"
wait_for 200 grep -q '^ok paper-out-after 5000' pemu/control.log
"$BUILD/packctl" --db "$pdb" batch --orders some.txt --printer "$uri" \
	>paper.out 2>paper.err &
b=$!
has_slips() { [ "$(slips "$1")" -ge "$2" ]; }
wait_for 200 grep -q '^batch 1: paused: Paper out - load a new roll' paper.err
n1=$(slips pemu)
sleep 1.2
expect_eq "nothing prints while paused" "$n1" "$(slips pemu)"
echo paper-in >"$ctlf"
rc=0; wait $b || rc=$?
expect_grep '^batch 1: resumed: the printer is ready' paper.err
# A job the printer never saw is sent again; one that went out when the
# fault struck may have printed (its cut may have come first): it is
# reported, the batch goes on, and the operator decides.
: >punc.txt
if [ "$rc" -ne 0 ]; then
	expect_eq "paper batch exit" 1 "$rc"
	grep 'may have printed (item' paper.out | awk '{print $1}' >punc.txt
	expect_eq "paper: one uncertain" 1 "$(wc -l <punc.txt)"
	expect_grep "may have printed (the printer faulted during its job)" paper.err
	packctl --db "$pdb" batch --resume 1 --skip-uncertain >presume.out 2>&1
fi
expect_eq "paper batch" "finished" \
	"$(packctl --db "$pdb" batch --show 1 | sed -n 's/^state    //p')"
per_order pemu >pcounts.txt
for o in $(sed -n 's/^/#/p' some.txt); do
	c=$(awk -v o="$o" '$2 == o { print $1 }' pcounts.txt)
	if grep -qx -- "$o" punc.txt; then
		[ "${c:-0}" -le 1 ] || fail "$o (uncertain) printed $c times"
	else
		expect_eq "$o slips" 1 "${c:-0}"
	fi
done
packctl --db "$pdb" events --type printer_fault >f.jsonl
expect_eq "fault logged" paper_out "$(jq -r .detail.state f.jsonl | head -1)"
integrity "$pdb"

# ---- Ctrl-C stops after the current item; then --cancel ----------------
"$BUILD/packctl" --db "$pdb" batch --status unfulfilled --printer "$uri" \
	>int.out 2>int.err &
b=$!
n0=$(slips pemu)
wait_for 400 has_slips pemu $((n0 + 3))
kill -INT $b
rc=0; wait $b || rc=$?
expect_eq "interrupted exit" 1 "$rc"
expect_grep 'stopped after the current item' int.err
expect_grep "batch 2 stopped; 'packctl batch --resume 2' prints the rest" int.err
packctl --db "$pdb" batch --show 2 >show2.txt
expect_grep '^state    stopped' show2.txt
expect_grep ' 0 may have printed' show2.txt
total=$(sed -n 's/^items    \([0-9]*\): .*/\1/p' show2.txt)
printed=$(sed -n 's/^items    [0-9]*: \([0-9]*\) printed.*/\1/p' show2.txt)
expect_eq "printed = slips" "$printed" "$(($(slips pemu) - n0))"
# A new batch leaves the stopped batch's orders to its --resume.
packctl --db "$pdb" batch --status unfulfilled --printer "$uri" --dry-run >held.txt
expect_grep "^dry run: 0 slip(s) would print on .*; $((30 - $(wc -l <punc.txt) + printed)) already printed and $((total - printed)) held by unfinished batches left out" held.txt
packctl --db "$pdb" batch --cancel 2 >cancel.txt
expect_grep "^batch 2 cancelled: $printed printed, $((total - printed)) not printed, 0 may have printed" cancel.txt
rc=0; packctl --db "$pdb" batch --resume 2 2>resume.err || rc=$?
expect_eq "resume cancelled" 1 "$rc"
expect_grep 'batch 2 was cancelled' resume.err
packctl --db "$pdb" batch --list >l2.txt
expect_grep '^2  *[0-9T:.Z-]* cancelled ' l2.txt

# ---- the crash test ----------------------------------------------------
cdb=$T/c.db
# Kills land anywhere from start-up to the middle of a job: a slip takes
# about 2 ms here, several times that under the sanitizers.
case $BUILD in *asan*) span=150 ;; *) span=30 ;; esac
packctl --db "$cdb" import orders300.csv >/dev/null
start_emu cemu
: >decisions.txt
runs=0
while [ $runs -lt 20 ]; do
	runs=$((runs + 1))
	decide=""
	if packctl --db "$cdb" batch --show 1 >cshow.txt 2>/dev/null; then
		grep 'may have printed$' cshow.txt | awk '{print $2}' >unc.txt || true
		if [ -s unc.txt ]; then
			expect_eq "window" 1 "$([ "$(wc -l <unc.txt)" -le 4 ] && echo 1)"
			if [ $((runs % 2)) -eq 0 ]; then d=reprint; else d=skip; fi
			decide=--$d-uncertain
			sed "s/\$/ $d/" unc.txt >>decisions.txt
		fi
		# Resumes alternate between one slip and four per job.
		g=$((runs % 3 == 0 ? 4 : 1))
		set -- batch --resume 1 --group $g $decide
	else
		set -- batch --status unfulfilled --printer "$uri"
	fi
	"$BUILD/packctl" --db "$cdb" "$@" >crash.out 2>crash.err &
	b=$!
	# The first run is killed once its batch exists.
	[ "$1 $2" != "batch --status" ] ||
		wait_for 400 grep -q '^batch 1: 300 slip(s) to print' crash.out
	sleep "$(awk -v r="$(od -An -N2 -tu2 /dev/urandom)" -v span="$span" \
		'BEGIN { printf "%.3f", 0.005 + (r % span) / 1000 }')"
	kill -KILL $b 2>/dev/null || true
	wait $b 2>/dev/null || true
	integrity "$cdb"
done
# The last resume runs to the end, deciding what the kills left.
for last in 1 2 3; do
	packctl --db "$cdb" batch --show 1 >cshow.txt
	grep 'may have printed$' cshow.txt | awk '{print $2}' >unc.txt || true
	decide=""
	if [ -s unc.txt ]; then
		decide=--reprint-uncertain
		sed 's/$/ reprint/' unc.txt >>decisions.txt
	fi
	rc=0
	packctl --db "$cdb" batch --resume 1 --json $decide >final.json \
		2>final.err || rc=$?
	[ "$rc" -ne 0 ] || break
done
expect_eq "crash batch exit" 0 "$rc"
packctl --db "$cdb" batch --resume 1 >done.txt 2>&1
expect_grep '^batch 1 is finished: nothing left to print' done.txt
integrity "$cdb"
expect_eq "crash batch" "finished 300 0" \
	"$(jq -r '"\(.state) \(.total) \(.pending)"' final.json)"
# Every order exactly once, except the reported ones: each time an item
# was reported uncertain adds at most one copy; a reprinted item then
# printed once more, a skipped one did not.
per_order cemu >counts.txt
i=20001
while [ $i -le 20300 ]; do
	c=$(awk -v o="#$i" '$2 == o { print $1 }' counts.txt)
	c=${c:-0}
	n=$(awk -v o="#$i" '$1 == o' decisions.txt | wc -l)
	d=$(awk -v o="#$i" '$1 == o { print $2 }' decisions.txt | tail -1)
	case "$d" in
	"") ok=$((c == 1)) ;;
	reprint) ok=$((c >= 1 && c <= n + 1)) ;;
	skip) ok=$((c <= n)) ;;
	esac
	[ "$ok" -eq 1 ] || fail "#$i printed $c times (uncertain $n times, last: ${d:-never})"
	i=$((i + 1))
done
expect_eq "no stray slips" "" "$(awk '$2 !~ /^#20[0-9][0-9][0-9]$/' counts.txt)"
echo "crash test: $runs kills, $(wc -l <decisions.txt) uncertain item(s), $(slips cemu) slips" >&2
