#!/bin/bash
# Sync between stations through the command line.  Station A is the demo
# agency; B (信息科) joins from A's full export; C (建陶产业办) joins from B's,
# so C never meets A and B relays between them.  An item is drafted on A,
# reviewed on B, signed off on C and published on B, the files carried
# A→B→C→B and on; every station ends with the same items, versions,
# decisions and 索引号, and verified audit chains.  Then each bad file is
# refused with nothing changed, and a draft edited on two stations at once
# becomes a conflict that is resolved on one and settles on all.
. "$(dirname "$0")/lib.sh"

PW=gongkai-demo
ORG=11370302004317654P
YEAR=$(TZ=Asia/Shanghai date +%Y)
mkdir -p "$TMP/a" "$TMP/b" "$TMP/c" "$TMP/d" "$TMP/x" "$TMP/files"
A=$TMP/a/a.db B=$TMP/b/b.db C=$TMP/c/c.db D=$TMP/d/d.db X=$TMP/x/x.db
F=$TMP/files

check() {
	local what=${*: -1}
	if "${@:1:$#-1}"; then ok "$what"; else not_ok "$what"; fi
}

# on DB LOGIN ARGS... — run gongkai on that station's database as LOGIN.
on() {
	local db=$1 who=$2
	shift 2
	gk "$who" "$PW" --db "$db" "$@"
}

# The synced tables but the audit log, every row, in a fixed order.
TABLES="station station_trust agency setting dept user user_role category
flow_step check_question channel item item_version item_event check_answer
finding_dismissal publication delivery coverage sync_resolution"
dump() {
	local t sql=""
	for t in $TABLES; do
		sql="$sql SELECT '$t', * FROM $t ORDER BY 2, 3;"
	done
	sqlite3 "$1" "$sql"
}
# What the workflow made: items, versions, decisions, publications.
work() {
	sqlite3 "$1" "SELECT id, state, step, round, version_id FROM item ORDER BY id;
		SELECT id, item_id, n, hash FROM item_version ORDER BY id;
		SELECT id, item_id, action, actor_id, round, step, version_id FROM item_event ORDER BY id;
		SELECT id, item_id, question, answer FROM check_answer ORDER BY id;
		SELECT index_no, item_id, version_id, hash, validity FROM publication ORDER BY index_no;"
}
audit_rows() { sqlite3 "$1" "SELECT count(*) FROM audit"; }
# The last two entries of the audit log: the login, then the action.
last_audit() {
	sqlite3 "$1" "SELECT group_concat(action, ' ') FROM (SELECT action FROM audit
		WHERE station = (SELECT value FROM local_state WHERE key = 'station_id')
		ORDER BY seq DESC LIMIT 2)"
}
station_id() { sqlite3 "$1" "SELECT value FROM local_state WHERE key = 'station_id'"; }

# ---- stations -----------------------------------------------------------------

"$GONGKAI_BIN" demo --db "$A" >"$OUT" 2>"$ERR"
STATUS=$?
expect 0 "station A is the demo agency"
on "$A" admin sync id
expect 0 "sync id"
check [ "$(sed -n 1p "$OUT")" = "$(station_id "$A")" ] "sync id prints the station id first"
check grep -Eqx '[0-9a-f]{4}(-[0-9a-f]{4}){7}' <(sed -n 2p "$OUT") \
	"and the key's fingerprint second"
FPR_A=$(sed -n 2p "$OUT")
check [ "$(stat -c %a "$A.key")" = 600 ] "the secret key is a file beside the database that only its owner reads"
check [ "$(grep -c "$(cat "$A.key")" "$A")" = 0 ] "and not in the database"

on "$A" admin sync export --full "$F/a-full.gksync"
expect_out "Wrote .*a-full.gksync" "A writes a full export"
GONGKAI_PASSWORD=wrong "$GONGKAI_BIN" --db "$B" init --from "$F/a-full.gksync" \
	--admin admin --station 信息科 >"$OUT" 2>"$ERR"
