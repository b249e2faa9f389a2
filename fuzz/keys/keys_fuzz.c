/*
 * keys_decode() over arbitrary terminal bytes, as the console reads them: key
 * after key until the bytes run out, the last call final. Every call decodes
 * at least one byte and no more than it was given; asks for more only when
 * not final, on bytes that begin with ESC and are shorter than the longest
 * sequence; gives a scan code of the UEFI table (up to Escape) with no
 * character, or a character (never LF or DEL) with no scan code. A key
 * decoded from fewer bytes is decoded the same from the whole rest.
 */
#include <stdlib.h>

#include "fuzz/oracle.h"
#include "parsers/keys/keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off = 0;

	while (off < size) {
		struct keys_key key, again;
		size_t used = 0, used_again = 0, left = size - off;
		enum keys_status s = keys_decode(data + off, left, false, &key, &used);

		if (s == KEYS_NEED_MORE) {
			REQUIRE(data[off] == 0x1b && left < 1 + KEYS_MAX_SEQUENCE);
			REQUIRE(keys_decode(data + off, left, true, &key, &used) == KEYS_OK);
			REQUIRE(key.scan_code == KEYS_SCAN_ESC && used == 1);
		}
		REQUIRE(used >= 1 && used <= left && used <= 1 + KEYS_MAX_SEQUENCE);
		if (key.scan_code != KEYS_SCAN_NULL)
			REQUIRE(key.scan_code <= KEYS_SCAN_ESC && key.unicode_char == 0);
		else
			REQUIRE(key.unicode_char != '\n' && key.unicode_char != 0x7f);
		if (s == KEYS_OK && used < left) {
			/* the key's own bytes alone decode to it (when they are no prefix) */
			if (keys_decode(data + off, used, true, &again, &used_again) == KEYS_OK &&
			    used_again == used)
				REQUIRE(again.scan_code == key.scan_code &&
					again.unicode_char == key.unicode_char);
		}
		off += used;
	}
	return 0;
}
