#!/usr/bin/env bash
# Stock Debian dpdk-testpmd forwarding between two net_null ports with its
# mbuf pool served by the iobuf mempool driver (loaded with -d, selected
# with --mbuf-pool-ops-name, constrained through IOBUF_MEMPOOL_CONSTRAINT).
# Passes only if packets flowed, the driver checked every mbuf of the pool
# against rte_mem_virt2iova with 0 violations, and an impossible constraint
# stops testpmd with a message instead of a crash.
# Usage: check_testpmd.sh DRIVER_SO
set -u
. "$(dirname "$0")/check_lib.sh"
drv=$(plugin_copy "$1") || { echo "cannot copy $1"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
trap 'rm -rf "$(dirname "$drv")"' EXIT
export LD_LIBRARY_PATH="$(cd "$(dirname "$1")/../../../lib/iobuf" && pwd)${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
testpmd=$(command -v dpdk-testpmd)
mbufs=4096

# run NAME CONSTRAINT EAL_ARGS...: testpmd for 3 s; sets $out and $rc.
run() {
	local name=$1 constraint=$2
	shift 2
	out=$(IOBUF_MEMPOOL_CONSTRAINT=$constraint timeout --preserve-status -s INT 3 \
		"$testpmd" -l 0-1 --no-pci --file-prefix="iobuf_testpmd_$name" \
		--log-level=lib.eal:error --log-level=lib.iobuf:info \
		--mbuf-pool-ops-name=iobuf -d "$drv" --vdev net_null0 --vdev net_null1 "$@" \
		-- --total-num-mbufs=$mbufs --forward-mode=io --tx-first --stats-period 1 \
		< /dev/null 2>&1)
	rc=$?
}

# A clean end: exit 0, or death by the SIGINT testpmd re-raises after cleanup.
clean_exit() { [ "$rc" -eq 0 ] || [ "$rc" -eq 130 ]; }

check_forwarding() {
	local rx ok=no
	rx=$(awk '/Accumulated forward statistics/ {f=1} f && /RX-packets:/ {print $2; exit}' <<< "$out")
	clean_exit && [ "${rx:-0}" -gt 0 ] &&
	   grep -q "mempool mb_pool_0: $mbufs objects of [0-9]* bytes checked against rte_mem_virt2iova and the constraint: 0 violations" <<< "$out" &&
	   ok=yes
	verdict "$1" $ok "exit $rc, ${rx:-no} packets forwarded, $mbufs mbufs checked"
}

check_refused() {
	local ok=no
	[ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] &&
	   grep -q "Creation of mbuf pool for socket 0 failed" <<< "$out" &&
	   grep -q "MEMPOOL_IOBUF: pool mb_pool_0: $mbufs objects cannot be placed" <<< "$out" &&
	   ok=yes
	verdict "$1" $ok "testpmd stopped with a message, exit $rc"
}

if [ -z "$testpmd" ]; then
	skip testpmd "dpdk-testpmd not installed (package dpdk-dev)"
	finish
	exit
fi

# IOVA-as-VA: memory placed below 4 GiB, so a 32-bit window is met.
va=(--no-huge -m 512 --base-virtaddr=0x20000000)
run va "iova_max=0xffffffff,boundary=64K" "${va[@]}"
check_forwarding testpmd_va_32bit
run va_bad "iova_min=0x7fffffff0000" "${va[@]}"
check_refused testpmd_va_impossible

if hugepages_ready; then
	# IOVA-as-PA: physical pages here lie below 64 GiB (36 bits).
	run pa "mask=0xfffffffff,boundary=64K,align=4K"
	check_forwarding testpmd_pa_36bit
	run pa_bad "iova_min=0x7fffffff0000"
	check_refused testpmd_pa_impossible
else
	skip testpmd_pa "no hugepages mounted and free" 2
fi
finish
