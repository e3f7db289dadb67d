#!/usr/bin/env bash
# Stock Debian dpdk-testpmd forwarding between two net_null ports with its
# mbuf pool served by the iobuf mempool driver (loaded with -d, selected
# with --mbuf-pool-ops-name, constrained through IOBUF_MEMPOOL_CONSTRAINT),
# judged from outside the driver: while testpmd forwards, test/pool_probe
# attaches to it as a secondary process and checks every mbuf of mb_pool_0
# (object and data buffer) against EAL and the constraint with
# test/iobuf_check.c's rules. A case passes only if the probe attached and
# found 0 violations in exactly the $mbufs mbufs testpmd asked for, none of
# them in the mempool library's own zones, testpmd was still forwarding when
# the probe finished, packets flowed, testpmd ended cleanly, and the run left
# no process, runtime directory or hugepage file of its --file-prefix.
# Both IOVA modes run on hugepages (a secondary cannot attach to a --no-huge
# primary): IOVA-as-PA, and IOVA-as-VA with --iova-mode=va in testpmd and
# probe. In each, the probe given a constraint the pool was not built for
# must find violations (it is not vacuous), and an impossible constraint
# must stop testpmd with a message instead of a crash.
# Usage: check_testpmd.sh DRIVER_SO [POOL_PROBE]
# (POOL_PROBE defaults to test/pool_probe of the build DRIVER_SO is in.)
set -u
# Preloaded runtimes (meson sets ASan's, and UBSan's too with
# -Db_sanitize=address,undefined, for a sanitizer build) are for the DPDK
# processes only: pgrep and friends hang under them.
preload=${LD_PRELOAD:-}
unset LD_PRELOAD
# Under AddressSanitizer the primary's memory goes at a fixed address in
# ASan's high application range, so the probe (a secondary) can map it at
# the same address whatever its own sanitizer took (see test/meson.build).
base=()
[ -n "$preload" ] && base=(--base-virtaddr=0x200000000000)
. "$(dirname "$0")/check_lib.sh"
so=$1
build_root=$(cd "$(dirname "$so")/../../.." && pwd)
probe=${2:-$build_root/test/pool_probe}
testpmd=$(command -v dpdk-testpmd)
mbufs=4096
huge_dir=$(awk '$3 == "hugetlbfs" { print $2; exit }' /proc/mounts)
if [ "$(id -u)" -eq 0 ]; then
	run_root=/var/run/dpdk
else
	run_root=${XDG_RUNTIME_DIR:-/tmp}/dpdk
fi
prefixes=()
tp_pid=

# A case this machine cannot run (strict mode makes it a failure).
cannot() {
	cannot_run "$@"
}

# Remove what EAL leaves on purpose after its processes are gone (runtime
# directory, hugepage files) for @p prefix.
remove_leftovers() {
	rm -rf "${run_root:?}/$1"
	[ -n "$huge_dir" ] && rm -f "$huge_dir/$1"map_*
}

# What a prefix's run left behind (empty output = nothing).
leftovers() {
	pgrep -f -- "--file-prefix=$1( |$)" > /dev/null && echo "process"
	[ -e "$run_root/$1" ] && echo "runtime dir $run_root/$1"
	[ -n "$huge_dir" ] && ls "$huge_dir/$1"map_* > /dev/null 2>&1 && echo "hugepage files"
}

cleanup() {
	local p
	if [ -n "$tp_pid" ] && kill -0 "$tp_pid" 2> /dev/null; then
		kill -INT "$tp_pid" 2> /dev/null
		sleep 2
		kill -KILL "$tp_pid" 2> /dev/null
		wait "$tp_pid" 2> /dev/null
	fi
	for p in "${prefixes[@]}"; do
		remove_leftovers "$p"
	done
	[ -n "${drv:-}" ] && rm -rf "$(dirname "$drv")"
	rm -f "${log:-}"
}
trap '[ "$BASHPID" = "$$" ] && cleanup' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -z "$testpmd" ]; then
	cannot testpmd "dpdk-testpmd not installed (package dpdk-dev; tools/common.sh installs it)" 6
	finish
	exit
fi
if [ ! -x "$probe" ]; then
	echo "FAILED testpmd: pool probe $probe not built"; failed=$((failed + 1))
	finish
	exit
fi
if ! hugepages_ready; then
	cannot testpmd "no hugepages mounted and free (the probe attaches as a secondary process, which a --no-huge primary cannot host)" 6
	finish
	exit
fi
drv=$(plugin_copy "$so") || { echo "FAILED testpmd: cannot copy $so"; failed=$((failed + 1)); finish; exit; }
export LD_LIBRARY_PATH="$build_root/lib/iobuf${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
log=$(mktemp)

# start NAME CONSTRAINT EAL_ARGS...: testpmd in the background (bounded by
# timeout), output in $log; sets $prefix and $tp_pid.
start() {
	local name=$1 constraint=$2
	shift 2
	prefix=iobuf_testpmd_${name}_$$
	prefixes+=("$prefix")
	IOBUF_MEMPOOL_CONSTRAINT=$constraint LD_PRELOAD=$preload timeout -k 5 -s INT 120 \
		"$testpmd" -l 0-1 --no-pci --file-prefix="$prefix" "${base[@]}" \
		--log-level=lib.eal:error --log-level=lib.iobuf:info \
		--mbuf-pool-ops-name=iobuf -d "$drv" --vdev net_null0 --vdev net_null1 "$@" \
		-- --total-num-mbufs=$mbufs --forward-mode=io --tx-first --stats-period 1 \
		< /dev/null > "$log" 2>&1 &
	tp_pid=$!
}

