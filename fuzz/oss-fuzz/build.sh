#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build script: builds every harness fuzz/<area>/<name>_fuzz.c
# with the engine's $CC $CFLAGS $LIB_FUZZING_ENGINE and packages, per target, the
# seed corpus ($OUT/<target>_seed_corpus.zip), dictionary and .options into $OUT.
#
# Inputs: $SRC/efilite (this repo), libfdt sources in $LIBFDT_SRC (default: the
# scripts/dtc/libfdt directory of Debian's /usr/src/linux-source-6.1.tar.xz,
# extracted into $WORK).
repo=${EFILITE_SRC:-$SRC/efilite}
work=${WORK:-/tmp/efilite-oss-fuzz}
mkdir -p "$work" "$OUT"

if [ -z "${LIBFDT_SRC:-}" ]; then
	LIBFDT_SRC=$work/libfdt
	if [ ! -f "$LIBFDT_SRC/libfdt.h" ]; then
		mkdir -p "$LIBFDT_SRC"
		tar -xJf /usr/src/linux-source-6.1.tar.xz -C "$LIBFDT_SRC" --strip-components=4 \
			--wildcards 'linux-source-6.1/scripts/dtc/libfdt/*'
	fi
fi

# One static library with every parser and libfdt; harnesses link what they use.
objs=()
for src in "$LIBFDT_SRC"/fdt*.c; do
	case "$src" in *fdt_overlay.c) continue ;; esac
	obj=$work/libfdt_$(basename "${src%.c}").o
	$CC $CFLAGS -I"$LIBFDT_SRC" -c "$src" -o "$obj"
	objs+=("$obj")
done
for src in $(find "$repo/parsers" -name '*.c' ! -name '*_test.c' | sort); do
	rel=${src#"$repo"/}
	obj=$work/$(echo "${rel%.c}" | tr / _).o
	$CC $CFLAGS -I"$repo" -I"$LIBFDT_SRC" -c "$src" -o "$obj"
	objs+=("$obj")
done
rm -f "$work/libparsers.a"
ar rcs "$work/libparsers.a" "${objs[@]}"

for harness in $(find "$repo/fuzz" -name '*_fuzz.c' | sort); do
	target=$(basename "${harness%.c}")
	name=${target%_fuzz}
	area=$(basename "$(dirname "$harness")")
	$CC $CFLAGS -I"$repo" -I"$LIBFDT_SRC" -c "$harness" -o "$work/$target.o"
	$CXX $CXXFLAGS "$work/$target.o" -o "$OUT/$target" $LIB_FUZZING_ENGINE "$work/libparsers.a"
	if [ -d "$repo/corpora/$name" ]; then
		rm -f "$OUT/${target}_seed_corpus.zip"
		(cd "$repo/corpora/$name" && find . -type f ! -name 'BUILD*' -print |
			zip -q -j "$OUT/${target}_seed_corpus.zip" -@)
	fi
	options="[libfuzzer]"
	if [ -f "$repo/fuzz/$area/$name.dict" ]; then
		cp "$repo/fuzz/$area/$name.dict" "$OUT/$target.dict"
		options="$options
dict = $target.dict"
	fi
	printf '%s\n' "$options" >"$OUT/$target.options"
done
