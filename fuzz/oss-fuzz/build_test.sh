#!/usr/bin/env bash
# Emulates the OSS-Fuzz build environment (libFuzzer + ASan) around build.sh,
# then checks each packaged target: binary, seed corpus zip, options, and that
# the binary replays its own seed corpus cleanly.
set -euo pipefail
build_sh=$(realpath "$1")
repo=$(dirname "$(dirname "$(dirname "$build_sh")")")
tmp=${TEST_TMPDIR:-$(mktemp -d)}
export SRC=$tmp/src OUT=$tmp/out WORK=$tmp/work EFILITE_SRC=$repo
export CC=clang CXX=clang++
export CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all -fsanitize=fuzzer-no-link"
export CXXFLAGS="$CFLAGS"
export LIB_FUZZING_ENGINE=-fsanitize=fuzzer
mkdir -p "$SRC" "$OUT" "$WORK"
"$build_sh"

harnesses=$(find -L "$repo/fuzz" -name '*_fuzz.c' | wc -l)
[ "$harnesses" -gt 0 ] || { echo "no harnesses found under $repo/fuzz"; exit 1; }
built=0
for options in "$OUT"/*.options; do
	target=$(basename "${options%.options}")
	[ -x "$OUT/$target" ] || { echo "FAIL $target: no binary"; exit 1; }
	zip=$OUT/${target}_seed_corpus.zip
	[ -s "$zip" ] || { echo "FAIL $target: no seed corpus zip"; exit 1; }
	seeds=$tmp/seeds/$target
	mkdir -p "$seeds"
	unzip -q -o "$zip" -d "$seeds"
	"$OUT/$target" -runs=0 "$seeds" >"$tmp/$target.log" 2>&1 ||
		{ cat "$tmp/$target.log"; echo "FAIL $target: seed replay"; exit 1; }
	echo "ok $target: $(ls "$seeds" | wc -l) seeds"
	built=$((built + 1))
done
[ "$built" -eq "$harnesses" ] || { echo "FAIL: $built packaged targets for $harnesses harnesses"; exit 1; }
echo "$built passed, 0 failed"
