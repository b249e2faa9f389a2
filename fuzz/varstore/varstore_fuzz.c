/*
 * Variable store harness: the input is a store window (two areas). Oracles
 * (abort on disagreement): a walk hands out exactly info.records records, in
 * log order, each inside the area before info.end with its name and data in
 * bounds; and when the log's tail is clean, the writer appends a record at
 * info.end that a second check finds as the last one, with everything
 * before it unchanged.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/varstore/testing/ram_flash.h"
#include "parsers/varstore/varstore.h"

#define MAX_WINDOW (64u << 10)

static void require(int cond)
{
	if (!cond)
		abort();
}

static uint32_t walk(const uint8_t *buf, size_t len, const struct varstore_info *info,
		     uint64_t *last_offset)
{
	struct varstore_record rec;
	uint64_t cursor = 0, prev_end = VARSTORE_AREA_HEADER_SIZE;
	uint32_t count = 0;

	while (varstore_next(buf, len, info, &cursor, &rec) == VARSTORE_OK) {
		const uint8_t *area = buf + info->active * info->area_size;

		require(rec.offset >= prev_end && rec.offset + rec.size <= info->end);
		require(rec.name == area + rec.offset + VARSTORE_RECORD_HEADER_SIZE);
		require(rec.data + rec.data_size <= area + rec.offset + rec.size);
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
	if (varstore_check(data, size, &info) != VARSTORE_OK)
		return 0;
	require(info.active < 2 && info.end <= info.area_size);
	require(walk(data, size, &info, &last) == info.records);
	if (info.tail != VARSTORE_OK)
		return 0;
	copy = malloc(size);
	memcpy(copy, data, size);
	ram_flash_init(copy, size, 8);
	varstore_log_open(&log, copy, 8, &info);
	v.data[0] = data;
	v.data_size[0] = size % 61;
	if (varstore_log_append(&log, &v) == VARSTORE_LOG_OK) {
		require(varstore_check(copy, size, &again) == VARSTORE_OK);
		require(again.records == info.records + 1 && again.end == log.end);
		require(walk(copy, size, &again, &last) == again.records);
		require(last == info.end);
		require(memcmp(copy + info.active * info.area_size,
			       data + info.active * info.area_size, info.end) == 0);
	}
	free(copy);
	return 0;
}
