#include "firmware/disks/disks.h"

#include <string.h>

#include "firmware/device_claim.h"
#include "firmware/disks/nvme_disks.h"
#include "firmware/disks/scsi_disks.h"
#include "firmware/drivers/pci/ecam.h"
#include "firmware/drivers/virtio/blk.h"
#include "firmware/efi/efi_boot.h"
#include "firmware/platform/log.h"
#include "firmware/platform/mmu.h"
#include "firmware/platform/timer.h"
#include "parsers/dt/dt.h"

#define MAX_DISKS 16
#define MAX_MMIO_SLOTS 64
#define VIRTIO_PCI_VENDOR 0x1af4
#define VIRTIO_PCI_BLK_TRANSITIONAL 0x1001
#define VIRTIO_PCI_BLK_MODERN (0x1040 + VIRTIO_ID_BLOCK)
#define VIRTIO_PCI_SCSI_TRANSITIONAL 0x1004
#define VIRTIO_PCI_SCSI_MODERN (0x1040 + VIRTIO_ID_SCSI)
#define PCI_CLASS_REVISION 0x08
#define PCI_CLASS_NVME 0x010802u /* mass storage, NVM, NVM Express */

struct disk {
	struct virtio_blk blk;
	struct efi_block_device dev;
};

/* Hardware device paths, as edk2 names the same devices. */
struct mmio_path {
	efi_vendor_device_path_t vendor;
	uint64_t base;
	efi_device_path_t end;
} __attribute__((packed));

/* PciRoot(0), a Pci() node per bridge and one for the device, then End in the next slot. */
struct pci_path {
	efi_acpi_device_path_t root;
	efi_pci_device_path_t pci[PCI_MAX_BRIDGE_DEPTH + 2];
} __attribute__((packed));

/* edk2's VIRTIO_MMIO_TRANSPORT_GUID: VenHw(this GUID, base address). */
static const efi_guid_t virtio_mmio_transport_guid =
	EFI_GUID(0x837dca9e, 0xe874, 0x4d82, 0xb2, 0x9a, 0x23, 0xfe, 0x0e, 0x23, 0xd1, 0xe2);

static struct disk disks[MAX_DISKS];
static size_t disk_count;
static size_t scsi_adapters; /* virtio-scsi adapters kept (scsi_disks.c) */
static size_t nvme_controllers; /* NVMe controllers kept (nvme_disks.c) */
static struct dt_tree dt;
static bool connected;

static void set_node(efi_device_path_t *n, uint8_t type, uint8_t sub_type, size_t len)
{
	n->type = type;
	n->sub_type = sub_type;
	n->length[0] = (uint8_t)len;
	n->length[1] = (uint8_t)(len >> 8);
}

static int disk_read(void *ctx, uint64_t lba, uint64_t count, void *buf)
{
	return virtio_blk_read(ctx, lba, count, buf);
}

static int disk_write(void *ctx, uint64_t lba, uint64_t count, const void *buf)
{
	return virtio_blk_write(ctx, lba, count, buf);
}

static int disk_flush(void *ctx)
{
	return virtio_blk_flush(ctx);
}

/*
 * While the device fills one piece of a long read, the CPU stores once to
 * each page of the next piece (virtio-blk's prepare hook): on QEMU the first
 * store to a guest page makes the host allocate and clear it, work that the
 * host's copy into that page would otherwise do after the previous piece,
 * and that now overlaps it (a 27 MB kernel read into fresh pages: QEMU's
 * preads 13-19 ms -> 7-10 ms on a quiet host). Each store writes back the byte just read, so the
 * buffer is unchanged, and the device has not been given this memory yet;
 * virtio devices are cache coherent, as the rings rely on too. Only memory
 * the CPU may write: a caller's buffer might be mapped read-only.
 */
static void prefault(uint8_t *p, uint64_t n)
{
	volatile uint8_t *v = p, *end = p + n;

	if (!mmu_ram_writable((uint64_t)(uintptr_t)p, n))
		return;
	while (v < end) {
		*v = *v;
		v = (volatile uint8_t *)(((uintptr_t)v | (EFI_PAGE_SIZE - 1)) + 1);
	}
}

/*
 * Starts the device and installs its handle; a device that fails is named
 * and left out, its ring memory given back (the device reset first).
 */
