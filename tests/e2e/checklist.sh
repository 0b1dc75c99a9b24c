#!/bin/bash
# The confidentiality review (保密审查) on the screen: c on an item opens
# it (what the scanner found in the current version, then the 13
# questions); y / n answer, e the note, C confirms stale answers, m masks a
# finding in a new version, I dismisses one with a reason, v shows the
# printed record.  The director's sign-off is refused at once while
# anything is open.  Each action is checked in the database through the
# CLI (checklist, history, show --json).
#
# The demo holds, at sign-off (step 3) with an empty checklist,
# 关于2026年度区级企业技术能手拟表彰人员的公示: an ID number on line 3
# and a mobile number on line 7.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

DEMO_TITLE=关于2026年度区级企业技术能手拟表彰人员的公示
ID_NUMBER=370302198805120018
ID_MASKED='370302********0018'
MOBILE=13869012345

# The demo item's id (the director's sign-off queue lists it).
demo_id() {
	db wangjianguo queue signoff --limit 1000 | grep -F "$DEMO_TITLE" | cut -f1
}

# The director, on the demo item's screen.
open_demo_item() {
	start_as wangjianguo || return 1
	goto_queue wangjianguo signoff || return 1
	until_selected "${DEMO_TITLE:0:12}" || return 1
	keys Enter
	until_screen "《$DEMO_TITLE》"
}

# open_review — c on the item screen: the checklist screen.
open_review() {
	keys c
	until_row 2 "^── (Found by the scanner|The scanner found|第 [0-9]+ 版自动检查)" || return 1
	until_row $((ROWS - 1)) "Confidentiality review|保密审查"
}

# The checklist screen marks the selected row with ">" in its first
# column ("> 5 …", ">10 …"); lib.sh's until_selected looks at the second.
until_on() {
	_until "the selected row of the review holding '$1'" \
		"${2:-$GK_E2E_TIMEOUT}" _on_row "$1"
}
_on_row() { capture | grep -E '^>' | grep -qF -- "$1"; }

# first_question — from any row of the review to question 1: G is the
# last question, k moves up to the first.
first_question() {
	keys G
	until_on "13 需要报请" || return 1
	keys k k k k k k k k k k k k
	until_on "1 涉及国家秘密"
}

# checklist LOGIN ID — the CLI's checklist of ID, as LOGIN.
checklist() { db "$1" checklist "${2:0:8}"; }

