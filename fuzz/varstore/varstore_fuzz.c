/*
 * Variable store harness: the input is a store window (two areas). Oracles
 * (abort on disagreement): a walk hands out exactly info.records records, in
 * log order, each inside the area before info.end with its name and data in
 * bounds; when the log's tail is clean, the writer appends a record at
 * info.end that a second check finds as the last one, with everything
 * before it unchanged; a compaction of the live records (the last of each
 * name, deletions dropped) gives a store of the next generation holding
 * exactly those values; formatting gives an empty store.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/oracle.h"
#include "parsers/varstore/testing/ram_flash.h"
#include "parsers/varstore/varstore.h"

#define MAX_WINDOW (64u << 10)

#define MAX_COMPACTED 64 /* records: the live-set search below is quadratic */

static bool same_name(const struct varstore_record *a, const struct varstore_record *b)
{
	return a->name_size == b->name_size && memcmp(a->guid, b->guid, 16) == 0 &&
	       memcmp(a->name, b->name, a->name_size) == 0;
}

/* Whether rec (the index-th record) is the last one of its name. */
static bool is_last(const uint8_t *buf, size_t len, const struct varstore_info *info,
		    const struct varstore_record *rec, uint32_t index)
{
	struct varstore_record later;
	uint64_t cursor = 0;
	uint32_t i = 0;

	while (varstore_next(buf, len, info, &cursor, &later) == VARSTORE_OK)
		if (i++ > index && same_name(rec, &later))
			return false;
	return true;
}

/* Compacts the live records of data into a copy and checks the result; then formats it. */
static void compact_and_format(const uint8_t *data, size_t size, const struct varstore_info *info)
{
	uint8_t *copy = malloc(size);
	struct varstore_log log;
	struct varstore_record rec;
	struct varstore_info after;
	uint64_t cursor = 0;
	uint32_t index = 0, live = 0;
	int status;

	memcpy(copy, data, size);
	ram_flash_init(copy, size, 8);
	varstore_log_open(&log, copy, 8, info);
	status = varstore_log_compact_begin(&log);
	while (status == VARSTORE_LOG_OK &&
	       varstore_next(data, size, info, &cursor, &rec) == VARSTORE_OK) {
		struct varstore_value v = { .guid = rec.guid, .name = rec.name,
					    .name_size = rec.name_size,
					    .attributes = rec.attributes };

		v.data[0] = rec.data;
		v.data_size[0] = rec.data_size;
		if (rec.attributes && is_last(data, size, info, &rec, index)) {
			status = varstore_log_compact_put(&log, &v);
			live++;
		}
		index++;
	}
	/* the live set of a valid area always fits an erased area */
	REQUIRE(status == VARSTORE_LOG_OK);
	REQUIRE(varstore_log_compact_end(&log) == VARSTORE_LOG_OK);
	REQUIRE(varstore_check(copy, size, &after) == VARSTORE_OK);
	REQUIRE(after.active != info->active && after.generation == info->generation + 1);
	REQUIRE(after.records == live && after.skipped == 0 && after.tail == VARSTORE_OK);
	REQUIRE(varstore_log_format(&log, copy, size, 8) == VARSTORE_LOG_OK);
	REQUIRE(varstore_check(copy, size, &after) == VARSTORE_OK);
	REQUIRE(after.records == 0 && after.generation == 1 && after.active == 0);
	free(copy);
}

static uint32_t walk(const uint8_t *buf, size_t len, const struct varstore_info *info,
		     uint64_t *last_offset)
{
	struct varstore_record rec;
	uint64_t cursor = 0, prev_end = VARSTORE_AREA_HEADER_SIZE;
	uint32_t count = 0;

	while (varstore_next(buf, len, info, &cursor, &rec) == VARSTORE_OK) {
		const uint8_t *area = buf + info->active * info->area_size;

		REQUIRE(rec.offset >= prev_end && rec.offset + rec.size <= info->end);
		REQUIRE(rec.name == area + rec.offset + VARSTORE_RECORD_HEADER_SIZE);
		REQUIRE(rec.data + rec.data_size <= area + rec.offset + rec.size);
		prev_end = rec.offset + rec.size;
		*last_offset = rec.offset;
		count++;
	}
	return count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t guid[16] = { 0x61, 0xdf, 0xe4, 0x8b };
	static const uint8_t name[] = { 'Z', 0, 0, 0 };
	struct varstore_info info, again;
	struct varstore_log log;
	struct varstore_value v = { .guid = guid, .name = name, .name_size = sizeof(name),
				    .attributes = VARSTORE_ATTR_NV | VARSTORE_ATTR_BS };
	uint64_t last = 0;
	uint8_t *copy;

	if (size > MAX_WINDOW)
		return 0;
	int status = varstore_check(data, size, &info);

	/* every status the checker gives has its own message */
	REQUIRE(varstore_strerror(status)[0] != 0 &&
		strcmp(varstore_strerror(status), varstore_strerror(-1)) != 0);
	if (status != VARSTORE_OK)
		return 0;
	REQUIRE(strcmp(varstore_strerror(info.tail), varstore_strerror(-1)) != 0);
	REQUIRE(info.active < 2 && info.end <= info.area_size);
	REQUIRE(walk(data, size, &info, &last) == info.records);
	if (info.records <= MAX_COMPACTED && info.generation < UINT64_MAX)
		compact_and_format(data, size, &info);
	if (info.tail != VARSTORE_OK)
		return 0;
	copy = malloc(size);
	memcpy(copy, data, size);
	ram_flash_init(copy, size, 8);
	varstore_log_open(&log, copy, 8, &info);
	v.data[0] = data;
	v.data_size[0] = size % 61;
	if (varstore_log_append(&log, &v) == VARSTORE_LOG_OK) {
		REQUIRE(varstore_check(copy, size, &again) == VARSTORE_OK);
		REQUIRE(again.records == info.records + 1 && again.end == log.end);
		REQUIRE(walk(copy, size, &again, &last) == again.records);
		REQUIRE(last == info.end);
		REQUIRE(memcmp(copy + info.active * info.area_size,
			       data + info.active * info.area_size, info.end) == 0);
	}
	free(copy);
	return 0;
}
