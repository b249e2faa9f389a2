/* Host tests for the variable store (firmware/efi/varstore.c, varstore_attach.c). */
#include <stdio.h>
#include <string.h>

#include "firmware/efi/varstore.h"
#include "parsers/varstore/testing/ram_flash.h"
#include "tools/testing/check.h"

#define BS EFI_VARIABLE_BOOTSERVICE_ACCESS
#define RT EFI_VARIABLE_RUNTIME_ACCESS
#define NV EFI_VARIABLE_NON_VOLATILE
#define APPEND EFI_VARIABLE_APPEND_WRITE

static const efi_guid_t vendor = EFI_GUID(0x12345678, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
static const efi_guid_t other = EFI_GUID(0x87654321, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
static uint64_t storage[512];
static struct varstore vs;

static const efi_char16_t foo[] = u"Foo";
static const efi_char16_t bar[] = u"Bar";
static const efi_char16_t empty[] = u"";

static void fresh(void)
{
	varstore_init(&vs, storage, sizeof(storage));
}

static void test_set_get(void)
{
	uint8_t buf[16];
	uint64_t size = sizeof(buf);
	uint32_t attr = 0;

	fresh();
	CHECK(varstore_set(&vs, foo, &vendor, BS | RT, 3, "abc", false) == EFI_SUCCESS);
	CHECK(varstore_get(&vs, foo, &vendor, &attr, &size, buf, false) == EFI_SUCCESS);
	CHECK(size == 3 && memcmp(buf, "abc", 3) == 0 && attr == (BS | RT));
	/* same name, other GUID: distinct variable */
	size = sizeof(buf);
	CHECK(varstore_get(&vs, foo, &other, NULL, &size, buf, false) == EFI_NOT_FOUND);
	/* too small: size and attributes reported */
	size = 1;
	attr = 0;
	CHECK(varstore_get(&vs, foo, &vendor, &attr, &size, buf, false) == EFI_BUFFER_TOO_SMALL);
	CHECK(size == 3 && attr == (BS | RT));
	size = 8;
	CHECK(varstore_get(&vs, foo, &vendor, NULL, &size, NULL, false) == EFI_INVALID_PARAMETER);
	CHECK(varstore_get(&vs, NULL, &vendor, NULL, &size, buf, false) == EFI_INVALID_PARAMETER);
	CHECK(varstore_get(&vs, foo, NULL, NULL, &size, buf, false) == EFI_INVALID_PARAMETER);
	CHECK(varstore_get(&vs, foo, &vendor, NULL, NULL, buf, false) == EFI_INVALID_PARAMETER);
	/* overwrite with a different length */
	CHECK(varstore_set(&vs, foo, &vendor, BS | RT, 5, "hello", false) == EFI_SUCCESS);
	size = sizeof(buf);
	CHECK(varstore_get(&vs, foo, &vendor, NULL, &size, buf, false) == EFI_SUCCESS);
	CHECK(size == 5 && memcmp(buf, "hello", 5) == 0);
}

static void test_set_rules(void)
{
	efi_char16_t unterminated[VARSTORE_MAX_NAME_BYTES];

	fresh();
	for (size_t i = 0; i < VARSTORE_MAX_NAME_BYTES / 2; i++)
		unterminated[i] = 'x';
	CHECK(varstore_set(&vs, NULL, &vendor, BS, 1, "a", false) == EFI_INVALID_PARAMETER);
	CHECK(varstore_set(&vs, foo, NULL, BS, 1, "a", false) == EFI_INVALID_PARAMETER);
	CHECK(varstore_set(&vs, empty, &vendor, BS, 1, "a", false) == EFI_INVALID_PARAMETER);
	CHECK(varstore_set(&vs, unterminated, &vendor, BS, 1, "a", false) ==
	      EFI_INVALID_PARAMETER);
	CHECK(varstore_set(&vs, foo, &vendor, RT, 1, "a", false) == EFI_INVALID_PARAMETER);
	CHECK(varstore_set(&vs, foo, &vendor, NV, 1, "a", false) == EFI_INVALID_PARAMETER);
	CHECK(varstore_set(&vs, foo, &vendor, BS | APPEND, 0, NULL, false) == EFI_SUCCESS);
	CHECK(vs.used == 0); /* appending nothing creates nothing */
	CHECK(varstore_set(&vs, foo, &vendor, BS, 1, NULL, false) == EFI_INVALID_PARAMETER);
	CHECK(varstore_set(&vs, foo, &vendor, BS | EFI_VARIABLE_AUTHENTICATED_WRITE_ACCESS, 1, "a",
			   false) == EFI_UNSUPPORTED);
	CHECK(varstore_set(&vs, foo, &vendor, BS | EFI_VARIABLE_HARDWARE_ERROR_RECORD, 1, "a",
			   false) == EFI_UNSUPPORTED);
	CHECK(varstore_set(&vs, foo, &vendor, BS | 0x100, 1, "a", false) == EFI_INVALID_PARAMETER);
	CHECK(varstore_set(&vs, foo, &vendor, 0x80000000u, 0, NULL, false) ==
	      EFI_INVALID_PARAMETER);
	/* attributes of an existing variable cannot change */
	CHECK(varstore_set(&vs, foo, &vendor, BS, 1, "a", false) == EFI_SUCCESS);
	CHECK(varstore_set(&vs, foo, &vendor, BS | RT, 1, "a", false) == EFI_INVALID_PARAMETER);
	CHECK(varstore_set(&vs, foo, &vendor, NV | BS, 1, "a", false) == EFI_INVALID_PARAMETER);
	/* out of space: nothing changes */
	CHECK(varstore_set(&vs, bar, &vendor, BS, sizeof(storage), storage, false) ==
	      EFI_OUT_OF_RESOURCES);
	CHECK(varstore_set(&vs, bar, &vendor, BS, UINT64_MAX, storage, false) ==
	      EFI_OUT_OF_RESOURCES);
	CHECK(vs.used == 72 /* 56-byte record header + "Foo" + 1 byte, padded */);
}

static void test_delete(void)
{
	uint8_t buf[8];
	uint64_t size = sizeof(buf);

	fresh();
	CHECK(varstore_set(&vs, foo, &vendor, BS, 0, NULL, false) == EFI_NOT_FOUND);
	CHECK(varstore_set(&vs, foo, &vendor, BS, 2, "ab", false) == EFI_SUCCESS);
	CHECK(varstore_set(&vs, bar, &vendor, BS, 2, "cd", false) == EFI_SUCCESS);
	/* size 0 deletes; the later entry survives the compaction */
	CHECK(varstore_set(&vs, foo, &vendor, BS, 0, NULL, false) == EFI_SUCCESS);
	CHECK(varstore_get(&vs, foo, &vendor, NULL, &size, buf, false) == EFI_NOT_FOUND);
	CHECK(varstore_get(&vs, bar, &vendor, NULL, &size, buf, false) == EFI_SUCCESS);
	CHECK(size == 2 && memcmp(buf, "cd", 2) == 0);
	/* no access attributes deletes too, whatever the size */
	CHECK(varstore_set(&vs, bar, &vendor, 0, 2, "zz", false) == EFI_SUCCESS);
	CHECK(vs.used == 0);
}

static void test_append(void)
{
	uint8_t buf[16];
	uint64_t size = sizeof(buf);

	fresh();
	CHECK(varstore_set(&vs, foo, &vendor, BS | APPEND, 2, "ab", false) == EFI_SUCCESS);
	CHECK(varstore_set(&vs, bar, &vendor, BS, 1, "x", false) == EFI_SUCCESS);
	CHECK(varstore_set(&vs, foo, &vendor, BS | APPEND, 3, "cde", false) == EFI_SUCCESS);
	CHECK(varstore_set(&vs, foo, &vendor, BS | APPEND, 0, NULL, false) == EFI_SUCCESS);
	CHECK(varstore_get(&vs, foo, &vendor, NULL, &size, buf, false) == EFI_SUCCESS);
	CHECK(size == 5 && memcmp(buf, "abcde", 5) == 0);
	size = sizeof(buf);
	CHECK(varstore_get(&vs, bar, &vendor, NULL, &size, buf, false) == EFI_SUCCESS);
	CHECK(size == 1 && buf[0] == 'x');
	CHECK(varstore_set(&vs, foo, &vendor, BS | RT | APPEND, 1, "f", false) ==
	      EFI_INVALID_PARAMETER);
}

static void test_next_name(void)
{
	efi_char16_t name[16] = { 0 };
	efi_guid_t guid;
	uint64_t size = sizeof(name), small = 2;

	fresh();
	CHECK(varstore_next_name(&vs, &size, name, &guid, false) == EFI_NOT_FOUND);
	varstore_set(&vs, foo, &vendor, BS, 1, "a", false);
	varstore_set(&vs, bar, &other, BS | RT, 1, "b", false);
	CHECK(varstore_next_name(&vs, &small, name, &guid, false) == EFI_BUFFER_TOO_SMALL);
	CHECK(small == sizeof(foo));
	size = sizeof(name);
	CHECK(varstore_next_name(&vs, &size, name, &guid, false) == EFI_SUCCESS);
	CHECK(size == sizeof(foo) && memcmp(name, foo, sizeof(foo)) == 0);
	CHECK(memcmp(&guid, &vendor, sizeof(guid)) == 0);
	size = sizeof(name);
	CHECK(varstore_next_name(&vs, &size, name, &guid, false) == EFI_SUCCESS);
	CHECK(memcmp(name, bar, sizeof(bar)) == 0 && memcmp(&guid, &other, sizeof(guid)) == 0);
	size = sizeof(name);
	CHECK(varstore_next_name(&vs, &size, name, &guid, false) == EFI_NOT_FOUND);
	/* a name that is not a variable */
	memcpy(name, u"Nope", sizeof(u"Nope"));
	size = sizeof(name);
	CHECK(varstore_next_name(&vs, &size, name, &guid, false) == EFI_INVALID_PARAMETER);
	/* no NUL within the given size */
	size = 4;
	CHECK(varstore_next_name(&vs, &size, name, &guid, false) == EFI_INVALID_PARAMETER);
	CHECK(varstore_next_name(&vs, NULL, name, &guid, false) ==
	      EFI_INVALID_PARAMETER);
}

static void test_runtime_visibility(void)
{
	efi_char16_t name[16] = { 0 };
	efi_guid_t guid;
	uint8_t buf[4];
	uint64_t size = sizeof(buf);

	fresh();
	varstore_set(&vs, foo, &vendor, BS, 1, "a", false);
	varstore_set(&vs, bar, &vendor, BS | RT, 1, "b", false);
	CHECK(varstore_get(&vs, foo, &vendor, NULL, &size, buf, true) == EFI_NOT_FOUND);
	CHECK(varstore_get(&vs, bar, &vendor, NULL, &size, buf, true) == EFI_SUCCESS);
	size = sizeof(name);
	CHECK(varstore_next_name(&vs, &size, name, &guid, true) == EFI_SUCCESS);
	CHECK(memcmp(name, bar, sizeof(bar)) == 0);
	CHECK(varstore_set(&vs, foo, &vendor, BS, 0, NULL, true) == EFI_NOT_FOUND);
	CHECK(varstore_set(&vs, u"New", &vendor, BS, 1, "n", true) == EFI_INVALID_PARAMETER);
	/* volatile variables are read-only at runtime: no new ones, no changes */
	CHECK(varstore_set(&vs, u"New", &vendor, BS | RT, 1, "n", true) == EFI_INVALID_PARAMETER);
	CHECK(varstore_set(&vs, bar, &vendor, BS | RT, 1, "c", true) == EFI_INVALID_PARAMETER);
	CHECK(varstore_set(&vs, bar, &vendor, NV | BS | RT, 1, "c", true) == EFI_WRITE_PROTECTED);
	CHECK(varstore_set(&vs, bar, &vendor, 0, 0, NULL, true) == EFI_WRITE_PROTECTED);
	size = sizeof(buf);
	CHECK(varstore_get(&vs, bar, &vendor, NULL, &size, buf, true) == EFI_SUCCESS);
	CHECK(size == 1 && buf[0] == 'b');
	CHECK(varstore_set(&vs, u"New", &vendor, NV | BS | RT, 1, "n", true) == EFI_SUCCESS);
	CHECK(varstore_set(&vs, u"New", &vendor, NV | BS | RT, 1, "m", true) == EFI_SUCCESS);
	CHECK(varstore_set(&vs, u"New", &vendor, 0, 0, NULL, true) == EFI_SUCCESS);
}

static void test_query(void)
{
	uint64_t max = 0, rem = 0, var = 0;

	fresh();
	CHECK(varstore_query(&vs, BS, &max, &rem, &var, false) == EFI_SUCCESS);
	CHECK(max == sizeof(storage) && rem == sizeof(storage) && var < max);
	varstore_set(&vs, foo, &vendor, BS, 1, "a", false);
	CHECK(varstore_query(&vs, BS | RT, &max, &rem, &var, false) == EFI_SUCCESS);
	CHECK(rem == sizeof(storage) - 72);
	CHECK(varstore_query(&vs, 0, &max, &rem, &var, false) == EFI_INVALID_PARAMETER);
	CHECK(varstore_query(&vs, BS, &max, &rem, &var, true) == EFI_INVALID_PARAMETER);
	CHECK(varstore_query(&vs, BS, NULL, &rem, &var, false) == EFI_INVALID_PARAMETER);
	CHECK(varstore_query(&vs, BS | EFI_VARIABLE_HARDWARE_ERROR_RECORD, &max, &rem, &var,
			     false) == EFI_UNSUPPORTED);
	CHECK(varstore_query(&vs, BS | 0x100, &max, &rem, &var, false) == EFI_INVALID_PARAMETER);
}

/* ---- persistence: a RAM flash of two 2 KiB areas ---- */

#define AREA 2048u
static uint8_t flash[2 * AREA];

/* A boot: a fresh RAM copy loaded from the flash. */
static void boot(struct varstore_attach_result *r)
{
	static uint32_t scratch[VARSTORE_ATTACH_SCRATCH_WORDS(sizeof(flash))];

	fresh();
	varstore_attach(&vs, flash, flash, sizeof(flash), 512, scratch, r);
}

static bool has(const efi_char16_t *name, const char *value)
{
	uint8_t buf[256];
	uint64_t size = sizeof(buf);
	efi_status_t s = varstore_get(&vs, name, &vendor, NULL, &size, buf, false);

	if (!value)
		return s == EFI_NOT_FOUND;
	return s == EFI_SUCCESS && size == strlen(value) && memcmp(buf, value, size) == 0;
}

static void test_persistence(void)
{
	struct varstore_attach_result r;
	uint64_t max = 0, rem = 0, var = 0;

	memset(flash, 0xff, sizeof(flash));
	ram_flash_init(flash, sizeof(flash), 512);
	boot(&r);
	CHECK(r.check == VARSTORE_ERR_BLANK && vs.persistent);
	CHECK(varstore_set(&vs, foo, &vendor, NV | BS | RT, 3, "abc", false) == EFI_SUCCESS);
	CHECK(varstore_set(&vs, bar, &vendor, BS, 3, "vol", false) == EFI_SUCCESS);
	CHECK(varstore_set(&vs, u"App", &vendor, NV | BS, 2, "12", false) == EFI_SUCCESS);
	CHECK(varstore_set(&vs, u"App", &vendor, NV | BS | APPEND, 2, "34", false) == EFI_SUCCESS);
	CHECK(varstore_set(&vs, u"Gone", &vendor, NV | BS, 1, "g", false) == EFI_SUCCESS);
	CHECK(varstore_set(&vs, u"Gone", &vendor, NV | BS, 0, NULL, false) == EFI_SUCCESS);
	CHECK(varstore_query(&vs, NV | BS, &max, &rem, &var, false) == EFI_SUCCESS);
	CHECK(max == AREA - VARSTORE_AREA_HEADER_SIZE && rem == max - 2 * 72);
	boot(&r);
	CHECK(r.check == VARSTORE_OK && r.info.records == 5);
	CHECK(has(foo, "abc") && has(u"App", "1234") && has(bar, NULL) && has(u"Gone", NULL));
	/* writes at runtime persist too */
	CHECK(varstore_set(&vs, foo, &vendor, NV | BS | RT, 2, "rt", true) == EFI_SUCCESS);
	boot(&r);
	CHECK(has(foo, "rt"));
}

/*
 * A bit UEFI 2.10 does not define never reaches flash: stored, it would end
 * the log at its record on the next boot (varstore_check), losing every
 * later write.
 */
static void test_undefined_attribute_not_stored(void)
{
	struct varstore_attach_result r;

	memset(flash, 0xff, sizeof(flash));
	ram_flash_init(flash, sizeof(flash), 512);
	boot(&r);
	CHECK(varstore_set(&vs, foo, &vendor, NV | BS | 0x100, 1, "a", false) ==
	      EFI_INVALID_PARAMETER);
	CHECK(varstore_set(&vs, bar, &vendor, NV | BS, 1, "b", false) == EFI_SUCCESS);
	boot(&r);
	CHECK(r.check == VARSTORE_OK && r.info.tail == VARSTORE_OK);
	CHECK(has(foo, NULL) && has(bar, "b"));
}

/*
 * QueryVariableInfo's non-volatile room is what a write can take: the flash
 * log's and the RAM copy's, whichever is less (volatile variables fill RAM).
 */
static void test_query_nv_room_counts_ram(void)
{
	static uint8_t big[3000];
	struct varstore_attach_result r;
	uint64_t max = 0, rem = 0, var = 0;

	memset(flash, 0xff, sizeof(flash));
	ram_flash_init(flash, sizeof(flash), 512);
	boot(&r);
	CHECK(varstore_set(&vs, bar, &vendor, BS, sizeof(big), big, false) == EFI_SUCCESS);
	CHECK(varstore_query(&vs, NV | BS, &max, &rem, &var, false) == EFI_SUCCESS);
	CHECK(max == AREA - VARSTORE_AREA_HEADER_SIZE && rem == sizeof(storage) - vs.used);
	/* a variable of exactly that room fits: 56-byte header, "Foo" (8 bytes), data */
	CHECK(varstore_set(&vs, foo, &vendor, NV | BS, rem - 56 - 8, big, false) == EFI_SUCCESS);
	CHECK(varstore_query(&vs, NV | BS, &max, &rem, &var, false) == EFI_SUCCESS && rem == 0);
}

/*
 * A window without a store (blank, zero as QEMU shows a bank without a file,
 * or garbage) is not touched by booting, reading, volatile writes or refused
 * non-volatile ones: no flash operation at all. The first non-volatile write
 * formats it (every block erased) and persists.
 */
static void test_no_store_untouched(uint8_t fill, int check)
{
	static uint8_t before[sizeof(flash)];
	static uint8_t big[AREA];
	struct varstore_attach_result r;
	uint64_t max = 0, rem = 0, var = 0;

	memset(flash, fill, sizeof(flash));
	memcpy(before, flash, sizeof(flash));
	ram_flash_init(flash, sizeof(flash), 512);
	for (int round = 0; round < 2; round++) {
		boot(&r);
		CHECK(r.check == check && vs.unformatted == check && vs.persistent);
		CHECK(has(foo, NULL));
		CHECK(varstore_set(&vs, bar, &vendor, BS | RT, 3, "vol", false) == EFI_SUCCESS);
		CHECK(varstore_set(&vs, foo, &vendor, NV | BS, 0, NULL, false) == EFI_NOT_FOUND);
		CHECK(varstore_set(&vs, u"Big", &vendor, NV | BS, sizeof(big), big, false) ==
		      EFI_OUT_OF_RESOURCES);
		CHECK(varstore_query(&vs, NV | BS, &max, &rem, &var, false) == EFI_SUCCESS);
		CHECK(max == AREA - VARSTORE_AREA_HEADER_SIZE && rem == max);
	}
	CHECK(ram_flash.programs == 0 && ram_flash.erases == 0);
	CHECK(memcmp(flash, before, sizeof(flash)) == 0);
	CHECK(varstore_set(&vs, foo, &vendor, NV | BS, 3, "abc", false) == EFI_SUCCESS);
	CHECK(vs.unformatted == VARSTORE_OK && vs.persistent);
	CHECK(ram_flash.erases == sizeof(flash) / 512);
	boot(&r);
	CHECK(r.check == VARSTORE_OK && r.info.records == 1 && has(foo, "abc") && has(bar, NULL));
}

/* Rewriting fills the area: compactions keep every variable, the area never overflows. */
static void test_compaction(void)
{
	struct varstore_attach_result r;
	char value[40];

	memset(flash, 0, sizeof(flash));
	ram_flash_init(flash, sizeof(flash), 512);
	boot(&r);
	CHECK(r.check == VARSTORE_ERR_ZERO);
	CHECK(varstore_set(&vs, bar, &vendor, NV | BS, 4, "keep", false) == EFI_SUCCESS);
	for (int i = 0; i < 200; i++) {
		int len = snprintf(value, sizeof(value), "value number %d", i);

		CHECK(varstore_set(&vs, foo, &vendor, NV | BS, (uint64_t)len, value, false) ==
		      EFI_SUCCESS);
	}
	CHECK(ram_flash.erases >= 2 * 4 /* formatting */ + 4 /* one compaction at least */);
	boot(&r);
	CHECK(r.check == VARSTORE_OK && r.info.generation > 1);
	CHECK(has(foo, "value number 199") && has(bar, "keep"));
	/* too big for an area: refused before anything is written */
	static uint8_t big[AREA];
	CHECK(varstore_set(&vs, u"Big", &vendor, NV | BS, sizeof(big), big, false) ==
	      EFI_OUT_OF_RESOURCES);
	boot(&r);
	CHECK(has(u"Big", NULL));
}

static void test_flash_failure(void)
{
	struct varstore_attach_result r;

	memset(flash, 0xff, sizeof(flash));
	ram_flash_init(flash, sizeof(flash), 512);
	boot(&r);
	CHECK(varstore_set(&vs, foo, &vendor, NV | BS, 3, "old", false) == EFI_SUCCESS);
	ram_flash.fail_all = true;
	CHECK(varstore_set(&vs, foo, &vendor, NV | BS, 3, "new", false) == EFI_DEVICE_ERROR);
	CHECK(has(foo, "old"));
	/* volatile variables do not touch the flash */
	CHECK(varstore_set(&vs, bar, &vendor, BS, 1, "v", false) == EFI_SUCCESS);
	ram_flash.fail_all = false;
	boot(&r);
	CHECK(has(foo, "old"));
}

/*
 * A window without a store on a bank that takes writes, whose format then
 * fails: no write is reported done that is not in flash. Each non-volatile
 * SetVariable (and delete) fails with EFI_DEVICE_ERROR and leaves RAM as it
 * was, volatile ones still work, and once the bank works again the next
 * write formats the window and persists.
 */
static void test_format_failure(uint8_t fill, int check)
{
	struct varstore_attach_result r;

	memset(flash, fill, sizeof(flash));
	ram_flash_init(flash, sizeof(flash), 512);
	boot(&r);
	CHECK(r.check == check && vs.persistent);
	ram_flash.fail_all = true;
	for (int i = 0; i < 2; i++) {
		CHECK(varstore_set(&vs, foo, &vendor, NV | BS, 3, "one", false) == EFI_DEVICE_ERROR);
		CHECK(varstore_set(&vs, foo, &vendor, NV | BS | APPEND, 3, "two", false) ==
		      EFI_DEVICE_ERROR);
		CHECK(vs.persistent && vs.unformatted == check);
		CHECK(has(foo, NULL));
	}
	CHECK(varstore_set(&vs, bar, &vendor, BS, 3, "vol", false) == EFI_SUCCESS);
	CHECK(has(bar, "vol"));
	ram_flash.fail_all = false;
	CHECK(varstore_set(&vs, foo, &vendor, NV | BS, 3, "new", false) == EFI_SUCCESS);
	CHECK(vs.unformatted == VARSTORE_OK && has(foo, "new"));
	boot(&r);
	CHECK(r.check == VARSTORE_OK && r.info.records == 1 && has(foo, "new") && has(bar, NULL));
}

/*
 * A window without a store on a bank that says it refuses writes (asked
 * before the first format, not at boot): the store turns volatile,
 * non-volatile writes stay in RAM as without a bank, and the flash is not
 * touched. A window with a store is asked at boot (varstore_flash.c).
 */
static void test_read_only(void)
{
	struct varstore_attach_result r;

	memset(flash, 0x33, sizeof(flash));
	ram_flash_init(flash, sizeof(flash), 512);
	ram_flash.read_only = true;
	boot(&r);
	CHECK(r.check == VARSTORE_ERR_NO_AREA && vs.persistent);
	CHECK(varstore_set(&vs, foo, &vendor, NV | BS, 3, "ram", false) == EFI_SUCCESS);
	CHECK(!vs.persistent && vs.unformatted == VARSTORE_OK);
	CHECK(varstore_set(&vs, bar, &vendor, NV | BS, 3, "two", false) == EFI_SUCCESS);
	CHECK(varstore_set(&vs, bar, &vendor, NV | BS, 0, NULL, false) == EFI_SUCCESS);
	CHECK(has(foo, "ram") && has(bar, NULL));
	CHECK(ram_flash.programs == 0 && ram_flash.erases == 0);
	{
		bool untouched = true;

		for (size_t i = 0; i < sizeof(flash); i++)
			untouched &= flash[i] == 0x33;
		CHECK(untouched);
	}
	ram_flash.read_only = false;
}

/*
 * A store on a bank that refuses writes: loaded at boot, and the first
 * non-volatile write (not the boot) asks the bank, once: the store turns
 * volatile, that write and later ones stay in RAM, and the flash keeps the
 * old store. On a bank that takes writes the question is asked once too,
 * and a boot that writes nothing asks nothing.
 */
static void test_read_only_store(void)
{
	static uint8_t before[sizeof(flash)];
	struct varstore_attach_result r;

	memset(flash, 0xff, sizeof(flash));
	ram_flash_init(flash, sizeof(flash), 512);
	boot(&r);
	CHECK(varstore_set(&vs, foo, &vendor, NV | BS, 3, "old", false) == EFI_SUCCESS);
	CHECK(ram_flash.questions == 1);
	CHECK(varstore_set(&vs, bar, &vendor, NV | BS, 3, "bar", false) == EFI_SUCCESS);
	CHECK(ram_flash.questions == 1);
	memcpy(before, flash, sizeof(flash));
	ram_flash.read_only = true;
	ram_flash.questions = ram_flash.programs = ram_flash.erases = 0;
	boot(&r);
	CHECK(r.check == VARSTORE_OK && vs.persistent && has(foo, "old") && has(bar, "bar"));
	CHECK(ram_flash.questions == 0);
	CHECK(varstore_set(&vs, foo, &vendor, NV | BS, 3, "new", false) == EFI_SUCCESS);
	CHECK(!vs.persistent && ram_flash.questions == 1);
	CHECK(varstore_set(&vs, bar, &vendor, NV | BS, 0, NULL, false) == EFI_SUCCESS);
	CHECK(has(foo, "new") && has(bar, NULL));
	CHECK(ram_flash.questions == 1 && ram_flash.programs == 0 && ram_flash.erases == 0);
	CHECK(memcmp(flash, before, sizeof(flash)) == 0);
	ram_flash.read_only = false;
	boot(&r);
	CHECK(has(foo, "old") && has(bar, "bar"));
}

int main(void)
{
	test_persistence();
	test_undefined_attribute_not_stored();
	test_query_nv_room_counts_ram();
	test_no_store_untouched(0xff, VARSTORE_ERR_BLANK);
	test_no_store_untouched(0x00, VARSTORE_ERR_ZERO);
	test_no_store_untouched(0x33, VARSTORE_ERR_NO_AREA);
	test_compaction();
	test_flash_failure();
	test_format_failure(0xff, VARSTORE_ERR_BLANK);
	test_format_failure(0x33, VARSTORE_ERR_NO_AREA);
	test_read_only();
	test_read_only_store();
	test_set_get();
	test_set_rules();
	test_delete();
	test_append();
	test_next_name();
	test_runtime_visibility();
	test_query();
	return check_report("varstore_test");
}
