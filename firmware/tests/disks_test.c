/*
 * firmware/disks/: disks.c's probe and virtio_blk_disks_add() with the
 * virtio-blk driver and the EFI disk handle code as linked into the
 * firmware, over virtio-mmio slots of a DT
 * built here: three failing each in its own way (no memory for the rings, a
 * device that refuses VERSION_1, no memory for a handle), then 17 good
 * ones. Each failure is named in one error line and gives its ring pages
 * back (before, the first was left out without a word, and the other two
 * kept their pages for good, the third its EFI disk's pool memory too); 16
 * disks are driven and the 17th is named. The ExitBootServices stop
 * disarms the ResetSystem hook (the devices it would flush are reset).
 * Stubs: the pages (counted), the transport (a fake device), the platform
 * calls, the database's memory.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "firmware/device_claim.h"
#include "firmware/disks/disks.h"
#include "firmware/drivers/pci/ecam.h"
#include "firmware/drivers/virtio/blk.h"
#include "firmware/efi/core.h"
#include "firmware/efi/efi_boot.h"
#include "firmware/efi/protocols/disk.h"
#include "firmware/platform/log.h"
#include "firmware/platform/mmu.h"
#include "firmware/platform/timer.h"
#include "firmware/tests/disk_test_env.h"
#include "parsers/bytes/bytes.h"
#include "tools/testing/check.h"

#define NO_PAGES 0xa000000u  /* efi_allocate_pages() fails for this slot */
#define NO_VERSION 0xa000200u /* the device offers no VERSION_1 */
#define NO_HANDLE 0xa000400u  /* the protocol database cannot grow */
#define GOOD 0xa000600u       /* the first of 17 good slots, 0x200 apart */
#define GOOD_SLOTS 17

/* ---- pages: counted ---- */

static unsigned pages_out;
static uint64_t slot_now; /* the slot virtio_blk_disks_add() is working on */

void *efi_allocate_pages(uint64_t size, uint64_t align, uint32_t memory_type)
{
	(void)memory_type;
	if (slot_now == NO_PAGES)
		return NULL;
	pages_out++;
	return aligned_alloc(align, size);
}

void efi_free_pages(void *pages, uint64_t size)
{
	CHECK(size == VIRTIO_BLK_MEM_BYTES);
	pages_out--;
	free(pages);
}

/* ---- the fake transport ---- */

static uint8_t status_reg;

static uint8_t get_status(struct virtio_dev *d)
{
	(void)d;
	return status_reg;
}

static void set_status(struct virtio_dev *d, uint8_t s)
{
	(void)d;
	status_reg = s;
}

static uint64_t get_features(struct virtio_dev *d)
{
	return d->base == NO_VERSION ? 0 : VIRTIO_F_VERSION_1;
}

static void set_features(struct virtio_dev *d, uint64_t f)
{
	(void)d, (void)f;
}

static uint32_t config_generation(struct virtio_dev *d)
{
	(void)d;
	return 0;
}

/* A 1 MiB disk: capacity 2048 sectors, the rest of the config zero. */
static uint32_t read_config32(struct virtio_dev *d, uint32_t off)
{
	(void)d;
	return off == 0 ? 2048 : 0;
}

static uint32_t queue_max(struct virtio_dev *d, uint16_t index)
{
	(void)d;
	return index == 0 ? 128 : 0;
}

static int queue_setup(struct virtio_dev *d, uint16_t index, uint16_t size, uint64_t desc,
		       uint64_t avail, uint64_t used)
{
	(void)d, (void)index, (void)size, (void)desc, (void)avail, (void)used;
	return 0;
}

static void notify(struct virtio_dev *d, uint16_t index)
{
	(void)d, (void)index;
}

static const struct virtio_ops fake_ops = {
	get_status, set_status, get_features, set_features, config_generation,
	read_config32, queue_max, queue_setup, notify,
};

