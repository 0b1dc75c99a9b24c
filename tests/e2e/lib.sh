# shellcheck shell=bash disable=SC2119,SC2120
# Helpers for the end-to-end tests: the real workstation ($GONGKAI_BIN) in
# a real terminal (tmux), driven with keys and read back with
# capture-pane, in the spirit of fzf's Tmux#until.  Nothing here sleeps to
# wait for the program: every wait polls the screen (or the database)
# until what is expected appears or a deadline passes.
#
# Each script sources this and runs tests, one a function:
#
#   t_good_login() { start; login zhangwei; until_screen "(zhangwei)"; }
#   run_test "a good login shows the user's name" t_good_login
#
# run_test gives each test a fresh directory $T (HOME inside it), its own
# demo database $DB (a copy of the one `gongkai demo $DEMO_ARGS` made for
# the script, with its station key $DB.key: the same for every test, and
# quicker), the default size 80×24 and
# LANGUAGE=en; a test may set COLS, ROWS and UI_LANGUAGE before start.
# The first failed check ends the test's checks (later ones return 1 at
# once) and the test prints "not ok N - NAME" followed by what was
# expected, the whole screen and the program's stderr as TAP comments.
#
# All tests of a script share one private tmux server (socket gk-e2e-$$,
# no configuration file), killed on exit; each test runs in its own
# session, killed when the test ends.
#
# Knobs: GK_E2E_TIMEOUT, the seconds a wait lasts (default 5, or 30 when
# $GONGKAI_BIN is built with AddressSanitizer); GK_E2E_TIMES=1 prints
# each test's time; GK_E2E_UPDATE=1 (help.sh) rewrites expected files.
set -u
E2E=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
GONGKAI_BIN=${GONGKAI_BIN:-$(cd "$E2E/../.." && pwd)/bin/gongkai}
if [ -z "${GK_E2E_TIMEOUT:-}" ]; then
	if grep -q __asan_init "$GONGKAI_BIN" 2>/dev/null; then
		GK_E2E_TIMEOUT=30
	else
		GK_E2E_TIMEOUT=5
	fi
fi
PASSWORD=gongkai-demo
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gk-e2e.XXXXXX")
SOCKET=gk-e2e-$$
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai
unset GONGKAI_DB GONGKAI_USER GONGKAI_PASSWORD XDG_DATA_HOME

# The private tmux: no configuration, UTF-8 whatever the locale.
tm() { tmux -u -L "$SOCKET" -f /dev/null "$@"; }

# tmux leaves its socket behind when the server ends: remove it too
# (tmux makes it in $TMUX_TMPDIR/tmux-UID/).
SOCKET_PATH=
cleanup() {
	tm kill-server >/dev/null 2>&1
	[ -n "$SOCKET_PATH" ] && rm -f "$SOCKET_PATH"
	rm -rf "$TMP"
}
trap cleanup EXIT

# One server for the script; it stays up between tests (exit-empty off),
# keeps a pane whose program ended (so its last screen can be shown), and
# has no status bar (the program gets every row).
tm start-server \; set -g exit-empty off \; set -g status off \
	\; set -g remain-on-exit on >/dev/null 2>&1 || {
	echo "not ok 1 - tmux starts (is tmux installed?)"
	exit 1
}
SOCKET_PATH=${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCKET

# Python reads the CLI's JSON and measures display widths; found once
# (not through a version manager's shim at every call).
PYTHON=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) || {
	echo "not ok 1 - python3 runs (the tests read the CLI's JSON with it)"
	exit 1
}

n=0
FAILED=
DIAG=$TMP/diag

# ---- time ----------------------------------------------------------------

