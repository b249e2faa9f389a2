#!/usr/bin/env bash
# After ExitBootServices only the runtime range [__rt_start, __rt_end) (and
# the variable store and PL031 page, reached through converted pointers) is
# mapped. Fails if any instruction in [__rt_start, __rt_text_end) branches to
# or addresses (adrp/adr/literal ldr) anything outside the runtime range,
# e.g. a libc memcpy, a flash helper or a .rodata jump table, or holds a
# linker range-extension thunk (the linker's way of reaching flash from RAM).
# Usage: runtime_isolation_test.sh ELF
set -euo pipefail
elf=$1
sym() { llvm-nm "$elf" | awk -v s="$1" '$3 == s { print $1 }'; }
start=$(sym __rt_start)
text_end=$(sym __rt_text_end)
end=$(sym __rt_end)
[ -n "$start" ] && [ -n "$text_end" ] && [ -n "$end" ] || { echo "FAIL: runtime symbols missing"; exit 1; }
thunks=$(llvm-nm "$elf" | awk -v lo="$start" -v hi="$text_end" \
  'toupper($1) >= toupper(lo) && toupper($1) < toupper(hi) && $3 ~ /Thunk/ { print $3 }')
if [ -n "$thunks" ]; then
  echo "FAIL: linker thunks in runtime code (calls out of the runtime range):" $thunks
  echo "0 passed, 1 failed"
  exit 1
fi
llvm-objdump -d --no-show-raw-insn --start-address="0x$start" --stop-address="0x$text_end" "$elf" |
python3 -c '
import re, sys
lo, hi = int(sys.argv[1], 16), int(sys.argv[2], 16)
ops = ("b", "bl", "adr", "adrp", "ldr", "cbz", "cbnz", "tbz", "tbnz")
insns = bad = 0
for line in sys.stdin:
    m = re.match(r"\s*([0-9a-f]+):\s+(\S+)\s*(.*)", line)
    if not m:
        continue
    insns += 1
    op, args = m.group(2), m.group(3)
    if op not in ops and not op.startswith("b."):
        continue
    for target in re.findall(r"0x([0-9a-f]+)", args):
        value = int(target, 16)
        # small immediates (bit numbers, offsets) are not addresses
        if value >= 0x1000 and not lo <= value < hi:
            print("FAIL: outside the runtime range:", line.strip())
            bad += 1
print("checked %d runtime instructions" % insns)
if insns == 0:
    print("FAIL: no runtime code found")
    sys.exit(1)
print("%d passed, %d failed" % (1 if bad == 0 else 0, 1 if bad else 0))
sys.exit(1 if bad else 0)
' "$start" "$end"
