/*
 * EFI_SIMPLE_FILE_SYSTEM_PROTOCOL and EFI_FILE_PROTOCOL on FAT12/16/32,
 * read-only, as a thin adapter over parsers/fat: EFI argument checks and
 * status mapping here, every on-disk rule in the parser.
 *
 * A driver (EFI_DRIVER_BINDING_PROTOCOL): ConnectController on a handle
 * with Block I/O mounts the FAT there and installs the file system on the
 * same handle, as edk2 and U-Boot do, so shim and systemd-boot find it on
 * their own DeviceHandle; Block I/O installed later by a program gets one
 * too. Disconnect refuses while files are open. A FAT whose sectors are
 * smaller than the media's blocks (an El Torito image on a 2048-byte CD) is
 * read through the handle's Disk I/O (mount_below_block()).
 *
 * What the volume keeps of the disk (the FAT copy, the sector slots, the
 * parser's windows and remembered chain walks) is dropped when a program
 * has written any disk through our Block I/O or Disk I/O since (GRUB's
 * save_env, an installer): each call starts with follow_writes(), and an
 * open file then walks its chain again. Block I/O that a program installs
 * itself is its own business. A new boot sector needs a reconnect.
 *
 * Rule -> status:
 *   NULL or forged self, NULL out pointers, NULL name                 -> EFI_INVALID_PARAMETER
 *   open mode not READ, READ|WRITE or READ|WRITE|CREATE               -> EFI_INVALID_PARAMETER
 *   open for writing; Write, SetInfo, Delete (the file stays)         -> EFI_WRITE_PROTECTED
 *                                                                       (Delete: EFI_WARN_DELETE_FAILURE)
 *   Flush of a file opened read-only                                  -> EFI_ACCESS_DENIED
 *   a name longer than FS_MAX_PATH units (no NUL)                     -> EFI_INVALID_PARAMETER
 *   path not found, a file used as a directory, above the root        -> EFI_NOT_FOUND
 *   a relative path opened from a file (no directory to start in)     -> EFI_NOT_FOUND
 *   the volume breaks a FAT rule (chain, long name, BPB)              -> EFI_VOLUME_CORRUPTED
 *   Block I/O fails                                                   -> EFI_DEVICE_ERROR
 *   buffer too small for the next directory record or for GetInfo     -> EFI_BUFFER_TOO_SMALL + size
 *   GetPosition on a directory; SetPosition != 0 on a directory;
 *   an unknown GetInfo type                                           -> EFI_UNSUPPORTED
 *   no memory for a file or a volume                                  -> EFI_OUT_OF_RESOURCES
 */
#include <string.h>

#include "firmware/efi/connect.h"
#include "firmware/efi/core.h"
#include "firmware/efi/protocols/disk.h"
#include "parsers/fat/fat.h"

#define FS_MAX_PATH 4096u /* UTF-16 units of one Open() name */
#define FS_FILE_MAGIC 0x656c6966u /* "file" */
#define FS_VOLUME_MAGIC 0x6c6f7666u /* "fvol" */
/*
 * A FAT up to this size is read whole, in one request, the first time a walk
 * needs it, and kept with the volume: a chain walk of a 27 MB kernel on
 * 512-byte clusters then costs no device request instead of one per 16 KiB
 * window of the parser (each a VM exit and a round trip through QEMU's I/O
 * thread). The parser still checks every entry it takes from it.
 */
#define FS_FAT_COPY_MAX (4u << 20)
/*
 * Sector-sized reads (directory sectors, the parser's partial sectors) are
 * kept in a few slots per volume: loaders open paths under the same
 * directories again and again (systemd-boot: \loader, \EFI\Linux, the
 * entries), and each reread would be another request.
 */
#define FS_SECTOR_SLOTS 16u
/*
 * A sector the slots miss comes with the ones after it, this many in one
 * request, kept apart from the slots: a directory's sectors and the
 * directories made after it usually follow each other (systemd-boot's
 * \loader, \loader\entries and their entries; \EFI, \EFI\BOOT), and each
 * request is a VM exit and a round trip through QEMU's I/O threads.
 */
#define FS_READ_AHEAD 8u

