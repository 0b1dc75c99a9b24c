#!/bin/bash
# Publishing through the command line, on the demo database: the demo's
# publisher (孙丽, sunli) has published nine items; two signed items wait.
# She publishes one (its 索引号 is the next of the year), it is found by
# search and listed in the catalog and its exports (TSV, CSV with a BOM,
# GB18030, HTML), its deliveries are marked and resent, a media coverage
# record is added, and it is withdrawn.  Then what is refused, the
# channels, and the 索引号 settings.
. "$(dirname "$0")/lib.sh"

PW=gongkai-demo
"$GONGKAI_BIN" demo --db "$GONGKAI_DB" >"$OUT" 2>"$ERR"
STATUS=$?
expect 0 "a demo database"
PUB=(sunli "$PW") ADMIN=(admin "$PW") DRAFTER=(zhangwei "$PW")
DIRECTOR=(wangjianguo "$PW") OTHER=(xuming "$PW")
ORG=11370302004317654P
YEAR=$(TZ=Asia/Shanghai date +%Y)

check() {
	local what=${*: -1}
	if "${@:1:$#-1}"; then ok "$what"; else not_ok "$what"; fi
}

# ---- the demo's catalog -----------------------------------------------------

gk "${PUB[@]}" catalog
check [ "$(head -n 1 "$OUT" | cut -f 1-3)" = "$(printf '索引号\t名称\t内容概述')" ] \
	"the catalog's TSV starts with a header of the catalog's fields"
check [ "$(tail -n +2 "$OUT" | wc -l)" -eq 9 ] "the demo has published nine items"
check [ "$(tail -n +2 "$OUT" | cut -f 1 | head -n 1)" = "$ORG/$YEAR-00001" ] \
	"index numbers are the organization code, the year and a 5-digit serial"
check [ "$(tail -n +2 "$OUT" | cut -f 1 | sort -u | wc -l)" -eq 9 ] \
	"every index number is different"
check grep -q "失效" "$OUT" "the withdrawn demo item stays in the catalog with its status"

# ---- publishing ----------------------------------------------------------------

TITLE=淄川区经济和信息化局关于调整政府信息公开工作领导小组成员的通知
gk "${PUB[@]}" queue signed
ID=$(awk -F '\t' -v t="$TITLE" '$5 == t { print $1 }' "$OUT")
P=${ID:0:8}
check [ -n "$ID" ] "the demo item waits, signed off, for publication"

gk "${DRAFTER[@]}" publish "$P" --summary 调整领导小组成员
expect_err 77 "disclosure officer" "a drafter may not publish"
gk "${PUB[@]}" publish "$P"
expect_err 64 "summary" "publishing needs a summary"
gk "${PUB[@]}" publish "$P" --summary "$(printf '%0101d' 0)"
expect_err 65 "100" "a summary of 101 characters is refused"
gk "${PUB[@]}" publish "$P" --summary 调整 --channels website,nowhere
expect_err 65 "nowhere" "an unknown channel is refused by name"
gk "${PUB[@]}" publish "$P" --summary 调整 --date 2999-01-01
expect_err 65 "future" "a publication date in the future is refused"
gk "${PUB[@]}" publish "$P" --summary 调整 --hash 0123456789abcdef
expect_err 77 "changed" "a hash that is not the signed version's is refused"

gk "${PUB[@]}" publish "$P" --summary 调整局政府信息公开工作领导小组组成人员。 \
	--channels website,portal,screen --topic 综合政务 --genre 通知
expect_out "^$ORG/$YEAR-00010\$" "publishing prints the next 索引号 of the year"
INDEX=$(cat "$OUT")
gk "${PUB[@]}" show "$P"
expect_out "$INDEX" "show names the item's 索引号"
gk "${PUB[@]}" show "$P" --json
check [ "$(json_field state)" = published ] "the item is published"
check [ "$(json_field validity)" = valid ] "and valid"
gk "${PUB[@]}" publish "$P" --summary again
expect_err 77 "$INDEX" "an item is published once; the refusal names its 索引号"
# No --written: the 成文日期 is the day of the sign-off, as the
# workstation's form offers it (the core's default, not the front end's).
gk "${PUB[@]}" history "$P"
SIGNED_ON=$(grep "signed off" "$OUT" | tail -n 1 | cut -c 1-10)
gk "${PUB[@]}" catalog
WRITTEN=$(awk -F '\t' -v i="$INDEX" '$1 == i { print $5 }' "$OUT")
check [ -n "$SIGNED_ON" -a "$WRITTEN" = "$SIGNED_ON" ] \
	"without --written the 成文日期 is the day of the sign-off ($SIGNED_ON), as on the workstation"

