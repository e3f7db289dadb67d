#!/usr/bin/env bash
# The hostile layout, on purpose: right after nr_hugepages is set afresh the
# kernel hands out 2 MiB pages so that VA-neighbouring pages alternate on
# IOVA bit 21. With that layout (as root; the page count is restored after):
#  - the page-store tests keep hundreds of live buffers under a forbidden
#    bit 21 and bit 22, gather scattered buffers, serve windows at both ends,
#    every buffer checked page by page against rte_mem_virt2iova;
#  - the main job (the app on net_null, the README's command line) runs
#    three times, each right after the pages were reserved afresh.
# Without root or hugepages: FAILED under CI or IOBUF_TEST_STRICT=1, else
# SKIPPED with the reason.
# Usage: check_hostile.sh AUTOTEST APP
set -u
. "$(dirname "$0")/check_lib.sh"
autotest=$1
app=$2
nr=/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
pages=1536   # 3 GiB: room for the tests' 1 GiB and the app's pools

cannot() {
	if [ -n "${CI:-}" ] || [ "${IOBUF_TEST_STRICT:-0}" = 1 ]; then
		verdict hostile_layout no "$1"
	else
		skip hostile_layout "$1"
	fi
	finish
	exit $?
}
[ "$(id -u)" -eq 0 ] || cannot "needs root to reserve hugepages afresh"
[ -w "$nr" ] || cannot "no 2 MiB hugepage pool ($nr)"
grep -q hugetlbfs /proc/mounts || cannot "hugetlbfs is not mounted"

saved=$(cat "$nr")
trap 'echo "$saved" > "$nr"' EXIT

# Give every free page back, then reserve afresh: the pages come out of the
# buddy allocator in the order that makes VA neighbours alternate.
afresh() {
	echo 0 > "$nr"
	echo "$pages" > "$nr"
	[ "$(awk '/HugePages_Free/ {print $2}' /proc/meminfo)" -ge $((pages / 2)) ]
}

afresh || cannot "the kernel gave fewer than $((pages / 2)) free hugepages"
out=$(timeout 600 "$autotest" -l 0-1 --no-pci -m 1024 --file-prefix=iobuf_hostile \
	--log-level=lib.eal:error -- store_live_forbid_bit21 \
	store_live_forbid_bit22 store_gather store_window_eighths 2>&1 < /dev/null)
rc=$?
rm -rf /var/run/dpdk/iobuf_hostile
grep -E "^    " <<< "$out"
# The layout really was the hostile one: most VA-neighbouring pages differ
# on bit 21 (the live test prints the count).
read -r differ pairs < <(sed -n 's/^    layout: \([0-9]*\) of \([0-9]*\) VA-neighbouring.*/\1 \2/p' <<< "$out" | head -1)
verdict hostile_layout_obtained "$([ "${pairs:-0}" -gt 0 ] && [ $((differ * 100 / pairs)) -ge 30 ] &&
	echo yes || echo no)" "${differ:-?} of ${pairs:-?} neighbouring pages alternate on bit 21"
for t in store_live_forbid_bit21 store_live_forbid_bit22 store_gather \
	 store_window_eighths; do
	if grep -q "^PASSED $t$" <<< "$out"; then
		verdict "hostile_$t" yes "IOVA as PA, pages reserved afresh"
	else
		verdict "hostile_$t" no "rc $rc"
	fi
done

# The main job, as tools/run-traffic.sh runs it, right after each fresh
# reservation.
for i in 1 2 3; do
	afresh || { verdict "hostile_main_job_$i" no "no hugepages after reset"; continue; }
	out=$(timeout 120 "$app" -l 0-1 --no-pci --in-memory --log-level=lib.eal:error -- \
		--constraint "mask=0xffffffffffdfffff,align=4K,boundary=64K" --seconds 2 2>&1 < /dev/null)
	rc=$?
	verdict "hostile_main_job_$i" "$([ $rc -eq 0 ] && grep -q '^result: PASS' <<< "$out" &&
		echo yes || echo no)" "exit $rc, $(grep -m1 '^result' <<< "$out")"
done
finish
