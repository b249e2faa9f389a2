/*
 * Validator and walker of the persistent variable store.
 *
 * Layout: the store window is two equal areas. Each area starts with a
 * 64-byte header, then a log of records packed at 8-byte boundaries, then
 * erased flash (0xFF). All integers are little-endian. Sums: varstore.h.
 *
 *   area header  0 magic "LVAVARS1" (programmed last)   8 version = 1
 *               12 header size = 64   16 area size   24 generation (u64)
 *               32 sum of bytes [8, 32)   36..63 erased
 *   record       0 magic "VREC"   4 commit word (erased, then "CMIT" last)
 *                8 sequence number (u64)   16 vendor GUID
 *               32 attributes (0 = deletion)   36 name size   40 data size
 *               44 sum of name then data   48 sum of bytes [8, 48)
 *               52 erased   56 name (UTF-16LE, NUL-terminated), data, 0xFF pad
 *
 * Why this survives a power cut anywhere: a record is programmed header first
 * (commit word left erased), then its body, and is committed by one word
 * written last. A compaction writes the live records into the erased other
 * area and only then its header, magic last; the valid area with the higher
 * generation is the store. So every cut leaves either the old state or the
 * new one, never a torn value: a record whose commit word is not exactly
 * "CMIT" is left out, and so is an area whose header is incomplete.
 *
 * Rule                                                          -> status
 * len is not two areas of 8-byte units holding a header+record  -> ERR_ARGUMENT
 * area: bytes 0..7 not "LVAVARS1"                               -> ERR_AREA_MAGIC
 * area: sum of [8, 32) wrong                                    -> ERR_AREA_CHECKSUM
 * area: version not 1 or header size not 64                     -> ERR_AREA_VERSION
 * area: area size not len / 2                                   -> ERR_AREA_SIZE
 * area: bytes 36..63 not erased                                 -> ERR_AREA_RESERVED
 * no valid area; both headers all 0xFF / all 0 / anything else  -> ERR_BLANK / ERR_ZERO / ERR_NO_AREA
 *   (no variables: the firmware leaves such a window as it is until the
 *   first non-volatile SetVariable formats it, firmware/efi/varstore.c)
 * two valid areas: the higher generation wins (a tie: area 0)
 * The log ends cleanly where a record header (or the area's last
 * bytes, if fewer) is all 0xFF. These end it early (info->tail):
 *   header runs past the area, not erased                       -> ERR_RECORD_TRUNCATED
 *   magic not "VREC"                                            -> ERR_RECORD_MAGIC
 *   header sum wrong (a torn header)                            -> ERR_RECORD_CHECKSUM
 *   bytes 52..55 not erased                                     -> ERR_RECORD_RESERVED
 *   name size odd, < 4 or > 1024                                -> ERR_RECORD_NAME_SIZE
 *   attributes not 0 and not NV|BS[|RT]                         -> ERR_RECORD_ATTRIBUTES
 *   record runs past the area (sizes checked without overflow)  -> ERR_RECORD_SIZE
 *   deletion record with data                                   -> ERR_RECORD_TOMBSTONE
 *   sequence number not above the previous record's             -> ERR_RECORD_SEQUENCE
 *   (info->unread: the bytes past that header that are not erased, records
 *   no walk reaches; a write cut short leaves none)
 * These leave one record out and the walk goes on (info->skipped):
 *   commit word erased (cut before the commit)                  -> ERR_RECORD_UNCOMMITTED
 *   commit word neither erased nor "CMIT" (cut during it)       -> ERR_RECORD_COMMIT
 *   body sum wrong                                              -> ERR_RECORD_BODY
 *   name without its final NUL or with a NUL inside             -> ERR_RECORD_NAME
 * Every walk is bounded by the area size: each record takes >= 64 bytes.
 */
#include "parsers/bytes/bytes.h"
#include "parsers/varstore/varstore.h"
#include "parsers/varstore/varstore_format.h"

