/*
 * QEMU fw_cfg over MMIO, data moved by the DMA interface only, straight
 * into the caller's buffer: one DMA transfer per call, plus a skip transfer
 * first when offset is not 0. Buffers are guest-physical = virtual (identity
 * mapping). Usable after mmu_init() (the device is mapped in the RAM tables).
 */
#ifndef EFILITE_PLATFORM_FWCFG_H
#define EFILITE_PLATFORM_FWCFG_H
#include <stdbool.h>
#include <stdint.h>

/* The registers used: data, selector, and the 64-bit DMA address at 0x10. */
#define FWCFG_REG_ALIGN 8
#define FWCFG_REG_END 0x18

#define FW_CFG_SIGNATURE 0x00
#define FW_CFG_ID 0x01
#define FW_CFG_KERNEL_SIZE 0x08
#define FW_CFG_INITRD_SIZE 0x0b
#define FW_CFG_KERNEL_DATA 0x11
#define FW_CFG_INITRD_DATA 0x12
#define FW_CFG_CMDLINE_SIZE 0x14
#define FW_CFG_CMDLINE_DATA 0x15
#define FW_CFG_FILE_DIR 0x19

/* base: "qemu,fw-cfg-mmio" reg. Returns false if no "QEMU" signature or no DMA support. */
bool fwcfg_init(uint64_t base);
/* Selects `selector` and reads `len` bytes starting at `offset` into dst. 0 or -1. */
int fwcfg_read(uint16_t selector, uint32_t offset, void *dst, uint32_t len);
/* Writes len bytes to a writable item (etc/table-loader WRITE_POINTER). 0 or -1. */
int fwcfg_write(uint16_t selector, uint32_t offset, const void *src, uint32_t len);
uint32_t fwcfg_read_u32(uint16_t selector); /* little-endian items like KERNEL_SIZE */

struct fwcfg_stats { uint64_t transfers, bytes; };
struct fwcfg_stats fwcfg_stats(void);
#endif
