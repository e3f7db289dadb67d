#!/usr/bin/env bash
# Install what is missing, build, and run the main job: dpdk-iobuf-traffic
# on a net_null port (or, with --port virtio, on net_virtio_user against a
# stock dpdk-testpmd net_vhost peer the app starts and stops itself).
# Hugepages (IOVA-as-PA, --in-memory: no hugepage files left) when the
# machine gives them, else --no-huge (IOVA-as-VA). Without --constraint the
# job uses a mask with a hole at IOVA bit 21, so the pools must be steered.
# Options are the app's (see --help).
set -euo pipefail
. "$(dirname "$0")/common.sh"

install_deps
build build
lcores=0-1
constraint=(--constraint "mask=0xffffffffffdfffff,align=4K,boundary=64K")
prev=
for a in "$@"; do
	case "$prev $a" in
	*--port=virtio | "--port virtio") lcores=0 ;;  # the peer forwards on lcore 1
	esac
	case "$a" in --constraint*) constraint=() ;; esac
	prev=$a
done
if setup_hugepages; then
	mode=(--in-memory)
else
	log "no hugepages: running with --no-huge (IOVA-as-VA)"
	mode=(--no-huge -m 1024)
fi
exec "$IOBUF_ROOT/build/app/dpdk-iobuf-traffic" -l "$lcores" --no-pci "${mode[@]}" \
	--log-level=lib.eal:error -- "${constraint[@]}" "$@"
