/*
 * The persistent variable store: a log of records in NOR flash, in two
 * areas that take turns (a compaction writes the live variables into the
 * other area, then its header). The format and its rules are in
 * varstore_check.c; this header is the API.
 *
 * Pure C with the parser API shape: varstore_check() and varstore_next()
 * validate and walk a store image (buf, len) that the host or a crashed guest
 * may have written. The writer (varstore_log.c) programs flash through a
 * link-time backend (varstore_flash_program/erase): the firmware links the
 * CFI driver, tests and fuzzers a RAM flash that can lose power.
 */
#ifndef EFILITE_PARSERS_VARSTORE_VARSTORE_H
#define EFILITE_PARSERS_VARSTORE_VARSTORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The writer runs inside UEFI runtime services: in the firmware (a
 * freestanding build) its code goes to the runtime range, the one part of the
 * firmware the OS keeps mapped (firmware/platform/layout.h).
 */
#if defined(__STDC_HOSTED__) && __STDC_HOSTED__ == 0
#define VARSTORE_RUNTIME __attribute__((section(".rt.text")))
#else
#define VARSTORE_RUNTIME
#endif

#define VARSTORE_AREA_HEADER_SIZE 64u
#define VARSTORE_RECORD_HEADER_SIZE 56u
#define VARSTORE_MAX_NAME_BYTES 1024u
#define VARSTORE_VERSION 1u
/* Attribute bits a record may carry (UEFI NV | BS | RT). */
#define VARSTORE_ATTR_NV 0x1u
#define VARSTORE_ATTR_BS 0x2u
#define VARSTORE_ATTR_RT 0x4u

enum varstore_status {
	VARSTORE_OK = 0,
	VARSTORE_END,			/* varstore_next(): no more records */
	VARSTORE_ERR_ARGUMENT,		/* NULL pointer, or len not two areas of 8-byte units */
	VARSTORE_ERR_BLANK,		/* neither area has a header; both read all 0xFF */
	VARSTORE_ERR_ZERO,		/* neither area has a header; both read all zero */
	VARSTORE_ERR_NO_AREA,		/* neither area has a valid header */
	VARSTORE_ERR_AREA_MAGIC,	/* area header magic missing */
	VARSTORE_ERR_AREA_CHECKSUM,	/* area header checksum wrong */
	VARSTORE_ERR_AREA_VERSION,	/* unknown format version or header size */
	VARSTORE_ERR_AREA_SIZE,		/* area size is not half of the store */
	VARSTORE_ERR_AREA_RESERVED,	/* reserved area header bytes not erased */
	VARSTORE_ERR_RECORD_TRUNCATED,	/* record header runs past the area */
	VARSTORE_ERR_RECORD_MAGIC,	/* neither erased space nor a record magic */
	VARSTORE_ERR_RECORD_CHECKSUM,	/* record header checksum wrong (torn header) */
	VARSTORE_ERR_RECORD_RESERVED,	/* reserved record word not erased */
	VARSTORE_ERR_RECORD_NAME_SIZE,	/* name size odd, under 4 or over the maximum */
	VARSTORE_ERR_RECORD_NAME,	/* name not NUL-terminated, or NUL inside */
	VARSTORE_ERR_RECORD_ATTRIBUTES,	/* attribute bits outside NV|BS|RT, or not NV|BS */
	VARSTORE_ERR_RECORD_SIZE,	/* record body runs past the area */
	VARSTORE_ERR_RECORD_TOMBSTONE,	/* deletion record carries data */
	VARSTORE_ERR_RECORD_SEQUENCE,	/* sequence number not above the previous record's */
	VARSTORE_ERR_RECORD_COMMIT,	/* commit word neither erased nor committed (torn) */
	VARSTORE_ERR_RECORD_UNCOMMITTED, /* commit word still erased: the write never finished */
	VARSTORE_ERR_RECORD_BODY,	/* committed record whose body checksum is wrong */
	VARSTORE_ERR_COUNT		/* not a status: one past the last */
};

/* What varstore_check() found. Offsets are within the active area. */
struct varstore_info {
	unsigned active;	/* 0 or 1: the valid area with the higher generation */
	uint64_t area_size;	/* len / 2 */
	uint64_t generation;
	uint64_t end;		/* where the valid log ends: the next record goes here */
	uint64_t next_seq;	/* sequence number for the next record */
	uint32_t records;	/* committed records */
	uint32_t skipped;	/* records left out: uncommitted, torn commit, bad body */
	int tail;		/* VARSTORE_OK: the log ends at erased space; else the rule that ended it */
	uint64_t unread;	/* tail not OK: bytes past that header not erased (records lost) */
	int other;		/* VARSTORE_OK or why the other area holds no valid header */
	int skip_reason;	/* the rule of the last skipped record (VARSTORE_OK if none) */
};

/* One committed record, as varstore_next() hands it out (pointers into buf). */
struct varstore_record {
	uint64_t offset;	/* within the active area */
	uint64_t size;		/* header, name, data and padding */
	uint64_t seq;
	uint8_t guid[16];
	uint32_t attributes;	/* 0: deletion (tombstone) */
	uint32_t name_size;	/* bytes, including the NUL */
	uint32_t data_size;
	const uint8_t *name;	/* UTF-16LE, unaligned */
	const uint8_t *data;
};

/*
 * Validates a store image of two equal areas, [buf, buf + len). On
 * VARSTORE_OK *info describes the active area. A broken record does not fail
 * the check: the valid log before it is what the store holds, and info->tail
 * (or info->skip_reason) names the rule.
 */
