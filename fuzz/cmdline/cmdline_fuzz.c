/*
 * cmdline_to_utf16() on arbitrary bytes: with len + 1 units it must succeed
 * with well-formed, NUL-terminated UTF-16 (no other NUL, surrogates paired)
 * that, encoded back to UTF-8, reproduces the input wherever no U+FFFD was
 * substituted, and converts to itself again. One unit less than needed must
 * fail with nothing written outside the exact-size heap buffers. The same
 * input also goes through cmdline_has_param() (see check_param_lookup()).
 */
#define _GNU_SOURCE /* memmem */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/oracle.h"
#include "parsers/bytes/utf8.h"
#include "parsers/cmdline/cmdline.h"

/*
 * Checks out[0..units) is well-formed UTF-16 ending in its only NUL, and
 * re-encodes it to UTF-8 in utf8 (room for 3 bytes per unit); returns the
 * byte count. *replaced tells whether any U+FFFD occurred.
 */
static size_t to_utf8(const uint16_t *out, size_t units, uint8_t *utf8, bool *replaced)
{
	size_t n = 0;

	REQUIRE(units >= 1 && out[units - 1] == 0);
	*replaced = false;
	for (size_t i = 0; i + 1 < units; i++) {
		uint32_t cp = out[i];

		REQUIRE(cp != 0 && (cp < 0xdc00 || cp > 0xdfff));
		if (cp >= 0xd800 && cp <= 0xdbff) {
			REQUIRE(i + 2 < units && out[i + 1] >= 0xdc00 && out[i + 1] <= 0xdfff);
			cp = 0x10000 + ((cp - 0xd800) << 10) + (out[++i] - 0xdc00);
		}
		*replaced |= cp == 0xfffd;
		n += bytes_put_utf8(utf8 + n, cp);
	}
	return n;
}

/*
 * cmdline_has_param() reads nothing past the first NUL, finds a name only
 * where its bytes occur, and finds " nokaslr" appended to a line without
 * quotes or "--".
 */
static void check_param_lookup(const uint8_t *data, size_t size)
{
	size_t text_len = memchr(data, 0, size) ? strlen((const char *)data) : size;
	bool found = cmdline_has_param(data, size, "nokaslr");
	uint8_t *copy = malloc(text_len + sizeof(" nokaslr"));

	REQUIRE(found == cmdline_has_param(data, text_len, "nokaslr"));
	if (found)
		REQUIRE(memmem(data, text_len, "nokaslr", 7) != NULL);
	if (!memchr(data, '"', text_len) && !memmem(data, text_len, "--", 2)) {
		memcpy(copy, data, text_len);
		memcpy(copy + text_len, " nokaslr", 8);
		REQUIRE(cmdline_has_param(copy, text_len + 8, "nokaslr"));
	}
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t max = size + 1, units, again_units, text_len, n;
	uint16_t *out = malloc(max * sizeof(*out));
	uint16_t *again = malloc(max * sizeof(*again) * 3);
	uint8_t *utf8 = malloc(3 * max);
	bool replaced;

	REQUIRE(cmdline_to_utf16(data, size, out, max, &units) == CMDLINE_OK);
	REQUIRE(units <= max);
	n = to_utf8(out, units, utf8, &replaced);
	text_len = memchr(data, 0, size) ? strlen((const char *)data) : size;
	if (!replaced)
		REQUIRE(n == text_len && memcmp(utf8, data, n) == 0);
	/* Re-encoded text is well-formed: converting it changes nothing. */
	REQUIRE(cmdline_to_utf16(utf8, n, again, 3 * max, &again_units) == CMDLINE_OK);
	REQUIRE(again_units == units && memcmp(again, out, units * sizeof(*out)) == 0);
	free(again);
	free(utf8);
	free(out);

	/* One unit short (possibly zero units): refused, no write out of bounds. */
	out = malloc((units - 1) * sizeof(*out));
	REQUIRE(cmdline_to_utf16(data, size, out, units - 1, &again_units) ==
		CMDLINE_ERR_TOO_LONG);
	REQUIRE(again_units == 0);
	/* Each status has a message of its own (the firmware prints it). */
	REQUIRE(strcmp(cmdline_strerror(CMDLINE_ERR_TOO_LONG), cmdline_strerror(CMDLINE_OK)) != 0);
	free(out);
	check_param_lookup(data, size);
	return 0;
}
