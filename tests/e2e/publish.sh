#!/bin/bash
# Publishing on the workstation: p on a signed item opens the publish
# form (the publisher's only; anyone else gets the core's refusal), from
# the item or from the queue; its 内容概述 is required and counted as it
# is typed, and a long one is kept whole and refused before the question;
# bad dates are said beside their field and before the question; the
# 索引号 preview is what publishing gives; a refusal (an encoding error)
# keeps what was typed; the catalog's / finds the published item, and W
# withdraws it, its date checked as it is typed; D, F, S and M act on
# deliveries and media coverage; R starts a correction.  Each action is
# checked in the database through the CLI (show --json, catalog,
# delivery list, coverage list, history).
#
# The demo keeps two items signed and unpublished, among them the
# publisher 孙丽's own 淄川区经济和信息化局关于调整政府信息公开工作领导小组
# 成员的通知 (淄川经信发〔2026〕31号); the others it published already.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

TITLE=淄川区经济和信息化局关于调整政府信息公开工作领导小组成员的通知
DOC_NO='淄川经信发〔2026〕31号'
OTHER=2026年1—10月全区工业经济运行情况分析 # zhangwei's, also signed
SUMMARY=调整局政府信息公开工作领导小组组成人员，明确办公室职责。
TODAY=$(TZ=Asia/Shanghai date +%F)

# The item's id (the publisher's signed queue lists it, or the catalog).
item_id() {
	db sunli queue all --limit 1000 | grep -F "$1" | head -n 1 | cut -f1
}

# The 索引号 the next publication of this year gets: the catalog's
# highest serial of the year plus one (gap-free per year).
next_index() {
	db sunli catalog | "$PYTHON" -c '
import sys
rows = [l.split("\t")[0] for l in sys.stdin.read().splitlines()[1:]]
year = sys.argv[1]
this = [r for r in rows if r.split("/")[-1].startswith(year + "-")]
prefix = rows[0].rsplit("/", 1)[0]
serial = max([int(r.rsplit("-", 1)[1]) for r in this] or [0]) + 1
print("%s/%s-%05d" % (prefix, year, serial))
' "${TODAY:0:4}"
}

# The catalog's line of INDEX as NAME=VALUE lines (the header's names).
catalog_row() {
	db sunli catalog | "$PYTHON" -c '
import sys
lines = sys.stdin.read().splitlines()
head = lines[0].split("\t")
for l in lines[1:]:
    f = l.split("\t")
    if f[0] == sys.argv[1]:
        for k, v in zip(head, f):
            print("%s=%s" % (k, v))
' "$1"
}

