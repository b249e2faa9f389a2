/*
 * mkvarstore: writes a variable store image (a vars.fd for QEMU's second
 * flash bank, or a fuzzing seed) with the firmware's own store code on a RAM
 * flash, so images are valid by construction unless asked to break them.
 *
 *   mkvarstore [options] OUT
 *     --file-size N   image size (default: the window); the rest is erased flash
 *     --window N      store window: two areas (default 512K, as the firmware)
 *     --block N       erase block (default 256K)
 *     --vars N        variables Var0000.. (NV|BS|RT), default 0
 *     --value-size N  bytes per value (default 16); the value encodes its round
 *     --rewrites N    rounds rewriting every variable (forces compactions)
 *     --delete-every K  delete every K-th variable at the end
 *     --cut-after N   power cut after N more flash operations of the last write
 *     --poke OFF=BYTE   set a byte afterwards (repeatable), e.g. to break a rule
 *     --global NAME=FILE  an EFI global variable (NV|BS|RT) holding FILE's
 *                     bytes, written first (repeatable): BootOrder, Boot0001
 *     --var GUID:NAME=FILE  the same with another vendor GUID (text form,
 *                     e.g. fwupd's 0abba7dc-e516-4167-bbf5-4d9d1c739416)
 *     --resum     after the pokes, recompute the area sums and the records'
 *                 body and header sums, so a poke breaks the rule it aims at
 *                 rather than a checksum
 *     --unformatted BYTE  no store at all: the window filled with BYTE
 * Sizes take K and M suffixes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firmware/efi/varstore.h"
#include "parsers/bytes/bytes.h"
#include "parsers/varstore/testing/ram_flash.h"

#define MAX_POKES 16
#define ATTRS (EFI_VARIABLE_NON_VOLATILE | EFI_VARIABLE_BOOTSERVICE_ACCESS | \
	       EFI_VARIABLE_RUNTIME_ACCESS)

static const efi_guid_t vendor =
	EFI_GUID(0x2c3d5e8a, 0x11aa, 0x4f2b, 0x9a, 0x10, 0x4e, 0x6c, 0x1f, 0x22, 0x73, 0x05);

static uint64_t size_arg(const char *s)
{
	char *end;
	uint64_t v = strtoull(s, &end, 0);

	if (*end == 'K')
		v <<= 10;
	else if (*end == 'M')
		v <<= 20;
	return v;
}

static void var_name(efi_char16_t *name, unsigned i)
{
	char ascii[16];

	snprintf(ascii, sizeof(ascii), "Var%04u", i);
	for (unsigned k = 0; k <= strlen(ascii); k++)
		name[k] = (efi_char16_t)ascii[k];
}

static void fill_value(uint8_t *value, uint64_t size, unsigned var, unsigned round)
{
	for (uint64_t k = 0; k < size; k++)
		value[k] = (uint8_t)(var * 7 + round * 13 + k);
}

#define MAX_GLOBALS 8

static const efi_guid_t global =
	EFI_GUID(0x8be4df61, 0x93ca, 0x11d2, 0xaa, 0x0d, 0x00, 0xe0, 0x98, 0x03, 0x2b, 0x8c);

/* GUID text (8-4-4-4-12 hex digits) to its byte form: the first three fields little-endian. */
static bool parse_guid(const char *text, efi_guid_t *guid)
{
	unsigned long long fields[5];
	char end;
	uint8_t b[16];

	if (strlen(text) != 36 ||
	    sscanf(text, "%8llx-%4llx-%4llx-%4llx-%12llx%c", &fields[0], &fields[1], &fields[2],
		   &fields[3], &fields[4], &end) != 5)
		return false;
	bytes_store_le(b, fields[0], 4);
	bytes_store_le(b + 4, fields[1], 2);
	bytes_store_le(b + 6, fields[2], 2);
	for (unsigned k = 0; k < 8; k++) /* the last two fields big-endian */
		b[8 + k] = (uint8_t)((k < 2 ? fields[3] >> (8 * (1 - k)) : fields[4] >> (8 * (7 - k))));
	memcpy(guid, b, sizeof(b));
	return true;
}

