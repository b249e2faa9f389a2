/*
 * The QEMU fw_cfg file directory (item FW_CFG_FILE_DIR, 0x19): a big-endian
 * u32 entry count followed by that many 64-byte entries
 *   { be32 size; be16 select; u16 reserved; char name[56]; }.
 * fwcfg_dir_check() validates every rule (table in fwcfg_dir.c); the
 * accessors assume a checked directory and re-check only what they index.
 */
#ifndef EFILITE_PARSERS_FWCFG_FWCFG_DIR_H
#define EFILITE_PARSERS_FWCFG_FWCFG_DIR_H
#include <stddef.h>
#include <stdint.h>

#define FWCFG_DIR_HEADER_SIZE 4u
#define FWCFG_DIR_ENTRY_SIZE 64u
#define FWCFG_FILE_NAME_SIZE 56u
/* File items occupy the selectors above the fixed ones, below the write/arch bits. */
#define FWCFG_FILE_FIRST 0x20u
#define FWCFG_FILE_LAST 0x3fffu
#define FWCFG_DIR_MAX_FILES (FWCFG_FILE_LAST - FWCFG_FILE_FIRST + 1u)

enum fwcfg_dir_status {
	FWCFG_DIR_OK = 0,
	FWCFG_DIR_ERR_TOO_SHORT,      /* no room for the count */
	FWCFG_DIR_ERR_TOO_MANY,       /* count exceeds the file selector range */
	FWCFG_DIR_ERR_COUNT_OVERFLOW, /* count entries do not fit in the blob */
	FWCFG_DIR_ERR_TRAILING,       /* bytes after the last entry */
	FWCFG_DIR_ERR_NAME_UNTERMINATED,
	FWCFG_DIR_ERR_NAME_EMPTY,
	FWCFG_DIR_ERR_SELECT_RANGE,   /* select outside FWCFG_FILE_FIRST..LAST */
	FWCFG_DIR_ERR_DUPLICATE_NAME,
	FWCFG_DIR_ERR_DUPLICATE_SELECT,
	FWCFG_DIR_ERR_INDEX,          /* accessor: index >= count */
	FWCFG_DIR_ERR_NOT_FOUND,      /* accessor: no such name */
	FWCFG_DIR_ERR_COUNT_,         /* number of codes, not a status */
};

struct fwcfg_file {
	uint32_t size;
	uint16_t select;
	const char *name; /* NUL-terminated, points into the directory blob */
};

/* Validates buf[0..len) as a whole directory; *count receives the entry count. */
int fwcfg_dir_check(const void *buf, size_t len, uint32_t *count);
/* Entry idx of a checked directory. */
int fwcfg_dir_entry(const void *buf, size_t len, uint32_t idx, struct fwcfg_file *file);
/* The entry named `name` (NUL-terminated) of a checked directory. */
int fwcfg_dir_find(const void *buf, size_t len, const char *name, struct fwcfg_file *file);
const char *fwcfg_dir_strerror(int status);
#endif
