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

core_files() { ls src/*.c src/*.h | grep -v -e '^src/main\.c$' -e '^src/cli\.[ch]$'; }

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

po_complete() {
	pot=$(mktemp)
	trap 'rm -f "$pot" "$pot.po"' RETURN
	# shellcheck disable=SC2046
	xgettext --from-code=UTF-8 -k_ -kN_ -o "$pot" \
		$(ls src/*.[ch] ui/*.[ch] 2>/dev/null) || return 1
	msgmerge --quiet -o "$pot.po" po/zh_CN.po "$pot" || return 1
	stats=$(msgfmt --statistics -o /dev/null "$pot.po" 2>&1)
	case "$stats" in
	*untranslated* | *fuzzy*)
		echo "po/zh_CN.po: $stats (run 'make po' and translate)"
		return 1
		;;
	esac
}
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
check "the release binary hashes passwords at the interactive cost" release_cost