static bool all_bytes(const uint8_t *p, size_t n, uint8_t value)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != value)
			return false;
	return true;
}

static int check_area(const uint8_t *a, uint64_t area_size, uint64_t *generation)
{
	if (bytes_le32(a + AREA_OFF_MAGIC) != AREA_MAGIC_LO ||
	    bytes_le32(a + AREA_OFF_MAGIC + 4) != AREA_MAGIC_HI)
		return VARSTORE_ERR_AREA_MAGIC;
	if (bytes_le32(a + AREA_OFF_SUM) !=
	    varstore_sum_of(a + AREA_SUMMED_FROM, AREA_SUMMED_TO - AREA_SUMMED_FROM))
		return VARSTORE_ERR_AREA_CHECKSUM;
	if (bytes_le32(a + AREA_OFF_VERSION) != VARSTORE_VERSION ||
	    bytes_le32(a + AREA_OFF_HEADER_SIZE) != VARSTORE_AREA_HEADER_SIZE)
		return VARSTORE_ERR_AREA_VERSION;
	if (bytes_le64(a + AREA_OFF_AREA_SIZE) != area_size)
		return VARSTORE_ERR_AREA_SIZE;
	if (!all_bytes(a + AREA_OFF_RESERVED, VARSTORE_AREA_HEADER_SIZE - AREA_OFF_RESERVED, 0xff))
		return VARSTORE_ERR_AREA_RESERVED;
	*generation = bytes_le64(a + AREA_OFF_GENERATION);
	return VARSTORE_OK;
}

static bool name_ok(const uint8_t *name, uint32_t name_size)
{
	for (uint32_t i = 0; i + 2 < name_size; i += 2)
		if (bytes_le16(name + i) == 0)
			return false;
	return bytes_le16(name + name_size - 2) == 0;
}

/* Header rules: VARSTORE_OK with rec filled, VARSTORE_END at erased space, or the rule. */
static int header_at(const uint8_t *area, uint64_t area_size, uint64_t off,
		     struct varstore_record *rec)
{
	const uint8_t *h = area + off;
	uint64_t left = area_size - off;

	if (left < VARSTORE_RECORD_HEADER_SIZE)
		return all_bytes(h, left, 0xff) ? VARSTORE_END : VARSTORE_ERR_RECORD_TRUNCATED;
	/* the magic first: an erased header (the log's end) cannot have it */
	if (bytes_le32(h + REC_OFF_MAGIC) != REC_MAGIC)
		return all_bytes(h, VARSTORE_RECORD_HEADER_SIZE, 0xff) ? VARSTORE_END
								      : VARSTORE_ERR_RECORD_MAGIC;
	if (bytes_le32(h + REC_OFF_HEADER_SUM) !=
	    varstore_sum_of(h + REC_SUMMED_FROM, REC_SUMMED_TO - REC_SUMMED_FROM))
		return VARSTORE_ERR_RECORD_CHECKSUM;
	if (bytes_le32(h + REC_OFF_RESERVED) != REC_ERASED)
		return VARSTORE_ERR_RECORD_RESERVED;
	rec->offset = off;
	rec->seq = bytes_le64(h + REC_OFF_SEQ);
	for (unsigned i = 0; i < 16; i++)
		rec->guid[i] = h[REC_OFF_GUID + i];
	rec->attributes = bytes_le32(h + REC_OFF_ATTRIBUTES);
	rec->name_size = bytes_le32(h + REC_OFF_NAME_SIZE);
	rec->data_size = bytes_le32(h + REC_OFF_DATA_SIZE);
	if (rec->name_size % 2 || rec->name_size < 4 || rec->name_size > VARSTORE_MAX_NAME_BYTES)
		return VARSTORE_ERR_RECORD_NAME_SIZE;
	if (rec->attributes != 0 &&
	    ((rec->attributes & ~(VARSTORE_ATTR_NV | VARSTORE_ATTR_BS | VARSTORE_ATTR_RT)) ||
	     (rec->attributes & (VARSTORE_ATTR_NV | VARSTORE_ATTR_BS)) !=
		     (VARSTORE_ATTR_NV | VARSTORE_ATTR_BS)))
		return VARSTORE_ERR_RECORD_ATTRIBUTES;
	/* both sizes are < 2^32: no overflow */
	rec->size = varstore_record_size(rec->name_size, rec->data_size);
	if (rec->size > left)
		return VARSTORE_ERR_RECORD_SIZE;
	if (rec->attributes == 0 && rec->data_size != 0)
		return VARSTORE_ERR_RECORD_TOMBSTONE;
	rec->name = h + VARSTORE_RECORD_HEADER_SIZE;
	rec->data = rec->name + rec->name_size;
	return VARSTORE_OK;
}

