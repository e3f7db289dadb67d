#!/usr/bin/env bash
# The main job: dpdk-iobuf-demo's fixed request set must be met and checked
# against EAL in IOVA-as-VA (memory below 4 GiB, so every request is met)
# and, with hugepages, in IOVA-as-PA (the 32-bit request may be unmet).
# Usage: check_demo.sh DEMO_BINARY
set -u
demo=$1 passed=0 failed=0 skipped=0
common=(-l 0 --no-pci --log-level=lib.eal:error)

out=$("$demo" "${common[@]}" --no-huge -m 256 --base-virtaddr=0x20000000 \
	--file-prefix=iobuf_demo_va 2>&1)
if [ $? -eq 0 ] && grep -q "4 requests, 4 met and checked, 0 not met" <<< "$out"; then
	echo "PASSED demo_va"; passed=$((passed + 1))
else
	echo "$out" | tail -20; echo "FAILED demo_va"; failed=$((failed + 1))
fi

if grep -q hugetlbfs /proc/mounts && [ "$(awk '/HugePages_Free/ {print $2}' /proc/meminfo)" -gt 0 ]; then
	out=$("$demo" "${common[@]}" --file-prefix=iobuf_demo_pa 2>&1)
	if [ $? -eq 0 ] && grep -qE "IOVA mode: PA" <<< "$out" &&
	   grep -qE "4 requests, [34] met and checked, [01] not met by this machine's memory, 0 failed" <<< "$out"; then
		echo "PASSED demo_pa"; passed=$((passed + 1))
	else
		echo "$out" | tail -20; echo "FAILED demo_pa"; failed=$((failed + 1))
	fi
else
	echo "SKIPPED demo_pa: no hugepages mounted and free"; skipped=$((skipped + 1))
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