struct fs_volume {
	efi_simple_file_system_t proto;
	uint32_t magic;
	efi_block_io_t *block_io;
	efi_disk_io_t *disk_io;       /* FAT sectors below the media's blocks: reads by byte offset */
	efi_handle_t handle;
	uint32_t open_files;
	struct disk_ops disk;
	struct fat_volume fat;
	uint64_t fat_lba, fat_blocks; /* the FAT in use, in blocks; 0 blocks: not copied */
	uint8_t *fat_copy;            /* its bytes once read; NULL before, or if that failed */
	bool fat_copy_failed;         /* then reads go to the device as they come */
	uint8_t *slot_mem;            /* FS_SECTOR_SLOTS * FAT_MAX_SECTOR_SIZE bytes, on first use */
	struct {
		uint64_t lba, count;
		bool valid;
	} slot[FS_SECTOR_SLOTS];
	unsigned next_slot;           /* the slot to reuse next (round robin) */
	uint8_t *ahead_mem;           /* FS_READ_AHEAD * FAT_MAX_SECTOR_SIZE bytes, on first use */
	uint64_t ahead_lba, ahead_blocks; /* what it holds; 0 blocks: nothing */
	uint64_t writes_seen;         /* efi_disk_writes the caches are known to agree with */
	uint64_t generation;          /* bumped when they are dropped: open files follow */
};

struct fs_file {
	efi_file_t proto;
	uint32_t magic;
	struct fs_volume *vol;
	struct fat_dirent entry;
	bool is_dir;
	struct fat_dir dir;   /* is_dir */
	struct fat_file file; /* !is_dir */
	uint64_t generation;  /* the volume's, when the cursor's cached position was made */
};

static efi_file_t file_template;
static int last_error; /* the last FAT rule a volume broke, for the boot manager */

static struct fs_file *file_of(efi_file_t *self)
{
	struct fs_file *f = (struct fs_file *)self;

	return f && f->magic == FS_FILE_MAGIC ? f : NULL;
}

static efi_status_t fat_status(int err)
{
	if (err != FAT_OK && err != FAT_ERR_NOT_FOUND)
		last_error = err;
	switch (err) {
	case FAT_OK:
		return EFI_SUCCESS;
	case FAT_ERR_READ:
		return EFI_DEVICE_ERROR;
	case FAT_ERR_ARGUMENT:
	case FAT_ERR_NAME_LENGTH:
		return EFI_INVALID_PARAMETER;
	case FAT_ERR_NOT_FOUND:
	case FAT_ERR_NOT_DIRECTORY:
	case FAT_ERR_PATH_ABOVE_ROOT:
	case FAT_ERR_PATH_TOO_DEEP:
		return EFI_NOT_FOUND;
	default:
		return EFI_VOLUME_CORRUPTED;
	}
}

static int device_read(struct fs_volume *v, uint64_t lba, uint64_t count, void *buf)
{
	efi_block_io_t *bio = v->block_io;

	if (v->disk_io)
		return v->disk_io->read_disk(v->disk_io, bio->media->media_id,
					     lba * DISK_MIN_BLOCK_SIZE, count * DISK_MIN_BLOCK_SIZE,
					     buf) == EFI_SUCCESS
			       ? 0
			       : -1;
	return bio->read_blocks(bio, bio->media->media_id, lba, count * bio->media->block_size,
				buf) == EFI_SUCCESS
		       ? 0
		       : -1;
}

/* The whole FAT in one request; on failure reads go to the device piecewise (and fail there). */
static void copy_fat(struct fs_volume *v)
{
	uint64_t bytes = v->fat_blocks * v->disk.block_size;

	if (pool_alloc(&efi_pool, EFI_BOOT_SERVICES_DATA, bytes, (void **)&v->fat_copy) !=
	    EFI_SUCCESS) {
		v->fat_copy = NULL;
		v->fat_copy_failed = true;
		return;
	}
	if (device_read(v, v->fat_lba, v->fat_blocks, v->fat_copy)) {
		pool_free(&efi_pool, v->fat_copy);
		v->fat_copy = NULL;
		v->fat_copy_failed = true;
	}
}

/*
 * count blocks at lba into mem: from the read-ahead window, else a new
 * window read from lba on (up to the volume's last block), else alone.
 */