# expect_question ID N ANSWER STATE [NOTE] — the CLI's line of question N:
# its answer (是, 否 or -), current/stale/missing and, when given, the note.
expect_question() {
	skip && return 1
	local line
	line=$(checklist wangjianguo "$1" | grep -P "^question\t$2\t")
	IFS=$'\t' read -r _ _ _ answer state _ _ _ note <<<"$line"
	if [ "$answer" != "$3" ] || [ "$state" != "$4" ] ||
		{ [ $# -ge 5 ] && [ "$note" != "$5" ]; }; then
		fail "question $2 in the CLI is not '$3 $4${5:+ ($5)}':" "$line"
	fi
}

# expect_finding ID REGEX WHAT — a 'finding' line of the CLI's checklist
# matches REGEX (grep -P).
expect_finding() {
	skip && return 1
	local list
	list=$(checklist wangjianguo "$1")
	grep -qP -- "^finding\t$2" <<<"$list" ||
		fail "the CLI's checklist has no $3:" "$(grep '^finding' <<<"$list")"
}

# no_finding ID TEXT — the CLI lists no finding holding TEXT.
no_finding() {
	skip && return 1
	local list
	list=$(checklist wangjianguo "$1")
	! grep '^finding' <<<"$list" | grep -qF -- "$2" ||
		fail "the CLI still lists the finding $2:" "$(grep '^finding' <<<"$list")"
}

# The current body of ID (show --json).
body_of() {
	db wangjianguo show "${1:0:8}" --json |
		"$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["body"])'
}

# The screen with the characters drawn in reverse video between [[ and ]]
# (capture-pane -e; the attributes carry over from row to row as on a
# terminal).
capture_reversed() {
	capture_e | "$PYTHON" -c '
import re, sys
rev = False
out = []
for line in sys.stdin.read().split("\n"):
    s = "[[" if rev else ""
    for part in re.split(r"(\x1b\[[0-9;:]*m)", line):
        m = re.fullmatch(r"\x1b\[([0-9;:]*)m", part)
        if not m:
            s += part
            continue
        params = [p for p in m.group(1).split(";")] or ["0"]
        i, was = 0, rev
        while i < len(params):
            p = params[i] or "0"
            if p in ("38", "48", "58"):  # a colour: skip its arguments
                i += 3 if params[i + 1:i + 2] == ["5"] else 5
                continue
            if p == "0":
                rev = False
            elif p == "7":
                rev = True
            elif p == "27":
                rev = False
            i += 1
        if rev != was:
            s += "[[" if rev else "]]"
    if rev:
        s += "]]"
    out.append(s)
print("\n".join(out))
'
}

# expect_reversed TEXT — TEXT on the screen, drawn in reverse video as a
# whole; expect_plain TEXT — on the screen, no character of it reversed.
expect_reversed() {
	skip && return 1
	local line
	line=$(capture_reversed | grep -F -- "${1:0:6}" | head -n 1)
	[[ $line == *"[[$1]]"* ]] ||
		fail "'$1' is not drawn in reverse video (reversed between [[ ]]):" "$line"
}
expect_plain() {
	skip && return 1
	local line
	line=$(capture_reversed | grep -F -- "${1:0:6}" | head -n 1)
	[[ $line == *"$1"* ]] ||
		fail "'$1' is not on the screen as plain text:" "$line"
}

# until_said REGEX — until_message with the message's runs of spaces as
# one: a long message wraps at a word onto the last row.
until_said() {
	_until "a message matching /$1/ (spaces squeezed)" \
		"${2:-$GK_E2E_TIMEOUT}" _said "$1"
}
_said() { message | tr -s ' ' | grep -qE -- "$1"; }

# ---- 1 ---------------------------------------------------------------------

t_signoff_refused() {
	local id
	id=$(demo_id)
	open_demo_item
	until_screen "13 questions to answer · 2 findings open" # the Review field
	keys a
	until_said "^Review \(保密审查\) not complete: questions 1–13 not answered; 2 findings open \(ID card number 3:28, mobile number 7:47\)\. \(c opens the review\)$"
	skip && return
	message | grep -q "y/n" && fail "a question (y/n) was asked"
	# Nothing waits for an answer: y is just a key of the item screen.
	keys y
	until_message "The key y does nothing here"
	expect_field wangjianguo "$id" state review step 3 version 1
	skip && return
	db wangjianguo history "${id:0:8}" | grep -q 'signed off' &&
		fail "history has a sign-off"
	expect_field wangjianguo "$id" state review step 3
	quit
}
run_test "the director's a on the unchecked demo item is refused at once, without a y/n question, listing questions 1–13 and the two findings" t_signoff_refused

# ---- 2 ---------------------------------------------------------------------

t_full_review() {
	local id body n
	id=$(demo_id)
	open_demo_item
	open_review
	until_screen "13 questions to answer · 2 findings open"
	# The findings come first: the ID number is selected; Tab jumps to
	# the questions.
	until_on "$ID_NUMBER"
	keys Tab
	until_on "1 涉及国家秘密"
	# Questions 1–4: n answers 否 and moves down.
	keys n n n n
	until_on "5 涉及个人隐私"
	until_message "Question 4: 否"
	expect_question "$id" 4 否 current
	# Question 5: 是 asks for the note at once.
	keys y
	until_message "5 是 — note \(required"
	type_text "含身份证号和手机号，须遮盖"
	keys Enter
	until_message "Question 5: 是"
	until_screen "Note: 含身份证号和手机号，须遮盖" # the detail pane
	until_screen "1 answered 是"
	expect_question "$id" 5 是 current "含身份证号和手机号，须遮盖"
	# Questions 6–13.
	keys j
	until_on "6 属于工作秘密"
	keys n n n n n n n n
	until_message "Question 13: 否"
	for n in 1 2 3 4 6 7 8 9 10 11 12 13; do
		expect_question "$id" $n 否 current
	done
	until_on "13 需要报请" # n stays on the last question
	until_screen "1 answered 是 · 2 findings open"
	# g back to the first row: the first finding.
	keys g
	until_on "$ID_NUMBER"
	until_screen "Line 3, column 28:"
	# m masks the ID number in a new version.
	keys m
	until_message "Mask $ID_NUMBER as 370302\*{8}0018 in a new version v2\? \(y/n\)"
	keys y
	until_message "Masked in a new version"
	until_row $((ROWS - 1)) "v2 *$"
	until_screen "13 answers to confirm · 1 finding open"
	until_screen "否 v1"
	expect_field wangjianguo "$id" version 2 state review step 3
	no_finding "$id" "$ID_NUMBER"
	no_finding "$id" "$ID_MASKED"
	for n in 1 2 3 4 5 6 7 8 9 10 11 12 13; do
		expect_question "$id" $n "$([ $n = 5 ] && echo 是 || echo 否)" stale
	done
	expect_history wangjianguo "$id" '王建国 \(wangjianguo\)\tredacted\tv2\tstep 3 [^\t]*\t.*370302\*{8}0018' \
		"a 'redacted' event by the director on v2"
	skip && return
	body=$(body_of "$id")
	[[ $body == *"$ID_MASKED"* && $body != *"$ID_NUMBER"* ]] ||
		fail "the body in show --json does not hold $ID_MASKED alone:" "$body"
	# The mobile is now finding 1, selected; I dismisses it with a reason.
	until_on "$MOBILE"
	keys I
	until_message "Why may it be published \(required\)"
	type_text "单位联系电话，可公开"
	keys Enter
	until_message "Finding 1 dismissed"
	until_screen "Dismissed by 王建国: 单位联系电话，可公开"
	expect_finding "$id" "1\t7:47\tmobile\t$MOBILE\tdismissed\t单位联系电话，可公开$" \
		"the mobile dismissed with the reason"
	# C confirms the 13 stale answers.
	keys C
	until_message "Confirm 13 answers given on earlier versions, unchanged, for v2\? \(y/n\)"
	keys y
	until_message "13 answers confirmed"
	until_gone "answers to confirm"
	expect_question "$id" 1 否 current
	expect_question "$id" 5 是 current "含身份证号和手机号，须遮盖"
	# Question 5 is 否 after all (the number is masked).
	keys Tab
	until_on "1 涉及国家秘密"
	keys j j j j
	until_on "5 涉及个人隐私"
	keys n
	until_message "Question 5: 否"
	until_screen "Review complete"
	expect_question "$id" 5 否 current
	skip && return
	checklist wangjianguo "$id" | head -n 1 | grep -q "Review complete" ||
		fail "the CLI's checklist is not complete:" "$(checklist wangjianguo "$id")"
	# Back on the item, the sign-off goes through.
	keys q
	until_screen "《$DEMO_TITLE》"
	until_screen "Review complete (c opens it)"
	keys a
	until_message "[Ss]ign off.*\(y/n\)"
	keys y
	until_message "[Cc]omment"
	type_text "签发"
	keys Enter
	until_message "Signed off"
	expect_field wangjianguo "$id" state signed step 0 version 2
	expect_history wangjianguo "$id" '王建国 \(wangjianguo\)\tsigned off\tv2\tstep 3 [^\t]*\t签发$' \
		"the director's sign-off of v2"
	quit
}
run_test "the director answers the checklist (n, y with a note), masks the ID number (m, y), dismisses the mobile (I, reason), confirms the stale answers (C, y), sets 5 to 否: then a signs the item off" t_full_review

# ---- 3, 4: who may answer --------------------------------------------------

# The first item waiting for zhouqiang (科室负责人, step 1) and its author.
step1_item() { db zhouqiang queue review | head -n 1 | cut -f1; }
author_of() {
	db zhouqiang show "${1:0:8}" --json |
		"$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["author"])'
}
title_of() { db zhouqiang queue review --limit 1000 | grep "^$1" | cut -f5; }

t_note_required() {
	local id title
	id=$(step1_item)
	title=$(title_of "$id")
	expect_field zhouqiang "$id" state review step 1
	start_as zhouqiang
	goto_queue zhouqiang review
	until_selected "${title:0:8}"
	keys Enter
	until_screen "《$title》"
	open_review
	first_question
	keys y
	until_message "1 是 — note \(required"
	keys Enter # empty
	until_message "Required \(Esc cancels\)"
	expect_question "$id" 1 - missing
	type_text "写了一半"
	keys Escape
	until_message "Cancelled"
	until_on "1 涉及国家秘密"
	until_screen "Not answered yet."
	expect_question "$id" 1 - missing
	skip && return
	checklist wangjianguo "$id" | grep -qP '^question\t\d+\t[^\t]*\t(是|否)' &&
		fail "an answer was recorded:" "$(checklist wangjianguo "$id")"
	# He may answer, though: n records 否 on step 1.
	keys n
	until_message "Question 1: 否"
	expect_question "$id" 1 否 current
	quit
}
run_test "a dept head's y on a blocking question asks for the note: an empty Enter asks again, Esc cancels, nothing recorded" t_note_required

t_author_refused() {
	local id title author
	id=$(step1_item)
	title=$(title_of "$id")
	author=$(author_of "$id")
	start_as "$author"
	goto_queue "$author" submitted
	until_selected "${title:0:8}"
	keys Enter
	until_screen "《$title》"
	open_review
	first_question
	until_row "$ROWS" "^j k move · v record" # no y or n offered
	keys y
	until_message "You wrote this item; its confidentiality review is for its reviewers"
	keys n
	until_message "You wrote this item; its confidentiality review is for its reviewers"
	expect_question "$id" 1 - missing
	skip && return
	checklist wangjianguo "$id" | grep -qP '^question\t\d+\t[^\t]*\t(是|否)' &&
		fail "an answer was recorded:" "$(checklist wangjianguo "$id")"
	quit
}
run_test "the author of an item in review opens its review (c), but y and n are refused: the review is for its reviewers; nothing recorded" t_author_refused

# ---- 5 ---------------------------------------------------------------------

t_finding_reversed() {
	open_demo_item
	until_screen "$ID_NUMBER"
	expect_reversed "$ID_NUMBER"
	expect_reversed "$MOBILE"
	expect_plain "身份证号：" # the rest of the line is not
	open_review
	until_on "$ID_NUMBER"
	keys m
	until_message "\(y/n\)"
	keys y
	until_message "Masked in a new version"
	keys q
	until_screen "《$DEMO_TITLE》"
	until_screen "$ID_MASKED"
	until_screen "13 questions to answer · 1 finding open"
	expect_plain "$ID_MASKED"
	expect_reversed "$MOBILE" # still open
	quit
}
run_test "the item screen draws an open finding (the ID number) in reverse video, and no longer once it is masked" t_finding_reversed

# ---- 6 ---------------------------------------------------------------------

# expect_record_rows RECORD — each row of the text screen (below its title,
# above the status line) is a line of RECORD, or a piece of one wrapped.
expect_record_rows() {
	skip && return 1
	local out
	out=$(capture | sed -n "2,$((ROWS - 2))p" | "$PYTHON" -c '
import sys
record = open(sys.argv[1], encoding="utf-8").read()
for row in sys.stdin.read().splitlines():
    if row.strip() and row.strip() not in record:
        print("not in the record: %r" % row)
' "$1")
	[ -z "$out" ] || fail "the screen and the CLI's record (--print) differ:" "$out"
}

t_record() {
	local id
	id=$(demo_id)
	open_demo_item
	open_review
	keys Tab
	until_on "1 涉及国家秘密"
	keys n
	until_message "Question 1: 否"
	keys v
	until_row 1 "保密审查单"
	until_screen "$DEMO_TITLE"
	until_match "否 +王建国 20" # question 1, answered just now
	until_message "gongkai checklist ${id:0:8} --print"
	skip && return
	db wangjianguo checklist "${id:0:8}" --print >"$T/record"
	expect_record_rows "$T/record"
	# The end: each step's reviewer (the director's still to sign).
	keys G
	until_screen "马晓东 20"
	until_screen "赵志刚 20"
	until_screen "主要负责人签发"
	expect_record_rows "$T/record"
	keys q
	until_row 2 "^── Found by the scanner"
	quit
}
run_test "v on the review shows the record (保密审查单) with the item's title, the answer's reviewer and each step's reviewer; q goes back" t_record

# ---- 7 ---------------------------------------------------------------------

# check_answer_column SCREEN CHECKLIST — the 13 question rows of SCREEN (a
# capture): each answer cell (是, 否 or —, as the CLI says) starts at the
# same display column.
check_answer_column() {
	"$PYTHON" - "$@" <<-'EOF'
		import re, sys, unicodedata

		def width(s):
		    return sum(0 if unicodedata.combining(c) else
		               2 if unicodedata.east_asian_width(c) in "WF" else 1
		               for c in s)

		screen = open(sys.argv[1], encoding="utf-8").read().split("\n")
		want = {}
		for l in open(sys.argv[2], encoding="utf-8").read().splitlines():
		    f = l.split("\t")
		    if f[0] == "question":
		        cell = {"-": "—"}.get(f[3], f[3])
		        if f[4] == "stale":
		            cell += " v"
		        want[int(f[1])] = cell
		row = re.compile(r"^[ >]\s?(\d+) (.*?) *((?:是|否|—)(?: v\d+)?)"
		                 r"(?: +\S+ +\d\d-\d\d \d\d:\d\d)? *$")
		cols, problems = {}, []
		for line in screen:
		    m = row.match(line)
		    if not m:
		        continue
		    n = int(m.group(1))
		    cols[n] = width(line[:m.start(3)])
		    if not m.group(3).startswith(want.get(n, "?")):
		        problems.append("question %d: cell %r, the CLI says %r: %r"
		                        % (n, m.group(3), want.get(n), line))
		if sorted(cols) != list(range(1, 14)):
		    problems.append("question rows found: %s" % sorted(cols))
		if len(set(cols.values())) > 1:
		    problems.append("the answer cells start at display columns %s"
		                    % ", ".join("%d: %d" % kv for kv in sorted(cols.items())))
		print("\n".join(problems))
		sys.exit(1 if problems else 0)
	EOF
}

t_answer_column() {
	local id out lang
	id=$(demo_id)
	# Every kind of cell: 否 v1 and 是 v1 (stale), 否 and 是, — (none).
	if ! { db wangjianguo checklist answer "${id:0:8}" 1 否 &&
		db wangjianguo checklist answer "${id:0:8}" 2 否 &&
		db wangjianguo checklist answer "${id:0:8}" 3 否 &&
		db wangjianguo checklist answer "${id:0:8}" 4 否 &&
		db wangjianguo checklist answer "${id:0:8}" 5 是 --note 含身份证号 &&
		db wangjianguo checklist answer "${id:0:8}" 11 是 &&
		db wangjianguo finding redact "${id:0:8}" 1 &&
		db wangjianguo checklist answer "${id:0:8}" 6 否 &&
		db wangjianguo checklist answer "${id:0:8}" 12 是; } >/dev/null; then
		fail "preparing the checklist failed: $(cat "$T/db.err")"
		return
	fi
	for lang in en zh_CN; do
		UI_LANGUAGE=$lang
		open_demo_item
		keys c
		until_row 2 "^── "
		until_on " 1 "
		until_screen "否 v1"
		skip && return
		capture >"$T/screen"
		checklist wangjianguo "$id" >"$T/checklist"
		out=$(check_answer_column "$T/screen" "$T/checklist") ||
			fail "at 80×24, LANGUAGE=$lang:" "$out"
		quit
	done
}
run_test "at 80×24 the answer cells (是, 否, —, stale 否 v1) of the 13 questions start at one display column, in English and Chinese" t_answer_column
