#!/usr/bin/env bash
# The libFuzzer targets of test/fuzz/ (see the comment at the top of each):
# built with clang, AddressSanitizer and UBSan (test/fuzz/build.sh), then
#   1. every reproducer in test/fuzz/crashes/TARGET/ replayed with the full
#      oracle: a bug found by fuzzing and not yet fixed FAILS here;
#   2. each target fuzzed for a bounded time from its corpus
#      (test/fuzz/corpus/TARGET/, copied: the repository is not written),
#      with the bugs step 1 found still open allowed (IOBUF_FUZZ_ALLOW, named
#      after the reproducers' files) so that the run looks for new ones. Any crash,
#      sanitizer report, leak, timeout or oracle violation fails it; the
#      number of executions is printed.
# Without clang or libFuzzer (and no way to install them: root and
# apt-get) the cases are SKIPPED, FAILED under CI=1 or IOBUF_TEST_STRICT=1.
#
# Usage: check_fuzz.sh [SOURCE_ROOT [BUILD_ROOT]]   (binaries in BUILD_ROOT/fuzz,
#        default a temporary folder)
# Environment: IOBUF_FUZZ_SECONDS (seconds of every run; default 15 for
# the parser, 25 + 12 for create in IOVA-as-PA and IOVA-as-VA, or 30 in
# IOVA-as-VA alone without hugepages), IOBUF_FUZZ_KEEP=1 keeps the work
# folder.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/check_lib.sh"
root=$(cd "${1:-$here/..}" && pwd)
fuzz=$root/test/fuzz

# cannot_run comes with tools/common.sh; this is its rule if it does not.
if ! declare -F cannot_run >/dev/null; then
	cannot_run() {
		local strict=no
		case ${IOBUF_TEST_STRICT:-0} in ''|0) ;; *) strict=yes ;; esac
		case ${CI:-} in ''|0|false) ;; *) strict=yes ;; esac
		if [ $strict = yes ]; then
			echo "FAILED $1: $2 [strict: IOBUF_TEST_STRICT or CI set]"
			failed=$((failed + 1))
		else
			skip "$@"
		fi
	}
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/iobuf-fuzz.XXXXXX")
if [ -n "${2:-}" ]; then
	bin=$(cd "$2" && pwd)/fuzz
else
	bin=$work/bin
fi
prefix=iobuf_fuzzchk_$$
cleanup() {
	# EAL runtime folders of this run's processes (their prefix is ours
	# plus a pid); a crashed target leaves its folder behind.
	rm -rf /var/run/dpdk/${prefix}_* "${XDG_RUNTIME_DIR:-/nonexistent}"/dpdk/${prefix}_* 2>/dev/null
	[ "${IOBUF_FUZZ_KEEP:-0}" = 1 ] && echo "work folder kept: $work" || rm -rf "$work"
}
trap cleanup EXIT

targets=()
for t in "$fuzz"/fuzz_*.c; do
	targets+=("$(basename "$t" .c)")
done

# Clang and libFuzzer, installed if missing and we may.
have_fuzzer() {
	local cc
	for cc in ${CLANG:-clang clang-14}; do
		command -v "$cc" >/dev/null || continue
		echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; return (int)n * 0; }' > "$work/probe.c"
		"$cc" -fsanitize=fuzzer,address,undefined "$work/probe.c" -o "$work/probe" 2>/dev/null && return 0
	done
	return 1
}
if ! have_fuzzer && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
	echo "installing clang and libclang-rt-dev (libFuzzer)"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang libclang-rt-dev >/dev/null 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1 &&
		  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang libclang-rt-dev >/dev/null 2>&1; }
fi
if ! have_fuzzer; then
	for t in "${targets[@]}"; do
		cannot_run "$t" "no clang with libFuzzer (-fsanitize=fuzzer); Debian: apt-get install clang libclang-rt-dev"
	done
	finish
	exit
fi

start=$(date +%s)
out=$("$fuzz/build.sh" "$bin" 2>&1)
rc=$?
if [ $rc -ne 0 ]; then
	verdict fuzz_build no "test/fuzz/build.sh exit $rc"
	finish
	exit
fi
verdict fuzz_build yes "${#targets[@]} targets with ASan+UBSan+libFuzzer, library from lib/iobuf/meson.build's sources ($(( $(date +%s) - start )) s)"