int virtio_mmio_probe(struct virtio_dev *dev, uint64_t base, uint32_t device_id)
{
	CHECK(device_id == VIRTIO_ID_BLOCK);
	memset(dev, 0, sizeof(*dev));
	dev->ops = &fake_ops;
	dev->modern = true;
	dev->base = base;
	dev->kind = "virtio-mmio@";
	dev->config_len = 0x100;
	dev->where = base;
	slot_now = base;
	return 0;
}

/* ---- the rest of the platform: not reached, or nothing to do ---- */

int virtio_pci_probe(struct virtio_dev *dev, struct pci_host *host, uint32_t bdf)
{
	(void)dev, (void)host, (void)bdf;
	return -1;
}

int pci_host_init(struct pci_host *host, const struct dt_pci_host *dt)
{
	(void)host, (void)dt;
	return -1;
}

void pci_scan(struct pci_host *host, pci_visit_fn visit, void *ctx)
{
	(void)host, (void)visit, (void)ctx;
}

uint32_t pci_read32(const struct pci_host *host, uint32_t bdf, uint32_t off)
{
	(void)host, (void)bdf, (void)off;
	return 0;
}

int pci_assign_bars(struct pci_host *host, uint32_t bdf, struct pci_bar bars[PCI_BAR_COUNT])
{
	(void)host, (void)bdf, (void)bars;
	return -1;
}

int device_claim(const char *name, uint64_t base, uint64_t size, uint64_t align,
		 uint64_t min_size)
{
	(void)name, (void)base, (void)size, (void)align, (void)min_size;
	return 0;
}

/* The regions named for the exception report, and the last one. */
static unsigned named;
static uint64_t named_base;

void exception_name_device(const char *what, uint64_t base, uint64_t size)
{
	CHECK(!strcmp(what, "virtio-mmio") && size == 0x200);
	named++;
	named_base = base;
}

int mmu_map_device(uint64_t base, uint64_t size)
{
	(void)base, (void)size;
	return 0;
}

bool mmu_ram_writable(uint64_t base, uint64_t size)
{
	(void)base, (void)size;
	return false;
}

uint64_t timer_ticks(void)
{
	return 0;
}

uint64_t timer_frequency(void)
{
	return 1000;
}

/* The ExitBootServices stop and the ResetSystem hook disks.c arms, as armed last. */
static efi_event_notify_t exit_notify;
static void (*reset_hook)(void);

efi_status_t efi_on_exit_boot_services(efi_event_notify_t fn, void *ctx)
{
	(void)ctx;
	exit_notify = fn;
	return EFI_SUCCESS;
}

void efi_on_reset_system(void (*notify)(void))
{
	reset_hook = notify;
}

void efi_set_connect_hook(void (*hook)(const efi_guid_t *guid))
{
	(void)hook;
}

/* The database grows from malloc, but not for the NO_HANDLE slot. */
static void *grow(size_t bytes, const char *what)
{
	(void)what;
	return slot_now == NO_HANDLE ? NULL : malloc(bytes);
}

/* ---- the device tree: one virtio-mmio slot per failure, then the good ones ---- */

static uint64_t blob[2048];

static void make_dt(struct dt_tree *tree)
{
	CHECK(fdt_create(blob, sizeof(blob)) == 0);
	CHECK(fdt_finish_reservemap(blob) == 0);
	CHECK(fdt_begin_node(blob, "") == 0);
	CHECK(fdt_property_u32(blob, "#address-cells", 2) == 0);
	CHECK(fdt_property_u32(blob, "#size-cells", 2) == 0);
	for (uint32_t slot = NO_PAGES; slot < GOOD + GOOD_SLOTS * 0x200; slot += 0x200) {
		char name[32];
		fdt64_t reg[2] = { cpu_to_fdt64(slot), cpu_to_fdt64(0x200) };

		snprintf(name, sizeof(name), "virtio_mmio@%x", slot);
		CHECK(fdt_begin_node(blob, name) == 0);
		CHECK(fdt_property_string(blob, "compatible", "virtio,mmio") == 0);
		CHECK(fdt_property(blob, "reg", reg, sizeof(reg)) == 0);
		CHECK(fdt_end_node(blob) == 0);
	}
	CHECK(fdt_end_node(blob) == 0);
	CHECK(fdt_finish(blob) == 0);
	CHECK(dt_open(blob, fdt_totalsize(blob), tree) == DT_OK);
}

