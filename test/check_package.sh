#!/usr/bin/env bash
# The Debian packages, built with Debian's own tooling and installed on this
# machine: dpkg-buildpackage -us -uc -b in a scratch copy of the source tree
# (DEB_BUILD_OPTIONS=nocheck), dpkg -i of librte-iobuf0, librte-iobuf-dev,
# librte-mempool-iobuf0 (the mempool driver, in EAL's plugin folder) and
# dpdk-iobuf-tools; then
#  - stock dpdk-testpmd --mbuf-pool-ops-name=iobuf with NO -d: EAL must load
#    the driver from its plugin folder, testpmd must select the iobuf ops,
#    every mbuf must be checked with 0 violations and packets must flow;
#  - an out-of-tree program (test/consumer/consumer.c, copied away) built
#    with `pkg-config --cflags --libs libiobuf` alone and -Werror, and run;
#  - the installed dpdk-iobuf-traffic on net_null for 1 s;
# and the packages are purged again whatever happens (trap), after which
# nothing of them may be left (plugin folder, libdir, headers, dpkg).
#
# The plugin folder is read by EVERY DPDK process on the machine: while the
# packages are installed (a few seconds, after the build), other DPDK
# processes started meanwhile load the driver too.
# Needs root: without it the check FAILS when CI (or IOBUF_TEST_STRICT=1) is
# set, else it is SKIPPED.
# Usage: check_package.sh SOURCE_ROOT
set -u
. "$(dirname "$0")/check_lib.sh"
# Only what the packages installed: meson test puts the build tree's
# library on LD_LIBRARY_PATH, which dpkg-shlibdeps and the programs run
# here must not see.
unset LD_LIBRARY_PATH
src=$(cd "$1" && pwd)
pkgs="librte-iobuf0 librte-iobuf-dev librte-mempool-iobuf0 dpdk-iobuf-tools"


# not_possible REASON: the whole check cannot run here (4 cases).
not_possible() {
	cannot_run package "$1" 4
	finish
	exit
}

[ "$(id -u)" -eq 0 ] || not_possible "not root (dpkg -i needs root)"
for t in dpkg-buildpackage dh dpkg-deb pkg-config cc; do
	command -v $t > /dev/null || not_possible "$t not installed (tools/common.sh installs debhelper and dpkg-dev)"