STATUS=$?
expect_err 77 "administrator" "a station is made only with an administrator's password"
check [ ! -e "$B" ] "and a refused start leaves no database behind"
GONGKAI_PASSWORD=$PW "$GONGKAI_BIN" --db "$B" init --from "$F/a-full.gksync" \
	--admin admin --station 信息科 >"$OUT" 2>"$ERR"
STATUS=$?
expect_out "new station" "B joins the agency from A's full export"
on "$B" admin sync id
ID_B=$(sed -n 1p "$OUT") FPR_B=$(sed -n 2p "$OUT")
check [ "$ID_B" != "$(station_id "$A")" ] "B has its own id"
check [ "$FPR_B" != "$FPR_A" ] "and its own key"
on "$B" admin sync peers
check grep -q "$FPR_A	trusted" "$OUT" "B trusts A, whose file it started from"
on "$B" sunli queue signed
check [ -s "$OUT" ] "B holds A's items"
on "$B" admin audit verify
expect_out "no station rewrote" "B verifies A's audit chain and its own"

# B's first file carries its key; A refuses it until an admin trusts it.
on "$B" admin sync export --to "$(station_id "$A")" "$F/b1.gksync"
expect 0 "B exports for A"
before=$(dump "$A") rows=$(audit_rows "$A")
on "$A" admin sync import "$F/b1.gksync"
expect_err 77 "does not trust.*$FPR_B" "A refuses a file signed by B's untrusted key, naming its fingerprint"
check [ "$(dump "$A")" = "$before" ] "the refusal changes no synced table"
check [ "$(audit_rows "$A")" -eq $((rows + 2)) ] "but the audit log records the login and the refusal"
check [ "$(last_audit "$A")" = "sync-refused login" ] "as a refused sync"
on "$A" admin sync peers
check grep -q "信息科	$FPR_B	offered" "$OUT" "A lists B's key as offered"
on "$A" sunli sync trust "$FPR_B"
expect_err 77 "administrator" "only an administrator trusts a key"
on "$A" admin sync trust "$(echo "$FPR_B" | tr a-f A-F | tr -d -)"
expect_out "信息科" "the admin trusts B's fingerprint, typed in any case, without dashes"
on "$A" admin sync import "$F/b1.gksync"
expect_out "From 信息科" "A imports B's file now"
on "$A" admin sync import "$F/b1.gksync"
expect_out "Nothing new" "importing it again changes nothing and says so"

# C joins from B (the hub): it never meets A.
on "$B" admin sync export --full "$F/b-full.gksync"
GONGKAI_PASSWORD=$PW "$GONGKAI_BIN" --db "$C" init --from "$F/b-full.gksync" \
	--admin admin --station 建陶产业办 >"$OUT" 2>"$ERR"
STATUS=$?
expect 0 "C joins from B's full export"
on "$C" admin sync id
ID_C=$(sed -n 1p "$OUT") FPR_C=$(sed -n 2p "$OUT")
on "$C" admin sync export --to 信息科 "$F/c1.gksync"
on "$B" admin sync trust "$FPR_C"
on "$B" admin sync import "$F/c1.gksync"
expect_out "From 建陶产业办" "B trusts C and imports its first file"

# ---- the workflow across stations ---------------------------------------------

TITLE=淄川区经济和信息化局关于2026年第四季度工业企业技术改造项目的公示
gk_in "经研究，拟对以下工业企业技术改造项目予以公示。" zhangwei "$PW" --db "$A" \
	draft new --title "$TITLE" --category 工业经济
P=$(cat "$OUT")
on "$A" zhangwei submit "$P"
expect 0 "A: the officer drafts and submits"
on "$A" admin sync export --to 信息科 "$F/a2.gksync"
on "$B" admin sync import "$F/a2.gksync"
expect_out "1 item," "B imports A's file with the item"
for q in $(on "$B" zhouqiang checklist questions; cut -f 1 "$OUT"); do
	on "$B" zhouqiang checklist answer "$P" "$q" 否
