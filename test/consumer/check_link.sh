#!/usr/bin/env bash
# The installed library linked both ways, as a DPDK user would: the project
# is installed into a scratch prefix (meson install --destdir), then the
# consumer is built with -Werror and nothing but pkg-config
#  - link_shared: `pkg-config --cflags --libs libiobuf`: the binary needs
#    librte_iobuf.so.0 and loads it from the scratch prefix;
#  - link_static: `pkg-config --static --cflags --libs libiobuf`: the
#    library (and DPDK, from Debian's static archives) is inside the binary,
#    which needs no librte_* shared object;
# and each binary is run (IOVA-as-VA, no hugepages needed). A third case,
# experimental_optin, checks that the API is experimental: a program that
# calls it without ALLOW_EXPERIMENTAL_API does not compile with -Werror,
# and does with it.
# Debian's static DPDK link needs the -dev packages of DPDK's own
# dependencies (libsystemd-dev for -lsystemd, from dbus-1.pc): a library the
# linker cannot find makes link_static SKIPPED with its name (FAILED in
# strict mode: CI or IOBUF_TEST_STRICT set).
# Usage: check_link.sh BUILD_DIR SOURCE_FILE
# pkg-config's output ($flags) is split into words on purpose.
# shellcheck disable=SC2086
set -u
# shellcheck source=test/check_lib.sh
. "$(dirname "$0")/../check_lib.sh"
# A case this machine cannot run: tools/common.sh's cannot_run where it has
# one, else SKIPPED.
cannot_run_here() {
	if declare -F cannot_run > /dev/null; then
		cannot_run "$@"
	else
		skip "$@"
	fi
}
build=$1 src=$2
dest=$(mktemp -d)
# The scratch prefix and the EAL runtime directories of our file prefixes.
rundir=$( [ "$(id -u)" -eq 0 ] && echo /var/run || echo "${XDG_RUNTIME_DIR:-/tmp}")/dpdk
trap 'rm -rf "$dest" "$rundir/iobuf_link_shared" "$rundir/iobuf_link_static"' EXIT
eal_args=(-l 0 --no-huge -m 64 --no-pci --log-level=lib.eal:error)
ccflags=(-Wall -Wextra -Werror)

out=$(meson install -C "$build" --destdir "$dest/root" --quiet 2>&1) ||
	{ verdict link_install no "meson install --destdir"; finish; exit; }
pc=$(find "$dest/root" -name libiobuf.pc | head -n1)
if [ -z "$pc" ] || [ ! -f "$(dirname "$pc")/libiobuf-libs.pc" ]; then
	out="" verdict link_install no "libiobuf.pc and libiobuf-libs.pc installed"
	finish; exit
fi
pcdir=$(dirname "$pc")
libdir=$(dirname "$pcdir")
prefix=$(sed -n 's/^prefix=//p' "$pc")
# The scratch prefix is not the configured one: point the .pc files there.
sed -i "s|^prefix=.*|prefix=$dest/root$prefix|" "$pcdir"/libiobuf*.pc
export PKG_CONFIG_PATH=$pcdir
for f in librte_iobuf.a librte_iobuf.so.0; do
	[ -e "$libdir/$f" ] ||
		{ out="" verdict link_install no "$f installed in $libdir"; finish; exit; }
done

# run NAME COMMAND...: runs the consumer COMMAND on a private EAL prefix;
# sets $out and $rc.
run() {
	out=$("${@:2}" "${eal_args[@]}" --file-prefix="iobuf_link_$1" 2>&1)
	rc=$?
}

# Shared: the binary needs librte_iobuf.so.0 and finds the installed one.
flags=$(pkg-config --cflags --libs libiobuf 2>&1)
if ! out=$(cc "${ccflags[@]}" -o "$dest/consumer-shared" "$src" $flags 2>&1); then
	verdict link_shared no "cc -Werror consumer.c \$(pkg-config --cflags --libs libiobuf)"
else
	needed=$(readelf -d "$dest/consumer-shared" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
	resolved=$(LD_LIBRARY_PATH=$libdir ldd "$dest/consumer-shared" |
		   awk '$1 == "librte_iobuf.so.0" { print $3 }')
	run shared env LD_LIBRARY_PATH="$libdir" "$dest/consumer-shared"
	ok=no
	[ $rc -eq 0 ] && grep -q '^consumer: iova' <<< "$out" &&
		grep -qx 'librte_iobuf.so.0' <<< "$needed" &&
		[ "$resolved" = "$libdir/librte_iobuf.so.0" ] && ok=yes
	verdict link_shared $ok "needs librte_iobuf.so.0, loaded from ${resolved:-nowhere}, run: exit $rc"
fi

# Static: librte_iobuf.a (whole, before the shared library, which
# --as-needed drops) and DPDK's static archives; no librte_* is needed at
# run time, and the binary runs without LD_LIBRARY_PATH.
flags=$(pkg-config --static --cflags --libs libiobuf 2>&1)
if ! out=$(cc "${ccflags[@]}" -o "$dest/consumer-static" "$src" $flags 2>&1); then
	missing=$(sed -n 's/.*cannot find -l\([^: ]*\).*/\1/p' <<< "$out" | sort -u | tr '\n' ' ')
	if [ -n "$missing" ]; then
		cannot_run_here link_static "the static DPDK link needs libraries not installed: ${missing% } (e.g. -lsystemd: apt-get install libsystemd-dev)"
	else
		verdict link_static no "cc -Werror consumer.c \$(pkg-config --static --cflags --libs libiobuf)"
	fi
else
	needed=$(readelf -d "$dest/consumer-static" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
	shared_rte=$(grep '^librte_' <<< "$needed" | tr '\n' ' ')
	defined=$(nm "$dest/consumer-static" | awk '$2 == "T" && $3 ~ /^rte_iobuf_/' | wc -l)
	run static env -u LD_LIBRARY_PATH "$dest/consumer-static"
	ok=no
	[ $rc -eq 0 ] && grep -q '^consumer: iova' <<< "$out" &&
		[ -z "$shared_rte" ] && [ "$defined" -gt 0 ] && ok=yes
	verdict link_static $ok "$defined rte_iobuf_* functions inside, shared librte_* needed: ${shared_rte:-none}, run: exit $rc"
fi

# Experimental API: without ALLOW_EXPERIMENTAL_API, -Werror refuses a call.
cat > "$dest/optin.c" << 'EOF'
#include <rte_iobuf.h>

int
main(void)
{
	return rte_iobuf_create(NULL, SOCKET_ID_ANY, 0, 64, 0) == NULL;
}
EOF
flags=$(pkg-config --cflags libiobuf 2>&1)
without=$(cc "${ccflags[@]}" -c -o "$dest/optin.o" "$dest/optin.c" $flags 2>&1)
rc_without=$?
with=$(cc "${ccflags[@]}" -DALLOW_EXPERIMENTAL_API -c -o "$dest/optin.o" "$dest/optin.c" $flags 2>&1)
rc_with=$?
out="$without
$with"
ok=no
[ $rc_without -ne 0 ] && grep -q 'not yet part of stable ABI' <<< "$without" &&
	[ $rc_with -eq 0 ] && ok=yes
verdict experimental_optin $ok "without ALLOW_EXPERIMENTAL_API: exit $rc_without (refused as experimental), with it: exit $rc_with"

finish
rc=$?
# Nothing ran: SKIPPED for meson.
[ "$passed" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$skipped" -gt 0 ] && exit 77
exit $rc
