/*
 * The generic ECAM PCI host of QEMU's virt machine (from the DT): config
 * space access, a walk of the root bus and BAR assignment for the devices
 * the firmware drives. Other devices are left untouched for the OS.
 */
#ifndef EFILITE_DRIVERS_PCI_ECAM_H
#define EFILITE_DRIVERS_PCI_ECAM_H
#include <stdint.h>

#include "parsers/dt/dt.h"

#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define PCI_STATUS 0x06
#define PCI_HEADER_TYPE 0x0e
#define PCI_BAR0 0x10
#define PCI_CAPABILITIES 0x34
#define PCI_BAR_COUNT 6
#define PCI_MAX_BRIDGE_DEPTH 8

#define PCI_BDF(bus, dev, fn) ((uint32_t)(bus) << 8 | (uint32_t)(dev) << 3 | (uint32_t)(fn))

struct pci_window {
	uint64_t cpu, pci, size, used;
};

#define ECAM_BUS_BYTES (1ull << 20) /* config space per bus */

struct pci_host {
	uint64_t ecam;
	uint32_t bus_start, bus_end;
	uint32_t next_bus; /* the next bus number a bridge gets */
	/* while a device is visited: the device/function of each bridge above it, root first */
	uint8_t bridges[PCI_MAX_BRIDGE_DEPTH];
	unsigned depth;
	struct pci_window mem32, mem64;
};

/* A memory BAR the firmware assigned; size 0 if none. */
struct pci_bar {
	uint64_t cpu, size;
};

/* From the DT's host description (config space is mapped bus by bus as walked). 0 or -1. */
int pci_host_init(struct pci_host *host, const struct dt_pci_host *dt);
uint8_t pci_read8(const struct pci_host *host, uint32_t bdf, uint32_t off);
uint16_t pci_read16(const struct pci_host *host, uint32_t bdf, uint32_t off);
uint32_t pci_read32(const struct pci_host *host, uint32_t bdf, uint32_t off);
void pci_write16(const struct pci_host *host, uint32_t bdf, uint32_t off, uint16_t v);
void pci_write32(const struct pci_host *host, uint32_t bdf, uint32_t off, uint32_t v);

typedef void (*pci_visit_fn)(struct pci_host *host, uint32_t bdf, uint16_t vendor,
			     uint16_t device, void *ctx);
/*
 * Calls visit for every function present on the root bus and behind the
 * bridges on it (depth-first, up to 8 deep): each bridge is given the next
 * bus number and, after the devices behind it were visited (and given their
 * BARs), memory and prefetchable windows around what they got.
 */
void pci_scan(struct pci_host *host, pci_visit_fn visit, void *ctx);
/*
 * Sizes the function's memory BARs, gives each room in a window (64-bit BARs
 * in the 64-bit window when there is one), maps them as device memory and
 * enables memory decoding and bus mastering. I/O BARs are left to the OS.
 * 0, or -1 if a BAR does not fit.
 */
int pci_assign_bars(struct pci_host *host, uint32_t bdf, struct pci_bar bars[PCI_BAR_COUNT]);
#endif
