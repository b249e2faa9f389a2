/*
 * Terminal key decoding (see keys.h).
 *
 * Rules table (sequence after ESC -> scan code); both the ANSI "ESC [" and
 * the application-mode "ESC O" forms of the cursor keys, Home and End, as
 * xterm sends them in either cursor mode:
 *   [A OA up      [B OB down    [C OC right   [D OD left
 *   [H OH [1~ home               [F OF [4~ end
 *   [2~ insert    [3~ delete    [5~ page up   [6~ page down
 *   OP OQ OR OS F1-F4 (xterm)    [11~ .. [14~ F1-F4 (rxvt, PuTTY)
 *   [[A .. [[E F1-F5 (the Linux console)
 *   [15~ [17~ [18~ [19~ [20~ [21~ F5-F10      [23~ [24~ F11 F12
 * Any other byte after ESC: ESC is the Escape key by itself.
 */
#include "parsers/keys/keys.h"

#include <string.h>

#define ESC 0x1b

static const struct {
	const char *rest; /* after ESC */
	uint16_t scan;
} sequences[] = {
	{ "[A", KEYS_SCAN_UP },
	{ "OA", KEYS_SCAN_UP },
	{ "[B", KEYS_SCAN_DOWN },
	{ "OB", KEYS_SCAN_DOWN },
	{ "[C", KEYS_SCAN_RIGHT },
	{ "OC", KEYS_SCAN_RIGHT },
	{ "[D", KEYS_SCAN_LEFT },
	{ "OD", KEYS_SCAN_LEFT },
	{ "[H", KEYS_SCAN_HOME },
	{ "OH", KEYS_SCAN_HOME },
	{ "[1~", KEYS_SCAN_HOME },
	{ "[F", KEYS_SCAN_END },
	{ "OF", KEYS_SCAN_END },
	{ "[4~", KEYS_SCAN_END },
	{ "[2~", KEYS_SCAN_INSERT },
	{ "[3~", KEYS_SCAN_DELETE },
	{ "[5~", KEYS_SCAN_PAGE_UP },
	{ "[6~", KEYS_SCAN_PAGE_DOWN },
	{ "OP", KEYS_SCAN_F1 },
	{ "OQ", KEYS_SCAN_F1 + 1 },
	{ "OR", KEYS_SCAN_F1 + 2 },
	{ "OS", KEYS_SCAN_F1 + 3 },
	{ "[11~", KEYS_SCAN_F1 },
	{ "[12~", KEYS_SCAN_F1 + 1 },
	{ "[13~", KEYS_SCAN_F1 + 2 },
	{ "[14~", KEYS_SCAN_F1 + 3 },
	{ "[[A", KEYS_SCAN_F1 },
	{ "[[B", KEYS_SCAN_F1 + 1 },
	{ "[[C", KEYS_SCAN_F1 + 2 },
	{ "[[D", KEYS_SCAN_F1 + 3 },
	{ "[[E", KEYS_SCAN_F1 + 4 },
	{ "[15~", KEYS_SCAN_F1 + 4 },
	{ "[17~", KEYS_SCAN_F1 + 5 },
	{ "[18~", KEYS_SCAN_F1 + 6 },
	{ "[19~", KEYS_SCAN_F1 + 7 },
	{ "[20~", KEYS_SCAN_F1 + 8 },
	{ "[21~", KEYS_SCAN_F1 + 9 },
	{ "[23~", KEYS_SCAN_F11 },
	{ "[24~", KEYS_SCAN_F12 },
};

static enum keys_status one(struct keys_key *key, size_t *used, uint16_t scan, uint16_t c,
			    size_t n)
{
	key->scan_code = scan;
	key->unicode_char = c;
	*used = n;
	return KEYS_OK;
}

enum keys_status keys_decode(const uint8_t *b, size_t len, bool final, struct keys_key *key,
			     size_t *used)
{
	bool prefix = false;

	if (len == 0) /* no byte yet: nothing to decode, final or not */
		return KEYS_NEED_MORE;
	if (b[0] != ESC) {
		uint16_t c = b[0] == '\n' ? '\r' : b[0] == 0x7f ? 0x08 : b[0];

		return one(key, used, KEYS_SCAN_NULL, c, 1);
	}
	for (size_t i = 0; i < sizeof(sequences) / sizeof(sequences[0]); i++) {
		size_t n = strlen(sequences[i].rest);

		if (len - 1 >= n && !memcmp(b + 1, sequences[i].rest, n))
			return one(key, used, sequences[i].scan, 0, 1 + n);
		if (len - 1 < n && !memcmp(b + 1, sequences[i].rest, len - 1))
			prefix = true;
	}
	if (prefix && !final)
		return KEYS_NEED_MORE;
	return one(key, used, KEYS_SCAN_ESC, 0, 1);
}
