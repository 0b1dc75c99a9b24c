#!/bin/bash
# The confidentiality review (保密审查) through the command line, on the
# demo database: the director finds an item at sign-off with an empty
# checklist, an ID number and a mobile number; he answers the questions,
# masks the ID number, dismisses the mobile, confirms the answers the
# redaction made stale, and only then signs it off.  Then the printed
# record, the administrator's questions and the checklist-step setting.
. "$(dirname "$0")/lib.sh"

PW=gongkai-demo
"$GONGKAI_BIN" demo --db "$GONGKAI_DB" >"$OUT" 2>"$ERR"
STATUS=$?
expect 0 "a demo database"
DIRECTOR=(wangjianguo "$PW") ADMIN=(admin "$PW")

# has_line LINE DESCRIPTION — exit 0 and stdout has exactly this line.
has_line() {
	if [ "$STATUS" -eq 0 ] && grep -qxF -- "$1" "$OUT"; then ok "$2"; else
		echo "#   expected exit 0 and the line '$1', got $STATUS"
		not_ok "$2"
	fi
}

# first_line TEXT DESCRIPTION — exit 0 and the first line of stdout is TEXT.
first_line() {
	if [ "$STATUS" -eq 0 ] && [ "$(head -n 1 "$OUT")" = "$1" ]; then ok "$2"; else
		echo "#   expected exit 0 and first line '$1', got $STATUS"
		not_ok "$2"
	fi
}

# check CONDITION... DESCRIPTION — ok when the test command succeeds.
check() {
	local what=${*: -1}
	if "${@:1:$#-1}"; then ok "$what"; else not_ok "$what"; fi
}

# field KIND NO COLUMN — column COLUMN (1-based) of the question or finding
# line number NO in $OUT.
field() { awk -F '\t' -v k="$1" -v n="$2" -v c="$3" '$1 == k && $2 == n { print $c }' "$OUT"; }

TITLE=关于2026年度区级企业技术能手拟表彰人员的公示
gk "${DIRECTOR[@]}" queue signoff
ID=$(awk -F '\t' -v t="$TITLE" '$5 == t { print $1 }' "$OUT")
P=${ID:0:8}
check [ -n "$ID" ] "the item awaits the director's sign-off"
gk "${DIRECTOR[@]}" show "$P" --json
V1=$(json_field hash)

# ---- what the checklist shows ---------------------------------------------

gk "${DIRECTOR[@]}" checklist "$P"
first_line "# v1 · checklist filled from step 1 · 13 questions to answer · 2 findings open" \
	"the summary line says what stands between the item and its sign-off"
check [ "$(grep -c '^question	' "$OUT")" -eq 13 ] "13 question lines"
check [ "$(wc -l <"$OUT")" -eq 16 ] "and nothing but the summary, 13 questions and 2 findings"
has_line "question	5	privacy	-	missing			涉及个人隐私 / 个人信息，且无本人同意或公共利益理由？	" \
	"a question line: number, code, answer, state, who, when, text, note"
has_line "question	11	inaccurate	-	missing			内容存在不准确、不合法之处？ [informational]	" \
	"an informational question says so"
check [ "$(awk -F '\t' '$1 == "question" && NF != 9' "$OUT" | wc -l)" -eq 0 ] \
	"every question line has 9 tab-separated fields"
has_line "finding	1	3:28	id-number	370302198805120018	open	" \
	"the ID number is finding 1: line:column, kind, text, open"
has_line "finding	2	7:47	mobile	13869012345	open	" "the mobile number is finding 2"

# ---- answering ------------------------------------------------------------

gk "${DIRECTOR[@]}" checklist answer "$P" 1 否
if [ "$STATUS" -eq 0 ] && [ ! -s "$OUT" ]; then ok "an answer by number, silently"; else
	not_ok "an answer by number, silently"; fi
