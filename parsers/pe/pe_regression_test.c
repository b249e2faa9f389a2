/*
 * One named regression input of corpora/pe/regressions must be rejected with
 * one specific status. Built once per input with SEED (path from the
 * workspace root, the test's working directory) and EXPECTED (a pe_status).
 */
#include <stdio.h>
#include <stdlib.h>

#include "parsers/pe/pe.h"

#define STR(x) #x
#define XSTR(x) STR(x)

int main(void)
{
	static unsigned char buf[1 << 20];
	FILE *f = fopen(SEED, "rb");
	if (!f) {
		printf("cannot open %s\n", SEED);
		return 1;
	}
	size_t len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	struct pe_image img;
	int rc = pe_check(buf, len, &img);
	if (rc != EXPECTED) {
		printf("%s: got %d (%s), expected %s (%s)\n", SEED, rc, pe_strerror(rc),
		       XSTR(EXPECTED), pe_strerror(EXPECTED));
		return 1;
	}
	return 0;
}
