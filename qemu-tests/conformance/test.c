/* SPDX-License-Identifier: MIT */
#include "qemu-tests/conformance/test.h"

/* QEMU's virt machine always places its PL011 here (hw/arm/virt.c, VIRT_UART). */
#define VIRT_PL011_BASE 0x09000000u
#define PL011_DR 0x00
#define PL011_FR 0x18
#define PL011_FR_TXFF (1u << 5)

struct test_env env;

static bool use_uart;
static unsigned int passed, failed, skipped;

void t_init(efi_handle_t image, struct efi_system_table *st)
{
	env.image = image;
	env.st = st;
	env.bs = st->boot_services;
	env.rt = st->runtime_services;
}

void t_use_uart(void)
{
	use_uart = true;
}

static void uart_putc(char c)
{
	volatile uint32_t *fr = (volatile uint32_t *)(uintptr_t)(VIRT_PL011_BASE + PL011_FR);
	volatile uint32_t *dr = (volatile uint32_t *)(uintptr_t)(VIRT_PL011_BASE + PL011_DR);

	while (*fr & PL011_FR_TXFF)
		;
	*dr = (uint8_t)c;
}

static void uart_puts(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			uart_putc('\r');
		uart_putc(*s);
	}
}

/* ConOut takes UCS-2: widen the ASCII text in chunks, expanding \n to \r\n. */
static void conout_puts(const char *s)
{
	char16_t buf[64];
	size_t n = 0;

	for (; *s; s++) {
		if (n + 3 > sizeof(buf) / sizeof(buf[0])) {
			buf[n] = 0;
			env.st->con_out->output_string(env.st->con_out, buf);
			n = 0;
		}
		if (*s == '\n')
			buf[n++] = '\r';
		buf[n++] = (uint8_t)*s;
	}
	buf[n] = 0;
	env.st->con_out->output_string(env.st->con_out, buf);
}

void t_puts(const char *s)
{
	if (use_uart)
		uart_puts(s);
	else
		conout_puts(s);
}

void t_put_hex(uint64_t value)
{
	char buf[19] = "0x";

	for (int i = 0; i < 16; i++)
		buf[2 + i] = "0123456789abcdef"[(value >> (60 - 4 * i)) & 0xf];
	buf[18] = 0;
	t_puts(buf);
}

void t_put_dec(uint64_t value)
{
	char buf[21];
	size_t i = sizeof(buf) - 1;

	buf[i] = 0;
	do {
		buf[--i] = (char)('0' + value % 10);
		value /= 10;
	} while (value);
	t_puts(&buf[i]);
}

static void pass(const char *name)
{
	passed++;
	t_puts("PASS ");
	t_puts(name);
	t_puts("\n");
}

static void fail_begin(const char *name)
{
	failed++;
	t_puts("FAIL ");
	t_puts(name);
	t_puts(": ");
}

bool t_check(const char *name, bool ok, const char *why)
{
	if (ok) {
		pass(name);
	} else {
		fail_begin(name);
		t_puts(why);
		t_puts("\n");
	}
	return ok;
}

bool t_status2(const char *name, efi_status_t got, efi_status_t want1, efi_status_t want2)
{
	if (got == want1 || got == want2) {
		pass(name);
		return true;
	}
	fail_begin(name);
	t_puts("status ");
	t_put_hex(got);
	t_puts(", expected ");
	t_put_hex(want1);
	if (want2 != want1) {
		t_puts(" or ");
		t_put_hex(want2);
	}
	t_puts("\n");
	return false;
}

bool t_status(const char *name, efi_status_t got, efi_status_t want)
{
	return t_status2(name, got, want, want);
}

bool t_equal(const char *name, uint64_t got, uint64_t want)
{
	if (got == want) {
		pass(name);
		return true;
	}
	fail_begin(name);
	t_puts("got ");
	t_put_hex(got);
	t_puts(", expected ");
	t_put_hex(want);
	t_puts("\n");
	return false;
}

void t_skip(const char *name, const char *why)
{
	skipped++;
	t_puts("SKIP ");
	t_puts(name);
	t_puts(": ");
	t_puts(why);
	t_puts("\n");
}

void t_summary(void)
{
	t_put_dec(passed);
	t_puts(" passed, ");
	t_put_dec(failed);
	t_puts(" failed, ");
	t_put_dec(skipped);
	t_puts(" skipped\n");
}

void t_finish(void)
{
	t_summary();
	env.rt->reset_system(EFI_RESET_SHUTDOWN, EFI_SUCCESS, 0, NULL);
	t_puts("FAIL runtime.reset_system_shutdown: ResetSystem returned\n");
	for (;;)
		__asm__ volatile("wfi");
}

bool guid_equal(const efi_guid_t *a, const efi_guid_t *b)
{
	const uint8_t *x = (const uint8_t *)a, *y = (const uint8_t *)b;

	for (size_t i = 0; i < sizeof(*a); i++) {
		if (x[i] != y[i])
			return false;
	}
	return true;
}

size_t str16_len(const char16_t *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

bool str16_equal(const char16_t *a, const char16_t *b)
{
	size_t i = 0;

	for (; a[i] && a[i] == b[i]; i++)
		;
	return a[i] == b[i];
}
