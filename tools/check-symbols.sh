#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 dpdk-iobuf authors
#
# The library's ABI against its version map, as DPDK's
# buildtools/check-symbols.sh does for DPDK's libraries:
#  1. the dynamic symbols the shared library defines (nm -D --defined-only)
#     are exactly the map's global symbols: one missing from either side
#     fails;
#  2. every exported symbol carries the version of the map section that
#     lists it (objdump -T);
#  3. every symbol of the map's EXPERIMENTAL section is declared
#     __rte_experimental in a public header (the declaration block just
#     before "name(" carries the attribute), and was compiled so: in the
#     static library it sits in section .text.experimental, where the
#     attribute puts a function defined after that declaration; a symbol
#     outside EXPERIMENTAL must not be there, and every global function
#     there must be in the map's EXPERIMENTAL section.
# Prints one line per problem and "N symbols checked" at the end; exits 1
# on any problem (problems on stderr). POSIX sh, awk and binutils only.
#
# Usage: check-symbols.sh MAP SHARED_LIB STATIC_LIB HEADER...
#   (STATIC_LIB may be "-" to skip the section check.)

LC_ALL=C
export LC_ALL

if [ $# -lt 4 ]; then
	echo "usage: $0 MAP SHARED_LIB STATIC_LIB HEADER..." >&2
	exit 2
fi
map=$1 so=$2 ar=$3
shift 3
for f in "$map" "$so" "$@"; do
	[ -r "$f" ] || { echo "check-symbols: cannot read $f" >&2; exit 2; }
done
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

# "SECTION SYMBOL" for each global symbol of the map (comments dropped;
# wildcards are not allowed in global: lists).
awk '
	{ sub(/#.*/, "") }
	/^[ \t]*[A-Za-z0-9_]+[ \t]*\{/ { sec = $1; sub(/\{.*/, "", sec); scope = "global"; next }
	/^[ \t]*\}/ { sec = ""; next }
	/^[ \t]*global:/ { scope = "global"; next }
	/^[ \t]*local:/ { scope = "local"; next }
	sec != "" && scope == "global" {
		n = split($0, w, /[ \t;]+/)
		for (i = 1; i <= n; i++)
			if (w[i] != "")
				print sec, w[i]
	}
' "$map" | sort -k2 > "$tmp/map"
cut -d' ' -f2 "$tmp/map" > "$tmp/map.names"

# Defined dynamic symbols, without the version nodes (absolute symbols
# named after the map sections).
nm -D --defined-only "$so" |
	awk '$2 != "A" { n = $3; sub(/@.*/, "", n); print n }' | sort -u > "$tmp/so.names"
# "VERSION SYMBOL" of the defined dynamic symbols.
objdump -T "$so" |
	awk '$0 ~ /^[0-9a-f]+ / && $0 !~ /\*UND\*/ && $0 !~ /\*ABS\*/ {
		ver = $(NF - 1); gsub(/[()]/, "", ver); print ver, $NF }' |
	sort -k2 > "$tmp/so.vers"

bad=0
# Problems go to stderr (the build captures stdout into a stamp file).
problem() {
	echo "check-symbols: $*" >&2
	bad=$((bad + 1))
}

for s in $(comm -23 "$tmp/so.names" "$tmp/map.names"); do
	problem "$s is exported by $(basename "$so") but not listed in $map"
done
for s in $(comm -13 "$tmp/so.names" "$tmp/map.names"); do
	problem "$s is listed in $map but not exported by $(basename "$so")"
done
dups=$(cut -d' ' -f2 "$tmp/map" | uniq -d)
for s in $dups; do
	problem "$s is listed more than once in $map"
done
join -1 2 -2 2 "$tmp/map" "$tmp/so.vers" | while read -r s sec ver; do
	[ "$sec" = "$ver" ] ||
		echo "check-symbols: $s is in section $sec of the map but has version $ver"
done > "$tmp/vers.bad"
while read -r line; do
	problem "${line#check-symbols: }"
done < "$tmp/vers.bad"

# Declaration blocks: for each "name(" at the start of a header line (the
# project's style: return type on the line before), the lines back to the
# end of the previous comment, declaration or blank line.
awk '
	FNR == 1 { blk = "" }
	/^[A-Za-z_][A-Za-z0-9_]*\(/ {
		name = $0; sub(/\(.*/, "", name)
		kind = (blk ~ /__rte_experimental/) ? "experimental" : "plain"
		print name, kind, FILENAME ":" FNR
		blk = ""
		next
	}
	/^[ \t]*$/ || /\*\/[ \t]*$/ || /;[ \t]*$/ || /}[ \t]*$/ { blk = ""; next }
	{ blk = blk " " $0 }
' "$@" | sort > "$tmp/decls"

while read -r sec s; do
	d=$(awk -v s="$s" '$1 == s { print $2 " " $3 }' "$tmp/decls")
	if [ -z "$d" ]; then
		problem "$s (map section $sec) is declared in no public header"
		continue
	fi
	case $sec:$d in
	EXPERIMENTAL:plain*)
		problem "$s is in the EXPERIMENTAL section but not declared __rte_experimental (${d#* })";;
	EXPERIMENTAL:*) ;;
	*:experimental*)
		problem "$s is declared __rte_experimental (${d#* }) but listed in section $sec";;
	esac
done < "$tmp/map"

# What the compiler made of the declarations: experimental functions are
# placed in .text.experimental.
if [ "$ar" != "-" ]; then
	[ -r "$ar" ] || { echo "check-symbols: cannot read $ar" >&2; exit 2; }
	objdump -t "$ar" |
		awk '$2 == "g" && $4 == ".text.experimental" { print $NF }' |
		sort -u > "$tmp/ar.exp"
	while read -r sec s; do
		if grep -qx "$s" "$tmp/ar.exp"; then
			[ "$sec" = EXPERIMENTAL ] ||
				problem "$s is compiled as experimental (.text.experimental in $(basename "$ar")) but listed in section $sec"
		else
			[ "$sec" != EXPERIMENTAL ] ||
				problem "$s is in the EXPERIMENTAL section but not compiled as experimental (not in .text.experimental of $(basename "$ar"))"
		fi
	done < "$tmp/map"
	for s in $(comm -23 "$tmp/ar.exp" "$tmp/map.names"); do
		problem "$s is compiled as experimental (.text.experimental in $(basename "$ar")) but not listed in $map"
	done
fi

n=$(wc -l < "$tmp/map")
# The closing line every suite of tools/run-tests.sh prints.
if [ $bad -ne 0 ]; then
	echo "check-symbols: $bad problem(s), $n symbols in $map" >&2
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi
echo "check-symbols: $n symbols checked: exports equal $(basename "$map"), all versioned and declared as their section says"
echo "1 passed, 0 failed, 0 skipped"
exit 0
