// SPDX-License-Identifier: MIT
/*
 * Proves that the efilite_truncated_pe_*_test inputs carry the faults their
 * expected messages name: the whole Debian Image passes pe_check(), its
 * first 4 KiB fail on SizeOfHeaders and its first 1 MiB on section data.
 *
 * Usage: bad_kernel_test IMAGE
 */
#include <stdio.h>
#include <stdlib.h>

#include "parsers/pe/pe.h"
#include "qemu-tests/host_file.h"

static int failures;

static void expect_status(const char *what, const void *buf, size_t len, int want)
{
	struct pe_image img;
	int got = pe_check(buf, len, &img);

	if (got != want) {
		printf("%s: pe_check = %d (%s), want %d (%s)\n", what, got, pe_strerror(got),
		       want, pe_strerror(want));
		failures++;
	}
}

int main(int argc, char **argv)
{
	size_t len = 0;
	void *image;

	if (argc != 2) {
		printf("usage: %s IMAGE\n", argv[0]);
		return 2;
	}
	image = host_file_read(argv[1], &len);
	if (!image) {
		printf("cannot read %s\n", argv[1]);
		return 1;
	}
	expect_status("whole Image", image, len, PE_OK);
	expect_status("first 4 KiB", image, 4096, PE_ERR_HEADERS_BEYOND_FILE);
	expect_status("first 1 MiB", image, 1 << 20, PE_ERR_SECTION_RAW_BEYOND_FILE);
	free(image);
	if (failures)
		printf("%d failure(s)\n", failures);
	return failures != 0;
}