/* Body rules of a record whose header passed: VARSTORE_OK or why it is left out. */
static int body_check(const uint8_t *area, const struct varstore_record *rec)
{
	const uint8_t *h = area + rec->offset;
	uint32_t commit = bytes_le32(h + REC_OFF_COMMIT);
	struct varstore_sum sum;

	if (commit == REC_ERASED)
		return VARSTORE_ERR_RECORD_UNCOMMITTED;
	if (commit != REC_COMMITTED)
		return VARSTORE_ERR_RECORD_COMMIT;
	varstore_sum_start(&sum);
	varstore_sum_add(&sum, rec->name, rec->name_size);
	varstore_sum_add(&sum, rec->data, rec->data_size);
	if (varstore_sum_end(&sum) != bytes_le32(h + REC_OFF_BODY_SUM))
		return VARSTORE_ERR_RECORD_BODY;
	return name_ok(rec->name, rec->name_size) ? VARSTORE_OK : VARSTORE_ERR_RECORD_NAME;
}

/* Neither area header is valid: blank, all zero, or anything else. */
static int no_store(const uint8_t *header0, const uint8_t *header1)
{
	if (all_bytes(header0, VARSTORE_AREA_HEADER_SIZE, 0xff) &&
	    all_bytes(header1, VARSTORE_AREA_HEADER_SIZE, 0xff))
		return VARSTORE_ERR_BLANK;
	if (all_bytes(header0, VARSTORE_AREA_HEADER_SIZE, 0) &&
	    all_bytes(header1, VARSTORE_AREA_HEADER_SIZE, 0))
		return VARSTORE_ERR_ZERO;
	return VARSTORE_ERR_NO_AREA;
}

/*
 * The two area headers: VARSTORE_OK with the active area (the valid one with
 * the higher generation; a tie: area 0), or why there is no store.
 */
static int pick(const uint8_t *header0, const uint8_t *header1, uint64_t area_size,
		int status[2], uint64_t gen[2], unsigned *active)
{
	status[0] = check_area(header0, area_size, &gen[0]);
	status[1] = check_area(header1, area_size, &gen[1]);
	if (status[0] != VARSTORE_OK && status[1] != VARSTORE_OK)
		return no_store(header0, header1);
	*active = status[0] != VARSTORE_OK || (status[1] == VARSTORE_OK && gen[1] > gen[0]);
	return VARSTORE_OK;
}

int varstore_check_headers(const void *header0, const void *header1, uint64_t area_size,
			   unsigned *active)
{
	uint64_t gen[2] = { 0, 0 };
	int status[2];

	if (!header0 || !header1 || !active)
		return VARSTORE_ERR_ARGUMENT;
	return pick(header0, header1, area_size, status, gen, active);
}

static int pick_area(const uint8_t *buf, uint64_t area_size, struct varstore_info *info)
{
	uint64_t gen[2] = { 0, 0 };
	int status[2];
	int found = pick(buf, buf + area_size, area_size, status, gen, &info->active);

	if (found != VARSTORE_OK) {
		info->other = status[1];
		return found;
	}
	info->generation = gen[info->active];
	info->other = status[!info->active];
	return VARSTORE_OK;
}

