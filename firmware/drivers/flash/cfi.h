/*
 * CFI NOR flash with the Intel/Sharp command set (QEMU's pflash_cfi01), on a
 * 32-bit bus of one x32 chip or two interleaved x16 chips. The driver moves
 * words and erases blocks; it interprets no data. Every wait has a timeout.
 * Program and erase are runtime code: UEFI SetVariable calls them after
 * ExitBootServices. `base` is the one address SetVirtualAddressMap converts.
 */
#ifndef EFILITE_DRIVERS_FLASH_CFI_H
#define EFILITE_DRIVERS_FLASH_CFI_H
#include <stdint.h>

enum cfi_status {
	CFI_OK = 0,
	CFI_ERR_NO_QUERY,	/* no "QRY" answer to the CFI query */
	CFI_ERR_COMMAND_SET,	/* not the Intel/Sharp command set (0x0001 or 0x0003) */
	CFI_ERR_GEOMETRY,	/* no erase block region, or blocks that do not tile the bank */
	CFI_ERR_RANGE,		/* offset outside the bank or misaligned */
	CFI_ERR_TIMEOUT,	/* the chip stayed busy */
	CFI_ERR_PROGRAM,	/* status: program failure */
	CFI_ERR_ERASE,		/* status: erase failure */
	CFI_ERR_VOLTAGE,	/* status: VPP low */
	CFI_ERR_LOCKED,		/* status: block locked (or the bank is read-only) */
	CFI_ERR_NO_ANSWER,	/* cfi_write_probe(): no write buffer, or the chip flagged the
				   abandoned buffer as a bad command sequence */
	CFI_ERR_COUNT		/* not a status */
};

struct cfi_flash {
	uint64_t base, size;	/* the bank, from the DT */
	uint64_t block_size;	/* erase block of the whole bus (all interleaved chips) */
	uint32_t lanes;		/* chips side by side: 1 or 2 */
	uint32_t buffer_bytes;	/* write-buffer size for one command (0: word programs only) */
	int last_error;		/* the last failed operation's status, for boot logs */
};

/* Queries the bank mapped at base (read-array mode afterwards). */
int cfi_probe(struct cfi_flash *f, uint64_t base, uint64_t size);
/*
 * Programs len bytes from src at offset (both multiples of 4; bits only go
 * from 1 to 0): with buffered writes (0xE8) where the chip has a write
 * buffer, else word by word.
 */
int cfi_program(struct cfi_flash *f, uint64_t offset, const uint8_t *src, uint64_t len);
/* Erases the block that starts at offset (all 0xFF afterwards). */
int cfi_erase_block(struct cfi_flash *f, uint64_t offset);
/*
 * Whether the bank takes writes, asked without writing anything: the two
 * words at offset (8-byte aligned) are loaded into the write buffer with the
 * values they hold, and the buffered program is abandoned before its
 * confirm. QEMU's pflash_cfi01 drops an abandoned buffer (nothing reaches
 * its backing file) and flags the loaded words as a program error when its
 * drive is read-only. CFI_OK: takes writes; CFI_ERR_PROGRAM, CFI_ERR_LOCKED
 * or CFI_ERR_VOLTAGE: refuses them; anything else: cannot tell. Runtime code:
 * the store asks before the first write to a window without a store.
 */
int cfi_write_probe(struct cfi_flash *f, uint64_t offset);
const char *cfi_strerror(int status);
#endif
