/*
 * SMBIOS harness. Input: u8 n, the n-byte entry point (etc/smbios/
 * smbios-anchor), then the structure table (etc/smbios/smbios-tables).
 * With a valid entry point the table is walked within its maximum size;
 * otherwise the walk still runs over the whole table.
 *
 * Oracles: an accepted table walks with smbios_next() to the same count,
 * ending with type 127; every string number 1..num_strings resolves inside
 * the structure and the next one is refused; an entry point whose table
 * address is set passes the full check (checksum included) and reads back
 * the address.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/oracle.h"
#include "parsers/smbios/smbios.h"

int fuzz_status(const uint8_t *data, size_t size);
const char *fuzz_strerror(int status);

static void walk_strings(const struct smbios_struct *s)
{
	const char *str;

	for (size_t i = 1; i <= s->num_strings && i <= 255; i++) {
		REQUIRE(smbios_string(s, (uint8_t)i, &str) == SMBIOS_OK);
		REQUIRE(str >= s->strings &&
			str + strlen(str) < (const char *)s->formatted + s->total_len);
	}
	if (s->num_strings < 255)
		REQUIRE(smbios_string(s, (uint8_t)(s->num_strings + 1), &str) ==
			SMBIOS_ERR_STRING_INDEX);
	REQUIRE(smbios_string(s, 0, &str) == SMBIOS_ERR_NO_STRING);
}

static void walk_tables(const uint8_t *tables, size_t len, size_t count)
{
	struct smbios_struct s = { 0 };
	size_t off = 0;

	for (size_t i = 0; i < count; i++) {
		REQUIRE(smbios_next(tables, len, &off, &s) == SMBIOS_OK);
		REQUIRE(s.length >= SMBIOS_HEADER_SIZE && off <= len);
		walk_strings(&s);
		REQUIRE((s.type == SMBIOS_TYPE_END) == (i + 1 == count));
	}
}

static void check_set_address(const uint8_t *ep, size_t len, uint64_t addr)
{
	uint8_t *copy = malloc(len);
	struct smbios_ep out;

	REQUIRE(copy != NULL);
	memcpy(copy, ep, len);
	smbios_ep_set_table_address(copy, addr);
	REQUIRE(smbios_ep_check(copy, len, &out) == SMBIOS_OK && out.table_address == addr);
	free(copy);
}

int fuzz_status(const uint8_t *data, size_t size)
{
	const uint8_t *ep, *tables;
	size_t ep_len, tables_len, count = 0;
	struct smbios_ep info;
	int status, walk;

	if (size < 1)
		return -1;
	ep_len = data[0] < size - 1 ? data[0] : size - 1;
	ep = data + 1;
	tables = ep + ep_len;
	tables_len = size - 1 - ep_len;

	smbios_ep_check(ep, ep_len, &info);
	status = smbios_ep_template_check(ep, ep_len, &info);
	REQUIRE(fuzz_strerror(status) != NULL);
	if (status != SMBIOS_OK) {
		smbios_tables_check(tables, tables_len, (uint32_t)tables_len, &count);
		return status;
	}
	check_set_address(ep, ep_len, 0x40001000ull + tables_len);
	walk = smbios_tables_check(tables, tables_len, info.table_max_size, &count);
	if (walk == SMBIOS_OK)
		walk_tables(tables, tables_len < info.table_max_size ? tables_len :
				    info.table_max_size, count);
	return walk;
}

const char *fuzz_strerror(int status)
{
	return smbios_strerror(status);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_status(data, size);
	return 0;
}
