/* Host tests of the store format: every rule of varstore_check.c, and the writer under power cuts. */
#include <stdlib.h>
#include <string.h>

#include "parsers/bytes/bytes.h"
#include "parsers/testing/strerror_table.h"
#include "parsers/varstore/testing/ram_flash.h"
#include "parsers/varstore/varstore.h"
#include "tools/testing/check.h"

#define AREA 4096u
#define WINDOW (2 * AREA)
#define BLOCK 1024u
#define NVBS (VARSTORE_ATTR_NV | VARSTORE_ATTR_BS)
#define CHECK_STATUS(expr, want) CHECK_STATUS_AS(expr, want, varstore_strerror)

static uint8_t flash[WINDOW];
static struct varstore_log log_;
static const uint8_t guid[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
static const uint8_t name_a[] = { 'A', 0, 0, 0 };
static const uint8_t name_b[] = { 'B', 0, 'b', 0, 0, 0 };

static struct varstore_value value(const uint8_t *name, uint32_t name_size, uint32_t attributes,
				   const char *data)
{
	struct varstore_value v = { .guid = guid, .name = name, .name_size = name_size,
				    .attributes = attributes };

	v.data[0] = (const uint8_t *)data;
	v.data_size[0] = data ? strlen(data) : 0;
	return v;
}

static void formatted(void)
{
	memset(flash, 0x5a, sizeof(flash));
	ram_flash_init(flash, sizeof(flash), BLOCK);
	CHECK(varstore_log_format(&log_, flash, WINDOW, BLOCK) == VARSTORE_LOG_OK);
}

static int append(const uint8_t *name, uint32_t name_size, const char *data)
{
	struct varstore_value v = value(name, name_size, data ? NVBS : 0, data);

	return varstore_log_append(&log_, &v);
}

/* The data of the last committed record of name in the store, or NULL. */
static const uint8_t *lookup(const uint8_t *name, uint32_t name_size, uint32_t *size)
{
	struct varstore_info info;
	struct varstore_record rec;
	uint64_t cursor = 0;
	const uint8_t *found = NULL;

	if (varstore_check(flash, WINDOW, &info) != VARSTORE_OK)
		return NULL;
	while (varstore_next(flash, WINDOW, &info, &cursor, &rec) == VARSTORE_OK)
		if (rec.name_size == name_size && memcmp(rec.name, name, name_size) == 0) {
			found = rec.attributes ? rec.data : NULL;
			*size = rec.data_size;
		}
	return found;
}

static bool holds(const uint8_t *name, uint32_t name_size, const char *data)
{
	uint32_t size = 0;
	const uint8_t *got = lookup(name, name_size, &size);

	if (!data)
		return got == NULL;
	return got && size == strlen(data) && memcmp(got, data, size) == 0;
}

static void test_format_and_walk(void)
{
	struct varstore_info info;
	struct varstore_record rec;
	uint64_t cursor = 0;

	formatted();
	CHECK_STATUS(varstore_check(flash, WINDOW, &info), VARSTORE_OK);
	CHECK(info.active == 0 && info.generation == 1 && info.records == 0);
	CHECK(info.end == VARSTORE_AREA_HEADER_SIZE && info.tail == VARSTORE_OK);
	CHECK(append(name_a, sizeof(name_a), "one") == VARSTORE_LOG_OK);
	CHECK(append(name_b, sizeof(name_b), "two!") == VARSTORE_LOG_OK);
	CHECK(append(name_a, sizeof(name_a), NULL) == VARSTORE_LOG_OK);
	CHECK_STATUS(varstore_check(flash, WINDOW, &info), VARSTORE_OK);
	CHECK(info.records == 3 && info.skipped == 0 && info.next_seq == 4);
	CHECK(info.end == log_.end);
	CHECK_STATUS(varstore_next(flash, WINDOW, &info, &cursor, &rec), VARSTORE_OK);
	CHECK(rec.seq == 1 && rec.data_size == 3 && memcmp(rec.data, "one", 3) == 0);
	CHECK(memcmp(rec.guid, guid, 16) == 0 && rec.attributes == NVBS);
	CHECK_STATUS(varstore_next(flash, WINDOW, &info, &cursor, &rec), VARSTORE_OK);
	CHECK(rec.name_size == sizeof(name_b) && memcmp(rec.data, "two!", 4) == 0);
	CHECK_STATUS(varstore_next(flash, WINDOW, &info, &cursor, &rec), VARSTORE_OK);
	CHECK(rec.attributes == 0 && rec.data_size == 0);
	CHECK_STATUS(varstore_next(flash, WINDOW, &info, &cursor, &rec), VARSTORE_END);
	CHECK(holds(name_a, sizeof(name_a), NULL) && holds(name_b, sizeof(name_b), "two!"));
}

static void test_not_a_store(void)
{
	struct varstore_info info;
	unsigned active;

	CHECK_STATUS(varstore_check(flash, 100, &info), VARSTORE_ERR_ARGUMENT);
	CHECK_STATUS(varstore_check(flash, WINDOW - 8, &info), VARSTORE_ERR_ARGUMENT);
	CHECK_STATUS(varstore_check(NULL, WINDOW, &info), VARSTORE_ERR_ARGUMENT);
	memset(flash, 0xff, sizeof(flash));
	CHECK_STATUS(varstore_check(flash, WINDOW, &info), VARSTORE_ERR_BLANK);
	CHECK_STATUS(varstore_check_headers(flash, flash + AREA, AREA, &active), VARSTORE_ERR_BLANK);
	memset(flash, 0, sizeof(flash));
	CHECK_STATUS(varstore_check(flash, WINDOW, &info), VARSTORE_ERR_ZERO);
	CHECK_STATUS(varstore_check_headers(flash, flash + AREA, AREA, &active), VARSTORE_ERR_ZERO);
	flash[AREA + 3] = 1;
	CHECK_STATUS(varstore_check(flash, WINDOW, &info), VARSTORE_ERR_NO_AREA);
	CHECK_STATUS(varstore_check_headers(flash, flash + AREA, AREA, &active), VARSTORE_ERR_NO_AREA);
	CHECK_STATUS(varstore_check_headers(NULL, flash, AREA, &active), VARSTORE_ERR_ARGUMENT);
}

/* Area header rules: a broken area 1 header (a newer generation) loses to area 0. */
static void test_area_rules(void)
{
	static const struct {
		unsigned offset;
		uint8_t value;
		int rule;
	} cases[] = {
		{ 0, 'x', VARSTORE_ERR_AREA_MAGIC },
		{ 24, 9, VARSTORE_ERR_AREA_CHECKSUM },
		{ 8, 2, VARSTORE_ERR_AREA_VERSION },
		{ 12, 32, VARSTORE_ERR_AREA_VERSION },
		{ 17, 0x20, VARSTORE_ERR_AREA_SIZE },
		{ 40, 0, VARSTORE_ERR_AREA_RESERVED },
	};
	unsigned active = 2;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct varstore_info info;
		uint8_t *h = flash + AREA;

		formatted();
		CHECK(varstore_log_compact_begin(&log_) == VARSTORE_LOG_OK);
		CHECK(varstore_log_compact_end(&log_) == VARSTORE_LOG_OK);
		CHECK_STATUS(varstore_check(flash, WINDOW, &info), VARSTORE_OK);
		CHECK(info.active == 1 && info.generation == 2);
		CHECK_STATUS(varstore_check_headers(flash, h, AREA, &active), VARSTORE_OK);
		CHECK(active == 1); /* both valid: the newer */
		h[cases[i].offset] = cases[i].value;
		if (cases[i].rule != VARSTORE_ERR_AREA_CHECKSUM &&
		    cases[i].rule != VARSTORE_ERR_AREA_MAGIC &&
		    cases[i].rule != VARSTORE_ERR_AREA_RESERVED)
			bytes_store_le(h + 32, varstore_sum_of(h + 8, 24), 4);
		CHECK_STATUS(varstore_check(flash, WINDOW, &info), VARSTORE_OK);
		CHECK(info.active == 0 && info.generation == 1);
		CHECK_STATUS(info.other, cases[i].rule);
		/* the headers alone tell a store: one valid area is enough, none is none */
		CHECK_STATUS(varstore_check_headers(flash, h, AREA, &active), VARSTORE_OK);
		CHECK(active == 0);
		/* the other way round: the valid header is the second */
		CHECK_STATUS(varstore_check_headers(h, flash, AREA, &active), VARSTORE_OK);
		CHECK(active == 1);
		flash[0] ^= 1;
		CHECK_STATUS(varstore_check_headers(flash, h, AREA, &active), VARSTORE_ERR_NO_AREA);
		CHECK_STATUS(varstore_check(flash, WINDOW, &info), VARSTORE_ERR_NO_AREA);
		flash[0] ^= 1;
	}
}

