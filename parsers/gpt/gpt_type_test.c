/*
 * gpt_type_text(): each common type by its name, any other as its GUID text.
 * The GUIDs here are parsed from their text form (as the specifications and
 * sgdisk print them), apart from the table's own byte-order macro, so a
 * byte swapped in either is caught.
 */
#include <stdlib.h>
#include <string.h>

#include "parsers/gpt/gpt.h"
#include "tools/testing/check.h"

/* "0FC63DAF-8483-4772-8E79-3D69D8477DE4" to on-disk order (D1..D3 little-endian). */
static void parse(const char *text, uint8_t guid[16])
{
	static const unsigned from[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
	uint8_t big[16];
	unsigned n = 0;

	for (const char *p = text; *p && n < 16; p++) {
		char pair[3] = { p[0], p[1], 0 };

		if (*p == '-')
			continue;
		big[n++] = (uint8_t)strtoul(pair, NULL, 16);
		p++;
	}
	CHECK(n == 16);
	for (unsigned i = 0; i < 16; i++)
		guid[i] = big[from[i]];
}

static void check_text(const char *guid_text, const char *want)
{
	uint8_t guid[16];
	char out[GPT_TYPE_TEXT_SIZE];

	parse(guid_text, guid);
	memset(out, 'x', sizeof(out));
	gpt_type_text(guid, out);
	if (strcmp(out, want) != 0)
		fprintf(stderr, "%s: got \"%.37s\", want \"%s\"\n", guid_text, out, want);
	CHECK(strcmp(out, want) == 0);
}

static void test_known(void)
{
	check_text("0FC63DAF-8483-4772-8E79-3D69D8477DE4", "Linux filesystem");
	check_text("B921B045-1DF0-41C3-AF44-4C6F280D3FAE", "Linux root (ARM64)");
	check_text("0657FD6D-A4AB-43C4-84E5-0933C84B4F4F", "Linux swap");
	check_text("E6D6D379-F507-44C2-A23C-238F2A3DF928", "Linux LVM");
	check_text("A19D880F-05FC-4D3B-A006-743F0F84911E", "Linux RAID");
	check_text("933AC7E1-2EB4-4F13-B844-0E14E2AEF915", "Linux /home");
	check_text("BC13C2FF-59E6-4262-A352-B275FD6F7172", "Linux extended boot (XBOOTLDR)");
	check_text("EBD0A0A2-B9E5-4433-87C0-68B6B72699C7", "Microsoft basic data");
	check_text("21686148-6449-6E6F-744E-656564454649", "BIOS boot");
}

/* Others, and a known GUID with one byte changed (its last), as GUID text. */
static void test_others(void)
{
	char out[GPT_TYPE_TEXT_SIZE];

	gpt_type_text(gpt_type_esp, out);
	CHECK(strcmp(out, "C12A7328-F81F-11D2-BA4B-00A0C93EC93B") == 0);
	/* Linux root (x86-64): not in the table, an ARM64 firmware's disk seldom has one */
	check_text("4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709", "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709");
	check_text("0FC63DAF-8483-4772-8E79-3D69D8477DE5", "0FC63DAF-8483-4772-8E79-3D69D8477DE5");
	check_text("00112233-4455-6677-8899-AABBCCDDEEFF", "00112233-4455-6677-8899-AABBCCDDEEFF");
}

int main(void)
{
	test_known();
	test_others();
	return check_report("gpt_type_test");
}
