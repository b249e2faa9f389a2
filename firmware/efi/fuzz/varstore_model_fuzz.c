/*
 * Differential harness for varstore.c on a flash store: records of the input
 * are SetVariable calls on a few names and GUIDs (random attributes, sizes
 * and runtime phase), each optionally followed by a reboot, or cut short by
 * a power cut after N flash operations (then a reboot). Whatever status they
 * return, the store must afterwards hold exactly what a simple model says
 * the successful calls left: GetVariable of every name and a full
 * GetNextVariableName walk are compared with it, and QueryVariableInfo must
 * account for the space. A reboot keeps exactly the non-volatile variables;
 * the one write a power cut interrupted has its old value or its new one.
 * After ExitBootServices no call may succeed in changing a volatile variable.
 * The blank flash is formatted by the first non-volatile write, not before:
 * until then it takes no flash operation at all.
 */
#include <stdlib.h>
#include <string.h>

#include "firmware/efi/varstore.h"
#include "parsers/varstore/testing/ram_flash.h"

#define NAMES 4
#define GUIDS 2
#define MAX_DATA 96
#define STORE_BYTES 4096
#define AREA_BYTES 2048
#define BLOCK_BYTES 512
#define UNDEFINED_ATTRIBUTE 0x100u /* no meaning in UEFI 2.10: the call must fail */

static const efi_char16_t *const names[NAMES] = { u"A", u"Boot0001", u"LoaderInfo", u"X" };
static const efi_guid_t guids[GUIDS] = {
	EFI_GUID(0x8be4df61, 0x93ca, 0x11d2, 0xaa, 0x0d, 0x00, 0xe0, 0x98, 0x03, 0x2b, 0x8c),
	EFI_GUID(0x4a67b082, 0x0a4c, 0x41cf, 0xb6, 0xc7, 0x44, 0x0b, 0x29, 0xbb, 0x8c, 0x4f),
};

struct model_var {
	bool exists;
	uint32_t attributes;
	uint64_t size;
	uint8_t data[STORE_BYTES];
};

static struct model_var model[NAMES][GUIDS];

static void model_apply(struct model_var *v, uint32_t attributes, const uint8_t *data,
			uint64_t size)
{
	bool append = attributes & EFI_VARIABLE_APPEND_WRITE;
	uint32_t access = attributes & 7;

	if (!access || (!size && !append)) {
		v->exists = false;
		return;
	}
	if (!size)
		return; /* appending nothing */
	if (!append || !v->exists)
		v->size = 0;
	memcpy(v->data + v->size, data, size);
	v->size += size;
	v->exists = true;
	v->attributes = attributes & ~EFI_VARIABLE_APPEND_WRITE;
}

static bool visible(const struct model_var *v, bool runtime)
{
	return v->exists && (!runtime || (v->attributes & EFI_VARIABLE_RUNTIME_ACCESS));
}

static void check_gets(const struct varstore *vs, bool runtime)
{
	static uint8_t buf[STORE_BYTES];

	for (int n = 0; n < NAMES; n++) {
		for (int g = 0; g < GUIDS; g++) {
			const struct model_var *v = &model[n][g];
			uint64_t size = sizeof(buf);
			uint32_t attributes = 0;
			efi_status_t s = varstore_get(vs, names[n], &guids[g], &attributes, &size,
						      buf, runtime);

			if (!visible(v, runtime)) {
				if (s != EFI_NOT_FOUND)
					abort();
				continue;
			}
			if (s != EFI_SUCCESS || size != v->size || attributes != v->attributes ||
			    memcmp(buf, v->data, size) != 0)
				abort();
		}
	}
}

