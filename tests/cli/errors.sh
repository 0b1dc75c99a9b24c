#!/bin/bash
# What the command line says and which exit status it gives when things go
# wrong: usage, bad data, missing things, refusals, lockout, foreign text
# encodings, and a tampered audit log.
. "$(dirname "$0")/lib.sh"

GONGKAI_PASSWORD=admin-pass-1 "$GONGKAI_BIN" init --org 淄川区经济和信息化局 \
	--org-code 00001434X --admin admin >"$OUT" 2>"$ERR"
STATUS=$?
expect_err 65 "check character" "a wrong organization code is bad data (65)"
GONGKAI_PASSWORD=admin-pass-1 "$GONGKAI_BIN" init --org 淄川区经济和信息化局 \
	--org-code 11370812004339255B --admin admin >"$OUT" 2>"$ERR"
STATUS=$?
expect 0 "init takes an 18-character unified social credit code"
GONGKAI_PASSWORD=admin-pass-1 "$GONGKAI_BIN" init --org 另一个局 \
	--org-code 000014349 --admin admin2 >"$OUT" 2>"$ERR"
STATUS=$?
expect_err 65 "already set up" "a second init is refused"

A=(admin admin-pass-1)
gk "${A[@]}" dept add 综合科
gk_in officer-pass "${A[@]}" user add zhang --name 张三 --dept 综合科 --roles drafter
expect 0 "add an officer"

gk "${A[@]}" draft
expect_err 64 "'draft new', 'draft edit'" "a command group names its commands"
GONGKAI_DB=$GONGKAI_DB "$GONGKAI_BIN" queue --user admin --limit 1 >"$OUT" 2>"$ERR" </dev/null
STATUS=$?
expect_err 64 "GONGKAI_PASSWORD" "--user after the command is taken (then the password is missing)"
GONGKAI_PASSWORD=admin-pass-1 "$GONGKAI_BIN" dept list --user admin >"$OUT" 2>"$ERR"
STATUS=$?
expect_out "综合科" "global options may follow the command"
"$GONGKAI_BIN" --user admin show >"$OUT" 2>"$ERR" </dev/null
STATUS=$?
expect_err 64 "missing argument" "a usage error comes before any password is asked"
gk "${A[@]}" frobnicate
expect_err 64 "unknown command" "an unknown command is a usage error (64)"
gk "${A[@]}" submit
expect_err 64 "usage: gongkai submit ID" "a missing argument prints the command's usage (64)"
gk "${A[@]}" queue --limit 0
expect 64 "a bad --limit is a usage error"
gk "${A[@]}" queue nonsense
expect_err 64 "unknown queue" "an unknown queue is a usage error"
gk "${A[@]}" user add wu --name 吴 --dept 综合科 --roles cook
expect_err 65 "Unknown role 'cook'" "an unknown role is bad data (65)"
gk_in valid-pass-1 "${A[@]}" user add wu --name 吴 --dept 不存在 --roles drafter
expect_err 66 "No department" "an unknown department is 66"
gk_in short "${A[@]}" user add wu --name 吴 --dept 综合科 --roles drafter
expect_err 65 "8 characters" "a short password is refused"
gk "${A[@]}" show 0123456789
expect_err 66 "No item" "an unknown item is 66"
gk "${A[@]}" show xyz
expect_err 65 "at least 4" "a too short id prefix is bad data"

Z=(zhang officer-pass)
gk_in "正文" "${Z[@]}" draft new --title 通知 --category 不存在
expect_err 66 "企业之窗" "an unknown category is 66 and names the categories"
gk "${Z[@]}" draft new --title 通知 --category 政务公开 --body-file "$TMP/missing.txt"
expect_err 66 "missing.txt" "a missing body file is 66"
printf '\xb9\xab\xbf\xaa\xd0\xc5\xcf\xa2\n' >"$TMP/gbk.txt" # 公开信息 in GBK
gk "${Z[@]}" draft new --title 通知 --category 政务公开 --body-file "$TMP/gbk.txt"
expect_err 65 "gbk.txt: not valid UTF-8 at byte offset 0" "a GBK body is refused, naming file and byte"
gk "${Z[@]}" draft new --title 通知 --category 政务公开 --body-file "$TMP/gbk.txt" --encoding GB18030
expect 0 "--encoding GB18030 converts it"
gk "${Z[@]}" show "$(cat "$OUT")" --json
if [ "$(json_field body)" = '公开信息\n' ]; then ok "the converted body is UTF-8"; else
	not_ok "the converted body is UTF-8"; fi

gk zhang wrong-pass queue
expect_err 77 "Wrong login or password" "a wrong password is refused (77)"
gk nobody whatever-1 queue
expect_err 77 "Wrong login or password" "an unknown login gets the same answer"
for i in 2 3 4; do gk zhang wrong-pass queue; done
gk zhang wrong-pass queue
expect_err 77 "locked for 15 minutes" "the fifth wrong password in a row locks the login"
gk "${Z[@]}" queue
expect_err 77 "locked until" "a locked login is refused even with the right password"
gk "${A[@]}" user list
expect_out "locked" "user list shows the lock"
gk "${A[@]}" user unlock zhang
expect 0 "an admin unlocks it"
gk "${Z[@]}" queue
expect 0 "then the right password works"
gk "${Z[@]}" user unlock zhang
expect_err 77 "administrator" "an officer may not unlock"
gk "${A[@]}" setting lockout-attempts 3
expect 0 "an admin changes the lockout setting"
gk "${A[@]}" setting
expect_out "^lockout-attempts	3	" "the setting shows the new value"

GONGKAI_USER=zhang "$GONGKAI_BIN" queue >"$OUT" 2>"$ERR" </dev/null
STATUS=$?
expect_err 64 "GONGKAI_PASSWORD" "no password and no terminal is a usage error"
"$GONGKAI_BIN" --db "$TMP/none.db" --user zhang queue >"$OUT" 2>"$ERR"
STATUS=$?
expect_err 66 "gongkai init" "a missing database says to run init"

# Tamper with the audit log through the sqlite3 shell.
gk "${A[@]}" audit verify
expect_out "verifies" "the untouched audit log verifies"
sqlite3 "$GONGKAI_DB" "DROP TRIGGER audit_no_update; UPDATE audit SET detail = '改过' WHERE seq = 4;"
gk "${A[@]}" audit verify
expect_err 65 "Audit entry 4 " "a changed audit row fails verification, named by its number"
sqlite3 "$GONGKAI_DB" "UPDATE audit SET detail = 'x' WHERE seq = 1" 2>/dev/null
sqlite3 "$GONGKAI_DB" "DELETE FROM audit WHERE seq = 2" 2>"$ERR"
if grep -q "append-only" "$ERR"; then ok "the delete trigger still refuses deletes"; else
	not_ok "the delete trigger still refuses deletes"; fi
