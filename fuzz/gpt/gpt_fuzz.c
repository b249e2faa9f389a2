/*
 * GPT harness. Input: a sparse disk (parsers/disk/memdisk.h: block size,
 * block count, extents), so a backup GPT at the end of a large disk costs a
 * few bytes. gpt_read() runs on it.
 *
 * Oracles: of an accepted table, the entries gpt_partition() passes lie
 * inside the usable range and do not overlap, and the ones it refuses name
 * an entry rule; the header in use passes gpt_check_header() again at
 * its own LBA and its array passes gpt_check_entries(); a backup is only
 * used when the primary was refused, and both reasons are kept when both are.
 * The same disk read with its Nth read failing (N from the first input
 * byte) gives GPT_ERR_READ, or the same answer if no read failed. Misused
 * calls are refused by name.
 * fuzz_status(): gpt_read()'s status, or, when the backup was used, why the
 * primary was refused (so a named regression can break the primary alone),
 * or else why the first refused entry was (a regression breaking one entry).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/oracle.h"
#include "parsers/disk/memdisk.h"
#include "parsers/gpt/gpt.h"

int fuzz_status(const uint8_t *data, size_t size);
const char *fuzz_strerror(int status);

static uint8_t scratch[GPT_SCRATCH_BYTES];
static uint8_t block[DISK_MAX_BLOCK_SIZE];
/* each entry as gpt_partition() gave it, and its status (-1: unused) */
static struct gpt_partition parts[GPT_MAX_ENTRY_ARRAY_BYTES / GPT_ENTRY_MIN_SIZE];
static int part_status[GPT_MAX_ENTRY_ARRAY_BYTES / GPT_ENTRY_MIN_SIZE];

/* The first refused entry's status, GPT_OK if none is. */
static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/*
 * gpt_type_text() ends within its buffer, and a text that is not a short
 * name is the GUID itself: read back (first three fields little-endian on
 * disk), it gives the entry's bytes.
 */
