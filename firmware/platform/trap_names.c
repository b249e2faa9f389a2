#include "firmware/platform/trap_names.h"

#include <stddef.h>

/*
 * Clang's SanitizerHandler order (clang/lib/CodeGen/CodeGenFunction.h,
 * LIST_SANITIZER_CHECKS): the trap's kind is the handler's index. Checks
 * that C never emits are named too, so no index is left unexplained.
 */
static const char *const ubsan_checks[] = {
	"signed integer overflow in addition",
	"__builtin_unreachable() reached",
	"control-flow integrity check failed",
	"division overflow or division by zero",
	"dynamic type mismatch",
	"floating-point value out of range of the integer type",
	"call through a function pointer of the wrong type",
	"implicit conversion changed the value",
	"invalid argument to a builtin",
	"invalid Objective-C cast",
	"load of a value invalid for its type (bool or enum)",
	"end of a value-returning function reached without return",
	"signed integer overflow in multiplication",
	"signed integer overflow in negation",
	"null passed as a _Nonnull argument",
	"null returned from a _Nonnull function",
	"null passed as a nonnull argument",
	"null returned from a returns_nonnull function",
	"array index out of bounds",
	"pointer arithmetic overflow",
	"shift exponent or result out of bounds",
	"signed integer overflow in subtraction",
	"null, misaligned or too small object accessed",
	"alignment assumption violated",
	"variable-length array bound not positive",
};

const char *ubsan_check_name(unsigned brk_immediate)
{
	unsigned kind = brk_immediate - BRK_UBSAN_BASE;

	if (brk_immediate < BRK_UBSAN_BASE || kind >= sizeof(ubsan_checks) / sizeof(ubsan_checks[0]))
		return NULL;
	return ubsan_checks[kind];
}
