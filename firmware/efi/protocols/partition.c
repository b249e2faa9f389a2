/*
 * The partition driver: a driver binding on whole-disk Block I/O (ours or
 * one a program installed). Start reads the GPT (parsers/gpt, backup header
 * when the primary is damaged) or else a plain MBR (parsers/mbr) and gives
 * each partition a child handle with Device Path (the disk's path + an
 * HD(...) node, the shape shim and efibootmgr match), Block I/O and Disk I/O,
 * reading through the disk's own Block I/O.
 *
 * A disk with neither table may be an ISO 9660 image (an installer ISO given
 * with -cdrom): its El Torito EFI boot images (parsers/eltorito) become
 * children with a CDROM(entry, start, size) node, as on a CD.
 *
 * A GPT entry that breaks an entry rule (parsers/gpt) gets no child, named
 * in an info line; the others do. A GPT whose two headers are both refused
 * gets no children; both reasons
 * are logged, and kept for the boot manager, whose last "efilite: error:"
 * line names them when nothing is left to boot (efi_partition_refusal()).
 * An MBR refused for its EBR chain (a link back, a logical partition
 * outside its slot) gets none either, named in an info line and kept for
 * that last line too (efi_partition_mbr_refusal()), and so, quietly, is an
 * MBR refused for its primary table, and a sound GPT
 * header behind an LBA 0 that is no protective MBR (efi_partition_pmbr_refusal()).
 * Kept as well: the first MBR's partitions, numbers and types, for a last
 * line with no FAT found on them (efi_partition_mbr_partition()), the first
 * GPT's entries likewise (efi_partition_gpt_entry()), and an
 * ISO 9660 image without an El Torito boot record, named in an info line
 * (efi_partition_eltorito_refusal(), after a refused catalog).
 * A disk with neither table (a bare FAT file system, a blank disk) gets
 * none, silently, and is let go again, so that the FAT driver can open it
 * BY_DRIVER (a "superfloppy" ESP without a partition table).
 *
 * Disks and partitions are bounded by memory only (the GPT parser's 2048
 * entries a disk): a partition there is no memory for is named in a line.
 */
#include <string.h>

#include "firmware/efi/boot_manager.h"
#include "firmware/efi/connect.h"
#include "firmware/efi/protocols/disk.h"
#include "firmware/platform/log.h"
#include "parsers/eltorito/eltorito.h"
#include "parsers/gpt/gpt.h"
#include "parsers/mbr/mbr.h"

struct parent {
	struct parent *next;
	struct efi_block_device dev; /* reads through bio */
	efi_block_io_t *bio;
	efi_handle_t handle;
	const efi_device_path_t *path;
	uint32_t count; /* children */
};

static efi_driver_binding_t binding;
static struct parent *parents; /* the disks the driver started on */
static int refused_primary, refused_backup; /* the last GPT refused outright */
/* the first GPT entry refused alone, [1] of the ESP's type, [0] of another, and why */
static uint32_t refused_entry[2];
static int refused_entry_status[2];
static uint32_t esp_no_block_io; /* the first GPT entry of the ESP's type with attribute bit 1 */
static uint32_t esp_entry;   /* the first partition of the ESP's type given a child ... */
static const char *esp_table; /* ... "GPT entry" or "MBR partition" */
/* the first MBR refused, [1] for its EBR chain, [0] for its primary table */
static int refused_mbr[2];
static int refused_pmbr; /* the first sound GPT header left unused for its LBA 0 */
static int refused_eltorito; /* the first El Torito boot catalog refused */
static bool eltorito_no_efi;  /* a sound catalog listed no EFI boot image (a BIOS-only ISO) */
static bool iso_no_boot_record; /* an ISO 9660 image had no El Torito boot record */
static uint32_t gpt_block, gpt_disk_block; /* a GPT made for other blocks: theirs, the disk's */
/*
 * The partitions of the first MBR whose partitions got children (an extended
 * one gets none). With no file system found anywhere, none of them holds a
 * FAT, and their numbers and types are what shows a user the fault: a FAT
 * partition moved, an extended partition's type byte changed (the logical
 * ESP behind it never read). Which of them was meant cannot be known.
 */