# expect_catalog INDEX NAME VALUE … — the catalog's row of INDEX has
# each NAME (a header of `gongkai catalog`) = VALUE.
expect_catalog() {
	skip && return 1
	local index=$1 row name
	shift
	row=$(catalog_row "$index")
	[ -n "$row" ] || {
		fail "the catalog has no row $index"
		return 1
	}
	while [ $# -ge 2 ]; do
		name=$1
		grep -qxF -- "$name=$2" <<<"$row" ||
			fail "the catalog's $index: $name is not '$2':" "$row"
		shift 2
	done
}

# open_signed LOGIN TAB TITLE — LOGIN on the item screen of TITLE, found
# with the queue's / on TAB.
open_signed() {
	start_as "$1" || return 1
	goto_queue "$1" "$2" || return 1
	keys /
	until_message "Search|搜索" || return 1
	type_text "${3:0:12}"
	keys Enter
	until_selected "${3:0:12}" || return 1
	keys Enter
	until_row 1 "^《$3》"
}

# open_form — p on the item screen: the publish form, its 索引号 shown.
open_form() {
	keys p
	until_row 1 "^(Publish |发布)《" || return 1
	until_match "[0-9A-Z]+/[0-9]{4}-[0-9]{5}"
}

# leave_form — Esc on the form, y to throw away what was typed, then
# quit from the item screen.
leave_form() {
	keys Escape
	until_message "y/n" || return 1
	keys y
	until_row 1 "^《" || return 1
	quit
}

# The 索引号 preview on the form.
preview() { capture | grep -oE '[0-9A-Z]{9,18}/[0-9]{4}-[0-9]{5}' | head -n 1; }

# until_said REGEX — until_message with runs of spaces as one (a long
# message wraps at a word onto the last row).
until_said() {
	_until "a message matching /$1/ (spaces squeezed)" \
		"${2:-$GK_E2E_TIMEOUT}" _said "$1"
}
_said() { message | tr -s ' ' | grep -qE -- "$1"; }

# ---- 1 -----------------------------------------------------------------------

t_publish() {
	local id index
	id=$(item_id "$TITLE")
	index=$(next_index)
	open_signed sunli signed "$TITLE"
	until_screen "p publish"
	open_form
	until_screen "$DOC_NO"
	until_screen "proactive (主动公开)"
	until_match "^Issuer +淄川区经济和信息化局"
	until_match "^Scope +面向社会"
	until_match "^Published on +$TODAY"
	until_match "^Index no\. +$index "
	until_match "\[x\] 淄川经信网"
	until_match "\[x\] 淄川区人民政府网站"
	until_match "\[ \] 公开显示屏"
	type_text "$SUMMARY"
	until_row 5 " ${#SUMMARY}/100$"
	keys Tab
	type_text 综合政务
	keys Tab
	type_text 通知
	keys Tab
	type_text "领导小组 调整"
	until_match "^Keywords +领导小组 调整 +7/100$"
	keys C-s
	until_message "Publish $index to 淄川经信网、淄川区人民政府网站\? \(y/n\)"
	expect_field sunli "$id" state signed
	keys y
	until_row "$ROWS" "^Published as $index\.$"
	until_row 1 "^《$TITLE》"
	until_screen "── Publication ──"
	until_match "^Index no\. +$index$"
	until_match "^Summary +$SUMMARY$"
	until_match "^Validity +valid \(有效\)$"
	expect_field sunli "$id" state published index_no "$index" \
		published_on "$TODAY" validity valid
	expect_catalog "$index" 名称 "$TITLE" 内容概述 "$SUMMARY" 文号 "$DOC_NO" \
		主题分类 综合政务 体裁分类 通知 发布机构 淄川区经济和信息化局 \
		公开范围 面向社会 发布日期 "$TODAY" 有效性 有效
	expect_history sunli "$id" "孙丽 \(sunli\)\tpublished\tv1\t.*$index" \
		"the publication"
	skip && return
	local deliveries
	deliveries=$(db sunli delivery list "${id:0:8}" | cut -f3 | sort | tr '\n' ' ')
	expect_eq "$deliveries" "portal website " "the channels delivered to"
	# The keywords (the CLI's catalog has no column for them).
	keys /
	until_message "Search"
	type_text "Keywords"
	keys Enter
	until_match "^Keywords +领导小组 调整$"
	# The deliveries on the item screen, numbered in the channels' order.
	keys /
	until_message "Search"
	type_text "── Deliveries"
	keys Enter
	until_match "^ 1 淄川经信网 "
	until_match "^ 2 淄川区人民政府网站 "
	quit
}
run_test "the publisher (孙丽) publishes the signed demo item through the form (p): the 索引号 previewed is the catalog's next, the confirmation names it and the channels, the item screen and the database show the publication" t_publish

# ---- 2 -----------------------------------------------------------------------

t_search_withdraw() {
	local id index reason=已被新的领导小组调整通知代替
	id=$(item_id "$TITLE")
	index=$(db sunli publish "${id:0:8}" --summary "$SUMMARY") || {
		fail "publish failed: $(cat "$T/db.err")"
		return
	}
	start_as sunli
	keys L
	until_row $((ROWS - 1)) "Catalog"
	keys /
	until_message "Search the published items"
	type_text "$DOC_NO"
	keys Enter
	until_screen "1 hit"
	until_selected "${TITLE:0:12}"
	until_screen "$DOC_NO"
	keys Enter
	until_row 1 "^《$TITLE》"
	until_match "^Index no\. +$index$"
	until_screen "W withdraw"
	keys W
	until_message "Withdraw as: 1 expired \(失效\) · 2 abolished \(废止\)"
	type_text 3
	keys Enter
	until_message "Not a choice: 3\."
	type_text 废止
	keys Enter
	until_message "From \(YYYY-MM-DD\): $TODAY"
	# The date is checked as it is given, and asked again as typed.
	keys C-u
	type_text 2020-01-01
	keys Enter
	until_message "The end date 2020-01-01 is before the publication date $TODAY\..*From \(YYYY-MM-DD\): 2020-01-01$"
	keys C-u
	type_text 2099-01-01
	keys Enter
	until_message "The end date 2099-01-01 is in the future; today is $TODAY\..*From \(YYYY-MM-DD\): 2099-01-01$"
	keys C-u
	type_text "$TODAY"
	keys Enter
	until_message "Reason \(required\):"
	type_text "$reason"
	keys Enter
	until_message "Mark $index abolished \(废止\) from $TODAY\? \(y/n\)"
	expect_field sunli "$id" state published validity valid
	keys y
	until_message "Now abolished \(废止\) from $TODAY; it stays in the catalog\.$"
	until_match "^Validity +abolished \(废止\) since $TODAY: $reason$"
	until_match "^State +withdrawn"
	expect_field sunli "$id" state withdrawn validity abolished index_no "$index"
	expect_catalog "$index" 有效性 废止 废止日期 "$TODAY"
	expect_history sunli "$id" "孙丽 \(sunli\)\twithdrawn\t.*$reason" \
		"the withdrawal with its reason"
	# Nothing left to withdraw: W says so at once.
	keys W
	until_message "Already withdrawn: abolished \(废止\) since $TODAY\.$"
	expect_field sunli "$id" validity abolished
	quit
}
run_test "the publisher finds the published item by its 文号 with / in the catalog, opens it and withdraws it (W: 废止, a date checked as typed, a reason, y): the screen, the catalog and the history show it" t_search_withdraw

# ---- 3 -----------------------------------------------------------------------

# The display column of the summary's count ("/100") on row 5.
count_column() {
	row 5 | "$PYTHON" -c '
import sys, unicodedata
s = sys.stdin.read().rstrip("\n")
print(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
          for c in s[:s.rindex("/100")]))'
}