gk "${DIRECTOR[@]}" checklist answer "$P" prohibited 否
expect 0 "an answer by code"
gk "${DIRECTOR[@]}" checklist "$P"
if [ "$(field question 1 4)" = 否 ] && [ "$(field question 1 5)" = current ] &&
	[ "$(field question 1 6)" = wangjianguo ] && [ -n "$(field question 1 7)" ] &&
	[ "$(field question 2 4)" = 否 ]; then
	ok "both are shown: 否, current, by the director, with a time"
else not_ok "both are shown: 否, current, by the director, with a time"; fi
first_line "# v1 · checklist filled from step 1 · 11 questions to answer · 2 findings open" \
	"the summary counts them"

gk "${DIRECTOR[@]}" checklist answer "$P" privacy 是
expect_err 65 "needs a note" "是 to a blocking question without --note is refused"
gk "${DIRECTOR[@]}" checklist answer "$P" 5 是 --note "   "
expect_err 65 "needs a note" "a blank note is no note"
gk "${DIRECTOR[@]}" checklist answer "$P" 5 是 --note 含获表彰人员身份证号和联系人手机号
expect 0 "是 with a note is recorded"
gk "${DIRECTOR[@]}" checklist answer "$P" 5 可能
expect_err 65 "是 or 否" "an answer other than 是 or 否 is refused"
gk "${DIRECTOR[@]}" checklist answer "$P" 99 否
expect_err 66 "no question '99'" "an unknown question is refused"
gk "${DIRECTOR[@]}" checklist answer "$P" 5
expect_err 64 "" "an answer needs ID, question and answer"
gk wangfang "$PW" checklist answer "$P" 3 否
expect_err 77 "" "the author may not answer"
gk liuhongmei "$PW" checklist answer "$P" 3 否
expect_err 77 "" "a deputy may not answer at the director's step"
for q in 3 4 6 7 8 9 10 11 12 13; do
	gk "${DIRECTOR[@]}" checklist answer "$P" "$q" 否
	[ "$STATUS" -eq 0 ] || break
done
expect 0 "the director answers the other questions 否"
gk "${DIRECTOR[@]}" checklist "$P"
if [ "$(field question 5 4)" = 是 ] && [ "$(field question 5 9)" = 含获表彰人员身份证号和联系人手机号 ]; then
	ok "question 5 shows 是 and its note"
else not_ok "question 5 shows 是 and its note"; fi
first_line "# v1 · checklist filled from step 1 · 1 answered 是 · 2 findings open" \
	"nothing left to answer; one 是 and two findings stand in the way"

gk "${DIRECTOR[@]}" approve "$P" --comment 同意签发
expect_err 77 "保密审查" "the director's sign-off is refused"
if grep -q "question 5 answered 是" "$ERR" &&
	grep -q "2 findings open (ID card number 3:28, mobile number 7:47)" "$ERR"; then
	ok "the refusal lists the 是 and the open findings"
else not_ok "the refusal lists the 是 and the open findings"; fi

# ---- findings -------------------------------------------------------------

gk "${DIRECTOR[@]}" finding redact "$P" 1
if [ "$STATUS" -eq 0 ] && [ ! -s "$OUT" ] && [ ! -s "$ERR" ]; then
	ok "finding redact masks the ID number and prints nothing"
else not_ok "finding redact masks the ID number and prints nothing"; fi
gk "${DIRECTOR[@]}" checklist "$P"
first_line "# v2 · checklist filled from step 1 · 13 answers to confirm · 1 finding open" \
	"the next checklist is of version 2: every answer to confirm, one finding"
if ! grep -q "id-number" "$OUT" && grep -qxF "finding	1	7:47	mobile	13869012345	open	" "$OUT"; then
	ok "the ID number is gone; the mobile is finding 1 now"
else not_ok "the ID number is gone; the mobile is finding 1 now"; fi
if [ "$(awk -F '\t' '$1 == "question" && $5 == "stale"' "$OUT" | wc -l)" -eq 13 ] &&
	[ "$(field question 5 4)" = 是 ]; then
	ok "every answer is stale, still showing what it was"
