/*
 * The boot manager. boot_order() (firmware/boot/order.c, pure) decides what
 * is tried in which order; this file gathers its inputs and tries each
 * candidate. A candidate that fails says why (boot_fail()), the reason is
 * logged and the next one runs; only "nothing left" is fatal, with the last
 * reason in one "efilite: error:" line (a candidate skipped, its file system
 * tried already, gives none; a Boot#### that failed is named too if a
 * removable path not found came after it).
 *
 *   -kernel given  -> kernel_boot() alone: no disk is probed, and its errors
 *                     read as before ("kernel: ...").
 *   otherwise      -> disks are connected (partitions, FAT file systems);
 *                     BootNext (then deleted), BootOrder's Boot#### options
 *                     (BootCurrent names the one running),
 *                     the disks QEMU's bootorder lists (-device ...,bootindex=N),
 *                     then the removable path \EFI\BOOT\BOOTAA64.EFI on each
 *                     file system not tried yet, in the order the disks were found.
 *
 * "Each file system" is every FAT volume the disks hold, whatever the type
 * of its partition (a GPT "Microsoft basic data" or an MBR 0x06 partition
 * holding \EFI\BOOT\BOOTAA64.EFI boots): edk2 does the same, its boot
 * manager expanding a disk to all the file systems on it.
 *
 * Boot#### and bootorder are host input (flash, fw_cfg): parsed by
 * parsers/loadopt and parsers/devpath before use. A Boot#### path may be
 * short: HD(...)/File(...) (as efibootmgr and grub-install write it) is
 * completed with the partition whose path ends in an HD node for the same
 * partition (number and signature); File(...) alone is looked for on each
 * file system in turn. Only options of the BOOT category boot from
 * BootOrder; BootNext, a one-time choice, boots an application too.
 */
#include "firmware/bootmgr.h"

#include <stdarg.h>
#include <string.h>

#include "firmware/boot/order.h"
#include "firmware/disks/disks.h"
#include "firmware/efi/boot_manager.h"
#include "firmware/fwcfg_files.h"
#include "firmware/kernel_boot.h"
#include "firmware/platform/format.h"
#include "firmware/platform/fwcfg.h"
#include "firmware/platform/log.h"
#include "firmware/platform/psci.h"
#include "parsers/bytes/bytes.h"
#include "parsers/devpath/devpath.h"
#include "parsers/loadopt/loadopt.h"

#define MAX_CANDIDATES 64
#define MAX_FILE_SYSTEMS 256 /* tried; past it, efi_file_system_handles() names the rest */
#define MAX_QEMU_DISKS 16
#define MAX_OPTION 4096u        /* bytes of one Boot#### variable */
#define MAX_BOOTORDER_FILE 4096u /* bytes of fw_cfg bootorder read */
#define MAX_PATH MAX_OPTION     /* bytes of a completed device path */
/* the longest reason: no FAT on two GPT entries named by GUID and four MBR partitions, 316 */
#define REASON_SIZE 320u

static const char removable[] = "\\EFI\\BOOT\\BOOTAA64.EFI";

static char reason[REASON_SIZE];
static unsigned fails; /* boot_fail() calls: whether a candidate said why it failed */
static char option_reason[REASON_SIZE]; /* why the last Boot#### tried failed */
static unsigned removable_absent_at;     /* fails when a removable path was last not found */

void boot_fail(const char *fmt, ...)
{
	struct format_text t = { reason, 0, sizeof(reason) };
	va_list ap;

	reason[0] = '\0';
	fails++;
	va_start(ap, fmt);
	format_vappend(&t, fmt, ap);
	va_end(ap);
}

/* "Boot####", the variable of load option number n. */
static void option_name(uint16_t n, char name[9])
{
	memcpy(name, "Boot", 4);
	for (int i = 0; i < 4; i++)
		name[4 + i] = "0123456789ABCDEF"[n >> (12 - 4 * i) & 0xf];
	name[8] = '\0';
}

/* What the disks offer, gathered once. */
struct disks {
	efi_handle_t fs[MAX_FILE_SYSTEMS];
	bool tried[MAX_FILE_SYSTEMS]; /* removable path tried already */
	struct bootorder_device qemu[MAX_QEMU_DISKS];
	size_t qemu_count;
	size_t fs_count;
	uint16_t order[LOADOPT_MAX_ORDER];
};

