#!/usr/bin/env bash
# Shared steps of the two top-level commands: install what is missing,
# reserve hugepages, build. Sourced, not run.

IOBUF_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
IOBUF_PACKAGES="libdpdk-dev dpdk-dev meson ninja-build pkg-config gcc python3 python3-sphinx python3-sphinx-rtd-theme doxygen debhelper dpkg-dev libsystemd-dev"
# pgrep (check scripts: no process of a run left behind); not in a minimal image.
IOBUF_PACKAGES="$IOBUF_PACKAGES procps"
# clang and libFuzzer (libclang-rt-dev): test/check_fuzz.sh builds the fuzz targets.
IOBUF_PACKAGES="$IOBUF_PACKAGES clang libclang-rt-dev"
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
	# keep pages busy; other applications' files, and files a live process
	# still maps (a run in progress), are left alone.
	local f used
	used=$(cat /proc/[0-9]*/maps 2>/dev/null | awk '$6 ~ /^\/dev\/hugepages\/iobuf_/ {print $6}' | sort -u)
	for f in /dev/hugepages/iobuf_*; do
		[ -e "$f" ] || continue
		grep -qxF -- "$f" <<< "$used" || rm -f -- "$f"
	done
	hugepages_ready
}

# iobuf_strict: a test that cannot run here must fail, not skip. True with
# IOBUF_TEST_STRICT=1 (tools/run-tests.sh sets it as root) or with CI set
# (and not "false" or "0"); iobuf_autotest applies the same rule.
iobuf_strict() {
	case ${IOBUF_TEST_STRICT:-0} in ''|0) ;; *) return 0 ;; esac
	case ${CI:-} in ''|0|false) return 1 ;; *) return 0 ;; esac
}

# For the check scripts (after test/check_lib.sh): a case this machine
# cannot run. FAILED in strict mode, else SKIPPED (COUNT cases) with REASON.
# cannot_run NAME REASON [COUNT]
cannot_run() {
	if iobuf_strict; then
		echo "FAILED $1: $2 [strict: IOBUF_TEST_STRICT or CI set]"
		failed=$((failed + 1))
	else
		skip "$@"
	fi
}

# hugepages_ready: hugetlbfs mounted and some 2 MiB pages free.
hugepages_ready() {
	grep -q hugetlbfs /proc/mounts &&
	[ "$(awk '/HugePages_Free/ {print $2}' /proc/meminfo)" -gt 0 ]
}

# build DIR [meson options...]: an existing DIR is reconfigured with the
# options (a build-asan set up before the sanitizer build added UBSan).
build() {
	local dir=$1
	shift
	if [ ! -f "$IOBUF_ROOT/$dir/build.ninja" ]; then
		meson setup "$IOBUF_ROOT/$dir" "$IOBUF_ROOT" "$@" >/dev/null || return 1
	elif [ $# -gt 0 ]; then
		meson configure "$IOBUF_ROOT/$dir" "$@" >/dev/null || return 1
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
