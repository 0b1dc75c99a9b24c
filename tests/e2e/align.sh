#!/bin/bash
# Columns line up by display width: with titles mixing Chinese (two
# columns a character), ASCII, full-width punctuation and very long text,
# the column after the title (Department) starts at the same display
# column in every row, and a title too long for its column is cut and
# ends in "…".  Display widths are computed here in Python
# (unicodedata.east_asian_width W and F count 2), independently of the
# program's wcwidth.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

TITLES=(
	"2026年5G+工业互联网"
	"ABC测试abc"
	"全角（括号）标题"
	"关于进一步加强和规范全区工业和信息化领域政府信息公开工作的实施意见（征求意见稿）的起草说明"
	"Plain ASCII title only"
	"A very long ASCII title that cannot fit in the title column of the list at all"
	"“引号”与—破折号…省略号"
	"Ｆｕｌｌ－ｗｉｄｔｈ　ＡＳＣＩＩ"
	"半角ｶﾀｶﾅ与全角カタカナ"
	"x"
)

# check_columns SCREEN TITLES DEPTS — the rows of the list on SCREEN
# (a capture) against the CLI's titles in the same order.
check_columns() {
	"$PYTHON" - "$@" <<-'EOF'
		import sys, unicodedata

		def width(s):
		    n = 0
		    for c in s:
		        if unicodedata.combining(c):
		            continue
		        n += 2 if unicodedata.east_asian_width(c) in "WF" else 1
		    return n

		def fit(s, cols):
		    """What the title column should hold: s, or its longest start
		    that leaves room for the ellipsis, then the ellipsis."""
		    if width(s) <= cols:
		        return s
		    out = ""
		    for c in s:
		        if width(out + c) > cols - 1:
		            break
		        out += c
		    return out + "…"

		def at(line, col):
		    """The text of line from display column col, or None when col
		    falls inside a wide character."""
		    x = 0
		    for i, c in enumerate(line):
		        if x == col:
		            return line[i:]
		        if x > col:
		            return None
		        x += width(c)
		    return "" if x == col else None

		def upto(line, col):
		    out, x = "", 0
		    for c in line:
		        if x + width(c) > col:
		            break
		        out += c
		        x += width(c)
		    return out

		screen = open(sys.argv[1], encoding="utf-8").read().split("\n")
		titles = [l.split("\t")[4] for l in
		          open(sys.argv[2], encoding="utf-8").read().splitlines()]
		depts = [l.split("\t")[0] for l in
		         open(sys.argv[3], encoding="utf-8").read().splitlines()]
		header = screen[1]
		i = header.find("Department")
		if i < 0:
		    sys.exit("no Department column in the header: %r" % header)
		dept_col = width(header[:i])
		title_cols = dept_col - 3  # the mark (2) and a space before
		problems = []
		rows = [l for l in screen[2:] if l.startswith(("  ", " >", "* ", "*>"))]
		if len(rows) < len(titles):
		    problems.append("%d rows on the screen, the CLI lists %d"
		                    % (len(rows), len(titles)))
		for n, (line, title) in enumerate(zip(rows, titles), 1):
		    rest = at(line, dept_col)
		    if rest is None:
		        problems.append("row %d: display column %d is inside a wide "
		                        "character: %r" % (n, dept_col, line))
		        continue
		    if not any(rest.startswith(d) for d in depts):
		        problems.append("row %d: no department at display column %d: "
		                        "%r" % (n, dept_col, line))
		    if at(line, dept_col - 1)[:1] != " ":
		        problems.append("row %d: no space before the department: %r"
		                        % (n, line))
		    cell = upto(line, dept_col - 1)[2:].rstrip(" ")
		    want = fit(title, title_cols)
		    if cell != want:
		        problems.append("row %d: title column %r, expected %r"
		                        % (n, cell, want))
		    if width(title) > title_cols and not cell.endswith("…"):
		        problems.append("row %d: a long title not ending in …: %r"
		                        % (n, cell))
		    if width(line) > int(sys.argv[4]):
		        problems.append("row %d is %d columns wide" % (n, width(line)))
		print("\n".join(problems))
		sys.exit(1 if problems else 0)
	EOF
}

# The demo with the drafts of TITLES (written once for the script; each
# test gets its own copy).
prepare() {
	if [ ! -s "$TMP/align.db" ]; then
		local t
		for t in "${TITLES[@]}"; do
			new_draft zhangwei "$t" >/dev/null || {
				fail "could not write the draft '$t': $(cat "$T/db.err")"
				return 1
			}
		done
		cp "$DB" "$TMP/align.db"
	fi
	cp "$TMP/align.db" "$DB"
	db admin dept list >"$T/depts"
}

# columns_at COLS QUEUE — resize to COLS × $ROWS, show the tab, check.
columns_at() {
	resize "$1" "$ROWS"
	until_row 2 "Department" || return 1
	until_row $((ROWS - 1)) " 1/$(count zhangwei "$2") *\$" || return 1
	skip && return 1
	capture >"$T/screen"
	db zhangwei queue "$2" --limit 1000 >"$T/titles"
	local out
	out=$(check_columns "$T/screen" "$T/titles" "$T/depts" "$1") ||
		fail "at ${1}×$ROWS ($2):" "${out//$'\n'/$'\n'#   }"
}

t_my_drafts() {
	prepare || return
	COLS=80 ROWS=50
	start_as zhangwei
	until_row 1 "My drafts ${#TITLES[@]}"
	columns_at 80 drafts
	columns_at 117 drafts # an odd width: wide characters meet the edge
	columns_at 81 drafts
	quit
}
run_test "with mixed Chinese/ASCII/full-width titles the Department column starts at one display column in every row, long titles end in …" t_my_drafts

t_all_items() {
	prepare || return
	# Every row on one screen: the demo's items and the new drafts.
	COLS=80 ROWS=60
	start_as zhangwei
	goto_queue zhangwei all
	columns_at 80 all
	columns_at 100 all
	quit
}
run_test "the same holds for every row of All items (the demo's titles and the new ones)" t_all_items