bool boot_program_returned(const char *what, efi_status_t status)
{
	const char *why = status == EFI_NOT_FOUND ? "not found"
			  : status == EFI_VOLUME_CORRUPTED ? efi_file_system_error()
							   : NULL;

	/* the firmware's lines from here on, in the terminal's colours */
	efi_console_default_colours();
	if (status == EFI_SUCCESS) {
		log_info("EFI program exited successfully, powering off");
		psci_system_off();
	}
	if (why)
		boot_fail("%s: %s", what, why);
	else
		boot_fail("%s: status 0x%llx", what, (unsigned long long)status);
	return false;
}

/* Runs the program at path; false (a reason given) if it fails or returns. *status: why. */
static bool run(const char *what, const efi_device_path_t *path, const void *options,
		uint32_t options_size, efi_status_t *status)
{
	const char *refusal;

	*status = efi_boot_path(path, true, options, options_size, &refusal);
	/* a file LoadImage refused is named by the rule it broke, not by a status */
	if (refusal) {
		boot_fail("%s: %s", what, refusal);
		return false;
	}
	return boot_program_returned(what, *status);
}

/* The bytes of a device path of our own (a handle's), with its end node. */
static size_t path_size(const efi_device_path_t *path)
{
	size_t size;

	return path && devpath_check(path, MAX_PATH, &size) == DEVPATH_OK ? size : 0;
}

/* device's path (without its end) + tail (with its end) into out. */
static const efi_device_path_t *join(const efi_device_path_t *device, const uint8_t *tail,
				     size_t tail_size, uint8_t *out)
{
	size_t head = path_size(device);

	if (!head || head - DEVPATH_NODE_HEADER > MAX_PATH - tail_size)
		return NULL;
	memcpy(out, device, head - DEVPATH_NODE_HEADER);
	memcpy(out + head - DEVPATH_NODE_HEADER, tail, tail_size);
	return (const efi_device_path_t *)out;
}

static bool try_removable(struct disks *d, size_t i)
{
	efi_status_t status;

	d->tried[i] = true;
	if (run(removable, efi_handle_device_path(d->fs[i]), NULL, 0, &status))
		return true;
	if (status == EFI_NOT_FOUND)
		removable_absent_at = fails;
	return false;
}

/* Whether the last node of a path of our own is a hard drive node for partition want. */
static bool ends_with_partition(const efi_device_path_t *path, const struct devpath_hd *want)
{
	struct devpath_node node, last = { 0 };
	struct devpath_hd hd;
	size_t size = path_size(path), off = 0;

	while (size && devpath_next(path, size, &off, &node) == DEVPATH_OK)
		last = node;
	return devpath_hard_drive(&last, &hd) == DEVPATH_OK && devpath_same_partition(&hd, want);
}

/*
 * The Boot#### paths to try, one a call (NULL when none is left; *next
 * counts the calls): HD(...)/rest completed with the partition whose path
 * ends in an HD node for the same partition (number and signature: its
 * range may have changed since); File(...) on each file system in turn
 * (UEFI 2.10 3.1.2); anything else as it is.
 */
static const efi_device_path_t *complete(const struct disks *d, const struct loadopt *opt,
					 size_t *next, uint8_t *out)
{
	struct devpath_node first;
	struct devpath_hd hd;
	size_t off = 0;

	if (devpath_next(opt->file_path, opt->file_path_size, &off, &first) != DEVPATH_OK)
		return NULL;
	if (first.type == DEVPATH_TYPE_MEDIA && first.sub_type == DEVPATH_MEDIA_FILE_PATH) {
		while (*next < d->fs_count) {
			const efi_device_path_t *full = join(efi_handle_device_path(d->fs[(*next)++]),
							     opt->file_path, opt->file_path_size, out);

			if (full)
				return full;
		}
		return NULL;
	}
	if ((*next)++)
		return NULL;
	if (first.type == DEVPATH_TYPE_MEDIA && first.sub_type == DEVPATH_MEDIA_HARD_DRIVE) {
		if (devpath_hard_drive(&first, &hd) != DEVPATH_OK)
			return NULL;
		for (size_t i = 0; i < d->fs_count; i++) {
			const efi_device_path_t *fs = efi_handle_device_path(d->fs[i]);

			if (ends_with_partition(fs, &hd))
				return join(fs, opt->file_path + off, opt->file_path_size - off, out);
		}
		return NULL;
	}
	memcpy(out, opt->file_path, opt->file_path_size);
	return (const efi_device_path_t *)out;
}

