#!/bin/bash
# gongkai help documents every command, the man page names each of them,
# and the Chinese UI translates the help.
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/../.." || exit 1

"$GONGKAI_BIN" --version >"$OUT" 2>"$ERR"
STATUS=$?
expect_out "^gongkai [0-9.]* (schema [0-9]*)$" "--version names the version and schema"
"$GONGKAI_BIN" help >"$OUT" 2>"$ERR"
STATUS=$?
expect_out "usage: gongkai \[--db PATH\] \[--user LOGIN\] COMMAND" "help starts with the usage"
# The command names: the lines "  NAME  summary" after "Commands:".
mapfile -t names < <(sed -n '/^Commands:/,/^$/p' "$OUT" | sed -n 's/^  \([a-z]*\( [a-z]*\)\{0,1\}\)  .*/\1/p' | sed 's/ *$//')
if [ "${#names[@]}" -ge 19 ]; then ok "help lists ${#names[@]} commands"; else
	not_ok "help lists the commands (found ${#names[@]})"; fi
for name in "${names[@]}"; do
	# shellcheck disable=SC2086
	"$GONGKAI_BIN" help $name >"$OUT" 2>"$ERR"
	STATUS=$?
	expect_out "^usage: gongkai $name" "help $name shows its usage"
	if grep -q "^\.B \"\?$name\"\?\$\|^\.SS \"\?$name\b" docs/gongkai.1; then
		ok "the man page documents $name"
	else not_ok "the man page documents $name"; fi
done
"$GONGKAI_BIN" >"$OUT" 2>"$ERR" </dev/null
STATUS=$?
expect_err 64 "needs a terminal" "no command and no terminal: the workstation says it needs one, exit 64"

# Every key of every screen, as generated from the key tables, is in the
# man page.
LANGUAGE=en "$GONGKAI_BIN" keys >"$OUT" 2>"$ERR"
STATUS=$?
expect_out "^  Enter o  *open the item$" "keys lists the queue screen's keys"
man_copy=$(mktemp)
cp docs/gongkai.1 "$man_copy"
tools/man-keys.sh "$GONGKAI_BIN" "$man_copy"
if diff -u docs/gongkai.1 "$man_copy" >"$OUT"; then
	ok "the man page lists the keys as the key tables have them"
else
	not_ok "the man page lists the keys as the key tables have them (run tools/man-keys.sh bin/gongkai)"
fi
rm -f "$man_copy"

LANGUAGE=zh_CN "$GONGKAI_BIN" help >"$OUT" 2>"$ERR"
STATUS=$?
expect_out "提交审核" "LANGUAGE=zh_CN under C.UTF-8 gives the Chinese help"
LANG=zh_CN.UTF-8 "$GONGKAI_BIN" help submit >"$OUT" 2>"$ERR"
STATUS=$?
expect_out "审核" "a missing zh_CN locale falls back to C.UTF-8 and stays Chinese"
LANG=C LANGUAGE=zh_CN "$GONGKAI_BIN" help submit >"$OUT" 2>"$ERR"
STATUS=$?
expect_out "审核" "LANGUAGE=zh_CN translates even under LANG=C"
# The fallback is said on a terminal: run under script(1) for one.
if command -v script >/dev/null; then
	LANG=zh_CN.UTF-8 script -qec "$GONGKAI_BIN help submit" /dev/null >"$OUT" 2>&1
	if grep -q "C.UTF-8" "$OUT"; then ok "on a terminal the fallback is said"; else
		not_ok "on a terminal the fallback is said"; fi
fi
