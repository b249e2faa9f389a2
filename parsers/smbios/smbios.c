/*
 * SMBIOS 3 entry point and structure table checks.
 *
 * Rule (in order)                                          -> status
 * Entry point (smbios_ep_check):
 *   at least 24 bytes                                      -> SMBIOS_ERR_EP_TOO_SHORT
 *   anchor "_SM3_"                                         -> SMBIOS_ERR_EP_ANCHOR
 *   24 <= length field <= buffer                           -> SMBIOS_ERR_EP_LENGTH
 *   bytes 0..length-1 sum to 0 (not for a template)        -> SMBIOS_ERR_EP_CHECKSUM
 *   major version >= 3                                     -> SMBIOS_ERR_EP_VERSION
 *   entry point revision 1                                 -> SMBIOS_ERR_EP_REVISION
 *   structure table maximum size > 0                       -> SMBIOS_ERR_EP_TABLE_SIZE
 * Each structure (smbios_next), within the table:
 *   4 header bytes left                                    -> SMBIOS_ERR_HEADER_TRUNCATED
 *   formatted length >= 4                                  -> SMBIOS_ERR_FORMATTED_SHORT
 *   formatted area inside the table                        -> SMBIOS_ERR_FORMATTED_TRUNCATED
 *   a double NUL at or after the formatted area ends the
 *   string set inside the table                            -> SMBIOS_ERR_STRINGS_UNTERMINATED
 * Table (smbios_tables_check), over min(len, max size):
 *   a type 127 structure before the end                    -> SMBIOS_ERR_NO_END
 *
 * The string set ends at the first double NUL, as Linux's dmi_scan reads it;
 * a structure without strings thus still takes two NUL bytes.
 */
#include "parsers/smbios/smbios.h"

#include <stdbool.h>
#include <string.h>

#include "parsers/bytes/bytes.h"
#include "parsers/bytes/status_message.h"

static int check_ep(const uint8_t *p, size_t len, bool verify_checksum, struct smbios_ep *ep)
{
	if (len < SMBIOS3_EP_SIZE)
		return SMBIOS_ERR_EP_TOO_SHORT;
	if (memcmp(p, "_SM3_", 5) != 0)
		return SMBIOS_ERR_EP_ANCHOR;
	if (p[6] < SMBIOS3_EP_SIZE || p[6] > len)
		return SMBIOS_ERR_EP_LENGTH;
	if (verify_checksum && bytes_sum(p, p[6]) != 0)
		return SMBIOS_ERR_EP_CHECKSUM;
	if (p[7] < 3)
		return SMBIOS_ERR_EP_VERSION;
	if (p[10] != 1)
		return SMBIOS_ERR_EP_REVISION;
	*ep = (struct smbios_ep){
		.major = p[7],
		.minor = p[8],
		.docrev = p[9],
		.table_max_size = (uint32_t)bytes_load_le(p + 12, 4),
		.table_address = bytes_load_le(p + 16, 8),
	};
	if (ep->table_max_size == 0)
		return SMBIOS_ERR_EP_TABLE_SIZE;
	return SMBIOS_OK;
}

int smbios_ep_check(const void *buf, size_t len, struct smbios_ep *ep)
{
	return check_ep(buf, len, true, ep);
}

int smbios_ep_template_check(const void *buf, size_t len, struct smbios_ep *ep)
{
	return check_ep(buf, len, false, ep);
}

/* Counts the strings from `strings` up to the double NUL at `end`. */
static size_t count_strings(const char *strings, const char *end)
{
	size_t n = 0;

	for (const char *s = strings; s < end; s += strlen(s) + 1)
		n++;
	return n;
}