else not_ok "every answer is stale, still showing what it was"; fi
gk "${DIRECTOR[@]}" show "$P" --json
if [ "$(json_field state)" = review ] && [ "$(json_field step)" = 3 ] &&
	[ "$(json_field version)" = 2 ] && grep -q '身份证号：370302\*\*\*\*\*\*\*\*0018。' "$OUT"; then
	ok "the item stays at the sign-off, its body masked as 370302********0018"
else not_ok "the item stays at the sign-off, its body masked as 370302********0018"; fi
gk "${DIRECTOR[@]}" history "$P"
expect_out "王建国 (wangjianguo)	redacted	v2	step 3 [^	]*	.*370302\*\*\*\*\*\*\*\*0018" \
	"the history has the redaction"

gk "${DIRECTOR[@]}" finding redact "$P" 1 --hash "${V1:0:12}"
expect_err 77 "changed" "a redaction on the version read before is refused"
gk "${DIRECTOR[@]}" finding redact "$P" 2
expect_err 66 "no finding 2" "a finding that is not there is refused"
gk "${DIRECTOR[@]}" finding redact "$P" x
expect_err 64 "" "N is a number"
gk "${DIRECTOR[@]}" finding dismiss "$P" 1
expect_err 64 "reason" "dismiss without --reason is a usage error"
gk "${DIRECTOR[@]}" finding dismiss "$P" 1 --reason 单位公开的工作联系电话
if [ "$STATUS" -eq 0 ] && [ ! -s "$OUT" ]; then ok "dismiss with a reason"; else
	not_ok "dismiss with a reason"; fi
gk "${DIRECTOR[@]}" finding dismiss "$P" 1 --reason 再次
expect_err 65 "already" "dismissing it twice is refused: already dismissed"
gk "${DIRECTOR[@]}" checklist "$P"
has_line "finding	1	7:47	mobile	13869012345	dismissed	单位公开的工作联系电话" \
	"the finding shows dismissed with its reason"

gk "${DIRECTOR[@]}" approve "$P"
expect_err 77 "questions 1–13 answered on an earlier version" \
	"the sign-off is refused while the answers are stale"

gk "${DIRECTOR[@]}" checklist confirm "$P"
expect_out "^13 answers confirmed$" "checklist confirm records them again on version 2"
gk "${DIRECTOR[@]}" checklist confirm "$P"
expect_err 65 "No answer is stale" "confirming again has nothing to do"
gk "${DIRECTOR[@]}" approve "$P"
if [ "$STATUS" -eq 77 ] && grep -q "question 5 answered 是" "$ERR" &&
	! grep -q "finding" "$ERR"; then
	ok "confirmed, the 是 to question 5 alone holds it up"
else not_ok "confirmed, the 是 to question 5 alone holds it up"; fi
gk "${DIRECTOR[@]}" checklist answer "$P" 5 否 --note 身份证号已隐去，手机号为单位公开的工作电话
expect 0 "the director answers question 5 否 now"
gk "${DIRECTOR[@]}" checklist "$P"
expect_out "^# v2 .* Review complete" "the checklist says the review is complete"
gk "${DIRECTOR[@]}" approve "$P" --comment 同意签发
expect 0 "and the director signs it off"
gk "${DIRECTOR[@]}" show "$P" --json
check [ "$(json_field state)" = signed ] "it is signed"

# ---- the printed record ---------------------------------------------------

gk "${DIRECTOR[@]}" checklist "$P" --print
if [ "$STATUS" -eq 0 ] && grep -q "保密审查单" "$OUT" && grep -qF "$TITLE" "$OUT" &&
	grep -q "工业科 (drafted by 王芳)" "$OUT"; then
	ok "--print heads the record 保密审查单 with the item and its department"
