/*
 * QEMU's ACPI "linker/loader" script, fw_cfg file etc/table-loader: 128-byte
 * little-endian commands that tell the firmware which fw_cfg files to copy
 * into memory (ALLOCATE), which pointers inside them to relocate
 * (ADD_POINTER), which checksums to fix up (ADD_CHECKSUM) and which
 * addresses to report back to QEMU (WRITE_POINTER). Unknown commands are
 * skipped, as QEMU's firmwares do.
 *
 * tl_check() validates the whole script against the fw_cfg file directory
 * without touching memory; tl_execute() checks again and then runs it
 * through caller-provided operations. Neither allocates.
 */
#ifndef EFILITE_PARSERS_FWCFG_TABLE_LOADER_H
#define EFILITE_PARSERS_FWCFG_TABLE_LOADER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TL_COMMAND_SIZE 128u
#define TL_CMD_ALLOCATE 1u
#define TL_CMD_ADD_POINTER 2u
#define TL_CMD_ADD_CHECKSUM 3u
#define TL_CMD_WRITE_POINTER 4u
#define TL_ZONE_HIGH 1u /* anywhere */
#define TL_ZONE_FSEG 2u /* legacy x86 F-segment; any memory will do on arm64 */
#define TL_MAX_ALIGN 4096u
/* QEMU allocates at most a handful of blobs (tables, RSDP, TPM log, ...). */
#define TL_MAX_BLOBS 16u

enum tl_status {
	TL_OK = 0,
	/* script shape */
	TL_ERR_SCRIPT_LENGTH,          /* not a multiple of 128 bytes */
	TL_ERR_DIRECTORY,              /* the fw_cfg directory fails fwcfg_dir_check */
	TL_ERR_NAME_UNTERMINATED,      /* a file name field has no NUL in 56 bytes */
	TL_ERR_FILE_NOT_FOUND,         /* a named file is not in the directory */
	/* ALLOCATE */
	TL_ERR_ALIGN_NOT_POWER_OF_TWO,
	TL_ERR_ALIGN_TOO_LARGE,        /* > TL_MAX_ALIGN */
	TL_ERR_ZONE,                   /* neither HIGH nor FSEG */
	TL_ERR_DUPLICATE_ALLOCATE,
	TL_ERR_EMPTY_FILE,             /* allocating a zero-size file */
	TL_ERR_TOO_MANY_BLOBS,         /* > TL_MAX_BLOBS allocations */
	/* ADD_POINTER */
	TL_ERR_POINTER_DEST_UNALLOCATED,
	TL_ERR_POINTER_SRC_UNALLOCATED,
	TL_ERR_POINTER_SIZE,           /* not 1, 2, 4 or 8 */
	TL_ERR_POINTER_OFFSET,         /* offset + size beyond the dest blob */
	/* ADD_CHECKSUM */
	TL_ERR_CHECKSUM_UNALLOCATED,
	TL_ERR_CHECKSUM_RESULT_OFFSET, /* result byte outside the blob */
	TL_ERR_CHECKSUM_RANGE,         /* start + length beyond the blob */
	/* WRITE_POINTER */
	TL_ERR_WRITE_SRC_UNALLOCATED,
	TL_ERR_WRITE_SIZE,             /* not 1, 2, 4 or 8 */
	TL_ERR_WRITE_OFFSET,           /* dst_offset + size beyond the fw_cfg file */
	TL_ERR_WRITE_SRC_OFFSET,       /* src_offset beyond the src blob */
	/* found only while executing, once contents and addresses are known */
	TL_ERR_ALLOCATE_FAILED,        /* ops->allocate returned NULL */
	TL_ERR_ALLOCATE_MISALIGNED,    /* ops->allocate ignored the alignment */
	TL_ERR_ALLOCATE_WRAPS,         /* address + size wraps around */
	TL_ERR_FETCH_FAILED,           /* ops->fetch failed */
	TL_ERR_POINTER_VALUE,          /* stored pointer value >= src blob size */
	TL_ERR_POINTER_TRUNCATED,      /* relocated pointer does not fit in its size */
	TL_ERR_WRITE_FAILED,           /* ops->write_pointer failed */
	TL_ERR_NO_RSDP,                /* no checksummed "RSD PTR " in any blob */
	TL_ERR_COUNT_,                 /* number of codes, not a status */
};

/* One ALLOCATE command, as found by tl_check(). */
struct tl_blob {
	const char *name;   /* points into the script */
	uint32_t size;      /* the fw_cfg file's size */
	uint16_t select;    /* its fw_cfg selector */
	uint32_t align;
	uint8_t zone;
	/* filled by tl_execute() */
	uint8_t *data;
	uint64_t addr;
};

struct tl_plan {
	struct tl_blob blobs[TL_MAX_BLOBS];
	size_t num_blobs;
	size_t num_commands;       /* including skipped unknown ones */
	size_t num_write_pointers;
};

struct tl_ops {
	void *ctx;
	/*
	 * Memory for blob `name`: `size` bytes aligned to `align` (a power of
	 * two <= 4096). Returns the CPU pointer and sets *addr to the address
	 * the OS will see (equal in the firmware), or returns NULL.
	 */
	void *(*allocate)(void *ctx, const char *name, uint32_t size, uint32_t align,
			  uint8_t zone, uint64_t *addr);
	/* Copies the whole fw_cfg file `select` (size bytes) into dst. 0 or -1. */
	int (*fetch)(void *ctx, uint16_t select, void *dst, uint32_t size);
	/* Writes `size` little-endian bytes to fw_cfg file `select` at `offset`. 0 or -1. */
	int (*write_pointer)(void *ctx, uint16_t select, uint32_t offset, const void *value,
			     uint8_t size);
};

struct tl_rsdp {
	size_t blob;     /* index into plan->blobs */
	uint32_t offset; /* within that blob */
	uint64_t addr;   /* blob addr + offset */
};

/* Validates script[0..len) against the fw_cfg directory; fills *plan. */
int tl_check(const void *script, size_t len, const void *dir, size_t dir_len,
	     struct tl_plan *plan);
/*
 * tl_check(), then runs every command in order. On failure, every
 * WRITE_POINTER up to and including the failing command is undone by writing
 * 0, so QEMU forgets memory the caller will free. Blobs are never freed here:
 * the caller owns every plan->blobs[i].data that is not NULL.
 */
int tl_execute(const void *script, size_t len, const void *dir, size_t dir_len,
	       const struct tl_ops *ops, struct tl_plan *plan, struct tl_rsdp *rsdp);
const char *tl_strerror(int status);
#endif
