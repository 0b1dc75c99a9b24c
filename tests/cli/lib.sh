# Helpers for the CLI tests: each test script sources this, runs the real
# binary ($GONGKAI_BIN) on a database in a fresh temporary directory, and
# prints TAP lines ("ok N - …" / "not ok N - …") that tests/run.sh counts.
set -u
GONGKAI_BIN=${GONGKAI_BIN:-$(cd "$(dirname "$0")/../.." && pwd)/bin/gongkai}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export HOME=$TMP TZ=Asia/Shanghai LANG=C.UTF-8 LC_ALL= LANGUAGE=
export GONGKAI_DB=$TMP/gongkai.db
unset GONGKAI_USER GONGKAI_PASSWORD XDG_DATA_HOME
n=0
OUT=$TMP/out
ERR=$TMP/err

# gk LOGIN PASSWORD ARGS... — run gongkai as that user; stdout in $OUT,
# stderr in $ERR, exit status in $STATUS.
gk() {
	who=$1 pass=$2
	shift 2
	GONGKAI_USER=$who GONGKAI_PASSWORD=$pass "$GONGKAI_BIN" "$@" >"$OUT" 2>"$ERR" </dev/null
	STATUS=$?
}

# gk_in INPUT LOGIN PASSWORD ARGS... — the same with INPUT on stdin.
gk_in() {
	input=$1 who=$2 pass=$3
	shift 3
	printf '%s\n' "$input" | GONGKAI_USER=$who GONGKAI_PASSWORD=$pass "$GONGKAI_BIN" "$@" >"$OUT" 2>"$ERR"
	STATUS=$?
}

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1))
	echo "not ok $n - $1"
	sed 's/^/#   stdout: /' "$OUT"
	sed 's/^/#   stderr: /' "$ERR"
}

# expect STATUS DESCRIPTION — the last command exited with STATUS.
expect() {
	if [ "$STATUS" -eq "$1" ]; then ok "$2"; else
		echo "#   expected exit $1, got $STATUS"
		not_ok "$2"
	fi
}

# expect_err STATUS PATTERN DESCRIPTION — exit STATUS and stderr matches.
expect_err() {
	if [ "$STATUS" -eq "$1" ] && grep -q -- "$2" "$ERR"; then ok "$3"; else
		echo "#   expected exit $1 and stderr matching '$2', got $STATUS"
		not_ok "$3"
	fi
}

# expect_out PATTERN DESCRIPTION — exit 0 and stdout matches.
expect_out() {
	if [ "$STATUS" -eq 0 ] && grep -q -- "$1" "$OUT"; then ok "$2"; else
		echo "#   expected exit 0 and stdout matching '$1', got $STATUS"
		not_ok "$2"
	fi
}

# json_field FIELD — the value of a string or number field of `show --json`
# in $OUT.
json_field() {
	sed -n "s/^  \"$1\": //p" "$OUT" | sed 's/,$//; s/^"//; s/"$//'
}

# checklist_clear LOGIN PASSWORD ID — LOGIN answers every question of the
# item's confidentiality checklist 否 (as a reviewer who found nothing
# would), stopping at the first refusal; $STATUS is the last exit status.
checklist_clear() {
	local who=$1 pass=$2 id=$3 question
	gk "$who" "$pass" checklist questions
	[ "$STATUS" -eq 0 ] || return
	for question in $(cut -f 1 "$OUT"); do
		gk "$who" "$pass" checklist answer "$id" "$question" 否
		[ "$STATUS" -eq 0 ] || return
	done
}
