/*
 * Legacy MBR partition tables: the four primary entries of LBA 0 and the
 * chain of extended boot records (EBRs) behind an extended partition.
 * A disk whose LBA 0 holds a type 0xEE entry is a GPT disk: use parsers/gpt.
 * The EBR walk is bounded (MBR_MAX_LOGICAL) and only moves forward, so a
 * table that points to itself or loops is refused, never followed.
 * Rules: the table in mbr_check.c.
 */
#ifndef EFILITE_PARSERS_MBR_MBR_H
#define EFILITE_PARSERS_MBR_MBR_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parsers/disk/disk.h"

enum mbr_status {
	MBR_OK = 0,
	MBR_ERR_ARGUMENT,
	MBR_ERR_BLOCK_SIZE,
	MBR_ERR_READ,
	MBR_ERR_SIGNATURE,
	MBR_ERR_BOOT_FLAG,
	MBR_ERR_PART_BEYOND_DISK,
	MBR_ERR_PART_OVERLAP,
	MBR_ERR_TWO_EXTENDED,
	MBR_ERR_EBR_SIGNATURE,
	MBR_ERR_EBR_ENTRIES,
	MBR_ERR_EBR_LINK_BACKWARD,
	MBR_ERR_EBR_OUTSIDE_EXTENDED,
	MBR_ERR_LOGICAL_OUTSIDE_EBR,
	MBR_ERR_TOO_MANY_LOGICAL,
	MBR_ERR_COUNT /* not a status: one past the last */
};

#define MBR_TYPE_EMPTY 0x00u
#define MBR_TYPE_EXTENDED_CHS 0x05u
#define MBR_TYPE_EXTENDED_LBA 0x0fu
#define MBR_TYPE_EXTENDED_LINUX 0x85u
#define MBR_TYPE_GPT_PROTECTIVE 0xeeu
#define MBR_TYPE_EFI_SYSTEM 0xefu

#define MBR_MAX_LOGICAL 60u
#define MBR_MAX_PARTITIONS (4u + MBR_MAX_LOGICAL)

struct mbr_partition {
	uint8_t type;
	bool bootable;
	bool logical;       /* inside the extended partition */
	uint8_t number;     /* 1..4 primary, 5.. logical (the Linux numbering) */
	uint64_t start_lba; /* absolute */
	uint64_t num_blocks;
};

struct mbr_table {
	uint32_t disk_signature;
	bool protective;          /* a type 0xEE entry: a GPT disk */
	unsigned count;           /* entries used in part[] */
	struct mbr_partition part[MBR_MAX_PARTITIONS];
};

/*
 * LBA 0 (len >= 512) of a disk of num_blocks blocks: the primary entries
 * (empty ones skipped, extended ones kept for the walk).
 */
int mbr_check(const void *buf, size_t len, uint64_t num_blocks, struct mbr_table *out);
/*
 * One EBR (len >= 512) at ebr_lba inside the extended partition
 * [ext_start, ext_start + ext_blocks): its logical partition (if any) and the
 * absolute LBA of the next EBR (0: none).
 */
int mbr_check_ebr(const void *buf, size_t len, uint64_t ebr_lba, uint64_t ext_start,
		  uint64_t ext_blocks, struct mbr_partition *logical, bool *has_logical,
		  uint64_t *next_ebr);
/*
 * Disk level: LBA 0, then the EBR chain of the extended partition.
 * block (>= disk->block_size bytes) is scratch for one block.
 */
int mbr_read(const struct disk_ops *disk, void *block, size_t block_len, struct mbr_table *out);

const char *mbr_strerror(int status);
#endif