static struct {
	uint8_t number, type;
} mbr_part[MBR_MAX_PARTITIONS];
static unsigned mbr_parts;
/*
 * The same for the entries of the first GPT whose entries got children (a
 * Linux disk without an ESP, an ESP retyped): the first few with their
 * types' names, the rest counted. A GPT may have 2048 entries; the last
 * line names a few.
 */
static struct {
	uint32_t number;
	char type[GPT_TYPE_TEXT_SIZE];
} gpt_entry[EFI_GPT_ENTRIES_KEPT];
static unsigned gpt_entries;

/* The link to controller's parent in the list, or NULL if the driver has none for it. */
static struct parent **parent_link(efi_handle_t controller)
{
	for (struct parent **link = &parents; *link; link = &(*link)->next)
		if ((*link)->handle == controller)
			return link;
	return NULL;
}

static int parent_read(void *ctx, uint64_t lba, uint64_t count, void *buf)
{
	efi_block_io_t *bio = ((struct parent *)ctx)->bio;

	return bio->read_blocks(bio, bio->media->media_id, lba, count * bio->media->block_size,
				buf) != EFI_SUCCESS;
}

static int parent_write(void *ctx, uint64_t lba, uint64_t count, const void *buf)
{
	efi_block_io_t *bio = ((struct parent *)ctx)->bio;

	return bio->write_blocks(bio, bio->media->media_id, lba, count * bio->media->block_size,
				 (void *)(uintptr_t)buf) != EFI_SUCCESS;
}

static int parent_flush(void *ctx)
{
	efi_block_io_t *bio = ((struct parent *)ctx)->bio;

	return bio->flush_blocks(bio) != EFI_SUCCESS;
}

/* Uninstalls child's protocols and frees d, the disk behind them. */
static efi_status_t remove_child(efi_handle_t child, struct efi_disk *d)
{
	if (db_uninstall(&efi_db, child, &efi_disk_io_protocol_guid, &d->disk_io) ||
	    db_uninstall(&efi_db, child, &efi_block_io_protocol_guid, &d->block_io) ||
	    db_uninstall(&efi_db, child, &efi_device_path_protocol_guid, d->path))
		return EFI_DEVICE_ERROR;
	d->magic = 0;
	pool_free(&efi_pool, d->path);
	return pool_free(&efi_pool, d);
}

/*
 * A child over blocks [first, first + blocks) of p's disk: p's path + node;
 * number names it (GPT or MBR entry, El Torito image) if there is no memory.
 * False if it was left out.
 */
static bool add_child_node(struct parent *p, uint32_t number, uint64_t first, uint64_t blocks,
			   const efi_device_path_t *node)
{
	struct efi_disk *d = efi_disk_new(&p->dev, first, blocks, p->path, node);
	efi_handle_t child;
	void *unused;

	if (!d) {
		log_info("disk: partition %u left out: out of memory for its Block I/O", number);
		return false;
	}
	if (efi_disk_install_handle(d, &child) != EFI_SUCCESS) {
		/* only a new handle can fail: d is gone with it */
		log_info("disk: partition %u left out: out of memory for its handle", number);
		return false;
	}
	/*
	 * The record is what makes a recursive connect reach the child, and a
	 * disconnect stop it: a child without one would outlive its disk's
	 * parent, which its reads go through.
	 */
	if (db_open(&efi_db, p->handle, &efi_block_io_protocol_guid, &unused,
		    binding.driver_binding_handle, child,
		    EFI_OPEN_PROTOCOL_BY_CHILD_CONTROLLER) != EFI_SUCCESS) {
		log_info("disk: partition %u left out: out of memory for its open record", number);
		if (remove_child(child, d) == EFI_SUCCESS)
			return false;
	}
	p->count++;
	return true;
}

