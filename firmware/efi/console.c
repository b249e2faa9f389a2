/*
 * The console on the PL011: SimpleTextOutput (one 80x25 text mode, output
 * as UTF-8, attributes as ANSI colours) here, its input protocols in
 * console_in.c, on one handle. Mode's cursor follows what the terminal does
 * with the text: loaders read it back (GRUB places its command line there).
 */
#include <string.h>

#include "firmware/efi/boot_manager.h"
#include "firmware/efi/core.h"
#include "firmware/efi/events.h"
#include "firmware/platform/console.h"
#include "parsers/bytes/utf8.h"

#define COLUMNS 80
#define ROWS 25
#define CHUNK 64
#define DEFAULT_ATTRIBUTE 0x07 /* light grey on black: the terminal's own colours */

static efi_simple_text_output_mode_t out_mode = {
	.max_mode = 1,
	.attribute = DEFAULT_ATTRIBUTE,
	.cursor_visible = 1,
};

/* A character went into the last column: the next one wraps first (a VT100's pending wrap). */
static bool wrap_pending;

static void next_row(void)
{
	out_mode.cursor_column = 0;
	if (out_mode.cursor_row < ROWS - 1)
		out_mode.cursor_row++; /* else the terminal scrolls */
}

/* Moves Mode's cursor as the terminal moves its own for c (LF goes out as CRLF). */
static void track_cursor(uint32_t c)
{
	if (c == '\r') {
		out_mode.cursor_column = 0;
	} else if (c == '\n' || c == '\v' || c == '\f') {
		next_row(); /* a VT100 takes VT and FF for LF */
	} else if (c == '\t') {
		/* the next tab stop (every 8 columns), or the last column */
		out_mode.cursor_column = out_mode.cursor_column / 8 * 8 + 8 < COLUMNS
						 ? out_mode.cursor_column / 8 * 8 + 8
						 : COLUMNS - 1;
	} else if (c == '\b') {
		/* from a pending wrap, the column before the last */
		if (wrap_pending)
			out_mode.cursor_column = COLUMNS - 2;
		else if (out_mode.cursor_column > 0)
			out_mode.cursor_column--;
	} else if (c >= 0x20 && c != 0x7f) {
		if (wrap_pending)
			next_row();
		wrap_pending = out_mode.cursor_column == COLUMNS - 1;
		if (!wrap_pending)
			out_mode.cursor_column++;
		return;
	} else {
		return; /* other control characters do not move it (ESC sequences are the program's) */
	}
	wrap_pending = false;
}

/* Decodes one code point of a UTF-16 string at *s, advancing it; lone surrogates -> U+FFFD. */
static uint32_t next_code_point(const efi_char16_t **s)
{
	uint32_t hi = *(*s)++;

	if (hi < 0xd800 || hi > 0xdfff)
		return hi;
	if (hi < 0xdc00 && **s >= 0xdc00 && **s <= 0xdfff) {
		uint32_t lo = *(*s)++;

		return 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
	}
	return 0xfffd;
}

static efi_status_t output_string(efi_simple_text_output_t *self, efi_char16_t *string)
{
	uint8_t buf[CHUNK + 4];
	size_t n = 0;
	const efi_char16_t *s = string;

	(void)self;
	if (!string)
		return EFI_INVALID_PARAMETER;
	while (*s) {
		uint32_t c = next_code_point(&s);

		/* EFI text uses CRLF; the console turns LF into CRLF itself */
		if (c == '\r' && *s == '\n')
			continue;
		track_cursor(c);
		n += bytes_put_utf8(buf + n, c);
		if (n >= CHUNK) {
			console_write((const char *)buf, n);
			n = 0;
		}
	}
	console_write((const char *)buf, n);
	return EFI_SUCCESS;
}

static efi_status_t test_string(efi_simple_text_output_t *self, efi_char16_t *string)
{
	(void)self;
	return string ? EFI_SUCCESS : EFI_INVALID_PARAMETER;
}

static efi_status_t out_reset(efi_simple_text_output_t *self, efi_bool_t extended)
{
	(void)extended;
	self->set_attribute(self, DEFAULT_ATTRIBUTE);
	return self->clear_screen(self);
}