else not_ok "--print heads the record 保密审查单 with the item and its department"; fi
if grep -q "^5\. 涉及个人隐私" "$OUT" && grep -q "身份证号已隐去" "$OUT" &&
	grep -q "王建国 20" "$OUT"; then
	ok "it lists the questions with the answers, notes and who answered"
else not_ok "it lists the questions with the answers, notes and who answered"; fi
if grep -q "马晓东 20" "$OUT" && grep -q "赵志刚 20" "$OUT" &&
	grep -q "同意签发" "$OUT" && grep -q "370302\*\*\*\*\*\*\*\*0018" "$OUT" &&
	grep -q "单位公开的工作联系电话" "$OUT"; then
	ok "and the reviewers' opinions and names, the redaction and the dismissal"
else not_ok "and the reviewers' opinions and names, the redaction and the dismissal"; fi
gk "${DIRECTOR[@]}" checklist "$P" --print --format html
if [ "$STATUS" -eq 0 ] && [ "$(head -n 1 "$OUT")" = "<!DOCTYPE html>" ] &&
	[ "$(tail -n 1 "$OUT")" = "</html>" ] && grep -q "<meta charset=\"utf-8\">" "$OUT" &&
	grep -q "<h1>.*保密审查单.*</h1>" "$OUT" && grep -qF "$TITLE" "$OUT"; then
	ok "--print --format html is a whole HTML page"
else not_ok "--print --format html is a whole HTML page"; fi
gk "${DIRECTOR[@]}" checklist "$P" --print --format pdf
expect_err 64 "text or html" "an unknown format is a usage error"
gk "${DIRECTOR[@]}" checklist "$P" --format html
expect_err 64 "with --print" "--format without --print is a usage error"

# ---- the questions --------------------------------------------------------

gk "${DIRECTOR[@]}" checklist questions
if [ "$STATUS" -eq 0 ] && [ "$(wc -l <"$OUT")" -eq 13 ] &&
	grep -qxF "1	state-secret	blocking	涉及国家秘密？	定密、密级标志、保密期限、解密" "$OUT" &&
	grep -qxF "13	referral	informational	需要报请保密行政管理部门确定？	" "$OUT"; then
	ok "checklist questions lists the 13 questions"
else not_ok "checklist questions lists the 13 questions"; fi
gk "${DIRECTOR[@]}" checklist add copyright --text 涉及他人著作权且未获授权？
expect_err 77 "" "only an administrator adds a question"
gk "${ADMIN[@]}" checklist add copyright
expect_err 64 "needs --text" "a question needs --text"
gk "${ADMIN[@]}" checklist add Copyright! --text 涉及他人著作权且未获授权？
expect_err 65 "lower-case" "a question's code is lower-case letters, digits and -"
gk "${ADMIN[@]}" checklist add copyright --text 涉及他人著作权且未获授权？ --hint 转载的文章、图片、地图
expect 0 "the administrator adds a question"
gk "${ADMIN[@]}" checklist add copyright --text 又一个？
expect_err 65 "already" "a code is added once"
gk "${ADMIN[@]}" checklist questions
has_line "14	copyright	blocking	涉及他人著作权且未获授权？	转载的文章、图片、地图" "it is question 14, blocking"

# An item that was ready for the sign-off now has a question to answer.
gk "${DIRECTOR[@]}" queue signoff
READY=
for id in $(cut -f 1 "$OUT"); do
	gk "${DIRECTOR[@]}" checklist "${id:0:8}"
	if head -n 1 "$OUT" | grep -q "1 question to answer$" &&
		[ "$(field question 14 5)" = missing ]; then
		READY=${id:0:8}
		break
	fi
done
check [ -n "$READY" ] "an item whose review was complete now lacks the answer to question 14"
gk "${DIRECTOR[@]}" approve "$READY"
expect_err 77 "question 14 not answered" "and its sign-off is refused"

