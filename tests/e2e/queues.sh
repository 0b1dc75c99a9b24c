#!/bin/bash
# The queues screen: each role sees its own tabs, with the counts the CLI
# gives; the keys move between tabs; Enter opens an item and q comes back.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

# expect_tabs LOGIN REGEX — the tabs (row 1) are the queues REGEX matches
# (their CLI names, in order, space-separated), each with the count of the
# CLI's queue for LOGIN.
expect_tabs() {
	until_row 1 "[0-9]" || return 1
	local who=$1 shown queue n
	shown=$(tabs)
	[[ "$(cut -d' ' -f1 <<<"$shown" | tr '\n' ' ')" =~ $2 ]] ||
		fail "the tabs are not /$2/: $(row 1)" "read as: $(tr '\n' ' ' <<<"$shown")"
	skip && return 1
	while read -r queue n; do
		expect_eq "$n" "$(count "$who" "$queue")" "the count on the $queue tab"
	done <<<"$shown"
}

t_officer_tabs() {
	new_draft lina "李娜的第二份草稿" >/dev/null
	start_as lina
	expect_tabs lina "^drafts returned submitted all $"
	quit
}
run_test "an officer sees My drafts, Returned, Submitted and All items with the CLI's counts" t_officer_tabs

t_head_tabs() {
	start_as zhouqiang
	expect_tabs zhouqiang "^review all $"
	quit
}
run_test "a department head sees To review and All items with the CLI's counts" t_head_tabs

t_deputy_tabs() {
	start_as liuhongmei
	expect_tabs liuhongmei "^review all $"
	quit
}
run_test "the deputy sees To review and All items with the CLI's counts" t_deputy_tabs

t_director_tabs() {
	start_as wangjianguo
	# (Sign-off may be left out for him: it is his review queue.)
	expect_tabs wangjianguo "^review (signoff )?signed all $"
	quit
}
run_test "the director sees To review (or sign-off), Signed and All items with the CLI's counts" t_director_tabs

t_publisher_tabs() {
	start_as sunli # 信息公开业务主管: a drafter and the publisher
	expect_tabs sunli "^drafts returned submitted signoff signed all $"
	quit
}
run_test "the publisher sees her own drafts, returned and submitted items, Sign-off, Signed and All items with the CLI's counts" t_publisher_tabs

t_list_matches_cli() {
	start_as wangjianguo
	# The director opens on To review: the CLI's review queue,
	# newest first, each title (or its start, when cut) in its row.
	until_selected "" || return
	local i=0 title screen
	screen=$(capture)
	while IFS=$'\t' read -r _ _ _ _ title; do
		i=$((i + 1))
		sed -n "$((i + 2))p" <<<"$screen" | grep -qF -- "${title:0:8}" ||
			fail "row $i does not show '${title:0:8}…' (the CLI's item $i)"
	done < <(db wangjianguo queue review)
	[ "$i" -gt 0 ] || fail "the CLI's review queue is empty"
	quit
}
run_test "a queue lists the CLI's items in the CLI's order, newest first" t_list_matches_cli

# The status line ends in "SELECTED/COUNT" of the tab shown.
until_count() { until_row $((ROWS - 1)) " [0-9]+/$1 *\$"; }

t_tab_keys() {
	# lina: 2 drafts, 1 returned item, some in review, and all 37: each
	# tab has its own count.
	new_draft lina "李娜的第二份草稿" >/dev/null
	local all returned submitted
	all=$(count lina all)
	submitted=$(count lina submitted)
	returned=$(db lina queue returned | cut -f5)
	start_as lina
	# She opens where the work is: the item returned to her.
	until_count 1
	until_selected "${returned:0:8}"
	keys Tab
	until_row 1 "Submitted $submitted" # the selected tab
	until_count "$submitted"
	keys Tab
	until_count "$all"
	keys Right
	until_count 2 # wraps around to My drafts
	until_selected "李娜的第二份草稿"
	keys BTab
	until_count "$all" # Shift-Tab wraps back to All items
	keys Left
	until_count "$submitted"
	keys Left
	until_count 1
	keys l
	until_count "$submitted"
	keys h
	until_count 1
	quit
}
run_test "Tab and → move to the next queue, Shift-Tab and ← to the previous, wrapping around" t_tab_keys

t_open_item() {
	local id
	id=$(new_draft zhangwei "打开测试：信息标题" "第一段正文。
第二段正文。")
	db zhangwei submit "${id:0:8}" || fail "submit failed: $(cat "$T/db.err")"
	start_as zhouqiang
	until_selected "打开测试"
	keys Enter
	# Its title, its metadata, its body, and its timeline.
	until_screen "《打开测试：信息标题》"
	until_screen "经信动态"
	until_screen "综合科 · 张伟 (zhangwei)"
	until_screen "step 1"
	until_screen "${id:0:8}"
	until_screen "第二段正文。"
	until_screen "Timeline"
	until_row $((ROWS - 1)) "Item"
	skip && return
	local timeline
	timeline=$(capture | sed -n '/Timeline/,$p')
	grep -q "张伟 (zhangwei).*created.*v1" <<<"$timeline" ||
		fail "the timeline has no 'created' line"
	grep -q "张伟 (zhangwei).*submitted.*v1" <<<"$timeline" ||
		fail "the timeline has no 'submitted' line"
	keys q
	until_gone "《打开测试：信息标题》"
	until_screen "To review"
	until_selected "打开测试"
	quit
}
run_test "Enter opens the item: title, metadata, body and timeline; q goes back to the queue" t_open_item

t_empty_queue() {
	expect_eq "$(count zhangwei drafts)" 0 "zhangwei's drafts in the demo"
	start_as zhangwei
	# The first tab, My drafts, is empty and says so.
	until_count 0
	until_screen "Nothing here"
	keys Enter
	until_message "empty"
	quit
}
run_test "an empty queue says so, and Enter on it explains instead of opening" t_empty_queue

t_prompt_history() {
	start_as zhangwei
	keys /
	until_row "$ROWS" "^Search titles, departments, authors: *$"
	type_text "甲乙丙"
	keys Enter
	until_message "Not found in this queue: 甲乙丙"
	keys Escape
	# Asked again, ↑ brings back the answer given before, ↓ what was typed.
	keys /
	until_row "$ROWS" "^Search titles, departments, authors: *$"
	type_text "丁"
	keys Up
	until_row "$ROWS" "^Search titles, departments, authors: 甲乙丙 *$"
	keys Up # nothing older: it stays
	until_row "$ROWS" "authors: 甲乙丙 *$"
	keys Down
	until_row "$ROWS" "^Search titles, departments, authors: 丁 *$"
	keys Escape
	until_message "Cancelled"
	quit
}
run_test "↑ in a question brings back the answer given to it before, ↓ returns to what was typed" t_prompt_history