static void check_type_text(const uint8_t guid[16])
{
	static const uint8_t order[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
	char text[GPT_TYPE_TEXT_SIZE];
	uint8_t back[16];
	size_t len, pos = 0;

	memset(text, 0x5a, sizeof(text));
	gpt_type_text(guid, text);
	REQUIRE(memchr(text, 0, sizeof(text)) != NULL);
	len = strlen(text);
	REQUIRE(len > 0);
	if (len != 36 || text[8] != '-')
		return; /* a short name */
	for (unsigned i = 0; i < 16; i++) {
		int hi, lo;

		if (pos == 8 || pos == 13 || pos == 18 || pos == 23)
			REQUIRE(text[pos++] == '-');
		hi = hex_digit(text[pos++]);
		lo = hex_digit(text[pos++]);
		REQUIRE(hi >= 0 && lo >= 0);
		back[order[i]] = (uint8_t)(hi << 4 | lo);
	}
	REQUIRE(memcmp(back, guid, 16) == 0);
}

static int check_partitions(const struct gpt_disk *g)
{
	const struct gpt_header *h = &g->hdr;
	struct gpt_partition p;
	bool used;
	int first_refused = GPT_OK;

	for (uint32_t i = 0; i < h->num_entries; i++) {
		int rc = gpt_partition(g->entries, h->entries_bytes, h, i, &parts[i], &used);

		REQUIRE(used || rc == GPT_OK);
		REQUIRE(rc == GPT_OK || rc == GPT_ERR_PART_RANGE || rc == GPT_ERR_PART_OUTSIDE_USABLE ||
			rc == GPT_ERR_PART_OVERLAP);
		part_status[i] = used ? rc : -1;
		if (used && rc == GPT_OK)
			check_type_text(parts[i].type_guid);
		if (first_refused == GPT_OK)
			first_refused = rc;
	}
	for (uint32_t i = 0; i < h->num_entries; i++) {
		const struct gpt_partition *a = &parts[i];

		if (part_status[i] != GPT_OK)
			continue;
		REQUIRE(a->start_lba <= a->end_lba);
		REQUIRE(a->start_lba >= h->first_usable_lba && a->end_lba <= h->last_usable_lba);
		for (uint32_t j = 0; j < i && j < 64; j++)
			REQUIRE(part_status[j] != GPT_OK || a->end_lba < parts[j].start_lba ||
				parts[j].end_lba < a->start_lba);
	}
	REQUIRE(gpt_partition(g->entries, h->entries_bytes, h, h->num_entries, &p, &used) ==
		GPT_ERR_INDEX);
	return first_refused;
}

static void recheck(struct memdisk *d, const struct gpt_disk *g)
{
	struct gpt_header again;

	REQUIRE(d->ops.read(d, g->hdr.my_lba, 1, block) == 0);
	REQUIRE(gpt_check_header(block, d->ops.block_size, d->ops.block_size, g->hdr.my_lba,
				 d->ops.num_blocks, &again) == GPT_OK);
	REQUIRE(memcmp(&again, &g->hdr, sizeof(again)) == 0);
	REQUIRE(gpt_check_entries(g->entries, g->hdr.entries_bytes, &g->hdr) == GPT_OK);
	REQUIRE(g->hdr.my_lba == (g->used == GPT_PRIMARY ? 1 : d->ops.num_blocks - 1));
}

/* Calls the API wrongly: every misuse is refused by name. */
static void misuse(struct memdisk *d, const struct gpt_disk *g)
{
	struct gpt_disk out;
	struct gpt_header h;
	struct gpt_partition p;
	bool used;

	REQUIRE(gpt_read(NULL, scratch, sizeof(scratch), &out) == GPT_ERR_ARGUMENT);
	REQUIRE(gpt_read(&d->ops, scratch, GPT_SCRATCH_BYTES - 1, &out) == GPT_ERR_ARGUMENT);
	REQUIRE(gpt_check_pmbr(block, 511) == GPT_ERR_ARGUMENT);
	REQUIRE(gpt_check_header(block, 511, 512, 1, 100, &h) == GPT_ERR_ARGUMENT);
	REQUIRE(gpt_check_header(block, 4096, 768, 1, 100, &h) == GPT_ERR_BLOCK_SIZE);
	REQUIRE(gpt_check_header(block, 4096, 512, 1, 2, &h) == GPT_ERR_DISK_TOO_SMALL);
	if (g->hdr.entries_bytes) {
		REQUIRE(gpt_check_entries(g->entries, g->hdr.entries_bytes - 1, &g->hdr) ==
			GPT_ERR_ARGUMENT);
		REQUIRE(gpt_partition(g->entries, g->hdr.entries_bytes - 1, &g->hdr, 0, &p, &used) ==
			GPT_ERR_ARGUMENT);
	}
	REQUIRE(gpt_strerror(GPT_ERR_COUNT) != gpt_strerror(GPT_OK));
}

/* The same disk with its Nth read failing (N <= reads: a read fails). */
static void read_errors(const uint8_t *data, size_t size, uint64_t reads, int status)
{
	struct memdisk d;
	struct gpt_disk g;

	memdisk_init_sparse(&d, data, size);
	d.fail_from_read = 1 + (int)(data[0] % (reads + 1));
	int rc = gpt_read(&d.ops, scratch, sizeof(scratch), &g);
	if ((uint64_t)d.fail_from_read > reads)
		REQUIRE(rc == status);
	else
		REQUIRE(rc == GPT_ERR_READ ||
			(rc == GPT_ERR_BOTH_HEADERS_BAD && g.backup_status == GPT_ERR_READ));
}

int fuzz_status(const uint8_t *data, size_t size)
{
	struct memdisk d;
	struct gpt_disk g;

	if (memdisk_init_sparse(&d, data, size))
		return GPT_ERR_ARGUMENT;
	int rc = gpt_read(&d.ops, scratch, sizeof(scratch), &g);
	REQUIRE(fuzz_strerror(rc) != NULL);
	read_errors(data, size, d.reads, rc);
	/* read_errors() reused the scratch: read the table again. */
	REQUIRE(gpt_read(&d.ops, scratch, sizeof(scratch), &g) == rc);
	if (rc == GPT_ERR_BOTH_HEADERS_BAD)
		REQUIRE(g.primary_status != GPT_OK && g.backup_status != GPT_OK);
	if (rc != GPT_OK)
		return rc;
	int refused = check_partitions(&g);
	recheck(&d, &g);
	misuse(&d, &g);
	if (g.used == GPT_BACKUP) {
		REQUIRE(g.primary_status != GPT_OK);
		return g.primary_status;
	}
	return refused;
}

const char *fuzz_strerror(int status)
{
	return gpt_strerror(status);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_status(data, size);
	return 0;
}
