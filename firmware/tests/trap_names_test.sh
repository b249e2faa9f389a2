#!/usr/bin/env bash
# The names the exception report gives UBSan traps (platform/trap_names.c)
# against what the firmware's compiler emits: each snippet is compiled as the
# firmware is (clang-14, AArch64, -Os, trap mode) with one check on, its brk
# immediate is read back, and the name must say what the check is.
#   trap_names_test.sh TRAP_NAME_BINARY
set -euo pipefail
trap_name=$1
work=${TEST_TMPDIR:-$(mktemp -d)}
failures=0

# check SANITIZER WORDS C-BODY: the body of f() below (h() is the
# returns_nonnull check's subject).
check() {
	local sanitizer=$1 words=$2 body=$3 imms name
	cat >"$work/s.c" <<-SNIPPET
	void g(int *p) __attribute__((nonnull));
	__attribute__((returns_nonnull)) int *h(int *p) { return p; }
	int f(int a, int b, int *p, _Bool *q, float x)
	{
		int arr[4] = { 0 };
		$body
	}
	SNIPPET
	clang-14 --target=aarch64-none-elf -ffreestanding -Os -w -fsanitize="$sanitizer" \
		-fsanitize-trap=all -c "$work/s.c" -o "$work/s.o"
	imms=$(llvm-objdump -d "$work/s.o" | sed -nE 's/.*\bbrk\s+#(0x[0-9a-f]+).*/\1/p' | sort -u)
	if [ "$(wc -w <<<"$imms")" != 1 ]; then
		echo "FAIL $sanitizer: expected one brk immediate, got: ${imms:-none}"
		failures=$((failures + 1))
		return
	fi
	name=$("$trap_name" "$imms")
	if grep -qiE "$words" <<<"$name"; then
		echo "ok   $sanitizer: brk $imms -> $name"
	else
		echo "FAIL $sanitizer: brk $imms -> '$name', expected /$words/"
		failures=$((failures + 1))
	fi
}

check signed-integer-overflow 'overflow in addition' 'return a + b;'
check signed-integer-overflow 'overflow in subtraction' 'return a - b;'
check signed-integer-overflow 'overflow in multiplication' 'return a * b;'
check signed-integer-overflow 'overflow in negation' 'return -a;'
check integer-divide-by-zero 'division' 'return a / b;'
check shift 'shift' 'return a << b;'
check bounds 'index out of bounds' 'return arr[a];'
check alignment 'misaligned' 'return *p;'
check null 'null' 'return *p;'
check pointer-overflow 'pointer arithmetic' 'return *(p + a) == 0;'
check bool 'invalid for its type' 'return *q;'
check unreachable 'unreachable' 'if (a) __builtin_unreachable(); return b;'
check nonnull-attribute 'nonnull argument' 'g(a ? p : 0); return 0;'
check returns-nonnull-attribute 'returns_nonnull' 'return a;'
check vla-bound 'variable-length array' 'int v[a]; v[0] = b; return v[b & 1];'
check float-cast-overflow 'floating-point' 'return (int)x;'
check implicit-conversion 'implicit conversion' 'unsigned char c = a; return c;'
check alignment 'alignment assumption' 'return __builtin_assume_aligned(p, 64) != 0;'

# Not a UBSan immediate: no name.
for imm in 0x54ff 0x5519 0x5350 0; do
	[ "$("$trap_name" $imm)" = none ] || { echo "FAIL: brk $imm named"; failures=$((failures + 1)); }
done
[ "$failures" = 0 ] || exit 1
echo PASS
