/*
 * El Torito boot catalogs: the EFI boot images of an ISO 9660 image.
 *
 * Invariants (rule -> status). Byte offsets are 64-bit; every range is
 * checked as "start < limit && count <= limit - start", which cannot wrap.
 *
 * | rule                                                                | status                           |
 * |---------------------------------------------------------------------|----------------------------------|
 * | buffers and outputs non-NULL, a buffer holds one 2048-byte sector   | ELTORITO_ERR_ARGUMENT            |
 * | block size a power of two from 512 to 4096                          | ELTORITO_ERR_BLOCK_SIZE          |
 * | every block read succeeds                                           | ELTORITO_ERR_READ                |
 * | sector 17 is on the disk and is a boot record volume descriptor     | ELTORITO_ERR_NO_BOOT_RECORD      |
 * | (type 0, "CD001", version 1) of "EL TORITO SPECIFICATION"           |                                  |
 * | ... on an ISO 9660 image (sector 16 a primary volume descriptor:    | ELTORITO_ERR_ISO_NO_BOOT_RECORD  |
 * | type 1, "CD001", version 1): told apart from a disk that is no ISO  |                                  |
 * | the catalog's sector is on the disk                                 | ELTORITO_ERR_CATALOG_BEYOND_DISK |
 * | the validation entry: header ID 1, key bytes 0x55 0xAA              | ELTORITO_ERR_VALIDATION_ENTRY    |
 * | the validation entry's sixteen 16-bit words sum to zero             | ELTORITO_ERR_CHECKSUM            |
 * | each entry's boot indicator is 0x88 or 0x00, an extension's 0x44    | ELTORITO_ERR_BOOT_INDICATOR      |
 * | a section's entries and extensions end inside the catalog's sector  | ELTORITO_ERR_CATALOG_OVERRUN     |
 * | a listed image starts and (by its sector count) ends on the disk    | ELTORITO_ERR_IMAGE_BEYOND_DISK   |
 * | a listed image starts on a disk block (a 4096-byte disk, odd RBA)   | ELTORITO_ERR_IMAGE_MISALIGNED    |
 * | at most ELTORITO_MAX_IMAGES images are listed                       | ELTORITO_ERR_TOO_MANY_IMAGES     |
 *
 * Listed: bootable (0x88) no-emulation entries whose platform (the
 * validation entry's for the initial entry, the section header's for the
 * others) is 0xEF, EFI; other entries (BIOS, non-bootable) are skipped. The
 * catalog is one sector: it ends at its first entry that is no section
 * header (0x90 more follow, 0x91 the last), or after the last header's
 * entries. An image whose sector count is 0 or 1 (some tools write these
 * for large images) reaches to the disk's end, as edk2 reads it; the FAT
 * inside says how much of it is used.
 */
#include <string.h>

#include "parsers/bytes/bytes.h"
#include "parsers/eltorito/eltorito.h"

#define ENTRY 32u
#define PLATFORM_EFI 0xefu
#define BOOTABLE 0x88u
#define NOT_BOOTABLE 0x00u
#define HEADER_MORE 0x90u
#define HEADER_LAST 0x91u
#define EXTENSION 0x44u
#define EXTENSION_FOLLOWS 0x20u /* in an entry's media type byte, or an extension's flags */
#define MEDIA_TYPE_MASK 0x0fu   /* 0: no emulation */
#define VIRTUAL_SECTOR 512u

static const char boot_system_id[32] = "EL TORITO SPECIFICATION";

int eltorito_check_boot_record(const void *buf, size_t len, uint32_t *catalog)
{
	const uint8_t *p = buf;

	if (!p || !catalog || len < ELTORITO_SECTOR)
		return ELTORITO_ERR_ARGUMENT;
	if (p[0] != 0 || memcmp(p + 1, "CD001", 5) != 0 || p[6] != 1 ||
	    memcmp(p + 7, boot_system_id, sizeof(boot_system_id)) != 0)
		return ELTORITO_ERR_NO_BOOT_RECORD;
	*catalog = bytes_le32(p + 0x47);
	return ELTORITO_OK;
}

bool eltorito_is_primary_descriptor(const void *buf, size_t len)
{
	const uint8_t *p = buf;

	return p && len >= ELTORITO_SECTOR && p[0] == 1 && memcmp(p + 1, "CD001", 5) == 0 &&
	       p[6] == 1;
}

