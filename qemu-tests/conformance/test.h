/* SPDX-License-Identifier: MIT */
/*
 * A tiny test framework for EFI applications: every check prints one line,
 * `PASS name` or `FAIL name: why` (or `SKIP name: why` for optional features
 * the firmware does not provide), and t_summary() prints `N passed, N failed`.
 * Output goes to ConOut until t_use_uart() switches to the PL011 directly, which
 * is the only console left after ExitBootServices().
 */
#ifndef QEMU_TESTS_CONFORMANCE_TEST_H
#define QEMU_TESTS_CONFORMANCE_TEST_H

#include "qemu-tests/conformance/efi.h"

/* The app's entry point; tests also use its address to find the app's own code. */
efi_status_t efi_main(efi_handle_t image, struct efi_system_table *st);

struct test_env {
	efi_handle_t image;
	struct efi_system_table *st;
	struct efi_boot_services *bs;
	struct efi_runtime_services *rt;
};

extern struct test_env env;

void t_init(efi_handle_t image, struct efi_system_table *st);
/* After ExitBootServices(): write to QEMU virt's PL011 instead of ConOut. */
void t_use_uart(void);

void t_puts(const char *s);
void t_put_hex(uint64_t value);
void t_put_dec(uint64_t value);

/* Each returns `ok` so callers can skip checks that depend on an earlier one. */
bool t_check(const char *name, bool ok, const char *why);
bool t_status(const char *name, efi_status_t got, efi_status_t want);
/* Passes if `got` is either of two codes the specification allows. */
bool t_status2(const char *name, efi_status_t got, efi_status_t want1, efi_status_t want2);
bool t_equal(const char *name, uint64_t got, uint64_t want);
void t_skip(const char *name, const char *why);
void t_summary(void);
/* Prints the summary and powers off through ResetSystem; never returns. */
__attribute__((noreturn)) void t_finish(void);

/* The generic timer, to measure that delays really took place. */
static inline uint64_t t_ticks(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
	return v;
}

static inline uint64_t t_ticks_per_second(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

static inline uint64_t t_elapsed_us(uint64_t start)
{
	return (t_ticks() - start) * 1000000 / t_ticks_per_second();
}

bool guid_equal(const efi_guid_t *a, const efi_guid_t *b);
size_t str16_len(const char16_t *s);
bool str16_equal(const char16_t *a, const char16_t *b);

#endif /* QEMU_TESTS_CONFORMANCE_TEST_H */
