#!/usr/bin/env bash
# Generates corpora/pe (seeds for //fuzz/pe:pe_fuzz) from real arm64 EFI
# binaries in Debian packages: the cloud kernel (Linux EFI stub, in-place
# layout), systemd-boot and its UKI stub, GRUB and shim (base relocations),
# plus a UKI assembled from the stub with llvm-objcopy and a small EFI app
# linked by lld-link (tools/corpus/pe_app.c). Every binary is reduced
# by pe_corpus.py to headers + section table + relocation directory; the named
# regressions in corpora/pe/regressions are reduced seeds with one rule broken.
# Usage: tools/corpus/pe-from-debian.sh   (needs apt sources for arm64)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=corpora/pe
reduce=tools/corpus/pe_corpus.py
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

kernel=$(apt-cache depends linux-image-cloud-arm64:arm64 |
	sed -n 's/^ *Depends: \(linux-image-[^:]*\).*/\1/p' | head -n 1)
(cd "$work" && apt-get download "$kernel:arm64" systemd-boot-efi:arm64 \
	grub-efi-arm64-bin:arm64 shim-unsigned:arm64 >&2)
for deb in "$work"/*.deb; do
	dpkg-deb -x "$deb" "$work/root"
done
root=$work/root

mkdir -p "$out/regressions"
find "$out" -maxdepth 1 -type f ! -name 'BUILD*' -delete
python3 "$reduce" reduce "$root"/boot/vmlinuz-* "$out/linux-cloud-arm64-image"
for f in linuxaa64.efi.stub systemd-bootaa64.efi; do
	python3 "$reduce" reduce "$root/usr/lib/systemd/boot/efi/$f" "$out/systemd-$f"
done
for f in grubaa64.efi gcdaa64.efi grubnetaa64.efi; do
	python3 "$reduce" reduce "$root/usr/lib/grub/arm64-efi/monolithic/$f" "$out/grub-$f"
done
for f in shimaa64.efi mmaa64.efi fbaa64.efi; do
	python3 "$reduce" reduce "$root/usr/lib/shim/$f" "$out/shim-$f"
done

# A UKI as ukify lays it out: stub + .osrel, .cmdline, .initrd, .linux (the reduced kernel).
printf 'ID=debian\nVERSION_ID=12\n' >"$work/osrel"
printf 'console=ttyAMA0 quiet' >"$work/cmdline"
printf '070701' >"$work/initrd"
llvm-objcopy \
	--add-section .osrel="$work/osrel" --set-section-flags .osrel=data,readonly \
	--add-section .cmdline="$work/cmdline" --set-section-flags .cmdline=data,readonly \
	--add-section .initrd="$work/initrd" --set-section-flags .initrd=data,readonly \
	--add-section .linux="$out/linux-cloud-arm64-image" --set-section-flags .linux=data,readonly \
	"$root/usr/lib/systemd/boot/efi/linuxaa64.efi.stub" "$work/uki.efi"
python3 "$reduce" reduce "$work/uki.efi" "$out/uki-systemd-stub"

# An EFI application as lld-link links one (compact layout, DIR64 relocations), kept whole.
clang --target=aarch64-windows -ffreestanding -fshort-wchar -Os -c tools/corpus/pe_app.c \
	-o "$work/app.o"
lld-link /subsystem:efi_application /entry:efi_main /nodefaultlib /machine:arm64 /Brepro \
	"$work/app.o" /out:"$out/lld-link-efi-app"

python3 "$reduce" regress "$out" "$out/regressions"
ls -l "$out" "$out/regressions"
