/*
 * EFI_DISK_IO_PROTOCOL: byte-granular access on top of the handle's blocks.
 * Whole blocks in the middle go straight between the device and the
 * caller's buffer in one transfer; only a partial first or last block
 * passes through a one-block bounce buffer (read-modify-write for writes).
 *
 * Rule -> status: forged self -> EFI_INVALID_PARAMETER; media id not the
 * current one -> EFI_MEDIA_CHANGED; write on read-only media ->
 * EFI_WRITE_PROTECTED; size 0 -> EFI_SUCCESS; buffer NULL -> EFI_INVALID_PARAMETER;
 * offset + size past the end or wrapping -> EFI_INVALID_PARAMETER; the
 * driver fails -> EFI_DEVICE_ERROR.
 */
#include <string.h>

#include "firmware/efi/protocols/disk.h"

static uint8_t bounce[EFI_DISK_MAX_BLOCK] __attribute__((aligned(EFI_DISK_MAX_BLOCK)));

/* The disk whose Disk I/O self is, or NULL for a forged pointer. */
static struct efi_disk *disk_from_disk_io(efi_disk_io_t *self)
{
	struct efi_disk *d;

	if (!self)
		return NULL;
	d = (struct efi_disk *)((uint8_t *)self - offsetof(struct efi_disk, disk_io));
	return d->magic == EFI_DISK_MAGIC ? d : NULL;
}

/* Part of one block: [skip, skip + len) of block lba. */
static efi_status_t partial(struct efi_disk *d, bool write, uint64_t lba, uint32_t skip,
			    uint32_t len, uint8_t *buf)
{
	efi_status_t status = efi_disk_transfer(d, false, lba, 1, bounce);

	if (status != EFI_SUCCESS)
		return status;
	if (!write) {
		memcpy(buf, bounce + skip, len);
		return EFI_SUCCESS;
	}
	memcpy(bounce + skip, buf, len);
	return efi_disk_transfer(d, true, lba, 1, bounce);
}

static efi_status_t transfer(efi_disk_io_t *self, uint32_t media_id, uint64_t offset,
			     uint64_t size, void *buffer, bool write)
{
	struct efi_disk *d = disk_from_disk_io(self);
	uint32_t bs;
	uint64_t disk_bytes, lba, whole;
	uint8_t *buf = buffer;
	efi_status_t status = efi_disk_check_access(d, media_id, write);

	if (status != EFI_SUCCESS || !size)
		return status;
	bs = d->media.block_size;
	disk_bytes = (d->media.last_block + 1) * bs;
	if (!buffer || offset > disk_bytes || size > disk_bytes - offset)
		return EFI_INVALID_PARAMETER;
	lba = offset / bs;
	if (offset % bs) {
		uint32_t skip = (uint32_t)(offset % bs);
		uint32_t len = size < bs - skip ? (uint32_t)size : bs - skip;

		status = partial(d, write, lba++, skip, len, buf);
		if (status != EFI_SUCCESS)
			return status;
		buf += len;
		size -= len;
	}
	whole = size / bs;
	if (whole) {
		status = efi_disk_transfer(d, write, lba, whole, buf);
		if (status != EFI_SUCCESS)
			return status;
		lba += whole;
		buf += whole * bs;
		size -= whole * bs;
	}
	return size ? partial(d, write, lba, 0, (uint32_t)size, buf) : EFI_SUCCESS;
}

static efi_status_t read_disk(efi_disk_io_t *self, uint32_t media_id, uint64_t offset,
			      uint64_t size, void *buffer)
{
	return transfer(self, media_id, offset, size, buffer, false);
}

static efi_status_t write_disk(efi_disk_io_t *self, uint32_t media_id, uint64_t offset,
			       uint64_t size, void *buffer)
{
	return transfer(self, media_id, offset, size, buffer, true);
}

void efi_disk_io_init(struct efi_disk *d)
{
	d->disk_io = (efi_disk_io_t){
		.revision = EFI_DISK_IO_PROTOCOL_REVISION,
		.read_disk = read_disk,
		.write_disk = write_disk,
	};
}
