#!/usr/bin/env bash
# dpdk-iobuf-traffic on net_null (IOVA-as-PA with hugepages, IOVA-as-VA
# with --no-huge) and on net_virtio against stock dpdk-testpmd with a
# net_vhost port (started by the app). Each run must end with exit 0 and a
# summary showing packets, zero mbuf IOVA violations, zero EAL mismatches
# and, on virtio, zero integrity errors (see check_pass); the peer must leave no process,
# socket, runtime directory or log. An impossible constraint must end with a
# non-zero exit (and, on virtio, the same clean-up); a malformed one with
# exit status 2.
# Usage: check_traffic.sh APP_BINARY
set -u
. "$(dirname "$0")/check_lib.sh"
app=$1
testpmd=$(command -v dpdk-testpmd)
# Bit 21 is a hole in the mask: only the lower 2 MiB of every 4 MiB block
# is admissible, so the pools must be steered in both IOVA modes.
hole="mask=0xffffffffffdfffff,align=4K,boundary=64K"
impossible="iova_min=0x4000000000000000"
pa=(--in-memory)
va=(--no-huge -m 512)

# run EAL_ARGS... -- APP_ARGS...: sets $out and $rc.
run() {
	out=$(timeout 120 "$app" --no-pci --log-level=lib.eal:error "$@" 2>&1 < /dev/null)
	rc=$?
}

# Value of a summary row for the (first) port.
row() { awk -v r="$1" 'index($0, "  " r " ") == 1 { print $NF; exit }' <<< "$out"; }

# The peer of the last run left nothing behind.
peer_gone() {
	local prefix
	prefix=$(sed -n 's/^peer: .*--file-prefix=\(iobuf_peer_[0-9]*\),.*/\1/p' <<< "$out")
	[ -n "$prefix" ] || return 1
	! pgrep -f -- "--file-prefix=$prefix" > /dev/null &&
	[ ! -e "/var/run/dpdk/$prefix" ] &&
	! ls /tmp/dpdk-iobuf-"${prefix#iobuf_peer_}"-vhost*.sock > /dev/null 2>&1 &&
	grep -q "^peer: stopped, exit status 0, log removed" <<< "$out" &&
	[ ! -e "/tmp/dpdk-iobuf-${prefix#iobuf_peer_}-peer.log" ]
}

# check_pass NAME null|virtio PA|VA
# Judged by the app's counters: every mbuf checked on RX and on TX
# (checks >= RX + TX packets), the EAL sample taken (1 in 64 of the checks,
# each compared with EAL's memseg table and judged by the app's own rules),
# zero violations by either evaluation, zero EAL mismatches.
check_pass() {
	local name=$1 kind=$2 mode=$3 ok=no pkts rx checks samples detail
	pkts=$(row "TX packets")
	rx=$(row "RX packets")
	checks=$(row "mbuf IOVA checks")
	samples=$(row "EAL cross-checks (1 in 64)")
	[ "$rc" -eq 0 ] && grep -q "IOVA as $mode" <<< "$out" && grep -q "^result: PASS" <<< "$out" &&
	   [ "${pkts:-0}" -gt 0 ] && [ "$(row "mbuf IOVA violations")" = 0 ] &&
	   [ "$(row "EAL mismatches")" = 0 ] &&
	   [ "${checks:-0}" -ge $((${rx:-0} + pkts)) ] &&
	   [ "${samples:-0}" -gt 0 ] && [ "$samples" -ge $((checks / 64 - 2)) ] &&
	   ! grep -q "^IOVA \(VIOLATION\|CHECKS DISAGREE\)" <<< "$out" && ok=yes
	if [ $ok = yes ] && [ "$kind" = virtio ]; then
		ok=no
		[ "$(row "frames verified in order")" = "$pkts" ] &&
		   [ "$(row "missing (sent, not back)")" = 0 ] &&
		   [ "$(row "sequence gaps")" = 0 ] &&
		   [ "$(row "duplicate/reordered")" = 0 ] &&
		   [ "$(row "corrupt (magic/len/CRC)")" = 0 ] && peer_gone && ok=yes
	fi
	detail="IOVA as $mode, exit $rc, ${pkts:-no} packets, ${checks:-no} mbuf checks, ${samples:-no} EAL samples, 0 IOVA violations, 0 EAL mismatches"
	[ "$kind" = virtio ] && detail="$detail, 0 integrity errors, peer cleaned up"
	verdict "$name" $ok "$detail"
}

check_refused() {
	local name=$1 want_rc=$2 pattern=$3 ok=no
	[ "$rc" -eq "$want_rc" ] && grep -q -- "$pattern" <<< "$out" && ok=yes
	if [ $ok = yes ] && grep -q "^peer: " <<< "$out"; then
		peer_gone || ok=no
	fi
	verdict "$name" $ok "exit $rc, '$pattern'"
}

run -l 0 "${va[@]}" --file-prefix=iobuf_traffic_help -- --help
ok=no; [ "$rc" -eq 0 ] && grep -q -- "--constraint KV" <<< "$out" && grep -q "^Exit status" <<< "$out" && ok=yes
verdict traffic_help $ok "--help, exit $rc"
run -l 0 "${va[@]}" --file-prefix=iobuf_traffic_bad -- --constraint align=3
check_refused traffic_malformed_constraint 2 "alignment 0x3 is not a power of two"
run -l 0 "${va[@]}" --file-prefix=iobuf_traffic_bad -- --burst 0
check_refused traffic_bad_option 2 "--burst '0': expected an integer in \[1, 64\]"

run -l 0-1 "${va[@]}" --file-prefix=iobuf_traffic_va -- --seconds 2 --constraint "$hole"
check_pass traffic_null_va null VA
run -l 0-1 "${va[@]}" --file-prefix=iobuf_traffic_va -- --seconds 1 --constraint "$impossible"
check_refused traffic_null_va_impossible 3 "RX mbuf pool: Cannot allocate memory"

if hugepages_ready; then
	run -l 0-1 "${pa[@]}" -- --seconds 2 --constraint "$hole"
	check_pass traffic_null_pa null PA
	run -l 0-1 "${pa[@]}" -- --seconds 1 --constraint "$impossible"
	check_refused traffic_null_pa_impossible 3 "RX mbuf pool: Cannot allocate memory"
else
	cannot_run traffic_null_pa "no hugepages mounted and free" 2
fi

if [ -z "$testpmd" ]; then
	cannot_run traffic_virtio "dpdk-testpmd not installed (package dpdk-dev)" 3
else
	run -l 0 "${va[@]}" --file-prefix=iobuf_traffic_vva -- --port virtio --seconds 2 --constraint "$hole"
	check_pass traffic_virtio_va virtio VA
	run -l 0 "${va[@]}" --file-prefix=iobuf_traffic_vva -- --port virtio --seconds 1 --constraint "$impossible"
	check_refused traffic_virtio_va_impossible 3 "RX mbuf pool: Cannot allocate memory"
	if hugepages_ready; then
		run -l 0 "${pa[@]}" -- --port virtio --seconds 2 --constraint "$hole" --peer-fwd macswap
		check_pass traffic_virtio_pa virtio PA
	else
		cannot_run traffic_virtio_pa "no hugepages mounted and free"
	fi
fi
finish
