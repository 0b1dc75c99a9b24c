#!/bin/bash
# Several gongkai processes on one database at once (a TUI and CLIs, or
# two officers on one PC): every write lands, nothing is lost, the audit
# chain stays whole.
. "$(dirname "$0")/lib.sh"

GONGKAI_PASSWORD=admin-pass-1 "$GONGKAI_BIN" init --org 淄川区经济和信息化局 \
	--org-code 000014349 --admin admin >"$OUT" 2>"$ERR"
STATUS=$?
expect 0 "init"
A=(admin admin-pass-1)
gk "${A[@]}" dept add 综合科
gk_in officer-pass "${A[@]}" user add zhang --name 张三 --dept 综合科 --roles drafter
expect 0 "add an officer"

pids=()
for i in 1 2 3 4 5 6 7 8; do
	printf '第%d份正文。\n' "$i" | GONGKAI_USER=zhang GONGKAI_PASSWORD=officer-pass \
		"$GONGKAI_BIN" draft new --title "并发草稿$i" --category 政务公开 \
		>"$TMP/out$i" 2>"$TMP/err$i" &
	pids+=($!)
done
GONGKAI_USER=admin GONGKAI_PASSWORD=admin-pass-1 "$GONGKAI_BIN" queue all >/dev/null 2>&1 &
pids+=($!)
failed=0
for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
if [ "$failed" -eq 0 ]; then ok "eight writers and a reader at once all succeed"; else
	cat "$TMP"/err* >"$ERR"
	not_ok "eight writers and a reader at once all succeed ($failed failed)"
fi
gk zhang officer-pass queue drafts
if [ "$(grep -c '并发草稿' "$OUT")" -eq 8 ]; then ok "all eight drafts are there"; else
	not_ok "all eight drafts are there"; fi
gk "${A[@]}" audit verify
expect_out "verifies" "the audit chain is whole after concurrent writes"