static bool add_child(struct parent *p, uint32_t number, uint64_t first, uint64_t blocks,
		      const uint8_t *signature, size_t signature_len, uint8_t mbr_type)
{
	efi_hard_drive_device_path_t hd = {
		.header = { EFI_DP_TYPE_MEDIA, EFI_DP_MEDIA_HARD_DRIVE, { sizeof(hd), 0 } },
		.partition_number = number,
		.partition_start = first,
		.partition_size = blocks,
		.mbr_type = mbr_type,
		.signature_type = mbr_type == EFI_HD_MBR_TYPE_GPT ? EFI_HD_SIGNATURE_GUID
								  : EFI_HD_SIGNATURE_MBR,
	};

	memcpy(hd.signature, signature, signature_len);
	return add_child_node(p, number, first, blocks, &hd.header);
}

/*
 * A child per used entry but for the ones gpt_partition() refuses (each
 * named) and those whose attribute bit 1 says the firmware must make no
 * Block I/O for them (UEFI 2.10 table 5.9; edk2 skips them too).
 */
#define GPT_ATTR_NO_BLOCK_IO (1ull << 1)

/* A partition of the ESP's type given a child: the first is kept for the last line. */
static void note_esp(const char *table, uint32_t number)
{
	if (!esp_entry) {
		esp_entry = number;
		esp_table = table;
	}
}

/*
 * Entry number's partition refused alone: named now, and kept if it is the
 * first of its kind (an ESP's type or another; the boot manager's last line
 * weighs them apart).
 */
static void refuse_entry(uint32_t number, int status, const struct gpt_partition *part)
{
	bool esp = memcmp(part->type_guid, gpt_type_esp, 16) == 0;

	log_info("disk: GPT entry %u refused, its partition left out: %s", number,
		 gpt_strerror(status));
	if (!refused_entry[esp]) {
		refused_entry[esp] = number;
		refused_entry_status[esp] = status;
	}
}

/* Entry number of the first GPT got a child: kept, the first few with their type's name. */
static void keep_gpt_entry(uint32_t number, const uint8_t type[16])
{
	if (gpt_entries < EFI_GPT_ENTRIES_KEPT) {
		gpt_entry[gpt_entries].number = number;
		gpt_type_text(type, gpt_entry[gpt_entries].type);
	}
	gpt_entries++;
}

static void add_gpt(struct parent *p, const struct gpt_disk *g)
{
	bool first = !gpt_entries;

	for (uint32_t i = 0; i < g->hdr.num_entries; i++) {
		struct gpt_partition part;
		bool used;
		int status =
			gpt_partition(g->entries, g->hdr.entries_bytes, &g->hdr, i, &part, &used);

		if (!used)
			continue;
		if (status != GPT_OK) {
			refuse_entry(i + 1, status, &part);
			continue;
		}
		if (part.attributes & GPT_ATTR_NO_BLOCK_IO) {
			bool esp = memcmp(part.type_guid, gpt_type_esp, 16) == 0;

			/* an ESP hidden so is why nothing boots, if nothing does: said */
			log_msg(esp ? LOG_INFO : LOG_DEBUG,
				"disk: GPT entry %u: no Block I/O wanted (attribute bit 1)", i + 1);
			if (esp && !esp_no_block_io)
				esp_no_block_io = i + 1;
			continue;
		}
		if (!add_child(p, i + 1, part.start_lba, part.end_lba - part.start_lba + 1,
			       part.unique_guid, sizeof(part.unique_guid), EFI_HD_MBR_TYPE_GPT))
			continue;
		if (memcmp(part.type_guid, gpt_type_esp, 16) == 0)
			note_esp("GPT entry", i + 1);
		if (first)
			keep_gpt_entry(i + 1, part.type_guid);
	}
}

/*
 * A refusal in the EBR chain: the primary table stood (a real MBR with an
 * extended partition), so it is named. A primary table's refusal may be no
 * MBR at all (a bare FAT's boot sector ends in 0x55AA too): kept quietly, for
 * the last line when no file system is found anywhere (a disk image cut
 * short, its partition past the end). Others (no 0x55AA, I/O) are no news.
 */
