#include "firmware/disks/disks.h"

#include "firmware/device_claim.h"
#include "firmware/disks/nvme_disks.h"
#include "firmware/disks/scsi_disks.h"
#include "firmware/disks/virtio_blk_disks.h"
#include "firmware/drivers/pci/ecam.h"
#include "firmware/drivers/virtio/virtio.h"
#include "firmware/efi/efi_boot.h"
#include "firmware/platform/exception.h"
#include "firmware/platform/log.h"
#include "firmware/platform/mmu.h"
#include "parsers/dt/dt.h"

#define MAX_MMIO_SLOTS 64
#define VIRTIO_PCI_VENDOR 0x1af4
#define VIRTIO_PCI_BLK_TRANSITIONAL 0x1001
#define VIRTIO_PCI_BLK_MODERN (0x1040 + VIRTIO_ID_BLOCK)
#define VIRTIO_PCI_SCSI_TRANSITIONAL 0x1004
#define VIRTIO_PCI_SCSI_MODERN (0x1040 + VIRTIO_ID_SCSI)
#define PCI_CLASS_REVISION 0x08
#define PCI_CLASS_NVME 0x010802u /* mass storage, NVM, NVM Express */

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

static bool kept; /* a device kept, to stop at ExitBootServices */
static struct dt_tree dt;
static bool connected;

static void set_node(efi_device_path_t *n, uint8_t type, uint8_t sub_type, size_t len)
{
	n->type = type;
	n->sub_type = sub_type;
	n->length[0] = (uint8_t)len;
	n->length[1] = (uint8_t)(len >> 8);
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
		/* a slot where nothing answers: its abort is named, not an unexplained exception */
		exception_name_device("virtio-mmio", slots[i].base, slots[i].size);
		set_node(&path.vendor.header, EFI_DP_TYPE_HARDWARE, EFI_DP_HW_VENDOR,
			 sizeof(path.vendor) + sizeof(path.base));
		path.vendor.vendor = virtio_mmio_transport_guid;
		path.base = slots[i].base;
		set_node(&path.end, EFI_DP_TYPE_END, EFI_DP_END_ENTIRE, sizeof(path.end));
		if (!virtio_mmio_probe(&dev, slots[i].base, VIRTIO_ID_BLOCK))
			kept |= virtio_blk_disks_add(&dev, &path.vendor.header);
		else if (!virtio_mmio_probe(&dev, slots[i].base, VIRTIO_ID_SCSI))
			kept |= scsi_disks_add(&dev, &path.vendor.header);
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
	kept |= nvme_disks_add(bars[0].cpu, bars[0].size, bdf, &path.root.header);
}

/* Why virtio_pci_probe() refused a function. */
static const char *virtio_pci_refusal(int status)
{
	if (status == VIRTIO_PCI_NO_BAR_ROOM)
		return "no room for its BARs, left out";
	if (status == VIRTIO_PCI_BAD_STRUCTURE)
		return "a config structure outside its BAR, too short or misaligned, left out";
	return "no modern interface (common, notify and device config capabilities), left out";
}

static void visit_pci(struct pci_host *host, uint32_t bdf, uint16_t vendor, uint16_t device,
		      void *ctx)
{
	struct virtio_dev dev;
	struct pci_path path;
	int status;

	bool scsi = device == VIRTIO_PCI_SCSI_TRANSITIONAL || device == VIRTIO_PCI_SCSI_MODERN;

	(void)ctx;
	if (pci_read32(host, bdf, PCI_CLASS_REVISION) >> 8 == PCI_CLASS_NVME) {
		add_nvme(host, bdf);
		return;
	}
	if (vendor != VIRTIO_PCI_VENDOR ||
	    (device != VIRTIO_PCI_BLK_TRANSITIONAL && device != VIRTIO_PCI_BLK_MODERN && !scsi))
		return;
	status = virtio_pci_probe(&dev, host, bdf);
	if (status) {
		log_msg(LOG_ERROR, "error: virtio-pci@0x%x: %s", bdf, virtio_pci_refusal(status));
		return;
	}
	pci_path(host, bdf, &path);
	if (scsi)
		kept |= scsi_disks_add(&dev, &path.root.header);
	else
		kept |= virtio_blk_disks_add(&dev, &path.root.header);
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
	/* a DT that puts them where nothing answers: the abort is named */
	exception_name_device("PCI ECAM", pci.ecam.base, pci.ecam.size);
	if (pci.mem32.size)
		exception_name_device("PCI 32-bit window", pci.mem32.cpu_base, pci.mem32.size);
	if (pci.mem64.size)
		exception_name_device("PCI 64-bit window", pci.mem64.cpu_base, pci.mem64.size);
	if (pci_host_init(&host, &pci)) {
		log_msg(LOG_ERROR, "error: PCI host: cannot map ECAM at 0x%llx",
			(unsigned long long)pci.ecam.base);
		return;
	}
	pci_scan(&host, visit_pci, NULL);
}

/*
 * The OS drives the devices itself: stop them so nothing is left in flight. The reset hook
 * goes too: a program's own ExitBootServices notification may run after this one and call
 * ResetSystem() (the runtime disarms the hook only once every notification has run), and a
 * flush of a reset device would wait out DISK_REQUEST_TIMEOUT_S on each, then name a failure.
 */
static void stop_disks(efi_event_t event, void *ctx)
{
	(void)event;
	(void)ctx;
	efi_on_reset_system(NULL);
	virtio_blk_disks_stop();
	scsi_disks_stop();
	nvme_disks_stop();
}

/*
 * A program's ResetSystem() before ExitBootServices (fwupd-efi, an installer: a write, then
 * the reset, no FlushBlocks): what the disks cache reaches their media first, then each
 * device stops as at ExitBootServices, the NVMe controllers by their shutdown notification.
 */
static void reset_disks(void)
{
	virtio_blk_disks_flush();
	scsi_disks_flush();
	virtio_blk_disks_stop();
	scsi_disks_stop();
	nvme_disks_shutdown();
}

void disks_connect(void)
{
	if (connected)
		return;
	connected = true;
	probe_mmio();
	probe_pci();
	if (!kept)
		return;
	if (efi_on_exit_boot_services(stop_disks, NULL) != EFI_SUCCESS)
		log_msg(LOG_ERROR, "error: disks: cannot arm the ExitBootServices stop");
	efi_on_reset_system(reset_disks);
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
