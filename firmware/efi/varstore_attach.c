/*
 * Boot time: the flash store's committed records, checked by parsers/varstore,
 * loaded into the RAM copy. The last record of a name decides (a deletion
 * record removes it). Linear time for stores of many variables: one pass
 * hashes each record's name into a table that keeps the latest record per
 * name and marks the ones it replaces; a second pass appends every live
 * record to RAM once, with no lookups. A window without a valid store is
 * left as it is: varstore.c formats it when a variable first goes to flash.
 */
#include "firmware/efi/rt.h"
#include "firmware/efi/varstore.h"

#define SUPERSEDED 0x80000000u /* in an offsets[] entry: a later record has its name */

static uint32_t key_hash(const struct varstore_record *r)
{
	struct varstore_sum s;

	varstore_sum_start(&s);
	varstore_sum_add(&s, r->guid, 16);
	varstore_sum_add(&s, r->name, r->name_size);
	return varstore_sum_end(&s);
}

static bool same_key(const struct varstore_record *a, const struct varstore_record *b)
{
	return a->name_size == b->name_size && rt_memcmp(a->guid, b->guid, 16) == 0 &&
	       rt_memcmp(a->name, b->name, a->name_size) == 0;
}

struct load {
	const uint8_t *image;
	uint64_t window;
	const struct varstore_info *info;
	uint32_t *offsets; /* of the committed records, in log order */
	uint32_t *hashes;  /* of their names */
	uint32_t *table;   /* record index + 1 per slot; 0: empty */
	uint32_t mask;	   /* table slots - 1 */
};

static bool record(const struct load *l, uint32_t index, struct varstore_record *r)
{
	return varstore_record_at(l->image, l->window, l->info, l->offsets[index] & ~SUPERSEDED,
				  r) == VARSTORE_OK;
}

/* Enters record i (r): the table slot of its name now names it; an earlier record of that name is superseded. */
static void enter(const struct load *l, uint32_t i, const struct varstore_record *r)
{
	uint32_t hash = key_hash(r);

	l->hashes[i] = hash;
	for (uint32_t h = hash;; h++) {
		uint32_t *slot = &l->table[h & l->mask];
		struct varstore_record other;

		if (*slot && (l->hashes[*slot - 1] != hash || !record(l, *slot - 1, &other) ||
			      !same_key(r, &other)))
			continue;
		if (*slot)
			l->offsets[*slot - 1] |= SUPERSEDED;
		*slot = i + 1;
		return;
	}
}

static void load_records(struct varstore *vs, const struct load *l)
{
	uint32_t count = l->info->records;
	struct varstore_record r;

	for (uint32_t i = 0; i <= l->mask; i++)
		l->table[i] = 0;
	for (uint32_t i = 0; i < count; i++)
		if (record(l, i, &r))
			enter(l, i, &r);
	for (uint32_t i = 0; i < count; i++) {
		struct varstore_value v;

		if ((l->offsets[i] & SUPERSEDED) || !record(l, i, &r) || !r.attributes)
			continue; /* written again later, or deleted */
		v.guid = r.guid;
		v.name = r.name;
		v.name_size = r.name_size;
		v.attributes = r.attributes;
		v.data[0] = r.data;
		v.data_size[0] = r.data_size;
		v.data[1] = NULL;
		v.data_size[1] = 0;
		varstore_append_unique(vs, &v);
	}
}

void varstore_attach(struct varstore *vs, const volatile uint8_t *map, const uint8_t *image,
		     uint64_t window_size, uint64_t block_size, uint32_t *scratch,
		     struct varstore_attach_result *result)
{
	uint32_t slots = VARSTORE_RECORD_SLOTS(window_size);
	struct load l = {
		.image = image,
		.window = window_size,
		.info = &result->info,
		.offsets = scratch,
		.hashes = scratch + slots,
		.table = scratch + 2 * slots,
		.mask = 2 * slots - 1,
	};

	vs->persistent = true;
	result->check = varstore_check_index(image, window_size, &result->info, scratch, slots);
	if (result->check != VARSTORE_OK) {
		/* no variables to load; the erase waits for a write that needs it */
		vs->unformatted = result->check;
		vs->log = (struct varstore_log){ .map = map, .area_size = window_size / 2,
						 .block_size = block_size };
		return;
	}
	load_records(vs, &l);
	varstore_log_open(&vs->log, map, block_size, &result->info);
}