/* Rewrites a header field of the first record and fixes its header sum. */
static void patch_record(unsigned offset, uint32_t value, unsigned size)
{
	uint8_t *h = flash + VARSTORE_AREA_HEADER_SIZE;

	bytes_store_le(h + offset, value, size);
	bytes_store_le(h + 48, varstore_sum_of(h + 8, 40), 4);
}

static void test_record_rules(void)
{
	static const struct {
		unsigned offset, size;
		uint32_t value;
		bool fix_sum;
		int tail, skip;
	} cases[] = {
		{ 0, 4, 0x12345678, false, VARSTORE_ERR_RECORD_MAGIC, 0 },
		{ 20, 1, 0x77, false, VARSTORE_ERR_RECORD_CHECKSUM, 0 },
		{ 52, 4, 0, true, VARSTORE_ERR_RECORD_RESERVED, 0 },
		{ 36, 4, 3, true, VARSTORE_ERR_RECORD_NAME_SIZE, 0 },
		{ 36, 4, 2, true, VARSTORE_ERR_RECORD_NAME_SIZE, 0 },
		{ 36, 4, 1026, true, VARSTORE_ERR_RECORD_NAME_SIZE, 0 },
		{ 32, 4, 0x7, false, VARSTORE_ERR_RECORD_CHECKSUM, 0 },
		{ 32, 4, 0x6, true, VARSTORE_ERR_RECORD_ATTRIBUTES, 0 },
		{ 32, 4, 0x13, true, VARSTORE_ERR_RECORD_ATTRIBUTES, 0 },
		{ 40, 4, AREA, true, VARSTORE_ERR_RECORD_SIZE, 0 },
		{ 40, 4, 0xffffffffu, true, VARSTORE_ERR_RECORD_SIZE, 0 },
		{ 8, 4, 5, true, VARSTORE_ERR_RECORD_SEQUENCE, 0 },
		{ 4, 4, 0xffffffffu, false, 0, VARSTORE_ERR_RECORD_UNCOMMITTED },
		{ 4, 4, 0x54494d40, false, 0, VARSTORE_ERR_RECORD_COMMIT },
		{ 44, 4, 1, true, 0, VARSTORE_ERR_RECORD_BODY },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct varstore_info info;

		formatted();
		CHECK(append(name_a, sizeof(name_a), "one") == VARSTORE_LOG_OK);
		CHECK(append(name_b, sizeof(name_b), "xy") == VARSTORE_LOG_OK);
		if (cases[i].tail == VARSTORE_ERR_RECORD_SEQUENCE) {
			/* the second record's sequence number must be above the first's */
			patch_record(8, 2, 4);
		} else if (cases[i].fix_sum) {
			patch_record(cases[i].offset, cases[i].value, cases[i].size);
		} else {
			bytes_store_le(flash + VARSTORE_AREA_HEADER_SIZE + cases[i].offset,
				       cases[i].value, cases[i].size);
		}
		CHECK_STATUS(varstore_check(flash, WINDOW, &info), VARSTORE_OK);
		if (cases[i].tail) {
			CHECK_STATUS(info.tail, cases[i].tail);
			CHECK(info.records == (cases[i].tail == VARSTORE_ERR_RECORD_SEQUENCE));
			/* the first record ends the log: the second lies past it, unread */
			CHECK(info.unread > 0);
		} else {
			CHECK_STATUS(info.skip_reason, cases[i].skip);
			CHECK(info.records == 1 && info.skipped == 1 && info.tail == VARSTORE_OK);
			CHECK(holds(name_a, sizeof(name_a), NULL));
			CHECK(holds(name_b, sizeof(name_b), "xy"));
		}
	}
}

