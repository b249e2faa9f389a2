/*
 * QEMU fw_cfg, MMIO flavour, data through the DMA interface: the device
 * reads a big-endian {control, length, address} descriptor from RAM and
 * moves the data itself. Guest memory is identity mapped, so addresses are
 * pointers.
 */
#include "firmware/platform/fwcfg.h"

#include <stddef.h>

#include "firmware/platform/sysreg.h"

#define REG_DMA_ADDRESS 16
#define DMA_SIGNATURE 0x51454d5520434647ull /* "QEMU CFG", read from REG_DMA_ADDRESS */
#define FW_CFG_ID_DMA (1u << 1)

#define DMA_CTL_ERROR (1u << 0)
#define DMA_CTL_READ (1u << 1)
#define DMA_CTL_SKIP (1u << 2)
#define DMA_CTL_SELECT (1u << 3)
#define DMA_CTL_WRITE (1u << 4)

struct dma_access {
	uint32_t control, length;
	uint64_t address;
};

static uint64_t fwcfg_base;
static struct fwcfg_stats stats;

static volatile uint64_t *dma_address_reg(void)
{
	return (volatile uint64_t *)(uintptr_t)(fwcfg_base + REG_DMA_ADDRESS);
}

/* One DMA transfer; the device clears `control` when done, or leaves the error bit. */
static int dma_transfer(uint32_t control, void *data, uint32_t len)
{
	volatile struct dma_access access = {
		.control = __builtin_bswap32(control),
		.length = __builtin_bswap32(len),
		.address = __builtin_bswap64((uint64_t)(uintptr_t)data),
	};
	uint32_t status;

	dsb(st); /* the descriptor and any data to write reach memory first */
	*dma_address_reg() = __builtin_bswap64((uint64_t)(uintptr_t)&access);
	do {
		status = __builtin_bswap32(access.control);
	} while (status & ~DMA_CTL_ERROR);
	dsb(sy); /* the device's writes are seen before the caller reads them */
	stats.transfers++;
	if (status & DMA_CTL_ERROR)
		return -1;
	if (control & (DMA_CTL_READ | DMA_CTL_WRITE))
		stats.bytes += len;
	return 0;
}

/* Selects the item and positions at offset: a skip transfer when offset is not 0. */
static int select_at(uint16_t selector, uint32_t offset, uint32_t *select_bits)
{
	uint32_t select = (uint32_t)selector << 16 | DMA_CTL_SELECT;

	*select_bits = select;
	if (!offset)
		return 0;
	*select_bits = 0;
	return dma_transfer(select | DMA_CTL_SKIP, NULL, offset);
}

int fwcfg_read(uint16_t selector, uint32_t offset, void *dst, uint32_t len)
{
	uint32_t select;

	if (!fwcfg_base || select_at(selector, offset, &select))
		return -1;
	return dma_transfer(select | DMA_CTL_READ, dst, len);
}

int fwcfg_write(uint16_t selector, uint32_t offset, const void *src, uint32_t len)
{
	uint32_t select;

	if (!fwcfg_base || select_at(selector, offset, &select))
		return -1;
	return dma_transfer(select | DMA_CTL_WRITE, (void *)(uintptr_t)src, len);
}

uint32_t fwcfg_read_u32(uint16_t selector)
{
	uint8_t b[4];

	if (fwcfg_read(selector, 0, b, sizeof(b)))
		return 0;
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

bool fwcfg_init(uint64_t base)
{
	uint8_t signature[4];

	fwcfg_base = base;
	if (__builtin_bswap64(*dma_address_reg()) != DMA_SIGNATURE ||
	    fwcfg_read(FW_CFG_SIGNATURE, 0, signature, sizeof(signature)) ||
	    signature[0] != 'Q' || signature[1] != 'E' || signature[2] != 'M' ||
	    signature[3] != 'U' || !(fwcfg_read_u32(FW_CFG_ID) & FW_CFG_ID_DMA)) {
		fwcfg_base = 0;
		return false;
	}
	return true;
}

struct fwcfg_stats fwcfg_stats(void)
{
	return stats;
}