done
on "$B" zhouqiang approve "$P" --comment 同意
expect 0 "B: the head of 综合科 approves step 1"
on "$B" liuhongmei approve "$P" --comment 同意公开
expect 0 "B: the deputy approves step 2"
on "$B" admin sync export --to 建陶产业办 "$F/b2.gksync"
on "$C" admin sync import "$F/b2.gksync"
expect_out "2 decisions" "C imports B's file with A's item relayed and B's decisions"
on "$C" wangjianguo approve "$P" --comment 签发
expect 0 "C: the director signs it off"
on "$C" admin sync export --to 信息科 "$F/c2.gksync"
on "$B" admin sync import "$F/c2.gksync"
expect_out "1 decision," "B imports the sign-off"

# 索引号 stay unique: only the index station (A, where the demo began)
# allocates; B takes that role once it holds A's changes.
on "$B" sunli publish "$P" --summary 技术改造项目公示
expect_err 77 "索引号 are allocated by station" "B may not publish while A allocates 索引号"
on "$B" admin index take
expect 0 "B's admin makes B the index station"
on "$B" sunli publish "$P" --summary 技术改造项目公示
expect_out "$ORG/$YEAR-00010" "B publishes it with the next 索引号 of the year"
on "$B" admin sync export --to "$(station_id "$A")" "$F/b3.gksync"
on "$A" admin sync import "$F/b3.gksync"
expect 0 "A imports B's file: C's sign-off relayed, B's publication"
on "$A" sunli queue signed
SIGNED=$(head -n 1 "$OUT" | cut -f 1)
on "$A" sunli publish "$SIGNED" --summary 另一项
expect_err 77 "索引号 are allocated by station" "A no longer allocates 索引号 once B took over"

# Everyone catches up: A→B, B→C, C→B, B→A.
on "$A" admin sync export --to 信息科 "$F/a3.gksync"
on "$B" admin sync import "$F/a3.gksync"
on "$B" admin sync export --to 建陶产业办 "$F/b4.gksync"
on "$C" admin sync import "$F/b4.gksync"
expect 0 "C catches up through B"
on "$C" admin sync export --to 信息科 "$F/c3.gksync"
on "$B" admin sync import "$F/c3.gksync"
on "$B" admin sync export --to "$(station_id "$A")" "$F/b5.gksync"
on "$A" admin sync import "$F/b5.gksync"
expect 0 "A catches up through B"

check [ "$(work "$A")" = "$(work "$B")" ] "A and B hold the same items, versions, decisions and 索引号"
check [ "$(work "$B")" = "$(work "$C")" ] "B and C hold the same too"
check [ "$(sqlite3 "$C" "SELECT state FROM item WHERE id = '$P'")" = published ] \
	"C sees the item published"
check [ "$(sqlite3 "$A" "SELECT count(*) - count(DISTINCT index_no) FROM publication")" = 0 ] \
	"no 索引号 was given twice"
for s in A B C; do
	db=${!s}
	on "$db" admin audit verify
	expect_out "every hash matches" "station $s verifies every station's audit chain it holds"
done
# Each station's chain as another holds it is the start of its own.
prefix() {
	local own=$1 other=$2 id
	id=$(station_id "$own")
	local theirs mine
	theirs=$(sqlite3 "$other" "SELECT seq, hash FROM audit WHERE station = '$id' ORDER BY seq")
	mine=$(sqlite3 "$own" "SELECT seq, hash FROM audit WHERE station = '$id' ORDER BY seq" |
		head -n "$(printf '%s\n' "$theirs" | wc -l)")
	[ -n "$theirs" ] && [ "$theirs" = "$mine" ]
}
check prefix "$A" "$C" "C holds A's audit chain, relayed, as A wrote it"
check prefix "$C" "$A" "A holds C's audit chain as C wrote it"
check prefix "$B" "$A" "A holds B's audit chain as B wrote it"