/* A protocol the database's own handles are filled with. */
static const efi_guid_t filler = EFI_GUID(0x1d2a3b4c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);

/* The EFI disk behind the first Block I/O handle (the first disk driven). */
static struct efi_disk *first_disk(void)
{
	efi_handle_t all[32];
	uint64_t size = sizeof(all);
	void *bio;

	CHECK(db_locate_handles(&efi_db, EFI_BY_PROTOCOL, &efi_block_io_protocol_guid, &size,
				all) == EFI_SUCCESS);
	CHECK(db_get(&efi_db, all[0], &efi_block_io_protocol_guid, &bio) == EFI_SUCCESS);
	return efi_disk_from_block_io(bio);
}

static uint8_t ram[64 * EFI_PAGE_SIZE] __attribute__((aligned(EFI_PAGE_SIZE)));
static efi_memory_descriptor_t descriptors[16];

int main(void)
{
	struct dt_tree tree;
	efi_handle_t h;
	int dummy;
	void *freed;

	memmap_init(&efi_memmap, descriptors, 16);
	CHECK(memmap_add_ram(&efi_memmap, (uint64_t)(uintptr_t)ram, sizeof(ram)) == EFI_SUCCESS);
	pool_init(&efi_pool, &efi_memmap, (struct pool_hooks){ 0 });
	/* the database's own handles taken: a new one needs memory */
	db_init(&efi_db);
	for (int i = 0; i < DB_FIRST_HANDLES; i++) {
		h = NULL;
		CHECK(db_install(&efi_db, &h, &filler, &dummy) == EFI_SUCCESS);
	}
	efi_db.alloc = grow;
	/* the pool hands out the block freed last first: this one, to the NO_HANDLE slot's disk */
	CHECK(pool_alloc(&efi_pool, EFI_BOOT_SERVICES_DATA, sizeof(struct efi_disk), &freed) ==
	      EFI_SUCCESS);
	CHECK(pool_free(&efi_pool, freed) == EFI_SUCCESS);
	make_dt(&tree);
	disks_init(&tree);
	disks_connect();
	printf("%s", all_log);
	CHECK(strstr(all_log, "error: virtio-mmio@a000000: out of memory for its rings, left out\n"));
	CHECK(strstr(all_log, "error: virtio-mmio@a000200: init: feature negotiation refused\n"));
	CHECK(strstr(all_log, "error: virtio-mmio@a000400: out of memory for its EFI handle, "
			      "left out\n"));
	CHECK(strstr(all_log, "error: virtio-mmio@a002600: more than 16 disks, left out\n"));
	CHECK(pages_out == 16); /* the rings of the disks driven alone */
	/* every slot mapped is named for an abort there, the refused ones too */
	CHECK(named == 3 + GOOD_SLOTS && named_base == GOOD + (GOOD_SLOTS - 1) * 0x200);
	/* the NO_HANDLE slot's EFI disk was given back, and the next disk got it */
	CHECK(first_disk() == freed);
	/*
	 * ExitBootServices' stop disarms the reset hook: a ResetSystem() from a program's
	 * ExitBootServices notification run after it finds the devices reset, and a flush
	 * would wait out DISK_REQUEST_TIMEOUT_S on each before its error line.
	 */
	CHECK(exit_notify && reset_hook);
	exit_notify(NULL, NULL);
	CHECK(!reset_hook);
	return check_report("disks_test");
}
