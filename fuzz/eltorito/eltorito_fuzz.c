/*
 * El Torito harness. Input: a sparse disk (parsers/disk/memdisk.h).
 * eltorito_read() runs on it: sector 17, then the boot catalog it names.
 *
 * Oracles: every image listed starts on a disk block and lies on the disk,
 * at most ELTORITO_MAX_IMAGES of them, numbered in catalog order; the walk
 * makes at most two reads. The same disk is read again with its Nth read
 * failing: ELTORITO_ERR_READ, or what was decided before the failure.
 * Misused calls are refused by name. fuzz_status(): eltorito_read()'s status.
 */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz/oracle.h"
#include "parsers/disk/memdisk.h"
#include "parsers/eltorito/eltorito.h"

int fuzz_status(const uint8_t *data, size_t size);
const char *fuzz_strerror(int status);

static void check_table(const struct eltorito_table *t, uint64_t num_blocks, uint32_t block_size)
{
	REQUIRE(t->count <= ELTORITO_MAX_IMAGES);
	for (unsigned i = 0; i < t->count; i++) {
		const struct eltorito_image *img = &t->image[i];

		REQUIRE(img->start_lba < num_blocks);
		REQUIRE(img->num_blocks >= 1 && img->num_blocks <= num_blocks - img->start_lba);
		REQUIRE((uint64_t)img->rba * ELTORITO_SECTOR == img->start_lba * block_size);
		REQUIRE(i == 0 || img->entry > t->image[i - 1].entry);
	}
}

int fuzz_status(const uint8_t *data, size_t size)
{
	static uint8_t scratch[ELTORITO_SCRATCH_BYTES];
	struct memdisk d;
	struct eltorito_table t;
	uint32_t catalog;

	if (memdisk_init_sparse(&d, data, size))
		return ELTORITO_ERR_ARGUMENT;
	int rc = eltorito_read(&d.ops, scratch, sizeof(scratch), &t);
	REQUIRE(fuzz_strerror(rc) != NULL);
	REQUIRE(d.reads <= 2);
	if (rc == ELTORITO_OK)
		check_table(&t, d.ops.num_blocks, d.ops.block_size);
	else
		REQUIRE(t.count == 0);
	uint64_t reads = d.reads;
	struct memdisk failing;
	memdisk_init_sparse(&failing, data, size);
	failing.fail_from_read = 1 + (int)(data[0] % (reads + 1));
	int again = eltorito_read(&failing.ops, scratch, sizeof(scratch), &t);
	REQUIRE(again == ELTORITO_ERR_READ || (failing.fail_from_read > (int)reads && again == rc));
	REQUIRE(eltorito_read(NULL, scratch, sizeof(scratch), &t) == ELTORITO_ERR_ARGUMENT);
	REQUIRE(eltorito_read(&d.ops, scratch, ELTORITO_SECTOR - 1, &t) == ELTORITO_ERR_ARGUMENT);
	REQUIRE(eltorito_check_boot_record(scratch, ELTORITO_SECTOR - 1, &catalog) ==
		ELTORITO_ERR_ARGUMENT);
	REQUIRE(eltorito_check_catalog(scratch, ELTORITO_SECTOR, 0, 768, &t) ==
		ELTORITO_ERR_BLOCK_SIZE);
	REQUIRE(eltorito_strerror(ELTORITO_ERR_COUNT) != eltorito_strerror(ELTORITO_OK));
	return rc;
}

const char *fuzz_strerror(int status)
{
	return eltorito_strerror(status);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_status(data, size);
	return 0;
}
