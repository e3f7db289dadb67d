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
	(cd "$IOBUF_ROOT/$dir" && meson test --suite iobuf -q) >/dev/null 2>&1
	local rc=$? log=$IOBUF_ROOT/$dir/meson-logs/testlog.txt
	local lines suites p f s build_failed=0
	# Each suite closes with its own summary line; one missing means a crash.
	lines=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$log")
	suites=$(grep -cE '^test: ' "$log")
	if [ "$(grep -c passed <<< "$lines")" -lt "$suites" ]; then
		log "$label: a suite ended without its summary line (crash?)"
		build_failed=1
	fi
	while read -r p _ f _ s _; do
		[ -n "$p" ] || continue
		passed=$((passed + p)); build_failed=$((build_failed + f)); skipped=$((skipped + s))
	done <<< "$lines"
	grep -E '^(PASSED|FAILED|SKIPPED) |^    (FAIL|SKIPPED)|^test: ' "$log" | sed "s/^/[$label] /"
	# meson failed although no suite reported a failure: count it.
	if [ $rc -ne 0 ] && [ $build_failed -eq 0 ]; then
		log "$label: meson test failed (rc $rc)"
		build_failed=1
	fi
	failed=$((failed + build_failed))
}

run_suites build plain
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
	run_suites build-asan asan -Db_sanitize=address -Db_lundef=false

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
