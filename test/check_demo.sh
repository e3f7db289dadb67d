#!/usr/bin/env bash
# dpdk-iobuf-demo's fixed set of 4 requests, each judged on its own, in
# IOVA-as-VA (--no-huge, memory placed below 4 GiB) and, with hugepages, in
# IOVA-as-PA. A request passes when it behaves as this machine's memory
# dictates:
#   - met: created, EAL agrees with every segment (the demo's
#     rte_mem_virt2iova check says ok), and the segments it prints meet the
#     request's rules, re-checked here (mask/window end, alignment,
#     boundary, segment size and count, total length);
#   - not met: allowed only for the 32-bit request in PA mode (hugepages
#     here sit above 4 GiB), and only as ENOMEM with the library's log line
#     showing that no IOVA it saw lay below 4 GiB.
# VA mode must meet all 4; PA mode must meet the other 3. Any other errno,
# a failed EAL check or a segment that breaks its rule fails the case.
# Usage: check_demo.sh DEMO_BINARY
set -u
. "$(dirname "$0")/check_lib.sh"
demo=$1
common=(-l 0 --no-pci --log-level=lib.eal:error)
titles=("64 KiB rx ring below 4 GiB" "4 MiB scattered" "256 B command block" "2 MiB DMA-only")

# Lines of case N (1-based) of $out: from its "== " title to the next.
case_block() {
	awk -v n="$1" '/^== / {i++} i == n && !/^demo:/' <<< "$out"
}

# seg_rules N BLOCK: the printed segments meet request N's rules.
seg_rules() {
	local n=$1 block=$2 a b l segs=0 total=0
	while read -r a b l; do
		segs=$((segs + 1)); total=$((total + l))
		[ $((b - a + 1)) -eq "$l" ] || return 1
		case $n in
		1) [ $((a % 4096)) -eq 0 ] && [ $((b)) -le $((0xffffffff)) ] || return 1 ;;
		2) [ "$l" -le $((1 << 20)) ] && [ $((a >> 20)) -eq $((b >> 20)) ] || return 1 ;;
		3) [ $((a % 4096)) -eq 0 ] && [ $((a >> 16)) -eq $((b >> 16)) ] || return 1 ;;
		4) [ $((a % (2 << 20))) -eq 0 ] && [ $((b >> 48)) -eq 0 ] || return 1 ;;
		esac
	done < <(sed -nE 's/^ +\[[0-9]+\] off [0-9]+ iova (0x[0-9a-f]+)-(0x[0-9a-f]+) len ([0-9]+)$/\1 \2 \3/p' <<< "$block")
	case $n in
	1) [ $segs -eq 1 ] && [ $total -eq $((64 << 10)) ] ;;
	2) [ $segs -ge 4 ] && [ $total -eq $((4 << 20)) ] ;;
	3) [ $segs -eq 1 ] && [ $total -eq 256 ] ;;
	4) [ $segs -eq 1 ] && [ $total -eq $((2 << 20)) ] ;;
	esac
}

# judge_cases LABEL MODE: one verdict per request; sets met_n.
judge_cases() {
	local label=$1 mode=$2 n block ok detail seen
	met_n=0
	for n in 1 2 3 4; do
		block=$(case_block $n)
		ok=no
		if grep -q "^   check against rte_mem_virt2iova: ok$" <<< "$block"; then
			detail="met, EAL agrees, segments meet the rules"
			seg_rules $n "$block" && ok=yes && met_n=$((met_n + 1))
			[ $ok = yes ] || detail="met, but a printed segment breaks the request's rules"
		elif grep -q "^   not created: " <<< "$block"; then
			detail="not created: $(sed -n 's/^   not created: //p' <<< "$block")"
			# The one request this machine's memory may refuse: a 32-bit
			# mask in PA mode, with ENOMEM, after seeing no IOVA below 4 GiB.
			seen=$(grep -oE "create rx-ring[^:]*: no memory meets .*IOVA seen \[0x[0-9a-f]+," <<< "$out" |
			       sed -nE 's/.*IOVA seen \[(0x[0-9a-f]+),$/\1/p' | head -n1)
			if [ "$n" -eq 1 ] && [ "$mode" = PA ] &&
			   grep -q "^   not created: Cannot allocate memory$" <<< "$block" &&
			   [ -n "$seen" ] && [ $((seen)) -gt $((0xffffffff)) ]; then
				ok=yes
				detail="$detail, as expected: lowest IOVA seen $seen is above 4 GiB"
			elif [ "$n" -eq 1 ] && [ "$mode" = PA ]; then
				detail="$detail; allowed only as ENOMEM after seeing no IOVA below 4 GiB (lowest seen: ${seen:-not logged})"
			fi
		else
			detail="no result printed"
		fi
		verdict "${label}_$n" $ok "${titles[n - 1]}: $detail"
	done
}

out=$("$demo" "${common[@]}" --no-huge -m 256 --base-virtaddr=0x20000000 \
	--file-prefix=iobuf_demo_va 2>&1)
rc=$?
if [ $rc -eq 0 ] && grep -q "^IOVA mode: VA$" <<< "$out"; then
	judge_cases demo_va VA
	ok=no
	grep -q "^demo: 4 requests, 4 met and checked, 0 not met by this machine's memory, 0 failed$" <<< "$out" &&
		[ $met_n -eq 4 ] && ok=yes
	verdict demo_va $ok "4 of 4 requests met and checked, summary line agrees"
else
	verdict demo_va no "exit $rc, IOVA mode VA expected"
fi

if hugepages_ready; then
	out=$("$demo" "${common[@]}" --file-prefix=iobuf_demo_pa 2>&1)
	rc=$?
	if [ $rc -eq 0 ] && grep -q "^IOVA mode: PA$" <<< "$out"; then
		judge_cases demo_pa PA
		ok=no
		grep -q "^demo: 4 requests, $met_n met and checked, $((4 - met_n)) not met by this machine's memory, 0 failed$" <<< "$out" &&
			ok=yes
		verdict demo_pa $ok "4 of 4 requests as expected ($met_n met), summary line agrees"
	else
		verdict demo_pa no "exit $rc, IOVA mode PA expected"
	fi
else
	cannot_run demo_pa "no hugepages mounted and free" 5
fi
finish
