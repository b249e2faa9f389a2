#!/usr/bin/env bash
# Usage: build_kernel.sh CACHE_ROOT FRAGMENT TARBALL
# Builds an arm64 EFI zboot kernel (arch/arm64/boot/vmlinuz.efi) from the
# Linux source TARBALL with `allnoconfig` + FRAGMENT, unless the cache already
# holds it, and prints the cache directory holding vmlinuz.efi and config.
#
# The directory, CACHE_ROOT/zboot-<key>, is keyed by what decides the
# output: the fragment, the source version (its Debian package version, or
# the tarball's hash when no package owns it), the cross compiler and the
# recipe below. A build takes many minutes on a small machine, so a finished
# one is reused by every clone and after `bazel clean --expunge`.
set -euo pipefail

# All in one function: bash parses it whole before running any of it, so
# editing this file during a build cannot derail the build.
main() {
	# Bump when the build steps change what comes out.
	RECIPE=1
	CROSS=aarch64-linux-gnu-

	cache_root=$(realpath -m "$1") fragment=$(realpath "$2") tarball=$(realpath "$3")

	source_version() {
		local package
		if package=$(dpkg-query -S "$tarball" 2>/dev/null); then
			package=${package%%:*}
			dpkg-query -W -f '${Package} ${Version}' "$package"
		else
			sha256sum <"$tarball"
		fi
	}

	key=$({
		echo "recipe $RECIPE"
		echo "source $(source_version)"
		echo "compiler $(${CROSS}gcc --version | head -n 1)"
		cat "$fragment"
	} | sha256sum | cut -c 1-16)
	out=$cache_root/zboot-$key

	mkdir -p "$cache_root"
	# One build per key at a time: a second caller waits, then reuses the result.
	exec 5>"$out.lock"
	flock 5
	if [ -f "$out/vmlinuz.efi" ]; then
		echo "$out"
		exit 0
	fi

	work=$(mktemp -d "$cache_root/zboot-$key.build.XXXXXX")
	log=$work.log
	finish() {
		local status=$?
		rm -rf "$work"
		if [ $status != 0 ]; then
			tail -n 40 "$log" >&4
			echo "build_kernel: failed, full log in $log" >&4
		fi
	}
	trap finish EXIT
	# The build talks to the log; stdout (fd 3) only gets the result's path.
	exec 3>&1 4>&2 >"$log" 2>&1

	tar -xJf "$tarball" -C "$work" --strip-components=1
	cd "$work"
	# merge_config -n: allnoconfig with the fragment's values forced.
	ARCH=arm64 CROSS_COMPILE=$CROSS scripts/kconfig/merge_config.sh -n "$fragment"
	# Kconfig drops values whose dependencies are unmet; insist on all of them.
	missing=0
	while read -r line; do
		case $line in
		CONFIG_*) grep -qxF -- "$line" .config || { echo "not in .config: $line"; missing=1; } ;;
		esac
	done <"$fragment"
	[ $missing = 0 ]
	make ARCH=arm64 CROSS_COMPILE=$CROSS -j2 vmlinuz.efi

	# Publish atomically: concurrent or interrupted builds leave no half result.
	mkdir "$work/result"
	cp arch/arm64/boot/vmlinuz.efi "$work/result/"
	cp .config "$work/result/config"
	cp "$log" "$work/result/build.log"
	cd /
	if ! mv -T "$work/result" "$out" && [ ! -f "$out/vmlinuz.efi" ]; then
		echo "build_kernel: cannot publish $out"
		exit 1
	fi
	rm -f "$log"
	echo "$out" >&3
}

main "$@"
