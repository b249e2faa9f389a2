#!/usr/bin/env bash
# Emulates the OSS-Fuzz / ClusterFuzzLite build environment (libFuzzer + ASan +
# UBSan, $SRC $OUT $WORK) around .clusterfuzzlite/build.sh, which runs
# fuzz/oss-fuzz/build.sh, then checks what CFLite would pick up from $OUT:
#   - a binary for every harness fuzz/<area>/<name>_fuzz.c, replaying its seeds;
#   - a seed corpus zip holding every input of corpora/<name>/;
#   - <target>.options, naming <target>.dict when fuzz/<area>/<name>.dict exists;
#   - libfdt taken from $SRC/dtc (the Dockerfile's pinned upstream checkout, laid
#     out here from Debian's copy since the test runs offline), and from the
#     linux-source tarball only when there is no dtc checkout.
# Usage: build_test.sh .clusterfuzzlite/build.sh
set -euo pipefail
cflite_sh=$(realpath "$1")
repo=$(dirname "$(dirname "$cflite_sh")")
tmp=${TEST_TMPDIR:-$(mktemp -d)}
fail() { echo "FAIL $*"; exit 1; }

export CC=clang CXX=clang++
export CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all -fsanitize=fuzzer-no-link"
export CXXFLAGS="$CFLAGS"
export LIB_FUZZING_ENGINE=-fsanitize=fuzzer FUZZING_ENGINE=libfuzzer
export EFILITE_SRC=$repo
unset LIBFDT_SRC

# The CFLite files name what the CI runners need.
grep -qx 'language: c' "$repo/.clusterfuzzlite/project.yaml" || fail "project.yaml: language: c"
grep -q '^FROM gcr.io/oss-fuzz-base/base-builder:v1$' "$repo/.clusterfuzzlite/Dockerfile" ||
	fail "Dockerfile: not on the OSS-Fuzz base-builder image"
grep -q 'DTC_COMMIT=[0-9a-f]\{40\}' "$repo/.clusterfuzzlite/Dockerfile" || fail "Dockerfile: dtc not pinned"
for mode in code-change batch prune coverage; do
	grep -q "mode: '$mode'" "$repo"/.github/workflows/cflite_*.yml || fail "no workflow in $mode mode"
done
# SARIF is only written to a file by run_fuzzers: each workflow asking for it
# uploads it, with the permission that needs and a category per sanitizer.
for wf in $(grep -l 'output-sarif: true' "$repo"/.github/workflows/cflite_*.yml); do
	grep -q 'uses: github/codeql-action/upload-sarif@' "$wf" || fail "$wf: SARIF never uploaded"
	grep -q 'security-events: write' "$wf" || fail "$wf: no security-events: write"
	grep -q 'category: .*matrix.sanitizer' "$wf" || fail "$wf: SARIF category not per sanitizer"
done
# Batch corpus and crash artifacts are named by target alone: two sanitizers in
# one run would collide.
grep -q 'sanitizer: \[address, undefined\]' "$repo/.github/workflows/cflite_batch.yml" &&
	fail "cflite_batch.yml: two sanitizers in one run"

# 1. As in the CFLite image: an upstream-layout dtc checkout in $SRC/dtc.
export SRC=$tmp/src OUT=$tmp/out WORK=$tmp/work
rm -rf "$SRC" "$OUT" "$WORK"
mkdir -p "$SRC/dtc/libfdt" "$OUT" "$WORK"
tar -xJf /usr/src/linux-source-6.1.tar.xz -C "$SRC/dtc/libfdt" --strip-components=4 \
	--wildcards 'linux-source-6.1/scripts/dtc/libfdt/*'
"$cflite_sh" >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; fail "build.sh"; }
grep -q "libfdt from $SRC/dtc/libfdt\$" "$tmp/build.log" || fail "libfdt not taken from \$SRC/dtc"
# libfdt, the DT oracle, without libFuzzer's coverage hooks; the parsers with them.
nm "$WORK/libfdt_fdt.o" | grep -q __sanitizer_cov && fail "libfdt built with coverage hooks"
nm "$WORK/parsers_dt_dt_struct.o" | grep -q __sanitizer_cov || fail "parsers built without coverage hooks"

# Corpus inputs of corpora/<name>/, as build.sh zips them.
inputs() {
	find "$repo/corpora/$1" -type f ! -name 'BUILD*' ! -name '*.c' ! -name '*.h' \
		! -name '*.py' ! -name '*.md' ! -name '*.sh' 2>/dev/null | wc -l
}

built=0
for harness in $(find -L "$repo/fuzz" -name '*_fuzz.c' | sort); do
	target=$(basename "${harness%.c}")
	name=${target%_fuzz}
	area=$(basename "$(dirname "$harness")")
	[ -x "$OUT/$target" ] || fail "$target: no binary"
	[ -f "$OUT/$target.options" ] || fail "$target: no options file"
	if [ -f "$repo/fuzz/$area/$name.dict" ]; then
		cmp -s "$repo/fuzz/$area/$name.dict" "$OUT/$target.dict" || fail "$target: dictionary"
		grep -qx "dict = $target.dict" "$OUT/$target.options" || fail "$target: options lack the dict"
	fi
	zip=$OUT/${target}_seed_corpus.zip
	want=$(inputs "$name")
	if [ "$want" -gt 0 ]; then
		[ -s "$zip" ] || fail "$target: no seed corpus zip"
		have=$(unzip -Z1 "$zip" | wc -l)
		[ "$have" -eq "$want" ] || fail "$target: $have seeds in the zip, corpora/$name has $want"
		seeds=$tmp/seeds/$target
		rm -rf "$seeds"
		mkdir -p "$seeds"
		unzip -q -o "$zip" -d "$seeds"
		"$OUT/$target" -runs=0 "$seeds" >"$tmp/$target.log" 2>&1 ||
			{ cat "$tmp/$target.log"; fail "$target: seed replay"; }
	fi
	echo "ok $target: $want seeds, options$([ -f "$OUT/$target.dict" ] && echo ", dict")"
	built=$((built + 1))
done
[ "$built" -gt 0 ] || fail "no harnesses under $repo/fuzz"
packaged=$(find "$OUT" -maxdepth 1 -name '*.options' | wc -l)
[ "$packaged" -eq "$built" ] || fail "$packaged packaged targets for $built harnesses"

# 2. No dtc checkout: the Debian linux-source tarball is the fallback (built
# without sanitizers: only which libfdt is used is in question here).
rm -rf "$SRC/dtc" "$OUT" "$WORK"
mkdir -p "$OUT" "$WORK"
CFLAGS=-fsanitize=fuzzer-no-link CXXFLAGS=-fsanitize=fuzzer-no-link "$cflite_sh" >"$tmp/fallback.log" 2>&1 || { cat "$tmp/fallback.log"; fail "fallback build"; }
grep -q "libfdt from $WORK/libfdt\$" "$tmp/fallback.log" || fail "no linux-source fallback"
[ "$(find "$OUT" -maxdepth 1 -name '*.options' | wc -l)" -eq "$built" ] || fail "fallback: targets"
echo "$built targets passed, 0 failed"