static void test_record_name_and_tombstone(void)
{
	static const uint8_t inner_nul[] = { 'A', 0, 0, 0, 'B', 0, 0, 0 };
	static const uint8_t no_nul[] = { 'A', 0, 'B', 0 };
	struct varstore_info info;
	struct varstore_value v;

	formatted();
	v = value(inner_nul, sizeof(inner_nul), NVBS, "d");
	CHECK(varstore_log_append(&log_, &v) == VARSTORE_LOG_OK);
	v = value(no_nul, sizeof(no_nul), NVBS, "d");
	CHECK(varstore_log_append(&log_, &v) == VARSTORE_LOG_OK);
	CHECK_STATUS(varstore_check(flash, WINDOW, &info), VARSTORE_OK);
	CHECK(info.skipped == 2 && info.records == 0);
	CHECK_STATUS(info.skip_reason, VARSTORE_ERR_RECORD_NAME);
	formatted();
	v = value(name_a, sizeof(name_a), 0, "data");
	CHECK(varstore_log_append(&log_, &v) == VARSTORE_LOG_OK);
	CHECK_STATUS(varstore_check(flash, WINDOW, &info), VARSTORE_OK);
	CHECK_STATUS(info.tail, VARSTORE_ERR_RECORD_TOMBSTONE);
}