# The first lines that say what went wrong in a target's output.
why() {
	grep -m3 -E "ORACLE VIOLATION|LEAK|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|SUMMARY:|rte_eal_init failed" <<< "$1"
}

export IOBUF_FUZZ_PREFIX=$prefix
for t in "${targets[@]}"; do
	# 1. Reproducers, with the full oracle.
	allow=""
	for f in "$fuzz/crashes/$t"/*; do
		[ -f "$f" ] || continue
		name=$(basename "$f")
		name=${name%.*}
		out=$(cd "$work" && timeout 120 "$bin/$t" -runs=1 "$f" 2>&1)
		rc=$?
		if [ $rc -eq 0 ]; then
			verdict "${t}_repro_$name" yes "reproducer crashes/$t/$(basename "$f") runs clean: the bug is fixed"
		else
			allow="$allow${allow:+,}$name"
			out=$(why "$out")
			verdict "${t}_repro_$name" no "open bug, see test/fuzz/crashes/README.md: crashes/$t/$(basename "$f") still fails (exit $rc)"
		fi
	done

	# 2. A bounded run from the corpus: the parser once; create in
	# IOVA-as-PA on hugepages when there are some (where it runs ~25 times
	# faster: see doc/reliability.md) and briefly in IOVA-as-VA (--no-huge).
	case $t in
	fuzz_params_parse) runs_of=("parse:${IOBUF_FUZZ_SECONDS:-15}") ;;
	*)	if hugepages_ready; then
			runs_of=("pa:${IOBUF_FUZZ_SECONDS:-25}" "va:${IOBUF_FUZZ_SECONDS:-12}")
		else
			runs_of=("va:${IOBUF_FUZZ_SECONDS:-30}")
			echo "no hugepages mounted and free: $t in IOVA-as-VA only"
		fi ;;
	esac
	for r in "${runs_of[@]}"; do
		mode=${r%%:*} secs=${r#*:}
		case $mode in
		parse) name=$t; runs=5000000; extra=(-dict="$fuzz/params.dict" -max_len=1024) ;;
		*) name=${t}_$mode; runs=200000; extra=(-max_len=512) ;;
		esac
		rm -rf "$work/corpus-$name" "$work/art-$name"
		mkdir -p "$work/corpus-$name" "$work/art-$name"
		[ -d "$fuzz/corpus/$t" ] && cp "$fuzz/corpus/$t"/* "$work/corpus-$name"/ 2>/dev/null
		out=$(cd "$work" && IOBUF_FUZZ_MODE=$mode IOBUF_FUZZ_ALLOW=$allow timeout $((secs + 120)) \
			"$bin/$t" -max_total_time="$secs" -runs="$runs" -timeout=30 -rss_limit_mb=4096 \
			-print_final_stats=1 -artifact_prefix="$work/art-$name/" "${extra[@]}" \
			"$work/corpus-$name" 2>&1)
		rc=$?
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' <<< "$out" | tail -1)
		arts=$(ls "$work/art-$name" 2>/dev/null | head -3 | tr '\n' ' ')
		detail="${execs:-0} executions in ${secs} s from $(ls "$fuzz/corpus/$t" 2>/dev/null | wc -l) seeds"
		[ "$mode" != parse ] && detail="$detail, IOVA mode $(sed -n 's/^fuzz_create: IOVA mode \([A-Z]*\).*/\1/p' <<< "$out" | head -1)"
		[ -n "$allow" ] && detail="$detail, open bugs allowed: $allow"
		if [ $rc -eq 0 ] && [ -z "$arts" ] && [ -n "$execs" ]; then
			verdict "$name" yes "$detail, no crash, leak or oracle violation"
		else
			for a in "$work/art-$name"/*; do
				[ -f "$a" ] && cp "$a" "${TMPDIR:-/tmp}/$name-$(basename "$a")" &&
					echo "artifact kept: ${TMPDIR:-/tmp}/$name-$(basename "$a")"
			done
			out=$(why "$out")
			verdict "$name" no "$detail; exit $rc, artifacts: ${arts:-none}"
		fi
		echo "executions $name: ${execs:-0}"
	done
done
echo "check_fuzz: $(( $(date +%s) - start )) s"
finish
