/*
 * Record encoding shared by the validator, the writer and the firmware's RAM
 * copy of the variables. Runtime code (see VARSTORE_RUNTIME): no libc, no
 * constant tables.
 */
#include "parsers/varstore/varstore.h"
#include "parsers/varstore/varstore_format.h"

VARSTORE_RUNTIME void varstore_put_le(uint8_t *p, uint64_t value, unsigned size)
{
	for (unsigned i = 0; i < size; i++)
		p[i] = (uint8_t)(value >> (8 * i));
}

VARSTORE_RUNTIME uint32_t varstore_get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* One load where the target allows unaligned ones (inlined: -Oz would call). */
__attribute__((always_inline)) static inline uint32_t word_at(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

VARSTORE_RUNTIME static inline uint32_t mix(uint32_t value, uint32_t word)
{
	value = (value ^ word) * 0x9e3779b1u;
	return value ^ (value >> 15);
}

VARSTORE_RUNTIME void varstore_sum_start(struct varstore_sum *s)
{
	s->value = 0x811c9dc5u;
	s->word = 0;
	s->fill = 0;
}

VARSTORE_RUNTIME void varstore_sum_add(struct varstore_sum *s, const uint8_t *p, size_t n)
{
	size_t i = 0;

	for (; i < n && s->fill; i++) {
		s->word |= (uint32_t)p[i] << (8 * s->fill);
		if (++s->fill == 4) {
			s->value = mix(s->value, s->word);
			s->word = 0;
			s->fill = 0;
		}
	}
	/* the bulk: whole words, two per step, the running value in a register */
	uint32_t value = s->value;
	size_t pairs_end = i + (n - i) / 8 * 8;

	for (; i < pairs_end; i += 8)
		value = mix(mix(value, word_at(p + i)), word_at(p + i + 4));
	if (i + 4 <= n) {
		value = mix(value, word_at(p + i));
		i += 4;
	}
	s->value = value;
	for (; i < n; i++)
		s->word |= (uint32_t)p[i] << (8 * s->fill++);
}

VARSTORE_RUNTIME uint32_t varstore_sum_end(const struct varstore_sum *s)
{
	return s->fill ? mix(s->value, s->word) : s->value;
}

VARSTORE_RUNTIME uint32_t varstore_sum_of(const uint8_t *p, size_t n)
{
	struct varstore_sum s;

	varstore_sum_start(&s);
	varstore_sum_add(&s, p, n);
	return varstore_sum_end(&s);
}

VARSTORE_RUNTIME uint64_t varstore_record_size(uint64_t name_size, uint64_t data_size)
{
	return (VARSTORE_RECORD_HEADER_SIZE + name_size + data_size + 7) & ~7ull;
}

VARSTORE_RUNTIME void varstore_header_encode(uint8_t *out, const struct varstore_header *h)
{
	varstore_put_le(out + REC_OFF_MAGIC, REC_MAGIC, 4);
	varstore_put_le(out + REC_OFF_COMMIT, h->committed ? REC_COMMITTED : REC_ERASED, 4);
	varstore_put_le(out + REC_OFF_SEQ, h->seq, 8);
	for (unsigned i = 0; i < 16; i++)
		out[REC_OFF_GUID + i] = h->guid[i];
	varstore_put_le(out + REC_OFF_ATTRIBUTES, h->attributes, 4);
	varstore_put_le(out + REC_OFF_NAME_SIZE, h->name_size, 4);
	varstore_put_le(out + REC_OFF_DATA_SIZE, h->data_size, 4);
	varstore_put_le(out + REC_OFF_BODY_SUM, h->body_sum, 4);
	varstore_put_le(out + REC_OFF_HEADER_SUM,
		       varstore_sum_of(out + REC_SUMMED_FROM, REC_SUMMED_TO - REC_SUMMED_FROM),
		       4);
	varstore_put_le(out + REC_OFF_RESERVED, REC_ERASED, 4);
}