static efi_status_t query_mode(efi_simple_text_output_t *self, uint64_t mode, uint64_t *columns,
			       uint64_t *rows)
{
	(void)self;
	if (!columns || !rows)
		return EFI_INVALID_PARAMETER;
	if (mode != 0)
		return EFI_UNSUPPORTED;
	*columns = COLUMNS;
	*rows = ROWS;
	return EFI_SUCCESS;
}

static efi_status_t set_mode(efi_simple_text_output_t *self, uint64_t mode)
{
	(void)self;
	return mode == 0 ? EFI_SUCCESS : EFI_UNSUPPORTED;
}

/*
 * An attribute as an ANSI SGR sequence: EFI's colour order (blue, green,
 * red bits) mapped to ANSI's (red, green, blue), a bright foreground as
 * bold; the default as the terminal's own colours.
 */
static void send_attribute(uint64_t attribute)
{
	static const char ansi_colour[8] = { '0', '4', '2', '6', '1', '5', '3', '7' };
	char buf[16] = "\033[0;";
	size_t n = 4;

	if (attribute == DEFAULT_ATTRIBUTE) {
		console_write("\033[0m", 4);
		return;
	}
	if (attribute & 0x08) {
		buf[n++] = '1';
		buf[n++] = ';';
	}
	buf[n++] = '3';
	buf[n++] = ansi_colour[attribute & 7];
	buf[n++] = ';';
	buf[n++] = '4';
	buf[n++] = ansi_colour[(attribute >> 4) & 7];
	buf[n++] = 'm';
	console_write(buf, n);
}

/* Colours apply from the next OutputString or ClearScreen on (menus mark a choice by them). */
static efi_status_t set_attribute(efi_simple_text_output_t *self, uint64_t attribute)
{
	(void)self;
	if (attribute > 0x7f)
		return EFI_UNSUPPORTED;
	if (attribute != (uint64_t)out_mode.attribute)
		send_attribute(attribute);
	out_mode.attribute = (int32_t)attribute;
	return EFI_SUCCESS;
}

static efi_status_t clear_screen(efi_simple_text_output_t *self)
{
	static const char ansi_clear[] = "\033[2J\033[H";

	(void)self;
	console_write(ansi_clear, sizeof(ansi_clear) - 1);
	out_mode.cursor_column = 0;
	out_mode.cursor_row = 0;
	wrap_pending = false;
	return EFI_SUCCESS;
}

static void put_decimal(char *buf, size_t *n, uint64_t v)
{
	char digits[20];
	size_t k = 0;

	do {
		digits[k++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (k)
		buf[(*n)++] = digits[--k];
}

static efi_status_t set_cursor_position(efi_simple_text_output_t *self, uint64_t column,
					uint64_t row)
{
	char buf[48];
	size_t n = 0;

	(void)self;
	if (column >= COLUMNS || row >= ROWS)
		return EFI_UNSUPPORTED;
	buf[n++] = '\033';
	buf[n++] = '[';
	put_decimal(buf, &n, row + 1);
	buf[n++] = ';';
	put_decimal(buf, &n, column + 1);
	buf[n++] = 'H';
	console_write(buf, n);
	out_mode.cursor_column = (int32_t)column;
	out_mode.cursor_row = (int32_t)row;
	wrap_pending = false;
	return EFI_SUCCESS;
}

static efi_status_t enable_cursor(efi_simple_text_output_t *self, efi_bool_t visible)
{
	(void)self;
	out_mode.cursor_visible = visible ? 1 : 0;
	return EFI_SUCCESS;
}

static efi_simple_text_output_t text_out = {
	.reset = out_reset,
	.output_string = output_string,
	.test_string = test_string,
	.query_mode = query_mode,
	.set_mode = set_mode,
	.set_attribute = set_attribute,
	.clear_screen = clear_screen,
	.set_cursor_position = set_cursor_position,
	.enable_cursor = enable_cursor,
	.mode = &out_mode,
};

void efi_console_default_colours(void)
{
	set_attribute(&text_out, DEFAULT_ATTRIBUTE);
}

efi_status_t efi_console_init(efi_handle_t *handle, efi_simple_text_input_t **in,
			      efi_simple_text_output_t **out)
{
	efi_status_t status;

	*handle = NULL;
	status = efi_console_in_install(handle, in);
	if (status == EFI_SUCCESS)
		status = db_install(&efi_db, handle, &efi_simple_text_output_protocol_guid,
				    &text_out);
	*out = &text_out;
	return status;
}