static bool ebr_refusal(int status)
{
	switch (status) {
	case MBR_ERR_EBR_SIGNATURE:
	case MBR_ERR_EBR_ENTRIES:
	case MBR_ERR_EBR_LINK_BACKWARD:
	case MBR_ERR_EBR_OUTSIDE_EXTENDED:
	case MBR_ERR_LOGICAL_OUTSIDE_EBR:
	case MBR_ERR_TOO_MANY_LOGICAL:
		return true;
	default:
		return false;
	}
}

static bool table_refusal(int status)
{
	switch (status) {
	case MBR_ERR_BOOT_FLAG:
	case MBR_ERR_PART_BEYOND_DISK:
	case MBR_ERR_PART_OVERLAP:
	case MBR_ERR_TWO_EXTENDED:
		return true;
	default:
		return false;
	}
}

static void add_mbr(struct parent *p, const struct disk_ops *disk, uint8_t *block)
{
	struct mbr_table t;
	uint8_t signature[4];
	int status = mbr_read(disk, block, EFI_DISK_MAX_BLOCK, &t);

	if (ebr_refusal(status)) {
		log_info("disk: MBR refused, no partitions: %s", mbr_strerror(status));
		if (!refused_mbr[1])
			refused_mbr[1] = status;
	} else if (table_refusal(status)) {
		log_debug("disk: LBA 0 is no usable MBR: %s", mbr_strerror(status));
		if (!refused_mbr[0])
			refused_mbr[0] = status;
	}
	if (status != MBR_OK || t.protective)
		return;
	signature[0] = (uint8_t)t.disk_signature;
	signature[1] = (uint8_t)(t.disk_signature >> 8);
	signature[2] = (uint8_t)(t.disk_signature >> 16);
	signature[3] = (uint8_t)(t.disk_signature >> 24);
	bool first = !mbr_parts;

	for (unsigned i = 0; i < t.count; i++) {
		uint8_t type = t.part[i].type;

		if (type == MBR_TYPE_EXTENDED_CHS || type == MBR_TYPE_EXTENDED_LBA ||
		    type == MBR_TYPE_EXTENDED_LINUX ||
		    !add_child(p, t.part[i].number, t.part[i].start_lba, t.part[i].num_blocks,
			       signature, sizeof(signature), EFI_HD_MBR_TYPE_PCAT))
			continue;
		if (type == MBR_TYPE_EFI_SYSTEM)
			note_esp("MBR partition", t.part[i].number);
		if (first) {
			mbr_part[mbr_parts].number = t.part[i].number;
			mbr_part[mbr_parts++].type = type;
		}
	}
}

static void add_eltorito(struct parent *p, const struct disk_ops *disk, uint8_t *scratch)
{
	struct eltorito_table t;
	int status = eltorito_read(disk, scratch, ELTORITO_SCRATCH_BYTES, &t);

	/*
	 * A disk that is no ISO 9660 image is no news; an ISO without a boot
	 * record (a data CD, or its record broken) is, and one with a broken
	 * catalog, further along, more so.
	 */
	if (status == ELTORITO_ERR_ISO_NO_BOOT_RECORD) {
		log_info("disk: %s: no boot images", eltorito_strerror(status));
		iso_no_boot_record = true;
	} else if (status != ELTORITO_OK && status != ELTORITO_ERR_NO_BOOT_RECORD) {
		log_info("disk: El Torito boot catalog refused, no boot images: %s",
			 eltorito_strerror(status));
		if (!refused_eltorito)
			refused_eltorito = status;
	}
	if (status != ELTORITO_OK)
		return;
	if (!t.count) {
		log_info("disk: El Torito boot catalog lists no EFI boot image");
		eltorito_no_efi = true;
	}
	for (unsigned i = 0; i < t.count; i++) {
		efi_cdrom_device_path_t cd = {
			.header = { EFI_DP_TYPE_MEDIA, EFI_DP_MEDIA_CDROM, { sizeof(cd), 0 } },
			.boot_entry = t.image[i].entry,
			.partition_start = t.image[i].rba,
			.partition_size = t.image[i].num_blocks,
		};

		add_child_node(p, t.image[i].entry, t.image[i].start_lba, t.image[i].num_blocks,
			       &cd.header);
	}
}

