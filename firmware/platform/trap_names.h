/*
 * Names for the checks behind a `brk` in firmware code: clang's
 * -fsanitize-trap puts the UBSan check kind in the low byte of immediate
 * 0x55xx; __stack_chk_fail uses BRK_STACK_PROTECTOR (hardening.h). Plain C,
 * host tested against what the compiler emits (firmware/tests).
 */
#ifndef EFILITE_PLATFORM_TRAP_NAMES_H
#define EFILITE_PLATFORM_TRAP_NAMES_H

#define BRK_UBSAN_BASE 0x5500

/* The check named by a UBSan trap's brk immediate, or NULL if it is not one. */
const char *ubsan_check_name(unsigned brk_immediate);
#endif
