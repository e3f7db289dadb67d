# Shared by the shell checks: counters, one verdict line per case, and the
# closing line "N passed, N failed, N skipped" (exit status 1 on a failure).
# The caller sets $out to the output of the run it judges.
. "$(dirname "${BASH_SOURCE[0]}")/../tools/common.sh"   # hugepages_ready
passed=0 failed=0 skipped=0

# verdict NAME yes|no DETAIL
# A sanitizer report in $out fails the case whatever else it shows: a run
# expected to fail (exit 1) may not pass on an ASan or UBSan exit (also 1).
verdict() {
	if [ "$2" = yes ] &&
	   grep -qE '^SUMMARY: [A-Za-z]+Sanitizer|runtime error: |ERROR: [A-Za-z]+Sanitizer' <<< "${out:-}"; then
		grep -E '^SUMMARY: [A-Za-z]+Sanitizer|runtime error: ' <<< "$out" | head -10
		echo "FAILED $1 ($3; but a sanitizer reported)"; failed=$((failed + 1))
	elif [ "$2" = yes ]; then
		echo "PASSED $1: $3"; passed=$((passed + 1))
	else
		echo "${out:-}" | tail -30; echo "FAILED $1 ($3)"; failed=$((failed + 1))
	fi
}

# skip NAME REASON [COUNT]
skip() {
	echo "SKIPPED $1: $2"; skipped=$((skipped + ${3:-1}))
}

finish() {
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
}
