#!/bin/bash
# A reviewer sees an item again after returning it: `gongkai diff` shows
# what changed since the version they decided on, line by line, with
# Chinese text.
. "$(dirname "$0")/lib.sh"

export GONGKAI_PASSWORD=admin-pass-1
"$GONGKAI_BIN" init --org 淄川区经济和信息化局 --org-code 000014349 --admin admin >"$OUT" 2>"$ERR"
STATUS=$?
unset GONGKAI_PASSWORD
expect 0 "init sets up the agency"
ADMIN=(admin admin-pass-1)
gk "${ADMIN[@]}" dept add 局领导 --kind leadership
gk_in deputy-pass "${ADMIN[@]}" user add wang --name 王副局长 --dept 局领导 --roles deputy
gk "${ADMIN[@]}" dept add 综合科 --deputy wang
gk_in head-pass-1 "${ADMIN[@]}" user add li --name 李科长 --dept 综合科 --roles dept-head
gk_in officer-pass "${ADMIN[@]}" user add zhang --name 张三 --dept 综合科 --roles drafter
expect 0 "add a head, a deputy and an officer"
ZHANG=(zhang officer-pass) LI=(li head-pass-1) WANG=(wang deputy-pass)

# first_line TEXT DESCRIPTION — the first line of stdout is TEXT, exit 0.
first_line() {
	if [ "$STATUS" -eq 0 ] && [ "$(head -n 1 "$OUT")" = "$1" ]; then ok "$2"; else
		echo "#   expected exit 0 and first line '$1', got $STATUS"
		not_ok "$2"
	fi
}

# has_line LINE DESCRIPTION — stdout has exactly this line.
has_line() {
	if [ "$STATUS" -eq 0 ] && grep -qxF -- "$1" "$OUT"; then ok "$2"; else
		echo "#   expected exit 0 and the line '$1', got $STATUS"
		not_ok "$2"
	fi
}

cat >"$TMP/v1.txt" <<'EOF'
各镇（街道）、各有关企业：
为做好2026年度工业企业技术改造项目申报工作，现将有关事项通知如下：
一、申报范围
全区规模以上工业企业。
二、申报条件
项目已完成备案，且在2026年内开工建设。
三、申报时间
2026年12月1日至12月15日。
四、联系方式
联系人：张三，电话：5180001。
EOF
sed 's/至12月15日/至12月31日/' "$TMP/v1.txt" >"$TMP/v2.txt"

gk "${ZHANG[@]}" draft new --title 关于申报2026年度技术改造项目的通知 --category 政务公开 \
	--body-file "$TMP/v1.txt"
expect 0 "the officer writes a draft with a Chinese body"
ID=$(cat "$OUT")
P=${ID:0:8}
gk "${ZHANG[@]}" submit "$P"
expect 0 "and submits it"
gk "${LI[@]}" return "$P" --comment "申报时间过短，请延长至月底。"
expect 0 "the head of 综合科 returns it with a comment"
gk "${ZHANG[@]}" draft edit "$P" --body-file "$TMP/v2.txt"
expect 0 "the officer changes one line"
gk "${ZHANG[@]}" submit "$P"
expect 0 "and resubmits it"

gk "${LI[@]}" diff "$P"
first_line "v1 → v2 (you last decided on v1)" "the head's diff runs from the version they returned to the current one"
has_line "- 2026年12月1日至12月15日。" "the old line is marked -"
has_line "+ 2026年12月1日至12月31日。" "the new line is marked +"
has_line "  三、申报时间" "an unchanged line near the change is shown with two spaces"
has_line "@@ 4 unchanged lines @@" "unchanged lines far from the change are summed up"
if ! grep -q "各镇（街道）" "$OUT" && ! grep -q "Title" "$OUT" &&
	[ "$(grep -c '^[-+] ' "$OUT")" -eq 2 ]; then
	ok "nothing else is shown: no far lines, no unchanged fields"
else not_ok "nothing else is shown: no far lines, no unchanged fields"; fi

gk "${LI[@]}" diff "$P" --context 100
if [ "$STATUS" -eq 0 ] && grep -qxF "  各镇（街道）、各有关企业：" "$OUT" && ! grep -q "^@@" "$OUT" &&
	[ "$(wc -l <"$OUT")" -eq 12 ]; then
	ok "--context 100 shows the whole body"
else not_ok "--context 100 shows the whole body"; fi
gk "${LI[@]}" diff "$P" --context 0
if [ "$STATUS" -eq 0 ] && [ "$(wc -l <"$OUT")" -eq 5 ]; then
	ok "--context 0 shows only the change and the runs around it"
else not_ok "--context 0 shows only the change and the runs around it"; fi

gk "${ZHANG[@]}" diff "$P"
first_line "v1 → v2" "the author, who never decided, sees the change from the version before"

gk "${LI[@]}" approve "$P" --comment 同意
expect 0 "the head approves version 2"
gk "${LI[@]}" diff "$P"
expect_out "You last decided on v2; it has not changed since." "then nothing changed since their decision"

# The deputy returns it; the officer changes the title only.
gk "${WANG[@]}" return "$P" --comment "标题请写明年度。"
expect 0 "the deputy returns version 2"
gk "${ZHANG[@]}" draft edit "$P" --title "关于申报2026年度工业企业技术改造项目的通知"
gk "${ZHANG[@]}" submit "$P"
expect 0 "the officer changes the title and resubmits"
gk "${LI[@]}" diff "$P"
first_line "v2 → v3 (you last decided on v2)" "the head now compares from version 2"
has_line "- Title: 关于申报2026年度技术改造项目的通知" "the old title is marked -"
has_line "+ Title: 关于申报2026年度工业企业技术改造项目的通知" "the new title is marked +"
gk "${LI[@]}" diff "$P" --from 1
first_line "v1 → v3" "--from picks the older version"
has_line "+ 2026年12月1日至12月31日。" "and shows the body change as well"
gk "${LI[@]}" diff "$P" --from 2 --to 2
expect_out "v2 → v2: the same version, nothing to compare." "the same version twice says so"

gk "${LI[@]}" diff "$P" --from 4
expect_err 66 "no version 4" "a version that does not exist is refused"
gk "${LI[@]}" diff "$P" --to 0
expect_err 64 "whole number" "a version number must be positive"
gk "${LI[@]}" diff "$P" --context x
expect_err 64 "whole number" "the context is a number"
gk "${LI[@]}" diff
expect_err 64 "missing argument" "diff needs an item"
gk "${LI[@]}" diff ffffffff
expect_err 66 "ffffffff" "an unknown item is refused"

LANGUAGE=zh_CN gk "${LI[@]}" diff "$P" --from 1
if [ "$STATUS" -eq 0 ] && grep -q "^v1 → v3" "$OUT"; then
	ok "the diff works under the Chinese UI"
else not_ok "the diff works under the Chinese UI"; fi