static void test_garbage_after_log(void)
{
	struct varstore_info info;

	formatted();
	CHECK(append(name_a, sizeof(name_a), "one") == VARSTORE_LOG_OK);
	flash[log_.end + 100] = 0; /* host garbage where the next record goes */
	CHECK(append(name_b, sizeof(name_b), "a longer value that reaches the garbage byte and "
					      "beyond it, by a good margin") == VARSTORE_LOG_FULL);
	CHECK(!log_.clean);
	CHECK(append(name_b, sizeof(name_b), "x") == VARSTORE_LOG_FULL);
	CHECK_STATUS(varstore_check(flash, WINDOW, &info), VARSTORE_OK);
	CHECK(holds(name_a, sizeof(name_a), "one"));
	/* near the end of an area, a record that does not fit is refused */
	formatted();
	while (append(name_a, sizeof(name_a), "0123456789abcdef0123456789") == VARSTORE_LOG_OK)
		;
	CHECK(log_.clean && log_.end > AREA - 128);
	CHECK_STATUS(varstore_check(flash, WINDOW, &info), VARSTORE_OK);
	CHECK(info.tail == VARSTORE_OK && info.end == log_.end);
}

/*
 * Old records beyond an erased header (a stale block, hostile flash): the
 * walk ends at the erased header, so an append there must not make them
 * reachable behind the new record, where they would override it at the next
 * boot. The writer refuses (compaction instead) when the header slot after
 * its record is not erased.
 */
static void test_stale_records_after_erased_header(void)
{
	struct varstore_info info;
	uint64_t b_at, c_at;

	formatted();
	CHECK(append(name_a, sizeof(name_a), "one") == VARSTORE_LOG_OK);
	b_at = log_.end;
	CHECK(append(name_b, sizeof(name_b), "two") == VARSTORE_LOG_OK);
	c_at = log_.end;
	CHECK(append(name_b, sizeof(name_b), "stale") == VARSTORE_LOG_OK);
	memset(flash + b_at, 0xff, c_at - b_at); /* B's record erased, the stale one kept */
	CHECK_STATUS(varstore_check(flash, WINDOW, &info), VARSTORE_OK);
	CHECK(info.tail == VARSTORE_OK && info.records == 1 && info.end == b_at);
	varstore_log_open(&log_, flash, BLOCK, &info);
	/* as long as B's record: its next header slot is the stale record's */
	CHECK(append(name_b, sizeof(name_b), "new") == VARSTORE_LOG_FULL);
	CHECK(holds(name_b, sizeof(name_b), NULL));
	CHECK_STATUS(varstore_check(flash, WINDOW, &info), VARSTORE_OK);
	CHECK(info.records == 1 && info.end == b_at);
	/* the compaction the caller then runs drops the stale record */
	CHECK(varstore_log_compact_begin(&log_) == VARSTORE_LOG_OK);
	{
		struct varstore_value a = value(name_a, sizeof(name_a), NVBS, "one");
		struct varstore_value b = value(name_b, sizeof(name_b), NVBS, "new");

		CHECK(varstore_log_compact_put(&log_, &a) == VARSTORE_LOG_OK);
		CHECK(varstore_log_compact_put(&log_, &b) == VARSTORE_LOG_OK);
	}
	CHECK(varstore_log_compact_end(&log_) == VARSTORE_LOG_OK);
	CHECK(holds(name_a, sizeof(name_a), "one") && holds(name_b, sizeof(name_b), "new"));
	CHECK_STATUS(varstore_check(flash, WINDOW, &info), VARSTORE_OK);
	CHECK(info.records == 2 && info.tail == VARSTORE_OK);
}

