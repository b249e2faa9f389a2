/*
 * Internal to the table loader: the 128-byte command layout (QEMU's
 * BiosLinkerLoaderEntry, little-endian) and byte-wise field access.
 *
 *   offset  ALLOCATE    ADD_POINTER  ADD_CHECKSUM   WRITE_POINTER
 *   0       u32 command (1..4; other values are skipped)
 *   4       file[56]    dest[56]     file[56]       dest[56] (a fw_cfg file)
 *   60      u32 align   src[56]      u32 result     src[56]
 *   64      u8 zone                  u32 start
 *   68                               u32 length
 *   116                 u32 offset                  u32 dst_offset
 *   120                 u8 size                     u32 src_offset
 *   124                                             u8 size
 */
#ifndef EFILITE_PARSERS_FWCFG_TABLE_LOADER_CMD_H
#define EFILITE_PARSERS_FWCFG_TABLE_LOADER_CMD_H
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "parsers/bytes/bytes.h"
#include "parsers/fwcfg/fwcfg_dir.h"
#include "parsers/fwcfg/table_loader.h"

#define CMD_KIND 0u
#define CMD_FILE 4u /* ALLOCATE / ADD_CHECKSUM file, ADD_POINTER / WRITE_POINTER dest */
#define CMD_SRC 60u
#define ALLOC_ALIGN 60u
#define ALLOC_ZONE 64u
#define POINTER_OFFSET 116u
#define POINTER_SIZE 120u
#define CHECKSUM_RESULT 60u
#define CHECKSUM_START 64u
#define CHECKSUM_LENGTH 68u
#define WRITE_DST_OFFSET 116u
#define WRITE_SRC_OFFSET 120u
#define WRITE_SIZE 124u

static inline uint32_t tl_field32(const uint8_t *cmd, unsigned off)
{
	return (uint32_t)bytes_load_le(cmd + off, 4);
}

static inline const char *tl_name(const uint8_t *cmd, unsigned off)
{
	return (const char *)cmd + off;
}

static inline bool tl_name_terminated(const uint8_t *cmd, unsigned off)
{
	return memchr(cmd + off, '\0', FWCFG_FILE_NAME_SIZE) != NULL;
}

/* Index of the blob allocated under `name` (NUL-terminated), or -1. */
static inline int tl_find_blob(const struct tl_plan *plan, const char *name)
{
	for (size_t i = 0; i < plan->num_blobs; i++)
		if (strcmp(plan->blobs[i].name, name) == 0)
			return (int)i;
	return -1;
}
#endif
