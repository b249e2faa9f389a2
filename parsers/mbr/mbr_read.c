/* MBR from a disk: LBA 0, then a bounded, forward-only walk of the EBR chain. */
#include "parsers/mbr/mbr.h"

static bool is_extended(uint8_t type)
{
	return type == MBR_TYPE_EXTENDED_CHS || type == MBR_TYPE_EXTENDED_LBA ||
	       type == MBR_TYPE_EXTENDED_LINUX;
}

/* Moves the extended partition out of the list (it holds partitions, it is not one). */
static bool take_extended(struct mbr_table *t, struct mbr_partition *ext)
{
	for (unsigned i = 0; i < t->count; i++) {
		if (is_extended(t->part[i].type)) {
			*ext = t->part[i];
			for (unsigned j = i + 1; j < t->count; j++)
				t->part[j - 1] = t->part[j];
			t->count--;
			return true;
		}
	}
	return false;
}

static int walk_ebrs(const struct disk_ops *disk, void *block, const struct mbr_partition *ext,
		     struct mbr_table *out)
{
	uint64_t ebr = ext->start_lba;
	unsigned logicals = 0, ebrs = 0;

	/*
	 * Each step moves strictly forward inside the extended partition, and
	 * at most MBR_MAX_LOGICAL EBRs are read (empty ones count too).
	 */
	while (ebr != 0) {
		struct mbr_partition logical;
		bool has_logical;
		uint64_t next;
		if (++ebrs > MBR_MAX_LOGICAL)
			return MBR_ERR_TOO_MANY_LOGICAL;
		if (disk->read(disk->ctx, ebr, 1, block))
			return MBR_ERR_READ;
		int rc = mbr_check_ebr(block, disk->block_size, ebr, ext->start_lba, ext->num_blocks,
				       &logical, &has_logical, &next);
		if (rc)
			return rc;
		if (has_logical) {
			logical.number = (uint8_t)(5 + logicals++);
			out->part[out->count++] = logical;
		}
		ebr = next;
	}
	return MBR_OK;
}

int mbr_read(const struct disk_ops *disk, void *block, size_t block_len, struct mbr_table *out)
{
	if (!disk || !disk->read || !block || !out)
		return MBR_ERR_ARGUMENT;
	if (!disk_block_size_ok(disk->block_size))
		return MBR_ERR_BLOCK_SIZE;
	if (block_len < disk->block_size || disk->num_blocks == 0)
		return MBR_ERR_ARGUMENT;
	if (disk->read(disk->ctx, 0, 1, block))
		return MBR_ERR_READ;
	int rc = mbr_check(block, disk->block_size, disk->num_blocks, out);
	if (rc || out->protective)
		return rc;
	struct mbr_partition ext;
	if (!take_extended(out, &ext))
		return MBR_OK;
	return walk_ebrs(disk, block, &ext, out);
}