/* A cut at every operation of an append: the old value or the new, nothing else. */
static void test_append_power_cuts(void)
{
	for (int64_t n = 0;; n++) {
		struct varstore_info info;
		int status;

		formatted();
		CHECK(append(name_a, sizeof(name_a), "old") == VARSTORE_LOG_OK);
		ram_flash_cut_after(n);
		status = append(name_a, sizeof(name_a), "a new value, longer than the old");
		ram_flash_power_on();
		CHECK_STATUS(varstore_check(flash, WINDOW, &info), VARSTORE_OK);
		/* a cut write leaves nothing past its header: no record is reported lost */
		CHECK(info.unread == 0);
		if (status == VARSTORE_LOG_OK) {
			CHECK(holds(name_a, sizeof(name_a), "a new value, longer than the old"));
			break;
		}
		CHECK(holds(name_a, sizeof(name_a), "old"));
		/* after the reboot the writer goes on: at the end, or by compacting */
		varstore_log_open(&log_, flash, BLOCK, &info);
		if (append(name_b, sizeof(name_b), "next") != VARSTORE_LOG_OK) {
			struct varstore_value a = value(name_a, sizeof(name_a), NVBS, "old");
			struct varstore_value b = value(name_b, sizeof(name_b), NVBS, "next");

			CHECK(varstore_log_compact_begin(&log_) == VARSTORE_LOG_OK);
			CHECK(varstore_log_compact_put(&log_, &a) == VARSTORE_LOG_OK);
			CHECK(varstore_log_compact_put(&log_, &b) == VARSTORE_LOG_OK);
			CHECK(varstore_log_compact_end(&log_) == VARSTORE_LOG_OK);
		}
		CHECK(holds(name_a, sizeof(name_a), "old") && holds(name_b, sizeof(name_b), "next"));
		CHECK(n < 100);
	}
}

/* A cut at every operation of a compaction (and of the next one): old or new store. */
static void test_compaction_power_cuts(void)
{
	for (int round = 0; round < 2; round++) {
		for (int64_t n = 0;; n++) {
			struct varstore_value a = value(name_a, sizeof(name_a), NVBS, "kept");
			struct varstore_value b = value(name_b, sizeof(name_b), NVBS, "new");
			int status;

			formatted();
			for (int r = 0; r < round; r++) {
				CHECK(varstore_log_compact_begin(&log_) == VARSTORE_LOG_OK);
				CHECK(varstore_log_compact_end(&log_) == VARSTORE_LOG_OK);
			}
			CHECK(append(name_a, sizeof(name_a), "kept") == VARSTORE_LOG_OK);
			CHECK(append(name_b, sizeof(name_b), "old") == VARSTORE_LOG_OK);
			ram_flash_cut_after(n);
			status = varstore_log_compact_begin(&log_);
			if (status == VARSTORE_LOG_OK)
				status = varstore_log_compact_put(&log_, &a);
			if (status == VARSTORE_LOG_OK)
				status = varstore_log_compact_put(&log_, &b);
			if (status == VARSTORE_LOG_OK)
				status = varstore_log_compact_end(&log_);
			ram_flash_power_on();
			CHECK(holds(name_a, sizeof(name_a), "kept"));
			if (status == VARSTORE_LOG_OK) {
				CHECK(holds(name_b, sizeof(name_b), "new"));
				break;
			}
			CHECK(holds(name_b, sizeof(name_b), "old") ||
			      holds(name_b, sizeof(name_b), "new"));
			CHECK(n < 200);
		}
	}
}

static void test_read_only_flash(void)
{
	formatted();
	ram_flash.fail_all = true;
	CHECK(append(name_a, sizeof(name_a), "x") == VARSTORE_LOG_FLASH);
	CHECK(varstore_log_format(&log_, flash, WINDOW, BLOCK) == VARSTORE_LOG_FLASH);
	ram_flash.fail_all = false;
}

int main(void)
{
	test_format_and_walk();
	test_not_a_store();
	test_area_rules();
	test_record_rules();
	test_record_name_and_tombstone();
	test_garbage_after_log();
	test_stale_records_after_erased_header();
	test_append_power_cuts();
	test_compaction_power_cuts();
	test_read_only_flash();
	CHECK(strerror_table_ok(varstore_strerror, VARSTORE_ERR_COUNT,
				"unknown variable store status"));
	return check_report("varstore_test");
}
