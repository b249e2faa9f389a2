#!/usr/bin/env bash
# Checks that each argument is what UEFI firmware expects of an AArch64 EFI
# application: PE32+ for machine ARM64 (0xaa64), subsystem 10 (EFI application)
# and a non-empty base relocation table so the loader may place it anywhere.
set -uo pipefail
status=0
for f in "$@"; do
  dump=$(llvm-objdump -p "$f" 2>&1)
  problems=()
  grep -q 'file format coff-arm64' <<<"$dump" || problems+=("not an ARM64 COFF image")
  grep -q '^Magic *020b' <<<"$dump" || problems+=("not PE32+")
  grep -qE '^Subsystem *0000000a' <<<"$dump" || problems+=("subsystem is not EFI application (10)")
  reloc=$(grep 'Base Relocation Directory' <<<"$dump" | awk '{print $4}')
  [ -n "$reloc" ] && [ $((16#$reloc)) -gt 0 ] || problems+=("no base relocations")
  if [ ${#problems[@]} -eq 0 ]; then
    echo "ok: $f"
  else
    echo "FAILED: $f: ${problems[*]}"
    status=1
  fi
done
exit $status
