/*
 * The -bios image as built: after the first stage, the packed header names
 * an LZ4 block whose Adler-32 matches, and parsers/lz4 (the first stage's
 * decoder, here on the host) expands it to exactly the uncompressed RAM
 * image pack.py was given, byte for byte, with no room to spare.
 * Usage: packed_image_test PACKED_IMAGE PARTS... (*.ram.bin, *.stage1.bin)
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "firmware/stage1/packed.h"
#include "parsers/lz4/lz4.h"
#include "qemu-tests/host_file.h"
#include "tools/testing/check.h"

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Adler-32 as RFC 1950 defines it, byte by byte (stage1.c has the fast one). */
static uint32_t adler32(const uint8_t *p, size_t n)
{
	uint32_t a = 1, b = 0;

	for (size_t i = 0; i < n; i++) {
		a = (a + p[i]) % 65521;
		b = (b + a) % 65521;
	}
	return b << 16 | a;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

int main(int argc, char **argv)
{
	const char *ram_path = NULL, *stage1_path = NULL;
	size_t packed_len = 0, ram_len = 0, stage1_len = 0, out_len;
	uint8_t *packed, *ram, *stage1, *out;
	uint32_t block_len, image_len;

	for (int i = 2; i < argc; i++) {
		if (ends_with(argv[i], ".ram.bin"))
			ram_path = argv[i];
		else if (ends_with(argv[i], ".stage1.bin"))
			stage1_path = argv[i];
	}
	if (argc < 4 || !ram_path || !stage1_path) {
		fprintf(stderr, "usage: packed_image_test PACKED RAM.bin STAGE1.bin\n");
		return 2;
	}
	packed = host_file_read(argv[1], &packed_len);
	ram = host_file_read(ram_path, &ram_len);
	stage1 = host_file_read(stage1_path, &stage1_len);
	if (!packed || !ram || !stage1) {
		fprintf(stderr, "cannot read the images\n");
		return 2;
	}

	CHECK(stage1_len % 16 == 0 && packed_len > stage1_len + PACKED_HEADER_SIZE);
	CHECK(memcmp(packed, stage1, stage1_len) == 0);
	const uint8_t *header = packed + stage1_len, *block = header + PACKED_HEADER_SIZE;
	CHECK(le32(header) == PACKED_MAGIC);
	block_len = le32(header + PACKED_SIZE_OFFSET);
	image_len = le32(header + PACKED_IMAGE_SIZE_OFFSET);
	CHECK(block_len == packed_len - stage1_len - PACKED_HEADER_SIZE);
	CHECK(image_len == ram_len);
	CHECK(adler32(block, block_len) == le32(header + PACKED_CHECKSUM_OFFSET));
	CHECK(block_len < ram_len); /* it does compress */

	/* exactly the image's size: no slack for the word copies at the end */
	out = malloc(ram_len);
	CHECK(out != NULL);
	if (out) {
		CHECK(lz4_decode(block, block_len, out, ram_len, &out_len) == LZ4_OK);
		CHECK(out_len == ram_len && memcmp(out, ram, ram_len) == 0);
		CHECK(lz4_decode(block, block_len, out, ram_len - 1, &out_len) ==
		      LZ4_ERR_OUTPUT_FULL);
	}
	printf("packed %zu bytes: first stage %zu, block %u, image %u\n", packed_len, stage1_len,
	       block_len, image_len);
	free(out);
	free(packed);
	free(ram);
	free(stage1);
	return check_report("packed_image_test");
}
