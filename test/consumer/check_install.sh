#!/usr/bin/env bash
# Install the project into a scratch prefix, build the consumer with nothing
# but pkg-config and -Werror, and run it (IOVA-as-VA, no hugepages needed).
# IOBUF_CONSUMER_CFLAGS adds compiler flags (-fsanitize=address,undefined ... when the
# build under test is instrumented: the consumer then links the runtime).
# Usage: check_install.sh BUILD_DIR SOURCE_FILE
set -u
build=$1 src=$2
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
fail() { echo "FAILED pkgconfig_consumer: $*"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }

meson install -C "$build" --destdir "$dest" --quiet >/dev/null 2>&1 || fail "meson install"
pc=$(find "$dest" -name libiobuf.pc | head -n1)
[ -n "$pc" ] || fail "libiobuf.pc not installed"
libdir=$(dirname "$(dirname "$pc")")
prefix=$(sed -n 's/^prefix=//p' "$pc")
# The scratch prefix is not the configured one: point the .pc files there
# (libiobuf.pc and the libiobuf-libs.pc it requires).
sed -i "s|^prefix=.*|prefix=$dest$prefix|" "$(dirname "$pc")"/libiobuf*.pc
export PKG_CONFIG_PATH=$(dirname "$pc")
flags=$(pkg-config --cflags --libs libiobuf) ||
	fail "pkg-config libiobuf"
extra=${IOBUF_CONSUMER_CFLAGS:-}
cc -Wall -Wextra -Werror $extra -o "$dest/consumer" "$src" $flags 2> "$dest/cc.log" ||
	{ cat "$dest/cc.log"; fail "consumer does not compile warning-free"; }
LD_LIBRARY_PATH=$libdir "$dest/consumer" -l 0 --no-huge -m 64 --no-pci \
	--file-prefix=iobuf_consumer --log-level=lib.eal:error || fail "consumer run"
echo "PASSED pkgconfig_consumer${extra:+ (built with $extra)}"
echo "1 passed, 0 failed, 0 skipped"