/* NAME=FILE: NAME (ASCII) as a variable of vendor guid with FILE's bytes. */
static bool set_named(struct varstore *vs, const efi_guid_t *guid, const char *spec)
{
	const char *eq = strchr(spec, '=');
	efi_char16_t name[64]; /* fwupd-<GUID>-0 is 44 */
	uint8_t data[4096];
	size_t len = eq ? (size_t)(eq - spec) : 0, size;
	FILE *f;

	if (!len || len >= 64 || !(f = fopen(eq + 1, "rb")))
		return false;
	size = fread(data, 1, sizeof(data), f);
	fclose(f);
	for (size_t k = 0; k < len; k++)
		name[k] = (efi_char16_t)spec[k];
	name[len] = 0;
	return size && varstore_set(vs, name, guid, ATTRS, size, data, false) == EFI_SUCCESS;
}

/* --global NAME=FILE, or --var GUID:NAME=FILE (var set). */
static bool set_spec(struct varstore *vs, const char *spec, bool var)
{
	efi_guid_t guid;
	char text[37];

	if (!var)
		return set_named(vs, &global, spec);
	if (strlen(spec) < 38 || spec[36] != ':')
		return false;
	memcpy(text, spec, 36);
	text[36] = 0;
	return parse_guid(text, &guid) && set_named(vs, &guid, spec + 37);
}

/*
 * Sums recomputed after pokes: each area with a magic, and its records
 * (walked by their own sizes while they stay inside the area).
 */
static void resum(uint8_t *image, uint64_t window)
{
	uint64_t area = window / 2;

	for (unsigned a = 0; a < 2; a++) {
		uint8_t *base = image + a * area;
		uint64_t off = VARSTORE_AREA_HEADER_SIZE;

		if (bytes_le32(base) != 0x5641564cu) /* "LVAV" */
			continue;
		bytes_store_le(base + 32, varstore_sum_of(base + 8, 24), 4);
		while (off + VARSTORE_RECORD_HEADER_SIZE <= area &&
		       bytes_le32(base + off) == 0x43455256u /* "VREC" */) {
			uint64_t size = varstore_record_size(bytes_le32(base + off + 36),
							     bytes_le32(base + off + 40));

			if (size > area - off) {
				/* a size poked past the area: only the header sum */
				bytes_store_le(base + off + 48, varstore_sum_of(base + off + 8, 40), 4);
				break;
			}
			/* the body (name, data) first: the header sum does not cover it */
			bytes_store_le(base + off + 44,
				       varstore_sum_of(base + off + VARSTORE_RECORD_HEADER_SIZE,
						       bytes_le32(base + off + 36) +
							       (uint64_t)bytes_le32(base + off + 40)),
				       4);
			bytes_store_le(base + off + 48, varstore_sum_of(base + off + 8, 40), 4);
			off += size;
		}
	}
}

