#!/usr/bin/env bash
# Install what is missing, build, and run the whole test suite: the
# autotest suites (pa, va-huge, va), the app, demo, testpmd and install
# checks, then all of them again in one sanitizer build: AddressSanitizer
# and UndefinedBehaviorSanitizer (-Db_sanitize=address,undefined, every
# UBSan report fatal: -fno-sanitize-recover=undefined, and UBSAN_OPTIONS
# halt_on_error=1). Prints the sanitizers' SUMMARY lines, then one closing
# line "N passed, N failed, N skipped" summed over all suites; exits
# non-zero on any failure.
#
# A suite that cannot run is a failure, not a skip, when this runs as root
# or with CI set: IOBUF_TEST_STRICT=1 is exported to every suite (missing
# hugepages or dpdk-testpmd then fail). Otherwise they are SKIPPED, each
# with its reason.
# Build directories: IOBUF_BUILD_DIR (default build) and
# IOBUF_ASAN_BUILD_DIR (default build-asan, ASan+UBSan), relative to the
# repository; an existing directory is reconfigured with the options.
set -uo pipefail
. "$(dirname "$0")/common.sh"

if [ "$(id -u)" -eq 0 ] || { [ -n "${CI:-}" ] && [ "$CI" != false ] && [ "$CI" != 0 ]; }; then
	export IOBUF_TEST_STRICT=${IOBUF_TEST_STRICT:-1}
fi

install_deps || exit 1
if ! setup_hugepages; then
	if iobuf_strict; then
		log "hugepages unavailable: the hugepage suites will FAIL (strict: root or CI)"
	else
		log "hugepages unavailable: the hugepage suites will report SKIPPED"
	fi
fi

passed=0 failed=0 skipped=0
# run_suites BUILD_DIR LABEL [meson options]
run_suites() {
	local dir=$1 label=$2 t0=$SECONDS
	shift 2
	if ! build "$dir" "$@"; then
		log "$label: build failed"
		failed=$((failed + 1))
		return
	fi
	(cd "$IOBUF_ROOT/$dir" && meson test --suite iobuf -q) >/dev/null 2>&1
	local rc=$? log=$IOBUF_ROOT/$dir/meson-logs/testlog.txt
	local lines broken p f s build_failed=0
	# Each suite closes with its own summary line; a suite without one
	# crashed or timed out: one failure each, named.
	lines=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$log")
	broken=$(awk '/^test: / {if (name != "" && !seen) print name; name = $NF; seen = 0; next}
		/^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$/ {seen = 1}
		END {if (name != "" && !seen) print name}' "$log")
	for s in $broken; do
		log "$label: suite $s ended without its summary line (crash or timeout)"
		build_failed=$((build_failed + 1))
	done
	while read -r p _ f _ s _; do
		[ -n "$p" ] || continue
		passed=$((passed + p)); build_failed=$((build_failed + f)); skipped=$((skipped + s))
	done <<< "$lines"
	# Verdict lines, sanitizer reports, and each suite's name with its run time.
	awk '/^test: / {name = $NF; next}
	     /^duration: / && name != "" {printf "test: %s (%s)\n", name, $2; name = ""; next}
	     /^(PASSED|FAILED|SKIPPED) |^    (FAIL|SKIPPED)|^seed |^SUMMARY: [A-Za-z]+Sanitizer/ {print}' "$log" |
		sed "s/^/[$label] /"
	# meson failed although no suite reported a failure: count it.
	if [ $rc -ne 0 ] && [ $build_failed -eq 0 ]; then
		log "$label: meson test failed (rc $rc)"
		build_failed=1
	fi
	failed=$((failed + build_failed))
	log "$label: $((SECONDS - t0)) s (build and all suites)"
}

run_suites "${IOBUF_BUILD_DIR:-build}" plain
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1:print_summary=1} \
	run_suites "${IOBUF_ASAN_BUILD_DIR:-build-asan}" asan+ubsan \
	-Db_sanitize=address,undefined -Db_lundef=false -Dc_args=-fno-sanitize-recover=undefined

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