# The attributes (SGR codes) the count of row 5 ("N/100") is drawn with.
count_sgr() {
	capture_e | sed -n 5p | "$PYTHON" -c '
import re, sys
line = sys.stdin.read()
sgr = ""
for part in re.split(r"(\x1b\[[0-9;]*m)", line):
    if part.startswith("\x1b["):
        sgr = part[2:-1]
    elif "/100" in part:
        print(sgr or "0")
        break'
}

t_summary() {
	local id hundred
	id=$(item_id "$TITLE")
	open_signed sunli signed "$TITLE"
	open_form
	until_row 5 "^Summary +0/100$"
	local at
	at=$(count_column)
	keys C-s
	until_message "The 内容概述 \(summary\) must not be empty"
	until_row 1 "^Publish 《" # still the form
	until_row 5 "^Summary +0/100$"
	expect_field sunli "$id" state signed
	type_text 一二三四五六七八九十
	until_row 5 "^Summary +一二三四五六七八九十 +10/100$"
	# More than 100 characters are kept (a paste is not cut), counted
	# in the error colour, and refused before the question.
	hundred=$(printf '%.0s一二三四五六七八九十' 1 2 3 4 5 6 7 8 9)
	type_text "${hundred}多五个"
	until_row 5 " 103/100$"
	[[ $(count_sgr) == *31* ]] ||
		fail "the count 103/100 is not in the error colour (SGR $(count_sgr))"
	keys C-s
	until_message "The 内容概述 \(summary\) is too long \(at most 100 characters\)\."
	until_row 5 "十多五个 +103/100$" # nothing lost
	expect_field sunli "$id" state signed
	keys BSpace BSpace BSpace
	until_row 5 " 100/100$"
	[[ $(count_sgr) != *31* ]] ||
		fail "the count 100/100 is still in the error colour"
	# A long summary scrolls inside its field; the count stays put.
	expect_eq "$(count_column)" "$at" "the display column of the count"
	leave_form
}
run_test "the 内容概述 is required (Ctrl-S on an empty one says so and keeps the form) and counted as it is typed; one over 100 characters is kept whole, counted in red and refused before the question" t_summary

# ---- 3b ----------------------------------------------------------------------

# The form's row of LABEL.
form_row() { capture | grep -E "^$1 " | head -n 1; }