static int read_ahead(struct fs_volume *v, uint64_t lba, uint64_t count, void *mem)
{
	uint64_t last = v->disk.num_blocks - 1, blocks = FS_READ_AHEAD * count;

	if (v->ahead_blocks && lba >= v->ahead_lba && count <= v->ahead_blocks &&
	    lba - v->ahead_lba <= v->ahead_blocks - count) {
		memcpy(mem, v->ahead_mem + (lba - v->ahead_lba) * v->disk.block_size,
		       count * v->disk.block_size);
		return 0;
	}
	if (!v->ahead_mem && pool_alloc(&efi_pool, EFI_BOOT_SERVICES_DATA,
					FS_READ_AHEAD * FAT_MAX_SECTOR_SIZE,
					(void **)&v->ahead_mem) != EFI_SUCCESS)
		v->ahead_mem = NULL;
	if (lba <= last && blocks > last - lba + 1)
		blocks = last - lba + 1;
	v->ahead_blocks = 0;
	if (!v->ahead_mem || lba > last || blocks <= count || device_read(v, lba, blocks, v->ahead_mem))
		return device_read(v, lba, count, mem);
	v->ahead_lba = lba;
	v->ahead_blocks = blocks;
	memcpy(mem, v->ahead_mem, count * v->disk.block_size);
	return 0;
}

/* A read of at most one sector through the slots. */
static int slot_read(struct fs_volume *v, uint64_t lba, uint64_t count, void *buf)
{
	uint64_t bytes = count * v->disk.block_size;
	unsigned i;
	uint8_t *mem;

	for (i = 0; i < FS_SECTOR_SLOTS; i++) {
		if (v->slot[i].valid && v->slot[i].lba == lba && v->slot[i].count == count) {
			memcpy(buf, v->slot_mem + (size_t)i * FAT_MAX_SECTOR_SIZE, bytes);
			return 0;
		}
	}
	if (!v->slot_mem && pool_alloc(&efi_pool, EFI_BOOT_SERVICES_DATA,
				       FS_SECTOR_SLOTS * FAT_MAX_SECTOR_SIZE,
				       (void **)&v->slot_mem) != EFI_SUCCESS) {
		v->slot_mem = NULL;
		return device_read(v, lba, count, buf);
	}
	i = v->next_slot;
	v->next_slot = (i + 1) % FS_SECTOR_SLOTS;
	mem = v->slot_mem + (size_t)i * FAT_MAX_SECTOR_SIZE;
	v->slot[i].valid = false;
	if (read_ahead(v, lba, count, mem))
		return -1;
	v->slot[i].lba = lba;
	v->slot[i].count = count;
	v->slot[i].valid = true;
	memcpy(buf, mem, bytes);
	return 0;
}

static int read_blocks(void *ctx, uint64_t lba, uint64_t count, void *buf)
{
	struct fs_volume *v = ctx;

	if (v->fat_blocks && lba >= v->fat_lba && count <= v->fat_blocks &&
	    lba - v->fat_lba <= v->fat_blocks - count) {
		if (!v->fat_copy && !v->fat_copy_failed)
			copy_fat(v);
		if (v->fat_copy) {
			memcpy(buf, v->fat_copy + (lba - v->fat_lba) * v->disk.block_size,
			       count * v->disk.block_size);
			return 0;
		}
	}
	if (count <= FAT_MAX_SECTOR_SIZE / v->disk.block_size)
		return slot_read(v, lba, count, buf);
	return device_read(v, lba, count, buf);
}

/* Drops every cached byte of the disk. */
static void drop_caches(struct fs_volume *v)
{
	if (v->fat_copy)
		pool_free(&efi_pool, v->fat_copy);
	v->fat_copy = NULL;
	v->fat_copy_failed = false;
	for (unsigned i = 0; i < FS_SECTOR_SLOTS; i++)
		v->slot[i].valid = false;
	v->ahead_blocks = 0;
	fat_volume_forget(&v->fat);
	v->generation++;
}

/* ... if a disk was written since they were read. */
static void follow_writes(struct fs_volume *v)
{
	if (v->writes_seen == efi_disk_writes)
		return;
	v->writes_seen = efi_disk_writes;
	drop_caches(v);
}

/* The file's volume up to date, and its cursor too. */
static void follow_writes_file(struct fs_file *f)
{
	follow_writes(f->vol);
	if (f->generation == f->vol->generation)
		return;
	f->generation = f->vol->generation;
	if (!f->is_dir)
		fat_file_forget(&f->file);
}

