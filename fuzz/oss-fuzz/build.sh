#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build script: builds every harness fuzz/<area>/<name>_fuzz.c
# with the engine's $CC $CFLAGS $LIB_FUZZING_ENGINE and packages, per target, the
# seed corpus ($OUT/<target>_seed_corpus.zip: every input under corpora/<name>/),
# dictionary and .options into $OUT. .clusterfuzzlite/build.sh calls it.
#
# Inputs: $SRC/efilite (this repo, or $EFILITE_SRC) and the libfdt sources in
# $LIBFDT_SRC: upstream dtc's libfdt/ (the CFLite Dockerfile pins a release).
# Without $LIBFDT_SRC, and only if Debian's linux-source-6.1 tarball is
# installed, its scripts/dtc/libfdt is extracted into $WORK.
repo=${EFILITE_SRC:-$SRC/efilite}
work=${WORK:-/tmp/efilite-oss-fuzz}
linux_source=/usr/src/linux-source-6.1.tar.xz
mkdir -p "$work" "$OUT"

if [ -z "${LIBFDT_SRC:-}" ]; then
	if [ ! -f "$linux_source" ]; then
		echo "build.sh: no libfdt: set LIBFDT_SRC to dtc's libfdt/ or install linux-source-6.1" >&2
		exit 1
	fi
	LIBFDT_SRC=$work/libfdt
	if [ ! -f "$LIBFDT_SRC/libfdt.h" ]; then
		mkdir -p "$LIBFDT_SRC"
		tar -xJf "$linux_source" -C "$LIBFDT_SRC" --strip-components=4 \
			--wildcards 'linux-source-6.1/scripts/dtc/libfdt/*'
	fi
fi
echo "build.sh: libfdt from $LIBFDT_SRC"

# libfdt is dt_fuzz's oracle, not code under test: under libFuzzer it keeps the
# sanitizers but not the coverage hooks, half of dt_fuzz's time otherwise (as
# third_party/libfdt/libfdt.bzl builds it).
libfdt_cflags=$CFLAGS
if [ "${FUZZING_ENGINE:-}" = libfuzzer ]; then
	libfdt_cflags="$CFLAGS -fno-sanitize=fuzzer-no-link"
fi

# One static library with every parser and libfdt; harnesses link what they use.
objs=()
for src in "$LIBFDT_SRC"/fdt*.c; do
	case "$src" in *fdt_overlay.c) continue ;; esac
	obj=$work/libfdt_$(basename "${src%.c}").o
	$CC $libfdt_cflags -I"$LIBFDT_SRC" -c "$src" -o "$obj"
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
		# Inputs only: not the BUILD file or the test helpers beside them.
		(cd "$repo/corpora/$name" && find . -type f ! -name 'BUILD*' ! -name '*.c' \
			! -name '*.h' ! -name '*.py' ! -name '*.md' ! -name '*.sh' -print |
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
