#!/bin/sh
# Run every test: the binaries given as arguments (cmocka unit tests, and
# fuzz targets, which replay their corpus tests/fuzz/corpus/NAME/ and then
# mutate it for $FUZZ_CHECK_SECONDS, default 15), then
# tests/cli/*.sh, tests/checks.sh and the end-to-end tests of the
# workstation in tmux, tests/e2e/*.sh; all speak TAP.  Shows what
# failed, and ends with one line: "N passed, N failed".
# $GONGKAI_BIN is the binary the CLI and e2e tests drive.
set -u
cd "$(dirname "$0")/.."
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run() { # name, command...
	name=$1
	shift
	"$@" >"$log" 2>&1
	status=$?
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # it died before it could say what failed
		echo "not ok - $name exited with status $status" >>"$log"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -gt 0 ]; then
		printf 'FAIL  %s (%d passed, %d failed)\n' "$name" "$p" "$f"
		sed 's/^/      /' "$log"
	else
		printf 'ok    %s (%d)\n' "$name" "$p"
	fi
}

for t in "$@"; do
	name=$(basename "$t")
	case "$name" in
	fuzz_*) run "$name" "$t" -t "${FUZZ_CHECK_SECONDS:-15}" \
		tests/fuzz/corpus/"${name#fuzz_}"/* ;;
	*) run "$name" env CMOCKA_MESSAGE_OUTPUT=TAP "$t" ;;
	esac
done
for t in $(ls tests/cli/*.sh | grep -v /lib.sh) tests/checks.sh; do
	run "$t" bash "$t"
done
# The workstation itself, in tmux (tests/e2e/lib.sh).
for t in $(ls tests/e2e/*.sh | grep -v /lib.sh); do
	run "$t" bash "$t"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
