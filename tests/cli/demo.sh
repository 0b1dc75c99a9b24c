#!/bin/bash
# gongkai demo: a demo database in one command, its logins printed, never
# over an existing database, and ready to work in at once.
. "$(dirname "$0")/lib.sh"

DB=$TMP/demo/gongkai.db
PW=gongkai-demo

"$GONGKAI_BIN" demo --db "$DB" >"$OUT" 2>"$ERR"
STATUS=$?
expect_out "淄川区经济和信息化局" "demo creates the demo agency in a new folder"
if grep -q "password $PW" "$OUT" && grep -q "^  wangjianguo  *王建国  *director" "$OUT" &&
	grep -q "^  zhangwei  *张伟  *officer (drafter), 综合科" "$OUT" &&
	[ "$(grep -c '^  [a-z]\{3,\}  ' "$OUT")" -ge 15 ]; then
	ok "it prints every login with name, job and the password"
else not_ok "it prints every login with name, job and the password"; fi
if grep -q "^  gongkai --db $DB\$" "$OUT"; then ok "it says how to open the workstation"; else
	not_ok "it says how to open the workstation"; fi

cp "$DB" "$TMP/before.db"
"$GONGKAI_BIN" demo --db "$DB" >"$OUT" 2>"$ERR"
STATUS=$?
expect_err 65 "already holds the agency 淄川区经济和信息化局" "a second demo on the same file is refused"
if cmp -s "$DB" "$TMP/before.db"; then ok "the refused demo left the database as it was"; else
	not_ok "the refused demo left the database as it was"; fi

printf 'notes, not a database\n' >"$TMP/notes.txt"
"$GONGKAI_BIN" demo --db "$TMP/notes.txt" >"$OUT" 2>"$ERR"
STATUS=$?
expect_err 65 "not a gongkai database" "demo refuses a file that is no database"
if grep -q "^notes, not a database\$" "$TMP/notes.txt"; then ok "and leaves that file alone"; else
	not_ok "and leaves that file alone"; fi

"$GONGKAI_BIN" demo --logins --db "$TMP/none.db" >"$OUT" 2>"$ERR"
STATUS=$?
expect_out "^  hanlei  *韩磊  *head of 建陶产业办" "demo --logins prints the logins again"
if [ ! -e "$TMP/none.db" ]; then ok "demo --logins touches no database"; else
	not_ok "demo --logins touches no database"; fi
"$GONGKAI_BIN" demo extra --db "$TMP/none.db" >"$OUT" 2>"$ERR"
STATUS=$?
expect_err 64 "usage: gongkai demo" "demo takes no arguments"

export GONGKAI_DB=$DB
gk wangjianguo "$PW" queue signoff
expect_out "	review	3	" "the director logs in with the demo password and sees items awaiting sign-off"
SIGNOFF=$(wc -l <"$OUT")
gk wangjianguo "$PW" queue review
if [ "$STATUS" -eq 0 ] && [ "$(wc -l <"$OUT")" -eq "$SIGNOFF" ] &&
	! grep -qv "	review	3	" "$OUT"; then
	ok "what the director may decide is exactly the sign-off queue"
else not_ok "what the director may decide is exactly the sign-off queue"; fi
mapfile -t WAITING < <(cut -f 1 "$OUT")
# The newest waits for its confidentiality review: the demo shows the rule.
gk wangjianguo "$PW" approve "${WAITING[0]:0:8}" --comment 同意签发
expect_err 77 "保密审查.*not answered.*findings open" "the newest item waiting is refused: its confidentiality review is open"
ID=
for id in "${WAITING[@]}"; do
	gk wangjianguo "$PW" checklist "${id:0:8}"
	if [ "$STATUS" -eq 0 ] && head -n 1 "$OUT" | grep -q "Review complete"; then
		ID=$id
		break
	fi
done
if [ -n "$ID" ]; then ok "another item waiting has its review complete"; else
	not_ok "another item waiting has its review complete"; fi
gk wangjianguo "$PW" approve "${ID:0:8}" --comment 同意签发
expect 0 "the director signs it off"
gk wangjianguo "$PW" show "${ID:0:8}" --json
if [ "$(json_field state)" = signed ]; then ok "it is signed"; else not_ok "it is signed"; fi

gk liuhongmei "$PW" queue review
expect_out "	review	2	" "a deputy finds items at step 2"
gk zhouqiang "$PW" queue review
expect_out "	review	1	" "the head of 综合科 finds items at step 1"
gk lina "$PW" queue returned
expect_out "	returned	0	" "an officer finds an item returned to her"
RET=$(head -n 1 "$OUT" | cut -f 1)
gk lina "$PW" history "${RET:0:8}"
expect_out "sent back	v1	step 2 分管负责人审核	.*口径" "its history says what the deputy asked to change"

gk admin "$PW" audit verify
expect_out "every hash matches" "the demo's audit log verifies"