/*
 * A disk whose LBA 0 is no protective MBR (status): a sound GPT header at
 * LBA 1 is not used (as in Linux), but named, and kept for the boot
 * manager's last line, so that a disk whose protective MBR alone was lost,
 * or whose 0xEE type byte changed (its one MBR partition then starts at the
 * GPT header), does not end in a line without a reason.
 */
static void note_unprotected_gpt(const struct disk_ops *disk, uint8_t *scratch, int status)
{
	struct gpt_header hdr;

	if (disk->read(disk->ctx, 1, 1, scratch) ||
	    gpt_check_header(scratch, disk->block_size, disk->block_size, 1, disk->num_blocks,
			     &hdr) != GPT_OK)
		return;
	log_info("disk: GPT at LBA 1 not used, LBA 0 is no protective MBR: %s",
		 gpt_strerror(status));
	if (!refused_pmbr)
		refused_pmbr = status;
}

/*
 * A GPT with no header at LBA 1 may have been made for another block size
 * (a 512-byte image given to a 4Kn device, or the reverse): the size whose
 * LBA 1 holds "EFI PART", or 0. Read-only and cheap: one block a size.
 */
static uint32_t gpt_made_for(const struct disk_ops *disk, uint8_t *scratch)
{
	for (uint32_t bs = 512; bs <= EFI_DISK_MAX_BLOCK; bs *= 2) {
		uint64_t lba = bs / disk->block_size;

		if (bs != disk->block_size && lba < disk->num_blocks &&
		    !disk->read(disk->ctx, lba, 1, scratch) &&
		    memcmp(scratch + bs % disk->block_size, "EFI PART", 8) == 0)
			return bs;
	}
	return 0;
}

/* The partition tables of p's disk; scratch holds GPT_SCRATCH_BYTES. */
static void scan(struct parent *p, uint8_t *scratch)
{
	const struct disk_ops disk = {
		.ctx = p,
		.block_size = p->bio->media->block_size,
		.num_blocks = p->bio->media->last_block + 1,
		.read = parent_read,
	};
	struct gpt_disk g;
	int status = gpt_read(&disk, scratch, GPT_SCRATCH_BYTES, &g);

	if (status == GPT_OK) {
		if (g.used == GPT_BACKUP)
			log_info("disk: primary GPT refused (%s): using the backup",
				 gpt_strerror(g.primary_status));
		add_gpt(p, &g);
	} else if (status == GPT_ERR_BOTH_HEADERS_BAD) {
		bool no_signature = g.primary_status == GPT_ERR_SIGNATURE &&
				 g.backup_status == GPT_ERR_SIGNATURE;
		uint32_t made_for = no_signature ? gpt_made_for(&disk, scratch) : 0;

		refused_primary = g.primary_status;
		refused_backup = g.backup_status;
		log_info("disk: GPT refused, no partitions: primary: %s; backup: %s",
			 gpt_strerror(g.primary_status), gpt_strerror(g.backup_status));
		if (made_for) {
			log_info("disk: its GPT was made for %u-byte blocks, the disk's are %u bytes",
				 made_for, disk.block_size);
			if (!gpt_block) {
				gpt_block = made_for;
				gpt_disk_block = disk.block_size;
			}
		}
	} else if (status == GPT_ERR_PMBR_SIGNATURE || status == GPT_ERR_PMBR_NOT_PROTECTIVE) {
		add_mbr(p, &disk, scratch);
		if (!p->count)
			add_eltorito(p, &disk, scratch);
		note_unprotected_gpt(&disk, scratch, status);
	}
}