t_form_dates() {
	local id index yesterday
	id=$(item_id "$TITLE")
	index=$(next_index)
	yesterday=$(TZ=Asia/Shanghai date -d yesterday +%F)
	open_signed sunli signed "$TITLE"
	open_form
	type_text "$SUMMARY"
	# To the 成文日期 (summary, topic, genre, keywords, issuer, written).
	keys Tab Tab Tab Tab Tab
	keys C-u
	type_text 2026-02-30
	# Said beside the field as soon as the date is whole …
	until_match "^Written on +2026-02-30 +2026-02-30 is not a real date\.$"
	# … in full when the focus leaves it, and before any question.
	keys Tab
	until_message "The date written \(成文日期\): 2026-02-30 is not a real date\."
	keys C-s
	until_message "The date written \(成文日期\): 2026-02-30 is not a real date\."
	until_row 1 "^Publish 《"
	expect_field sunli "$id" state signed
	# After the 发布日期: said, and refused before the question (which
	# put the focus back on the 成文日期).
	keys C-u
	type_text "$TODAY"
	keys Tab Tab C-u
	type_text "$yesterday"
	until_match "^Written on +$TODAY +$TODAY is after the publication date $yesterday\.$"
	keys C-s
	until_message "The date written \(成文日期\) $TODAY is after the publication date $yesterday\."
	expect_field sunli "$id" state signed
	# An empty 发布日期 is today: the preview is today's number.
	keys Tab Tab C-u
	until_match "^Published on +YYYY-MM-DD, or empty: today$"
	until_match "^Index no\. +$index "
	until_gone "is after the publication date"
	keys C-s
	until_message "Publish $index to .*\? \(y/n\)"
	keys y
	until_row "$ROWS" "^Published as $index\.$"
	expect_field sunli "$id" state published published_on "$TODAY"
	expect_catalog "$index" 成文日期 "$TODAY" 发布日期 "$TODAY"
	quit
}
run_test "the form's dates: a 成文日期 that is no real date, or after the 发布日期, is said beside it and refused before the question; an empty 发布日期 publishes today" t_form_dates

# ---- 4 -----------------------------------------------------------------------

t_refusal_keeps_text() {
	local id
	id=$(item_id "$TITLE")
	db admin channel add oldsite 旧版网站 --kind web --encoding GBK >/dev/null ||
		fail "channel add failed: $(cat "$T/db.err")"
	open_signed sunli signed "$TITLE"
	open_form
	until_match "\[ \] 旧版网站 +web page"
	type_text "调整领导小组𠀀成员"
	keys Tab Tab Tab Tab Tab Tab Tab Tab
	until_message "Space choose"
	keys G Space
	until_match "^> \[x\] 旧版网站"
	keys C-s
	until_message "Publish [^ ]+ to the 3 channels ticked\? \(y/n\)"
	keys y
	until_said "旧版网站 \(GBK\).*𠀀.*U\+20000.*GBK"
	until_row 1 "^Publish 《"
	until_row 5 "^Summary +调整领导小组𠀀成员 +9/100$"
	until_match "^> \[x\] 旧版网站"
	expect_field sunli "$id" state signed
	# Tab wraps round to the summary: a plain 丁 for the 𠀀.
	keys Tab C-e Left Left BSpace
	type_text 丁
	until_row 5 "^Summary +调整领导小组丁成员 +9/100$"
	keys C-s
	until_message "\(y/n\)"
	keys y
	until_said "Published as "
	expect_field sunli "$id" state published
	skip && return
	db sunli delivery list "${id:0:8}" | cut -f3 | grep -qx oldsite ||
		fail "no delivery to oldsite:" "$(db sunli delivery list "${id:0:8}")"
	quit
}
run_test "a refusal of the core (a GBK channel cannot hold 𠀀) is shown naming the character, the form keeps the text and the chosen channels, and publishes once fixed" t_refusal_keeps_text

# ---- 5 -----------------------------------------------------------------------

t_not_publisher() {
	local id
	id=$(item_id "$OTHER")
	open_signed zhangwei all "$OTHER"
	until_match "^State +signed off"
	keys p
	until_said "disclosure officer.*zhangwei"
	until_row 1 "^《$OTHER》"
	expect_field zhangwei "$id" state signed
	# W and the delivery keys too: not his.
	keys W
	until_said "Only the disclosure officer"
	quit
}
run_test "p on a signed item by a non-publisher (张伟, its author) is refused with the core's reason; no form opens, nothing is published" t_not_publisher

# ---- 6 -----------------------------------------------------------------------

