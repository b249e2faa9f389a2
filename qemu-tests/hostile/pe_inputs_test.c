// SPDX-License-Identifier: MIT
/*
 * Proves that each hostile kernel carries the fault its QEMU test's expected
 * message names: pe_check() of the file must fail with exactly that message,
 * or pass ("ok") where the firmware's complaint is not about the PE rules
 * (a SizeOfImage that is valid but bigger than the guest's RAM).
 *
 * Usage: pe_inputs_test FILE MESSAGE [FILE MESSAGE]...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/pe/pe.h"
#include "qemu-tests/host_file.h"

/* Returns 0 if pe_check's message for path is want. */
static int check_file(const char *path, const char *want)
{
	struct pe_image img;
	size_t len = 0;
	void *buf = host_file_read(path, &len);
	const char *got;

	if (!buf) {
		printf("FAIL: cannot read %s\n", path);
		return 1;
	}
	got = pe_strerror(pe_check(buf, len, &img));
	free(buf);
	if (strcmp(got, want) != 0) {
		printf("FAIL: %s: pe_check says \"%s\", want \"%s\"\n", path, got, want);
		return 1;
	}
	printf("%s: %s\n", path, got);
	return 0;
}

int main(int argc, char **argv)
{
	int failures = 0;

	if (argc < 3 || argc % 2 != 1) {
		printf("usage: %s FILE MESSAGE [FILE MESSAGE]...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i += 2)
		failures += check_file(argv[i], argv[i + 1]);
	return failures != 0;
}
