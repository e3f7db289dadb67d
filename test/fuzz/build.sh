#!/usr/bin/env bash
# Build the libFuzzer targets of test/fuzz/ with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer (every UBSan report aborts, so libFuzzer records
# it as a crash).
#
# The library is compiled into each target: the sources listed in
# lib/iobuf/meson.build's iobuf_sources (read from that file, so a file the
# build adds or drops is followed; lib/iobuf/*.c if the list cannot be read),
# instrumented for coverage and the sanitizers like the target itself. DPDK
# comes from pkg-config (libdpdk, shared, uninstrumented).
#
# Usage: build.sh OUTDIR [TARGET...]   (default: every fuzz_*.c here)
# Environment: CLANG (default clang, else clang-14), IOBUF_FUZZ_CFLAGS (added).
# Prints the paths of the binaries built; exit status 2 if no clang with
# libFuzzer is found, 1 if a compile or link fails.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:?usage: build.sh OUTDIR [TARGET...]}
shift
mkdir -p "$out/obj"
out=$(cd "$out" && pwd)

cc=${CLANG:-}
if [ -z "$cc" ]; then
	for c in clang clang-14; do
		command -v "$c" >/dev/null && { cc=$c; break; }
	done
fi
[ -n "$cc" ] || { echo "build.sh: no clang found" >&2; exit 2; }
# libFuzzer is in the compiler runtime (Debian: libclang-rt-N-dev).
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; return (int)n * 0; }' > "$probe/p.c"
if ! "$cc" -fsanitize=fuzzer,address,undefined "$probe/p.c" -o "$probe/p" 2>"$probe/err"; then
	echo "build.sh: $cc cannot link -fsanitize=fuzzer,address,undefined:" >&2
	tail -3 "$probe/err" >&2
	exit 2
fi

# The library's sources as lib/iobuf/meson.build lists them.
srcs=$(sed -n '/^iobuf_sources *= *files(/,/)/p' "$root/lib/iobuf/meson.build" |
	grep -o "'[^']*\.c'" | tr -d "'" || true)
if [ -z "$srcs" ]; then
	echo "build.sh: no iobuf_sources list in lib/iobuf/meson.build; using lib/iobuf/*.c" >&2
	srcs=$(cd "$root/lib/iobuf" && ls -- *.c)
fi

dpdk_cflags=$(pkg-config --cflags libdpdk)
dpdk_libs=$(pkg-config --libs libdpdk)
san=(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
cflags=(-g -O1 -std=gnu11 -DALLOW_EXPERIMENTAL_API -Wno-deprecated-declarations
	-ftls-model=initial-exec -I"$root/lib/iobuf" $dpdk_cflags ${IOBUF_FUZZ_CFLAGS:-})

# One object per library source, rebuilt when the source or a header of
# lib/iobuf is newer (two at a time: the machines have 2 cores).
newest_hdr=$(ls -t "$root"/lib/iobuf/*.h | head -1)
objs=()
pids=()
for s in $srcs; do
	o="$out/obj/${s%.c}.o"
	objs+=("$o")
	if [ ! -f "$o" ] || [ "$root/lib/iobuf/$s" -nt "$o" ] || [ "$newest_hdr" -nt "$o" ] ||
	   [ "$0" -nt "$o" ]; then
		"$cc" "${cflags[@]}" "${san[@]}" -fsanitize=fuzzer-no-link \
			-c "$root/lib/iobuf/$s" -o "$o" &
		pids+=($!)
		if [ ${#pids[@]} -ge 2 ]; then
			wait "${pids[0]}" || { echo "build.sh: compiling $s failed" >&2; exit 1; }
			pids=("${pids[@]:1}")
		fi
	fi
done
for p in "${pids[@]}"; do
	wait "$p" || { echo "build.sh: compiling the library failed" >&2; exit 1; }
done
# Objects of files no longer listed are not linked (the list above is the
# truth); remove them so the folder shows what went in.
for o in "$out"/obj/*.o; do
	[ -e "$o" ] || continue
	case " ${objs[*]} " in *" $o "*) ;; *) rm -f "$o" ;; esac
done

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	for t in "$here"/fuzz_*.c; do
		t=$(basename "$t" .c)
		targets+=("$t")
	done
fi
for t in "${targets[@]}"; do
	"$cc" "${cflags[@]}" "${san[@]}" -fsanitize=fuzzer "$here/$t.c" "${objs[@]}" \
		$dpdk_libs -lpthread -lm -o "$out/$t" ||
		{ echo "build.sh: building $t failed" >&2; exit 1; }
	echo "$out/$t"
done