done
testpmd=$(command -v dpdk-testpmd) || not_possible "dpdk-testpmd not installed (package dpdk-dev)"
# The folder this EAL autoloads plugins from, as its library says.
eal=$(ls /usr/lib/*/librte_eal.so.23 2> /dev/null | head -n1)
plugdir=$(strings "$eal" 2> /dev/null | sed -n 's/^DPDK_PLUGIN_PATH=//p' | head -n1)
[ -n "$plugdir" ] && [ -d "$plugdir" ] || not_possible "no DPDK_PLUGIN_PATH in ${eal:-librte_eal}"
for p in $pkgs; do
	if dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q "ok installed"; then
		out="" verdict package no "$p is already installed: not touching an installation this check did not make (dpkg --purge $pkgs)"
		finish; exit
	fi
done
if ls "$plugdir"/librte_mempool_iobuf* > /dev/null 2>&1; then
	out="" verdict package no "$plugdir already holds librte_mempool_iobuf (a meson install into the system?): remove it first"
	finish; exit
fi

tmp=$(mktemp -d /tmp/iobuf_package.XXXXXX)
installed=no
cleanup() {
	if [ $installed = yes ]; then
		dpkg --purge $pkgs > "$tmp/purge.log" 2>&1 || cat "$tmp/purge.log"
	fi
	rm -rf "$tmp" /var/run/dpdk/iobuf_package_testpmd /var/run/dpdk/iobuf_package_consumer \
		/var/run/dpdk/iobuf_package_app
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# 1. Build, from a copy (the source tree stays clean; build dirs and .git
#    are not copied).
t0=$SECONDS
mkdir "$tmp/src"
tar -C "$src" --exclude='./build*' --exclude=./.git --exclude=./obj-\* -cf - . |
	tar -C "$tmp/src" -xf -
(cd "$tmp/src" && DEB_BUILD_OPTIONS="nocheck parallel=2" dpkg-buildpackage -us -uc -b) \
	> "$tmp/build.log" 2>&1
rc=$?
debs=""
for p in $pkgs; do
	f=$(ls "$tmp"/${p}_*.deb 2> /dev/null | head -n1)
	[ -n "$f" ] && debs="$debs $f"
done
ok=no
[ $rc -eq 0 ] && [ "$(wc -w <<< "$debs")" -eq 4 ] &&
	dpkg-deb -c "$tmp"/librte-mempool-iobuf0_*.deb | grep -q " \.$plugdir/librte_mempool_iobuf.so$" &&
	dpkg-deb -c "$tmp"/librte-iobuf-dev_*.deb | grep -q "/pkgconfig/libiobuf.pc$" && ok=yes
out=$(tail -25 "$tmp/build.log") verdict package_build $ok \
	"dpkg-buildpackage exit $rc, $(wc -w <<< "$debs") of 4 packages, driver in $plugdir ($((SECONDS - t0)) s)"
[ $ok = yes ] || { finish; exit; }

# 2. Install (dpkg waits for no one: retry while another dpkg holds the lock).
t0=$SECONDS
for i in 1 2 3 4 5 6; do
	installed=yes
	dpkg -i $debs > "$tmp/install.log" 2>&1 && break
	grep -q "lock" "$tmp/install.log" || break
	sleep 5
done
ok=no
dpkg-query -W -f='${Status}\n' $pkgs 2> /dev/null | grep -c "ok installed" | grep -qx 4 &&
	[ -f "$plugdir/librte_mempool_iobuf.so" ] && ok=yes
out=$(cat "$tmp/install.log") verdict package_install $ok "dpkg -i of the 4 packages"
if [ $ok = yes ]; then
	# 3. Stock testpmd, no -d, no LD_LIBRARY_PATH: only the installed files.
	mbufs=4096
	out=$(env -u LD_LIBRARY_PATH IOBUF_MEMPOOL_CONSTRAINT="iova_max=0xffffffff,boundary=64K" \
		timeout --preserve-status -s INT 3 "$testpmd" -l 0-1 --no-pci --no-huge -m 512 \
		--base-virtaddr=0x20000000 --file-prefix=iobuf_package_testpmd \
		--log-level=lib.eal:debug --log-level=lib.iobuf:info \
		--mbuf-pool-ops-name=iobuf --vdev net_null0 --vdev net_null1 \
		-- --total-num-mbufs=$mbufs --forward-mode=io --tx-first --stats-period 1 \
		< /dev/null 2>&1)
	rc=$?
	rx=$(awk '/Accumulated forward statistics/ {f=1} f && /RX-packets:/ {print $2; exit}' <<< "$out")
	ok=no
	{ [ $rc -eq 0 ] || [ $rc -eq 130 ]; } &&
		grep -q "open shared lib $plugdir/librte_mempool_iobuf.so" <<< "$out" &&
		grep -q "preferred mempool ops selected: iobuf" <<< "$out" &&
		grep -q "mempool mb_pool_0: $mbufs objects of [0-9]* bytes checked against rte_mem_virt2iova and the constraint: 0 violations" <<< "$out" &&
		[ "${rx:-0}" -gt 0 ] && ok=yes
	verdict package_testpmd_autoload $ok \
		"exit $rc, driver autoloaded from $plugdir, ops iobuf, $mbufs mbufs checked, ${rx:-no} packets forwarded"

	# 4. An out-of-tree program, pkg-config alone.
	mkdir "$tmp/consumer"
	cp "$src/test/consumer/consumer.c" "$tmp/consumer/"
	ok=no
	if flags=$(pkg-config --cflags --libs libiobuf 2> "$tmp/consumer/pc.log") &&
	   (cd "$tmp/consumer" && cc -Wall -Wextra -Werror -o consumer consumer.c $flags) > "$tmp/consumer/cc.log" 2>&1; then
		out=$(env -u LD_LIBRARY_PATH "$tmp/consumer/consumer" -l 0 --no-huge -m 64 --no-pci \
			--file-prefix=iobuf_package_consumer --log-level=lib.eal:error 2>&1)
		rc=$?
		[ $rc -eq 0 ] && grep -q "^consumer: iova" <<< "$out" &&
			ldd "$tmp/consumer/consumer" | grep -Eq "librte_iobuf.so.0 => (/usr)?/lib/" && ok=yes
	else
		rc=build
		out=$(cat "$tmp/consumer/pc.log" "$tmp/consumer/cc.log")
	fi
	verdict package_consumer $ok "cc -Werror consumer.c \$(pkg-config --cflags --libs libiobuf), run: exit $rc"

	# 5. The installed application, 1 s on net_null.
	out=$(env -u LD_LIBRARY_PATH timeout 60 /usr/bin/dpdk-iobuf-traffic -l 0-1 --no-pci --no-huge -m 512 \
		--file-prefix=iobuf_package_app --log-level=lib.eal:error -- --seconds 1 \
		--constraint "mask=0xffffffffffdfffff,align=4K,boundary=64K" < /dev/null 2>&1)
	rc=$?
	ok=no
	[ $rc -eq 0 ] && grep -q "^result: PASS" <<< "$out" && ok=yes
	verdict package_tools $ok "/usr/bin/dpdk-iobuf-traffic 1 s on net_null: exit $rc"
fi

# 6. Purge now (the trap would too) and look for leftovers.
dpkg --purge $pkgs > "$tmp/purge.log" 2>&1
rc=$?
installed=no
left=$(ls -d "$plugdir"/librte_mempool_iobuf* /usr/lib/*/librte_iobuf.so* /usr/include/rte_iobuf*.h \
	/usr/lib/*/pkgconfig/libiobuf.pc /usr/bin/dpdk-iobuf-* 2> /dev/null)
still=$(dpkg-query -W -f='${Package} ${Status}\n' $pkgs 2> /dev/null | grep -v "not-installed" | grep -v "^$" || true)
ok=no
[ $rc -eq 0 ] && [ -z "$left" ] && [ -z "$still" ] && ok=yes
out="$(cat "$tmp/purge.log")
left: $left $still" verdict package_purge $ok "dpkg --purge exit $rc, nothing left in $plugdir, libdir, includedir, bindir ($((SECONDS - t0)) s installed)"
finish
