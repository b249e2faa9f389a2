#!/usr/bin/env bash
# Seeds for //fuzz/cmdline:cmdline_fuzz: kernel command lines as QEMU hands
# them over (-append, captured from /chosen/bootargs of -M virt,dumpdtb),
# real UTF-8 text from Debian's copyright files (and one with its multi-byte
# sequences cut short), and named regressions for the ill-formed UTF-8 classes of cmdline.c.
# Usage: tools/corpus/cmdline-seeds.sh [OUTDIR]   (default corpora/cmdline)
set -euo pipefail
out=${1:-corpora/cmdline}
qemu=${QEMU:-qemu-system-aarch64}
mkdir -p "$out/regressions"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# capture NAME APPEND: the bootargs QEMU puts in the DTB for -append APPEND.
capture() {
	"$qemu" -seed 1 -M "virt,dumpdtb=$tmp/$1.dtb" -cpu cortex-a57 -nographic -nodefaults \
		-kernel /dev/null -append "$2" >/dev/null 2>&1
	printf '%s' "$(fdtget -ts "$tmp/$1.dtb" /chosen bootargs)" >"$out/$1.txt"
	echo "$out/$1.txt"
}

capture qemu-debian 'console=ttyAMA0 root=/dev/vda2 rw quiet'
capture qemu-initrd 'rdinit=/init earlycon=pl011,0x9000000 efi=debug loglevel=8 -- init-arg'
capture qemu-systemd 'systemd.unit=rescue.target systemd.log_level=debug rd.break=pre-mount'
capture qemu-utf8 'systemd.hostname=café-☕ note=日本語 emoji=😀 𝄞'
capture qemu-quotes 'dyndbg="file drivers/firmware/efi/* +p" param="a b"'

# First line of any Debian copyright file matching a byte pattern (LC_ALL=C).
doc_line() {
	LC_ALL=C grep -rhaP -m1 "$2" /usr/share/doc/*/copyright >"$tmp/lines" 2>/dev/null || true
	head -n1 "$tmp/lines" | sed 's/^[[:space:]]*//' | tr -d '\n' >"$out/$1.txt"
	[ -s "$out/$1.txt" ] || { echo "no line matches $2" >&2; exit 1; }
	echo "$out/$1.txt"
}

doc_line copyright-latin '\xc3[\x80-\xbf]'
doc_line copyright-3byte '[\xe0-\xef][\x80-\xbf]{2}.*[\xe0-\xef][\x80-\xbf]{2}'
# A U+FFFD already in the text (an earlier lossy conversion).
doc_line copyright-fffd '\xef\xbf\xbd'
# Ill-formed: the 3-byte line with the last byte of each sequence cut.
LC_ALL=C sed -E 's/([\xe0-\xef][\x80-\xbf])[\x80-\xbf]/\1/g' "$out/copyright-3byte.txt" |
	tr -d '\n' >"$out/copyright-3byte-cut.txt"
echo "$out/copyright-3byte-cut.txt"

# Named regressions: one per ill-formed class (cmdline.c's table).
reg() { printf "$2" >"$out/regressions/$1"; echo "$out/regressions/$1"; }
reg overlong-nul 'console=ttyAMA0 \xc0\x80 quiet'
reg overlong-3byte 'a\xe0\x80\xafb'
reg surrogate-half 'a\xed\xa0\x80b'
reg beyond-max 'x\xf4\x90\x80\x80y'
reg truncated-at-end 'root=/dev/vda \xf0\x9f\x98'
reg embedded-nul 'quiet\0rd.break'
reg lone-continuation '\x80\xbf'
reg supplementary '\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf'
