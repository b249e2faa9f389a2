/*
 * EFI_BLOCK_IO_PROTOCOL (revision 3) over a driver's struct efi_block_device,
 * for whole disks and their partitions.
 *
 * Rule -> status, in this order: forged self -> EFI_INVALID_PARAMETER; media
 * id not the current one -> EFI_MEDIA_CHANGED; write on read-only media ->
 * EFI_WRITE_PROTECTED; buffer NULL -> EFI_INVALID_PARAMETER; size 0 ->
 * EFI_SUCCESS; size not whole blocks -> EFI_BAD_BUFFER_SIZE; blocks past the
 * last -> EFI_INVALID_PARAMETER; the driver fails -> EFI_DEVICE_ERROR.
 */
#include <string.h>

#include "firmware/efi/protocols/disk.h"

struct efi_disk *efi_disk_from_block_io(efi_block_io_t *self)
{
	struct efi_disk *d = (struct efi_disk *)self;

	return self && d->magic == EFI_DISK_MAGIC ? d : NULL;
}

uint64_t efi_disk_writes;

efi_status_t efi_disk_transfer(struct efi_disk *d, bool write, uint64_t lba, uint64_t count,
			       void *buf)
{
	int err;

	if (write)
		efi_disk_writes++;
	err = write ? d->dev->write(d->dev->ctx, d->first + lba, count, buf)
		    : d->dev->read(d->dev->ctx, d->first + lba, count, buf);
	return err ? EFI_DEVICE_ERROR : EFI_SUCCESS;
}

efi_status_t efi_disk_check_access(const struct efi_disk *d, uint32_t media_id, bool write)
{
	if (!d)
		return EFI_INVALID_PARAMETER;
	if (media_id != d->media.media_id)
		return EFI_MEDIA_CHANGED;
	if (write && d->media.read_only)
		return EFI_WRITE_PROTECTED;
	return EFI_SUCCESS;
}

static efi_status_t check_blocks(struct efi_disk *d, uint32_t media_id, uint64_t lba,
				 uint64_t size, void *buffer, bool write)
{
	efi_status_t status = efi_disk_check_access(d, media_id, write);
	uint64_t blocks;

	if (status != EFI_SUCCESS)
		return status;
	if (!buffer)
		return EFI_INVALID_PARAMETER;
	if (size % d->media.block_size)
		return EFI_BAD_BUFFER_SIZE;
	blocks = size / d->media.block_size;
	if (lba > d->media.last_block || (blocks && blocks - 1 > d->media.last_block - lba))
		return EFI_INVALID_PARAMETER;
	return EFI_SUCCESS;
}

static efi_status_t transfer_blocks(efi_block_io_t *self, uint32_t media_id, uint64_t lba,
				    uint64_t size, void *buffer, bool write)
{
	struct efi_disk *d = efi_disk_from_block_io(self);
	efi_status_t status = check_blocks(d, media_id, lba, size, buffer, write);

	if (status != EFI_SUCCESS || !size)
		return status;
	return efi_disk_transfer(d, write, lba, size / d->media.block_size, buffer);
}

static efi_status_t read_blocks(efi_block_io_t *self, uint32_t media_id, uint64_t lba,
				uint64_t size, void *buffer)
{
	return transfer_blocks(self, media_id, lba, size, buffer, false);
}

static efi_status_t write_blocks(efi_block_io_t *self, uint32_t media_id, uint64_t lba,
				 uint64_t size, void *buffer)
{
	return transfer_blocks(self, media_id, lba, size, buffer, true);
}

static efi_status_t flush_blocks(efi_block_io_t *self)
{
	struct efi_disk *d = efi_disk_from_block_io(self);

	if (!d)
		return EFI_INVALID_PARAMETER;
	if (d->media.read_only)
		return EFI_SUCCESS;
	return d->dev->flush(d->dev->ctx) ? EFI_DEVICE_ERROR : EFI_SUCCESS;
}

static efi_status_t reset(efi_block_io_t *self, efi_bool_t extended_verification)
{
	(void)extended_verification;
	return efi_disk_from_block_io(self) ? EFI_SUCCESS : EFI_INVALID_PARAMETER;
}

/* path + node (if any) + end node, in pool memory. */
static efi_device_path_t *join_path(const efi_device_path_t *path, const efi_device_path_t *node)
{
	size_t size = dp_size(path), end = sizeof(efi_device_path_t);
	size_t node_len = node ? (size_t)(node->length[0] | node->length[1] << 8) : 0;
	uint8_t *out;

	if (!size || pool_alloc(&efi_pool, EFI_BOOT_SERVICES_DATA, size + node_len,
				(void **)&out) != EFI_SUCCESS)
		return NULL;
	memcpy(out, path, size - end);
	if (node)
		memcpy(out + size - end, node, node_len);
	memcpy(out + size - end + node_len, (const uint8_t *)path + size - end, end);
	return (efi_device_path_t *)out;
}

efi_status_t efi_disk_install_handle(struct efi_disk *d, efi_handle_t *handle)
{
	efi_status_t status;

	*handle = NULL;
	status = db_install(&efi_db, handle, &efi_device_path_protocol_guid, d->path);
	if (status != EFI_SUCCESS) {
		/* no new handle: nothing was installed, nothing holds d */
		pool_free(&efi_pool, d->path);
		pool_free(&efi_pool, d);
		return status;
	}
	status = db_install(&efi_db, handle, &efi_block_io_protocol_guid, &d->block_io);
	if (status == EFI_SUCCESS)
		status = db_install(&efi_db, handle, &efi_disk_io_protocol_guid, &d->disk_io);
	return status;
}

struct efi_disk *efi_disk_new(const struct efi_block_device *dev, uint64_t first,
			      uint64_t blocks, const efi_device_path_t *path,
			      const efi_device_path_t *node)
{
	struct efi_disk *d;

	if (!blocks || pool_alloc(&efi_pool, EFI_BOOT_SERVICES_DATA, sizeof(*d), (void **)&d))
		return NULL;
	memset(d, 0, sizeof(*d));
	d->dev = dev;
	d->first = first;
	d->path = join_path(path, node);
	if (!d->path) {
		pool_free(&efi_pool, d);
		return NULL;
	}
	d->magic = EFI_DISK_MAGIC;
	d->media = (efi_block_io_media_t){
		.media_id = 1,
		.media_present = 1,
		.logical_partition = node != NULL,
		.read_only = dev->read_only,
		.block_size = dev->block_size,
		.last_block = blocks - 1,
		.logical_blocks_per_physical_block = 1,
	};
	d->block_io = (efi_block_io_t){
		.revision = EFI_BLOCK_IO_PROTOCOL_REVISION3,
		.media = &d->media,
		.reset = reset,
		.read_blocks = read_blocks,
		.write_blocks = write_blocks,
		.flush_blocks = flush_blocks,
	};
	efi_disk_io_init(d);
	return d;
}

efi_status_t efi_disk_install(const struct efi_block_device *dev, const efi_device_path_t *path,
			      efi_handle_t *handle)
{
	struct efi_disk *d;

	if (dev->block_size < 512 || dev->block_size > EFI_DISK_MAX_BLOCK ||
	    dev->block_size & (dev->block_size - 1) || dev->num_blocks > UINT64_MAX / dev->block_size)
		return EFI_UNSUPPORTED;
	d = efi_disk_new(dev, 0, dev->num_blocks, path, NULL);
	return d ? efi_disk_install_handle(d, handle) : EFI_OUT_OF_RESOURCES;
}
