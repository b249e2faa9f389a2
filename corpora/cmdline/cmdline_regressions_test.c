/*
 * Each regression seed of corpora/cmdline/regressions
 * (tools/corpus/cmdline-seeds.sh) must convert to exactly the UTF-16 that
 * cmdline.c's table (Unicode's maximal-subpart U+FFFD substitution) gives.
 * Usage: test FILE.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/cmdline/cmdline.h"

struct regression {
	const char *file;
	const uint16_t *utf16; /* NUL-terminated */
};

static const struct regression regressions[] = {
	{ "overlong-nul", u"console=ttyAMA0 \uFFFD\uFFFD quiet" },
	{ "overlong-3byte", u"a\uFFFD\uFFFD\uFFFDb" },
	{ "surrogate-half", u"a\uFFFD\uFFFD\uFFFDb" },
	{ "beyond-max", u"x\uFFFD\uFFFD\uFFFD\uFFFDy" },
	{ "truncated-at-end", u"root=/dev/vda \uFFFD" },
	{ "embedded-nul", u"quiet" },
	{ "lone-continuation", u"\uFFFD\uFFFD" },
	{ "supplementary", u"\U0001F600\U0010FFFF" },
};

static size_t utf16_units(const uint16_t *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n + 1;
}

static int run(const struct regression *r, const char *path)
{
	uint8_t in[256];
	uint16_t out[257];
	size_t len, units, expected = utf16_units(r->utf16);
	FILE *f = fopen(path, "rb");
	int status;

	if (!f) {
		perror(path);
		return 2;
	}
	len = fread(in, 1, sizeof(in), f);
	fclose(f);
	status = cmdline_to_utf16(in, len, out, len + 1, &units);
	if (status != CMDLINE_OK || units != expected ||
	    memcmp(out, r->utf16, units * sizeof(out[0])) != 0) {
		fprintf(stderr, "%s: %s, %zu units:", r->file, cmdline_strerror(status), units);
		for (size_t i = 0; status == CMDLINE_OK && i < units; i++)
			fprintf(stderr, " %04x", out[i]);
		fprintf(stderr, "; expected %zu units\n", expected);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *name;

	if (argc != 2) {
		fprintf(stderr, "usage: %s FILE\n", argv[0]);
		return 2;
	}
	name = strrchr(argv[1], '/') ? strrchr(argv[1], '/') + 1 : argv[1];
	for (size_t i = 0; i < sizeof(regressions) / sizeof(regressions[0]); i++)
		if (strcmp(name, regressions[i].file) == 0)
			return run(&regressions[i], argv[1]);
	fprintf(stderr, "%s: no expectation for this regression seed\n", name);
	return 1;
}
