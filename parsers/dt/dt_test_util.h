/* Test helpers: build DTBs with libfdt's sequential-write API or raw words. */
#ifndef EFILITE_PARSERS_DT_DT_TEST_UTIL_H
#define EFILITE_PARSERS_DT_DT_TEST_UTIL_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <libfdt.h>

extern int failures;

#define EXPECT_EQ(actual, expected)                                                        \
	do {                                                                               \
		long long a_ = (long long)(actual), e_ = (long long)(expected);            \
		if (a_ != e_) {                                                            \
			fprintf(stderr, "%s:%d: %s == %lld, expected %s == %lld\n", __FILE__, \
				__LINE__, #actual, a_, #expected, e_);                     \
			failures++;                                                        \
		}                                                                          \
	} while (0)

/* The blob every helper writes: 8-byte aligned, like QEMU's DTB in RAM. */
extern uint64_t blob_words[2048];
#define BLOB ((void *)blob_words)
#define BLOB_BYTES ((uint8_t *)blob_words)

/* Sequential write: begin_tree() opens the root with #address/#size-cells = 2. */
void begin_tree(void);
void begin_tree_bare(void); /* root without cells */
size_t finish_tree(void);   /* closes the root; returns totalsize */
void node(const char *name);
void node_end(void);
void prop_str(const char *name, const char *value);
void prop_u32(const char *name, uint32_t value);
void prop_raw(const char *name, const void *value, int len);
void prop_reg(uint64_t base, uint64_t size); /* two cells each */

/* Header fields by byte offset (big-endian). */
uint32_t hdr_get(unsigned off);
void hdr_set(unsigned off, uint32_t value);
void put_be32(uint8_t *p, uint32_t value);
/* Blob offset of the first FDT_PROP tag whose name is `name`. */
unsigned prop_tag_offset(const char *name);

/* Header, empty reservation map, words as structure block, then strings. */
size_t raw_blob(const uint32_t *words, size_t nwords, const char *strings, size_t strings_len);

enum {
	HDR_TOTALSIZE = 4,
	HDR_OFF_STRUCT = 8,
	HDR_OFF_STRINGS = 12,
	HDR_OFF_RSVMAP = 16,
	HDR_VERSION = 20,
	HDR_LAST_COMP = 24,
	HDR_SIZE_STRINGS = 32,
	HDR_SIZE_STRUCT = 36,
};
#endif
