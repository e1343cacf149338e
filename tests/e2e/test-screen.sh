# The packer's full screen (--screen curses) driven in tmux: what the packer
# sees after a good scan, a wrong item, a cancelled order and a reprint.
. "$SRC/tests/e2e/lib.sh"
command -v tmux >/dev/null || fail "tmux is not installed (make deps)"
db=$T/t.db
packctl --db "$db" import "$SRC/assets/demo/orders.csv" >/dev/null
packctl --db "$db" products import "$SRC/assets/demo/products.csv" >/dev/null

tm() { tmux -S "$T/tmux.sock" "$@"; }
trap 'tm kill-server 2>/dev/null || true' EXIT
# The pane keeps the view after packdesk ends so a failure can be read.
tm new-session -d -s pd -x 110 -y 32 \
	"TERM=xterm-256color PACKDESK_CONFIG='$PACKDESK_CONFIG' \
	PACKDESK_TEMPLATES='$PACKDESK_TEMPLATES' \
	PACKDESK_LOCALES='$PACKDESK_LOCALES' '$BUILD/packdesk' --db '$db' \
	--mode verify --printer 'file:$T/p.bin' --operator ana \
	--screen curses 2>'$T/err.txt'; sleep 600"
# wait_for PATTERN: the pane shows it within 5 s.
wait_for() {
	i=0
	while [ $i -lt 50 ]; do
		tm capture-pane -p -t pd >screen.txt
		grep -q -- "$1" screen.txt && return 0
		sleep 0.1; i=$((i + 1))
	done
	cat screen.txt >&2
	fail "the screen never showed \"$1\""
}
scan() { tm send-keys -t pd "$1" Enter; }

wait_for '^ READY '
expect_grep 'operator ana' screen.txt
scan 10423
wait_for '^ IN PROGRESS VERIFY   *#10423: scan each item'
expect_grep '^  #10423' screen.txt
expect_grep '\[ \]   0/2   Insulated Cup 500ml (HP-CUP-500)' screen.txt
scan 0850012345025
wait_for '\[ \]   1/2   Insulated Cup 500ml (HP-CUP-500)'
expect_grep '^ IN PROGRESS OK  *Insulated Cup 500ml (HP-CUP-500)' screen.txt
# The scan is not echoed over the view.
if grep -q 0850012345025 screen.txt; then fail "scan echoed"; fi

scan 0850012345049
wait_for '^ STOP  *WRONG  *Hand Coffee Grinder (HP-GRINDER-02) is not in #10423'
expect_grep '^  WRONG  ' screen.txt

for code in 0850012345018 0850012345025 0850012345032; do scan $code; done
wait_for '^ COMPLETE  *PRINTED  *#10423'
scan REPRINT
wait_for '^ COMPLETE  *REPRINT  *#10423'

scan 10425
wait_for '^ STOP  *STOP  *#10425 WAS CANCELLED - DO NOT SHIP'
expect_grep '^  #10425' screen.txt

tm kill-server
trap - EXIT
[ ! -s "$T/err.txt" ] || { cat "$T/err.txt"; fail "stderr"; }
packctl --db "$db" events --format jsonl | jq -r .type | paste -sd' ' >types.txt
expect_eq "events" "order_scanned item_scanned item_wrong item_scanned item_scanned item_scanned order_verified slip_printed reprint slip_printed order_scanned order_cancelled" "$(cat types.txt)"

# lines stays the default when the output is no terminal.
printf '10427\n' | packdesk --db "$db" --printer "file:$T/p.bin" >lines.txt
expect_grep '^PRINTED  #10427' lines.txt
rc=0; packdesk --screen tv </dev/null 2>/dev/null || rc=$?
expect_eq "bad screen" 2 "$rc"
