/*
 * SimpleTextInput/Output on the PL011: one 80x25 text mode, output as
 * UTF-8; input decoded by parsers/keys: characters, and the escape
 * sequences of cursor, editing and function keys as their scan codes.
 */
#include <string.h>

#include "firmware/efi/core.h"
#include "firmware/efi/events.h"
#include "firmware/platform/console.h"
#include "firmware/platform/timer.h"
#include "parsers/bytes/utf8.h"
#include "parsers/keys/keys.h"

#define COLUMNS 80
#define ROWS 25
#define CHUNK 64
/*
 * How long the rest of an escape sequence may take to come: a terminal
 * sends a key's sequence in one write, so its bytes follow each other at
 * the line's pace (0.1 ms a byte at 115200 baud); a lone ESC is Escape.
 */
#define SEQUENCE_WAIT_US 20000

static efi_simple_text_output_mode_t out_mode = {
	.max_mode = 1,
	.attribute = 0x07, /* light grey on black */
	.cursor_visible = 1,
};
/* bytes read and not yet decoded (WaitForKey reads ahead) */
static uint8_t input[1 + KEYS_MAX_SEQUENCE];
static size_t input_len;

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

static efi_status_t set_attribute(efi_simple_text_output_t *self, uint64_t attribute)
{
	(void)self;
	if (attribute > 0x7f)
		return EFI_UNSUPPORTED;
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

/* Takes the next byte into input if one comes within us microseconds. */
static bool more_input(uint64_t us)
{
	uint64_t start = timer_ticks(), limit = us * timer_frequency() / 1000000;

	do {
		int c = console_getc();

		if (c >= 0) {
			input[input_len++] = (uint8_t)c;
			return true;
		}
	} while (timer_ticks() - start < limit);
	return false;
}

static efi_status_t in_reset(efi_simple_text_input_t *self, efi_bool_t extended)
{
	(void)self;
	(void)extended;
	input_len = 0;
	while (console_getc() >= 0)
		;
	return EFI_SUCCESS;
}

static efi_status_t read_key_stroke(efi_simple_text_input_t *self, efi_input_key_t *key)
{
	struct keys_key k;
	size_t used;

	(void)self;
	if (!key)
		return EFI_INVALID_PARAMETER;
	if (!input_len && !more_input(0))
		return EFI_NOT_READY;
	/* a sequence shorter than the buffer; the bound keeps the buffer safe regardless */
	while (keys_decode(input, input_len, false, &k, &used) == KEYS_NEED_MORE) {
		if (input_len == sizeof(input) || !more_input(SEQUENCE_WAIT_US)) {
			keys_decode(input, input_len, true, &k, &used);
			break;
		}
	}
	memmove(input, input + used, input_len - used);
	input_len -= used;
	key->scan_code = k.scan_code;
	key->unicode_char = k.unicode_char;
	return EFI_SUCCESS;
}

static efi_simple_text_input_t text_in = {
	.reset = in_reset,
	.read_key_stroke = read_key_stroke,
};

static void wait_for_key_notify(efi_event_t event, void *context)
{
	(void)context;
	if (input_len || more_input(0))
		events_signal(event);
}

efi_status_t efi_console_init(efi_handle_t *handle, efi_simple_text_input_t **in,
			      efi_simple_text_output_t **out)
{
	efi_status_t status;

	status = events_create(EVT_NOTIFY_WAIT, TPL_NOTIFY, wait_for_key_notify, NULL, NULL,
			       &text_in.wait_for_key);
	if (status != EFI_SUCCESS)
		return status;
	*handle = NULL;
	status = db_install(&efi_db, handle, &efi_simple_text_input_protocol_guid, &text_in);
	if (status == EFI_SUCCESS)
		status = db_install(&efi_db, handle, &efi_simple_text_output_protocol_guid,
				    &text_out);
	*in = &text_in;
	*out = &text_out;
	return status;
}