# Wait until testpmd prints its first stats block (forwarding) or exits.
forwarding() {
	local i
	for i in $(seq 1 300); do
		grep -q "Port statistics" "$log" && return 0
		kill -0 "$tp_pid" 2> /dev/null || return 1
		sleep 0.1
	done
	return 1
}

# Stop testpmd (SIGINT, as a user's ^C) and reap it; sets $rc and $out.
stop() {
	kill -INT "$tp_pid" 2> /dev/null
	wait "$tp_pid"
	rc=$?
	tp_pid=
	out=$(cat "$log")
}

# probe_run CONSTRAINT EAL_ARGS...: the secondary; sets $pout and $prc.
probe_run() {
	local constraint=$1
	shift
	pout=$(LD_PRELOAD=$preload timeout -k 5 60 "$probe" -l 0 --no-pci --proc-type=secondary \
		--file-prefix="$prefix" --log-level=lib.eal:error "$@" -- \
		--pool mb_pool_0 --constraint "$constraint" --expect $mbufs --mbufs --not-stock 2>&1)
	prc=$?
}

# case_forward NAME MODE CONSTRAINT WRONG_CONSTRAINT EAL_ARGS...
case_forward() {
	local name=$1 mode=$2 constraint=$3 wrong=$4 ok=no alive=no rx left summary
	local wrong_out wrong_rc
	shift 4
	start "$name" "$constraint" "$@"
	if forwarding; then
		probe_run "$constraint" "$@"
		# The same pool against a rule it was not built for: violations.
		local save_out=$pout save_rc=$prc
		probe_run "$wrong" "$@"
		wrong_out=$pout wrong_rc=$prc
		pout=$save_out prc=$save_rc
		sleep 1
		kill -0 "$tp_pid" 2> /dev/null && grep -q "Port statistics" "$log" && alive=yes
	else
		pout="testpmd did not start forwarding" prc=-1 wrong_out="" wrong_rc=-1
	fi
	stop
	remove_leftovers "$prefix"
	left=$(leftovers "$prefix")
	rx=$(awk '/Accumulated forward statistics/ {f=1} f && /RX-packets:/ {print $2; exit}' <<< "$out")
	summary=$(grep "^pool_probe: .* objects checked" <<< "$pout")
	echo "$pout" | sed 's/^/    probe: /'
	echo "$wrong_out" | grep -E "^pool_probe: .* objects checked|^result" | sed 's/^/    probe (wrong rule): /'
	{ [ "$rc" -eq 0 ] || [ "$rc" -eq 130 ]; } && grep -q "^Bye" <<< "$out" &&
	   [ "${rx:-0}" -gt 0 ] && [ $alive = yes ] &&
	   [ "$prc" -eq 0 ] && grep -q "^result: PASS" <<< "$pout" &&
	   grep -q "^pool_probe: IOVA as $mode," <<< "$pout" &&
	   grep -q "^pool_probe: $mbufs objects checked (0 bad), $mbufs mbuf data buffers (0 bad), [0-9]* chunks with objects (0 bad, 0 in" <<< "$pout" &&
	   [ -z "$left" ] && ok=yes
	[ -z "$out" ] || [ $ok = yes ] || out="$out
--- probe (exit $prc):
$pout"
	verdict "testpmd_${name}" $ok "IOVA as $mode, '$constraint': testpmd exit $rc, ${rx:-no} packets forwarded, probe exit $prc while forwarding: ${summary#pool_probe: }${left:+; left behind: $left}"
	ok=no
	[ "$wrong_rc" -eq 1 ] && grep -q "^violation: " <<< "$wrong_out" &&
	   grep -q "^result: FAIL" <<< "$wrong_out" && ok=yes
	out=$wrong_out verdict "testpmd_${name}_probe_detects" $ok "probe under '$wrong' (not the pool's rule): exit $wrong_rc, violations reported"
}

# case_refused NAME CONSTRAINT EAL_ARGS...
case_refused() {
	local name=$1 constraint=$2 ok=no left
	shift 2
	start "$name" "$constraint" "$@"
	wait "$tp_pid"
	rc=$?
	tp_pid=
	out=$(cat "$log")
	remove_leftovers "$prefix"
	left=$(leftovers "$prefix")
	[ "$rc" -ne 0 ] && [ "$rc" -lt 124 ] &&
	   grep -q "Creation of mbuf pool for socket 0 failed" <<< "$out" &&
	   grep -q "MEMPOOL_IOBUF: pool mb_pool_0: $mbufs objects cannot be placed" <<< "$out" &&
	   [ -z "$left" ] && ok=yes
	verdict "testpmd_${name}" $ok "'$constraint': testpmd stopped with a message, exit $rc${left:+; left behind: $left}"
}

# IOVA-as-PA: physical pages here lie below 64 GiB (36 bits); bit 21 is a
# hole, so half of every 4 MiB is inadmissible and the pool must be steered.
case_forward pa PA "mask=0xfffdfffff,boundary=64K,align=4K" "mask=0xffffffffffefffff"
case_refused pa_impossible "iova_min=0x7fffffff0000"
# IOVA-as-VA on hugepages: holes at bits 16 and 21 (64 KiB chunks at most)
# and a 4 GiB boundary.
va=(--iova-mode=va)
case_forward va VA "mask=0xffffffffffdeffff,boundary=4G" "mask=0xffffffffffff7fff" "${va[@]}"
case_refused va_impossible "iova_min=0x7fffffff0000" "${va[@]}"
finish
