#!/usr/bin/env bash
# Install what is missing, build, and run the main job: dpdk-iobuf-demo
# allocates constrained buffers and checks their segments against EAL.
# Hugepages (IOVA-as-PA) when the machine gives them, else --no-huge.
set -euo pipefail
. "$(dirname "$0")/common.sh"

install_deps
build build
if setup_hugepages; then
	mode=(--file-prefix=iobuf_demo)
else
	log "no hugepages: running with --no-huge (IOVA-as-VA)"
	mode=(--no-huge -m 256 --file-prefix=iobuf_demo)
fi
exec "$IOBUF_ROOT/build/app/dpdk-iobuf-demo" -l 0 --no-pci "${mode[@]}" \
	--log-level=lib.eal:error -- "$@"
