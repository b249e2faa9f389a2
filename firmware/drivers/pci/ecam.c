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
#define BAR_PREFETCHABLE 0x8u
#define HEADER_MULTIFUNCTION 0x80u
#define HEADER_TYPE_BRIDGE 0x01u
#define BRIDGE_BUSES 0x18         /* primary, secondary, subordinate bus numbers */
#define BRIDGE_IO 0x1c            /* I/O base and limit */
#define BRIDGE_MEMORY 0x20        /* non-prefetchable window, 32-bit */
#define BRIDGE_PREFETCH 0x24      /* prefetchable window, 64-bit */
#define BRIDGE_PREFETCH_UPPER 0x28 /* its base and limit bits 63:32 */
#define BRIDGE_WINDOW_ALIGN (1ull << 20)

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
	host->next_bus = host->bus_start + 1;
	return 0;
}

/*
 * The first offset into w, from on, whose bus address is a multiple of align
 * (a power of two); UINT64_MAX if there is none. A device decodes a BAR at
 * its bus address with the low bits zero, and a DT may start a window
 * anywhere page aligned, so aligning the offset alone is not enough.
 */
static uint64_t bus_aligned(const struct pci_window *w, uint64_t from, uint64_t align)
{
	uint64_t pad = (0 - (w->pci + from)) & (align - 1);

	return from + pad < from ? UINT64_MAX : from + pad;
}

static void align_window(struct pci_window *w)
{
	w->used = bus_aligned(w, w->used, BRIDGE_WINDOW_ALIGN);
	if (w->used > w->size)
		w->used = w->size;
}

/* The end of w's last whole bridge granule, as an offset (0 if none). */
static uint64_t window_end(const struct pci_window *w)
{
	uint64_t past = (w->pci + w->size) & (BRIDGE_WINDOW_ALIGN - 1);

	return past > w->size ? 0 : w->size - past;
}

/* A window register pair for [start, end) of w (16-bit halves: address bits 31:20). */
static uint32_t window_reg(const struct pci_window *w, uint64_t start, uint64_t end, uint32_t low)
{
	uint64_t base = w->pci + start, limit = w->pci + end - 1;

	if (end <= start)
		return 0x0000fff0u; /* base above limit: closed */
	return (uint32_t)(base >> 16 & 0xfff0) | low | (uint32_t)(limit & 0xfff00000) | low << 16;
}

static void scan_bus(struct pci_host *host, uint32_t bus, unsigned depth, pci_visit_fn visit,
		     void *ctx);

/* The bridge forwards [m32, end32) and [m64, end64) of the windows. */
static void set_windows(struct pci_host *host, uint32_t bdf, uint64_t m32, uint64_t end32,
			uint64_t m64, uint64_t end64)
{
	pci_write16(host, bdf, BRIDGE_IO, 0x00f0); /* no I/O window */
	pci_write32(host, bdf, BRIDGE_MEMORY, window_reg(&host->mem32, m32, end32, 0));
	pci_write32(host, bdf, BRIDGE_PREFETCH, window_reg(&host->mem64, m64, end64, 1));
	pci_write32(host, bdf, BRIDGE_PREFETCH_UPPER, (uint32_t)((host->mem64.pci + m64) >> 32));
	pci_write32(host, bdf, BRIDGE_PREFETCH_UPPER + 4,
		    (uint32_t)((host->mem64.pci + end64 - 1) >> 32));
}

/*
 * A bridge gets the next bus number and, while the devices behind it are
 * visited (given BARs and started), windows open to the rest of the host's;
 * afterwards they shrink to exactly what those devices got.
 */
static void scan_bridge(struct pci_host *host, uint32_t bdf, unsigned depth, pci_visit_fn visit,
			void *ctx)
{
	uint32_t secondary = host->next_bus++;
	uint64_t m32, m64;

	if (secondary > host->bus_end || depth == PCI_MAX_BRIDGE_DEPTH)
		return;
	pci_write32(host, bdf, BRIDGE_BUSES, bdf >> 8 | secondary << 8 | host->bus_end << 16);
	align_window(&host->mem32);
	align_window(&host->mem64);
	m32 = host->mem32.used;
	m64 = host->mem64.used;
	set_windows(host, bdf, m32, window_end(&host->mem32), m64, window_end(&host->mem64));
	pci_write16(host, bdf, PCI_COMMAND, CMD_MEMORY | CMD_BUS_MASTER);
	host->bridges[depth] = (uint8_t)bdf;
	scan_bus(host, secondary, depth + 1, visit, ctx);
	align_window(&host->mem32);
	align_window(&host->mem64);
	pci_write32(host, bdf, BRIDGE_BUSES, bdf >> 8 | secondary << 8 | (host->next_bus - 1) << 16);
	set_windows(host, bdf, m32, host->mem32.used, m64, host->mem64.used);
}

static void scan_bus(struct pci_host *host, uint32_t bus, unsigned depth, pci_visit_fn visit,
		     void *ctx)
{
	if (mmu_map_device(host->ecam + ((uint64_t)(bus - host->bus_start) << 20), ECAM_BUS_BYTES))
		return;
	for (uint32_t dev = 0; dev < 32; dev++) {
		uint32_t functions = 1;

		for (uint32_t fn = 0; fn < functions; fn++) {
			uint32_t bdf = PCI_BDF(bus, dev, fn);
			uint8_t header;

			if (pci_read16(host, bdf, PCI_VENDOR_ID) == 0xffff)
				continue;
			header = pci_read8(host, bdf, PCI_HEADER_TYPE);
			if (fn == 0 && header & HEADER_MULTIFUNCTION)
				functions = 8;
			if ((header & 0x7f) == HEADER_TYPE_BRIDGE)
				scan_bridge(host, bdf, depth, visit, ctx);
			else {
				host->depth = depth;
				visit(host, bdf, pci_read16(host, bdf, PCI_VENDOR_ID),
				      pci_read16(host, bdf, PCI_DEVICE_ID), ctx);
			}
		}
	}
}

void pci_scan(struct pci_host *host, pci_visit_fn visit, void *ctx)
{
	scan_bus(host, host->bus_start, 0, visit, ctx);
}

/* Room for size bytes (a power of two), aligned on the bus to their size; 0 or -1. */
static int window_alloc(struct pci_window *w, uint64_t size, uint64_t *offset)
{
	uint64_t align = size < MIN_BAR_ALIGN ? MIN_BAR_ALIGN : size;
	uint64_t start = bus_aligned(w, w->used, align);

	if (start > w->size || w->size - start < align)
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

/* 64-bit prefetchable BARs go in the 64-bit window (a bridge's prefetchable one), the rest low. */
static int assign_bar(struct pci_host *host, uint32_t bdf, uint32_t off, bool is64,
		      bool prefetchable, struct pci_bar *bar)
{
	uint64_t size = bar_size(host, bdf, off, is64), offset;
	struct pci_window *w = is64 && prefetchable && host->mem64.size ? &host->mem64 : &host->mem32;
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
		if (assign_bar(host, bdf, off, is64, orig & BAR_PREFETCHABLE, &bars[i]))
			return -1;
		i += is64;
	}
	pci_write16(host, bdf, PCI_COMMAND, (cmd & ~CMD_IO) | CMD_MEMORY | CMD_BUS_MASTER);
	return 0;
}