/* After a mount: the FAT in use, if small enough to keep whole (checked sizes: no overflow). */
static void plan_fat_copy(struct fs_volume *v)
{
	uint64_t blocks = v->fat.fat_sectors * v->fat.blocks_per_sector;

	if (blocks && blocks <= FS_FAT_COPY_MAX / v->disk.block_size) {
		v->fat_lba = v->fat.fat_sector * v->fat.blocks_per_sector;
		v->fat_blocks = blocks;
	}
}

static void free_volume(struct fs_volume *v)
{
	v->magic = 0;
	if (v->fat_copy)
		pool_free(&efi_pool, v->fat_copy);
	if (v->slot_mem)
		pool_free(&efi_pool, v->slot_mem);
	if (v->ahead_mem)
		pool_free(&efi_pool, v->ahead_mem);
	pool_free(&efi_pool, v);
}

/* A new cursor on entry (a file or a directory) of v. */
static efi_status_t new_file(struct fs_volume *v, const struct fat_dirent *entry,
			     efi_file_t **out)
{
	struct fs_file *f;
	efi_status_t status = pool_alloc(&efi_pool, EFI_BOOT_SERVICES_DATA, sizeof(*f), (void **)&f);
	int err;

	if (status != EFI_SUCCESS)
		return status;
	memset(f, 0, sizeof(*f));
	f->proto = file_template;
	f->vol = v;
	f->generation = v->generation;
	f->entry = *entry;
	f->is_dir = entry->attr & FAT_ATTR_DIRECTORY;
	err = f->is_dir ? fat_dir_open(&v->fat, entry, &f->dir)
			: fat_file_open(&v->fat, entry, &f->file);
	if (err) {
		pool_free(&efi_pool, f);
		return fat_status(err);
	}
	f->magic = FS_FILE_MAGIC;
	v->open_files++;
	*out = &f->proto;
	return EFI_SUCCESS;
}

static efi_status_t open_volume(efi_simple_file_system_t *self, efi_file_t **root)
{
	struct fs_volume *v = (struct fs_volume *)self;
	struct fat_dirent entry;

	if (!v || v->magic != FS_VOLUME_MAGIC || !root)
		return EFI_INVALID_PARAMETER;
	follow_writes(v);
	fat_root(&v->fat, &entry);
	return new_file(v, &entry, root);
}

static size_t name_length(const efi_char16_t *name)
{
	size_t n = 0;

	while (n <= FS_MAX_PATH && name[n])
		n++;
	return n;
}

static efi_status_t file_open(efi_file_t *self, efi_file_t **new_handle, efi_char16_t *name,
			      uint64_t mode, uint64_t attributes)
{
	struct fs_file *f = file_of(self);
	struct fat_dirent found;
	size_t len;

	(void)attributes; /* only for files created, which none are */
	if (!f || !new_handle || !name)
		return EFI_INVALID_PARAMETER;
	if (mode != EFI_FILE_MODE_READ && mode != (EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE) &&
	    mode != (EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE | EFI_FILE_MODE_CREATE))
		return EFI_INVALID_PARAMETER;
	if (mode & EFI_FILE_MODE_WRITE)
		return EFI_WRITE_PROTECTED;
	len = name_length(name);
	if (len > FS_MAX_PATH)
		return EFI_INVALID_PARAMETER;
	if (!f->is_dir && (len == 0 || name[0] != '\\'))
		return EFI_NOT_FOUND;
	follow_writes_file(f);
	if (len == 0) { /* "" opens the directory itself again */
		found = f->entry;
	} else {
		int err = fat_open_path(&f->vol->fat, &f->entry, name, len, &found);

		if (err)
			return fat_status(err);
	}
	return new_file(f->vol, &found, new_handle);
}

static efi_status_t file_close(efi_file_t *self)
{
	struct fs_file *f = file_of(self);

	if (!f)
		return EFI_INVALID_PARAMETER;
	f->magic = 0;
	f->vol->open_files--;
	return pool_free(&efi_pool, f);
}

static efi_status_t file_delete(efi_file_t *self)
{
	efi_status_t status = file_close(self);

	return status == EFI_SUCCESS ? EFI_WARN_DELETE_FAILURE : status;
}

