#!/usr/bin/env bash
# The documentation builds without a warning: configures a build with
# -Denable_docs=true (BUILD_ROOT itself if it has that option on, else
# BUILD_ROOT/docs-check) and builds, each on its own,
#  - the programmer's guide (target "guide": sphinx-build -W, any warning
#    fails), and checks that the worked examples it shows are what the
#    library computes today: doc/constraint_examples is run on a real EAL
#    (IOVA-as-VA, --no-huge, memory below 4 GiB) and its output must equal
#    doc/guides/prog_guide/examples/constraint_examples.out, which the guide
#    includes verbatim;
#  - the API reference (target "api": doxygen over lib/iobuf/rte_iobuf*.h,
#    every symbol and parameter documented, any warning fails).
# Without sphinx-build or doxygen the check FAILS when CI (or
# IOBUF_TEST_STRICT=1) is set, else it is SKIPPED (tools/common.sh installs python3-sphinx and doxygen).
# Usage: check_docs.sh SOURCE_ROOT BUILD_ROOT
set -u
. "$(dirname "$0")/check_lib.sh"
src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
expected=$src/doc/guides/prog_guide/examples/constraint_examples.out

missing=""
for t in sphinx-build doxygen; do
	command -v $t > /dev/null || missing="$missing $t"
done
if [ -n "$missing" ]; then
	cannot_run docs "not installed:$missing" 3
	finish
	exit
fi

if meson introspect "$build" --buildoptions 2> /dev/null |
   python3 -c 'import json,sys; sys.exit(0 if any(o["name"] == "enable_docs" and o["value"] is True for o in json.load(sys.stdin)) else 1)'; then
	dir=$build
else
	dir=$build/docs-check
	if [ ! -f "$dir/build.ninja" ]; then
		out=$(meson setup "$dir" "$src" -Denable_docs=true 2>&1) ||
			{ verdict docs_configure no "meson setup -Denable_docs=true"; finish; exit; }
	fi
fi

# The guide, alone.
t0=$SECONDS
out=$(ninja -C "$dir" doc/guide 2>&1)
rc=$?
ok=no
[ $rc -eq 0 ] && [ -f "$dir/doc/guide/index.html" ] && ok=yes
verdict docs_guide $ok "sphinx-build -W: exit $rc, $(ls "$dir"/doc/guide/prog_guide/*.html 2> /dev/null | wc -l) pages ($((SECONDS - t0)) s)"

# The worked examples, as the library computes them now.
out=$(ninja -C "$dir" doc/constraint_examples 2>&1)
rc=$?
ok=no
if [ $rc -eq 0 ]; then
	eal=(-l 0 --no-huge -m 64 --base-virtaddr=0x20000000 --no-pci
	     --file-prefix=iobuf_docs_examples --log-level=lib.eal:error)
	# Its own build's library (RUNPATH), not the one meson test puts on
	# LD_LIBRARY_PATH (an instrumented one in a sanitizer build).
	env -u LD_LIBRARY_PATH "$dir/doc/constraint_examples" "${eal[@]}" \
		> "$dir/doc/constraint_examples.out" 2> /dev/null
	rc=$?
	rm -rf "$( [ "$(id -u)" -eq 0 ] && echo /var/run || echo "${XDG_RUNTIME_DIR:-/tmp}")/dpdk/iobuf_docs_examples"
	out=$(diff -u "$expected" "$dir/doc/constraint_examples.out")
	[ $rc -eq 0 ] && [ -z "$out" ] && ok=yes
	[ $ok = yes ] || out="$out
The guide shows $expected; if the library's answers changed on purpose,
regenerate it and re-read the prose of constraints.rst that quotes it:
  $dir/doc/constraint_examples ${eal[*]} > $expected"
fi
verdict docs_examples $ok "constraint_examples output (exit $rc) equals the guide's constraint_examples.out"

# The API reference, alone.
t0=$SECONDS
out=$(ninja -C "$dir" doc/api 2>&1)
rc=$?
ok=no
[ $rc -eq 0 ] && [ -f "$dir/doc/api/html/index.html" ] && ok=yes
# doxygen prints "error:" for warnings made errors, some at "<symbol>:1:".
n=$(grep -cE ': (warning|error): ' <<< "$out")
[ $ok = yes ] || out=$(grep -E ': (warning|error): ' <<< "$out" | sed "s|^$src/||" | head -40; [ "$n" -gt 40 ] && echo "... $((n - 40)) more")
verdict docs_api $ok "doxygen over lib/iobuf/rte_iobuf*.h, warnings as errors: exit $rc, $n warnings ($((SECONDS - t0)) s)"
finish
