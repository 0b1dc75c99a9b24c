#!/bin/bash
# Sync between stations in the workstation (Y on the queues): station A is
# the demo ($DB), station B (信息科) is made from A's full export with
# `init --from`, as a second PC joins.  B writes a change file with X; A
# refuses it while B's key is not trusted (the message names the
# fingerprint), an administrator trusts it with K, and the file imports;
# a draft edited on both stations becomes a conflict that > settles.
# Each step is checked through the CLI (`sync peers`, `sync conflicts`,
# `show`).
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

# make_b — station B in $DB_B, joined from a full export of A.
make_b() {
	skip && return 1
	DB_B=$T/b.db
	db admin sync export --full "$T/full.gksync" >/dev/null || {
		fail "sync export --full on A failed: $(cat "$T/db.err")"
		return 1
	}
	GONGKAI_PASSWORD=$PASSWORD "$GONGKAI_BIN" --db "$DB_B" init \
		--from "$T/full.gksync" --admin admin --station 信息科 \
		>/dev/null 2>"$T/db.err" </dev/null || {
		fail "init --from on B failed: $(cat "$T/db.err")"
		return 1
	}
}

# on_b LOGIN ARGS... — the CLI on B, as db is on A.
on_b() {
	local a=$DB rc
	DB=$DB_B
	db "$@"
	rc=$?
	DB=$a
	return $rc
}

# peer WHO NAME — the row of station NAME in `sync peers` on A (a) or B
# (b): id, name, fingerprint, trust, last in, last out, waiting.
peer() {
	if [ "$1" = a ]; then db admin sync peers; else on_b admin sync peers; fi |
		awk -F'\t' -v name="$2" '$2 == name'
}

t_export_trust_import() {
	local fpr file peer_row files
	make_b || return
	fpr=$(on_b admin sync id | sed -n 2p)
	mkdir -p "$T/stick"
	# On B: X writes a file for every station into a folder typed in.
	DB=$DB_B start_as admin || return
	keys Y
	until_row 1 "^ Sync between stations"
	until_selected "信息科"
	until_selected "this station"
	until_screen "Key fingerprint: $fpr (this station)"
	keys X
	until_message "Write the changes for all stations into the folder: ~/"
	keys C-u
	type_text "$T/stick"
	keys Enter
	until_message "Wrote $T/stick/gk-[0-9a-f]{8}-[0-9]{8}-[0-9]{6}-[0-9]{3}\.gksync: "
	until_row 2 "Folder: $T/stick"
	skip && return
	files=("$T"/stick/*.gksync)
	file=${files[0]}
	[[ ${#files[@]} = 1 && -s $file ]] ||
		fail "not one change file in $T/stick:" "${files[@]}"
	message | grep -qF "Wrote $file: " || fail "the message names another file than $file"
	quit
	skip && return
	# On A: the file is refused, B's key is not trusted here.
	start_as admin || return
	keys Y
	until_row 1 "^ Sync between stations"
	keys i
	until_message "Import change files from the folder: ~/"
	keys C-u
	type_text "$T/stick"
	keys Enter
	until_row 1 "^ Change files to import"
	until_selected "${file##*/}"
	keys Enter
	until_message "Refused: the key of 信息科 is not trusted here"
	until_message "$fpr"
	until_selected "refused"
	expect_eq "$(peer a 信息科 | cut -f3,4)" "$fpr	offered" \
		"B in A's sync peers after the refusal"
	# K trusts it after showing the fingerprint.
	keys q
	until_row 1 "^ Sync between stations"
	keys j
	until_selected "offered"
	keys K
	until_message "Trust 信息科's key $fpr\? \(y/n\)"
	keys y
	until_message "Trusted the key of 信息科"
	until_selected "trusted"
	expect_eq "$(peer a 信息科 | cut -f4)" trusted "B's trust on A"
	# The folder is remembered; the file imports now.
	keys i
	until_message "Import change files from the folder: $T/stick"
	keys Enter
	until_row 1 "^ Change files to import"
	until_selected "信息科" # the station is known by its name now
	keys Enter
	until_message "From 信息科: [0-9]+ changes?, [0-9]+ items?, [0-9]+ decisions?, 0 conflicts\."
	until_selected "imported"
	keys q
	until_row 1 "^ Sync between stations"
	quit
	skip && return
	peer_row=$(peer a 信息科)
	expect_eq "$(cut -f4 <<<"$peer_row")" trusted "B's trust on A"
	[ "$(cut -f5 <<<"$peer_row")" != - ] ||
		fail "A's sync peers has no last file in from B: $peer_row"
}
run_test "Y, X on B writes a change file; on A, i refuses it naming B's fingerprint, K trusts the key and the file imports" t_export_trust_import

