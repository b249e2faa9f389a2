#!/usr/bin/env bash
# Captures real fw_cfg contents (file directory, etc/table-loader, ACPI and
# SMBIOS blobs) from QEMU's arm64 virt machine in several configurations by
# booting tools/fwcfg-dump as -bios, then turns them into fuzz seeds with
# fwcfg_corpus.py (corpora/{fwcfg_dir,table_loader,acpi,smbios}).
# Usage: tools/corpus/fwcfg-capture.sh [bazel output base]
set -euo pipefail
cd "$(dirname "$0")/../.."
output_base=${1:-/root/.cache/bazel-acpi}
tools/bazel --output_base="$output_base" build --symlink_prefix=/ //tools/fwcfg-dump >&2
bin="$(tools/bazel --output_base="$output_base" info bazel-bin 2>/dev/null)/tools/fwcfg-dump/fwcfg-dump.bin"
captures=$(mktemp -d)
trap 'rm -rf "$captures"' EXIT

# name | QEMU options
variants=(
  "a57-128m-smp1|-M virt -cpu cortex-a57 -m 128M -smp 1"
  "max-1g-smp4|-M virt -cpu max -m 1G -smp 4"
  "gicv3-5g-smp4|-M virt,gic-version=3 -cpu max -m 5G -smp 4"
  "el2-ras|-M virt,virtualization=on,gic-version=3,ras=on -cpu max -m 1G -smp 2"
  "acpi-off|-M virt,acpi=off -cpu max -m 512M"
  "smbios-options|-M virt -cpu max -m 256M -smbios type=0,vendor=efilite,version=0.1 -smbios type=1,manufacturer=Efilite,product=Capture,version=2,serial=SN-1234,uuid=6fe1e2ea-6c50-4c57-9e0b-3b2a8d5d0e11,sku=S1,family=Tests -smbios type=2,manufacturer=Board,product=B1 -smbios type=3,manufacturer=Chassis,asset=A1 -smbios type=4,manufacturer=CPUs,version=X -smbios type=11,value=hello,value=world -smbios type=17,loc_pfx=DIMM,manufacturer=Mem"
  "numa-nvdimm|-M virt,nvdimm=on,gic-version=3 -cpu max -smp 4 -m 1G,slots=2,maxmem=4G -object memory-backend-ram,id=m0,size=512M -object memory-backend-ram,id=m1,size=512M -numa node,memdev=m0,cpus=0-1 -numa node,memdev=m1,cpus=2-3"
)

for v in "${variants[@]}"; do
  name=${v%%|*}
  # shellcheck disable=SC2086 # options are word lists
  timeout 120 qemu-system-aarch64 ${v#*|} -display none -monitor none -nodefaults \
    -serial "file:$captures/$name.txt" -bios "$bin"
  grep -q '^DONE' "$captures/$name.txt" || { echo "capture $name incomplete" >&2; exit 1; }
done
python3 tools/corpus/fwcfg_corpus.py "$captures" corpora
