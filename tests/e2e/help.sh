#!/bin/bash
# The help screens, generated from the key tables: ? on the queues is
# compared with the checked-in tests/e2e/expected/help-queue.txt (so a
# change to the queue keys in ui/screen_queue.c shows up here as a diff),
# and with what `gongkai keys` prints for the same screen.
#
# GK_E2E_UPDATE=1 rewrites the expected file from the screen instead.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

EXPECTED=$E2E/expected/help-queue.txt

# The help text on the screen: the rows between the title and the status
# line, trailing spaces and empty rows at the end dropped.
help_body() {
	capture | sed -n "2,$((ROWS - 2))p" | sed 's/ *$//' |
		sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
}

t_help_queue() {
	ROWS=40 # the whole help on one screen
	start_as zhangwei
	keys '?'
	until_screen "Keys: Queues"
	until_screen "Ctrl-L" # its last line
	skip && return
	help_body >"$T/help.txt"
	if [ -n "${GK_E2E_UPDATE:-}" ]; then
		cp "$T/help.txt" "$EXPECTED"
	elif ! diff -u "$EXPECTED" "$T/help.txt" >"$T/help.diff"; then
		fail "the help of the queues differs from $EXPECTED:"
		sed 's/^/#   /' "$T/help.diff" >>"$DIAG"
	fi
	keys q
	until_gone "Keys: Queues"
	until_screen "My drafts"
	quit
}
run_test "? on the queues shows the keys of tests/e2e/expected/help-queue.txt" t_help_queue

t_help_is_keys() {
	ROWS=40
	start_as zhangwei
	keys '?'
	until_screen "Keys: Queues"
	until_screen "Ctrl-L"
	skip && return
	help_body >"$T/help.txt"
	LANGUAGE=en "$GONGKAI_BIN" keys 2>&1 |
		awk '/^Queues$/ { f = 1; next } f && /^[^ ]/ { exit } f' |
		sed 's/ *$//' | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' >"$T/keys.txt"
	diff -u "$T/keys.txt" "$T/help.txt" >"$T/help.diff" || {
		fail "? on the queues and 'gongkai keys' (Queues) differ:"
		sed 's/^/#   /' "$T/help.diff" >>"$DIAG"
	}
	quit
}
run_test "? on the queues says what 'gongkai keys' says for Queues" t_help_is_keys

t_help_scrolls() {
	start_as zhangwei # 80×24: the help is longer than the screen
	keys '?'
	until_screen "Keys: Queues"
	until_screen "next item"
	keys G
	until_screen "Ctrl-L"
	until_row $((ROWS - 1)) "100%"
	keys g
	until_screen "next item"
	keys q
	until_screen "My drafts"
	quit
}
run_test "the help scrolls (G to the end, g to the top) and q leaves it" t_help_scrolls

t_help_item() {
	start_as zhouqiang
	until_selected ""
	keys Enter
	until_row $((ROWS - 1)) "Item"
	keys '?'
	until_screen "Keys: Item"
	until_screen "approve"
	until_screen "what changed"
	keys q
	until_screen "Timeline"
	quit
}
run_test "? on an item shows the item's keys" t_help_item

t_help_draft() {
	ROWS=40
	start_as zhangwei
	keys w
	until_screen "New draft"
	type_text "帮助不丢标题"
	keys F1
	until_screen "Keys: Draft"
	until_screen "save the draft"
	until_screen "Backspace" # the editing keys too
	keys q
	until_screen "New draft"
	until_screen "帮助不丢标题"
	keys Escape
	until_message "\(y/n\)"
	keys y
	until_screen "My drafts"
	quit
}
run_test "F1 in the draft form shows its keys and the editing keys; q returns to the form as it was" t_help_draft

t_help_login() {
	start
	until_screen "gongkai 公开"
	keys F1
	until_screen "log in"
	until_screen "move to the other field"
	keys q
	until_screen "Password:"
	quit
}
run_test "F1 on the login screen shows its keys" t_help_login