gk "${DIRECTOR[@]}" checklist blocking copyright no
expect_err 77 "" "only an administrator makes a question informational"
gk "${ADMIN[@]}" checklist blocking copyright maybe
expect_err 64 "yes.*no" "blocking is yes or no"
gk "${ADMIN[@]}" checklist blocking 14 no
expect 0 "the administrator makes question 14 informational"
gk "${ADMIN[@]}" checklist questions
has_line "14	copyright	informational	涉及他人著作权且未获授权？	转载的文章、图片、地图" \
	"it is listed informational"
gk "${DIRECTOR[@]}" approve "$READY"
expect_err 77 "question 14 not answered" "an informational question must still be answered"
gk "${DIRECTOR[@]}" checklist answer "$READY" copyright 是
expect 0 "是 to an informational question needs no note"
gk "${DIRECTOR[@]}" approve "$READY" --comment 同意签发
expect 0 "and does not hold up the sign-off"

# ---- the step that fills the checklist --------------------------------------

gk "${ADMIN[@]}" setting checklist-step 9
expect_err 65 "The review chain has 3 steps; the checklist cannot be filled at step 9" \
	"setting checklist-step 9 is refused: the chain has 3 steps"
gk "${DIRECTOR[@]}" setting checklist-step 2
expect_err 77 "" "only an administrator changes the setting"
gk "${ADMIN[@]}" setting checklist-step 2
expect 0 "the administrator has the checklist filled from step 2"
gk zhouqiang "$PW" queue review
STEP1=$(awk -F '\t' '$3 == 1 { print substr($1, 1, 8); exit }' "$OUT")
gk zhouqiang "$PW" checklist answer "$STEP1" 1 否
expect_err 77 "from step 2" "the head of 综合科 may no longer answer at step 1"
gk zhouqiang "$PW" checklist "$STEP1"
expect_out "^# v[0-9]* · checklist filled from step 2 · " "the checklist says from which step it is filled"

# ---- a draft with findings, through the chain --------------------------------
# (the checklist has 14 questions now; filled from step 1 again)

gk "${ADMIN[@]}" setting checklist-step 1
expect 0 "the checklist is filled from step 1 again"

printf '%s\n' "报名联系人：张伟，手机：13912345678，身份证号：11010519491231002X。" \
	"材料请发送至邮箱 zhangwei@zcjxj.example.cn。" >"$TMP/body.txt"
gk zhangwei "$PW" draft new --title "关于技术能手报名的通知" --category 企业之窗 \
	--body-file "$TMP/body.txt"
DRAFT=$(head -n 1 "$OUT")
gk zhangwei "$PW" submit "${DRAFT:0:8}"
expect_err 0 "not complete yet: 14 questions to answer · 3 findings open" \
	"submit succeeds and says on stderr what the review still lacks"
gk zhouqiang "$PW" finding redact "${DRAFT:0:8}" 2 1
expect 0 "two findings of one listing are masked at once"
gk zhouqiang "$PW" checklist "${DRAFT:0:8}"
first_line "# v2 · checklist filled from step 1 · 14 questions to answer · 1 finding open" \
	"in one new version: only the e-mail address is left"
check grep -q "^finding	1	2:[0-9]*	email	" "$OUT" "and it is finding 1 now"
gk zhouqiang "$PW" approve "${DRAFT:0:8}"
expect_err 0 "not complete yet: 14 questions to answer · 1 finding open" \
	"approving step 1 with the review open succeeds and says what it lacks"
gk liuhongmei "$PW" checklist answer "${DRAFT:0:8}" 1 否
expect 0 "the deputy at step 2 answers what step 1 left open"
gk zhaozhigang "$PW" checklist answer "${DRAFT:0:8}" 1 是 --note "需核实"
expect_err 77 "" "another deputy, who cannot decide the step, does not answer"

gk "${ADMIN[@]}" audit verify
expect_out "every hash matches" "the audit log verifies after all of it"
