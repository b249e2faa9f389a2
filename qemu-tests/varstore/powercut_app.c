/* SPDX-License-Identifier: MIT */
/*
 * Power-cut writer for the variable store (powercut_test.py kills QEMU under
 * it). On start it reads its variables Pc00.. and prints, per variable,
 *   GOT nn counter     (a whole, self-consistent value)
 *   BAD nn             (a torn or foreign value)
 *   NONE nn
 * then READY, then writes non-volatile variables for ever, round robin: the
 * value with global counter c goes to variable c % count, and
 *   SET nn c
 * is printed (on the PL011, synchronously) only after SetVariable returned.
 * A value is [counter u32][length u32][bytes derived from both], so a torn
 * or mixed value is caught. Load option "gc": fewer, larger values, so the
 * store compacts often and most of the time goes to compaction.
 */
#include "qemu-tests/conformance/efi.h"
#include "qemu-tests/conformance/mem.h"
#include "qemu-tests/conformance/test.h"

#define NV_BS_RT 0x7u
#define MAX_VALUE 4096u

static const efi_guid_t vendor =
	EFI_GUID(0x7d1a9f5e, 0x3c0b, 0x4e41, 0x8a, 0x52, 0x0f, 0x6e, 0x93, 0x21, 0xb4, 0x77);

struct mode {
	uint32_t count, min_size, spread;
};

static uint8_t value[MAX_VALUE];

static void name_of(char16_t name[5], uint32_t i)
{
	name[0] = 'P';
	name[1] = 'c';
	name[2] = (char16_t)('0' + i / 10);
	name[3] = (char16_t)('0' + i % 10);
	name[4] = 0;
}

static void put_u32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t size_of(const struct mode *m, uint32_t counter)
{
	return m->min_size + (counter * 2654435761u >> 7) % m->spread;
}

static uint8_t byte_of(uint32_t counter, uint32_t k)
{
	return (uint8_t)(counter * 31 + k * 7 + (k >> 8));
}

static uint32_t fill(const struct mode *m, uint32_t counter)
{
	uint32_t size = size_of(m, counter);

	put_u32(value, counter);
	put_u32(value + 4, size);
	for (uint32_t k = 8; k < size; k++)
		value[k] = byte_of(counter, k);
	return size;
}

static bool consistent(uint64_t size)
{
	uint32_t counter = get_u32(value);

	if (size < 8 || get_u32(value + 4) != size)
		return false;
	for (uint32_t k = 8; k < size; k++)
		if (value[k] != byte_of(counter, k))
			return false;
	return true;
}

static void line(const char *what, uint32_t var, const uint32_t *counter)
{
	t_puts(what);
	t_puts(" ");
	t_put_dec(var);
	if (counter) {
		t_puts(" ");
		t_put_dec(*counter);
	}
	t_puts("\n");
}

/* Reports every variable; returns the highest counter found (0 if none). */
static uint32_t report(const struct mode *m)
{
	uint32_t top = 0;

	for (uint32_t i = 0; i < m->count; i++) {
		char16_t name[5];
		uint64_t size = sizeof(value);
		uint32_t attributes = 0, counter;
		efi_status_t s;

		name_of(name, i);
		s = env.rt->get_variable(name, &vendor, &attributes, &size, value);
		if (s == EFI_NOT_FOUND) {
			line("NONE", i, NULL);
			continue;
		}
		if (s != EFI_SUCCESS || attributes != NV_BS_RT || !consistent(size)) {
			line("BAD", i, NULL);
			continue;
		}
		counter = get_u32(value);
		line("GOT", i, &counter);
		if (counter > top)
			top = counter;
	}
	return top;
}

static bool gc_mode(void)
{
	static const efi_guid_t loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	struct efi_loaded_image *li;
	const char16_t *o;

	if (env.bs->handle_protocol(env.image, &loaded_image_guid, (void **)&li) != EFI_SUCCESS ||
	    !li->load_options || li->load_options_size < 4)
		return false;
	o = li->load_options;
	return o[0] == 'g' && o[1] == 'c';
}

efi_status_t efi_main(efi_handle_t image, struct efi_system_table *st)
{
	static const struct mode normal = { 16, 8, 300 }, gc = { 40, 2500, 1000 };
	const struct mode *m;
	uint32_t counter;

	t_init(image, st);
	t_use_uart();
	m = gc_mode() ? &gc : &normal;
	counter = report(m);
	t_puts("READY\n");
	for (uint32_t n = 0; n < 1000000; n++) {
		uint32_t size, var;
		efi_status_t s;
		char16_t name[5];

		counter++;
		var = counter % m->count;
		size = fill(m, counter);
		name_of(name, var);
		s = env.rt->set_variable(name, &vendor, NV_BS_RT, size, value);
		if (s != EFI_SUCCESS) {
			t_puts("ERR ");
			t_put_hex(s);
			t_puts("\n");
			break;
		}
		line("SET", var, &counter);
	}
	env.rt->reset_system(2 /* EfiResetShutdown */, EFI_SUCCESS, 0, NULL);
	return EFI_SUCCESS;
}