# check_form_columns SCREEN VALUE… — each VALUE on SCREEN starts at
# display column 13, after its label.
check_form_columns() {
	"$PYTHON" - "$@" <<-'EOF'
		import re, sys, unicodedata

		def width(s):
		    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
		               for c in s)

		screen = open(sys.argv[1], encoding="utf-8").read().split("\n")
		problems = []
		for value in sys.argv[2:]:
		    rows = [r for r in screen[1:13] if value in r]
		    if not rows:
		        problems.append("%r is not on the form" % value)
		        continue
		    col = width(rows[0][:rows[0].index(value)])
		    if col != 13:
		        problems.append("%r starts at column %d: %r" % (value, col, rows[0]))
		# The channels' kinds line up too.
		kinds = []
		for r in screen[14:]:
		    m = re.match(r"^[ >] \[[ x]\] (\S+) +(\S)", r)
		    if m:
		        kinds.append(width(r[:m.start(2)]))
		if len(kinds) < 5 or len(set(kinds)) != 1:
		    problems.append("the channels' kinds start at columns %s" % kinds)
		for r in screen:
		    if width(r) > 80:
		        problems.append("a row wider than 80 columns: %r" % r)
		print("\n".join(problems))
		sys.exit(1 if problems else 0)
	EOF
}

t_form_aligns() {
	local lang out
	for lang in en zh_CN; do
		UI_LANGUAGE=$lang
		open_signed sunli signed "$TITLE" || return
		open_form
		type_text "$SUMMARY"
		keys Tab
		type_text 综合政务
		until_screen 综合政务
		skip && return
		capture >"$T/screen"
		out=$(check_form_columns "$T/screen" "$TITLE" "$DOC_NO" "$SUMMARY" \
			综合政务 淄川区经济和信息化局 面向社会 "$TODAY" "$(preview)") ||
			fail "at 80×24, LANGUAGE=$lang:" "$out"
		leave_form
	done
}
run_test "at 80×24 the publish form's values (Chinese title, 文号, summary …) start at one display column after their labels, in English and Chinese" t_form_aligns

# ---- 7 -----------------------------------------------------------------------

t_deliveries_coverage() {
	local id list
	id=$(item_id "$TITLE")
	db sunli publish "${id:0:8}" --summary "$SUMMARY" >/dev/null ||
		fail "publish failed: $(cat "$T/db.err")"
	start_as sunli
	keys L
	until_row $((ROWS - 1)) "Catalog"
	until_selected "${TITLE:0:12}" # the newest 索引号 first
	keys Enter
	until_row 1 "^《$TITLE》"
	# D: the portal (2) delivered.
	keys D
	until_message "Delivered to: 1 淄川经信网 · 2 淄川区人民政府网站"
	type_text 2
	keys Enter
	until_message "Mark the delivery to 淄川区人民政府网站 delivered\? \(y/n\)"
	keys y
	until_message "Delivery to 淄川区人民政府网站: delivered\.$"
	# D on it again: it says so (and when) instead of asking.
	keys D
	until_message "Delivered to:"
	type_text 2
	keys Enter
	until_message "Already delivered to 淄川区人民政府网站 \(marked $TODAY [0-9:]+ by sunli\)\.$"
	# F: the website (1) failed, with a note; the numbers stay put.
	keys F
	until_message "Failed delivery to"
	type_text 1
	keys Enter
	until_message "Why did the delivery to 淄川经信网 fail\?"
	type_text 网站后台无法登录
	keys Enter
	until_said "Delivery to 淄川经信网: failed: 网站后台无法登录$"
	skip && return
	list=$(db sunli delivery list "${id:0:8}" | cut -f3,4,7 | sort)
	expect_eq "$list" "$(printf 'portal\tdelivered\t\nwebsite\tfailed\t网站后台无法登录')" \
		"the deliveries"
	# P: the website again: written anew, pending.
	keys P
	until_message "Deliver again to"
	keys 1 Enter
	until_message "Deliver to 淄川经信网 again\? \(y/n\)"
	keys y
	until_message "Delivery to 淄川经信网: pending\.$"
	list=$(db sunli delivery list "${id:0:8}" | cut -f3,4 | sort)
	expect_eq "$list" "$(printf 'portal\tdelivered\nwebsite\tpending')" \
		"the deliveries after resending"
	# M: 淄博日报 carried it today.
	keys M
	until_message "Appeared in"
	type_text 淄博日报
	keys Enter
	until_message "Kind: 1 newspaper · 2 online medium · 3 television · 4 radio$"
	type_text newspaper
	keys Enter
	until_message "On \(YYYY-MM-DD\): $TODAY"
	keys Enter
	until_message "Title of the piece"
	type_text 区经信局调整信息公开领导小组
	keys Enter
	# Whole on the line: the piece's title gives way in the middle.
	until_message "Record 《区经信局.*领导小组》 in 淄博日报 \(newspaper\) on $TODAY\? \(y/n\)$"
	keys y
	until_message "Recorded: 淄博日报 \(newspaper\), $TODAY\.$"
	keys /
	until_message "Search"
	type_text "── Media coverage"
	keys Enter
	until_match "^$TODAY  淄博日报 \(newspaper\)  《区经信局调整信息公开领导小组》"
	skip && return
	db sunli coverage list | grep -qP "^$TODAY\tnewspaper\t淄博日报\t[^\t]*\t${id}" ||
		db sunli coverage list | grep -qF "淄博日报" ||
		fail "coverage list has no 淄博日报 of $TODAY:" "$(db sunli coverage list)"
	quit
}
run_test "on a published item the publisher marks a delivery done (D 2), another failed with a note (F 1), sends it again (P 1) and records coverage (M): the screen and the CLI agree" t_deliveries_coverage