int main(int argc, char **argv)
{
	uint64_t file_size = 0, window = 512 << 10, block = 256 << 10, value_size = 16;
	unsigned vars = 0, rewrites = 0, delete_every = 0, pokes = 0, globals = 0;
	int unformatted = -1;
	bool do_resum = false;
	const char *global_specs[MAX_GLOBALS];
	bool global_is_var[MAX_GLOBALS];
	int64_t cut_after = -1;
	uint64_t poke_off[MAX_POKES];
	unsigned poke_val[MAX_POKES];
	const char *out = NULL;
	struct varstore vs;
	struct varstore_attach_result result;
	uint8_t *image, *ram, *value;
	efi_char16_t name[16];
	FILE *f;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--file-size") && v)
			file_size = size_arg(argv[++i]);
		else if (!strcmp(a, "--window") && v)
			window = size_arg(argv[++i]);
		else if (!strcmp(a, "--block") && v)
			block = size_arg(argv[++i]);
		else if (!strcmp(a, "--vars") && v)
			vars = (unsigned)size_arg(argv[++i]);
		else if (!strcmp(a, "--value-size") && v)
			value_size = size_arg(argv[++i]);
		else if (!strcmp(a, "--rewrites") && v)
			rewrites = (unsigned)size_arg(argv[++i]);
		else if (!strcmp(a, "--delete-every") && v)
			delete_every = (unsigned)size_arg(argv[++i]);
		else if (!strcmp(a, "--resum"))
			do_resum = true;
		else if (!strcmp(a, "--unformatted") && v)
			unformatted = (int)size_arg(argv[++i]);
		else if (!strcmp(a, "--cut-after") && v)
			cut_after = (int64_t)size_arg(argv[++i]);
		else if (!strcmp(a, "--poke") && v && pokes < MAX_POKES &&
			 sscanf(argv[++i], "%lli=%i", (long long *)&poke_off[pokes],
				(int *)&poke_val[pokes]) == 2)
			pokes++;
		else if ((!strcmp(a, "--global") || !strcmp(a, "--var")) && v &&
			 globals < MAX_GLOBALS) {
			global_is_var[globals] = a[2] == 'v';
			global_specs[globals++] = argv[++i];
		}
		else if (a[0] != '-' && !out)
			out = a;
		else {
			fprintf(stderr, "mkvarstore: bad argument %s (see the source's header)\n", a);
			return 2;
		}
	}
	if (!file_size)
		file_size = window;
	if (!out || window % (2 * block) || window > file_size) {
		fprintf(stderr, "mkvarstore: need OUT, a window of two areas of whole blocks\n");
		return 2;
	}
	image = malloc(file_size);
	ram = calloc(1, window + (64 << 10));
	value = malloc(value_size + 1);
	memset(image, 0xff, file_size);
	if (unformatted >= 0) {
		memset(image, unformatted, window);
		goto write;
	}
	ram_flash_init(image, window, block);
	varstore_init(&vs, ram, window + (64 << 10));
	varstore_attach(&vs, image, image, window, block,
			calloc(VARSTORE_ATTACH_SCRATCH_WORDS(window), 4), &result);
	if (!varstore_format(&vs)) {
		fprintf(stderr, "mkvarstore: formatting failed\n");
		return 1;
	}
	for (unsigned g = 0; g < globals; g++) {
		if (!set_spec(&vs, global_specs[g], global_is_var[g])) {
			fprintf(stderr, "mkvarstore: --%s %s: unreadable, malformed or not stored\n",
				global_is_var[g] ? "var" : "global", global_specs[g]);
			return 1;
		}
	}
	for (unsigned round = 0; round <= rewrites; round++) {
		for (unsigned i = 0; i < vars; i++) {
			bool last = round == rewrites && i + 1 == vars && !delete_every;
			efi_status_t s;

			var_name(name, i);
			fill_value(value, value_size, i, round);
			if (last && cut_after >= 0)
				ram_flash_cut_after(cut_after);
			s = varstore_set(&vs, name, &vendor, ATTRS, value_size, value, false);
			if (s != EFI_SUCCESS && !(last && cut_after >= 0)) {
				fprintf(stderr, "mkvarstore: SetVariable #%u: 0x%llx\n", i,
					(unsigned long long)s);
				return 1;
			}
		}
	}
	for (unsigned i = 0; delete_every && i < vars; i += delete_every) {
		var_name(name, i);
		varstore_set(&vs, name, &vendor, 0, 0, NULL, false);
	}
	for (unsigned p = 0; p < pokes; p++)
		if (poke_off[p] < file_size)
			image[poke_off[p]] = (uint8_t)poke_val[p];
	if (do_resum)
		resum(image, window);
write:
	f = fopen(out, "wb");
	if (!f || fwrite(image, 1, file_size, f) != file_size || fclose(f)) {
		perror(out);
		return 1;
	}
	return 0;
}
