/*
 * UTF-8 encoding of one code point: the firmware console writes UTF-16 text
 * out as UTF-8, and the command-line fuzz target re-encodes what
 * parsers/cmdline decoded.
 */
#ifndef EFILITE_PARSERS_BYTES_UTF8_H
#define EFILITE_PARSERS_BYTES_UTF8_H
#include <stddef.h>
#include <stdint.h>

/* Writes c (at most U+10FFFF) to buf in 1 to 4 bytes; returns how many. */
static inline size_t bytes_put_utf8(uint8_t *buf, uint32_t c)
{
	if (c < 0x80) {
		buf[0] = (uint8_t)c;
		return 1;
	}
	if (c < 0x800) {
		buf[0] = (uint8_t)(0xc0 | c >> 6);
		buf[1] = (uint8_t)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		buf[0] = (uint8_t)(0xe0 | c >> 12);
		buf[1] = (uint8_t)(0x80 | (c >> 6 & 0x3f));
		buf[2] = (uint8_t)(0x80 | (c & 0x3f));
		return 3;
	}
	buf[0] = (uint8_t)(0xf0 | c >> 18);
	buf[1] = (uint8_t)(0x80 | (c >> 12 & 0x3f));
	buf[2] = (uint8_t)(0x80 | (c >> 6 & 0x3f));
	buf[3] = (uint8_t)(0x80 | (c & 0x3f));
	return 4;
}
#endif