static void add_disk(const struct virtio_dev *dev, const efi_device_path_t *path)
{
	struct disk *d = &disks[disk_count];
	uint8_t *mem;
	efi_handle_t handle;

	if (disk_count == MAX_DISKS) {
		log_msg(LOG_ERROR, "error: %s%llx: more than %u disks, left out", dev->kind,
			(unsigned long long)dev->where, MAX_DISKS);
		return;
	}
	mem = efi_allocate_pages(VIRTIO_BLK_MEM_BYTES, VQ_PAGE, EFI_BOOT_SERVICES_DATA);
	if (!mem) {
		log_msg(LOG_ERROR, "error: %s%llx: out of memory for its rings, left out", dev->kind,
			(unsigned long long)dev->where);
		return;
	}
	memset(mem, 0, VIRTIO_BLK_MEM_BYTES);
	if (virtio_blk_init(&d->blk, dev, mem, timer_ticks,
			    timer_frequency() * DISK_REQUEST_TIMEOUT_S)) {
		efi_free_pages(mem, VIRTIO_BLK_MEM_BYTES); /* named, and reset, by the driver */
		return;
	}
	d->blk.prepare = prefault;
	d->dev = (struct efi_block_device){
		.ctx = &d->blk,
		.block_size = d->blk.geo.block_size,
		.num_blocks = d->blk.geo.num_blocks,
		.read_only = d->blk.geo.read_only,
		.read = disk_read,
		.write = disk_write,
		.flush = disk_flush,
	};
	if (efi_disk_install(&d->dev, path, &handle) != EFI_SUCCESS) {
		/* the block size is checked already: only memory can be missing */
		log_msg(LOG_ERROR, "error: %s%llx: out of memory for its EFI handle, left out",
			dev->kind, (unsigned long long)dev->where);
		virtio_blk_stop(&d->blk);
		efi_free_pages(mem, VIRTIO_BLK_MEM_BYTES);
		return;
	}
	disk_count++;
	log_debug("disk: %s%llx: %llu blocks of %u bytes%s", dev->kind,
		  (unsigned long long)dev->where, (unsigned long long)d->blk.geo.num_blocks,
		  d->blk.geo.block_size, d->blk.geo.read_only ? ", read-only" : "");
}

static void probe_mmio(void)
{
	struct dt_reg slots[MAX_MMIO_SLOTS];
	size_t count;
	int status = dt_compatible_regs(&dt, "virtio,mmio", slots, MAX_MMIO_SLOTS, &count);

	if (status == DT_ERR_NOT_FOUND)
		return;
	if (status != DT_OK) {
		log_msg(LOG_ERROR, "error: device tree: virtio-mmio: %s", dt_strerror(status));
		return;
	}
	for (size_t i = 0; i < count; i++) {
		struct virtio_dev dev;
		struct mmio_path path;

		if (slots[i].size < 0x200 ||
		    device_claim("virtio-mmio", slots[i].base, slots[i].size, 4, 0x200) ||
		    mmu_map_device(slots[i].base, slots[i].size))
			continue;
		set_node(&path.vendor.header, EFI_DP_TYPE_HARDWARE, EFI_DP_HW_VENDOR,
			 sizeof(path.vendor) + sizeof(path.base));
		path.vendor.vendor = virtio_mmio_transport_guid;
		path.base = slots[i].base;
		set_node(&path.end, EFI_DP_TYPE_END, EFI_DP_END_ENTIRE, sizeof(path.end));
		if (!virtio_mmio_probe(&dev, slots[i].base, VIRTIO_ID_BLOCK))
			add_disk(&dev, &path.vendor.header);
		else if (!virtio_mmio_probe(&dev, slots[i].base, VIRTIO_ID_SCSI))
			scsi_adapters += scsi_disks_add(&dev, &path.vendor.header);
	}
}

/* PciRoot(0), a Pci() node per bridge above the function and its own, then End. */
static void pci_path(const struct pci_host *host, uint32_t bdf, struct pci_path *path)
{
	set_node(&path->root.header, EFI_DP_TYPE_ACPI, EFI_DP_ACPI, sizeof(path->root));
	path->root.hid = EFI_PNP_ID(0x0a03);
	path->root.uid = 0;
	for (unsigned i = 0; i <= host->depth; i++) {
		uint8_t devfn = i < host->depth ? host->bridges[i] : (uint8_t)bdf;

		set_node(&path->pci[i].header, EFI_DP_TYPE_HARDWARE, EFI_DP_HW_PCI,
			 sizeof(path->pci[i]));
		path->pci[i].device = devfn >> 3;
		path->pci[i].function = devfn & 7;
	}
	set_node(&path->pci[host->depth + 1].header, EFI_DP_TYPE_END, EFI_DP_END_ENTIRE,
		 sizeof(efi_device_path_t));
}