# ---- refused files --------------------------------------------------------------

on "$B" admin sync export --to "$(station_id "$A")" "$F/b6.gksync"
size=$(stat -c %s "$F/b6.gksync")
refused() { # FILE STATUS PATTERN DESCRIPTION
	local before rows
	before=$(dump "$A") rows=$(audit_rows "$A")
	on "$A" admin sync import "$1"
	expect_err "$2" "$3" "$4"
	check [ "$(dump "$A")" = "$before" ] "after that refusal every synced table is unchanged"
	check [ "$(last_audit "$A")" = "sync-refused login" ] "and the audit log records the refusal"
	check [ "$(audit_rows "$A")" -eq $((rows + 2)) ] "after the login, as its only new entry"
}
head -c $((size - 100)) "$F/b6.gksync" >"$F/short.gksync"
refused "$F/short.gksync" 65 "truncated" "a file cut short at the end is refused as truncated"
head -c $((size / 2)) "$F/b6.gksync" >"$F/half.gksync"
refused "$F/half.gksync" 65 "truncated" "a file cut in half is refused as truncated"
python3 - "$F/b6.gksync" "$F/flip.gksync" <<'EOF'
import sys
data = bytearray(open(sys.argv[1], 'rb').read())
at = data.index(b'\nchange ') + 200    # inside the first changeset
data[at] ^= 0x01
open(sys.argv[2], 'wb').write(data)
EOF
refused "$F/flip.gksync" 65 "damaged" "a file with one byte changed is refused as damaged"
printf 'hello\n' >"$F/text.gksync"
refused "$F/text.gksync" 65 "not a gongkai change file" "a file that is no change file is refused"

# A station whose key nobody trusted yet.
GONGKAI_PASSWORD=$PW "$GONGKAI_BIN" --db "$D" init --from "$F/a-full.gksync" \
	--admin admin --station 档案室 >"$OUT" 2>"$ERR"
on "$D" admin sync export "$F/d1.gksync"
refused "$F/d1.gksync" 77 "does not trust" "a file signed by an untrusted station is refused"

# Another agency.
GONGKAI_PASSWORD=$PW "$GONGKAI_BIN" --db "$X" init --org 淄川区统计局 \
	--org-code 000014349 --admin admin >"$OUT" 2>"$ERR"
on "$X" admin sync export "$F/x1.gksync"
refused "$F/x1.gksync" 65 "another agency, 淄川区统计局" "a file of another agency is refused, naming it"

# A missing earlier file: A holds B's changes up to b6's start; a file made
# after C acknowledged more of B skips what A lacks.
on "$A" admin sync export --to 信息科 "$F/a4.gksync"
on "$B" admin sync import "$F/a4.gksync"
on "$C" admin sync export --to 信息科 "$F/c4.gksync"
on "$B" admin sync import "$F/c4.gksync"
on "$B" admin sync export --to 建陶产业办 "$F/b7.gksync"
on "$C" admin sync import "$F/b7.gksync"
on "$C" admin sync export --to 信息科 "$F/c5.gksync"
on "$B" admin sync import "$F/c5.gksync"
on "$B" admin sync export --to 建陶产业办 "$F/b8.gksync"
refused "$F/b8.gksync" 65 "missing.*Import the earlier file first" \
	"a file that skips changes A never got is refused"
on "$B" admin sync export --to "$(station_id "$A")" "$F/b11.gksync"
on "$A" admin sync import "$F/b11.gksync" "$F/b8.gksync"
expect_out "b8.gksync: Nothing new" "with the missing changes delivered first, the file imports (nothing in it is new then)"

# ---- a conflict -------------------------------------------------------------------