static int check_validation_entry(const uint8_t *p)
{
	uint16_t sum = 0;

	if (p[0] != 1 || p[30] != 0x55 || p[31] != 0xaa)
		return ELTORITO_ERR_VALIDATION_ENTRY;
	for (unsigned i = 0; i < ENTRY; i += 2)
		sum = (uint16_t)(sum + bytes_le16(p + i));
	return sum ? ELTORITO_ERR_CHECKSUM : ELTORITO_OK;
}

struct walk {
	uint64_t disk_bytes;
	uint32_t block_size;
	struct eltorito_table *out;
};

/* Lists entry e (number n) if it is a bootable EFI image. */
static int consider(const struct walk *w, const uint8_t *e, uint32_t n, uint8_t platform)
{
	struct eltorito_image *img;
	uint32_t rba = bytes_le32(e + 8);
	uint16_t count = bytes_le16(e + 6);
	uint64_t start = (uint64_t)rba * ELTORITO_SECTOR, bytes;

	if (e[0] != BOOTABLE && e[0] != NOT_BOOTABLE)
		return ELTORITO_ERR_BOOT_INDICATOR;
	if (e[0] != BOOTABLE || platform != PLATFORM_EFI || (e[1] & MEDIA_TYPE_MASK))
		return ELTORITO_OK;
	if (start >= w->disk_bytes)
		return ELTORITO_ERR_IMAGE_BEYOND_DISK;
	bytes = count <= 1 ? w->disk_bytes - start : (uint64_t)count * VIRTUAL_SECTOR;
	if (bytes > w->disk_bytes - start)
		return ELTORITO_ERR_IMAGE_BEYOND_DISK;
	if (start % w->block_size)
		return ELTORITO_ERR_IMAGE_MISALIGNED;
	if (w->out->count == ELTORITO_MAX_IMAGES)
		return ELTORITO_ERR_TOO_MANY_IMAGES;
	img = &w->out->image[w->out->count++];
	img->entry = n;
	img->rba = rba;
	img->start_lba = start / w->block_size;
	/* the disk is whole blocks: rounding up stays on it */
	img->num_blocks = (bytes + w->block_size - 1) / w->block_size;
	return ELTORITO_OK;
}

/* The extensions after an entry (media type bit 5) at *off: skipped. */
static int skip_extensions(const uint8_t *p, uint8_t flags, size_t *off)
{
	while (flags & EXTENSION_FOLLOWS) {
		if (*off > ELTORITO_SECTOR - ENTRY)
			return ELTORITO_ERR_CATALOG_OVERRUN;
		if (p[*off] != EXTENSION)
			return ELTORITO_ERR_BOOT_INDICATOR;
		flags = p[*off + 1];
		*off += ENTRY;
	}
	return ELTORITO_OK;
}

int eltorito_check_catalog(const void *buf, size_t len, uint64_t disk_bytes,
			   uint32_t block_size, struct eltorito_table *out)
{
	const uint8_t *p = buf;
	struct walk w = { disk_bytes, block_size, out };
	size_t off = 2 * ENTRY;
	uint32_t n = 1;
	int rc;

	if (!p || !out || len < ELTORITO_SECTOR)
		return ELTORITO_ERR_ARGUMENT;
	if (!disk_block_size_ok(block_size))
		return ELTORITO_ERR_BLOCK_SIZE;
	memset(out, 0, sizeof(*out));
	rc = check_validation_entry(p);
	if (rc == ELTORITO_OK)
		rc = consider(&w, p + ENTRY, 0, p[1]); /* the initial entry has no extensions */
	while (rc == ELTORITO_OK && off <= ELTORITO_SECTOR - ENTRY &&
	       (p[off] == HEADER_MORE || p[off] == HEADER_LAST)) {
		bool last = p[off] == HEADER_LAST;
		uint8_t platform = p[off + 1];
		uint16_t entries = bytes_le16(p + off + 2);

		off += ENTRY;
		for (uint16_t i = 0; rc == ELTORITO_OK && i < entries; i++, n++) {
			if (off > ELTORITO_SECTOR - ENTRY) {
				rc = ELTORITO_ERR_CATALOG_OVERRUN;
				break;
			}
			rc = consider(&w, p + off, n, platform);
			off += ENTRY;
			if (rc == ELTORITO_OK)
				rc = skip_extensions(p, p[off - ENTRY + 1], &off);
		}
		if (last)
			break;
	}
	if (rc != ELTORITO_OK)
		memset(out, 0, sizeof(*out));
	return rc;
}
