/*
 * The modern virtio-pci transport (pci.c as linked into the firmware) over a
 * fake function: config space in an array, BAR0 in host memory. Each virtio
 * structure must lie inside its BAR at the alignment virtio 1.2 4.1.4 gives
 * its type, and each doorbell inside the notify structure, 2-byte aligned: the
 * firmware reads and writes them at their natural width in Device memory,
 * where a misaligned access faults and would stop the whole boot, not just
 * leave this one device out.
 */
#include <stdint.h>
#include <string.h>

#include "firmware/drivers/pci/ecam.h"
#include "firmware/drivers/virtio/virtio.h"
#include "tools/testing/check.h"

#define CAP_COMMON 0x40
#define CAP_NOTIFY 0x54
#define CAP_DEVICE 0x6c
#define CAP_SPARE 0x80 /* a second common structure, unlinked until a test links it */

#define COMMON_AT 0x0000
#define NOTIFY_AT 0x1000
#define DEVICE_AT 0x2000
#define SPARE_AT 0x3000

#define QUEUE_NOTIFY_OFF 0x1e

static uint8_t cfg[256];
static uint8_t bar0[0x4000] __attribute__((aligned(4096)));

/* ---- the fake function's config space and BAR assignment ---- */

uint8_t pci_read8(const struct pci_host *host, uint32_t bdf, uint32_t off)
{
	(void)host, (void)bdf;
	return off < sizeof(cfg) ? cfg[off] : 0xff;
}

uint16_t pci_read16(const struct pci_host *host, uint32_t bdf, uint32_t off)
{
	return (uint16_t)(pci_read8(host, bdf, off) | pci_read8(host, bdf, off + 1) << 8);
}

uint32_t pci_read32(const struct pci_host *host, uint32_t bdf, uint32_t off)
{
	return pci_read16(host, bdf, off) | (uint32_t)pci_read16(host, bdf, off + 2) << 16;
}

int pci_assign_bars(struct pci_host *host, uint32_t bdf, struct pci_bar bars[PCI_BAR_COUNT])
{
	(void)host, (void)bdf;
	memset(bars, 0, sizeof(struct pci_bar) * PCI_BAR_COUNT);
	bars[0].cpu = (uintptr_t)bar0;
	bars[0].size = sizeof(bar0);
	return 0;
}

static void put32(uint32_t off, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		cfg[off + i] = (uint8_t)(v >> (8 * i));
}

/* A vendor capability at cap: type, BAR0 offset and length, the next capability. */
static void vendor_cap(uint32_t cap, uint8_t type, uint32_t offset, uint32_t length,
		       uint8_t next)
{
	cfg[cap] = 0x09;
	cfg[cap + 1] = next;
	cfg[cap + 2] = type == 2 ? 20 : 16;
	cfg[cap + 3] = type;
	cfg[cap + 4] = 0;
	put32(cap + 8, offset);
	put32(cap + 12, length);
}

/* A function QEMU would present: common, notify (multiplier mul), device config. */
static void good_function(uint32_t mul)
{
	memset(cfg, 0, sizeof(cfg));
	memset(bar0, 0, sizeof(bar0));
	cfg[PCI_STATUS] = 0x10;
	cfg[PCI_CAPABILITIES] = CAP_COMMON;
	vendor_cap(CAP_COMMON, 1, COMMON_AT, 0x38, CAP_NOTIFY);
	vendor_cap(CAP_NOTIFY, 2, NOTIFY_AT, 0x1000, CAP_DEVICE);
	put32(CAP_NOTIFY + 16, mul);
	vendor_cap(CAP_DEVICE, 4, DEVICE_AT, 0x100, 0);
}

static int probe(struct virtio_dev *dev)
{
	struct pci_host host;

	memset(&host, 0, sizeof(host));
	memset(dev, 0, sizeof(*dev));
	return virtio_pci_probe(dev, &host, PCI_BDF(0, 1, 0));
}

/* Queue 0's setup with the device asking for notify offset notify_off. */
static int setup_queue(struct virtio_dev *dev, uint16_t notify_off)
{
	bar0[COMMON_AT + QUEUE_NOTIFY_OFF] = (uint8_t)notify_off;
	bar0[COMMON_AT + QUEUE_NOTIFY_OFF + 1] = (uint8_t)(notify_off >> 8);
	return dev->ops->queue_setup(dev, 0, 16, 0x10000, 0x11000, 0x12000);
}

