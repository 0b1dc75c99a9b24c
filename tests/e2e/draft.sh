#!/bin/bash
# Writing: a new draft in the built-in editor (Chinese text, fields, a
# body of several lines), editing a draft, cancelling, and the body in an
# external $EDITOR; each checked in the database through the CLI.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

TITLE="关于2026年“5G+工业互联网”试点的通知（征求意见稿）"
LINE1="各镇（街道）、各有关企业："
LINE2="mixed ASCII and 中文, 100% UTF-8 ✓"
LINE3="特此通知。"

# The id of LOGIN's draft titled TITLE, from the CLI's drafts queue.
draft_id() {
	db "$1" queue drafts | awk -F'\t' -v t="$2" '$5 == t { print $1 }'
}

t_new_draft() {
	start_as zhangwei
	until_screen "My drafts"
	keys w
	until_screen "New draft"
	type_text "$TITLE"
	until_screen "$TITLE"
	keys Tab Right # 栏目: the first is 政务公开, the next 经信动态
	until_screen "◀ 经信动态 ▶"
	keys Tab
	type_text "川经信发〔2026〕7号"
	keys Tab Right # 公开属性: from 主动公开 to the next
	until_screen "依申请公开"
	keys Tab
	type_text "$LINE1"
	keys Enter
	type_text "$LINE2"
	keys Enter
	type_text "$LINE3"
	until_screen "$LINE3"
	keys C-s
	# Saved: the item opens, the message names it.
	until_message "Saved"
	until_screen "《$TITLE》"
	skip && return
	local id
	id=$(draft_id zhangwei "$TITLE")
	[ -n "$id" ] || fail "the CLI's drafts queue does not list the new draft:" "$(db zhangwei queue drafts)"
	expect_field zhangwei "$id" title "$TITLE" body "$LINE1
$LINE2
$LINE3" category 经信动态 doc_no "川经信发〔2026〕7号" attr on-request \
		version 1 state draft
	quit
}
run_test "a draft written in the built-in editor in Chinese is saved exactly (CLI: queue drafts, show --json)" t_new_draft

t_cancel_draft() {
	start_as zhangwei
	keys w
	until_screen "New draft"
	type_text "不要保存的标题"
	until_screen "不要保存的标题"
	keys Escape
	until_message "\(y/n\)"
	keys n # keep editing: nothing lost
	until_gone "(y/n)"
	until_screen "不要保存的标题"
	keys Escape
	until_message "\(y/n\)"
	keys y
	until_gone "New draft"
	until_screen "My drafts"
	expect_eq "$(count zhangwei drafts)" 0 "drafts in the CLI after cancelling"
	quit
}
run_test "Esc on a changed draft asks first; n keeps the text, y throws it away and saves nothing" t_cancel_draft

t_empty_title() {
	start_as zhangwei
	keys w
	until_screen "New draft"
	keys Tab Tab Tab Tab
	type_text "只有正文，没有标题。"
	keys C-s
	until_message "[Tt]itle"
	until_screen "New draft" # still on the form, the body kept
	until_screen "只有正文，没有标题。"
	expect_eq "$(count zhangwei drafts)" 0 "drafts in the CLI"
	keys Escape
	until_message "\(y/n\)"
	keys y
	until_screen "My drafts"
	quit
}
run_test "a draft without a title is refused with the core's reason and the form keeps the text" t_empty_title

t_edit_draft() {
	local id
	id=$(new_draft zhangwei "修改前的标题" "原来的正文。")
	start_as zhangwei
	until_selected "修改前的标题"
	keys e
	until_screen "Edit ${id:0:8}"
	# The cursor is at the end of the title: rub out all 6 characters.
	keys BSpace BSpace BSpace BSpace BSpace BSpace
	type_text "修改后的标题"
	until_screen "修改后的标题"
	keys C-s
	until_message "Saved"
	until_gone "Edit ${id:0:8}"
	expect_field zhangwei "$id" title "修改后的标题" version 2 body "原来的正文。"
	quit
}
run_test "e edits a draft; Ctrl-S saves the change as version 2" t_edit_draft

