#!/bin/bash
# Tagging and approving many items at once: the director tags items that
# await his sign-off with t and signs them all off with a; each is checked
# on its own, and a refusal of one does not stop the others.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

# The director, on the tab that lists what awaits his sign-off.
to_signoff() {
	start_as wangjianguo || return 1
	goto_queue wangjianguo signoff
}

# The signoff queue's first N ids (the list's order).
first_ids() { db wangjianguo queue signoff | head -n "$1" | cut -f1; }

# review_complete ID — the director completes the item's confidentiality
# review with the CLI, as he may at his step: masks what can be masked,
# dismisses the rest (a secrecy marking), answers 否 what is unanswered or
# was answered on an earlier version.
review_complete() {
	local p=${1:0:8} finding question
	while finding=$(db wangjianguo checklist "$p" |
		awk -F '\t' '$1 == "finding" && $6 == "open" { print $2 "\t" $4; exit }') &&
		[ -n "$finding" ]; do
		case ${finding#*$'\t'} in
		marking | restricted)
			db wangjianguo finding dismiss "$p" "${finding%%$'\t'*}" \
				--reason 已解密，可以公开 ;;
		*) db wangjianguo finding redact "$p" "${finding%%$'\t'*}" ;;
		esac || {
			fail "the director could not clear finding $finding of $p: $(cat "$T/db.err")"
			return 1
		}
	done
	for question in $(db wangjianguo checklist "$p" |
		awk -F '\t' '$1 == "question" && $5 != "current" { print $2 }'); do
		db wangjianguo checklist answer "$p" "$question" 否 >/dev/null || {
			fail "the director could not answer question $question of $p: $(cat "$T/db.err")"
			return 1
		}
	done
}

t_bulk_approve() {
	local signed ids id
	signed=$(count wangjianguo signed)
	mapfile -t ids < <(first_ids 3)
	for id in "${ids[@]}"; do review_complete "$id" || return; done
	to_signoff
	keys t t t
	until_row $((ROWS - 1)) "3 tagged"
	until_row 3 "^\*" # a mark on the tagged rows
	until_row 5 "^\*"
	keys a
	until_message "3 tagged items.*\(y/n\)"
	keys y
	until_message "[Cc]omment"
	keys Enter
	until_message "Approved 3 items"
	until_gone "3 tagged"
	expect_eq "$(count wangjianguo signed)" $((signed + 3)) "items in the CLI's signed queue"
	for id in "${ids[@]}"; do
		expect_field wangjianguo "$id" state signed
		skip && return
		db wangjianguo history "${id:0:8}" | grep -qP '王建国 \(wangjianguo\)\tsigned off\t' ||
			fail "history of ${id:0:8} has no sign-off by the director"
	done
	quit
}
run_test "the director tags 3 items awaiting his sign-off (t), a, y, Enter: each is signed off (CLI: signed queue, history)" t_bulk_approve

t_untag() {
	local signed
	signed=$(count wangjianguo signed)
	to_signoff
	keys t t
	until_row $((ROWS - 1)) "2 tagged"
	keys k t # back up to the second and untag it
	until_row $((ROWS - 1)) "1 tagged"
	keys T
	until_message "Untagged 1 item"
	until_row_not $((ROWS - 1)) "tagged"
	# Nothing tagged: a approves the selected item alone.
	keys a
	until_message "\(y/n\)"
	keys n
	expect_eq "$(count wangjianguo signed)" "$signed" "items in the CLI's signed queue"
	quit
}
run_test "t again untags an item, T untags all" t_untag

t_bulk_partly_refused() {
	local ids
	mapfile -t ids < <(first_ids 2)
	review_complete "${ids[0]}" && review_complete "${ids[1]}" || return
	to_signoff
	keys t t
	until_row $((ROWS - 1)) "2 tagged"
	# Meanwhile the first is signed off elsewhere (the CLI).
	db wangjianguo approve "${ids[0]:0:8}" --comment 命令行签发 ||
		fail "the CLI could not sign off ${ids[0]:0:8}: $(cat "$T/db.err")"
	keys a
	until_message "\(y/n\)"
	keys y
	until_message "[Cc]omment"
	type_text "批量签发"
	keys Enter
	# A screen lists what went through and what was refused, and why.
	until_screen "Approved 1 of 2"
	until_screen "✗"
	until_screen "✓"
	expect_field wangjianguo "${ids[1]}" state signed
	skip && return
	db wangjianguo history "${ids[1]:0:8}" | grep -qP '\tsigned off\t.*\t批量签发$' ||
		fail "history of ${ids[1]:0:8} has no sign-off with the comment"
	db wangjianguo history "${ids[0]:0:8}" | grep -c 'signed off' | grep -qx 1 ||
		fail "${ids[0]:0:8} was signed off twice"
	keys q
	until_row 1 "All items" # back on the queues
	quit
}
run_test "a tagged item signed off meanwhile is refused on its own; the others are signed and a screen says which" t_bulk_partly_refused

# The demo's newest item at sign-off has its confidentiality review open.
t_bulk_review_open() {
	local ids
	mapfile -t ids < <(first_ids 2)
	db wangjianguo checklist "${ids[0]:0:8}" | head -n 1 | grep -q "to answer" ||
		fail "the demo's newest item at sign-off has its checklist answered"
	review_complete "${ids[1]}" || return
	to_signoff
	keys t t
	until_row $((ROWS - 1)) "2 tagged"
	keys a
	until_message "\(y/n\)"
	keys y
	until_message "[Cc]omment"
	keys Enter
	# Refused on its own, saying what is open; the other is signed off.
	until_screen "Approved 1 of 2"
	until_screen "保密审查"
	expect_field wangjianguo "${ids[0]}" state review step 3
	expect_field wangjianguo "${ids[1]}" state signed
	keys q
	until_row 1 "All items"
	quit
}
run_test "a tagged item whose confidentiality review is open is refused and says what is open; the others are signed" t_bulk_review_open
