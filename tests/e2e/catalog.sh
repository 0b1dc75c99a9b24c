#!/bin/bash
# The catalog (政府信息公开目录, L on the queues) and full-text search
# (/ in the catalog, S on the queues): what the screens list is what the
# CLI's `catalog` and `search` print for the same filters, orders and
# queries; columns line up by display width; matches are highlighted;
# exports are the CLI's bytes.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

# The rows of the list start on screen row 4 (title, filters, headers).
FIRST=4

# cli_catalog ARGS... — the CLI's catalog (TSV, header dropped) as
# "SERIAL<TAB>DATE<TAB>CATEGORY" lines, SERIAL being the 索引号's part after
# the last "/" (the screen may leave out the agency's code).
cli_catalog() {
	db zhangwei catalog "$@" | tail -n +2 |
		awk -F'\t' '{ n = split($1, p, "/"); print p[n] "\t" $6 "\t" $10 }'
}

# screen_catalog — the same read from the screen's list; fails when the
# 发布日期 or 栏目 column does not start at one display column in every
# row.
screen_catalog() {
	capture | tail -n +$FIRST | head -n $((ROWS - FIRST - 1)) |
		"$PYTHON" -c '
import re, sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in s)
dates, cats = set(), set()
for line in sys.stdin.read().splitlines():
    # The last column is the 有效性, "valid (有效)" or "有效".
    m = re.match(r"^(..)(\S+) +(\d{4}-\d\d-\d\d) .* (\S+) +"
                 r"(valid|expired|abolished|有效|失效|废止)( \(\S+\))? *$",
                 line)
    if not m:
        continue
    serial = m.group(2).rsplit("/", 1)[-1]
    dates.add(width(line[:m.start(3)]))
    cats.add(width(line[:m.start(4)]))
    print("%s\t%s\t%s" % (serial, m.group(3), m.group(4)))
if len(dates) > 1 or len(cats) > 1:
    print("misaligned: dates at %s, categories at %s" % (dates, cats))
    sys.exit(1)
'
}

# expect_catalog WHAT ARGS... — the screen lists what `catalog ARGS`
# does, in its order.
expect_catalog() {
	skip && return 1
	local what=$1 want got
	shift
	want=$(cli_catalog "$@")
	got=$(screen_catalog) || {
		fail "$what: the columns do not line up" "$got"
		return 1
	}
	[ "$got" = "$want" ] ||
		fail "$what: the screen lists" "$got" "but catalog $* says" "$want"
}

# until_count N TOTAL — the title says "N of TOTAL".
until_count() { until_row 1 " $1 of $2 "; }

# open_catalog LOGIN — log in and press L on the queues.
open_catalog() {
	start_as "$1" || return 1
	keys L
	until_row 1 "Government information catalog|政府信息公开目录" || return 1
	until_row $((ROWS - 1)) "Catalog|目录"
}

TOTAL=
total() { [ -n "$TOTAL" ] || TOTAL=$(cli_catalog | wc -l); echo "$TOTAL"; }

t_lists_published() {
	local n
	n=$(total)
	[ "$n" -ge 5 ] || fail "the demo has only $n published items"
	open_catalog zhangwei
	until_count "$n" "$n"
	until_row $((ROWS - 1)) " 1/$n *\$"
	# Newest 索引号 first, with the dates and 栏目 of the CLI.
	expect_catalog "the catalog" --sort index --reverse
	# The withdrawn item stays listed, with its status.
	until_screen "expired"
	keys q
	until_screen "My drafts"
	quit
}
run_test "L on the queues opens the catalog: the CLI's published and withdrawn items, newest 索引号 first, in columns" t_lists_published

t_wide_shows_whole_numbers() {
	local first
	COLS=140
	first=$(db zhangwei catalog --sort index --reverse | sed -n 2p | cut -f1)
	open_catalog zhangwei
	until_selected "$first"
	quit
}
run_test "a wide terminal shows whole 索引号, the agency's code included" t_wide_shows_whole_numbers

t_chinese_columns() {
	UI_LANGUAGE=zh_CN
	open_catalog zhangwei
	until_row $FIRST "20[0-9][0-9]-[0-9]{5}"
	expect_catalog "the catalog in Chinese" --sort index --reverse
	quit
}
run_test "in Chinese the columns line up too" t_chinese_columns