/* Boot#### number; boot_next: named by BootNext (any category), else by BootOrder. */
static bool try_option(const struct disks *d, uint16_t number, bool boot_next)
{
	static uint8_t option[MAX_OPTION];
	static uint8_t path[MAX_PATH];
	char name[9];
	struct loadopt opt;
	uint64_t size = sizeof(option);
	const efi_device_path_t *full;
	size_t next = 0;
	int err, path_err;
	bool tried = false;
	efi_status_t status;

	option_name(number, name);
	if (efi_global_variable(name, option, &size) != EFI_SUCCESS)
		return boot_fail("%s: missing or over %u bytes", name, MAX_OPTION), false;
	err = loadopt_parse(option, size, &opt, &path_err);
	if (err == LOADOPT_ERR_PATH)
		return boot_fail("%s: %s", name, devpath_strerror(path_err)), false;
	if (err)
		return boot_fail("%s: %s", name, loadopt_strerror(err)), false;
	if (!(opt.attributes & LOADOPT_ACTIVE))
		return boot_fail("%s: not active", name), false;
	/*
	 * BootOrder passes over an application (a tool a menu would offer) or a
	 * reserved category, as edk2 does; BootNext asked for it by number.
	 */
	if (!boot_next && (opt.attributes & LOADOPT_CATEGORY) != LOADOPT_CATEGORY_BOOT)
		return boot_fail("%s: not a boot option (category 0x%x)", name,
				 (unsigned)(opt.attributes & LOADOPT_CATEGORY) >> 8),
		       false;
	/* both sizes are within the option's MAX_OPTION bytes */
	while ((full = complete(d, &opt, &next, path)) != NULL) {
		tried = true;
		status = efi_set_boot_current(number);
		if (status != EFI_SUCCESS)
			log_info("boot: BootCurrent not set for %s: status 0x%llx", name,
				 (unsigned long long)status);
		run(name, full, opt.optional_data, (uint32_t)opt.optional_data_size, &status);
		efi_set_boot_current(-1);
		if (status != EFI_NOT_FOUND)
			break; /* it ran, or was refused, there: no other copy is this option */
	}
	if (!tried)
		boot_fail("%s: no partition matches its device path", name);
	return false;
}

/*
 * The node after the transport's: no further PCI hop, for a LUN behind a
 * SCSI adapter its Scsi(target, lun) node (messaging, sub-type 2), for an
 * NVMe namespace its NVMe(nsid, EUI-64) node (messaging, sub-type 23): any
 * NSID for a line naming no namespace (an nvme-ns device's), so the
 * controller's namespaces are tried in NSID order.
 */
static bool after_transport(const struct devpath_node *node, const struct bootorder_device *dev)
{
	uint8_t device, function;

	if (devpath_pci(node, &device, &function) == DEVPATH_OK)
		return false;
	if (dev->nvme)
		return node->type == DEVPATH_TYPE_MESSAGING && node->sub_type == 23 &&
		       node->data_len == 12 && (!dev->nsid || bytes_le32(node->data) == dev->nsid);
	return !dev->scsi || (node->type == DEVPATH_TYPE_MESSAGING && node->sub_type == 2 &&
			      node->data_len == 4 && bytes_le16(node->data) == dev->target &&
			      bytes_le16(node->data + 2) == dev->lun);
}

