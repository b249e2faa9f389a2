/*
 * GPT from a disk: protective MBR, then the primary header and entry array,
 * then (if either is damaged) the backup pair at the last block. The entry
 * array is read once into the caller's scratch, checked there and used from
 * there, so what was checked is what is used (gpt_partition() checks each
 * entry from that same copy).
 */
#include <string.h>

#include "parsers/gpt/gpt.h"

static int read_blocks(const struct disk_ops *disk, uint64_t lba, uint64_t count, void *buf)
{
	return disk->read(disk->ctx, lba, count, buf) ? GPT_ERR_READ : GPT_OK;
}

/* One header at my_lba and its entry array; the array lands at scratch + DISK_MAX_BLOCK_SIZE. */
static int try_header(const struct disk_ops *disk, uint8_t *scratch, uint64_t my_lba,
		      struct gpt_header *hdr)
{
	uint32_t bs = disk->block_size;
	int rc = read_blocks(disk, my_lba, 1, scratch);
	if (rc)
		return rc;
	rc = gpt_check_header(scratch, bs, bs, my_lba, disk->num_blocks, hdr);
	if (rc)
		return rc;
	uint8_t *entries = scratch + DISK_MAX_BLOCK_SIZE;
	uint64_t blocks = ((uint64_t)hdr->entries_bytes + bs - 1) / bs;
	if (blocks) {
		rc = read_blocks(disk, hdr->entries_lba, blocks, entries);
		if (rc)
			return rc;
	}
	return gpt_check_entries(entries, GPT_MAX_ENTRY_ARRAY_BYTES, hdr);
}

int gpt_read(const struct disk_ops *disk, void *scratch, size_t scratch_len,
	     struct gpt_disk *out)
{
	if (!disk || !disk->read || !scratch || !out || scratch_len < GPT_SCRATCH_BYTES)
		return GPT_ERR_ARGUMENT;
	memset(out, 0, sizeof(*out));
	if (!disk_block_size_ok(disk->block_size))
		return GPT_ERR_BLOCK_SIZE;
	if (disk->num_blocks < 3)
		return GPT_ERR_DISK_TOO_SMALL;
	int rc = read_blocks(disk, 0, 1, scratch);
	if (rc)
		return rc;
	rc = gpt_check_pmbr(scratch, disk->block_size);
	if (rc)
		return rc;
	out->entries = (const uint8_t *)scratch + DISK_MAX_BLOCK_SIZE;
	out->primary_status = try_header(disk, scratch, 1, &out->hdr);
	if (out->primary_status == GPT_OK) {
		out->used = GPT_PRIMARY;
		return GPT_OK;
	}
	out->backup_status = try_header(disk, scratch, disk->num_blocks - 1, &out->hdr);
	if (out->backup_status == GPT_OK) {
		out->used = GPT_BACKUP;
		return GPT_OK;
	}
	if (out->primary_status == GPT_ERR_READ && out->backup_status == GPT_ERR_READ)
		return GPT_ERR_READ;
	return GPT_ERR_BOTH_HEADERS_BAD;
}
