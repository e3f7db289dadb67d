#!/usr/bin/env bash
# The stress test (test/test_stress.c) for longer than the suites run it:
# IOBUF_STRESS_OPS operations over two lcores (default 20,000,000, the
# suites' default is 1,000,000) with a secondary process attaching, using
# and detaching in a loop (at least IOBUF_STRESS_CYCLES times, default 10),
# in IOVA-as-PA and IOVA-as-VA with hugepages, and IOVA-as-VA without them
# (no secondaries there). Prints each run's figures line and its verdict;
# exits non-zero if any run failed. doc/reliability.md ("Stress") has the
# figures of the last runs.
#
#   tools/run-stress.sh [BUILD_DIR]        (default build)
#   IOBUF_STRESS_OPS=50000000 IOBUF_TEST_SEED=123 tools/run-stress.sh
#   IOBUF_STRESS_MODES="pa va" tools/run-stress.sh   (a subset of pa va-huge va)
set -uo pipefail
. "$(dirname "$0")/common.sh"

dir=${1:-build}
export IOBUF_STRESS_OPS=${IOBUF_STRESS_OPS:-20000000}
modes=${IOBUF_STRESS_MODES:-pa va-huge va}
install_deps || exit 1
build "$dir" || exit 1
hugepages=no
setup_hugepages && hugepages=yes
test_bin=$IOBUF_ROOT/$dir/test/iobuf_autotest
common=(-l 0-1 --no-pci --log-level=lib.eal:error)
failed=0
for mode in $modes; do
	case $mode in
	pa)      eal=(-m 256 --socket-limit=1024 --file-prefix=iobuf_stress_pa) ;;
	va-huge) eal=(-m 256 --socket-limit=1024 --iova-mode=va --file-prefix=iobuf_stress_vahuge) ;;
	va)      eal=(--no-huge -m 512 --base-virtaddr=0x20000000 --file-prefix=iobuf_stress_va) ;;
	*)       log "unknown mode $mode"; failed=$((failed + 1)); continue ;;
	esac
	if [ $mode != va ] && [ $hugepages = no ]; then
		log "$mode: no hugepages"
		failed=$((failed + 1))
		continue
	fi
	log "$mode: IOBUF_STRESS_OPS=$IOBUF_STRESS_OPS"
	start=$EPOCHREALTIME
	out=$("$test_bin" "${common[@]}" "${eal[@]}" -- stress 2>&1)
	rc=$?
	secs=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
	grep -E '^seed |^    (layout|lcores|secondaries|end|stress):|FAIL|usage changed' <<< "$out"
	if [ $rc -eq 0 ] && grep -q '^PASSED stress' <<< "$out"; then
		log "$mode: PASSED (${secs} s wall, process included)"
	else
		log "$mode: FAILED (exit $rc, ${secs} s wall)"
		failed=$((failed + 1))
	fi
done
[ $failed -eq 0 ]
