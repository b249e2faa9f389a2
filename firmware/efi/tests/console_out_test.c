/*
 * Host tests for the console's output (console.c) over the host EFI core,
 * with the PL011 stubbed by a buffer of what went out. Mode's cursor must
 * follow the terminal (GRUB places its command line where Mode says the
 * cursor is), and an attribute must reach the terminal as ANSI colours
 * before the text it colours (menus mark the choice by colour alone).
 */
#include <stdlib.h>
#include <string.h>

#include "firmware/efi/boot_manager.h"
#include "firmware/efi/core.h"
#include "firmware/efi/tests/host_core.h"
#include "firmware/platform/console.h"
#include "tools/testing/check.h"

#define RAM_PAGES 256

/* UEFI 2.10 12.4 SetAttribute's colours */
#define EFI_BLACK 0x00
#define EFI_RED 0x04
#define EFI_LIGHTGRAY 0x07
#define EFI_YELLOW 0x0e
#define EFI_BACKGROUND_BLACK 0x00
#define EFI_BACKGROUND_BLUE 0x10
#define EFI_BACKGROUND_LIGHTGRAY 0x70

static efi_memory_descriptor_t first_descriptors[16];
static efi_simple_text_output_t *out;

/* What went out on the line since the last sent_reset(). */
static struct {
	char bytes[4096];
	size_t len;
} sent;

void console_write(const char *s, size_t n)
{
	if (n > sizeof(sent.bytes) - 1 - sent.len)
		n = sizeof(sent.bytes) - 1 - sent.len;
	memcpy(sent.bytes + sent.len, s, n);
	sent.len += n;
	sent.bytes[sent.len] = '\0';
}

int console_getc(void)
{
	return -1;
}

static void sent_reset(void)
{
	sent.len = 0;
	sent.bytes[0] = '\0';
}

static bool cursor_at(int32_t column, int32_t row)
{
	return out->mode->cursor_column == column && out->mode->cursor_row == row;
}

static void print(const efi_char16_t *s)
{
	CHECK(out->output_string(out, (efi_char16_t *)s) == EFI_SUCCESS);
}

static void test_cursor_follows_text(void)
{
	efi_char16_t line[82];

	CHECK(out->clear_screen(out) == EFI_SUCCESS && cursor_at(0, 0));
	print(u"abc\r\nde");
	CHECK(cursor_at(2, 1));
	print(u"\b");
	CHECK(cursor_at(1, 1));
	print(u"\rxyz\n");
	CHECK(cursor_at(0, 2)); /* LF goes out as CRLF */
	/* box drawing and a surrogate pair (a narrow letter) take one column each; a bell none */
	print(u"\u2500\U0001D400\a");
	CHECK(cursor_at(2, 2));
	/* a tab goes to the next stop of eight; VT and FF go down as LF does */
	print(u"\tx");
	CHECK(cursor_at(9, 2));
	print(u"\v");
	CHECK(cursor_at(0, 3));
	print(u"\f");
	CHECK(cursor_at(0, 4));
	CHECK(out->set_cursor_position(out, 75, 4) == EFI_SUCCESS);
	print(u"\t");
	CHECK(cursor_at(79, 4));
	/* the 80th character stays in the last column; the 81st wraps */
	CHECK(out->set_cursor_position(out, 0, 3) == EFI_SUCCESS);
	for (int i = 0; i < 80; i++)
		line[i] = 'x';
	line[80] = 0;
	print(line);
	CHECK(cursor_at(79, 3));
	print(u"\r\n");
	CHECK(cursor_at(0, 4)); /* no extra row: the terminal did not wrap yet */
	line[80] = 'y';
	line[81] = 0;
	print(line);
	CHECK(cursor_at(1, 5));
	/* the bottom row scrolls */
	CHECK(out->set_cursor_position(out, 5, 24) == EFI_SUCCESS);
	print(u"\r\n\r\n");
	CHECK(cursor_at(0, 24));
	CHECK(out->clear_screen(out) == EFI_SUCCESS && cursor_at(0, 0));
}

static void test_attribute_colours_text(void)
{
	sent_reset();
	/* black on light grey, a highlighted menu entry */
	CHECK(out->set_attribute(out, EFI_BLACK | EFI_BACKGROUND_LIGHTGRAY) == EFI_SUCCESS);
	print(u"x");
	CHECK(strcmp(sent.bytes, "\033[0;30;47mx") == 0);
	sent_reset();
	/* yellow (bright brown) on blue: EFI's colour bits in ANSI's order */
	CHECK(out->set_attribute(out, EFI_YELLOW | EFI_BACKGROUND_BLUE) == EFI_SUCCESS);
	CHECK(out->set_attribute(out, EFI_YELLOW | EFI_BACKGROUND_BLUE) == EFI_SUCCESS);
	CHECK(strcmp(sent.bytes, "\033[0;1;33;44m") == 0); /* once: nothing changed */
	CHECK(out->mode->attribute == (EFI_YELLOW | EFI_BACKGROUND_BLUE));
	sent_reset();
	CHECK(out->set_attribute(out, EFI_LIGHTGRAY | EFI_BACKGROUND_BLACK) == EFI_SUCCESS);
	CHECK(strcmp(sent.bytes, "\033[0m") == 0);
	CHECK(out->set_attribute(out, 0x80) == EFI_UNSUPPORTED && out->mode->attribute == 0x07);
	/* Reset goes back to the default colours */
	CHECK(out->set_attribute(out, EFI_RED) == EFI_SUCCESS);
	sent_reset();
	CHECK(out->reset(out, false) == EFI_SUCCESS && out->mode->attribute == 0x07);
	CHECK(strncmp(sent.bytes, "\033[0m", 4) == 0);
	/* the firmware's own lines after a program returned: its colours undone */
	CHECK(out->set_attribute(out, EFI_YELLOW | EFI_BACKGROUND_BLUE) == EFI_SUCCESS);
	sent_reset();
	efi_console_default_colours();
	CHECK(strcmp(sent.bytes, "\033[0m") == 0 && out->mode->attribute == 0x07);
}

int main(void)
{
	uint8_t *ram = aligned_alloc(EFI_PAGE_SIZE, RAM_PAGES * EFI_PAGE_SIZE);
	efi_simple_text_input_t *in;
	efi_handle_t handle = NULL;

	CHECK(host_core_init(first_descriptors, 16, (uint64_t)(uintptr_t)ram,
			     RAM_PAGES * EFI_PAGE_SIZE) == EFI_SUCCESS);
	CHECK(efi_console_init(&handle, &in, &out) == EFI_SUCCESS);
	test_cursor_follows_text();
	test_attribute_colours_text();
	return check_report("console_out_test");
}