gk_in "初稿。" zhangwei "$PW" --db "$A" draft new --title 综合科2026年度政务公开工作要点 --category 工业经济
Q=$(cat "$OUT")
on "$A" zhangwei submit "$Q"
on "$A" zhouqiang return "$Q" --comment 请补充工作要点
expect 0 "A: the item is returned to its author"
on "$A" admin sync export --to 信息科 "$F/a5.gksync"
on "$B" admin sync import "$F/a5.gksync"
echo "A 站修改的正文。" >"$TMP/body-a"
echo "B 站修改的正文。" >"$TMP/body-b"
on "$A" zhangwei draft edit "$Q" --body-file "$TMP/body-a"
expect 0 "the author edits the returned draft on A"
on "$B" zhangwei draft edit "$Q" --body-file "$TMP/body-b"
expect 0 "and the same draft on B, before the files meet"
on "$A" admin sync export --to 信息科 "$F/a6.gksync"
on "$B" admin sync export --to "$(station_id "$A")" "$F/b9.gksync"
on "$B" admin sync import "$F/a6.gksync"
expect_out "1 conflict\." "B finds the conflict when A's edit arrives"
on "$A" admin sync import "$F/b9.gksync"
expect_out "1 conflict\." "and A when B's arrives"
for s in A B; do
	db=${!s}
	check [ "$(sqlite3 "$db" "SELECT count(*) FROM item_version WHERE item_id = '$Q'")" = 3 ] \
		"both versions survive on $s"
	on "$db" zhangwei sync conflicts
	check grep -q "$Q" "$OUT" "$s lists the conflict on the item"
done
CONFLICT_A=$(on "$A" zhangwei sync conflicts; head -n 1 "$OUT" | cut -f 1)
on "$A" zhangwei submit "$Q"
expect_err 77 "cannot move on" "the item cannot advance while the conflict is open"
on "$A" wangfang sync resolve "$CONFLICT_A" --take local
expect_err 77 "author" "someone from another department may not resolve it"
on "$A" zhangwei sync resolve "$CONFLICT_A" --take remote
expect_out "other station" "the author takes B's version on A"
check [ "$(sqlite3 "$A" "SELECT body FROM item_version v JOIN item i ON i.version_id = v.id WHERE i.id = '$Q'")" = "B 站修改的正文。" ] \
	"A's item now holds B's text"
on "$A" zhangwei submit "$Q"
expect 0 "and goes on to review on A"
on "$A" admin sync export --to 信息科 "$F/a7.gksync"
on "$B" admin sync import "$F/a7.gksync"
expect 0 "B imports the resolution"
on "$B" zhangwei sync conflicts
check [ ! -s "$OUT" ] "B's conflict is closed by A's resolution"
on "$B" zhouqiang queue review
check grep -q "$Q" "$OUT" "on B the item waits at step 1 for its reviewer"
on "$B" admin sync export --to 建陶产业办 "$F/b10.gksync"
on "$C" admin sync import "$F/b10.gksync"
expect 0 "C imports both edits and the resolution at once"
on "$C" admin sync conflicts
check [ ! -s "$OUT" ] "C is left with no open conflict"
check [ "$(work "$A" | grep "$Q")" = "$(work "$B" | grep "$Q")" ] "A and B agree on the item"
check [ "$(work "$B" | grep "$Q")" = "$(work "$C" | grep "$Q")" ] "B and C agree on the item"
for q in $(on "$C" zhouqiang checklist questions; cut -f 1 "$OUT"); do
	on "$C" zhouqiang checklist answer "$Q" "$q" 否
done
on "$C" zhouqiang approve "$Q"
expect 0 "the workflow goes on on C"

# ---- two decisions on one step, and resolutions that cross ---------------------