int varstore_check(const void *buf, size_t len, struct varstore_info *info);
/*
 * Whether a window holds a store at all, from its two area headers alone
 * (VARSTORE_AREA_HEADER_SIZE bytes each; area_size: half the window):
 * VARSTORE_OK if either is valid, with *active the area varstore_check()
 * walks, else what varstore_check() would say (VARSTORE_ERR_BLANK, _ZERO or
 * _NO_AREA). varstore_check() reads both headers and the active area only:
 * the firmware copies no more of the flash than that.
 */
int varstore_check_headers(const void *header0, const void *header1, uint64_t area_size,
			   unsigned *active);
/*
 * varstore_check() that also writes the offset of each committed record, in
 * log order, to offsets[0..max_offsets) (info->records may be larger than
 * max_offsets: area_size / 64 slots always suffice).
 */
int varstore_check_index(const void *buf, size_t len, struct varstore_info *info,
			 uint32_t *offsets, size_t max_offsets);
/*
 * The record at offset (one varstore_check_index() gave) with its header
 * rules checked again; its body is varstore_check()'s to vouch for.
 */
int varstore_record_at(const void *buf, size_t len, const struct varstore_info *info,
		       uint64_t offset, struct varstore_record *rec);
/*
 * The committed records of the active area in log order. *cursor starts at 0.
 * VARSTORE_OK fills *rec; VARSTORE_END after the last.
 */
int varstore_next(const void *buf, size_t len, const struct varstore_info *info,
		  uint64_t *cursor, struct varstore_record *rec);
/* A short description of a varstore_status value (never NULL). */
const char *varstore_strerror(int status);

/* Bytes a record takes: header, name, data, padded to 8. */
uint64_t varstore_record_size(uint64_t name_size, uint64_t data_size);
/*
 * The record and area checksum: 32-bit little-endian words of the byte
 * stream (a last partial word zero-padded), each mixed in as
 * v = (v ^ w) * 0x9e3779b1, v ^= v >> 15, from 0x811c9dc5. Word steps keep
 * it cheap at boot; the stream may come in pieces (name, then data).
 */
struct varstore_sum {
	uint32_t value, word;
	unsigned fill; /* bytes in word */
};
void varstore_sum_start(struct varstore_sum *s);
void varstore_sum_add(struct varstore_sum *s, const uint8_t *p, size_t n);
uint32_t varstore_sum_end(const struct varstore_sum *s);
/* The checksum of one piece. */
uint32_t varstore_sum_of(const uint8_t *p, size_t n);

/*
 * Little-endian stores and loads for runtime code (parsers/bytes' inline
 * helpers may be emitted out of line, outside the runtime range).
 */
void varstore_put_le(uint8_t *p, uint64_t value, unsigned size);
uint32_t varstore_get_le32(const uint8_t *p);

/* A record header's fields. */
struct varstore_header {
	uint64_t seq;
	uint8_t guid[16];
	uint32_t attributes, name_size, data_size;
	uint32_t body_sum;	/* over name then data */
	bool committed;
};
/* Writes the 56 header bytes (checksum computed; commit word as h->committed says). */
void varstore_header_encode(uint8_t *out, const struct varstore_header *h);

/* ---- The writer (varstore_log.c) ---- */

/*
 * Link-time flash backend. Offsets are from the start of the store window.
 * program: len bytes from src at offset (both multiples of 4; bits only go
 * from 1 to 0), in as few device commands as it can; erase: whole erase
 * blocks. 0 on success, -1 on a device error or timeout.
 */
int varstore_flash_program(uint64_t offset, const uint8_t *src, uint64_t len);
int varstore_flash_erase(uint64_t offset, uint64_t size);
/*
 * Whether the device refuses writes (a read-only drive, a locked chip), as
 * far as it can tell without writing anything: 1 yes, 0 no or unknown. The
 * firmware's store asks before formatting a window that has no store.
 */
int varstore_flash_read_only(void);

enum varstore_log_status {
	VARSTORE_LOG_OK = 0,
	VARSTORE_LOG_FULL,	/* no room at the end of the log (or it is damaged): compact */
	VARSTORE_LOG_TOO_BIG,	/* compaction target cannot hold it */
	VARSTORE_LOG_FLASH,	/* program/erase failed, or read back differs */
};

struct varstore_log {
	const volatile uint8_t *map;	/* read view of the store window */
	uint64_t area_size, block_size;
	unsigned active;
	uint64_t generation, end, next_seq;
	bool clean;			/* false: the tail is damaged, compact before appending */
	uint64_t target_end;		/* compaction in progress: write position in the other area */
};

/* A variable value to write: name and data (data in up to two pieces, for appends). */
struct varstore_value {
	const uint8_t *guid;		/* 16 bytes */
	const uint8_t *name;		/* UTF-16LE including the NUL */
	uint32_t name_size;
	uint32_t attributes;		/* 0: deletion record */
	const uint8_t *data[2];
	uint64_t data_size[2];
};

/* The writer for a store that varstore_check() accepted (map: its window). */
void varstore_log_open(struct varstore_log *log, const volatile uint8_t *map,
		       uint64_t block_size, const struct varstore_info *info);
/*
 * Erases both areas and makes area 0 an empty store of generation 1 (runtime
 * code: the first non-volatile SetVariable formats a window without a store).
 */
int varstore_log_format(struct varstore_log *log, const volatile uint8_t *map,
			uint64_t window_size, uint64_t block_size);
/* Appends one record (program, read back, then commit). */
int varstore_log_append(struct varstore_log *log, const struct varstore_value *v);
/* Compaction: erase the other area, put every live value, then switch areas. */
int varstore_log_compact_begin(struct varstore_log *log);
int varstore_log_compact_put(struct varstore_log *log, const struct varstore_value *v);
int varstore_log_compact_end(struct varstore_log *log);
/* Bytes the records of a compacted area can use. */
uint64_t varstore_log_capacity(const struct varstore_log *log);
#endif
