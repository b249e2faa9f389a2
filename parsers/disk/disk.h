/*
 * A disk as the disk parsers see it: a block size, a block count and a read
 * operation. The firmware backs it with a BlockIo (a whole disk or one
 * partition); host tests and fuzzers back it with an in-memory image
 * (parsers/disk/memdisk.h). Parsers never see more than this.
 */
#ifndef EFILITE_PARSERS_DISK_DISK_H
#define EFILITE_PARSERS_DISK_DISK_H
#include <stdint.h>

/* Logical block sizes the disk parsers accept: a power of two in this range. */
#define DISK_MIN_BLOCK_SIZE 512u
#define DISK_MAX_BLOCK_SIZE 4096u

struct disk_ops {
	void *ctx;
	uint32_t block_size; /* bytes per logical block */
	uint64_t num_blocks; /* the disk (or partition) is blocks [0, num_blocks) */
	/*
	 * Reads count blocks from lba into buf (count * block_size bytes).
	 * The parsers only ask for blocks inside [0, num_blocks). Returns 0 on
	 * success; any other value is an I/O error, which the parsers report as
	 * their own *_ERR_READ status (the caller keeps the driver's reason).
	 */
	int (*read)(void *ctx, uint64_t lba, uint64_t count, void *buf);
};

/* True if block_size is one the disk parsers accept. */
static inline int disk_block_size_ok(uint32_t block_size)
{
	return block_size >= DISK_MIN_BLOCK_SIZE && block_size <= DISK_MAX_BLOCK_SIZE &&
	       (block_size & (block_size - 1)) == 0;
}
#endif
