#!/usr/bin/env bash
# Run test suites, several at a time, and count their TAP lines.
#
#   tests/run.sh SUITE...
#
# A SUITE is a cmocka binary (test_*: run with CMOCKA_MESSAGE_OUTPUT=TAP),
# a fuzz target (fuzz_*: replays tests/fuzz/corpus/NAME/, then mutates it
# for $FUZZ_CHECK_SECONDS, default 15) or a bash script speaking TAP
# (tests/cli/*.sh, tests/checks.sh, tests/e2e/*.sh: the workstation in
# tmux).  The Makefile picks the suites (`make check`, check-unit …, T=).
#
# $TEST_JOBS suites run at once (default 3: on two cores the tmux and CLI
# suites spend much of their time waiting).  Each suite's output goes to
# its own log; the report prints one line per suite as it ends, a failed
# suite's whole log below its line, so nothing interleaves.  The last
# line is "N passed, N failed".
#
# $TEST_RESULTS (default build/test-results.tap) gets every TAP line of
# the run as "SUITE: ok N - name", suites in the order given; the logs
# stay in $TEST_RESULTS.d/.  Suites start longest first by the times of
# the previous runs ($TEST_TIMES, default test-times beside
# $TEST_RESULTS), else in the order given.
# $GONGKAI_BIN is the binary the CLI and e2e tests drive.
set -u
cd "$(dirname "$0")/.." || exit 1
jobs=${TEST_JOBS:-3}
results=${TEST_RESULTS:-build/test-results.tap}
logs=$results.d
times=${TEST_TIMES:-$(dirname "$results")/test-times}
if [ $# -eq 0 ]; then
	echo "tests/run.sh: no suites to run" >&2
	exit 2
fi
rm -rf "$logs"
mkdir -p "$logs" || exit 1

suites=("$@")
names=()
for s in "${suites[@]}"; do
	case "$s" in
	*.sh) names+=("$s") ;;
	*) names+=("$(basename "$s")") ;;
	esac
done

now_ms() {
	local t=${EPOCHREALTIME//[!0-9]/}
	echo $((10#$t / 1000))
}

# The log's file name for suite I.
log_of() { echo "$logs/${names[$1]//\//_}.log"; }

# run_suite I — run suite I into its log; its exit status and time in
# milliseconds go to the log's .status file when it ends.
run_suite() {
	local i=$1 s=${suites[$1]} name=${names[$1]} log began status
	log=$(log_of "$i")
	began=$(now_ms)
	case "$name" in
	fuzz_*)
		"$s" -t "${FUZZ_CHECK_SECONDS:-15}" \
			tests/fuzz/corpus/"${name#fuzz_}"/* >"$log" 2>&1 </dev/null
		;;
	*.sh) bash "$s" >"$log" 2>&1 </dev/null ;;
	*) CMOCKA_MESSAGE_OUTPUT=TAP "$s" >"$log" 2>&1 </dev/null ;;
	esac
	status=$?
	echo "$status $(($(now_ms) - began))" >"$log.status.new"
	mv "$log.status.new" "$log.status"
}

passed=0
failed=0
# report I — count suite I's TAP lines and print its line (and its log
# when something failed).
report() {
	local i=$1 name=${names[$1]} log status ms p f
	log=$(log_of "$i")
	read -r status ms <"$log.status"
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # it died before it could say what failed
		echo "not ok - $name exited with status $status" >>"$log"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	echo "$ms $name" >>"$times_new"
	if [ "$f" -gt 0 ]; then
		printf 'FAIL  %s (%d passed, %d failed) %d.%d s\n' "$name" "$p" \
			"$f" $((ms / 1000)) $((ms % 1000 / 100))
		sed 's/^/      /' "$log"
	else
		printf 'ok    %s (%d) %d.%d s\n' "$name" "$p" $((ms / 1000)) \
			$((ms % 1000 / 100))
	fi
}

# The order to start them: longest first by the last run's times (suites
# it did not time first of all, in the order given).
order=()
while read -r _ i; do order+=("$i"); done < <(
	for i in "${!suites[@]}"; do
		ms=$(awk -v n="${names[$i]}" '$2 == n { print $1; exit }' \
			"$times" 2>/dev/null)
		echo "${ms:-999999999} $i"
	done | sort -s -k1,1nr
)

times_new=$(mktemp "$times.XXXXXX") || exit 1
reported=()
# Print every suite that ended and was not reported yet.
report_ended() {
	local i
	for i in "${!suites[@]}"; do
		if [ -z "${reported[$i]:-}" ] && [ -e "$(log_of "$i").status" ]; then
			reported[i]=1
			report "$i"
		fi
	done
}

began_all=$(now_ms)
running=0
for i in "${order[@]}"; do
	while [ "$running" -ge "$jobs" ]; do
		wait -n
		running=$((running - 1))
		report_ended
	done
	run_suite "$i" &
	running=$((running + 1))
done
wait
report_ended

for i in "${!suites[@]}"; do
	grep -E '^(not )?ok ' "$(log_of "$i")" | sed "s|^|${names[$i]}: |"
done >"$results"
# Keep the times of suites not run this time (T=) for the next full run.
if [ -e "$times" ]; then
	awk 'NR == FNR { seen[$2] = 1; print; next } !seen[$2]' \
		"$times_new" "$times" >"$times_new.all"
	mv "$times_new.all" "$times_new"
fi
mv "$times_new" "$times"

ms=$(($(now_ms) - began_all))
printf '%d suites in %d.%d s, %d at a time\n' "${#suites[@]}" \
	$((ms / 1000)) $((ms % 1000 / 100)) "$jobs"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
