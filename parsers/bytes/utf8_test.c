/* bytes_put_utf8() against known encodings at every length boundary. */
#include <string.h>

#include "parsers/bytes/utf8.h"
#include "tools/testing/check.h"

static const struct {
	uint32_t c;
	const char *utf8;
} cases[] = {
	{ 0x00, "" }, /* NUL: one zero byte, compared by length below */
	{ 0x41, "A" },
	{ 0x7f, "\x7f" },
	{ 0x80, "\xc2\x80" },
	{ 0xe9, "\xc3\xa9" },
	{ 0x7ff, "\xdf\xbf" },
	{ 0x800, "\xe0\xa0\x80" },
	{ 0x20ac, "\xe2\x82\xac" },
	{ 0xfffd, "\xef\xbf\xbd" },
	{ 0xffff, "\xef\xbf\xbf" },
	{ 0x10000, "\xf0\x90\x80\x80" },
	{ 0x1f600, "\xf0\x9f\x98\x80" },
	{ 0x10ffff, "\xf4\x8f\xbf\xbf" },
};

int main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t buf[5] = { 0xaa, 0xaa, 0xaa, 0xaa, 0xaa };
		size_t want = cases[i].c ? strlen(cases[i].utf8) : 1;
		size_t got = bytes_put_utf8(buf, cases[i].c);

		CHECK(got == want);
		CHECK(memcmp(buf, cases[i].c ? cases[i].utf8 : "\0", want) == 0);
		CHECK(buf[want] == 0xaa); /* nothing written past the encoding */
		if (got != want)
			fprintf(stderr, "  case: U+%04X\n", (unsigned)cases[i].c);
	}
	return check_report("utf8_test");
}
