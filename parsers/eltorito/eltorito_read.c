/*
 * El Torito from a disk: the boot record in sector 17, then the catalog it
 * names; without a boot record, sector 16 says whether it is an ISO at all.
 */
#include "parsers/eltorito/eltorito.h"

/*
 * The 2048-byte sector at ISO sector `sector` into scratch; *at points to it
 * there (a 4096-byte block holds two sectors). 0, or an ELTORITO_ERR_*.
 */
static int read_sector(const struct disk_ops *disk, uint64_t sector, uint8_t *scratch,
		       const uint8_t **at, int beyond)
{
	uint64_t byte = sector * ELTORITO_SECTOR, disk_bytes = disk->num_blocks * disk->block_size;
	uint64_t lba = byte / disk->block_size;
	uint64_t count = disk->block_size < ELTORITO_SECTOR ? ELTORITO_SECTOR / disk->block_size : 1;

	if (byte >= disk_bytes || ELTORITO_SECTOR > disk_bytes - byte)
		return beyond;
	if (disk->read(disk->ctx, lba, count, scratch))
		return ELTORITO_ERR_READ;
	*at = scratch + byte % disk->block_size;
	return ELTORITO_OK;
}

/*
 * Sector 17 holds no boot record: an ISO 9660 image without one (a data CD,
 * or its boot record broken) is worth naming to a user who meant to boot
 * it, any other disk is not. Sector 16 tells them apart.
 */
static int no_boot_record(const struct disk_ops *disk, uint8_t *scratch)
{
	const uint8_t *at;
	int rc = read_sector(disk, ELTORITO_PRIMARY_SECTOR, scratch, &at,
			     ELTORITO_ERR_NO_BOOT_RECORD);

	if (rc != ELTORITO_OK)
		return rc;
	return eltorito_is_primary_descriptor(at, ELTORITO_SECTOR) ? ELTORITO_ERR_ISO_NO_BOOT_RECORD
								   : ELTORITO_ERR_NO_BOOT_RECORD;
}

int eltorito_read(const struct disk_ops *disk, void *scratch, size_t scratch_len,
		  struct eltorito_table *out)
{
	const uint8_t *at;
	uint32_t catalog;
	int rc;

	if (!out)
		return ELTORITO_ERR_ARGUMENT;
	out->count = 0;
	if (!disk || !disk->read || !scratch)
		return ELTORITO_ERR_ARGUMENT;
	if (!disk_block_size_ok(disk->block_size))
		return ELTORITO_ERR_BLOCK_SIZE;
	if (scratch_len < disk->block_size || scratch_len < ELTORITO_SECTOR)
		return ELTORITO_ERR_ARGUMENT;
	rc = read_sector(disk, ELTORITO_BOOT_RECORD_SECTOR, scratch, &at,
			 ELTORITO_ERR_NO_BOOT_RECORD);
	if (rc == ELTORITO_OK)
		rc = eltorito_check_boot_record(at, ELTORITO_SECTOR, &catalog);
	if (rc == ELTORITO_ERR_NO_BOOT_RECORD)
		rc = no_boot_record(disk, scratch);
	if (rc == ELTORITO_OK)
		rc = read_sector(disk, catalog, scratch, &at, ELTORITO_ERR_CATALOG_BEYOND_DISK);
	if (rc == ELTORITO_OK)
		rc = eltorito_check_catalog(at, ELTORITO_SECTOR, disk->num_blocks * disk->block_size,
					    disk->block_size, out);
	return rc;
}