static void test_good_function(void)
{
	struct virtio_dev dev;

	good_function(4);
	CHECK(probe(&dev) == 0);
	CHECK(dev.base == (uintptr_t)bar0 + COMMON_AT);
	CHECK(dev.notify == (uintptr_t)bar0 + NOTIFY_AT);
	CHECK(dev.device_cfg == (uintptr_t)bar0 + DEVICE_AT);
	CHECK(dev.config_len == 0x100);
	CHECK(setup_queue(&dev, 3) == 0);
	CHECK(dev.doorbell == (uintptr_t)bar0 + NOTIFY_AT + 12);
}

static void test_misaligned_structures(void)
{
	struct virtio_dev dev;

	good_function(4);
	put32(CAP_COMMON + 8, COMMON_AT + 2);
	CHECK(probe(&dev) == VIRTIO_PCI_BAD_STRUCTURE);

	good_function(4);
	put32(CAP_DEVICE + 8, DEVICE_AT + 2);
	CHECK(probe(&dev) == VIRTIO_PCI_BAD_STRUCTURE);

	good_function(4);
	put32(CAP_NOTIFY + 8, NOTIFY_AT + 1);
	CHECK(probe(&dev) == VIRTIO_PCI_BAD_STRUCTURE);

	/* 2-byte alignment is all a notify structure needs */
	good_function(4);
	put32(CAP_NOTIFY + 8, NOTIFY_AT + 2);
	CHECK(probe(&dev) == 0);
}

static void test_structure_outside_bar(void)
{
	struct virtio_dev dev;

	good_function(4);
	put32(CAP_DEVICE + 8, sizeof(bar0) - 0x80);
	CHECK(probe(&dev) == VIRTIO_PCI_BAD_STRUCTURE);

	good_function(4);
	put32(CAP_COMMON + 12, 0x20); /* shorter than the registers the driver uses */
	CHECK(probe(&dev) == VIRTIO_PCI_BAD_STRUCTURE);
}

/* virtio 1.2 4.1.4.1: the driver uses the first structure of a type it can. */
static void test_later_structure_replaces_refused_one(void)
{
	struct virtio_dev dev;

	good_function(4);
	put32(CAP_COMMON + 8, COMMON_AT + 2);
	cfg[CAP_DEVICE + 1] = CAP_SPARE;
	vendor_cap(CAP_SPARE, 1, SPARE_AT, 0x38, 0);
	CHECK(probe(&dev) == 0);
	CHECK(dev.base == (uintptr_t)bar0 + SPARE_AT);
}

static void test_missing_structure(void)
{
	struct virtio_dev dev;

	good_function(4);
	cfg[PCI_STATUS] = 0;
	CHECK(probe(&dev) == VIRTIO_PCI_NO_MODERN);

	good_function(4);
	cfg[CAP_NOTIFY + 1] = 0; /* the device config capability unlinked */
	CHECK(probe(&dev) == VIRTIO_PCI_NO_MODERN);
}

static void test_doorbells(void)
{
	struct virtio_dev dev;

	good_function(1); /* breaks "an even power of 2, or 0" */
	CHECK(probe(&dev) == 0);
	CHECK(setup_queue(&dev, 1) == -1);
	CHECK(setup_queue(&dev, 2) == 0);
	CHECK(dev.doorbell == (uintptr_t)bar0 + NOTIFY_AT + 2);

	good_function(4);
	CHECK(probe(&dev) == 0);
	CHECK(setup_queue(&dev, 0x3ff) == 0); /* the last slot: 0xffc + 2 <= 0x1000 */
	CHECK(setup_queue(&dev, 0x400) == -1); /* past the structure */
	good_function(0); /* one doorbell for every queue */
	CHECK(probe(&dev) == 0);
	CHECK(setup_queue(&dev, 7) == 0);
	CHECK(dev.doorbell == (uintptr_t)bar0 + NOTIFY_AT);
}

int main(void)
{
	test_good_function();
	test_misaligned_structures();
	test_structure_outside_bar();
	test_later_structure_replaces_refused_one();
	test_missing_structure();
	test_doorbells();
	return check_report("virtio pci_test");
}