# ---- deliveries -----------------------------------------------------------------

gk "${PUB[@]}" delivery list "$P"
check [ "$(cut -f 3,4 "$OUT" | sort | tr '\t\n' ':,')" = "portal:pending,screen:pending,website:pending," ] \
	"one pending delivery per channel"
FILE=$(awk -F '\t' '$3 == "website" { print $6 }' "$OUT" | tr ' ' '\n' | grep '\.html$')
check [ -f "$FILE" ] "the website's HTML file is in its outbox"
check grep -q "$INDEX" "$FILE" "the HTML names the 索引号"
SCREEN=$(awk -F '\t' '$3 == "screen" { print $6 }' "$OUT")
check [ "$(iconv -f GBK -t UTF-8 "$SCREEN" 2>/dev/null | grep -c 领导小组)" -eq 1 ] \
	"the display screen gets one line in GBK"
gk "${PUB[@]}" delivery done "$P" website
expect 0 "the publisher marks the website delivered"
gk "${PUB[@]}" delivery done "$P" 公开显示屏
expect 0 "a channel may be named by its name too"
gk "${PUB[@]}" delivery fail "$P" portal
expect_err 64 "note" "marking a delivery failed needs a note"
gk "${PUB[@]}" delivery fail "$P" portal --note 门户网站维护中
expect 0 "the publisher marks the portal failed"
gk "${PUB[@]}" delivery list --state failed
expect_out "门户网站维护中" "failed deliveries are listed with their note"
gk "${PUB[@]}" delivery resend "$P" portal
expect 0 "resending writes the files again"
gk "${PUB[@]}" delivery list "$P"
check [ "$(awk -F '\t' '$3 == "portal" { print $4 }' "$OUT")" = pending ] \
	"a resent delivery is pending again"
check [ "$(awk -F '\t' '$3 == "website" { print $4 }' "$OUT")" = delivered ] \
	"the website stays delivered"

# ---- search -------------------------------------------------------------------

gk "${PUB[@]}" search 领导小组
expect_out "^$ID	published	$INDEX	" "search finds the item by a word of its title"
check grep -q "\[领导小组\]" "$OUT" "the match is marked in the context"
gk "${PUB[@]}" search 经信 --published
check test "$STATUS" -eq 0 -a -s "$OUT" "a two-character word finds published items"
gk "${PUB[@]}" search "〔2026〕31"
expect_out "$ID" "search finds a 文号 with 〔〕"
gk "${PUB[@]}" search 根本不存在的词语
check test "$STATUS" -eq 0 -a ! -s "$OUT" "no match is no hit, not an error"
gk "${OTHER[@]}" search 领导小组
expect_out "$ID" "a published item is found by everyone"

# ---- exports ------------------------------------------------------------------

gk "${PUB[@]}" catalog --format csv
check [ "$(head -c 3 "$OUT" | od -An -tx1 | tr -d ' ')" = efbbbf ] \
	"the CSV starts with the UTF-8 byte-order mark"
check grep -q "^$INDEX," "$OUT" "the CSV has the new item"
gk "${PUB[@]}" catalog --format csv --encoding GB18030
iconv -f GB18030 -t UTF-8 "$OUT" >"$TMP/back.csv"
gk "${PUB[@]}" catalog --format csv
check cmp -s "$TMP/back.csv" <(tail -c +4 "$OUT") \
	"the GB18030 CSV converts back to the UTF-8 one"
gk "${PUB[@]}" catalog --format html --year "$YEAR" --output "$TMP/index.html"
check grep -q "<td>$INDEX</td>" "$TMP/index.html" "the HTML index page lists the item"
gk "${PUB[@]}" catalog --validity 失效
check [ "$(tail -n +2 "$OUT" | wc -l)" -eq 1 ] "the catalog filters by validity"
gk "${PUB[@]}" catalog --format xls
expect_err 64 "format" "an unknown export format is a usage error"

# ---- media coverage ---------------------------------------------------------------

TODAY=$(TZ=Asia/Shanghai date +%F)
gk "${PUB[@]}" coverage add "$P" --outlet 淄博日报 --kind newspaper --date "$TODAY" \
	--title 区经信局调整信息公开领导小组
