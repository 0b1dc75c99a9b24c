#!/bin/bash
# `gongkai scan` reads a text as a confidentiality reviewer would before
# publication: secrecy markings, restricted wording and personal data, one
# finding a line; from files in UTF-8 or GBK, or from standard input.  It
# needs no login and no database.
. "$(dirname "$0")/lib.sh"

# scan ARGS... — run `gongkai scan`; stdout in $OUT, stderr in $ERR.
scan() {
	"$GONGKAI_BIN" scan "$@" >"$OUT" 2>"$ERR" </dev/null
	STATUS=$?
}

# same_out FILE STATUS DESCRIPTION — exit STATUS and stdout is exactly FILE.
same_out() {
	if [ "$STATUS" -eq "$2" ] && diff -u "$1" "$OUT" >"$TMP/diff"; then ok "$3"; else
		echo "#   expected exit $2, got $STATUS"
		sed 's/^/#   /' "$TMP/diff"
		not_ok "$3"
	fi
}

cat >"$TMP/notice.txt" <<'EOF'
机密★1年
关于张三同志有关情况的报告（内部资料，注意保密）
张三，身份证号11010519491231002X，手机13812345678，
工资卡号6228480402564890018，邮箱zhang.san@example.com。
另：李四手机＋86１３９１２３４５６７８。
淄川经信发〔2016〕12号　2016年12月31日　电话0533-5181234
EOF
printf '1\t1\tmarking\t机密★1年\n' >"$TMP/expected"
printf '2\t15\trestricted\t内部资料\n' >>"$TMP/expected"
printf '2\t20\trestricted\t注意保密\n' >>"$TMP/expected"
printf '3\t8\tid-number\t11010519491231002X\n' >>"$TMP/expected"
printf '3\t29\tmobile\t13812345678\n' >>"$TMP/expected"
printf '4\t5\tbank-card\t6228480402564890018\n' >>"$TMP/expected"
printf '4\t27\temail\tzhang.san@example.com\n' >>"$TMP/expected"
printf '5\t10\tmobile\t１３９１２３４５６７８\n' >>"$TMP/expected"

scan "$TMP/notice.txt"
same_out "$TMP/expected" 1 "a notice with findings: each on its line (line, column, kind, text), exit 1"
if [ ! -e "$GONGKAI_DB" ]; then ok "scan opens no database"; else
	not_ok "scan opens no database"; fi

GONGKAI_DB=$TMP/no/such/dir/gongkai.db GONGKAI_USER= "$GONGKAI_BIN" scan "$TMP/notice.txt" >"$OUT" 2>"$ERR" </dev/null
STATUS=$?
same_out "$TMP/expected" 1 "scan needs neither a database nor a login"

printf '各镇（街道）：\n请于2026年12月1日前报送，联系电话0533-5181234。\n' >"$TMP/clean.txt"
scan "$TMP/clean.txt"
if [ "$STATUS" -eq 0 ] && [ ! -s "$OUT" ] && [ ! -s "$ERR" ]; then
	ok "a text without findings prints nothing, exit 0"
else not_ok "a text without findings prints nothing, exit 0"; fi

: >"$TMP/empty.txt"
scan "$TMP/empty.txt"
expect 0 "an empty file has no findings"

# The same text in GBK gives the same findings through --encoding.
iconv -f UTF-8 -t GBK "$TMP/notice.txt" >"$TMP/notice.gbk"
scan "$TMP/notice.gbk" --encoding GBK
same_out "$TMP/expected" 1 "the notice in GBK with --encoding GBK: the same findings"
scan --encoding GB18030 "$TMP/notice.gbk"
same_out "$TMP/expected" 1 "and with --encoding GB18030 before the file"
sed 's/$/\r/' "$TMP/notice.txt" >"$TMP/notice-crlf.txt"
scan "$TMP/notice-crlf.txt"
same_out "$TMP/expected" 1 "CR LF line ends change no line or column"

# Bytes that are not the encoding: refused with their offset.
printf '手机13812345678\n\xff\xfe 内部资料\n' >"$TMP/bad.txt"
scan "$TMP/bad.txt"
expect_err 65 "byte offset 18" "bad UTF-8 is refused with its byte offset, exit 65"
if grep -q -- "--encoding GB18030" "$ERR"; then ok "and the message suggests --encoding"; else
	not_ok "and the message suggests --encoding"; fi
if [ ! -s "$OUT" ]; then ok "nothing is printed from a text that was refused"; else
	not_ok "nothing is printed from a text that was refused"; fi
scan "$TMP/notice.txt" --encoding GBK
expect_err 65 "not valid GBK at byte offset" "UTF-8 read as GBK is refused with the offset, exit 65"
scan "$TMP/notice.txt" --encoding NO-SUCH-ENCODING
expect_err 65 "NO-SUCH-ENCODING" "an unknown encoding is refused, exit 65"

yes 'Notice text, line after line.' | head -n 200000 >"$TMP/huge.txt"
scan "$TMP/huge.txt"
expect_err 65 "too long to scan" "a text of more than 4 MiB is refused, not scanned in part, exit 65"

# Standard input, with - or without a file.
"$GONGKAI_BIN" scan - <"$TMP/notice.txt" >"$OUT" 2>"$ERR"
STATUS=$?
same_out "$TMP/expected" 1 "scan - reads standard input"
"$GONGKAI_BIN" scan --encoding GBK <"$TMP/notice.gbk" >"$OUT" 2>"$ERR"
STATUS=$?
same_out "$TMP/expected" 1 "scan without a file reads standard input, here in GBK"
printf '无敏感信息。\n' | "$GONGKAI_BIN" scan >"$OUT" 2>"$ERR"
STATUS=$?
expect 0 "standard input without findings: exit 0"

# Mistakes in the command line.
scan "$TMP/no-such-file.txt"
expect_err 66 "no-such-file.txt" "a missing file: exit 66 naming it"
scan "$TMP/notice.txt" "$TMP/clean.txt"
expect_err 64 "too many arguments" "two files: usage, exit 64"
scan --no-such-option "$TMP/notice.txt"
expect_err 64 "usage: gongkai scan" "an unknown option: usage, exit 64"
scan "$TMP/notice.txt" --encoding
expect_err 64 "usage: gongkai scan" "--encoding without a value: usage, exit 64"

"$GONGKAI_BIN" help scan >"$OUT" 2>"$ERR"
STATUS=$?
expect_out "^usage: gongkai scan \[FILE|-\] \[--encoding ENC\]" "help scan shows its usage"