static efi_status_t supported(efi_driver_binding_t *self, efi_handle_t controller,
			      efi_device_path_t *remaining)
{
	efi_block_io_t *bio;
	void *path;

	(void)self;
	(void)remaining;
	if (parent_link(controller))
		return EFI_ALREADY_STARTED;
	if (db_get(&efi_db, controller, &efi_block_io_protocol_guid, (void **)&bio) != EFI_SUCCESS ||
	    db_get(&efi_db, controller, &efi_device_path_protocol_guid, &path) != EFI_SUCCESS ||
	    !bio->media || bio->media->logical_partition || !bio->media->media_present ||
	    !bio->media->block_size || bio->media->block_size > EFI_DISK_MAX_BLOCK ||
	    bio->media->block_size & (bio->media->block_size - 1))
		return EFI_UNSUPPORTED;
	return EFI_SUCCESS;
}

static efi_status_t start(efi_driver_binding_t *self, efi_handle_t controller,
			  efi_device_path_t *remaining)
{
	struct parent *p;
	uint64_t scratch;
	efi_status_t status;

	(void)remaining;
	status = pool_alloc(&efi_pool, EFI_BOOT_SERVICES_DATA, sizeof(*p), (void **)&p);
	if (status != EFI_SUCCESS) {
		log_info("disk: partitions not read: out of memory");
		return status;
	}
	memset(p, 0, sizeof(*p));
	p->handle = controller;
	status = db_open(&efi_db, controller, &efi_block_io_protocol_guid, (void **)&p->bio,
			 self->driver_binding_handle, controller, EFI_OPEN_PROTOCOL_BY_DRIVER);
	if (status != EFI_SUCCESS) {
		/* not ours to close: another driver's open stays as it is */
		pool_free(&efi_pool, p);
		return status;
	}
	status = db_get(&efi_db, controller, &efi_device_path_protocol_guid, (void **)&p->path);
	if (status == EFI_SUCCESS) {
		status = memmap_allocate(&efi_memmap, EFI_ALLOCATE_ANY_PAGES, EFI_BOOT_SERVICES_DATA,
					 GPT_SCRATCH_BYTES / EFI_PAGE_SIZE, EFI_PAGE_SIZE, &scratch);
		if (status != EFI_SUCCESS)
			log_info("disk: partitions not read: out of memory for a partition table "
				 "(%u KiB)", GPT_SCRATCH_BYTES / 1024);
	}
	if (status != EFI_SUCCESS) {
		db_close(&efi_db, controller, &efi_block_io_protocol_guid, self->driver_binding_handle,
			 controller);
		pool_free(&efi_pool, p);
		return status;
	}
	p->dev = (struct efi_block_device){
		.ctx = p,
		.block_size = p->bio->media->block_size,
		.num_blocks = p->bio->media->last_block + 1,
		.read_only = p->bio->media->read_only,
		.read = parent_read,
		.write = parent_write,
		.flush = parent_flush,
	};
	p->next = parents;
	parents = p;
	scan(p, (uint8_t *)(uintptr_t)scratch);
	memmap_free(&efi_memmap, scratch, GPT_SCRATCH_BYTES / EFI_PAGE_SIZE);
	if (p->count)
		return EFI_SUCCESS;
	/* no partitions: let the disk go, whole, to a file system driver */
	*parent_link(controller) = p->next;
	db_close(&efi_db, controller, &efi_block_io_protocol_guid, self->driver_binding_handle,
		 controller);
	pool_free(&efi_pool, p);
	return EFI_NOT_FOUND;
}

