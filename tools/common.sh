#!/usr/bin/env bash
# Shared steps of the two top-level commands: install what is missing,
# reserve hugepages, build. Sourced, not run.

IOBUF_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
IOBUF_PACKAGES="libdpdk-dev dpdk-dev meson ninja-build pkg-config gcc python3 python3-sphinx python3-sphinx-rtd-theme doxygen debhelper dpkg-dev"
# 2 MiB pages to reserve: the PA suite preallocates 256 MiB and steering
# under hard masks holds up to 256 MiB more per request.
IOBUF_HUGEPAGES=${IOBUF_HUGEPAGES:-1024}

log() { printf '[iobuf] %s\n' "$*"; }

install_deps() {
	local missing=""
	for p in $IOBUF_PACKAGES; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		log "missing packages:$missing (run as root to install them)"
		return 1
	fi
	log "installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq && apt-get install -y -qq $missing >/dev/null
}

# Reserve and mount 2 MiB hugepages; returns 1 if that is not possible
# (not root, or the kernel gives none), and the callers fall back.
setup_hugepages() {
	local nr=/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
	[ -w "$nr" ] || return 1
	if [ "$(cat "$nr")" -lt "$IOBUF_HUGEPAGES" ]; then
		echo "$IOBUF_HUGEPAGES" > "$nr" 2>/dev/null || true
	fi
	mkdir -p /dev/hugepages
	mountpoint -q /dev/hugepages || mount -t hugetlbfs nodev /dev/hugepages || return 1
	# Stale files of our own crashed runs (all our prefixes start iobuf_)
	# keep pages busy; other applications' files are left alone.
	rm -f /dev/hugepages/iobuf_* 2>/dev/null
	hugepages_ready
}

# hugepages_ready: hugetlbfs mounted and some 2 MiB pages free.
hugepages_ready() {
	grep -q hugetlbfs /proc/mounts &&
	[ "$(awk '/HugePages_Free/ {print $2}' /proc/meminfo)" -gt 0 ]
}

# build DIR [meson options...]
build() {
	local dir=$1
	shift
	if [ ! -f "$IOBUF_ROOT/$dir/build.ninja" ]; then
		meson setup "$IOBUF_ROOT/$dir" "$IOBUF_ROOT" "$@" >/dev/null || return 1
	fi
	ninja -C "$IOBUF_ROOT/$dir" >/dev/null
}

# EAL's -d refuses a plugin below any world-writable directory (a checkout
# under /tmp, say). Copy the mempool driver into a private directory below
# $HOME and print its path; the caller removes the directory and puts the
# build's lib/iobuf on LD_LIBRARY_PATH (the copy's relative RUNPATH is lost).
# plugin_copy DRIVER_SO
plugin_copy() {
	local so=$1 dir
	dir=$(mktemp -d "${HOME:-/root}/.iobuf-plugin.XXXXXX") || return 1
	cp "$so" "$dir/librte_mempool_iobuf.so" || return 1
	echo "$dir/librte_mempool_iobuf.so"
}