/* Whether the file system's path begins at the disk a bootorder line names. */
static bool on_qemu_disk(const efi_device_path_t *path, const struct bootorder_device *dev)
{
	struct devpath_node node;
	size_t size = path_size(path), off = 0, depth = 0;
	bool transport = false; /* its nodes matched: the next one says the rest */
	uint8_t device, function;

	while (size && devpath_next(path, size, &off, &node) == DEVPATH_OK) {
		if (transport)
			return after_transport(&node, dev);
		if (dev->kind == BOOTORDER_MMIO) {
			if (node.type != DEVPATH_TYPE_HARDWARE || node.sub_type != DEVPATH_HW_VENDOR ||
			    node.data_len != 24 || bytes_le64(node.data + 16) != dev->mmio_base)
				return false;
			transport = true;
		} else if (devpath_pci(&node, &device, &function) == DEVPATH_OK) {
			if (depth == dev->pci_depth || dev->pci[depth].device != device ||
			    dev->pci[depth].function != function)
				return false;
			transport = ++depth == dev->pci_depth;
		} else if (depth) {
			return false;
		}
	}
	return transport && !dev->scsi && !dev->nvme;
}

static bool try_qemu_disk(struct disks *d, size_t line)
{
	bool found = false;

	for (size_t i = 0; i < d->fs_count; i++) {
		if (d->tried[i] || !on_qemu_disk(efi_handle_device_path(d->fs[i]), &d->qemu[line]))
			continue;
		found = true;
		try_removable(d, i);
	}
	if (!found)
		boot_fail("bootorder disk %zu: no file system left", line);
	return false;
}

static void read_qemu_bootorder(struct disks *d)
{
	static char text[MAX_BOOTORDER_FILE];
	struct fwcfg_file file;
	uint32_t len;
	size_t off = 0;

	if (!fwcfg_files_find("bootorder", &file))
		return;
	len = file.size < sizeof(text) ? file.size : sizeof(text);
	if (fwcfg_read(file.select, 0, text, len))
		return;
	while (d->qemu_count < MAX_QEMU_DISKS) {
		int status = bootorder_next(text, len, &off, &d->qemu[d->qemu_count]);

		if (status == LOADOPT_ERR_BOOTORDER_END)
			break;
		if (status == LOADOPT_OK)
			d->qemu_count++;
	}
}

/*
 * BootNext is used once, whatever happens: deleted before its option runs.
 * One of another size than a UINT16 names no option; it is deleted too (kept,
 * it would be ignored again on every boot) and said so.
 */
static void read_boot_next(struct boot_inputs *in)
{
	uint8_t raw[2];
	uint64_t size = sizeof(raw);
	efi_status_t status = efi_global_variable("BootNext", raw, &size);

	if (status != EFI_SUCCESS && status != EFI_BUFFER_TOO_SMALL)
		return;
	if (status == EFI_SUCCESS && size == sizeof(raw)) {
		in->have_boot_next = true;
		in->boot_next = (uint16_t)(raw[0] | raw[1] << 8);
	} else {
		log_info("boot: BootNext ignored and deleted: %llu bytes, not 2",
			 (unsigned long long)size);
	}
	efi_global_variable("BootNext", NULL, NULL);
}

static void read_boot_variables(struct disks *d, struct boot_inputs *in)
{
	uint8_t raw[2 * (LOADOPT_MAX_ORDER + 1)];
	uint64_t size;
	int err;

	read_boot_next(in);
	size = sizeof(raw);
	if (efi_global_variable("BootOrder", raw, &size) != EFI_SUCCESS)
		return;
	err = loadopt_boot_order(raw, size, d->order, &in->boot_order_count);
	if (err) {
		log_info("BootOrder ignored: %s", loadopt_strerror(err));
		in->boot_order_count = 0;
	}
	in->boot_order = d->order;
}

static void gather(struct disks *d, struct boot_inputs *in)
{
	disks_connect();
	efi_connect_block_devices();
	d->fs_count = efi_file_system_handles(d->fs, MAX_FILE_SYSTEMS);
	read_boot_variables(d, in);
	read_qemu_bootorder(d);
	in->qemu_devices = d->qemu_count;
	in->file_systems = d->fs_count;
}

/* boot_next: c is BootNext's option (boot_order() puts it first). */
static bool try(struct disks *d, const struct boot_candidate *c, bool boot_next,
		const struct dt_tree *dt)
{
	switch (c->kind) {
	case BOOT_KERNEL:
		kernel_boot(dt);
		return false;
	case BOOT_OPTION:
		return try_option(d, c->number, boot_next);
	case BOOT_QEMU_DEVICE:
		return try_qemu_disk(d, c->number);
	case BOOT_REMOVABLE:
		return !d->tried[c->number] && try_removable(d, c->number);
	}
	return false;
}

