#!/bin/sh
# Regenerate the key lists of docs/gongkai.1 (between the lines
# '.\" keys: begin' and '.\" keys: end') from `gongkai keys`, which prints
# the workstation's key tables.  tests/cli/help.sh checks they agree.
# usage: tools/man-keys.sh BIN [MANPAGE]
set -eu
bin=$1
man=${2:-docs/gongkai.1}
keys=$(mktemp)
trap 'rm -f "$keys" "$man.new"' EXIT
LANGUAGE=en LANG=C.UTF-8 "$bin" keys | awk '
	/^$/ { next }
	/^[^ ]/ { print ".SS " $0; next }
	{
		# "  KEYS<padding> WHAT": keys never hold two spaces in a row.
		line = substr($0, 3)
		if (match(line, /  +/)) {
			keys = substr(line, 1, RSTART - 1)
			what = substr(line, RSTART + RLENGTH)
		} else {
			keys = line; sub(/ .*/, "", keys)
			what = substr(line, length(keys) + 2)
		}
		gsub(/-/, "\\-", keys); gsub(/-/, "\\-", what)
		print ".TP"; print ".B " keys; print what
	}' >"$keys"
awk -v keys="$keys" '
	/^\.\\" keys: begin/ { print; while ((getline line < keys) > 0) print line; skip = 1; next }
	/^\.\\" keys: end/ { skip = 0 }
	!skip' "$man" >"$man.new"
mv "$man.new" "$man"