static void check_walk(const struct varstore *vs, bool runtime)
{
	efi_char16_t name[64] = { 0 };
	efi_guid_t guid;
	int seen = 0, expected = 0;

	for (int n = 0; n < NAMES; n++)
		for (int g = 0; g < GUIDS; g++)
			expected += visible(&model[n][g], runtime);
	for (;;) {
		uint64_t size = sizeof(name);
		efi_status_t s = varstore_next_name(vs, &size, name, &guid, runtime);
		bool known = false;

		if (s == EFI_NOT_FOUND)
			break;
		if (s != EFI_SUCCESS || ++seen > expected)
			abort();
		for (int n = 0; n < NAMES; n++)
			for (int g = 0; g < GUIDS; g++)
				known |= visible(&model[n][g], runtime) &&
					 memcmp(&guid, &guids[g], sizeof(guid)) == 0 &&
					 size == 2 * (1 + (uint64_t)(n == 0   ? 1
								  : n == 1 ? 8
								  : n == 2 ? 10
									   : 1)) &&
					 memcmp(name, names[n], size) == 0;
		if (!known)
			abort();
	}
	if (seen != expected)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t store[STORE_BYTES / 8];
static uint8_t flash[2 * AREA_BYTES];

static bool formatted; /* a format succeeded: every reboot must find a valid store */
static bool torn;      /* a power cut hit a format: the window may hold anything */

/* After a SetVariable: notes whether it formatted the flash, or was cut doing so. */
static void note_format(const struct varstore *vs)
{
	if (vs->persistent && vs->unformatted == VARSTORE_OK)
		formatted = true;
	else if (ram_flash.off)
		torn = true;
}

/* A reboot: the RAM copy is rebuilt from flash; volatile variables are gone. */
static void reboot(struct varstore *vs)
{
	static uint32_t scratch[VARSTORE_ATTACH_SCRATCH_WORDS(sizeof(flash))];
	struct varstore_attach_result result;

	ram_flash_power_on();
	varstore_init(vs, store, sizeof(store));
	varstore_attach(vs, flash, flash, sizeof(flash), BLOCK_BYTES, scratch, &result);
	if (formatted && result.check != VARSTORE_OK)
		abort(); /* once formatted, the store must always be valid */
	if (!formatted && !torn &&
	    (result.check != VARSTORE_ERR_BLANK || ram_flash.programs || ram_flash.erases))
		abort(); /* no flash operation before the first non-volatile write */
	for (int n = 0; n < NAMES; n++)
		for (int g = 0; g < GUIDS; g++)
			if (!(model[n][g].attributes & EFI_VARIABLE_NON_VOLATILE))
				model[n][g].exists = false;
}

/* After a cut during a write of v: the store has the old value or the new one. */
static void settle(const struct varstore *vs, int n, int g, const struct model_var *before,
		   const struct model_var *after)
{
	static uint8_t buf[STORE_BYTES];
	uint64_t size = sizeof(buf);
	uint32_t attributes = 0;
	efi_status_t s = varstore_get(vs, names[n], &guids[g], &attributes, &size, buf, false);
	const struct model_var *candidates[2] = { before, after };

	for (int i = 0; i < 2; i++) {
		const struct model_var *c = candidates[i];
		bool kept = c->exists && (c->attributes & EFI_VARIABLE_NON_VOLATILE);

		if (kept ? (s == EFI_SUCCESS && size == c->size && attributes == c->attributes &&
			    memcmp(buf, c->data, size) == 0)
			 : s == EFI_NOT_FOUND) {
			model[n][g] = *c;
			model[n][g].exists = kept;
			return;
		}
	}
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct varstore vs;
	uint64_t max, remaining, max_var;
	bool runtime = false;

	memset(model, 0, sizeof(model));
	memset(flash, 0xff, sizeof(flash));
	ram_flash_init(flash, sizeof(flash), BLOCK_BYTES);
	formatted = torn = false;
	reboot(&vs);
	while (size >= 4) {
		int n = data[0] % NAMES, g = (data[0] >> 2) % GUIDS;
		uint32_t attributes = (data[1] & 0x7f) | (data[1] & 0x80 ? UNDEFINED_ATTRIBUTE : 0);
		uint64_t len = data[2] % MAX_DATA;
		uint8_t after = data[3];
		static struct model_var before, planned;
		efi_status_t status;

		if (data[0] & 0x80)
			runtime = true; /* ExitBootServices happens once */
		data += 4;
		size -= 4;
		if (len > size)
			len = size;
		before = model[n][g];
		planned = before;
		if (!(attributes & UNDEFINED_ATTRIBUTE))
			model_apply(&planned, attributes, data, len);
		if (after & 0x80)
			ram_flash_cut_after(after & 0x3f);
		status = varstore_set(&vs, names[n], &guids[g], attributes, len, len ? data : NULL,
				      runtime);
		note_format(&vs);
		if (status == EFI_SUCCESS && (attributes & UNDEFINED_ATTRIBUTE))
			abort();
		if (status == EFI_SUCCESS) {
			bool deletes = !(attributes & 7) ||
				       (len == 0 && !(attributes & EFI_VARIABLE_APPEND_WRITE));

			/* after ExitBootServices only non-volatile variables change */
			if (runtime && model[n][g].exists &&
			    !(model[n][g].attributes & EFI_VARIABLE_NON_VOLATILE))
				abort();
			if (runtime && !deletes && !(attributes & EFI_VARIABLE_NON_VOLATILE))
				abort();
			model[n][g] = planned;
		} else if (status == EFI_DEVICE_ERROR && !ram_flash.off) {
			abort(); /* only a power cut makes the flash fail here */
		}
		data += len;
		size -= len;
		if (after & 0x80) {
			bool cut = ram_flash.off;

			reboot(&vs);
			runtime = false;
			if (cut)
				settle(&vs, n, g, &before, &planned);
		} else if (after & 0x40) {
			reboot(&vs);
			runtime = false;
		}
		check_gets(&vs, runtime);
		check_walk(&vs, runtime);
		if (varstore_query(&vs, EFI_VARIABLE_BOOTSERVICE_ACCESS | EFI_VARIABLE_RUNTIME_ACCESS,
				   &max, &remaining, &max_var, runtime) != EFI_SUCCESS ||
		    max != sizeof(store) || remaining > max)
			abort();
		if (varstore_query(&vs, EFI_VARIABLE_NON_VOLATILE | EFI_VARIABLE_BOOTSERVICE_ACCESS |
						EFI_VARIABLE_RUNTIME_ACCESS,
				   &max, &remaining, &max_var, runtime) != EFI_SUCCESS ||
		    max != AREA_BYTES - VARSTORE_AREA_HEADER_SIZE || remaining > max)
			abort();
	}
	return 0;
}
