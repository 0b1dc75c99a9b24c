#!/bin/bash
# Decisions on the screen: submit, approve with a comment at each step up
# to the director's sign-off, return with a comment (required); each
# checked in the database through the CLI (show --json, history).
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

# submitted LOGIN TITLE — a draft written and submitted with the CLI;
# prints its id.
submitted() {
	local id
	if ! id=$(new_draft "$1" "$2") || ! db "$1" submit "${id:0:8}"; then
		fail "could not prepare the item: $(cat "$T/db.err")"
		return 1
	fi
	echo "$id"
}

# checklist_clear LOGIN ID — LOGIN answers every question of the item's
# confidentiality checklist 否 with the CLI (the sign-off needs it).
checklist_clear() {
	local question
	for question in $(db "$1" checklist questions | cut -f 1); do
		db "$1" checklist answer "${2:0:8}" "$question" 否 >/dev/null || {
			fail "$1 could not answer question $question: $(cat "$T/db.err")"
			return 1
		}
	done
}

# decide KEY COMMENT — on a list or item: KEY (a or r), y to the question,
# then COMMENT and Enter at the prompt.
decide() {
	keys "$1"
	until_message "\(y/n\)" || return 1
	keys y
	until_message "[Cc]omment|change" || return 1
	[ -n "$2" ] && type_text "$2"
	keys Enter
}

t_submit() {
	local id
	id=$(new_draft zhangwei "送审测试")
	start_as zhangwei
	until_selected "送审测试"
	keys s
	until_message "送审测试.*\(y/n\)"
	keys y
	until_message "Sent"
	until_unlisted "送审测试" # it left My drafts
	expect_field zhangwei "$id" state review step 1
	expect_history zhangwei "$id" '\(zhangwei\)\tsubmitted\tv1\t' "submission"
	quit
}
run_test "s then y submits the selected draft: the CLI shows it in review at step 1" t_submit

t_submit_no() {
	local id
	id=$(new_draft zhangwei "不送审")
	start_as zhangwei
	until_selected "不送审"
	keys s
	until_message "\(y/n\)"
	keys n
	until_message "Cancelled"
	expect_field zhangwei "$id" state draft
	quit
}
run_test "n to the question submits nothing" t_submit_no

t_chain() {
	local id
	id=$(submitted zhangwei "审核链测试：三级审核") || return
	# Step 1: the head of 综合科 answers the confidentiality checklist
	# and approves from the list.
	checklist_clear zhouqiang "$id" || return
	start_as zhouqiang
	until_selected "审核链测试"
	decide a "同意，请分管领导审核"
	until_message "Approved"
	until_unlisted "审核链测试" # no longer waits for him
	expect_field zhouqiang "$id" step 2
	quit
	# Step 2: the deputy approves from the item screen.
	start_as liuhongmei
	until_selected "审核链测试"
	keys Enter
	until_screen "《审核链测试：三级审核》"
	decide a "同意公开"
	until_message "Approved"
	expect_field liuhongmei "$id" step 3
	keys q
	until_gone "《审核链测试：三级审核》"
	quit
	# Step 3: the director signs off.
	start_as wangjianguo
	until_selected "审核链测试"
	keys a
	until_message "[Ss]ign off.*\(y/n\)"
	keys y
	until_message "[Cc]omment"
	type_text "签发"
	keys Enter
	until_message "Signed off"
	expect_field wangjianguo "$id" state signed step 0
	expect_history zhangwei "$id" '周强 \(zhouqiang\)\tapproved\tv1\tstep 1 [^\t]*\t同意，请分管领导审核$' "the head's approval with its comment"
	expect_history zhangwei "$id" '刘红梅 \(liuhongmei\)\tapproved\tv1\tstep 2 [^\t]*\t同意公开$' "the deputy's approval with its comment"
	expect_history zhangwei "$id" '王建国 \(wangjianguo\)\tsigned off\tv1\tstep 3 [^\t]*\t签发$' "the director's sign-off with its comment"
	skip && return
	db wangjianguo queue signed | grep -q "^$id" ||
		fail "the CLI's signed queue does not list it"
	quit
}
run_test "the head, the deputy and the director approve with comments (a, y, comment, Enter): history shows each, the item is signed" t_chain