#define NO_ESP "no kernel: pass one with -kernel, or a disk with an EFI system partition"

#define MBR_NAMED 4 /* partitions listed in the last line; more are counted */

/*
 * "MBR partitions 1 (type 0x83), 2 (type 0x42)": the first MBR's partitions
 * that got a child (efi_partition_mbr_partition()), into t; false if none.
 */
static bool mbr_partitions(struct format_text *t)
{
	uint8_t number, type;
	unsigned n = 0;

	while (efi_partition_mbr_partition(n, &number, &type))
		n++;
	if (!n)
		return false;
	format_append(t, n > 1 ? "MBR partitions" : "MBR partition");
	for (unsigned i = 0; i < n && i < MBR_NAMED; i++) {
		efi_partition_mbr_partition(i, &number, &type);
		format_append(t, "%s %u (type 0x%02x)", i ? "," : "", number, type);
	}
	if (n > MBR_NAMED)
		format_append(t, " and %u more", n - MBR_NAMED);
	return true;
}

/*
 * "GPT entries 1 (Linux filesystem), 2 (Linux swap) and 3 more": the first
 * GPT's entries that got a child (efi_partition_gpt_entry()), into t; false
 * if none. Two are named, not four as for an MBR: an uncommon type is named
 * by its 36-character GUID.
 */
static bool gpt_entries(struct format_text *t)
{
	unsigned n = efi_partition_gpt_entries();
	uint32_t number;
	const char *type;

	if (!n)
		return false;
	format_append(t, n > 1 ? "GPT entries" : "GPT entry");
	for (unsigned i = 0; efi_partition_gpt_entry(i, &number, &type); i++)
		format_append(t, "%s %u (%s)", i ? "," : "", number, type);
	if (n > EFI_GPT_ENTRIES_KEPT)
		format_append(t, " and %u more", n - EFI_GPT_ENTRIES_KEPT);
	return true;
}

/*
 * The partitions of the first GPT and of the first MBR, into t; false if
 * neither had any. A machine may have both (a Linux disk and a USB stick
 * whose FAT partition moved): either may be the disk meant, so both are
 * named, the GPT's first (the table a disk made for UEFI has).
 */
static bool partition_lists(struct format_text *t)
{
	bool gpt = gpt_entries(t);
	uint8_t number, type;

	if (gpt && efi_partition_mbr_partition(0, &number, &type))
		format_append(t, ", nor on ");
	return mbr_partitions(t) || gpt;
}

/*
 * No candidate at all (no file system, no option): the reason names the
 * cause nearest a boot, since a disk reaches each stage only past the ones
 * before it and the furthest stage reached is the one the user meant; a
 * rule broken short of it (another entry, another disk) is beside the point:
 *   1. a FAT volume found that broke a rule (it said so in a line before);
 *   2. an EFI system partition (a GPT entry of its type or an MBR partition
 *      of type 0xEF, accepted) that holds no FAT file system;
 *   3. a GPT entry of the ESP's type refused for an entry rule, or hidden by
 *      its attribute bit 1 (no Block I/O);
 *   4. a GPT made for another block size (a 512-byte image on a 4Kn device),
 *      a GPT whose two headers were refused (its entries unknown), or a sound
 *      one left unused for want of a protective MBR;
 *   5. an MBR refused for its EBR chain, or an El Torito boot catalog refused
 *      or listing no EFI boot image (a BIOS-only ISO), or, short of a
 *      catalog, an ISO 9660 image with no boot record (broken, or a data CD);
 *   6. no FAT file system anywhere, a GPT entry of another type refused (any
 *      FAT partition is tried, so it may have been the one: named after);
 *   7. no FAT file system on any partition of a GPT or an MBR without an
 *      ESP: their numbers and types (a Linux disk, a FAT partition moved, an
 *      extended partition's type byte changed: which one the user meant is
 *      theirs to tell; with disks of both kinds, both are named);
 *   8. an MBR refused for its primary table (LBA 0 may be no MBR at all: a
 *      boot sector ends in 0x55AA too, so it comes late);
 *   9. none of these: no disk, or disks without an ESP.
 */