t_external_editor() {
	local id
	id=$(new_draft zhangwei "外部编辑器测试" "第一行
第二行
")
	cat >"$T/editor" <<-'EOF'
		#!/bin/sh
		printf '外部编辑器追加的一行\n' >>"$1"
	EOF
	chmod +x "$T/editor"
	start EDITOR="$T/editor"
	login zhangwei
	until_selected "外部编辑器测试"
	keys E
	until_message "version 2"
	until_selected "外部编辑器测试" # back on the queue, redrawn
	expect_field zhangwei "$id" version 2 body "第一行
第二行
外部编辑器追加的一行
"
	skip && return
	db zhangwei history "${id:0:8}" | grep -q "edited	v2" ||
		fail "history has no edit to v2: $(db zhangwei history "${id:0:8}")"
	quit
}
run_test "E runs \$EDITOR on the body; what it appends is saved as version 2" t_external_editor

t_editor_in_form() {
	cat >"$T/editor" <<-'EOF'
		#!/bin/sh
		printf '编辑器写的正文\n' >>"$1"
	EOF
	chmod +x "$T/editor"
	start EDITOR="$T/editor"
	login zhangwei
	until_screen "My drafts"
	keys w
	until_screen "New draft"
	type_text "表单中的外部编辑"
	keys C-e
	until_screen "编辑器写的正文"
	until_screen "表单中的外部编辑" # the title is still there
	keys C-s
	until_message "Saved"
	skip && return
	local id
	id=$(draft_id zhangwei "表单中的外部编辑")
	expect_field zhangwei "$id" body "编辑器写的正文
"
	quit
}
run_test "Ctrl-E in the form hands the body to \$EDITOR and keeps the other fields" t_editor_in_form

t_failing_editor() {
	local id
	id=$(new_draft zhangwei "编辑器失败" "原文。")
	cat >"$T/editor" <<-'EOF'
		#!/bin/sh
		echo changed >>"$1"
		exit 3
	EOF
	chmod +x "$T/editor"
	start EDITOR="$T/editor"
	login zhangwei
	until_selected "编辑器失败"
	keys E
	until_message "status 3"
	expect_field zhangwei "$id" version 1 body "原文。"
	quit
}
run_test "an editor that fails changes nothing and says its status" t_failing_editor

# Text pasted from a word processor carries Tabs and line ends: in the
# body they are text, not "next field" and not keys (bracketed paste).
t_paste_into_the_body() {
	start_as zhangwei
	until_screen "My drafts"
	keys w
	until_screen "New draft"
	type_text "粘贴的正文"
	keys Tab Tab Tab Tab
	type_text "第一行"
	until_screen "第一行"
	tm set-buffer -b gk "$(printf '表格\t第二列\n第二段 q Q')"
	tm paste-buffer -p -b gk -t "$SESSION"
	until_screen "第二段 q Q"
	until_screen "粘贴的正文" # the title kept its text
	keys C-s
	until_message "Saved"
	skip && return
	local id
	id=$(draft_id zhangwei "粘贴的正文")
	expect_field zhangwei "$id" body "$(printf '第一行表格\t第二列\n第二段 q Q')"
	quit
}
run_test "pasted Tabs and line ends go into the body as text" t_paste_into_the_body

# A closed window (SIGHUP) with a draft open keeps the draft.
t_hangup_keeps_the_draft() {
	start_as zhangwei
	until_screen "My drafts"
	keys w
	until_screen "New draft"
	type_text "断电前写的草稿"
	keys Tab Tab Tab Tab
	type_text "还没有保存的正文。"
	until_screen "还没有保存的正文。"
	stop # the window closes: the program gets SIGHUP
	_until "the draft in the database" "$GK_E2E_TIMEOUT" \
		eval '[ -n "$(draft_id zhangwei 断电前写的草稿)" ]'
	skip && return
	expect_field zhangwei "$(draft_id zhangwei 断电前写的草稿)" \
		body "还没有保存的正文。"
}
run_test "a window closed while a draft is open keeps the draft" t_hangup_keeps_the_draft