t_return() {
	local id
	id=$(submitted zhangwei "退回测试")
	start_as zhouqiang
	until_selected "退回测试"
	decide r "请补充数据来源"
	until_message "Returned"
	expect_field zhouqiang "$id" state returned
	expect_history zhangwei "$id" '周强 \(zhouqiang\)\t[^\t]*\tv1\tstep 1 [^\t]*\t请补充数据来源$' "the return with its comment"
	quit
	# The author finds it in Returned, the comment in its timeline.
	start_as zhangwei
	until_row 1 "Returned 1"
	until_selected "退回测试"
	keys Enter
	until_screen "请补充数据来源"
	quit
}
run_test "r, y and a comment return the item: the CLI shows it returned with the comment, the author sees it" t_return

t_return_needs_comment() {
	local id
	id=$(submitted zhangwei "空意见退回")
	start_as zhouqiang
	until_selected "空意见退回"
	keys r
	until_message "\(y/n\)"
	keys y
	until_message "[Rr]equired"
	keys Enter # empty
	until_message "[Rr]equired" # asked again
	type_text "   "
	keys Enter # blank
	until_message "[Rr]equired"
	expect_field zhouqiang "$id" state review
	type_text "理由：标题不规范"
	keys Enter
	until_message "Returned"
	expect_field zhouqiang "$id" state returned
	# (The refused blanks stay in the field, before what is typed next.)
	expect_history zhangwei "$id" '\tstep 1 [^\t]*\t\s*理由：标题不规范$' "the return with its comment"
	quit
}
run_test "an empty or blank comment for a return is refused and asked again" t_return_needs_comment

t_return_empty_says_why() {
	submitted zhangwei "空意见提示" >/dev/null
	start_as zhouqiang
	until_selected "空意见提示"
	keys r
	until_message "\(y/n\)"
	keys y
	until_message "[Rr]equired" || return
	local prompt
	prompt=$(message)
	keys Enter
	# The prompt comes back saying why ("cannot be empty", "Required …"):
	# the line must change, not just blink.
	_until "the prompt to say why the empty comment was refused" \
		"$GK_E2E_TIMEOUT" _message_changed "$prompt" "[Rr]equired|[Ee]mpty"
	keys Escape
	until_message "Cancelled"
	quit
}
_message_changed() { [ "$(message)" != "$1" ] && message | grep -qE -- "$2"; }
run_test "an empty return comment is refused with a reason while asking again" t_return_empty_says_why

t_cancel_comment() {
	local id
	id=$(submitted zhangwei "取消审核")
	start_as zhouqiang
	until_selected "取消审核"
	keys a
	until_message "\(y/n\)"
	keys y
	until_message "[Cc]omment"
	type_text "写了一半"
	keys Escape
	until_message "Cancelled"
	expect_field zhouqiang "$id" step 1
	quit
}
run_test "Esc at the comment prompt cancels the approval" t_cancel_comment

# A reviewer sees an item again after a return and an edit: the item says
# so, and d shows what changed since the version they decided on, the
# changed characters marked (reverse video) in the old line.
t_diff_since_my_decision() {
	local id
	id=$(new_draft zhangwei "差异测试" "第一段。
本项目预计投资一百二十万元，由区财政承担。
第三段。")
	db zhangwei submit "${id:0:8}" >/dev/null &&
		db zhouqiang return "${id:0:8}" --comment "请核实金额" >/dev/null &&
		db_in "第一段。
本项目预计投资一百万元，由区财政承担。
第三段。" zhangwei draft edit "${id:0:8}" --body-file /dev/stdin >/dev/null &&
		db zhangwei submit "${id:0:8}" >/dev/null ||
		fail "preparing the item failed: $(cat "$T/db.err")"
	start_as zhouqiang
	until_selected "差异测试"
	keys Enter
	until_screen "You last decided on v1; it is v2 now"
	keys d
	until_screen "v1 → v2"
	until_screen "- 本项目预计投资一百二十万元，由区财政承担。"
	until_screen "+ 本项目预计投资一百万元，由区财政承担。"
	skip && return
	# Only 二十 is reversed, in the old line.
	local marked
	marked=$(capture_e | grep -F "一百" | head -n 1 |
		sed 's/\x1b\[[0-9;]*7m/[/g; s/\x1b\[[0-9;]*m/]/g' | tr -d ']' )
	[[ "$marked" == *"一百[二十万元"* ]] ||
		fail "the change is not marked in the old line: $marked"
	keys q
	until_screen "《差异测试》"
	quit
}
run_test "d shows what changed since my decision, the changed characters marked" t_diff_since_my_decision
