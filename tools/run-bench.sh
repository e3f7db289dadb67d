#!/usr/bin/env bash
# Build and run dpdk-iobuf-bench in IOVA-as-PA (hugepages) and IOVA-as-VA
# (--no-huge); figures go to stdout and bench/results.csv.
set -euo pipefail
. "$(dirname "$0")/common.sh"

install_deps
build build
csv=$IOBUF_ROOT/bench/results.csv
echo "mode,figure,ours,baseline,baseline_value,unit,ratio" > "$csv"
bench=$IOBUF_ROOT/build/bench/dpdk-iobuf-bench
drv=$(plugin_copy "$IOBUF_ROOT/build/drivers/mempool/iobuf/librte_mempool_iobuf.so")
export LD_LIBRARY_PATH="$IOBUF_ROOT/build/lib/iobuf${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
trap 'rm -rf "$(dirname "$drv")"' EXIT
common=(-l 0 --no-pci --log-level=lib.eal:error -d "$drv")
if setup_hugepages; then
	"$bench" "${common[@]}" --file-prefix=iobuf_bench_pa -- --csv "$csv"
else
	log "no hugepages: IOVA-as-PA figures skipped"
fi
"$bench" "${common[@]}" --no-huge -m 1024 --file-prefix=iobuf_bench_va -- --csv "$csv"