t_filters() {
	local n valid expired first_cat
	n=$(total)
	valid=$(cli_catalog --validity valid | wc -l)
	expired=$(cli_catalog --validity expired | wc -l)
	first_cat=$(db zhangwei category list | head -n 1 | cut -f1)
	open_catalog zhangwei
	until_count "$n" "$n"
	# Tab chooses the filter (year first), ] steps its value.
	until_row 2 "^ All published items; Tab chooses a filter, \] and \[ change it: Year: all"
	keys Tab Tab Tab
	until_row 2 "Validity: all"
	keys ]
	until_count "$valid" "$n"
	until_row 2 "^ Validity: valid \(有效\) · \* clears them$"
	expect_catalog "有效 only" --validity valid --sort index --reverse
	keys ]
	until_count "$expired" "$n"
	until_row 2 "Validity: expired"
	expect_catalog "失效 only" --validity expired --sort index --reverse
	keys '*'
	until_count "$n" "$n"
	until_row 2 "All published items"
	keys BTab BTab ]
	until_row 2 "Category: $first_cat"
	until_count "$(cli_catalog --category "$first_cat" | wc -l)" "$n"
	expect_catalog "栏目 $first_cat" --category "$first_cat" --sort index --reverse
	# Filters combine, and ] goes on to the next 栏目.
	keys ] Tab Tab ]
	until_row 2 "Validity: valid"
	local second_cat
	second_cat=$(db zhangwei category list | sed -n 2p | cut -f1)
	until_row 2 "Category: $second_cat"
	until_count "$(cli_catalog --category "$second_cat" --validity valid | wc -l)" "$n"
	expect_catalog "栏目 $second_cat, 有效" --category "$second_cat" \
		--validity valid --sort index --reverse
	quit
}
run_test "Tab chooses the 有效性 or 栏目 filter and ] steps it, as the CLI filters; the header names the filters, * clears them" t_filters

t_sort() {
	open_catalog zhangwei
	until_row 1 "sorted by index number ↓"
	keys O
	until_row 1 "sorted by publication date ↓"
	expect_catalog "by date, newest first" --sort date --reverse
	keys '~'
	until_row 1 "sorted by publication date ↑"
	expect_catalog "by date, oldest first" --sort date
	keys O
	until_row 1 "sorted by title ↑"
	expect_catalog "by title" --sort title
	quit
}
run_test "O cycles the orders and ~ reverses them, as the CLI's --sort and --reverse" t_sort

t_open_from_catalog() {
	local first title
	first=$(db zhangwei catalog --sort index --reverse | sed -n 2p)
	title=$(cut -f2 <<<"$first")
	open_catalog zhangwei
	keys j
	until_row $((ROWS - 1)) " 2/"
	keys k Enter
	until_screen "《$title》"
	until_screen "$(cut -f1 <<<"$first")" # the publication's 索引号
	keys q
	until_row 1 "Government information catalog|政府信息公开目录"
	until_row $((ROWS - 1)) " 1/"
	quit
}
run_test "Enter opens the item with its publication; q comes back to the catalog" t_open_from_catalog

# highlighted TEXT — some row of the screen shows exactly TEXT in reverse
# video (SGR 7 in tmux's capture), and no row shows the marker bytes.
highlighted() {
	capture_e | "$PYTHON" -c '
import re, sys
want = sys.argv[1]
text = sys.stdin.read()
if "\x01" in text or "\x02" in text:
    print("marker bytes on the screen"); sys.exit(1)
for line in text.splitlines():
    rev, runs = False, [[False, ""]]
    for part in re.split(r"(\x1b\[[0-9;]*m)", line):
        if part.startswith("\x1b["):
            for code in (part[2:-1] or "0").split(";"):
                if code in ("0", "27"):
                    rev = False
                elif code == "7":
                    rev = True
        elif part:
            if runs[-1][0] == rev:
                runs[-1][1] += part
            else:
                runs.append([rev, part])
    if [True, want] in runs:
        sys.exit(0)
sys.exit(1)
' "$1"
}

# expect_hits LOGIN QUERY [--published] — the hits on the screen are the
# CLI's search: the same number, each title shown.
expect_hits() {
	skip && return 1
	local who=$1 query=$2 n title
	shift 2
	n=$(db "$who" search "$query" "$@" | wc -l)
	until_row 1 "$query · $n hits?" || return 1
	while IFS=$'\t' read -r _ _ _ title _; do
		until_screen "${title:0:12}" || return 1
	done < <(db "$who" search "$query" "$@" | head -n 8)
}

