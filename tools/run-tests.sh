#!/usr/bin/env bash
# Install what is missing, build, and run the whole test suite: the PA and
# VA suites, then both again built with AddressSanitizer. Prints one closing
# line "N passed, N failed, N skipped" summed over all suites; exits
# non-zero on any failure.
set -uo pipefail
. "$(dirname "$0")/common.sh"

install_deps || exit 1
setup_hugepages || log "hugepages unavailable: the PA suite will report SKIPPED"

passed=0 failed=0 skipped=0
# run_suites BUILD_DIR LABEL [meson options]
run_suites() {
	local dir=$1 label=$2
	shift 2
	if ! build "$dir" "$@"; then
		log "$label: build failed"
		failed=$((failed + 1))
		return
	fi
	(cd "$IOBUF_ROOT/$dir" && meson test --suite iobuf --print-errorlogs -q) >/dev/null 2>&1
	local rc=$? log=$IOBUF_ROOT/$dir/meson-logs/testlog.txt
	# Each suite's runner closes with its own summary line.
	local lines
	lines=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$log")
	local suites
	suites=$(grep -cE '^test: ' "$log")
	if [ "$(printf '%s\n' "$lines" | grep -c passed)" -lt "$suites" ]; then
		log "$label: a suite ended without its summary line (crash?)"
		failed=$((failed + 1))
	fi
	while read -r p _ f _ s _; do
		[ -n "$p" ] || continue
		passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
	done <<< "$lines"
	grep -E '^(PASSED|FAILED|SKIPPED) |^    (FAIL|SKIPPED)|^test: ' "$log" | sed "s/^/[$label] /"
	if [ $rc -ne 0 ] && ! grep -q ' failed' <<< "$(printf '%s\n' "$lines" | grep -v ' 0 failed')"; then
		# meson failed without a failing test line: count it.
		grep -qE 'exit status 77' "$log" || { log "$label: meson test failed (rc $rc)"; failed=$((failed + 1)); }
	fi
}

run_suites build plain
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
	run_suites build-asan asan -Db_sanitize=address -Db_lundef=false

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