# ---- 8 -----------------------------------------------------------------------

t_publish_from_queue() {
	local id index
	id=$(item_id "$TITLE")
	index=$(next_index)
	start_as sunli
	until_message "p publish"
	goto_queue sunli signed
	keys /
	until_message "Search"
	type_text "${TITLE:0:12}"
	keys Enter
	until_selected "${TITLE:0:12}"
	keys Escape
	keys p
	until_row 1 "^Publish 《$TITLE》$" # whole: it fits in 80 columns
	until_match "^Index no\. +$index "
	type_text "$SUMMARY"
	keys C-s
	until_message "Publish $index to .*\? \(y/n\)"
	keys y
	until_row "$ROWS" "^Published as $index\.$"
	until_row 1 "^《$TITLE》"
	expect_field sunli "$id" state published index_no "$index"
	# q: back on the queue, where it is no longer waiting.
	keys q
	until_row $((ROWS - 1)) "Queues"
	until_unlisted "${TITLE:0:12}"
	quit
}
run_test "p on the queue publishes the selected signed item through the form; the hint names p for the publisher; the form's heading shows a title that fits whole" t_publish_from_queue

# ---- 9 -----------------------------------------------------------------------

t_correct() {
	local id index new
	id=$(item_id "$TITLE")
	index=$(db sunli publish "${id:0:8}" --summary "$SUMMARY") || {
		fail "publish failed: $(cat "$T/db.err")"
		return
	}
	start_as sunli
	keys L
	until_selected "${TITLE:0:12}"
	keys Enter
	until_row 1 "^《$TITLE》"
	until_screen "A correct"
	keys A
	until_message "Correct 《.*》 in a new draft\? \(y/n\)"
	keys n
	until_message "Cancelled\."
	expect_eq "$(db sunli queue drafts | grep -cF "$TITLE")" 0 "drafts after n"
	keys A
	until_message "\(y/n\)"
	keys y
	until_row "$ROWS" "^New draft [0-9a-f]{8}: the correction of $index\.$"
	until_row $((ROWS - 1)) "Draft"
	until_screen "$TITLE"
	skip && return
	new=$(db sunli queue drafts | grep -F "$TITLE" | head -n 1 | cut -f1)
	[ -n "$new" ] || fail "no correction among sunli's drafts:" "$(db sunli queue drafts)"
	expect_field sunli "$new" state draft title "$TITLE"
	expect_history sunli "$id" "孙丽 \(sunli\)\t[^\t]*correct" "the correction's event"
	# Only a published item: on a withdrawn one the core says why.
	keys Escape
	until_row 1 "《$TITLE》"
	quit
	db sunli withdraw "${id:0:8}" --status 失效 --reason 已更正 >/dev/null ||
		fail "withdraw failed: $(cat "$T/db.err")"
	start_as sunli
	keys L
	until_selected "${TITLE:0:12}"
	keys Enter
	until_row 1 "^《$TITLE》"
	keys A
	until_said "Only a published item can be corrected"
	quit
}
run_test "A on a published item asks, then opens the correction (a new draft with the published text) in the draft form naming it; on a withdrawn item the core's refusal is shown" t_correct
