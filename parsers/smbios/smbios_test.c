/* Host tests of parsers/smbios/smbios.c: one case per rule of its table. */
#include <stdio.h>
#include <string.h>

#include "parsers/smbios/smbios.h"
#include "parsers/testing/strerror_table.h"
#include "tools/testing/check.h"

#define CHECK_STATUS(expr, want) CHECK_STATUS_AS(expr, want, smbios_strerror)

static uint8_t ep[32];

static void fix_checksum(uint8_t *p, size_t len)
{
	uint8_t sum = 0;

	p[5] = 0;
	for (size_t i = 0; i < len; i++)
		sum += p[i];
	p[5] = (uint8_t)-sum;
}

static void build_ep(uint32_t max_size)
{
	memset(ep, 0, sizeof(ep));
	memcpy(ep, "_SM3_", 5);
	ep[6] = 24;
	ep[7] = 3, ep[8] = 0, ep[10] = 1;
	for (int i = 0; i < 4; i++)
		ep[12 + i] = (uint8_t)(max_size >> (8 * i));
	fix_checksum(ep, 24);
}

/* type 1 (2 strings), type 4 (no strings), type 127 end */
static const uint8_t tables[] = {
	1, 8, 0x00, 0x01, 1, 2, 0, 0, 'Q', 'E', 'M', 'U', 0, 'v', 'i', 'r', 't', 0, 0,
	4, 6, 0x00, 0x04, 0, 0, 0, 0,
	127, 4, 0xff, 0xfe, 0, 0,
};

static void test_ep(void)
{
	struct smbios_ep e;

	build_ep(sizeof(tables));
	CHECK_STATUS(smbios_ep_check(ep, 24, &e), SMBIOS_OK);
	CHECK(e.major == 3 && e.table_max_size == sizeof(tables) && e.table_address == 0);
	CHECK_STATUS(smbios_ep_check(ep, 23, &e), SMBIOS_ERR_EP_TOO_SHORT);
	ep[4] = '-';
	CHECK_STATUS(smbios_ep_check(ep, 24, &e), SMBIOS_ERR_EP_ANCHOR);
	build_ep(sizeof(tables));
	ep[6] = 25;
	CHECK_STATUS(smbios_ep_check(ep, 24, &e), SMBIOS_ERR_EP_LENGTH);
	ep[6] = 23;
	CHECK_STATUS(smbios_ep_check(ep, 24, &e), SMBIOS_ERR_EP_LENGTH);
	build_ep(sizeof(tables));
	ep[9] ^= 1;
	CHECK_STATUS(smbios_ep_check(ep, 24, &e), SMBIOS_ERR_EP_CHECKSUM);
	CHECK_STATUS(smbios_ep_template_check(ep, 24, &e), SMBIOS_OK);
	ep[4] = '-'; /* templates obey every other rule */
	CHECK_STATUS(smbios_ep_template_check(ep, 24, &e), SMBIOS_ERR_EP_ANCHOR);
	build_ep(sizeof(tables));
	ep[7] = 2;
	fix_checksum(ep, 24);
	CHECK_STATUS(smbios_ep_check(ep, 24, &e), SMBIOS_ERR_EP_VERSION);
	build_ep(sizeof(tables));
	ep[10] = 2;
	fix_checksum(ep, 24);
	CHECK_STATUS(smbios_ep_check(ep, 24, &e), SMBIOS_ERR_EP_REVISION);
	build_ep(0);
	CHECK_STATUS(smbios_ep_check(ep, 24, &e), SMBIOS_ERR_EP_TABLE_SIZE);
}

static void test_set_table_address(void)
{
	struct smbios_ep e;

	build_ep(sizeof(tables));
	ep[5] = 0; /* as QEMU leaves it */
	CHECK_STATUS(smbios_ep_check(ep, 24, &e), SMBIOS_ERR_EP_CHECKSUM);
	smbios_ep_set_table_address(ep, 0x123456789abcdef0);
	CHECK_STATUS(smbios_ep_check(ep, 24, &e), SMBIOS_OK);
	CHECK(e.table_address == 0x123456789abcdef0);
}

static void test_walk(void)
{
	struct smbios_struct s;
	const char *str;
	size_t off = 0, count = 0;

	CHECK_STATUS(smbios_tables_check(tables, sizeof(tables), sizeof(tables), &count), SMBIOS_OK);
	CHECK(count == 3);
	CHECK_STATUS(smbios_next(tables, sizeof(tables), &off, &s), SMBIOS_OK);
	CHECK(s.type == 1 && s.length == 8 && s.handle == 0x100 && s.num_strings == 2 &&
	      s.total_len == 19 && off == 19);
	CHECK_STATUS(smbios_string(&s, 2, &str), SMBIOS_OK);
	CHECK(strcmp(str, "virt") == 0);
	CHECK_STATUS(smbios_string(&s, 1, &str), SMBIOS_OK);
	CHECK(strcmp(str, "QEMU") == 0);
	CHECK_STATUS(smbios_string(&s, 0, &str), SMBIOS_ERR_NO_STRING);
	CHECK_STATUS(smbios_string(&s, 3, &str), SMBIOS_ERR_STRING_INDEX);
	CHECK_STATUS(smbios_next(tables, sizeof(tables), &off, &s), SMBIOS_OK);
	CHECK(s.type == 4 && s.num_strings == 0 && s.total_len == 8);
	CHECK_STATUS(smbios_next(tables, sizeof(tables), &off, &s), SMBIOS_OK);
	CHECK(s.type == 127 && off == sizeof(tables));
	CHECK_STATUS(smbios_next(tables, sizeof(tables), &off, &s), SMBIOS_ERR_HEADER_TRUNCATED);
}

static void test_walk_rules(void)
{
	uint8_t t[sizeof(tables)];
	size_t count;

	/* the max size cuts the table before the end structure */
	CHECK_STATUS(smbios_tables_check(tables, sizeof(tables), 27, &count), SMBIOS_ERR_NO_END);
	CHECK_STATUS(smbios_tables_check(tables, 29, sizeof(tables), &count),
		     SMBIOS_ERR_HEADER_TRUNCATED);
	CHECK_STATUS(smbios_tables_check(tables, 17, sizeof(tables), &count),
		     SMBIOS_ERR_STRINGS_UNTERMINATED);
	/* "virt\0" followed by the next structure: the set never ends */
	CHECK_STATUS(smbios_tables_check(tables, 18, sizeof(tables), &count),
		     SMBIOS_ERR_STRINGS_UNTERMINATED);
	CHECK_STATUS(smbios_tables_check(tables, 7, sizeof(tables), &count),
		     SMBIOS_ERR_FORMATTED_TRUNCATED);
	memcpy(t, tables, sizeof(t));
	t[20] = 3;
	CHECK_STATUS(smbios_tables_check(t, sizeof(t), sizeof(t), &count),
		     SMBIOS_ERR_FORMATTED_SHORT);
	memcpy(t, tables, sizeof(t));
	t[27] = 126; /* no end structure at all */
	CHECK_STATUS(smbios_tables_check(t, sizeof(t), sizeof(t), &count), SMBIOS_ERR_NO_END);
}

static void test_strerror(void)
{
	CHECK(strerror_table_ok(smbios_strerror, SMBIOS_ERR_COUNT_, "unknown SMBIOS status"));
}

int main(void)
{
	test_ep();
	test_set_table_address();
	test_walk();
	test_walk_rules();
	test_strerror();
	return check_report(__FILE__);
}