/*
 * A log ended early at off: the bytes past that record's header up to the
 * last one not erased. A write cut short tears its header at most (the body
 * is programmed after it), so anything further is records the walk cannot
 * reach, which the next compaction drops: the firmware says so.
 */
static uint64_t unread_after(const uint8_t *area, uint64_t area_size, uint64_t off)
{
	uint64_t from = area_size - off < VARSTORE_RECORD_HEADER_SIZE
				? area_size
				: off + VARSTORE_RECORD_HEADER_SIZE;

	for (uint64_t last = area_size; last > from; last--)
		if (area[last - 1] != 0xff)
			return last - from;
	return 0;
}

int varstore_check(const void *buf, size_t len, struct varstore_info *info)
{
	return varstore_check_index(buf, len, info, NULL, 0);
}

int varstore_check_index(const void *buf, size_t len, struct varstore_info *info,
			 uint32_t *offsets, size_t max_offsets)
{
	const uint8_t *area;
	uint64_t off, prev_seq = 0;

	if (!buf || !info || len % 16 ||
	    len / 2 < VARSTORE_AREA_HEADER_SIZE + VARSTORE_RECORD_HEADER_SIZE + 8)
		return VARSTORE_ERR_ARGUMENT;
	*info = (struct varstore_info){ .area_size = len / 2 };
	int status = pick_area(buf, info->area_size, info);
	if (status != VARSTORE_OK)
		return status;
	area = (const uint8_t *)buf + info->active * info->area_size;
	for (off = VARSTORE_AREA_HEADER_SIZE;;) {
		struct varstore_record rec;
		int rule = header_at(area, info->area_size, off, &rec);

		if (rule == VARSTORE_OK && info->records + info->skipped > 0 && rec.seq <= prev_seq)
			rule = VARSTORE_ERR_RECORD_SEQUENCE;
		if (rule != VARSTORE_OK) {
			info->tail = rule == VARSTORE_END ? VARSTORE_OK : rule;
			if (info->tail != VARSTORE_OK)
				info->unread = unread_after(area, info->area_size, off);
			break;
		}
		prev_seq = rec.seq;
		rule = body_check(area, &rec);
		if (rule == VARSTORE_OK) {
			if (offsets && info->records < max_offsets)
				offsets[info->records] = (uint32_t)off;
			info->records++;
		} else {
			info->skipped++;
			info->skip_reason = rule;
		}
		off += rec.size;
	}
	info->end = off;
	info->next_seq = prev_seq + 1;
	return VARSTORE_OK;
}

int varstore_record_at(const void *buf, size_t len, const struct varstore_info *info,
		       uint64_t offset, struct varstore_record *rec)
{
	if (!buf || !info || !rec || len / 2 != info->area_size || info->end > info->area_size ||
	    info->active > 1 || offset < VARSTORE_AREA_HEADER_SIZE || offset >= info->end)
		return VARSTORE_ERR_ARGUMENT;
	return header_at((const uint8_t *)buf + info->active * info->area_size, info->end, offset,
			 rec);
}

int varstore_next(const void *buf, size_t len, const struct varstore_info *info,
		  uint64_t *cursor, struct varstore_record *rec)
{
	const uint8_t *area;

	if (!buf || !info || !cursor || !rec || len / 2 != info->area_size ||
	    info->end > info->area_size || info->active > 1)
		return VARSTORE_ERR_ARGUMENT;
	area = (const uint8_t *)buf + info->active * info->area_size;
	if (*cursor < VARSTORE_AREA_HEADER_SIZE)
		*cursor = VARSTORE_AREA_HEADER_SIZE;
	while (*cursor < info->end) {
		int status = header_at(area, info->end, *cursor, rec);

		if (status != VARSTORE_OK)
			return status == VARSTORE_END ? VARSTORE_END : status;
		*cursor += rec->size;
		if (body_check(area, rec) == VARSTORE_OK)
			return VARSTORE_OK;
	}
	return VARSTORE_END;
}