t_conflict_resolved() {
	local id title a_id
	make_b || return
	id=$(db lina queue returned | head -n 1 | cut -f1)
	[ -n "$id" ] || fail "lina has no returned item in the demo"
	skip && return
	printf '第一段不变。\nA 站改写的第二段。\n' >"$T/a.txt"
	printf '第一段不变。\nB 站改写的第二段。\n' >"$T/b.txt"
	db lina draft edit "$id" --body-file "$T/a.txt" >/dev/null ||
		fail "draft edit on A failed: $(cat "$T/db.err")"
	on_b lina draft edit "$id" --body-file "$T/b.txt" >/dev/null ||
		fail "draft edit on B failed: $(cat "$T/db.err")"
	# A trusts B's key ahead of its first file (A knows no station B
	# yet, so its file is for all); both ways by the CLI.
	a_id=$(db admin sync id | head -n 1)
	db admin sync trust "$(on_b admin sync id | sed -n 2p)" >/dev/null ||
		fail "sync trust on A failed: $(cat "$T/db.err")"
	mkdir -p "$T/a-out" "$T/b-out"
	if ! { db admin sync export "$T/a-out" >/dev/null &&
		on_b admin sync export "$T/b-out" --to "$a_id" >/dev/null &&
		on_b admin sync import "$T"/a-out/*.gksync >/dev/null &&
		db admin sync import "$T"/b-out/*.gksync >/dev/null; }; then
		fail "the exchange of files failed: $(cat "$T/db.err")"
	fi
	skip && return
	[ "$(db admin sync conflicts | grep -c '^[0-9a-f]\{8\}	item	')" = 1 ] ||
		fail "A has not one conflict:" "$(db admin sync conflicts)"
	title=$(db admin show "$id" --json | "$PYTHON" -c \
		'import json, sys; print(json.load(sys.stdin)["title"])')
	# The author sees it from the queues' status line, and settles it.
	start_as lina || return
	until_row $((ROWS - 1)) "1 sync conflict \(Y\)"
	keys Y
	until_row 1 "^ Sync between stations"
	until_row 2 "1 open conflict \(!\)"
	keys !
	until_row 1 "^ Conflicts between stations"
	until_selected "${title:0:12}"
	until_selected "信息科"
	until_screen "v2 ("  # what differs, below the list
	keys '>'
	until_message "Take 信息科's version of 《"
	keys y
	until_message "Took 信息科's version"
	until_screen "No open conflicts"
	until_row $((ROWS - 1)) " 0/0 *$"
	keys q
	until_row 1 "^ Sync between stations"
	until_row_not 2 "open conflict"
	keys q
	until_row $((ROWS - 1)) "\(lina\) │ Queues"
	until_row_not $((ROWS - 1)) "sync conflict"
	quit
	skip && return
	[ -z "$(db admin sync conflicts)" ] ||
		fail "A still lists conflicts:" "$(db admin sync conflicts)"
	db admin show "$id" | grep -q "B 站改写的第二段" ||
		fail "the item on A has not B's text:" "$(db admin show "$id")"
}
run_test "a draft edited on both stations: the queues' status line counts the conflict, Y ! lists it with what differs, > takes the other station's version" t_conflict_resolved

# columns REGEX — the display columns at which REGEX matches in each row
# of the list (rows 4 to the rule), one line a row.
columns() {
	capture | sed -n "4,$((ROWS - 2))p" | "$PYTHON" -c '
import re, sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in s)
for line in sys.stdin.read().splitlines():
    if line.startswith("─"):
        break
    m = re.search(sys.argv[1], line)
    if m:
        print(width(line[:m.start()]))
' "$1"
}

t_chinese_columns() {
	local ids keys
	make_b || return
	UI_LANGUAGE=zh_CN
	DB=$DB_B start_as admin || return
	keys Y
	until_row $((ROWS - 1)) "\(admin\)"
	until_selected "信息科"
	# Two stations, one named in Chinese: the id and key columns line up.
	ids=$(columns '\b[0-9a-f]{8}\b' | sort -u)
	keys=$(columns '\b[0-9a-f]{4}-[0-9a-f]{4}' | sort -u)
	[ "$(columns '\b[0-9a-f]{8}\b' | wc -l)" = 2 ] ||
		fail "the sync screen does not list two stations"
	[ "$(wc -l <<<"$ids")" = 1 ] || fail "the ids start at columns" "$ids"
	[ "$(wc -l <<<"$keys")" = 1 ] || fail "the keys start at columns" "$keys"
	quit
}
run_test "in Chinese the stations' columns line up at 80 columns" t_chinese_columns
