#!/bin/bash
# The login screen: a good login opens the queues, a wrong password is
# refused with the core's reason, and five in a row lock the login.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

t_good_login() {
	start
	login zhangwei
	until_screen "My drafts"
	until_screen "All items"
	# The status line names the user: " 张伟 (zhangwei) │ Queues".
	until_row $((ROWS - 1)) "张伟 \(zhangwei\)"
	quit
}
run_test "a good login shows the queues and the user's name in the status line" t_good_login

t_wrong_password() {
	start
	login zhangwei not-the-password
	until_message "Wrong login or password"
	# Still the login screen: its fields, and no queues.
	until_screen "Password:"
	until_row $((ROWS - 1)) "gongkai"
	if ! skip && capture | grep -q "My drafts\|(zhangwei)"; then
		fail "a wrong password opened the queues"
	fi
	# The password field was cleared and has the focus: the right password
	# now logs in.
	type_text "$PASSWORD"
	keys Enter
	until_row $((ROWS - 1)) "\(zhangwei\)"
	quit
}
run_test "a wrong password shows the core's reason and stays on the login screen" t_wrong_password

t_unknown_login() {
	start
	login nobody
	until_message "Wrong login or password"
	until_screen "Password:"
	quit
}
run_test "an unknown login is refused like a wrong password" t_unknown_login

t_lockout() {
	start
	login lina wrong-1
	until_message "Wrong login or password"
	local i
	for i in 2 3 4 5; do
		# Each refusal clears the password field and leaves the focus
		# there; the message goes with the next key.
		type_text "wrong-$i"
		keys Enter
		if [ "$i" -lt 5 ]; then
			until_message "Wrong login or password" || return
		fi
	done
	until_message "locked"
	until_screen "Password:"
	skip && return
	local users
	users=$(db admin user list)
	grep -qP '^lina\t.*\tlocked$' <<<"$users" ||
		fail "user list does not mark lina locked:" "$users"
	# Even the right password is refused now, and says why.
	type_text "$PASSWORD"
	keys Enter
	until_message "locked until"
	until_screen "Password:"
	quit
}
run_test "after 5 wrong passwords the login is locked, says so, and refuses the right one" t_lockout

t_login_needs_both_fields() {
	start
	until_screen "gongkai 公开"
	keys Enter
	until_message "login"
	keys zhangwei Enter
	until_message "password"
	type_text "$PASSWORD"
	keys Enter
	until_row $((ROWS - 1)) "\(zhangwei\)"
	quit
}
run_test "Enter with an empty field asks for the login, then the password" t_login_needs_both_fields

t_logout() {
	start_as zhouqiang
	keys q
	until_message "\(y/n\)"
	keys y
	until_screen "Password:"
	until_row $((ROWS - 1)) "gongkai"
	# Esc on the login screen quits.
	keys Escape
	until_exit
}
run_test "q logs out (after y) back to the login screen; Esc there quits" t_logout
