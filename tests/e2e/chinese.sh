#!/bin/bash
# The Chinese UI (LANGUAGE=zh_CN): the screens speak Chinese — the login
# screen, the queues, an item, the draft form — with no English label
# left, and a y/n question takes 是 too.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

# expect_words WORD... — each is on the screen now (after the first).
expect_words() {
	local w
	for w in "$@"; do until_screen "$w" || return 1; done
}

# expect_no_english WORD... — none of these English labels is on the
# screen.
expect_no_english() {
	skip && return 1
	local w screen
	screen=$(capture)
	for w in "$@"; do
		grep -qF -- "$w" <<<"$screen" && fail "English '$w' on the Chinese screen"
	done
	return 0
}

t_login() {
	UI_LANGUAGE=zh_CN
	start
	until_screen "gongkai 公开"
	expect_words "登录" "密码"
	expect_no_english "Login:" "Password:" "Government" "Log in"
	login zhouqiang wrong-password
	until_message "密码" # the core's reason, in Chinese
	quit
}
run_test "zh_CN: the login screen says 登录 and 密码, and the refusal is Chinese" t_login

t_queues() {
	UI_LANGUAGE=zh_CN
	start_as zhouqiang
	expect_words "待我审核" "全部" "标题" "部门" "状态"
	expect_no_english "Awaiting" "All items" "Title" "Department" "State" "Queues"
	quit
}
run_test "zh_CN: a reviewer's queues show 待我审核 and 全部, and the columns 标题, 部门, 状态" t_queues

t_officer_tabs() {
	UI_LANGUAGE=zh_CN
	start_as lina
	expect_words "我的草稿" "已退回" "全部"
	expect_no_english "My drafts" "Returned"
	quit
}
run_test "zh_CN: an officer's tabs are 我的草稿, 已退回 and 全部" t_officer_tabs

t_item() {
	local id
	id=$(new_draft zhangwei "中文界面的信息")
	db zhangwei submit "${id:0:8}"
	UI_LANGUAGE=zh_CN
	start_as zhouqiang
	until_selected "中文界面的信息"
	keys Enter
	until_screen "《中文界面的信息》"
	expect_words "标题" "栏目" "状态" "审核中"
	expect_no_english "Title" "Category" "State" "Timeline" "in review"
	quit
}
run_test "zh_CN: an item shows 标题, 栏目, 状态 and the state 审核中" t_item

t_draft_form() {
	UI_LANGUAGE=zh_CN
	start_as zhangwei
	keys w
	until_screen "标题"
	expect_words "栏目" "文号" "公开属性" "主动公开"
	expect_no_english "New draft" "Title" "Category" "Disclosure" "Ctrl-S save"
	keys Escape
	until_screen "我的草稿"
	quit
}
run_test "zh_CN: the draft form labels its fields 标题, 栏目, 文号, 公开属性" t_draft_form

t_yes_in_chinese() {
	local id
	id=$(new_draft zhangwei "用是回答")
	UI_LANGUAGE=zh_CN
	start_as zhangwei
	until_selected "用是回答"
	keys s
	until_message "用是回答"
	type_text "是"
	until_unlisted "用是回答"
	expect_field zhangwei "$id" state review
	quit
}
run_test "zh_CN: 是 answers a y/n question (s, 是 submits)" t_yes_in_chinese
