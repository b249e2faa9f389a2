/*
 * GUID Partition Table (UEFI 2.10 chapter 5.3) behind a protective MBR.
 *
 * gpt_read() is the disk-level entry: it checks the protective MBR, the
 * primary header and entry array, and falls back to the backup pair (at the
 * disk's last block) when the primary is damaged, reporting which one it
 * used and why the other was refused. The pure checks underneath take one
 * buffer each and are what the fuzzers and unit tests drive directly.
 * Rules: the table in gpt_check.c.
 */
#ifndef EFILITE_PARSERS_GPT_GPT_H
#define EFILITE_PARSERS_GPT_GPT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parsers/disk/disk.h"

/* One value per broken rule (table in gpt_check.c). */
enum gpt_status {
	GPT_OK = 0,
	GPT_ERR_ARGUMENT,
	GPT_ERR_BLOCK_SIZE,
	GPT_ERR_DISK_TOO_SMALL,
	GPT_ERR_READ,
	GPT_ERR_PMBR_SIGNATURE,
	GPT_ERR_PMBR_NOT_PROTECTIVE,
	GPT_ERR_SIGNATURE,
	GPT_ERR_HEADER_SIZE,
	GPT_ERR_HEADER_CRC,
	GPT_ERR_MY_LBA,
	GPT_ERR_ALTERNATE_LBA,
	GPT_ERR_USABLE_RANGE,
	GPT_ERR_ENTRY_SIZE,
	GPT_ERR_ENTRY_ARRAY_SIZE,
	GPT_ERR_ENTRY_ARRAY_LOCATION,
	GPT_ERR_ENTRY_ARRAY_CRC,
	GPT_ERR_PART_RANGE,
	GPT_ERR_PART_OUTSIDE_USABLE,
	GPT_ERR_PART_OVERLAP,
	GPT_ERR_BOTH_HEADERS_BAD,
	GPT_ERR_INDEX,
	GPT_ERR_COUNT /* not a status: one past the last */
};

#define GPT_HEADER_MIN_SIZE 92u
#define GPT_ENTRY_MIN_SIZE 128u
/* Largest entry array accepted (count x size): 2048 entries of 128 bytes. */
#define GPT_MAX_ENTRY_ARRAY_BYTES (256u * 1024u)
/* Scratch gpt_read() needs: one block plus the largest entry array. */
#define GPT_SCRATCH_BYTES (DISK_MAX_BLOCK_SIZE + GPT_MAX_ENTRY_ARRAY_BYTES)

/* A checked header. */
struct gpt_header {
	uint64_t my_lba;
	uint64_t alternate_lba;
	uint64_t first_usable_lba;
	uint64_t last_usable_lba;
	uint64_t entries_lba;
	uint32_t num_entries;
	uint32_t entry_size;
	uint32_t entries_crc;
	uint32_t entries_bytes; /* num_entries * entry_size (<= GPT_MAX_ENTRY_ARRAY_BYTES) */
	uint8_t disk_guid[16];
};

enum gpt_which { GPT_PRIMARY = 0, GPT_BACKUP = 1 };

/* What gpt_read() found. */
struct gpt_disk {
	struct gpt_header hdr;   /* the header in use */
	enum gpt_which used;     /* which one */
	int primary_status;      /* GPT_OK or why the primary header/array was refused */
	int backup_status;       /* likewise for the backup; GPT_OK if not needed and not read */
	const uint8_t *entries;  /* the checked entry array, inside the caller's scratch */
};

/* One partition entry (only used entries: type GUID not all zero). */
struct gpt_partition {
	uint8_t type_guid[16];   /* on-disk (mixed-endian) byte order, as EFI_GUID is laid out */
	uint8_t unique_guid[16];
	uint64_t start_lba;
	uint64_t end_lba;        /* inclusive */
	uint64_t attributes;
	uint16_t name[37];       /* UTF-16, NUL-terminated */
};

/* EFI System Partition type C12A7328-F81F-11D2-BA4B-00A0C93EC93B, on-disk order. */
extern const uint8_t gpt_type_esp[16];

/*
 * Disk level. scratch (>= GPT_SCRATCH_BYTES) receives the entry array that
 * out->entries points to; it must outlive the use of out.
 * GPT_ERR_BOTH_HEADERS_BAD: out->primary_status and out->backup_status say why.
 * Any other error concerns the protective MBR, the arguments or I/O.
 */
int gpt_read(const struct disk_ops *disk, void *scratch, size_t scratch_len,
	     struct gpt_disk *out);

/* LBA 0 (len >= 512): boot signature and a type 0xEE partition. */
int gpt_check_pmbr(const void *buf, size_t len);
/*
 * One header block (len >= block_size) read from my_lba of a disk with
 * num_blocks blocks of block_size bytes.
 */
int gpt_check_header(const void *buf, size_t len, uint32_t block_size, uint64_t my_lba,
		     uint64_t num_blocks, struct gpt_header *out);
/* The entry array of a checked header (len >= hdr->entries_bytes): its CRC. */
int gpt_check_entries(const void *buf, size_t len, const struct gpt_header *hdr);
/*
 * Entry index of a checked array; *used is false for an unused (all-zero
 * type) entry. A used entry that breaks an entry rule (range, usable LBAs,
 * overlap) is filled in all the same and its status returned: it is refused
 * alone, the caller lists the others.
 */
int gpt_partition(const void *entries, size_t len, const struct gpt_header *hdr,
		  uint32_t index, struct gpt_partition *out, bool *used);

/* Bytes of gpt_type_text()'s output: a GUID's 36 characters and its NUL. */
#define GPT_TYPE_TEXT_SIZE 37u
/*
 * A partition type GUID (on-disk order) as a user reads it, into out: the
 * short name of a common type ("Linux filesystem", "Linux swap"), else the
 * GUID's text ("C12A7328-F81F-11D2-BA4B-00A0C93EC93B", upper case).
 */
void gpt_type_text(const uint8_t type_guid[16], char out[GPT_TYPE_TEXT_SIZE]);

const char *gpt_strerror(int status);
#endif
