#!/bin/bash
# Resizing the terminal: below 80×24 the workstation says it is too small;
# back at 80×24 the screen is whole again, with nothing lost: not the text
# typed in the draft form, not an open question or a half-typed comment.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

# The Waiting column ("3m", "2h5m", "1d4h") may tick between two looks.
mask_ages() { sed -E 's/ [0-9]+(d[0-9]+h|h[0-9]+m|m) / AGE /g'; }

too_small() {
	resize 60 15
	until_screen "too small"
	until_screen "60×15"
}

t_queues() {
	start_as zhouqiang
	until_selected ""
	local before
	before=$(capture | mask_ages)
	too_small
	until_gone "To review"
	resize 80 24
	until_gone "too small"
	until_screen "To review"
	until_row $((ROWS - 1)) "\(zhouqiang\)"
	expect_eq "$(capture | mask_ages)" "$before" "the screen after resizing back"
	quit
}
run_test "at 60×15 the queues say the terminal is too small; back at 80×24 the screen is as it was" t_queues

t_draft_form() {
	start_as zhangwei
	keys w
	until_screen "New draft"
	type_text "缩放窗口不丢字"
	keys Tab Tab Tab Tab
	type_text "第一行正文"
	keys Enter
	type_text "第二行 second line"
	until_screen "第二行 second line"
	too_small
	until_gone "缩放窗口不丢字"
	until_gone "Q quits" # not with a draft unsaved …
	keys Q               # … and Q does not throw it away
	resize 80 24
	until_gone "too small"
	until_screen "New draft"
	until_screen "缩放窗口不丢字"
	until_screen "第一行正文"
	until_screen "第二行 second line"
	# Typing goes on where it was: the end of the body.
	type_text "。"
	until_screen "第二行 second line。"
	keys C-s
	until_message "Saved"
	skip && return
	local id
	id=$(db zhangwei queue drafts | awk -F'\t' '$5 == "缩放窗口不丢字" { print $1 }')
	[ -n "$id" ] || fail "the CLI's drafts queue does not list the draft"
	expect_field zhangwei "$id" body "第一行正文
第二行 second line。"
	quit
}
run_test "resizing while writing a draft keeps the typed title and body, and Ctrl-S saves them" t_draft_form

t_question() {
	local id
	id=$(new_draft zhangwei "缩放时的提问")
	start_as zhangwei
	until_selected "缩放时的提问"
	keys s
	until_message "缩放时的提问.*\(y/n\)"
	too_small
	resize 80 24
	until_gone "too small"
	until_message "缩放时的提问.*\(y/n\)" # still asking
	until_screen "My drafts"                 # over the whole screen
	keys y
	until_message "Sent"
	expect_field zhangwei "$id" state review
	quit
}
run_test "a y/n question open during a resize is asked again whole, and y still answers it" t_question

t_comment_prompt() {
	local id
	id=$(new_draft zhangwei "缩放时的意见")
	db zhangwei submit "${id:0:8}"
	start_as zhouqiang
	until_selected "缩放时的意见"
	keys r
	until_message "\(y/n\)"
	keys y
	until_message "[Rr]equired"
	type_text "写到一半的意见"
	until_message "写到一半的意见"
	too_small
	resize 80 24
	until_gone "too small"
	until_message "写到一半的意见"
	type_text "，写完了"
	keys Enter
	until_message "Returned"
	expect_field zhouqiang "$id" state returned
	skip && return
	db zhouqiang history "${id:0:8}" | grep -q "	写到一半的意见，写完了$" ||
		fail "history lacks the whole comment: $(db zhouqiang history "${id:0:8}")"
	quit
}
run_test "a half-typed comment survives a resize and is saved whole" t_comment_prompt

t_shrink_keeps_selection() {
	ROWS=40
	# The publisher sees every item (37): more than 24 rows show.
	start_as sunli
	goto_queue sunli all
	local all title
	all=$(count sunli all)
	title=$(db sunli queue all | sed -n 31p | cut -f5)
	for _ in $(seq 30); do keys j; done
	until_row $((ROWS - 1)) " 31/$all *\$"
	until_selected "${title:0:6}"
	resize 80 24
	until_row $((ROWS - 1)) " 31/$all *\$"
	# The selected item (31) must still be on the screen, marked.
	until_selected "${title:0:6}"
	quit
}
run_test "shrinking the window (80×40 to 80×24) keeps the selected item on the screen" t_shrink_keeps_selection

# Ended, or asking y/n (which must then be on the screen to be answered).
_ended_or_asking() { [ -s "$T/status.$RUNS" ] || _on_screen "(y/n)"; }

t_quit_when_small() {
	start_as zhangwei
	too_small
	until_screen "Q quits"
	keys Q
	_until "the program to quit or ask" "$GK_E2E_TIMEOUT" _ended_or_asking
	[ -s "$T/status.$RUNS" ] || keys y
	until_exit
}
run_test "Q quits while the terminal is too small, as the screen says (asking y/n on the screen first, if at all)" t_quit_when_small