now_ms() {
	local t=${EPOCHREALTIME//[!0-9]/}
	echo $((10#$t / 1000))
}

# ---- tests -----------------------------------------------------------------

# run_test NAME FUNCTION — run one test in a fresh directory and database.
run_test() {
	TEST_NAME=$1
	n=$((n + 1))
	FAILED=
	: >"$DIAG"
	T=$TMP/$n
	mkdir -p "$T/home"
	DB=$T/gongkai.db
	SESSION=t$n
	COLS=80 ROWS=24 UI_LANGUAGE=en
	RUNS=0
	local began
	began=$(now_ms)
	# shellcheck disable=SC2086 # DEMO_ARGS: words for `gongkai demo`
	if [ ! -s "$TMP/demo.db" ] &&
		! "$GONGKAI_BIN" demo --db "$TMP/demo.db" ${DEMO_ARGS:-} \
			>"$TMP/demo.out" 2>&1; then
		fail "gongkai demo failed"
		sed 's/^/#   /' "$TMP/demo.out" >>"$DIAG"
	elif ! cp "$TMP/demo.db" "$DB" ||
		! cp -p "$TMP/demo.db.key" "$DB.key"; then
		# The station's secret key lives beside the file (sync.h).
		fail "cannot copy the demo database and its key"
	else
		"$2"
	fi
	stop
	if ! skip; then
		echo "ok $n - $TEST_NAME"
	else
		echo "not ok $n - $TEST_NAME"
		cat "$DIAG"
	fi
	[ -z "${GK_E2E_TIMES:-}" ] || echo "#   $(($(now_ms) - began)) ms"
}

# fail MESSAGE — the current test fails; say why, show the screen and the
# program's stderr (once: later checks of the test are skipped).  Also in
# a subshell ($(...)): the mark is a file.
fail() {
	skip && return 1
	FAILED=1
	: >"$T/failed"
	printf '%s\n' "$@" | sed 's/^/#   /' >>"$DIAG"
	if running_or_shown; then
		{
			echo "#   the screen (${COLS}x${ROWS}):"
			capture | sed 's/^/#   |/'
		} >>"$DIAG"
	fi
	if [ -s "$T/stderr.$RUNS" ]; then
		{
			echo "#   the program's stderr:"
			sed 's/^/#   ! /' "$T/stderr.$RUNS"
		} >>"$DIAG"
	fi
	return 1
}

# A check of the current test: nothing is done after the first failure.
skip() { [ -n "$FAILED" ] || [ -e "$T/failed" ]; }

# ---- the program in tmux ---------------------------------------------------

# start [VAR=VALUE ...] [ARGS ...] — run the workstation on $DB in a new
# session of COLS×ROWS with a fixed environment (and the VAR=VALUEs given,
# e.g. EDITOR=...); ARGS go to gongkai after --db.  Its stderr and exit
# status are kept in $T/stderr.K and $T/status.K (K counts the runs).
start() {
	skip && return 1
	stop
	RUNS=$((RUNS + 1))
	local env=(PATH="$PATH" TERM=xterm-256color LANG=C.UTF-8
		TZ=Asia/Shanghai HOME="$T/home" LANGUAGE="$UI_LANGUAGE")
	local v
	for v in ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS; do
		[ -n "${!v:-}" ] && env+=("$v=${!v}")
	done
	while [ $# -gt 0 ] && [[ $1 == [A-Z_]*=* ]]; do
		env+=("$1")
		shift
	done
	{
		echo '#!/bin/bash'
		printf 'cd %q || exit 1\n' "$T/home"
		printf 'env -i'
		printf ' %q' "${env[@]}" "$GONGKAI_BIN" --db "$DB" "$@"
		printf ' 2>%q\n' "$T/stderr.$RUNS"
		printf 'echo $? >%q\n' "$T/status.$RUNS"
	} >"$T/run.$RUNS"
	tm new-session -d -s "$SESSION" -x "$COLS" -y "$ROWS" \
		"bash $(printf %q "$T/run.$RUNS")" ||
		fail "tmux could not start a session"
}

# stop — end the session of the current test (the program gets SIGHUP).
stop() {
	tm kill-session -t "$SESSION" >/dev/null 2>&1
	return 0
}

running_or_shown() { tm has-session -t "$SESSION" >/dev/null 2>&1; }

# The screen as text, one line a row (a wide character once).
capture() { tm capture-pane -p -t "$SESSION" 2>/dev/null; }

# Row Y (1-based) of the screen.
row() { capture | sed -n "${1}p"; }

# keys KEY... — tmux key names (Enter, Tab, BTab, Right, C-s, Escape …)
# or plain characters.
keys() {
	skip && return 1
	tm send-keys -t "$SESSION" "$@"
}

# type_text TEXT — send TEXT literally (Chinese too).
type_text() {
	skip && return 1
	tm send-keys -t "$SESSION" -l -- "$1"
}

# resize COLS ROWS — resize the window; the program gets SIGWINCH.
resize() {
	skip && return 1
	COLS=$1 ROWS=$2
	tm resize-window -t "$SESSION" -x "$1" -y "$2"
}

# until_screen TEXT [SECONDS] — wait until TEXT is on the screen.
until_screen() {
	_until "TEXT '$1' on the screen" "${2:-$GK_E2E_TIMEOUT}" _on_screen "$1"
}

# until_gone TEXT [SECONDS] — wait until TEXT is no longer on the screen.
until_gone() {
	_until "TEXT '$1' gone from the screen" "${2:-$GK_E2E_TIMEOUT}" _not_on_screen "$1"
}

# until_unlisted TEXT [SECONDS] — wait until TEXT is gone from the
# screen's own area (all but the status and message lines): e.g. an item
# that left a queue while the message still names it.
until_unlisted() {
	_until "TEXT '$1' gone from the screen above the status line" \
		"${2:-$GK_E2E_TIMEOUT}" _not_above_status "$1"
}

# until_row Y REGEX [SECONDS] — wait until row Y matches REGEX (grep -E);
# e.g. the status line is row $((ROWS - 1)) (see until_message for the
# message line).
until_row() {
	_until "row $1 matching /$2/" "${3:-$GK_E2E_TIMEOUT}" _row_matches "$1" "$2"
}

# until_match REGEX [SECONDS] — wait until some row matches REGEX.
until_match() {
	_until "a row matching /$1/" "${2:-$GK_E2E_TIMEOUT}" _matches "$1"
}

# until_row_not Y REGEX [SECONDS] — wait until row Y does not match.
until_row_not() {
	_until "row $1 not matching /$2/" "${3:-$GK_E2E_TIMEOUT}" _row_lacks "$1" "$2"
}

# until_message REGEX [SECONDS] — wait until the message (the last row;
# a long one wraps onto the status line's row above) matches REGEX.
until_message() {
	_until "a message matching /$1/" "${2:-$GK_E2E_TIMEOUT}" _message_matches "$1"
}

# The last two rows as one line: the first padded to the full width, so a
# message wrapped at the edge reads on (capture-pane drops trailing blanks).
message() {
	local screen first pad
	screen=$(capture)
	first=$(sed -n "$((ROWS - 1))p" <<<"$screen")
	pad=$((COLS - $(printf '%s' "$first" | wc -L)))
	[ "$pad" -gt 0 ] || pad=0
	printf '%s%*s%s\n' "$first" "$pad" "" "$(sed -n "${ROWS}p" <<<"$screen")"
}

# until_selected TEXT — wait until the selected row of a list (the one
# marked ">") holds TEXT.
until_selected() {
	_until "the selected row holding '$1'" "${2:-$GK_E2E_TIMEOUT}" _selected "$1"
}

# until_exit [SECONDS] — wait until the program ended; it must have exited
# with status 0 and written nothing to stderr (a sanitizer's report).
until_exit() {
	_until "the program to exit" "${1:-$GK_E2E_TIMEOUT}" test -s "$T/status.$RUNS" || return 1
	local status
	status=$(cat "$T/status.$RUNS")
	[ "$status" = 0 ] || fail "the program exited with status $status"
	[ -s "$T/stderr.$RUNS" ] && fail "the program wrote to stderr"
	skip && return 1
	stop
}

# quit — Esc on the login screen, else Q and y: the program must leave
# cleanly (status 0, no stderr).
quit() {
	skip && return 1
	if row 1 | grep -q '^gongkai 公开'; then # the login screen
		keys Escape
		until_exit
		return
	fi
	keys Q || return 1
	until_message "y/n|是" || return 1
	keys y
	until_exit
}

_on_screen() { capture | grep -qF -- "$1"; }
_not_on_screen() { ! capture | grep -qF -- "$1"; }
_not_above_status() { ! capture | head -n $((ROWS - 2)) | grep -qF -- "$1"; }
_message_matches() { message | grep -qE -- "$1"; }
_matches() { capture | grep -qE -- "$1"; }
_row_lacks() { ! row "$1" | grep -qE -- "$2"; }
_row_matches() { row "$1" | grep -qE -- "$2"; }
_selected() { capture | grep -E '^.>' | grep -qF -- "$1"; }

# _until WHAT SECONDS COMMAND... — poll COMMAND until it succeeds or
# SECONDS pass: every 10 ms at first (most waits are short), then every
# 50 ms.
_until() {
	skip && return 1
	local what=$1 seconds=$2 polls=0
	shift 2
	local deadline=$(($(now_ms) + ${seconds%.*} * 1000))
	while :; do
		"$@" && return 0
		if [ "$(now_ms)" -ge "$deadline" ]; then
			fail "waited ${seconds}s for $what"
			return 1
		fi
		if [ -s "$T/status.$RUNS" ] && ! running_program; then
			# The program ended; one last look, then give up.
			"$@" && return 0
			fail "waited for $what, but the program ended with status $(cat "$T/status.$RUNS")"
			return 1
		fi
		polls=$((polls + 1))
		if [ "$polls" -lt 20 ]; then sleep 0.01; else sleep 0.05; fi
	done
}

# Whether the pane's program still runs (remain-on-exit keeps dead panes).
running_program() {
	[ "$(tm display-message -p -t "$SESSION" '#{pane_dead}' 2>/dev/null)" = 0 ]
}

# login LOGIN [PASSWORD] — on the login screen: the login, Tab, the
# password, Enter.  Waits for the login screen first, not for the result.
login() {
	until_screen "gongkai 公开" || return 1
	type_text "$1"
	keys Tab
	type_text "${2:-$PASSWORD}"
	keys Enter
}

# start_as LOGIN — start, log in and wait for the queues (the status line
# names the user).
start_as() {
	start || return 1
	login "$1" || return 1
	until_row $((ROWS - 1)) "\($1\)"
}

# ---- the queues ---------------------------------------------------------------

# tabs — the tabs on row 1 of the queues (English labels, perhaps cut with
# "…"), one "QUEUE COUNT" a line, QUEUE as the CLI names it.
tabs() {
	row 1 | "$PYTHON" -c '
import re, sys
labels = {"My drafts": "drafts", "Returned": "returned",
          "Submitted": "submitted",
          "To review": "review", "Sign-off": "signoff",
          "Signed": "signed", "All items": "all"}
for label, n in re.findall(r"(\S.*?) (\d+)(?= |$)", sys.stdin.read()):
    cut = label.rstrip("…")
    keys = [k for full, k in labels.items() if full.startswith(cut)]
    print(keys[0] if len(keys) == 1 else "?" + label, n)
'
}

# The screen with its colours and attributes (to see a highlight move).
capture_e() { tm capture-pane -p -e -t "$SESSION" 2>/dev/null; }
_changed_e() { [ "$(capture_e)" != "$1" ]; }
_changed() { [ "$(capture)" != "$1" ]; }

# goto_queue LOGIN QUEUE — Tab to the tab listing the CLI's QUEUE for
# LOGIN: its count in the status line, its first item selected.
goto_queue() {
	skip && return 1
	local n first before
	n=$(count "$1" "$2")
	first=$(db "$1" queue "$2" | head -n 1 | cut -f5)
	for _ in 1 2 3 4 5 6 7 8; do
		if _row_matches $((ROWS - 1)) " [0-9]+/$n *\$" &&
			{ [ "$n" = 0 ] || _selected "${first:0:8}"; }; then
			return 0
		fi
		before=$(capture_e)
		keys Tab
		_until "the next tab" "$GK_E2E_TIMEOUT" _changed_e "$before" || return 1
	done
	fail "no tab lists the $2 queue of $1 ($n items)"
}

# ---- the database, through the CLI -----------------------------------------

# db LOGIN ARGS... — run the CLI as LOGIN on $DB; its stdout is printed,
# its stderr kept in $T/db.err, its status in DB_STATUS.
db() {
	local who=$1
	shift
	GONGKAI_PASSWORD=$PASSWORD "$GONGKAI_BIN" --db "$DB" --user "$who" "$@" \
		</dev/null 2>"$T/db.err"
	DB_STATUS=$?
	return $DB_STATUS
}

# db_in INPUT LOGIN ARGS... — the same with INPUT on stdin.
db_in() {
	local input=$1 who=$2
	shift 2
	printf '%s' "$input" | GONGKAI_PASSWORD=$PASSWORD "$GONGKAI_BIN" \
		--db "$DB" --user "$who" "$@" 2>"$T/db.err"
	DB_STATUS=$?
	return $DB_STATUS
}

# new_draft LOGIN TITLE [BODY] — a draft written with the CLI; prints its id.
new_draft() {
	db_in "${3:-正文。}" "$1" draft new --title "$2" --category 经信动态
}

# count LOGIN QUEUE — the number of items in the CLI's queue.
count() { db "$1" queue "$2" --limit 1000 | wc -l; }

# expect_field LOGIN ID FIELD VALUE [FIELD VALUE ...] — `show ID --json`
# has each FIELD = VALUE exactly (compared in Python, so trailing newlines
# count).
expect_field() {
	skip && return 1
	local who=$1 id=$2 json out
	shift 2
	json=$(db "$who" show "$id" --json) || {
		fail "show $id --json failed: $(cat "$T/db.err")"
		return 1
	}
	out=$("$PYTHON" -c '
import json, sys
item = json.loads(sys.argv[1])
args = sys.argv[2:]
for field, want in zip(args[::2], args[1::2]):
    if str(item[field]) != want:
        print("%s is %r, not %r" % (field, item[field], want))
' "$json" "$@")
	[ -z "$out" ] || fail "in the database (show --json):" "$out"
}

# expect_eq ACTUAL EXPECTED WHAT — a plain comparison.
expect_eq() {
	skip && return 1
	[ "$1" = "$2" ] || fail "$3: expected '$2', got '$1'"
}

# expect_history LOGIN ID REGEX WHAT — a line of the CLI's history of ID
# (tab-separated: time, actor, action, version, step, comment) matches.
expect_history() {
	skip && return 1
	local h
	h=$(db "$1" history "${2:0:8}")
	grep -qP -- "$3" <<<"$h" || fail "history has no $4:" "$h"
}
