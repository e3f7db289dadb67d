#!/usr/bin/env bash
# The main job: dpdk-iobuf-demo's fixed request set must be met and checked
# against EAL in IOVA-as-VA (memory below 4 GiB, so every request is met)
# and, with hugepages, in IOVA-as-PA (the 32-bit request may be unmet).
# Usage: check_demo.sh DEMO_BINARY
set -u
. "$(dirname "$0")/check_lib.sh"
demo=$1
common=(-l 0 --no-pci --log-level=lib.eal:error)

out=$("$demo" "${common[@]}" --no-huge -m 256 --base-virtaddr=0x20000000 \
	--file-prefix=iobuf_demo_va 2>&1)
rc=$? ok=no
[ $rc -eq 0 ] && grep -q "4 requests, 4 met and checked, 0 not met" <<< "$out" && ok=yes
verdict demo_va $ok "4 of 4 requests met and checked"

if hugepages_ready; then
	out=$("$demo" "${common[@]}" --file-prefix=iobuf_demo_pa 2>&1)
	rc=$? ok=no
	[ $rc -eq 0 ] && grep -qE "IOVA mode: PA" <<< "$out" &&
	   grep -qE "4 requests, [34] met and checked, [01] not met by this machine's memory, 0 failed" <<< "$out" &&
	   ok=yes
	verdict demo_pa $ok "requests met or reported unmet by this machine's memory"
else
	skip demo_pa "no hugepages mounted and free"
fi
finish
