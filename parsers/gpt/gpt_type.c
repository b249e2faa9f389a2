/*
 * Partition type GUIDs as a user reads them: the commonest by a short name,
 * any other as its GUID text. For the boot manager's last line, which names
 * the partitions of a GPT without an ESP (a Linux root, swap, a Windows data
 * partition): a name says at once what the disk is, a GUID needs a lookup.
 *
 * GUIDs as the Discoverable Partitions Specification (UAPI group) and
 * util-linux/gdisk list them, checked against `sgdisk -t` on a scratch image.
 */
#include <string.h>

#include "parsers/gpt/gpt.h"

/* A GUID from its text form (D1-D2-D3-D4[0..1]-D4[2..7]), in on-disk (mixed-endian) order. */
#define GUID(d1, d2, d3, a, b, c, d, e, f, g, h)                                        \
	{ (d1) & 0xff, (d1) >> 8 & 0xff, (d1) >> 16 & 0xff, (unsigned)(d1) >> 24,       \
	  (d2) & 0xff, (d2) >> 8, (d3) & 0xff, (d3) >> 8, a, b, c, d, e, f, g, h }

static const struct {
	uint8_t guid[16];
	const char *name;
} known[] = {
	{ GUID(0x0FC63DAF, 0x8483, 0x4772, 0x8E, 0x79, 0x3D, 0x69, 0xD8, 0x47, 0x7D, 0xE4),
	  "Linux filesystem" },
	{ GUID(0xB921B045, 0x1DF0, 0x41C3, 0xAF, 0x44, 0x4C, 0x6F, 0x28, 0x0D, 0x3F, 0xAE),
	  "Linux root (ARM64)" },
	{ GUID(0x0657FD6D, 0xA4AB, 0x43C4, 0x84, 0xE5, 0x09, 0x33, 0xC8, 0x4B, 0x4F, 0x4F),
	  "Linux swap" },
	{ GUID(0xE6D6D379, 0xF507, 0x44C2, 0xA2, 0x3C, 0x23, 0x8F, 0x2A, 0x3D, 0xF9, 0x28),
	  "Linux LVM" },
	{ GUID(0xA19D880F, 0x05FC, 0x4D3B, 0xA0, 0x06, 0x74, 0x3F, 0x0F, 0x84, 0x91, 0x1E),
	  "Linux RAID" },
	{ GUID(0x933AC7E1, 0x2EB4, 0x4F13, 0xB8, 0x44, 0x0E, 0x14, 0xE2, 0xAE, 0xF9, 0x15),
	  "Linux /home" },
	{ GUID(0xBC13C2FF, 0x59E6, 0x4262, 0xA3, 0x52, 0xB2, 0x75, 0xFD, 0x6F, 0x71, 0x72),
	  "Linux extended boot (XBOOTLDR)" },
	{ GUID(0xEBD0A0A2, 0xB9E5, 0x4433, 0x87, 0xC0, 0x68, 0xB6, 0xB7, 0x26, 0x99, 0xC7),
	  "Microsoft basic data" },
	{ GUID(0x21686148, 0x6449, 0x6E6F, 0x74, 0x4E, 0x65, 0x65, 0x64, 0x45, 0x46, 0x49),
	  "BIOS boot" },
};

/* Text position of each on-disk byte: D1..D3 are little-endian, D4 is not. */
static const uint8_t text_at[16] = { 6, 4, 2, 0, 11, 9, 16, 14, 19, 21, 24, 26, 28, 30, 32, 34 };

void gpt_type_text(const uint8_t type_guid[16], char out[GPT_TYPE_TEXT_SIZE])
{
	static const char hex[] = "0123456789ABCDEF";

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (memcmp(type_guid, known[i].guid, 16) == 0) {
			memcpy(out, known[i].name, strlen(known[i].name) + 1);
			return;
		}
	}
	memset(out, '-', GPT_TYPE_TEXT_SIZE - 1);
	out[GPT_TYPE_TEXT_SIZE - 1] = '\0';
	for (unsigned i = 0; i < 16; i++) {
		out[text_at[i]] = hex[type_guid[i] >> 4];
		out[text_at[i] + 1] = hex[type_guid[i] & 0xf];
	}
}
