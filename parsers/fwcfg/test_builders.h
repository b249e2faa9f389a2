/* Host-test helpers: build fw_cfg directories and table-loader commands. */
#ifndef EFILITE_PARSERS_FWCFG_TEST_BUILDERS_H
#define EFILITE_PARSERS_FWCFG_TEST_BUILDERS_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

extern int tb_failures;

#define CHECK(cond)                                                                  \
	do {                                                                         \
		if (!(cond)) {                                                       \
			printf("%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			tb_failures++;                                               \
		}                                                                    \
	} while (0)

/* Compares a status against the expected one, naming both on failure. */
#define CHECK_STATUS(expr, expected, strerror_fn)                                    \
	do {                                                                         \
		int got_ = (expr);                                                   \
		if (got_ != (expected)) {                                            \
			printf("%s:%d: %s = %d (%s), want %d (%s)\n", __FILE__, __LINE__, \
			       #expr, got_, strerror_fn(got_), (int)(expected),      \
			       strerror_fn(expected));                               \
			tb_failures++;                                               \
		}                                                                    \
	} while (0)

struct tb_file {
	const char *name;
	uint32_t size;
	uint16_t select;
};

/* Writes a directory of n files into out; returns its length. */
size_t tb_dir(uint8_t *out, const struct tb_file *files, size_t n);
void tb_allocate(uint8_t *cmd, const char *file, uint32_t align, uint8_t zone);
void tb_add_pointer(uint8_t *cmd, const char *dest, const char *src, uint32_t offset,
		    uint8_t size);
void tb_add_checksum(uint8_t *cmd, const char *file, uint32_t result, uint32_t start,
		     uint32_t length);
void tb_write_pointer(uint8_t *cmd, const char *dest, const char *src, uint32_t dst_offset,
		      uint32_t src_offset, uint8_t size);
void tb_put_le(uint8_t *p, uint64_t v, unsigned size);
uint64_t tb_get_le(const uint8_t *p, unsigned size);
#endif
