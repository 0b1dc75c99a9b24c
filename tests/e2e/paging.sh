#!/bin/bash
# A queue of several pages (the officer's 250 drafts; a page holds 100):
# G reaches the last item, paging down shows every row once and in order,
# and a search for a word no item has ends saying so.  Each once ran for
# ever: the second page was the first again.
# shellcheck source=tests/e2e/lib.sh
DEMO_ARGS="--drafts 250"
. "$(dirname "$0")/lib.sh"

DRAFTS=250

_settled() {
	local first
	first=$(capture)
	[ "$first" = "$(capture)" ]
}

to_drafts() {
	start_as zhangwei || return 1
	goto_queue zhangwei drafts
}

t_end() {
	to_drafts
	expect_eq "$(count zhangwei drafts)" "$DRAFTS" "drafts in the CLI's queue"
	local order
	order=$(db zhangwei queue drafts --limit 1000 | cut -f5)
	keys G
	until_row $((ROWS - 1)) " $DRAFTS/$DRAFTS *\$"
	until_selected "$(tail -n 1 <<<"$order")"
	keys g
	until_row $((ROWS - 1)) " 1/$DRAFTS *\$"
	until_selected "$(head -n 1 <<<"$order")"
	quit
}
run_test "G on a queue of several pages selects its last item, g its first" t_end

# Each screen, from the selected row and its position k/N in the status
# line, says which position every row on it holds: no position may show
# two titles, no title two positions, and all of 1..N must be seen, in the
# queue's order (the CLI's).
t_every_row_once() {
	local pages=$T/pages before k
	to_drafts || return
	: >"$pages"
	for ((k = 0; k < 40; k++)); do
		# A whole screen: the same twice running (tmux may be read
		# while a redraw is still arriving).
		_until "a settled screen" "$GK_E2E_TIMEOUT" _settled || return
		capture >>"$pages"
		echo "=== end of screen" >>"$pages"
		row $((ROWS - 1)) | grep -qE " $DRAFTS/$DRAFTS *\$" && break
		before=$(capture)
		keys PgDn
		_until "the next page" "$GK_E2E_TIMEOUT" _changed "$before" || return
	done
	# The queue's order as the CLI gives it (newest first; drafts saved
	# in the same millisecond by their ids).
	db zhangwei queue drafts --limit 1000 | cut -f5 >"$T/order"
	"$PYTHON" - "$pages" "$T/order" "$ROWS" <<'PY' >"$T/check" 2>&1 ||
import re, sys
path, order, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
titles = open(order, encoding="utf-8").read().split("\n")[:-1]
total = len(titles)
at = {}    # position -> title
where = {} # title -> position
for screen in open(path, encoding="utf-8").read().split("=== end of screen\n"):
    lines = screen.split("\n")
    if len(lines) < rows:
        continue
    status = re.search(r" (\d+)/(\d+) *$", lines[rows - 2])
    listed = lines[2:rows - 2]
    chosen = [i for i, l in enumerate(listed) if l.startswith(" >")]
    if not status or len(chosen) != 1:
        sys.exit("a screen without one selected row and k/N:\n" + screen)
    for i, line in enumerate(listed):
        m = re.match(r"^..(演示草稿第\d+号)", line)
        if not m:
            continue
        pos = int(status.group(1)) - chosen[0] + i
        title = m.group(1)
        if at.setdefault(pos, title) != title:
            sys.exit(f"row {pos} showed {at[pos]} and {title}")
        if where.setdefault(title, pos) != pos:
            sys.exit(f"{title} showed at rows {where[title]} and {pos}")
want = {p: titles[p - 1] for p in range(1, total + 1)}
if total != 250:
    sys.exit(f"the CLI lists {total} drafts, not 250")
if at != want:
    missing = sorted(set(want) - set(at))[:10]
    wrong = [p for p in at if want.get(p) != at[p]][:10]
    sys.exit(f"rows not seen: {missing}; rows out of order: "
             + ", ".join(f"{p}: {at[p]}" for p in wrong))
PY
		fail "paging down did not show every row once" "$(cat "$T/check")"
	quit
}
run_test "paging down a queue of several pages shows each of its rows once, in order" t_every_row_once

t_search_missing() {
	to_drafts || return
	keys /
	until_message "Search"
	type_text "没有这个词"
	keys Enter
	until_message "Not found in this queue: 没有这个词"
	# The workstation still answers: the selection stays, G moves.
	until_row $((ROWS - 1)) " 1/$DRAFTS *\$"
	keys Escape G
	until_row $((ROWS - 1)) " $DRAFTS/$DRAFTS *\$"
	quit
}
run_test "/ for a word no item of a queue of several pages has ends with 'Not found'" t_search_missing
