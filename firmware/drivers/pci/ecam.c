#include "firmware/drivers/pci/ecam.h"

#include "firmware/drivers/io.h"
#include "firmware/platform/log.h"
#include "firmware/platform/mmu.h"

#define CMD_IO 0x1u
#define CMD_MEMORY 0x2u
#define CMD_BUS_MASTER 0x4u
#define BAR_IO 0x1u
#define BAR_TYPE_64 0x4u
#define BAR_FLAGS 0xfu
#define MIN_BAR_ALIGN 4096u /* one BAR per page: each maps on its own */
#define HEADER_MULTIFUNCTION 0x80u

static uint64_t cfg(const struct pci_host *host, uint32_t bdf, uint32_t off)
{
	return host->ecam + ((uint64_t)(bdf - (host->bus_start << 8)) << 12) + off;
}

uint8_t pci_read8(const struct pci_host *host, uint32_t bdf, uint32_t off)
{
	return io_read8(cfg(host, bdf, off));
}

uint16_t pci_read16(const struct pci_host *host, uint32_t bdf, uint32_t off)
{
	return io_read16(cfg(host, bdf, off));
}

uint32_t pci_read32(const struct pci_host *host, uint32_t bdf, uint32_t off)
{
	return io_read32(cfg(host, bdf, off));
}

void pci_write16(const struct pci_host *host, uint32_t bdf, uint32_t off, uint16_t v)
{
	io_write16(cfg(host, bdf, off), v);
}

void pci_write32(const struct pci_host *host, uint32_t bdf, uint32_t off, uint32_t v)
{
	io_write32(cfg(host, bdf, off), v);
}

int pci_host_init(struct pci_host *host, const struct dt_pci_host *dt)
{
	host->ecam = dt->ecam.base;
	host->bus_start = dt->bus_start;
	host->bus_end = dt->bus_end;
	host->mem32 = (struct pci_window){ dt->mem32.cpu_base, dt->mem32.pci_base, dt->mem32.size, 0 };
	host->mem64 = (struct pci_window){ dt->mem64.cpu_base, dt->mem64.pci_base, dt->mem64.size, 0 };
	return mmu_map_device(host->ecam, ECAM_BUS_BYTES) ? -1 : 0;
}

void pci_scan(struct pci_host *host, pci_visit_fn visit, void *ctx)
{
	for (uint32_t dev = 0; dev < 32; dev++) {
		uint32_t functions = 1;

		for (uint32_t fn = 0; fn < functions; fn++) {
			uint32_t bdf = PCI_BDF(host->bus_start, dev, fn);
			uint16_t vendor = pci_read16(host, bdf, PCI_VENDOR_ID);

			if (vendor == 0xffff)
				continue;
			if (fn == 0 && pci_read8(host, bdf, PCI_HEADER_TYPE) & HEADER_MULTIFUNCTION)
				functions = 8;
			visit(host, bdf, vendor, pci_read16(host, bdf, PCI_DEVICE_ID), ctx);
		}
	}
}

/* Room for size bytes (a power of two), aligned to their size; 0 or -1. */
static int window_alloc(struct pci_window *w, uint64_t size, uint64_t *offset)
{
	uint64_t align = size < MIN_BAR_ALIGN ? MIN_BAR_ALIGN : size;
	uint64_t start = (w->used + align - 1) & ~(align - 1);

	if (start < w->used || start > w->size || w->size - start < align)
		return -1;
	w->used = start + align;
	*offset = start;
	return 0;
}

/* The BAR's size (0: not implemented), with the BAR left all ones. */
static uint64_t bar_size(struct pci_host *host, uint32_t bdf, uint32_t off, bool is64)
{
	uint64_t mask;

	pci_write32(host, bdf, off, 0xffffffffu);
	mask = pci_read32(host, bdf, off) & ~(uint64_t)BAR_FLAGS;
	if (is64) {
		pci_write32(host, bdf, off + 4, 0xffffffffu);
		mask |= (uint64_t)pci_read32(host, bdf, off + 4) << 32;
	} else {
		mask |= 0xffffffff00000000ull;
	}
	if (!(mask & 0xfffffff0u) && !(mask >> 32 && is64))
		return 0;
	return ~mask + 1;
}

static int assign_bar(struct pci_host *host, uint32_t bdf, uint32_t off, bool is64,
		      struct pci_bar *bar)
{
	uint64_t size = bar_size(host, bdf, off, is64), offset;
	struct pci_window *w = is64 && host->mem64.size ? &host->mem64 : &host->mem32;
	uint64_t pci;

	if (!size) {
		pci_write32(host, bdf, off, 0);
		return 0;
	}
	if (size & (size - 1) || window_alloc(w, size, &offset))
		return -1;
	pci = w->pci + offset;
	if (!is64 && pci >> 32)
		return -1;
	pci_write32(host, bdf, off, (uint32_t)pci);
	if (is64)
		pci_write32(host, bdf, off + 4, (uint32_t)(pci >> 32));
	bar->cpu = w->cpu + offset;
	bar->size = size;
	return mmu_map_device(bar->cpu, size) ? -1 : 0;
}

int pci_assign_bars(struct pci_host *host, uint32_t bdf, struct pci_bar bars[PCI_BAR_COUNT])
{
	uint16_t cmd = pci_read16(host, bdf, PCI_COMMAND);

	pci_write16(host, bdf, PCI_COMMAND, cmd & ~(CMD_IO | CMD_MEMORY | CMD_BUS_MASTER));
	for (uint32_t i = 0; i < PCI_BAR_COUNT; i++)
		bars[i] = (struct pci_bar){ 0, 0 };
	for (uint32_t i = 0; i < PCI_BAR_COUNT; i++) {
		uint32_t off = PCI_BAR0 + 4 * i, orig = pci_read32(host, bdf, off);
		bool is64 = (orig & 0x6u) == BAR_TYPE_64 && i + 1 < PCI_BAR_COUNT;

		if (orig & BAR_IO)
			continue;
		if (assign_bar(host, bdf, off, is64, &bars[i]))
			return -1;
		i += is64;
	}
	pci_write16(host, bdf, PCI_COMMAND, (cmd & ~CMD_IO) | CMD_MEMORY | CMD_BUS_MASTER);
	return 0;
}
