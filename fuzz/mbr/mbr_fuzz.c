/*
 * MBR harness. Input: a sparse disk (parsers/disk/memdisk.h). mbr_read()
 * runs on it: LBA 0 and the EBR chain.
 *
 * Oracles: every partition listed lies on the disk and after LBA 0;
 * primaries do not overlap; logical partitions are numbered from 5 in
 * order and their count is bounded; the walk reads at most one block per
 * EBR and at most MBR_MAX_LOGICAL EBRs, so no loop can hide in it.
 * The same disk is read again with its Nth read failing: MBR_ERR_READ, or
 * what was decided before the failure. Misused calls are refused by name.
 * fuzz_status(): mbr_read()'s status.
 */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz/oracle.h"
#include "parsers/disk/memdisk.h"
#include "parsers/mbr/mbr.h"

int fuzz_status(const uint8_t *data, size_t size);
const char *fuzz_strerror(int status);

static void check_table(const struct mbr_table *t, uint64_t num_blocks)
{
	unsigned logical = 0;

	REQUIRE(t->count <= MBR_MAX_PARTITIONS);
	for (unsigned i = 0; i < t->count; i++) {
		const struct mbr_partition *p = &t->part[i];
		REQUIRE(p->start_lba >= 1 && p->start_lba < num_blocks);
		REQUIRE(p->num_blocks >= 1 && p->num_blocks <= num_blocks - p->start_lba);
		if (p->logical) {
			REQUIRE(p->number == 5 + logical++);
			continue;
		}
		REQUIRE(p->number >= 1 && p->number <= 4);
		for (unsigned j = 0; j < i; j++) {
			const struct mbr_partition *q = &t->part[j];
			REQUIRE(q->logical || p->start_lba >= q->start_lba + q->num_blocks ||
				q->start_lba >= p->start_lba + p->num_blocks);
		}
	}
	REQUIRE(logical <= MBR_MAX_LOGICAL);
}

int fuzz_status(const uint8_t *data, size_t size)
{
	static uint8_t block[DISK_MAX_BLOCK_SIZE];
	struct memdisk d;
	struct mbr_table t;

	if (memdisk_init_sparse(&d, data, size))
		return MBR_ERR_ARGUMENT;
	int rc = mbr_read(&d.ops, block, sizeof(block), &t);
	REQUIRE(fuzz_strerror(rc) != NULL);
	REQUIRE(d.reads <= MBR_MAX_LOGICAL + 1);
	if (rc == MBR_OK)
		check_table(&t, d.ops.num_blocks);
	uint64_t reads = d.reads;
	struct memdisk failing;
	memdisk_init_sparse(&failing, data, size);
	failing.fail_from_read = 1 + (int)(data[0] % (reads + 1));
	int again = mbr_read(&failing.ops, block, sizeof(block), &t);
	REQUIRE(again == MBR_ERR_READ || (failing.fail_from_read > (int)reads && again == rc));
	struct mbr_partition p;
	bool has;
	uint64_t next;
	REQUIRE(mbr_read(NULL, block, sizeof(block), &t) == MBR_ERR_ARGUMENT);
	REQUIRE(mbr_read(&d.ops, block, d.ops.block_size - 1, &t) == MBR_ERR_ARGUMENT);
	REQUIRE(mbr_check(block, 511, 1, &t) == MBR_ERR_ARGUMENT);
	REQUIRE(mbr_check_ebr(block, 512, 0, 1, 1, &p, &has, &next) == MBR_ERR_ARGUMENT);
	REQUIRE(mbr_strerror(MBR_ERR_COUNT) != mbr_strerror(MBR_OK));
	return rc;
}

const char *fuzz_strerror(int status)
{
	return mbr_strerror(status);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_status(data, size);
	return 0;
}