t_search_catalog() {
	open_catalog zhangwei
	# A two-character word: trigrams cannot match it (LIKE).
	keys /
	until_message "Search the published items"
	type_text "经信"
	keys Enter
	until_screen "Search the published items: 经信"
	expect_hits zhangwei 经信 --published
	_until "经信 highlighted" "$GK_E2E_TIMEOUT" highlighted "经信"
	# Only published items: no state instead of a 索引号.
	capture | grep -qE "^ .(draft|in review|returned|signed off) " &&
		fail "an unpublished item among the catalog's hits"
	# A longer word, searched again from the results.
	keys /
	until_message "Search the published items"
	keys C-u
	type_text "工业企业"
	keys Enter
	until_screen "Search the published items: 工业企业"
	expect_hits zhangwei 工业企业 --published
	_until "工业企业 highlighted" "$GK_E2E_TIMEOUT" highlighted "工业企业"
	# Open the first hit.
	local title
	title=$(db zhangwei search 工业企业 --published | head -n 1 | cut -f4)
	keys Enter
	until_screen "《$title》"
	keys q
	until_screen "Search the published items: 工业企业"
	keys q
	until_row 1 "Government information catalog|政府信息公开目录"
	quit
}
run_test "/ in the catalog finds published items by a two-character word and a longer one, highlighted; Enter opens a hit" t_search_catalog

t_search_highlight_no_color() {
	start NO_COLOR=1
	login zhangwei
	until_row $((ROWS - 1)) "\(zhangwei\)"
	keys L
	until_row 1 "Government information catalog|政府信息公开目录"
	keys /
	type_text "经信"
	keys Enter
	until_screen "Search the published items: 经信"
	_until "经信 in reverse video" "$GK_E2E_TIMEOUT" highlighted "经信"
	quit
}
run_test "the match stays highlighted under NO_COLOR" t_search_highlight_no_color

t_search_nothing() {
	open_catalog zhangwei
	keys /
	until_message "Search the published items"
	keys Enter # an empty query does nothing
	until_row $((ROWS - 1)) "Catalog|目录"
	keys /
	until_message "Search the published items"
	type_text "没有这个词语"
	keys Enter
	until_message "No published item matches 没有这个词语"
	until_row $((ROWS - 1)) "Catalog|目录"
	quit
}
run_test "an empty query does nothing; a query that matches nothing says so" t_search_nothing

t_search_all_items() {
	local id
	id=$(new_draft zhangwei "检索测试：张伟的草稿" "正文写到独一无二的标记词。") ||
		fail "draft new failed: $(cat "$T/db.err")"
	[ "$(db zhangwei search 独一无二 | cut -f1)" = "$id" ] ||
		fail "the CLI does not find the draft for its author"
	[ -z "$(db yangfan search 独一无二)" ] ||
		fail "the CLI finds zhangwei's draft for yangfan (信息化科)"
	start_as zhangwei
	keys S
	until_message "Search all items"
	type_text "独一无二"
	keys Enter
	until_screen "Search all items: 独一无二 · 1 hit"
	until_selected "检索测试：张伟的草稿"
	until_selected "draft"
	_until "独一无二 highlighted" "$GK_E2E_TIMEOUT" highlighted "独一无二"
	keys Enter
	until_screen "《检索测试：张伟的草稿》"
	quit
	# A drafter of another department does not find it.
	start_as yangfan
	keys S
	until_message "Search all items"
	type_text "独一无二"
	keys Enter
	until_message "No item matches 独一无二"
	until_row $((ROWS - 1)) "Queues"
	quit
}
run_test "S on the queues searches all items: a draft is found by its author, not by a drafter of another department" t_search_all_items

