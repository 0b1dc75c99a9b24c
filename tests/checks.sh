#!/bin/bash
# Project-wide checks that keep the agreements of DESIGN.md and STYLE.md:
# the core stays free of curses and printing, and the Chinese translation
# is complete.  TAP output for tests/run.sh.
cd "$(dirname "$0")/.." || exit 1
n=0
check() { # description, command...
	desc=$1
	shift
	n=$((n + 1))
	if out=$("$@" 2>&1); then echo "ok $n - $desc"; else
		echo "not ok $n - $desc"
		printf '%s\n' "$out" | sed 's/^/#   /'
	fi
}

core_files() { ls src/*.c src/*.h | grep -v -e '^src/main\.c$'; }

no_match() { # pattern: succeed when no core file matches it
	! grep -nE "$1" $(core_files)
}

check "src/ includes no curses header" no_match '#include *[<"](n?cursesw?/)?n?curses(w)?\.h'
# The core may write into memory (open_memstream: the printed 保密审查单),
# never to the terminal.
check "the core never prints" no_match '\b(printf|vprintf|puts|putchar|perror)\(|\b(stdout|stderr) *[,)]'
check "the core never exits or aborts" no_match '\b(exit|_exit|abort)\('
# DESIGN.md: the TUI writes no SQL; it calls core functions.
check "ui/ writes no SQL" bash -c '! grep -nE "sqlite3_|gk_store_(prep|exec|begin|commit)|\b(SELECT|INSERT|UPDATE|DELETE) " ui/*.c ui/*.h'

# STYLE.md: display width is measured in one function.
check "only src/width.c calls wcwidth" bash -c \
	'! grep -nE "\bwc(s)?width\(" $(ls src/*.c src/cli/*.c ui/*.c | grep -v "^src/width\.c$")'

# The keys of the vocabularies whose rules the core's predicates answer
# (doc.h GK_STATES, channel.h GK_DELIVERY_STATES, publish.h GK_VALIDITIES):
# no code compares a string with one of them; it asks the predicate
# (gk_state_editable, gk_delivery_state_parse …).
vocabulary_keys() {
	local list
	for list in "src/doc.h GK_STATES" "src/channel.h GK_DELIVERY_STATES" \
		"src/publish.h GK_VALIDITIES"; do
		set -- $list
		sed -n "/#define $2(X)/,/^\$/p" "$1" |
			grep -oE 'X\( *[A-Z_]+, *"[^"]+"' | sed 's/.*"\(.*\)"/\1/'
	done
}
no_state_strings() {
	local keys
	keys=$(vocabulary_keys | paste -sd '|')
	[ -n "$keys" ] || { echo "found no vocabulary keys"; return 1; }
	! grep -nE "str(n)?cmp\([^;]*\"($keys)\"" src/*.c src/cli/*.c ui/*.c
}
check "no state string is compared outside the core's lists" no_state_strings

# No core file over about 1,200 lines: a noun that grows gets files of
# its own (docs/architecture.md, "A new module").
CORE_LINES_MAX=1200
core_size() {
	local f big=0
	for f in $(core_files); do
		if [ "$(wc -l <"$f")" -gt $CORE_LINES_MAX ]; then
			echo "$f: $(wc -l <"$f") lines (at most $CORE_LINES_MAX)"
			big=1
		fi
	done
	[ $big = 0 ]
}
check "no core file is over $CORE_LINES_MAX lines" core_size

po_complete() {
	pot=$(mktemp)
	trap 'rm -f "$pot" "$pot.po"' RETURN
	# shellcheck disable=SC2046
	xgettext --from-code=UTF-8 -k_ -kN_ -o "$pot" \
		$(ls src/*.[ch] src/cli/*.[ch] ui/*.[ch] 2>/dev/null) || return 1
	msgmerge --quiet -o "$pot.po" po/zh_CN.po "$pot" || return 1
	stats=$(msgfmt --statistics -o /dev/null "$pot.po" 2>&1)
	case "$stats" in
	*untranslated* | *fuzzy*)
		echo "po/zh_CN.po: $stats (run 'make po' and translate)"
		return 1
		;;
	esac
}
[ -n "${GK_CHECKS_PLANTED:-}" ] ||
	check "po/zh_CN.po translates every message" po_complete

# The release binary ($RELEASE_BIN, default bin/gongkai) hashes passwords
# at libsodium's interactive cost (64 MiB, 2 passes); only the test build
# the other tests drive (Makefile: TEST_BIN) hashes cheaply.
release_cost() {
	local bin=${RELEASE_BIN:-bin/gongkai} dir hashes
	dir=$(mktemp -d)
	trap 'rm -rf "$dir"' RETURN
	HOME=$dir "$bin" demo --db "$dir/demo.db" >"$dir/out" 2>&1 ||
		{ cat "$dir/out"; return 1; }
	hashes=$(sqlite3 "$dir/demo.db" 'SELECT pwhash FROM user') || return 1
	[ -n "$hashes" ] || { echo "no users in the demo database"; return 1; }
	# shellcheck disable=SC2016 # the $ are the hash's own
	if grep -v '^\$argon2id\$v=19\$m=65536,t=2,p=1\$' <<<"$hashes"; then
		echo "(hashes made by $bin, not at the interactive cost)"
		return 1
	fi
}
[ -n "${GK_CHECKS_PLANTED:-}" ] ||
	check "the release binary hashes passwords at the interactive cost" release_cost

# The checks catch what they are for: each fault, planted in a copy of
# the sources, makes its check fail there.
plant() { # the check's description, a file, the text added to it
	local dir out
	dir=$(mktemp -d)
	trap 'rm -rf "$dir"' RETURN
	cp -r src ui tests "$dir"/ && printf '%s\n' "$3" >>"$dir/$2" || return 1
	out=$(cd "$dir" && GK_CHECKS_PLANTED=1 bash tests/checks.sh 2>&1)
	grep -qF "not ok" <<<"$(grep -F -- "- $1" <<<"$out")" ||
		{ echo "planted in $2, yet:"; echo "$out"; return 1; }
}
if [ -z "${GK_CHECKS_PLANTED:-}" ]; then
	check "a curses header included in the core fails its check" plant \
		"src/ includes no curses header" src/doc.c '#include <ncursesw/curses.h>'
	check "a state compared as a string in ui/ fails its check" plant \
		"no state string is compared" ui/list.c \
		'int x(const char *s) { return strcmp(s, "returned") == 0; }'
	check "a delivery state compared as a string in the CLI fails its check" plant \
		"no state string is compared" src/cli/cli_channel.c \
		'int y(const char *s) { return !strcmp(s, "failed"); }'
	check "a core file over $CORE_LINES_MAX lines fails its check" plant \
		"no core file is over" src/doc.c "$(yes '/* more */' | head -n $CORE_LINES_MAX)"
fi