static void no_candidate(void)
{
	const char *why = efi_file_system_error(), *primary, *backup, *table;
	uint32_t entry, made_for, disk_block;
	char list[224];
	struct format_text parts = { list, 0, sizeof(list) };

	if (why)
		boot_fail(NO_ESP ": %s", why);
	else if ((table = efi_partition_esp(&entry)) != NULL)
		boot_fail("no kernel: the EFI system partition (%s %u) holds no FAT file system",
			  table, entry);
	else if (efi_partition_entry_refusal(true, &entry, &why))
		boot_fail(NO_ESP ": GPT entry %u: %s", entry, why);
	else if ((entry = efi_partition_esp_no_block_io()) != 0)
		boot_fail(NO_ESP ": GPT entry %u: attribute bit 1 asks for no Block I/O", entry);
	else if (efi_partition_block_size_mismatch(&made_for, &disk_block))
		boot_fail(NO_ESP ": GPT made for %u-byte blocks, the disk's are %u bytes", made_for,
			  disk_block);
	else if (efi_partition_refusal(&primary, &backup))
		boot_fail(NO_ESP ": GPT: primary: %s; backup: %s", primary, backup);
	else if (efi_partition_pmbr_refusal(&why))
		boot_fail(NO_ESP ": GPT at LBA 1 not used: %s", why);
	else if (efi_partition_mbr_refusal(true, &why))
		boot_fail(NO_ESP ": MBR: %s", why);
	else if (efi_partition_eltorito_refusal(&why))
		boot_fail(NO_ESP ": %s", why);
	else if (efi_partition_entry_refusal(false, &entry, &why))
		boot_fail(NO_ESP ": no FAT file system found (GPT entry %u left out: %s)", entry,
			  why);
	else if (partition_lists(&parts))
		boot_fail(NO_ESP ": no FAT file system found on %s", list);
	else if (efi_partition_mbr_refusal(false, &why))
		boot_fail(NO_ESP ": LBA 0 is no usable MBR: %s", why);
	else
		boot_fail(NO_ESP);
}

/*
 * A removable path not found as the last reason: a damaged variable store
 * may have held the Boot#### option meant to run, so what of the store was
 * not read is said beside it (into buf).
 */
static const char *store_note(char *buf, size_t len)
{
	struct format_text t = { buf, 0, len };
	const char *why;
	uint64_t end;

	buf[0] = '\0';
	if (removable_absent_at != fails || !efi_variable_flash_damage(&why, &end))
		return buf;
	if (end)
		format_append(&t, "; variable store read up to byte %llu only: %s",
			      (unsigned long long)end, why);
	else
		format_append(&t, "; variable store not read: %s", why);
	return buf;
}

_Noreturn void bootmgr_run(const struct dt_tree *dt)
{
	static struct disks disks;
	struct boot_inputs in = { 0 };
	struct boot_candidate list[MAX_CANDIDATES];
	char note[REASON_SIZE];
	size_t n;

	/* a BootCurrent left in the store names no option of this boot */
	efi_set_boot_current(-1);
	in.have_kernel = kernel_present();
	if (!in.have_kernel)
		gather(&disks, &in);
	n = boot_order(&in, list, MAX_CANDIDATES);
	for (size_t i = 0; i < n; i++) {
		unsigned before = fails;

		try(&disks, &list[i], i == 0 && in.have_boot_next, dt);
		/* one skipped (its file system tried already) leaves the last reason standing */
		if (fails == before)
			continue;
		if (list[i].kind == BOOT_OPTION)
			memcpy(option_reason, reason, sizeof(reason));
		if (i + 1 < n)
			log_info("boot: %s; trying the next", reason);
	}
	if (!n)
		no_candidate();
	/*
	 * A load option chosen (BootNext, BootOrder) that failed says more than
	 * a removable path tried after it and not found: both are named.
	 */
	store_note(note, sizeof(note));
	if (option_reason[0] && removable_absent_at == fails)
		fatal("nothing to boot: %s; %s%s", option_reason, reason, note);
	/* -kernel's reasons read as they always did: "kernel: ..." */
	fatal("%s%s%s", in.have_kernel || !n ? "" : "nothing to boot: ", reason, note);
}
