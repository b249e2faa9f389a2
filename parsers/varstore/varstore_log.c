/*
 * The store writer: appends records to the active area's log and compacts
 * into the other area (format and power-cut argument: varstore_check.c).
 * Every word is checked erased before it is programmed and read back after,
 * so host garbage past the log's end or a failing device is noticed before a
 * record is committed. Runtime code: no libc, no constant tables.
 */
#include "parsers/varstore/varstore.h"
#include "parsers/varstore/varstore_format.h"

VARSTORE_RUNTIME static uint32_t read_word(const struct varstore_log *log, uint64_t off)
{
	const volatile uint8_t *p = log->map + off;

	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* VARSTORE_LOG_OK if [off, off + len) reads erased (all 0xFF). */
VARSTORE_RUNTIME static int check_erased(const struct varstore_log *log, uint64_t off, uint64_t len)
{
	for (uint64_t i = 0; i < len; i += 4)
		if (read_word(log, off + i) != REC_ERASED)
			return VARSTORE_LOG_FULL; /* not erased: this tail cannot take a record */
	return VARSTORE_LOG_OK;
}

/* Programs len bytes (a multiple of 4) at off into erased flash and reads them back. */
VARSTORE_RUNTIME static int program(const struct varstore_log *log, uint64_t off,
				    const uint8_t *src, uint64_t len)
{
	int status = check_erased(log, off, len);

	if (status != VARSTORE_LOG_OK)
		return status;
	if (varstore_flash_program(off, src, len) != 0)
		return VARSTORE_LOG_FLASH;
	for (uint64_t i = 0; i < len; i += 4)
		if (read_word(log, off + i) != varstore_get_le32(src + i))
			return VARSTORE_LOG_FLASH;
	return VARSTORE_LOG_OK;
}

#define CHUNK 256u /* bytes gathered per program command */

/* Bytes gathered into chunks and programmed in order. */
struct stream {
	const struct varstore_log *log;
	uint64_t pos; /* where buf goes */
	uint8_t buf[CHUNK];
	unsigned fill;
	int status;
};

VARSTORE_RUNTIME static void flush(struct stream *s)
{
	if (s->status == VARSTORE_LOG_OK && s->fill)
		s->status = program(s->log, s->pos, s->buf, s->fill);
	s->pos += s->fill;
	s->fill = 0;
}

VARSTORE_RUNTIME static void put(struct stream *s, const uint8_t *p, uint64_t n)
{
	for (uint64_t i = 0; i < n && s->status == VARSTORE_LOG_OK; i++) {
		s->buf[s->fill++] = p[i];
		if (s->fill == CHUNK)
			flush(s);
	}
}

VARSTORE_RUNTIME static void put_erased(struct stream *s, uint64_t n)
{
	uint8_t ff = 0xff;

	for (uint64_t i = 0; i < n; i++)
		put(s, &ff, 1);
}

VARSTORE_RUNTIME static void stream_start(struct stream *s, const struct varstore_log *log,
					  uint64_t pos)
{
	s->log = log;
	s->pos = pos;
	s->fill = 0;
	s->status = VARSTORE_LOG_OK;
}

VARSTORE_RUNTIME static uint64_t value_size(const struct varstore_value *v)
{
	return varstore_record_size(v->name_size, v->data_size[0] + v->data_size[1]);
}

/* Programs one record at window offset `at`, committing it last. */
VARSTORE_RUNTIME static int write_record(struct varstore_log *log, uint64_t at,
					 const struct varstore_value *v)
{
	/* Encoded in full below (runtime code: no pattern memset from flash). */
	uint8_t header[VARSTORE_RECORD_HEADER_SIZE] __attribute__((uninitialized));
	struct varstore_header h;
	struct stream s __attribute__((uninitialized)); /* stream_start() sets what is read */
	struct varstore_sum sum;

	varstore_sum_start(&sum);
	varstore_sum_add(&sum, v->name, v->name_size);
	varstore_sum_add(&sum, v->data[0], v->data_size[0]);
	varstore_sum_add(&sum, v->data[1], v->data_size[1]);
	h.seq = log->next_seq++;
	for (unsigned i = 0; i < 16; i++)
		h.guid[i] = v->guid[i];
	h.attributes = v->attributes;
	h.name_size = v->name_size;
	h.data_size = (uint32_t)(v->data_size[0] + v->data_size[1]);
	h.body_sum = varstore_sum_end(&sum);
	h.committed = false;
	varstore_header_encode(header, &h);
	stream_start(&s, log, at);
	put(&s, header, sizeof(header));
	put(&s, v->name, v->name_size);
	put(&s, v->data[0], v->data_size[0]);
	put(&s, v->data[1], v->data_size[1]);
	put_erased(&s, at + value_size(v) - s.pos - s.fill);
	flush(&s);
	if (s.status != VARSTORE_LOG_OK)
		return s.status;
	/* the commit word: erased until now, programmed last and alone */
	varstore_put_le(header, REC_COMMITTED, 4);
	if (varstore_flash_program(at + REC_OFF_COMMIT, header, 4) != 0 ||
	    read_word(log, at + REC_OFF_COMMIT) != REC_COMMITTED)
		return VARSTORE_LOG_FLASH;
	return VARSTORE_LOG_OK;
}

/* Programs an area header, its magic last: until then the area is not a store. */
VARSTORE_RUNTIME static int write_area_header(struct varstore_log *log, unsigned area,
					      uint64_t generation)
{
	/* Written in full below; -ftrivial-auto-var-init=pattern would memset it from flash. */
	uint8_t header[VARSTORE_AREA_HEADER_SIZE] __attribute__((uninitialized));
	struct stream s __attribute__((uninitialized)); /* stream_start() sets what is read */

	for (unsigned i = 0; i < sizeof(header); i++)
		header[i] = 0xff;
	varstore_put_le(header + AREA_OFF_MAGIC, AREA_MAGIC_LO, 4);
	varstore_put_le(header + AREA_OFF_MAGIC + 4, AREA_MAGIC_HI, 4);
	varstore_put_le(header + AREA_OFF_VERSION, VARSTORE_VERSION, 4);
	varstore_put_le(header + AREA_OFF_HEADER_SIZE, VARSTORE_AREA_HEADER_SIZE, 4);
	varstore_put_le(header + AREA_OFF_AREA_SIZE, log->area_size, 8);
	varstore_put_le(header + AREA_OFF_GENERATION, generation, 8);
	varstore_put_le(header + AREA_OFF_SUM,
		       varstore_sum_of(header + AREA_SUMMED_FROM, AREA_SUMMED_TO - AREA_SUMMED_FROM),
		       4);
	stream_start(&s, log, area * log->area_size + AREA_SUMMED_FROM);
	put(&s, header + AREA_SUMMED_FROM, sizeof(header) - AREA_SUMMED_FROM);
	flush(&s);
	if (s.status == VARSTORE_LOG_OK) {
		stream_start(&s, log, area * log->area_size);
		put(&s, header, AREA_SUMMED_FROM);
		flush(&s);
	}
	/* a word that is not erased here means the erase did not work */
	return s.status == VARSTORE_LOG_FULL ? VARSTORE_LOG_FLASH : s.status;
}

void varstore_log_open(struct varstore_log *log, const volatile uint8_t *map,
		       uint64_t block_size, const struct varstore_info *info)
{
	log->map = map;
	log->area_size = info->area_size;
	log->block_size = block_size;
	log->active = info->active;
	log->generation = info->generation;
	log->end = info->end;
	log->next_seq = info->next_seq;
	log->clean = info->tail == VARSTORE_OK;
	log->target_end = 0;
}

VARSTORE_RUNTIME int varstore_log_format(struct varstore_log *log, const volatile uint8_t *map,
			uint64_t window_size, uint64_t block_size)
{
	log->map = map;
	log->area_size = window_size / 2;
	log->block_size = block_size;
	log->active = 0;
	log->generation = 1;
	log->end = VARSTORE_AREA_HEADER_SIZE;
	log->next_seq = 1;
	log->clean = false;
	log->target_end = 0;
	if (varstore_flash_erase(0, window_size) != 0)
		return VARSTORE_LOG_FLASH;
	if (write_area_header(log, 0, 1) != VARSTORE_LOG_OK)
		return VARSTORE_LOG_FLASH;
	log->clean = true;
	return VARSTORE_LOG_OK;
}

/*
 * Whether the header slot at off (the area's last bytes, if fewer) reads
 * erased, so that the walk ends after a record written just before it. The
 * walk ended at an erased header, but what lies past it was never read:
 * stale or planted records there would follow the new one, and override it.
 */
VARSTORE_RUNTIME static int next_slot_erased(const struct varstore_log *log, uint64_t off)
{
	uint64_t len = log->area_size - off < VARSTORE_RECORD_HEADER_SIZE
			       ? log->area_size - off
			       : VARSTORE_RECORD_HEADER_SIZE;

	return check_erased(log, log->active * log->area_size + off, len);
}

VARSTORE_RUNTIME int varstore_log_append(struct varstore_log *log, const struct varstore_value *v)
{
	uint64_t size = value_size(v);
	int status;

	if (!log->clean || size > log->area_size - log->end ||
	    next_slot_erased(log, log->end + size) != VARSTORE_LOG_OK)
		return VARSTORE_LOG_FULL;
	status = write_record(log, log->active * log->area_size + log->end, v);
	if (status != VARSTORE_LOG_OK) {
		/* a partial record is left: later records must not follow it */
		log->clean = false;
		return status;
	}
	log->end += size;
	return VARSTORE_LOG_OK;
}

VARSTORE_RUNTIME int varstore_log_compact_begin(struct varstore_log *log)
{
	log->target_end = VARSTORE_AREA_HEADER_SIZE;
	if (varstore_flash_erase((1 - log->active) * log->area_size, log->area_size) != 0)
		return VARSTORE_LOG_FLASH;
	return VARSTORE_LOG_OK;
}

VARSTORE_RUNTIME int varstore_log_compact_put(struct varstore_log *log,
					      const struct varstore_value *v)
{
	uint64_t size = value_size(v);
	int status;

	if (size > log->area_size - log->target_end)
		return VARSTORE_LOG_TOO_BIG;
	status = write_record(log, (1 - log->active) * log->area_size + log->target_end, v);
	if (status != VARSTORE_LOG_OK)
		return VARSTORE_LOG_FLASH; /* the area was just erased */
	log->target_end += size;
	return VARSTORE_LOG_OK;
}

VARSTORE_RUNTIME int varstore_log_compact_end(struct varstore_log *log)
{
	unsigned target = 1 - log->active;
	int status = write_area_header(log, target, log->generation + 1);

	if (status != VARSTORE_LOG_OK)
		return status;
	log->active = target;
	log->generation++;
	log->end = log->target_end;
	log->clean = true;
	return VARSTORE_LOG_OK;
}

VARSTORE_RUNTIME uint64_t varstore_log_capacity(const struct varstore_log *log)
{
	return log->area_size - VARSTORE_AREA_HEADER_SIZE;
}
