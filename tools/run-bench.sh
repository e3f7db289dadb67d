#!/usr/bin/env bash
# Build and run dpdk-iobuf-bench in IOVA-as-PA (hugepages) and IOVA-as-VA
# (--no-huge), then dpdk-iobuf-traffic --compare-stock (virtio-user loopback
# through a testpmd vhost peer, and net_null forwarding; constrained vs stock
# pools in alternating windows) in both modes. Figures go to stdout and
# bench/results.csv; the app runs' output to bench/last-run-app.txt.
# --app-only: only the app comparisons (rows replaced in results.csv).
set -euo pipefail
. "$(dirname "$0")/common.sh"

install_deps
build build
csv=$IOBUF_ROOT/bench/results.csv
app_only=no
[ "${1:-}" = --app-only ] && app_only=yes
hugepages=no
setup_hugepages && hugepages=yes
bench=$IOBUF_ROOT/build/bench/dpdk-iobuf-bench
drv=$(plugin_copy "$IOBUF_ROOT/build/drivers/mempool/iobuf/librte_mempool_iobuf.so")
export LD_LIBRARY_PATH="$IOBUF_ROOT/build/lib/iobuf${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
trap 'rm -rf "$(dirname "$drv")"' EXIT
common=(-l 0 --no-pci --log-level=lib.eal:error -d "$drv")
if [ $app_only = no ]; then
	echo "mode,figure,ours,baseline,baseline_value,unit,ratio" > "$csv"
	if [ $hugepages = yes ]; then
		"$bench" "${common[@]}" --file-prefix=iobuf_bench_pa -- --csv "$csv"
	else
		log "no hugepages: IOVA-as-PA figures skipped"
	fi
	"$bench" "${common[@]}" --no-huge -m 1024 --file-prefix=iobuf_bench_va -- --csv "$csv"
fi

# app_compare MODE FIGURE SECONDS EAL_ARGS... -- APP_ARGS...: one
# --compare-stock run; its median window Mpps and pair ratio go to the CSV.
app=$IOBUF_ROOT/build/app/dpdk-iobuf-traffic
app_log=$IOBUF_ROOT/bench/last-run-app.txt
app_compare() {
	local mode=$1 figure=$2 secs=$3 out ours stock ratio
	shift 3
	out=$("$app" --no-pci --log-level=lib.eal:error "$@" --compare-stock --seconds "$secs" \
		--stats-period 0 --constraint "mask=0xffffffffffdfffff,align=4K,boundary=64K" 2>&1)
	{ echo "== $mode $figure"; echo "$out"; } | tee -a "$app_log" | grep -E "median window|ratio|result"
	read -r ours stock < <(awk '/^  median window Mpps/ {print $4, $5}' <<< "$out")
	ratio=$(sed -n 's/^  ratio constrained\/stock Mpps: \([0-9.]*\).*/\1/p' <<< "$out")
	echo "$mode,$figure,$ours,stock pools,$stock,Mpps (median window; ratio = ours/stock),$ratio" >> "$csv"
}
sed -i '/(app --compare-stock)/d' "$csv"
: > "$app_log"
if [ $hugepages = yes ]; then
	app_compare PA "virtio-user loopback via testpmd (app --compare-stock)" 20 -l 0 --in-memory -- --port virtio
	app_compare PA "net_null forwarding (app --compare-stock)" 10 -l 0-1 --in-memory --
fi
app_compare VA "virtio-user loopback via testpmd (app --compare-stock)" 20 -l 0 --no-huge -m 1024 -- --port virtio
app_compare VA "net_null forwarding (app --compare-stock)" 10 -l 0-1 --no-huge -m 1024 --
