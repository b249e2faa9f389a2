/*
 * Host tests for the console's input (console_in.c) over the host EFI core,
 * with the PL011 stubbed by a script of bytes that arrive at given times of
 * the stub timer (each console_getc() call takes a microsecond of it).
 */
#include <stdlib.h>
#include <string.h>

#include "firmware/efi/core.h"
#include "firmware/efi/events.h"
#include "firmware/efi/tests/boot_services_stubs.h"
#include "firmware/efi/tests/host_core.h"
#include "firmware/platform/console.h"
#include "tools/testing/check.h"

#define RAM_PAGES 256
#define US (STUB_TIMER_HZ / 1000000u)

static efi_memory_descriptor_t first_descriptors[16];
static efi_simple_text_input_t *in;
static efi_simple_text_input_ex_t *in_ex;

/* The line: byte i can be read once the timer reaches at[i]. */
static struct {
	uint8_t bytes[16];
	uint64_t at[16];
	size_t len, next;
} line;

int console_getc(void)
{
	stub.ticks += US;
	if (line.next == line.len || stub.ticks < line.at[line.next])
		return -1;
	return line.bytes[line.next++];
}

/* Bytes sent now, after_us apart from each other. */
static void send(const char *bytes, uint64_t after_us)
{
	line.len = line.next = 0;
	for (size_t i = 0; bytes[i]; i++) {
		line.bytes[line.len] = (uint8_t)bytes[i];
		line.at[line.len++] = stub.ticks + i * after_us * US;
	}
}

static efi_input_key_t read_key(efi_status_t *status)
{
	efi_input_key_t key = { 0xffff, 0xffff };

	*status = in->read_key_stroke(in, &key);
	return key;
}

static void check_key(uint16_t scan, uint16_t c)
{
	efi_status_t status;
	efi_input_key_t key = read_key(&status);

	CHECK(status == EFI_SUCCESS && key.scan_code == scan && key.unicode_char == c);
	if (status != EFI_SUCCESS || key.scan_code != scan || key.unicode_char != c)
		fprintf(stderr, "want %#x/%#x, got %#lx %#x/%#x\n", scan, c,
			(unsigned long)status, key.scan_code, key.unicode_char);
}

static void check_no_key(void)
{
	efi_status_t status;

	read_key(&status);
	CHECK(status == EFI_NOT_READY);
}

/* With nothing typed, a read or a key check costs no wait (boot managers poll at every boot). */
static void test_no_key_no_wait(void)
{
	uint64_t start = stub.ticks;
	efi_key_data_t data;

	send("", 0);
	check_no_key();
	CHECK(in_ex->read_key_stroke_ex(in_ex, &data) == EFI_NOT_READY);
	CHECK(events_check(in->wait_for_key) == EFI_NOT_READY);
	CHECK(events_check(in_ex->wait_for_key_ex) == EFI_NOT_READY);
	CHECK(stub.ticks - start <= 8 * US);
}

/* Sequences split by the line's pace, a lone Escape, Escape before a character. */
static void test_sequences(void)
{
	send("\x1b[A", 30000); /* 30 ms a byte: within the wait */
	check_key(0x01, 0);
	send("\x1b", 0);
	check_key(0x17, 0);
	send("\x1b" "x", 0);
	check_key(0x17, 0);
	check_key(0, 'x');
	send("\x1b" "[", 0);
	check_key(0x17, 0);
	check_key(0, '[');
	check_no_key();
}

/* A key is read once, through either protocol. */
static void test_one_read(void)
{
	efi_key_data_t data;

	send("ab", 0);
	CHECK(events_check(in_ex->wait_for_key_ex) == EFI_SUCCESS);
	CHECK(in_ex->read_key_stroke_ex(in_ex, &data) == EFI_SUCCESS && data.key.unicode_char == 'a');
	CHECK(data.key_state.key_shift_state == 0 && data.key_state.key_toggle_state == 0);
	check_key(0, 'b');
	check_no_key();
}

static unsigned notified;
static efi_input_key_t taken;

/* Reads the key it was called for, as a notification function may. */
static efi_status_t take_notify(efi_key_data_t *key)
{
	efi_status_t status;

	(void)key;
	notified++;
	taken = read_key(&status);
	CHECK(status == EFI_SUCCESS);
	return EFI_SUCCESS;
}

/* Drops the pending input, as the edk2 Shell's Ctrl-S function does. */
static efi_status_t reset_notify(efi_key_data_t *key)
{
	(void)key;
	notified++;
	CHECK(in->reset(in, false) == EFI_SUCCESS);
	return EFI_SUCCESS;
}

/* A key its notification function took or reset away is not read again. */
static void test_notify_takes_key(void)
{
	efi_key_data_t x = { .key = { 0, 'x' } }, ctrl_s = { .key = { 0, 0x13 } };
	/* EFI_SHIFT_STATE_VALID | EFI_LEFT_CONTROL_PRESSED */
	efi_key_data_t ctrl_x = { .key = { 0, 'x' }, .key_state = { 0x80000000u | 0x08u, 0 } };
	void *h1, *h2, *h3;

	CHECK(in_ex->register_key_notify(in_ex, &x, take_notify, &h1) == EFI_SUCCESS);
	CHECK(in_ex->register_key_notify(in_ex, &ctrl_s, reset_notify, &h2) == EFI_SUCCESS);
	notified = 0;
	send("x", 0);
	check_no_key();
	CHECK(notified == 1 && taken.unicode_char == 'x');
	send("\x13y", 0);
	CHECK(events_check(in->wait_for_key) == EFI_NOT_READY);
	check_no_key();
	CHECK(notified == 2);
	CHECK(in_ex->unregister_key_notify(in_ex, h1) == EFI_SUCCESS);
	CHECK(in_ex->unregister_key_notify(in_ex, h2) == EFI_SUCCESS);
	CHECK(in_ex->unregister_key_notify(in_ex, h2) == EFI_INVALID_PARAMETER);
	/* a terminal reports no shift state: a plain x is not Left Ctrl+x */
	CHECK(in_ex->register_key_notify(in_ex, &ctrl_x, take_notify, &h3) == EFI_SUCCESS);
	send("x", 0);
	check_key(0, 'x');
	CHECK(notified == 2);
	CHECK(in_ex->unregister_key_notify(in_ex, h3) == EFI_SUCCESS);
}

int main(void)
{
	uint8_t *ram = aligned_alloc(EFI_PAGE_SIZE, RAM_PAGES * EFI_PAGE_SIZE);
	efi_handle_t handle = NULL;

	CHECK(host_core_init(first_descriptors, 16, (uint64_t)(uintptr_t)ram,
			     RAM_PAGES * EFI_PAGE_SIZE) == EFI_SUCCESS);
	CHECK(efi_console_in_install(&handle, &in) == EFI_SUCCESS);
	CHECK(db_get(&efi_db, handle, &efi_simple_text_input_ex_protocol_guid, (void **)&in_ex) ==
	      EFI_SUCCESS);
	test_no_key_no_wait();
	test_sequences();
	test_one_read();
	test_notify_takes_key();
	return check_report("console_in_test");
}
