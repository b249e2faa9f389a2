/*
 * In-memory disk behind struct disk_ops, for host tests, tools and fuzzers
 * (never linked into the firmware).
 *
 * Two ways to describe the bytes:
 * - memdisk_init_flat(): a plain image; blocks past its end read as zeros.
 * - memdisk_init_sparse(): the "sparse disk" format the disk fuzzers and the
 *   committed corpora use, so a 64 MiB disk with a backup GPT at its end or a
 *   FAT32 volume is a few KiB:
 *     u8  block size: 0 -> 512, 1 -> 4096 (only bit 0 counts)
 *     u8  reserved[3]
 *     u32 number of blocks (little-endian; 0 is read as 1)
 *     then extents until the input ends:
 *       u32 first block, u32 byte count n, n bytes (the last extent may be cut short)
 *   Bytes not covered by an extent read as zeros; a later extent wins.
 * Each read is counted, so tests can assert how many requests a walk needs.
 */
#ifndef EFILITE_PARSERS_DISK_MEMDISK_H
#define EFILITE_PARSERS_DISK_MEMDISK_H
#include <stddef.h>
#include <stdint.h>

#include "parsers/disk/disk.h"

#define MEMDISK_HEADER_SIZE 8u
#define MEMDISK_EXTENT_HEADER_SIZE 8u

struct memdisk {
	const uint8_t *data; /* flat image, or the sparse input */
	size_t len;
	int sparse;
	int fail_from_read; /* > 0: the Nth read and all later ones fail (tests I/O errors) */
	uint64_t reads;      /* read requests so far */
	uint64_t blocks_read;
	struct disk_ops ops;
};

void memdisk_init_flat(struct memdisk *d, const void *image, size_t len, uint32_t block_size,
		       uint64_t num_blocks);
/* Returns 0, or -1 if the input is shorter than the header. */
int memdisk_init_sparse(struct memdisk *d, const void *input, size_t len);
#endif