static void put_time(efi_time_t *t, uint16_t date, uint16_t time, uint8_t tenths)
{
	memset(t, 0, sizeof(*t));
	if (date == 0)
		return; /* not recorded */
	t->year = (uint16_t)(1980 + (date >> 9));
	t->month = (uint8_t)(date >> 5 & 0xf);
	t->day = (uint8_t)(date & 0x1f);
	t->hour = (uint8_t)(time >> 11);
	t->minute = (uint8_t)(time >> 5 & 0x3f);
	t->second = (uint8_t)((time & 0x1f) * 2 + tenths / 100);
	t->nanosecond = (uint32_t)(tenths % 100) * 10000000u;
	t->time_zone = 0x7ff; /* EFI_UNSPECIFIED_TIMEZONE */
}

static size_t units_of(const uint16_t *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

/* entry as an EFI_FILE_INFO in buf; EFI_BUFFER_TOO_SMALL with *size if it does not fit. */
static efi_status_t put_file_info(const struct fs_volume *v, const struct fat_dirent *entry,
				  uint64_t *size, void *buf)
{
	size_t name_units = units_of(entry->name, FAT_MAX_NAME);
	uint64_t need = sizeof(efi_file_info_t) + (name_units + 1) * sizeof(efi_char16_t);
	efi_file_info_t *info = buf;

	if (*size < need || !buf) {
		*size = need;
		return EFI_BUFFER_TOO_SMALL;
	}
	memset(info, 0, sizeof(*info));
	info->size = need;
	info->file_size = entry->size;
	info->physical_size = ((uint64_t)entry->size + v->fat.cluster_size - 1) /
			      v->fat.cluster_size * v->fat.cluster_size;
	put_time(&info->create_time, entry->create_date, entry->create_time, entry->create_tenths);
	put_time(&info->last_access_time, entry->access_date, 0, 0);
	put_time(&info->modification_time, entry->write_date, entry->write_time, 0);
	/* FAT's attribute bits are EFI's (read-only, hidden, system, directory, archive) */
	info->attribute = entry->attr & (EFI_FILE_READ_ONLY | EFI_FILE_HIDDEN | EFI_FILE_SYSTEM |
					 EFI_FILE_DIRECTORY | EFI_FILE_ARCHIVE);
	memcpy(info->file_name, entry->name, name_units * sizeof(efi_char16_t));
	info->file_name[name_units] = 0;
	*size = need;
	return EFI_SUCCESS;
}

/* The next directory record; the cursor moves only if it fit. */
static efi_status_t read_dir(struct fs_file *f, uint64_t *size, void *buf)
{
	struct fat_dir before = f->dir;
	struct fat_dirent entry;
	bool end = false;
	efi_status_t status;
	int err = fat_dir_next(&f->dir, &entry, &end);

	if (err)
		return fat_status(err);
	if (end) {
		*size = 0;
		return EFI_SUCCESS;
	}
	status = put_file_info(f->vol, &entry, size, buf);
	if (status != EFI_SUCCESS)
		f->dir = before;
	return status;
}

static efi_status_t file_read(efi_file_t *self, uint64_t *size, void *buf)
{
	struct fs_file *f = file_of(self);
	size_t done = 0;
	int err;

	if (!f || !size || (!buf && *size))
		return EFI_INVALID_PARAMETER;
	follow_writes_file(f);
	if (f->is_dir)
		return read_dir(f, size, buf);
	if (*size > SIZE_MAX)
		*size = SIZE_MAX;
	err = fat_file_read(&f->file, buf, (size_t)*size, &done);
	if (err)
		return fat_status(err);
	*size = done;
	return EFI_SUCCESS;
}

static efi_status_t file_write(efi_file_t *self, uint64_t *size, void *buf)
{
	struct fs_file *f = file_of(self);

	(void)buf;
	if (!f || !size)
		return EFI_INVALID_PARAMETER;
	if (f->is_dir)
		return EFI_UNSUPPORTED;
	*size = 0;
	return EFI_WRITE_PROTECTED;
}

static efi_status_t get_position(efi_file_t *self, uint64_t *position)
{
	struct fs_file *f = file_of(self);

	if (!f || !position)
		return EFI_INVALID_PARAMETER;
	if (f->is_dir)
		return EFI_UNSUPPORTED;
	*position = f->file.pos;
	return EFI_SUCCESS;
}

static efi_status_t set_position(efi_file_t *self, uint64_t position)
{
	struct fs_file *f = file_of(self);

	if (!f)
		return EFI_INVALID_PARAMETER;
	if (f->is_dir) {
		if (position != 0)
			return EFI_UNSUPPORTED;
		fat_dir_rewind(&f->dir);
		return EFI_SUCCESS;
	}
	/* all ones: the end of the file */
	fat_file_seek(&f->file, position == UINT64_MAX ? f->file.size : position);
	return EFI_SUCCESS;
}

static efi_status_t put_label(const struct fs_volume *v, uint64_t *size, void *buf)
{
	size_t units = units_of(v->fat.label, 11);
	uint64_t need = (units + 1) * sizeof(efi_char16_t);

	if (*size < need || !buf) {
		*size = need;
		return EFI_BUFFER_TOO_SMALL;
	}
	memcpy(buf, v->fat.label, units * sizeof(efi_char16_t));
	((efi_char16_t *)buf)[units] = 0;
	*size = need;
	return EFI_SUCCESS;
}

static efi_status_t put_fs_info(struct fs_volume *v, uint64_t *size, void *buf)
{
	size_t units = units_of(v->fat.label, 11);
	uint64_t need = sizeof(efi_file_system_info_t) + (units + 1) * sizeof(efi_char16_t);
	efi_file_system_info_t *info = buf;
	uint32_t free_clusters = 0;
	int err;

	if (*size < need || !buf) {
		*size = need;
		return EFI_BUFFER_TOO_SMALL;
	}
	err = fat_free_clusters(&v->fat, &free_clusters);
	if (err)
		return fat_status(err);
	memset(info, 0, sizeof(*info));
	info->size = need;
	info->read_only = 1;
	info->volume_size = (uint64_t)v->fat.cluster_count * v->fat.cluster_size;
	info->free_space = (uint64_t)free_clusters * v->fat.cluster_size;
	info->block_size = v->fat.cluster_size;
	memcpy(info->volume_label, v->fat.label, units * sizeof(efi_char16_t));
	info->volume_label[units] = 0;
	*size = need;
	return EFI_SUCCESS;
}

static efi_status_t get_info(efi_file_t *self, efi_guid_t *type, uint64_t *size, void *buf)
{
	struct fs_file *f = file_of(self);

	if (!f || !type || !size)
		return EFI_INVALID_PARAMETER;
	follow_writes_file(f);
	if (efi_guid_equal(type, &efi_file_info_guid))
		return put_file_info(f->vol, &f->entry, size, buf);
	if (efi_guid_equal(type, &efi_file_system_info_guid))
		return put_fs_info(f->vol, size, buf);
	if (efi_guid_equal(type, &efi_file_system_volume_label_guid))
		return put_label(f->vol, size, buf);
	return EFI_UNSUPPORTED;
}

static efi_status_t set_info(efi_file_t *self, efi_guid_t *type, uint64_t size, void *buf)
{
	(void)size;
	(void)buf;
	if (!file_of(self) || !type)
		return EFI_INVALID_PARAMETER;
	return EFI_WRITE_PROTECTED;
}

static efi_status_t flush(efi_file_t *self)
{
	return file_of(self) ? EFI_ACCESS_DENIED : EFI_INVALID_PARAMETER;
}

static efi_file_t file_template = {
	.revision = EFI_FILE_PROTOCOL_REVISION,
	.open = file_open,
	.close = file_close,
	.delete_file = file_delete,
	.read = file_read,
	.write = file_write,
	.get_position = get_position,
	.set_position = set_position,
	.get_info = get_info,
	.set_info = set_info,
	.flush = flush,
};

/* ---- the driver ---- */

static efi_status_t supported(efi_driver_binding_t *self, efi_handle_t controller,
			      efi_device_path_t *remaining)
{
	void *bio, *fs;

	(void)self;
	(void)remaining;
	if (db_get(&efi_db, controller, &efi_block_io_protocol_guid, &bio) != EFI_SUCCESS)
		return EFI_UNSUPPORTED;
	if (db_get(&efi_db, controller, &efi_simple_file_system_protocol_guid, &fs) ==
	    EFI_SUCCESS)
		return EFI_ALREADY_STARTED;
	return EFI_SUCCESS;
}

/*
 * A FAT whose sectors are smaller than the media's blocks: the EFI boot
 * image of an ISO on a CD of 2048-byte blocks (El Torito images are FATs of
 * 512-byte sectors). As edk2's FAT driver, read it through the handle's
 * Disk I/O at byte offsets, in 512-byte units: the parser keeps its rule
 * that sectors are whole blocks, and Disk I/O does the partial blocks.
 */
static int mount_below_block(struct fs_volume *v, efi_handle_t controller)
{
	uint64_t per_block = v->disk.block_size / DISK_MIN_BLOCK_SIZE;

	if (db_get(&efi_db, controller, &efi_disk_io_protocol_guid, (void **)&v->disk_io) !=
		    EFI_SUCCESS ||
	    v->disk.num_blocks > UINT64_MAX / per_block) {
		v->disk_io = NULL;
		return FAT_ERR_SECTOR_BELOW_BLOCK;
	}
	drop_caches(v); /* what the first mount read is keyed by the media's blocks */
	v->disk.block_size = DISK_MIN_BLOCK_SIZE;
	v->disk.num_blocks *= per_block;
	return fat_mount(&v->disk, &v->fat);
}

static efi_status_t start(efi_driver_binding_t *self, efi_handle_t controller,
			  efi_device_path_t *remaining)
{
	struct fs_volume *v;
	efi_block_io_t *bio;
	efi_status_t status;
	int err;

	(void)remaining;
	status = db_open(&efi_db, controller, &efi_block_io_protocol_guid, (void **)&bio,
			 self->driver_binding_handle, controller, EFI_OPEN_PROTOCOL_BY_DRIVER);
	if (status != EFI_SUCCESS)
		return status;
	if (!bio->media || !bio->media->media_present) {
		status = EFI_NO_MEDIA;
		goto close;
	}
	status = pool_alloc(&efi_pool, EFI_BOOT_SERVICES_DATA, sizeof(*v), (void **)&v);
	if (status != EFI_SUCCESS)
		goto close;
	memset(v, 0, sizeof(*v));
	v->block_io = bio;
	v->writes_seen = efi_disk_writes;
	v->handle = controller;
	v->disk.ctx = v;
	v->disk.block_size = bio->media->block_size;
	v->disk.num_blocks = bio->media->last_block + 1;
	v->disk.read = read_blocks;
	err = bio->media->last_block == UINT64_MAX ? FAT_ERR_ARGUMENT : fat_mount(&v->disk, &v->fat);
	if (err == FAT_ERR_SECTOR_BELOW_BLOCK)
		err = mount_below_block(v, controller);
	if (err) {
		/* most Block I/O handles hold no FAT (a disk with partitions): not an error */
		if (err != FAT_ERR_NOT_FAT)
			last_error = err;
		status = EFI_UNSUPPORTED;
		goto free;
	}
	plan_fat_copy(v);
	v->proto.revision = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_REVISION;
	v->proto.open_volume = open_volume;
	v->magic = FS_VOLUME_MAGIC;
	status = db_install(&efi_db, &controller, &efi_simple_file_system_protocol_guid, &v->proto);
	if (status == EFI_SUCCESS)
		return EFI_SUCCESS;
free:
	free_volume(v);
close:
	db_close(&efi_db, controller, &efi_block_io_protocol_guid, self->driver_binding_handle,
		 controller);
	return status;
}

static efi_status_t stop(efi_driver_binding_t *self, efi_handle_t controller,
			 uint64_t child_count, efi_handle_t *children)
{
	struct fs_volume *v;
	efi_status_t status;

	(void)child_count;
	(void)children;
	status = db_get(&efi_db, controller, &efi_simple_file_system_protocol_guid, (void **)&v);
	if (status != EFI_SUCCESS)
		return status;
	if (v->open_files)
		return EFI_ACCESS_DENIED;
	status = db_uninstall(&efi_db, controller, &efi_simple_file_system_protocol_guid, &v->proto);
	if (status != EFI_SUCCESS)
		return status;
	db_close(&efi_db, controller, &efi_block_io_protocol_guid, self->driver_binding_handle,
		 controller);
	free_volume(v);
	return EFI_SUCCESS;
}

static efi_driver_binding_t binding = {
	.supported = supported,
	.start = start,
	.stop = stop,
	.version = 0x10,
};

efi_status_t efi_simple_fs_driver_install(efi_handle_t image)
{
	return db_install_driver(&efi_db, &binding, image);
}

const char *efi_simple_fs_last_error(void)
{
	return last_error ? fat_strerror(last_error) : NULL;
}