static efi_status_t stop_child(struct parent *p, efi_handle_t child)
{
	efi_block_io_t *bio;
	struct efi_disk *d;
	efi_status_t status;

	if (db_get(&efi_db, child, &efi_block_io_protocol_guid, (void **)&bio) != EFI_SUCCESS)
		return EFI_INVALID_PARAMETER;
	d = efi_disk_from_block_io(bio);
	if (!d)
		return EFI_DEVICE_ERROR;
	/*
	 * The drivers on the partition (its file system) let go of it first,
	 * as UninstallProtocolInterface makes them; its record on the disk goes
	 * only with it, so a partition that stays is stopped by the next
	 * disconnect instead of outliving p.
	 */
	db_disconnect(&efi_db, child, NULL, NULL);
	status = remove_child(child, d);
	if (status == EFI_SUCCESS) /* a handle held elsewhere outlives its protocols */
		db_close(&efi_db, p->handle, &efi_block_io_protocol_guid,
			 binding.driver_binding_handle, child);
	return status;
}

static efi_status_t stop(efi_driver_binding_t *self, efi_handle_t controller,
			 uint64_t child_count, efi_handle_t *children)
{
	struct parent **link = controller ? parent_link(controller) : NULL;
	struct parent *p;
	efi_status_t status = EFI_SUCCESS;

	if (!link)
		return EFI_INVALID_PARAMETER;
	p = *link;
	for (uint64_t i = 0; i < child_count && status == EFI_SUCCESS; i++)
		status = stop_child(p, children[i]);
	if (status != EFI_SUCCESS || child_count)
		return status;
	db_close(&efi_db, controller, &efi_block_io_protocol_guid, self->driver_binding_handle,
		 controller);
	*link = p->next;
	pool_free(&efi_pool, p);
	return EFI_SUCCESS;
}

static efi_driver_binding_t binding = {
	.supported = supported,
	.start = start,
	.stop = stop,
	.version = 0x20,
};

bool efi_partition_refusal(const char **primary, const char **backup)
{
	if (!refused_primary)
		return false;
	*primary = gpt_strerror(refused_primary);
	*backup = gpt_strerror(refused_backup);
	return true;
}

bool efi_partition_entry_refusal(bool esp, uint32_t *number, const char **why)
{
	if (!refused_entry[esp])
		return false;
	*number = refused_entry[esp];
	*why = gpt_strerror(refused_entry_status[esp]);
	return true;
}

uint32_t efi_partition_esp_no_block_io(void)
{
	return esp_no_block_io;
}

const char *efi_partition_esp(uint32_t *number)
{
	*number = esp_entry;
	return esp_table;
}

bool efi_partition_pmbr_refusal(const char **why)
{
	if (!refused_pmbr)
		return false;
	*why = gpt_strerror(refused_pmbr);
	return true;
}

bool efi_partition_block_size_mismatch(uint32_t *made_for, uint32_t *disk_block)
{
	*made_for = gpt_block;
	*disk_block = gpt_disk_block;
	return gpt_block != 0;
}

bool efi_partition_eltorito_refusal(const char **why)
{
	if (refused_eltorito)
		*why = eltorito_strerror(refused_eltorito);
	else if (eltorito_no_efi)
		*why = "El Torito boot catalog lists no EFI boot image";
	else if (iso_no_boot_record)
		*why = eltorito_strerror(ELTORITO_ERR_ISO_NO_BOOT_RECORD);
	return refused_eltorito || eltorito_no_efi || iso_no_boot_record;
}

bool efi_partition_mbr_refusal(bool chain, const char **why)
{
	if (!refused_mbr[chain])
		return false;
	*why = mbr_strerror(refused_mbr[chain]);
	return true;
}

bool efi_partition_mbr_partition(unsigned i, uint8_t *number, uint8_t *type)
{
	if (i >= mbr_parts)
		return false;
	*number = mbr_part[i].number;
	*type = mbr_part[i].type;
	return true;
}

unsigned efi_partition_gpt_entries(void)
{
	return gpt_entries;
}

bool efi_partition_gpt_entry(unsigned i, uint32_t *number, const char **type)
{
	if (i >= gpt_entries || i >= EFI_GPT_ENTRIES_KEPT)
		return false;
	*number = gpt_entry[i].number;
	*type = gpt_entry[i].type;
	return true;
}

efi_status_t efi_partition_driver_install(efi_handle_t image)
{
	return db_install_driver(&efi_db, &binding, image);
}
