/* keys_decode() against the rules table of keys.c, prefixes, and bytes that are no sequence. */
#include <string.h>

#include "parsers/keys/keys.h"
#include "tools/testing/check.h"

static const struct {
	const char *bytes;
	uint16_t scan, c;
	size_t used;
} cases[] = {
	{ "a", KEYS_SCAN_NULL, 'a', 1 },
	{ "\r", KEYS_SCAN_NULL, '\r', 1 },
	{ "\n", KEYS_SCAN_NULL, '\r', 1 },
	{ "\x7f", KEYS_SCAN_NULL, 0x08, 1 },
	{ "\x08", KEYS_SCAN_NULL, 0x08, 1 },
	{ "\x1b[A", KEYS_SCAN_UP, 0, 3 },
	{ "\x1b[B\r", KEYS_SCAN_DOWN, 0, 3 }, /* the Enter after it is the next key */
	{ "\x1bOC", KEYS_SCAN_RIGHT, 0, 3 },
	{ "\x1b[D", KEYS_SCAN_LEFT, 0, 3 },
	{ "\x1b[H", KEYS_SCAN_HOME, 0, 3 },
	{ "\x1b[1~", KEYS_SCAN_HOME, 0, 4 },
	{ "\x1bOF", KEYS_SCAN_END, 0, 3 },
	{ "\x1b[4~", KEYS_SCAN_END, 0, 4 },
	{ "\x1b[2~", KEYS_SCAN_INSERT, 0, 4 },
	{ "\x1b[3~", KEYS_SCAN_DELETE, 0, 4 },
	{ "\x1b[5~", KEYS_SCAN_PAGE_UP, 0, 4 },
	{ "\x1b[6~", KEYS_SCAN_PAGE_DOWN, 0, 4 },
	{ "\x1bOP", KEYS_SCAN_F1, 0, 3 },
	{ "\x1b[14~", KEYS_SCAN_F1 + 3, 0, 5 },
	{ "\x1b[[A", KEYS_SCAN_F1, 0, 4 },
	{ "\x1b[[E", KEYS_SCAN_F1 + 4, 0, 4 },
	{ "\x1b[15~", KEYS_SCAN_F1 + 4, 0, 5 },
	{ "\x1b[21~", KEYS_SCAN_F1 + 9, 0, 5 },
	{ "\x1b[24~", KEYS_SCAN_F12, 0, 5 },
	/* no sequence: Escape alone, the rest left for the next keys */
	{ "\x1bx", KEYS_SCAN_ESC, 0, 1 },
	{ "\x1b[Z", KEYS_SCAN_ESC, 0, 1 },
	{ "\x1b[16~", KEYS_SCAN_ESC, 0, 1 },
	{ "\x1b\x1b[A", KEYS_SCAN_ESC, 0, 1 },
};

/* Every proper prefix of a sequence waits for more, and is Escape when final. */
static void check_prefixes(void)
{
	static const char *prefixes[] = { "\x1b",    "\x1b[",  "\x1bO", "\x1b[1",
					  "\x1b[15", "\x1b[2", "\x1b[[" };
	struct keys_key key;
	size_t used = 99;

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		const uint8_t *b = (const uint8_t *)prefixes[i];
		size_t len = strlen(prefixes[i]);

		CHECK(keys_decode(b, len, false, &key, &used) == KEYS_NEED_MORE);
		CHECK(keys_decode(b, len, true, &key, &used) == KEYS_OK);
		CHECK(key.scan_code == KEYS_SCAN_ESC && key.unicode_char == 0 && used == 1);
	}
}

int main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct keys_key key = { 0xffff, 0xffff };
		size_t used = 0;
		enum keys_status s = keys_decode((const uint8_t *)cases[i].bytes,
						 strlen(cases[i].bytes), false, &key, &used);

		CHECK(s == KEYS_OK);
		CHECK(key.scan_code == cases[i].scan);
		CHECK(key.unicode_char == cases[i].c);
		CHECK(used == cases[i].used);
		if (s != KEYS_OK || key.scan_code != cases[i].scan || used != cases[i].used)
			fprintf(stderr, "case %zu\n", i);
	}
	check_prefixes();
	{
		/* no bytes: no key, whatever b holds (it was read as one, len - 1 wrapped) */
		struct keys_key key;
		size_t used;

		CHECK(keys_decode((const uint8_t *)"A", 0, true, &key, &used) == KEYS_NEED_MORE);
	}
	return check_report("keys_test");
}
