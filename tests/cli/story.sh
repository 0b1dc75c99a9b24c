#!/bin/bash
# A whole story through the command line, with Chinese text: an agency is
# set up, people are added, one item goes through the three-step review
# chain (its confidentiality checklist answered at step 1) with refusals
# on the way, a second is returned, revised and resubmitted, and the audit
# log verifies at the end.
. "$(dirname "$0")/lib.sh"

ADMIN=(admin admin-pass-1)
export GONGKAI_PASSWORD=admin-pass-1
"$GONGKAI_BIN" init --org 淄川区经济和信息化局 --org-code 000014349 --admin admin \
	--admin-name 系统管理员 >"$OUT" 2>"$ERR"
STATUS=$?
unset GONGKAI_PASSWORD
expect_out "淄川区经济和信息化局" "init sets up the agency"

gk "${ADMIN[@]}" dept add 局领导 --kind leadership
expect 0 "add the bureau leadership"
gk_in deputy-pass "${ADMIN[@]}" user add wang --name 王副局长 --dept 局领导 --roles deputy
expect 0 "add the deputy director"
gk_in director-pass "${ADMIN[@]}" user add zhao --name 赵局长 --dept 局领导 --roles director
expect 0 "add the director"
gk "${ADMIN[@]}" dept add 综合科 --deputy wang
expect 0 "add 综合科 with its deputy in charge"
gk "${ADMIN[@]}" dept add 工业科 --kind industry
expect 0 "add 工业科"
gk_in head-pass-1 "${ADMIN[@]}" user add li --name 李科长 --dept 综合科 --roles dept-head
expect 0 "add the head of 综合科"
gk_in officer-pass "${ADMIN[@]}" user add zhang --name 张三 --dept 综合科 --roles drafter
expect 0 "add an officer of 综合科"
gk_in head-pass-2 "${ADMIN[@]}" user add sun --name 孙科长 --dept 工业科 --roles dept-head
expect 0 "add the head of 工业科"
gk "${ADMIN[@]}" user list
if [ "$(wc -l <"$OUT")" -eq 6 ] && grep -q "^zhang	张三	综合科	drafter$" "$OUT"; then
	ok "user list shows the admin and five users"
else not_ok "user list shows the admin and five users"; fi

ZHANG=(zhang officer-pass) LI=(li head-pass-1) SUN=(sun head-pass-2)
WANG=(wang deputy-pass) ZHAO=(zhao director-pass)

BODY="各镇（街道）、各有关企业：
2026年1—10月，全区规模以上工业增加值同比增长6.5%，工业经济运行总体平稳。
特此通报。"
gk_in "$BODY" "${ZHANG[@]}" draft new --title "关于2026年1—10月全区工业经济运行情况的通报" \
	--category 工业经济 --doc-no "川经信发〔2026〕12号"
expect 0 "the officer writes a draft"
ID=$(cat "$OUT")
P=${ID:0:8}
gk "${ZHANG[@]}" show "$P" --json
if [ "$(json_field state)" = draft ] && [ "$(json_field title)" = "关于2026年1—10月全区工业经济运行情况的通报" ] &&
	[ "$(json_field version)" = 1 ]; then
	ok "show --json gives the draft's state, title and version"
else not_ok "show --json gives the draft's state, title and version"; fi

gk "${ZHANG[@]}" submit "$P"
expect 0 "the officer submits it"
gk "${ZHANG[@]}" approve "$P"
expect_err 77 "author" "the author may not approve their own item"
gk "${SUN[@]}" approve "$P"
expect_err 77 "综合科" "the head of another department may not decide step 1"
gk "${WANG[@]}" approve "$P"
expect_err 77 "department head" "the deputy may not decide step 1"

gk "${LI[@]}" queue review
expect_out "^$ID	review	1	" "the item waits in the head's review queue"
checklist_clear "${LI[@]}" "$P"
expect 0 "the head of 综合科 answers the confidentiality checklist, 否 to each question"
gk "${LI[@]}" approve "$P" --comment 同意
expect 0 "the head of 综合科 approves step 1"
gk "${WANG[@]}" approve "$P" --comment 同意公开
expect 0 "the deputy in charge approves step 2"
gk "${ZHAO[@]}" queue signoff
expect_out "^$ID	review	3	" "the item waits for sign-off"
gk "${ZHAO[@]}" checklist "$P"
expect_out "^# v1 .* Review complete" "the director finds the confidentiality review complete"
gk "${ZHAO[@]}" approve "$P" --comment 签发
expect 0 "the director signs it off"
gk "${ZHAO[@]}" show "$P" --json
if [ "$(json_field state)" = signed ] && [ "$(json_field step)" = 0 ]; then
	ok "the item is signed"
else not_ok "the item is signed"; fi
gk "${ZHANG[@]}" queue signed
expect_out "^$ID	signed	" "it is in the signed queue"
gk "${ZHANG[@]}" history "$P"
if [ "$(grep -c '	approved	' "$OUT")" -eq 2 ] && grep -q "赵局长 (zhao)	signed off	v1	step 3 主要负责人签发	签发" "$OUT"; then
	ok "history shows three approvals by three people"
else not_ok "history shows three approvals by three people"; fi

# A second item is returned, revised and resubmitted.
gk_in "初稿正文。" "${ZHANG[@]}" draft new --title 企业之窗：淄川区重点企业名录 --category 企业之窗
ID2=$(cat "$OUT")
P2=${ID2:0:8}
gk "${ZHANG[@]}" submit "$P2"
gk "${LI[@]}" approve "$P2"
expect 0 "step 1 of the second item is approved"
gk "${WANG[@]}" return "$P2"
expect_err 64 "comment" "returning needs a comment"
gk "${WANG[@]}" return "$P2" --comment "请补充企业联系方式，并核对名称。"
expect 0 "the deputy returns it with a comment"
gk "${ZHANG[@]}" queue returned
expect_out "^$ID2	returned	0	" "it is back with its author"
printf '修改后的正文：已补充联系方式。\n' >"$TMP/body.txt"
gk "${ZHANG[@]}" draft edit "$P2" --body-file "$TMP/body.txt"
expect 0 "the author edits the returned item"
gk "${ZHANG[@]}" show "$P2" --json
if [ "$(json_field state)" = draft ] && [ "$(json_field version)" = 2 ]; then
	ok "the edit is version 2, a draft again"
else not_ok "the edit is version 2, a draft again"; fi
gk "${ZHANG[@]}" submit "$P2"
expect 0 "the author resubmits it"
gk "${ZHANG[@]}" show "$P2" --json
if [ "$(json_field state)" = review ] && [ "$(json_field step)" = 1 ]; then
	ok "the old approvals no longer count: review starts at step 1"
else not_ok "the old approvals no longer count: review starts at step 1"; fi
gk "${WANG[@]}" approve "$P2"
expect_err 77 "department head" "the deputy cannot skip ahead to step 2"
gk "${LI[@]}" approve "$P2"
expect 0 "the head approves the new version"
gk "${ZHANG[@]}" history "$P2"
expect_out "请补充企业联系方式" "the history keeps the return comment"

gk "${ADMIN[@]}" audit verify
expect_out "verifies" "the audit log verifies"