int smbios_next(const void *buf, size_t len, size_t *offset, struct smbios_struct *s)
{
	const uint8_t *p = buf;
	size_t off = *offset, end;

	if (off > len || len - off < SMBIOS_HEADER_SIZE)
		return SMBIOS_ERR_HEADER_TRUNCATED;
	if (p[off + 1] < SMBIOS_HEADER_SIZE)
		return SMBIOS_ERR_FORMATTED_SHORT;
	if (p[off + 1] > len - off)
		return SMBIOS_ERR_FORMATTED_TRUNCATED;
	end = off + p[off + 1];
	while (end + 1 < len && (p[end] != 0 || p[end + 1] != 0))
		end++;
	if (end + 1 >= len)
		return SMBIOS_ERR_STRINGS_UNTERMINATED;
	/* p[end] and p[end + 1] are the double NUL. */
	*s = (struct smbios_struct){
		.type = p[off],
		.length = p[off + 1],
		.handle = (uint16_t)bytes_load_le(p + off + 2, 2),
		.formatted = p + off,
		.strings = (const char *)p + off + p[off + 1],
		.total_len = end + 2 - off,
	};
	s->num_strings = count_strings(s->strings, (const char *)p + end);
	*offset = end + 2;
	return SMBIOS_OK;
}

int smbios_tables_check(const void *buf, size_t len, uint32_t max_size, size_t *count)
{
	size_t limit = len < max_size ? len : max_size;
	size_t off = 0, n = 0;
	struct smbios_struct s;

	while (off < limit) {
		int status = smbios_next(buf, limit, &off, &s);

		if (status != SMBIOS_OK)
			return status;
		n++;
		if (s.type == SMBIOS_TYPE_END) {
			*count = n;
			return SMBIOS_OK;
		}
	}
	return SMBIOS_ERR_NO_END;
}

int smbios_string(const struct smbios_struct *s, uint8_t idx, const char **str)
{
	const char *p = s->strings;

	if (idx == 0)
		return SMBIOS_ERR_NO_STRING;
	if (idx > s->num_strings)
		return SMBIOS_ERR_STRING_INDEX;
	while (--idx > 0)
		p += strlen(p) + 1;
	*str = p;
	return SMBIOS_OK;
}

void smbios_ep_set_table_address(void *ep, uint64_t addr)
{
	uint8_t *p = ep;

	for (unsigned i = 0; i < 8; i++)
		p[16 + i] = (uint8_t)(addr >> (8 * i));
	p[5] = 0;
	p[5] = (uint8_t)-bytes_sum(p, p[6]);
}

const char *smbios_strerror(int status)
{
	static const char *const msg[SMBIOS_ERR_COUNT_] = {
		[SMBIOS_OK] = "ok",
		[SMBIOS_ERR_EP_TOO_SHORT] = "entry point shorter than 24 bytes",
		[SMBIOS_ERR_EP_ANCHOR] = "entry point anchor not \"_SM3_\"",
		[SMBIOS_ERR_EP_LENGTH] = "entry point length out of range",
		[SMBIOS_ERR_EP_CHECKSUM] = "entry point checksum wrong",
		[SMBIOS_ERR_EP_VERSION] = "SMBIOS major version below 3",
		[SMBIOS_ERR_EP_REVISION] = "entry point revision not 1",
		[SMBIOS_ERR_EP_TABLE_SIZE] = "structure table maximum size 0",
		[SMBIOS_ERR_HEADER_TRUNCATED] = "structure header truncated",
		[SMBIOS_ERR_FORMATTED_SHORT] = "structure length below 4",
		[SMBIOS_ERR_FORMATTED_TRUNCATED] = "structure formatted area truncated",
		[SMBIOS_ERR_STRINGS_UNTERMINATED] = "structure string set unterminated",
		[SMBIOS_ERR_NO_END] = "no end-of-table structure",
		[SMBIOS_ERR_NO_STRING] = "string number 0",
		[SMBIOS_ERR_STRING_INDEX] = "string number beyond the string set",
	};

	return bytes_status_message(msg, SMBIOS_ERR_COUNT_, status, "unknown SMBIOS status");
}