expect 0 "the publisher records that a newspaper printed it"
gk "${PUB[@]}" coverage add "$P" --outlet 淄博日报 --kind magazine --date "$TODAY"
expect_err 65 "magazine" "an unknown kind of medium is refused"
gk "${PUB[@]}" coverage add "$P" --outlet 淄博日报 --kind newspaper --date "$TODAY" \
	--title 区经信局调整信息公开领导小组
expect_err 65 "already" "the same record twice is refused (the annual report counts them)"
gk "${PUB[@]}" coverage add "$P" --outlet 鲁中晨报 --kind 报纸 --date "$TODAY"
expect 0 "the kind of medium may be given in Chinese"
gk "${PUB[@]}" coverage list "$P"
expect_out "^$TODAY	newspaper	淄博日报	$INDEX	" "coverage is listed with the 索引号"
gk "${PUB[@]}" history "$P"
check grep -q "delivery	v1		淄川经信网: delivered" "$OUT" "the history records who marked a delivery"
check grep -q "media coverage	v1		$TODAY 淄博日报" "$OUT" "and the media coverage"
gk "${PUB[@]}" delivery done "$P" website
expect_err 65 "already" "a delivery marked delivered is not marked again"

# ---- correcting and withdrawing ------------------------------------------------

gk "${PUB[@]}" correct "$P"
expect 0 "a correction starts as a new draft"
NEW=$(cat "$OUT")
gk "${PUB[@]}" correct "$P"
expect_err 65 "already under way" "one correction at a time"
gk "${PUB[@]}" show "${NEW:0:8}"
expect_out "^Corrects: $INDEX\$" "the correction names what it corrects from the start"
gk "${PUB[@]}" history "$P"
expect_out "correction" "the old item's history records the correction"
gk "${PUB[@]}" show "${NEW:0:8}" --json
check [ "$(json_field state)" = draft ] "the correction is a draft"

gk "${PUB[@]}" withdraw "$P"
expect_err 64 "reason" "withdrawing needs a reason"
gk "${PUB[@]}" withdraw "$P" --reason 领导小组已重新调整 --status 废止
expect 0 "the publisher abolishes the item"
gk "${PUB[@]}" show "$P" --json
check [ "$(json_field state)" = withdrawn ] "the item is withdrawn"
check [ "$(json_field validity)" = abolished ] "its validity is 废止"
gk "${PUB[@]}" catalog
check grep -q "^$INDEX	.*废止" "$OUT" "it stays in the catalog, marked 废止"
gk "${PUB[@]}" delivery list "$P"
check [ "$(awk -F '\t' '$3 == "website" { print $4 }' "$OUT")" = pending ] \
	"withdrawing sends the website its page again"
check grep -q "废止（自$TODAY起；领导小组已重新调整）" "$FILE" "the page says 废止, since when and why"
gk "${PUB[@]}" correct "$P"
expect_err 77 "" "a withdrawn item is not corrected"

# ---- channels and index numbers ---------------------------------------------------

gk "${PUB[@]}" channel list
check [ "$(head -n 1 "$OUT")" = "$(printf 'website\t淄川经信网')" ] \
	"channel list: code, then name, tab-separated"
gk "${PUB[@]}" channel add wechat 政务微信
expect_err 77 "admin" "only an administrator adds a channel"
gk "${ADMIN[@]}" channel add wechat 淄川经信微信公众号 --kind web --encoding GB18030
expect 0 "an administrator adds a channel"
gk "${ADMIN[@]}" channel add wechat2 淄川经信微信公众号
expect_err 65 "淄川经信微信公众号" "channel names are unique"
gk "${ADMIN[@]}" channel list --long
expect_out "^wechat	淄川经信微信公众号	web	GB18030	" "the new channel is listed with its kind and encoding"

gk "${ADMIN[@]}" index show
expect_out "<org-code>/<YYYY>-<NNNNN>" "the 索引号 pattern is the default"
gk "${ADMIN[@]}" index pattern "<org-code>-<YYYY>"
expect_err 65 "N" "a pattern without a serial is refused"
gk "${ADMIN[@]}" index pattern "<org-code>/<YYYY><MM>-<NNNN>"
expect 0 "an administrator sets a pattern with the month"
gk "${ADMIN[@]}" index show
expect_out "^Next: $ORG/$YEAR[01][0-9]-0011\$" "the next number follows the new pattern and the year's serial"
"$GONGKAI_BIN" help delivery >"$OUT" 2>"$ERR"
STATUS=$?
expect_out "^usage: gongkai delivery resend ID CHANNEL" "help on a group lists its commands"
