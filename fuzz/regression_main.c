/*
 * Named-regression test: runs one corpus file through a harness's
 * fuzz_status() and requires the exact status EXPECTED_STATUS (a -D of the
 * cc_test; the parser header comes in through -include).
 * Usage: regression_test FILE
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int fuzz_status(const uint8_t *data, size_t size);
const char *fuzz_strerror(int status);

int main(int argc, char **argv)
{
	FILE *f = argc == 2 ? fopen(argv[1], "rb") : NULL;
	static uint8_t buf[1 << 20];
	size_t len;
	int got;

	if (!f) {
		printf("usage: %s FILE (cannot open it)\n", argv[0]);
		return 1;
	}
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	got = fuzz_status(buf, len);
	printf("%s: %s (%d), want %s (%d)\n", argv[1], fuzz_strerror(got), got,
	       fuzz_strerror(EXPECTED_STATUS), EXPECTED_STATUS);
	return got != EXPECTED_STATUS;
}
