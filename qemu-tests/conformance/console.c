/* SPDX-License-Identifier: MIT */
/*
 * The console input handle carries SimpleTextInputEx (UEFI 2.10 section 2.6.1:
 * a platform with console devices implements it beside SimpleTextInput), and
 * its services answer as section 12.2 says with no key typed.
 */
#include "qemu-tests/conformance/suites.h"
#include "qemu-tests/conformance/test.h"

static const efi_guid_t text_input_ex_guid =
	EFI_GUID(0xdd9e7534, 0x7762, 0x4698, 0x8c, 0x14, 0xf5, 0x85, 0x17, 0xa6, 0x25, 0xaa);

struct key_data {
	uint16_t scan_code;
	char16_t unicode_char;
	uint32_t key_shift_state;
	uint8_t key_toggle_state;
};

typedef efi_status_t (*key_notify_t)(struct key_data *key);

struct text_input_ex {
	efi_status_t (*reset)(struct text_input_ex *self, bool extended);
	efi_status_t (*read_key_stroke_ex)(struct text_input_ex *self, struct key_data *key);
	efi_event_t wait_for_key_ex;
	efi_status_t (*set_state)(struct text_input_ex *self, uint8_t *toggle);
	efi_status_t (*register_key_notify)(struct text_input_ex *self, struct key_data *key,
					    key_notify_t notify, void **handle);
	efi_status_t (*unregister_key_notify)(struct text_input_ex *self, void *handle);
};

static efi_status_t on_f10(struct key_data *key)
{
	(void)key;
	return EFI_SUCCESS;
}

static void test_key_notify(struct text_input_ex *in)
{
	struct key_data f10 = { .scan_code = 0x14 };
	void *handle = NULL;
	efi_status_t status;

	t_status("console.register_key_notify_null", in->register_key_notify(in, &f10, NULL,
									     &handle),
		 EFI_INVALID_PARAMETER);
	status = in->register_key_notify(in, &f10, on_f10, &handle);
	if (!t_status("console.register_key_notify", status, EFI_SUCCESS))
		return;
	t_status("console.unregister_key_notify", in->unregister_key_notify(in, handle),
		 EFI_SUCCESS);
	t_status("console.unregister_key_notify_twice", in->unregister_key_notify(in, handle),
		 EFI_INVALID_PARAMETER);
}

void test_console(void)
{
	struct text_input_ex *in = NULL;
	struct key_data key;
	efi_status_t status;

	status = env.bs->handle_protocol(env.st->console_in_handle, &text_input_ex_guid,
					 (void **)&in);
	if (!t_status("console.input_ex_on_console_in", status, EFI_SUCCESS))
		return;
	t_status("console.input_ex_reset", in->reset(in, false), EFI_SUCCESS);
	t_status("console.read_key_stroke_ex_none", in->read_key_stroke_ex(in, &key),
		 EFI_NOT_READY);
	t_status("console.read_key_stroke_ex_null", in->read_key_stroke_ex(in, NULL),
		 EFI_INVALID_PARAMETER);
	t_status("console.wait_for_key_ex_not_signalled", env.bs->check_event(in->wait_for_key_ex),
		 EFI_NOT_READY);
	test_key_notify(in);
}

static unsigned f10_notified;

static efi_status_t count_f10(struct key_data *key)
{
	f10_notified += key->scan_code == 0x14 && key->unicode_char == 0;
	return EFI_SUCCESS;
}

/*
 * Keys typed at the serial console (the runner's --serial-input "\033[21~x":
 * F10 as xterm sends it, then x): WaitForKeyEx is signalled, ReadKeyStrokeEx
 * gives F10 with no shift state claimed, after its registered notification
 * ran once; SimpleTextInput then reads the x.
 */
void test_console_keys(void)
{
	struct text_input_ex *in = NULL;
	struct key_data f10 = { .scan_code = 0x14 }, key;
	struct {
		uint16_t scan_code;
		char16_t unicode_char;
	} plain;
	struct {
		void *reset;
		efi_status_t (*read_key_stroke)(void *self, void *key);
		efi_event_t wait_for_key;
	} *con_in = env.st->con_in;
	void *handle = NULL;
	uint64_t index;

	if (!t_status("console_keys.input_ex", env.bs->handle_protocol(env.st->console_in_handle,
									&text_input_ex_guid,
									(void **)&in),
		      EFI_SUCCESS) ||
	    !t_status("console_keys.register_f10", in->register_key_notify(in, &f10, count_f10,
									   &handle),
		      EFI_SUCCESS))
		return;
	t_status("console_keys.wait_for_key_ex",
		 env.bs->wait_for_event(1, &in->wait_for_key_ex, &index), EFI_SUCCESS);
	if (t_status("console_keys.read_f10", in->read_key_stroke_ex(in, &key), EFI_SUCCESS)) {
		t_equal("console_keys.f10_scan_code", key.scan_code, 0x14);
		t_equal("console_keys.f10_no_character", key.unicode_char, 0);
		t_check("console_keys.f10_no_shift_state", !(key.key_shift_state & 0x80000000u),
			"a shift state claimed (EFI_SHIFT_STATE_VALID)");
	}
	t_equal("console_keys.f10_notified_once", f10_notified, 1);
	/* the x may come later: QEMU hands the PL011 a byte per main-loop turn */
	t_status("console_keys.wait_for_x", env.bs->wait_for_event(1, &con_in->wait_for_key, &index),
		 EFI_SUCCESS);
	if (t_status("console_keys.read_x", con_in->read_key_stroke(con_in, &plain), EFI_SUCCESS))
		t_check("console_keys.x_decoded", plain.scan_code == 0 && plain.unicode_char == 'x',
			"not the character x");
	t_equal("console_keys.x_not_notified", f10_notified, 1);
	in->unregister_key_notify(in, handle);
}