# step1 LOGIN DB ID — the head of 综合科 clears the checklist on DB.
clear_on() {
	local q
	for q in $(on "$1" zhouqiang checklist questions; cut -f 1 "$OUT"); do
		on "$1" zhouqiang checklist answer "$2" "$q" 否
	done
}
# item DB ID — its state and step there.
where() { sqlite3 "$1" "SELECT state || ' ' || step FROM item WHERE id = '$2'"; }
# exchange — A and B trade files both ways; $CONFLICTS_A/B: their summaries.
exchange() {
	k=$((k + 1))
	on "$A" admin sync export --to 信息科 "$F/x-a$k.gksync"
	on "$B" admin sync export --to "$(station_id "$A")" "$F/x-b$k.gksync"
	on "$B" admin sync import "$F/x-a$k.gksync"
	SUMMARY_B=$(cat "$OUT")
	on "$A" admin sync import "$F/x-b$k.gksync"
	SUMMARY_A=$(cat "$OUT")
}
k=0
submitted_on_both() {
	gk_in "正文。" zhangwei "$PW" --db "$A" draft new --title "$1" --category 工业经济
	ITEM=$(cat "$OUT")
	on "$A" zhangwei submit "$ITEM"
	exchange
}

submitted_on_both 关于召开全区工业经济运行调度会议的通知
R=$ITEM
clear_on "$A" "$R"
on "$A" zhouqiang approve "$R"
on "$B" zhouqiang return "$R" --comment 请补充数据
exchange
check grep -q "1 conflict\." <<<"$SUMMARY_B" "an approval on A and a return on B of one step conflict on B"
check grep -q "1 conflict\." <<<"$SUMMARY_A" "and on A"
on "$B" zhouqiang sync conflicts
on "$B" zhouqiang sync resolve "$(head -n 1 "$OUT" | cut -f 1)" --take remote
expect 0 "on B the reviewer takes A's approval"
check [ "$(where "$B" "$R")" = "review 2" ] "B's item is where A's approval put it: in review at step 2, no mix of the two"
exchange
check [ "$(where "$A" "$R")" = "review 2" ] "A agrees once the resolution arrives"
on "$A" admin sync conflicts
check [ ! -s "$OUT" ] "and has no conflict left"
on "$A" liuhongmei approve "$R"
expect 0 "the deputy decides step 2 on A"

submitted_on_both 关于开展2026年度企业技术中心认定工作的通知
S=$ITEM
clear_on "$A" "$S"
on "$A" zhouqiang approve "$S"
on "$B" zhouqiang return "$S" --comment 请修改
exchange
on "$A" zhouqiang sync conflicts
on "$A" zhouqiang sync resolve "$(head -n 1 "$OUT" | cut -f 1)" --take local
on "$B" zhouqiang sync conflicts
on "$B" zhouqiang sync resolve "$(head -n 1 "$OUT" | cut -f 1)" --take local
expect 0 "A and B each keep their own side before their files meet"
exchange
exchange
check [ "$(where "$A" "$S")" = "$(where "$B" "$S")" ] "the later resolution wins on both: A and B agree"
check [ "$(work "$A" | grep "^$S")" = "$(work "$B" | grep "^$S")" ] "down to the version"
on "$A" admin sync conflicts
check [ ! -s "$OUT" ] "A has no conflict left"
on "$B" admin sync conflicts
check [ ! -s "$OUT" ] "B has none either"

submitted_on_both 关于征集2026年度工业互联网应用场景的通知
T=$ITEM
clear_on "$A" "$T"
clear_on "$B" "$T"
on "$A" zhouqiang approve "$T"
on "$B" zhouqiang approve "$T"
exchange
check grep -q "0 conflicts" <<<"$SUMMARY_B" "the same approval made on both stations is no conflict"
check [ "$(sqlite3 "$A" "SELECT step, updated FROM item WHERE id = '$T'")" = \
	"$(sqlite3 "$B" "SELECT step, updated FROM item WHERE id = '$T'")" ] \
	"both keep the later of the two times"
on "$B" liuhongmei approve "$T"
expect 0 "and the deputy goes on"

echo "1..$n"
