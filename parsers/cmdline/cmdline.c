/*
 * UTF-8 -> UTF-16 for EFI LoadOptions. Ill-formed input is replaced, not
 * rejected, the way the Unicode Standard (ch. 3.9, "U+FFFD substitution of
 * maximal subparts") recommends: each maximal prefix of a well-formed
 * sequence, or else each single byte, becomes one U+FFFD.
 *
 * | input (rule)                                                 | output                     |
 * |--------------------------------------------------------------|----------------------------|
 * | first NUL byte, or the end of buf                            | ends the input; one NUL    |
 * | 00..7F                                                       | that unit                  |
 * | C2..DF 80..BF                                                | U+0080..U+07FF             |
 * | E0 A0..BF 80..BF (no overlong)                               | U+0800..U+0FFF             |
 * | E1..EC / EE..EF 80..BF 80..BF                                | U+1000..CFFF, U+E000..FFFF |
 * | ED 80..9F 80..BF (no UTF-16 surrogates)                      | U+D000..U+D7FF             |
 * | F0 90..BF 80..BF 80..BF (no overlong)                        | surrogate pair             |
 * | F1..F3 80..BF 80..BF 80..BF                                  | surrogate pair             |
 * | F4 80..8F 80..BF 80..BF (<= U+10FFFF)                        | surrogate pair             |
 * | C0, C1, F5..FF, a lone 80..BF                                | U+FFFD per byte            |
 * | lead byte + valid continuations, then a byte out of range    | one U+FFFD for the prefix  |
 * | output (plus its NUL) longer than out_max_units              | CMDLINE_ERR_TOO_LONG       |
 */
#include <stdbool.h>

#include "parsers/cmdline/cmdline.h"

#define REPLACEMENT 0xfffdu

struct sequence {
	size_t continuations; /* bytes after the lead */
	uint32_t value;       /* payload bits of the lead */
	uint8_t lo, hi;       /* range of the first continuation byte */
};

/* Classifies a lead byte; false if it cannot start a sequence. */
static bool multibyte_lead(uint8_t lead, struct sequence *seq)
{
	seq->lo = 0x80;
	seq->hi = 0xbf;
	if (lead >= 0xc2 && lead <= 0xdf) {
		seq->continuations = 1;
		seq->value = lead & 0x1f;
	} else if (lead >= 0xe0 && lead <= 0xef) {
		seq->continuations = 2;
		seq->value = lead & 0x0f;
		if (lead == 0xe0)
			seq->lo = 0xa0; /* overlong below U+0800 */
		if (lead == 0xed)
			seq->hi = 0x9f; /* surrogates U+D800..U+DFFF */
	} else if (lead >= 0xf0 && lead <= 0xf4) {
		seq->continuations = 3;
		seq->value = lead & 0x07;
		if (lead == 0xf0)
			seq->lo = 0x90; /* overlong below U+10000 */
		if (lead == 0xf4)
			seq->hi = 0x8f; /* above U+10FFFF */
	} else {
		return false;
	}
	return true;
}

/* Decodes one code point (or U+FFFD) from p[0..n), n >= 1; returns bytes used. */
static size_t decode(const uint8_t *p, size_t n, uint32_t *code_point)
{
	struct sequence seq;
	size_t i;

	*code_point = p[0];
	if (p[0] < 0x80)
		return 1;
	*code_point = REPLACEMENT;
	if (!multibyte_lead(p[0], &seq))
		return 1;
	for (i = 1; i <= seq.continuations; i++) {
		if (i == n || p[i] < seq.lo || p[i] > seq.hi)
			return i;
		seq.value = seq.value << 6 | (p[i] & 0x3f);
		seq.lo = 0x80;
		seq.hi = 0xbf;
	}
	*code_point = seq.value;
	return i;
}

/* Appends code_point if it fits with room left for the NUL. */
static bool put_utf16(uint32_t code_point, uint16_t *out, size_t out_max, size_t *units)
{
	size_t need = code_point > 0xffff ? 2 : 1;

	if (out_max - *units - 1 < need)
		return false;
	if (need == 1) {
		out[(*units)++] = (uint16_t)code_point;
	} else {
		code_point -= 0x10000;
		out[(*units)++] = (uint16_t)(0xd800 | code_point >> 10);
		out[(*units)++] = (uint16_t)(0xdc00 | (code_point & 0x3ff));
	}
	return true;
}

int cmdline_to_utf16(const void *buf, size_t len, uint16_t *out, size_t out_max_units,
		     size_t *out_units)
{
	const uint8_t *p = buf;
	size_t units = 0, i = 0;

	*out_units = 0;
	if (out_max_units == 0)
		return CMDLINE_ERR_TOO_LONG;
	while (i < len && p[i] != 0) {
		uint32_t code_point;

		i += decode(p + i, len - i, &code_point);
		if (!put_utf16(code_point, out, out_max_units, &units))
			return CMDLINE_ERR_TOO_LONG;
	}
	out[units++] = 0;
	*out_units = units;
	return CMDLINE_OK;
}

const char *cmdline_strerror(int status)
{
	switch (status) {
	case CMDLINE_OK:
		return "ok";
	case CMDLINE_ERR_TOO_LONG:
		return "command line does not fit the output";
	default:
		return "unknown cmdline status";
	}
}