/* An NVMe controller (class 01h, subclass 08h, interface 02h): its registers are BAR0. */
static void add_nvme(struct pci_host *host, uint32_t bdf)
{
	struct pci_bar bars[PCI_BAR_COUNT];
	struct pci_path path;

	if (pci_assign_bars(host, bdf, bars) || !bars[0].size) {
		log_msg(LOG_ERROR, "error: nvme@0x%x: no room for its BAR0, left out", bdf);
		return;
	}
	pci_path(host, bdf, &path);
	nvme_controllers += nvme_disks_add(bars[0].cpu, bars[0].size, bdf, &path.root.header);
}

static void visit_pci(struct pci_host *host, uint32_t bdf, uint16_t vendor, uint16_t device,
		      void *ctx)
{
	struct virtio_dev dev;
	struct pci_path path;

	bool scsi = device == VIRTIO_PCI_SCSI_TRANSITIONAL || device == VIRTIO_PCI_SCSI_MODERN;

	(void)ctx;
	if (pci_read32(host, bdf, PCI_CLASS_REVISION) >> 8 == PCI_CLASS_NVME) {
		add_nvme(host, bdf);
		return;
	}
	if (vendor != VIRTIO_PCI_VENDOR ||
	    (device != VIRTIO_PCI_BLK_TRANSITIONAL && device != VIRTIO_PCI_BLK_MODERN && !scsi))
		return;
	if (virtio_pci_probe(&dev, host, bdf)) {
		log_msg(LOG_ERROR, "error: virtio-pci@0x%x: no modern interface or no room for its BARs",
			bdf);
		return;
	}
	pci_path(host, bdf, &path);
	if (scsi)
		scsi_adapters += scsi_disks_add(&dev, &path.root.header);
	else
		add_disk(&dev, &path.root.header);
}

static void probe_pci(void)
{
	static struct pci_host host;
	struct dt_pci_host pci;
	int status = dt_pci_host(&dt, &pci);

	if (status == DT_ERR_NOT_FOUND)
		return;
	if (status != DT_OK) {
		log_msg(LOG_ERROR, "error: device tree: PCI host: %s", dt_strerror(status));
		return;
	}
	/* the regions the host maps now (ECAM) and later (BARs in the windows) */
	if (device_claim("PCI ECAM", pci.ecam.base, pci.ecam.size, ECAM_BUS_BYTES, ECAM_BUS_BYTES) ||
	    (pci.mem32.size && device_claim("PCI 32-bit window", pci.mem32.cpu_base, pci.mem32.size,
					    EFI_PAGE_SIZE, 0)) ||
	    (pci.mem64.size && device_claim("PCI 64-bit window", pci.mem64.cpu_base, pci.mem64.size,
					    EFI_PAGE_SIZE, 0)))
		return;
	if (pci_host_init(&host, &pci)) {
		log_msg(LOG_ERROR, "error: PCI host: cannot map ECAM at 0x%llx",
			(unsigned long long)pci.ecam.base);
		return;
	}
	pci_scan(&host, visit_pci, NULL);
}

/* The OS drives the devices itself: stop them so nothing is left in flight. */
static void stop_disks(efi_event_t event, void *ctx)
{
	(void)event;
	(void)ctx;
	for (size_t i = 0; i < disk_count; i++) {
		log_debug("disk: %s%llx: %llu requests, %llu bytes", disks[i].blk.dev.kind,
			  (unsigned long long)disks[i].blk.dev.where,
			  (unsigned long long)disks[i].blk.requests,
			  (unsigned long long)disks[i].blk.bytes);
		virtio_blk_stop(&disks[i].blk);
	}
	scsi_disks_stop();
	nvme_disks_stop();
}

void disks_connect(void)
{
	if (connected)
		return;
	connected = true;
	probe_mmio();
	probe_pci();
	if ((disk_count || scsi_adapters || nvme_controllers) && efi_on_exit_boot_services(stop_disks, NULL) != EFI_SUCCESS)
		log_msg(LOG_ERROR, "error: disks: cannot arm the ExitBootServices stop");
}

/* The storage protocols whose lookup means a program wants disks. */
static void connect_hook(const efi_guid_t *guid)
{
	if (connected)
		return;
	if (!guid || efi_guid_equal(guid, &efi_block_io_protocol_guid) ||
	    efi_guid_equal(guid, &efi_disk_io_protocol_guid) ||
	    efi_guid_equal(guid, &efi_simple_file_system_protocol_guid))
		disks_connect();
}

void disks_init(const struct dt_tree *tree)
{
	dt = *tree;
	efi_set_connect_hook(connect_hook);
}
