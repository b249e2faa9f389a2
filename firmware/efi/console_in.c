/*
 * The console's input: SimpleTextInput and SimpleTextInputEx (which the
 * spec requires of a console input device) on the PL011. Bytes are decoded
 * into keys by parsers/keys: characters, and the escape sequences of
 * cursor, editing and function keys as their scan codes. A terminal sends
 * no shift or toggle state, so none is reported (EFI_SHIFT_STATE_VALID
 * clear) and SetState is EFI_UNSUPPORTED. A key is decoded once, when a
 * read or a wait first polls it; then the functions RegisterKeyNotify
 * registered for it run, and it waits to be read.
 */
#include <string.h>

#include "firmware/efi/core.h"
#include "firmware/efi/events.h"
#include "firmware/platform/console.h"
#include "firmware/platform/timer.h"
#include "parsers/keys/keys.h"

/*
 * How long the rest of an escape sequence may take to come: a terminal
 * sends a key's sequence in one write, so its bytes follow each other at
 * the line's pace (0.1 ms a byte at 115200 baud), but QEMU hands the PL011
 * (no FIFO enabled) one byte per main-loop turn, which a loaded host may
 * delay by tens of ms. A lone ESC is Escape after this wait, as vim's
 * default ttimeoutlen (ncurses waits 1 s).
 */
#define SEQUENCE_WAIT_US 100000
#define MAX_NOTIFY 16

static uint8_t input[1 + KEYS_MAX_SEQUENCE]; /* bytes read, not yet decoded */
static size_t input_len;
static bool have_key; /* decoded, not yet read */
static efi_input_key_t next_key;

static struct key_notify {
	bool used;
	efi_key_data_t key;
	efi_key_notify_function_t notify;
} notifies[MAX_NOTIFY];

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

/*
 * Whether a registration is for this key: the same key, and the same shift
 * and toggle states unless it left them 0 (any state), as edk2 matches; a
 * registration for Ctrl+c is not one for the plain c a terminal reports.
 */
static bool registered_for(const struct key_notify *n, const efi_key_data_t *data)
{
	const efi_key_state_t *want = &n->key.key_state, *got = &data->key_state;

	return n->used && n->key.key.scan_code == data->key.scan_code &&
	       n->key.key.unicode_char == data->key.unicode_char &&
	       (!want->key_shift_state || want->key_shift_state == got->key_shift_state) &&
	       (!want->key_toggle_state || want->key_toggle_state == got->key_toggle_state);
}

/* Runs the notification functions registered for the key just decoded. */
static void run_notifies(void)
{
	efi_key_data_t data = { .key = next_key };

	for (size_t i = 0; i < MAX_NOTIFY; i++)
		if (registered_for(&notifies[i], &data))
			notifies[i].notify(&data);
}

/*
 * Decodes the next key if bytes are there; false if there is none, or if
 * a notification function took the key (read it, or reset the input, as
 * the edk2 Shell's Ctrl-S function does): a key is read once.
 */
static bool poll_key(void)
{
	struct keys_key k;
	size_t used;

	if (have_key)
		return true;
	if (!input_len && !more_input(0))
		return false;
	/* a sequence is shorter than the buffer; the bound keeps it safe regardless */
	while (keys_decode(input, input_len, false, &k, &used) == KEYS_NEED_MORE) {
		if (input_len == sizeof(input) || !more_input(SEQUENCE_WAIT_US)) {
			keys_decode(input, input_len, true, &k, &used);
			break;
		}
	}
	memmove(input, input + used, input_len - used);
	input_len -= used;
	next_key.scan_code = k.scan_code;
	next_key.unicode_char = k.unicode_char;
	have_key = true;
	run_notifies();
	return have_key;
}

static efi_status_t take_key(efi_input_key_t *key)
{
	if (!poll_key())
		return EFI_NOT_READY;
	*key = next_key;
	have_key = false;
	return EFI_SUCCESS;
}

static void reset_input(void)
{
	input_len = 0;
	have_key = false;
	while (console_getc() >= 0)
		;
}

static efi_status_t in_reset(efi_simple_text_input_t *self, efi_bool_t extended)
{
	(void)self;
	(void)extended;
	reset_input();
	return EFI_SUCCESS;
}

static efi_status_t read_key_stroke(efi_simple_text_input_t *self, efi_input_key_t *key)
{
	(void)self;
	return key ? take_key(key) : EFI_INVALID_PARAMETER;
}

static efi_status_t ex_reset(efi_simple_text_input_ex_t *self, efi_bool_t extended)
{
	(void)self;
	(void)extended;
	reset_input();
	return EFI_SUCCESS;
}

static efi_status_t read_key_stroke_ex(efi_simple_text_input_ex_t *self, efi_key_data_t *data)
{
	(void)self;
	if (!data)
		return EFI_INVALID_PARAMETER;
	memset(&data->key_state, 0, sizeof(data->key_state));
	return take_key(&data->key);
}

static efi_status_t set_state(efi_simple_text_input_ex_t *self, uint8_t *key_toggle_state)
{
	(void)self;
	return key_toggle_state ? EFI_UNSUPPORTED : EFI_INVALID_PARAMETER;
}

static efi_status_t register_key_notify(efi_simple_text_input_ex_t *self, efi_key_data_t *key,
					efi_key_notify_function_t notify, void **handle)
{
	(void)self;
	if (!key || !notify || !handle)
		return EFI_INVALID_PARAMETER;
	for (size_t i = 0; i < MAX_NOTIFY; i++) {
		if (!notifies[i].used) {
			notifies[i] = (struct key_notify){ true, *key, notify };
			*handle = &notifies[i];
			return EFI_SUCCESS;
		}
	}
	return EFI_OUT_OF_RESOURCES;
}

static efi_status_t unregister_key_notify(efi_simple_text_input_ex_t *self, void *handle)
{
	(void)self;
	for (size_t i = 0; i < MAX_NOTIFY; i++) {
		if (handle == &notifies[i] && notifies[i].used) {
			notifies[i].used = false;
			return EFI_SUCCESS;
		}
	}
	return EFI_INVALID_PARAMETER;
}

static efi_simple_text_input_t text_in = {
	.reset = in_reset,
	.read_key_stroke = read_key_stroke,
};

static efi_simple_text_input_ex_t text_in_ex = {
	.reset = ex_reset,
	.read_key_stroke_ex = read_key_stroke_ex,
	.set_state = set_state,
	.register_key_notify = register_key_notify,
	.unregister_key_notify = unregister_key_notify,
};

/* WaitForKey and WaitForKeyEx: signalled while a key waits to be read. */
static void wait_for_key_notify(efi_event_t event, void *context)
{
	(void)context;
	if (poll_key())
		events_signal(event);
}

efi_status_t efi_console_in_install(efi_handle_t *handle, efi_simple_text_input_t **in)
{
	efi_status_t status;

	status = events_create(EVT_NOTIFY_WAIT, TPL_NOTIFY, wait_for_key_notify, NULL, NULL,
			       &text_in.wait_for_key);
	if (status == EFI_SUCCESS)
		status = events_create(EVT_NOTIFY_WAIT, TPL_NOTIFY, wait_for_key_notify, NULL,
				       NULL, &text_in_ex.wait_for_key_ex);
	if (status == EFI_SUCCESS)
		status = db_install(&efi_db, handle, &efi_simple_text_input_protocol_guid, &text_in);
	if (status == EFI_SUCCESS)
		status = db_install(&efi_db, handle, &efi_simple_text_input_ex_protocol_guid,
				    &text_in_ex);
	*in = &text_in;
	return status;
}
