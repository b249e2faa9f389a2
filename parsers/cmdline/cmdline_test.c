/* cmdline_to_utf16(): each rule of cmdline.c's table. */
#include <stdio.h>
#include <string.h>

#include "parsers/cmdline/cmdline.h"
#include "parsers/testing/strerror_table.h"

static int failures;

#define GUARD 0x5a5a

/*
 * Converts the len bytes of in with room for out_max units, and compares the
 * status and (on success) the units before the NUL with expected.
 */
static void expect(int line, const char *in, size_t len, size_t out_max, int status,
		   const uint16_t *expected, size_t expected_units)
{
	uint16_t out[64];
	size_t units = 12345;
	int got;

	for (size_t i = 0; i < 64; i++)
		out[i] = GUARD;
	got = cmdline_to_utf16(in, len, out, out_max, &units);
	if (got != status) {
		fprintf(stderr, "line %d: status %d, expected %d\n", line, got, status);
		failures++;
		return;
	}
	for (size_t i = out_max; i < 64; i++) {
		if (out[i] != GUARD) {
			fprintf(stderr, "line %d: wrote out[%zu] beyond %zu units\n", line, i, out_max);
			failures++;
			return;
		}
	}
	if (status != CMDLINE_OK) {
		if (units != 0) {
			fprintf(stderr, "line %d: %zu units reported on error\n", line, units);
			failures++;
		}
		return;
	}
	if (units != expected_units + 1 || out[expected_units] != 0 ||
	    memcmp(out, expected, expected_units * 2) != 0) {
		fprintf(stderr, "line %d: got %zu units:", line, units);
		for (size_t i = 0; i < units && i < 64; i++)
			fprintf(stderr, " %04x", out[i]);
		fprintf(stderr, "\n");
		failures++;
	}
}

#define UNITS(...) \
	((const uint16_t[]){ __VA_ARGS__ }), sizeof((const uint16_t[]){ __VA_ARGS__ }) / 2
#define OK(in, ...) expect(__LINE__, in, sizeof(in) - 1, 64, CMDLINE_OK, UNITS(__VA_ARGS__))

static void test_valid(void)
{
	uint16_t none[1];

	expect(__LINE__, "", 0, 1, CMDLINE_OK, none, 0);
	OK("ro", 'r', 'o');
	OK("a\x7f", 'a', 0x7f);
	OK("\xc2\x80\xdf\xbf", 0x80, 0x7ff);
	OK("\xe0\xa0\x80\xe2\x82\xac", 0x800, 0x20ac);
	OK("\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf", 0xd7ff, 0xe000, 0xffff);
	OK("\xf0\x90\x80\x80", 0xd800, 0xdc00);
	OK("\xf0\x9f\x98\x80", 0xd83d, 0xde00);
	OK("\xf4\x8f\xbf\xbf", 0xdbff, 0xdfff);
}

static void test_nul(void)
{
	uint16_t none[1];

	/* The first NUL ends the input; a missing NUL is fine. */
	OK("ab\0cd", 'a', 'b');
	expect(__LINE__, "\0x", 2, 64, CMDLINE_OK, none, 0);
	expect(__LINE__, "abc", 2, 64, CMDLINE_OK, UNITS('a', 'b'));
	/* A NUL inside a sequence ends it and the input. */
	OK("\xe2\x82\0x", 0xfffd);
}

static void test_ill_formed(void)
{
	OK("\x80", 0xfffd);
	OK("\xbf\x80", 0xfffd, 0xfffd);
	OK("\xc0\x80", 0xfffd, 0xfffd);                 /* overlong NUL */
	OK("\xc1\xbf", 0xfffd, 0xfffd);
	OK("\xe0\x80\x80", 0xfffd, 0xfffd, 0xfffd);     /* overlong 3-byte */
	OK("\xe0\x9f\xbf", 0xfffd, 0xfffd, 0xfffd);
	OK("\xf0\x80\x80\x80", 0xfffd, 0xfffd, 0xfffd, 0xfffd);
	OK("\xf0\x8f\xbf\xbf", 0xfffd, 0xfffd, 0xfffd, 0xfffd);
	OK("\xed\xa0\x80", 0xfffd, 0xfffd, 0xfffd);     /* U+D800 */
	OK("\xed\xbf\xbf", 0xfffd, 0xfffd, 0xfffd);     /* U+DFFF */
	OK("\xf4\x90\x80\x80", 0xfffd, 0xfffd, 0xfffd, 0xfffd); /* U+110000 */
	OK("\xf5\x80\x80\x80", 0xfffd, 0xfffd, 0xfffd, 0xfffd);
	OK("\xfe\xff", 0xfffd, 0xfffd);
	/* Truncated sequences: one U+FFFD per maximal prefix. */
	OK("\xe2\x82", 0xfffd);
	OK("a\xe2\x82" "b", 'a', 0xfffd, 'b');
	OK("\xf0\x9f\x98", 0xfffd);
	OK("\xf0\x9f\x98" "\xf0\x9f\x98\x80", 0xfffd, 0xd83d, 0xde00);
	/* The Unicode Standard's own example (ch. 3.9, U+FFFD substitution). */
	OK("\x61\xf1\x80\x80\xe1\x80\xc2\x62\x80\x63\x80\xbf\x64", 'a', 0xfffd, 0xfffd, 0xfffd,
	   'b', 0xfffd, 'c', 0xfffd, 0xfffd, 'd');
}

static void test_too_long(void)
{
	uint16_t none[1];

	expect(__LINE__, "", 0, 0, CMDLINE_ERR_TOO_LONG, none, 0);
	expect(__LINE__, "abc", 3, 3, CMDLINE_ERR_TOO_LONG, none, 0);
	expect(__LINE__, "abc", 3, 4, CMDLINE_OK, UNITS('a', 'b', 'c'));
	/* A surrogate pair needs both units plus the NUL. */
	expect(__LINE__, "\xf0\x9f\x98\x80", 4, 2, CMDLINE_ERR_TOO_LONG, none, 0);
	expect(__LINE__, "\xf0\x9f\x98\x80", 4, 3, CMDLINE_OK, UNITS(0xd83d, 0xde00));
	/* len + 1 units always suffice: 1 byte in -> at most 1 unit out. */
	expect(__LINE__, "\x80\x80\x80", 3, 4, CMDLINE_OK, UNITS(0xfffd, 0xfffd, 0xfffd));
}

static void test_strerror(void)
{
	if (!strerror_table_ok(cmdline_strerror, CMDLINE_ERR_COUNT, "unknown cmdline status"))
		failures++;
}

int main(void)
{
	test_valid();
	test_nul();
	test_ill_formed();
	test_too_long();
	test_strerror();
	if (failures)
		fprintf(stderr, "%d failures\n", failures);
	return failures != 0;
}