t_export() {
	local file
	open_catalog zhangwei
	keys x
	until_message "Export as"
	keys 1
	until_message "Export to: ~/catalog-"
	keys Enter
	until_message "Wrote $(total) items to $T/home/catalog-"
	skip && return
	file=$(ls "$T"/home/catalog-*.csv 2>/dev/null | head -n 1)
	[ -s "$file" ] || fail "no CSV in $T/home"
	skip && return
	expect_eq "$(head -c 3 "$file" | od -An -tx1 | tr -d ' ')" efbbbf \
		"the first bytes of the CSV"
	head -n 1 "$file" | grep -q "索引号" ||
		fail "the CSV's header has no 索引号: $(head -n 1 "$file")"
	db zhangwei catalog --sort index --reverse --format csv >"$T/cli.csv"
	cmp -s "$file" "$T/cli.csv" || fail "the CSV differs from catalog --format csv"
	# GB18030, filtered, to a path typed in; then replaced.
	keys Tab Tab Tab ] x
	until_message "Export as"
	keys 2
	until_message "Export to:"
	keys C-u
	type_text "$T/home/目录-gb.csv"
	keys Enter
	until_message "Wrote $(cli_catalog --validity valid | wc -l) items to $T/home/目录-gb.csv"
	skip && return
	db zhangwei catalog --validity valid --sort index --reverse --format csv --encoding GB18030 >"$T/cli-gb.csv"
	cmp -s "$T/home/目录-gb.csv" "$T/cli-gb.csv" ||
		fail "the GB18030 CSV differs from the CLI's"
	iconv -f GB18030 -t UTF-8 "$T/home/目录-gb.csv" | head -n 1 | grep -q "索引号" ||
		fail "the GB18030 CSV does not decode to a header with 索引号"
	keys x
	until_message "Export as"
	keys 3
	keys C-u
	type_text "$T/home/目录-gb.csv"
	keys Enter
	until_message "exists"
	keys y
	until_message "Wrote .* items to $T/home/目录-gb.csv"
	skip && return
	grep -q "<html" "$T/home/目录-gb.csv" || fail "the file was not replaced by the HTML page"
	quit
}
run_test "x exports what is shown: CSV UTF-8 with a BOM and a header with 索引号, GB18030, HTML, as the CLI does" t_export

# header_columns — the display columns where the words of the column
# headers (row 3 of the catalog, row 2 of the search results) start.
header_columns() {
	row "$1" | "$PYTHON" -c '
import re, sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in s)
line = sys.stdin.read().rstrip("\n")
print(" ".join(str(width(line[:m.start()]))
               for m in re.finditer(r"(?<!\S)\S", line)))'
}

t_empty_keeps_columns() {
	local lang with without
	for lang in en zh_CN; do
		UI_LANGUAGE=$lang
		open_catalog zhangwei || return
		until_row $FIRST "20[0-9][0-9]-[0-9]{5}"
		with=$(header_columns 3)
		# 废止: the demo has no abolished item.
		keys BTab ] ] ]
		until_row 2 "(Validity|有效性)[:：] ?(abolished|废止)"
		until_screen "0/0"
		without=$(header_columns 3)
		expect_eq "$without" "$with" "the headers' columns with no row ($lang)"
		quit
		# The search results too: with hits, and with none.
		open_catalog zhangwei || return
		keys /
		type_text 经信
		keys Enter
		until_row $((ROWS - 1)) " 1/[0-9]+ *$"
		with=$(header_columns 2)
		keys /
		keys C-u
		type_text 没有这个词语
		keys Enter
		until_row $((ROWS - 1)) " 0/0 *$"
		without=$(header_columns 2)
		expect_eq "$without" "$with" "the search's headers with no hit ($lang)"
		quit
	done
}
run_test "when the filters or a search leave nothing, the column headers stay where they are with rows, in English and Chinese" t_empty_keeps_columns

t_search_withdrawn() {
	local index title
	# The demo's withdrawn item.
	index=$(db zhangwei catalog --validity expired | sed -n 2p | cut -f1)
	title=$(db zhangwei catalog --validity expired | sed -n 2p | cut -f2)
	[ -n "$index" ] || fail "the demo has no expired item"
	open_catalog zhangwei
	keys /
	type_text "${title:0:8}"
	keys Enter
	until_screen "Search the published items: ${title:0:8}"
	until_row 2 "Index number +Published +Title +Validity"
	# Its row: the 索引号, the date, the title and its 有效性.
	until_match "^ .…/${index##*/} +[0-9-]{10} .* expired \(失效\)$"
	quit
}
run_test "a withdrawn item among the search hits shows its 有效性 (失效) in its row, under a Validity column" t_search_withdrawn
