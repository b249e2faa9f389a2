/*
 * Boot time: the flash store's committed records, checked by parsers/varstore,
 * loaded into the RAM copy. The last record of a name decides (a deletion
 * record removes it). Linear time for stores of many variables: one pass
 * hashes each record's name into a table that keeps the latest record per
 * name and marks the ones it replaces; a second pass copies every live
 * record to RAM as it is (the RAM copy keeps the record layout), with no
 * lookups. A window without a valid store is
 * left as it is: varstore.c formats it when a variable first goes to flash.
 */
#include "firmware/efi/rt.h"
#include "firmware/efi/varstore.h"

#define SUPERSEDED 0x80000000u /* in an offsets[] entry: a later record has its name */
/* Record header fields the load reads (parsers/varstore/varstore_check.c). */
#define OFF_GUID 16
#define OFF_ATTRIBUTES 32
#define OFF_NAME_SIZE 36
#define OFF_DATA_SIZE 40

/*
 * The records are read where varstore_check_index() found them in this same
 * image, without its checks again: every one lies inside the log, its sums
 * and name already checked.
 */
struct load {
	const uint8_t *area; /* the active area in the image */
	uint32_t *offsets;   /* of the committed records, in log order */
	uint32_t *hashes;    /* of their names */
	uint32_t *table;     /* record index + 1 per slot; 0: empty */
	uint32_t mask;	     /* table slots - 1 */
};

static const uint8_t *record(const struct load *l, uint32_t index)
{
	return l->area + (l->offsets[index] & ~SUPERSEDED);
}

static uint32_t name_size(const uint8_t *r)
{
	return varstore_get_le32(r + OFF_NAME_SIZE);
}

static uint32_t word_at(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t mix(uint32_t h, uint32_t word)
{
	h = (h ^ word) * 0x9e3779b1u;
	return h ^ (h >> 15);
}

/* The table's hash of a record's GUID and name (names are whole UTF-16 units). */
static uint32_t key_hash(const uint8_t *r)
{
	const uint8_t *name = r + VARSTORE_RECORD_HEADER_SIZE;
	uint32_t size = name_size(r), h = size, i;

	for (i = 0; i < 16; i += 4)
		h = mix(h, word_at(r + OFF_GUID + i));
	for (i = 0; i + 4 <= size; i += 4)
		h = mix(h, word_at(name + i));
	if (i < size)
		h = mix(h, (uint32_t)name[i] | (uint32_t)name[i + 1] << 8);
	return h;
}

static bool same_key(const uint8_t *a, const uint8_t *b)
{
	return name_size(a) == name_size(b) && rt_memcmp(a + OFF_GUID, b + OFF_GUID, 16) == 0 &&
	       rt_memcmp(a + VARSTORE_RECORD_HEADER_SIZE, b + VARSTORE_RECORD_HEADER_SIZE,
			 name_size(a)) == 0;
}

/* Enters record i: the table slot of its name now names it; an earlier record of that name is superseded. */
static void enter(const struct load *l, uint32_t i)
{
	const uint8_t *r = record(l, i);
	uint32_t hash = key_hash(r);

	l->hashes[i] = hash;
	for (uint32_t h = hash;; h++) {
		uint32_t *slot = &l->table[h & l->mask];

		if (*slot && (l->hashes[*slot - 1] != hash || !same_key(r, record(l, *slot - 1))))
			continue;
		if (*slot)
			l->offsets[*slot - 1] |= SUPERSEDED;
		*slot = i + 1;
		return;
	}
}

static void load_records(struct varstore *vs, const struct load *l, uint32_t count)
{
	for (uint32_t i = 0; i <= l->mask; i++)
		l->table[i] = 0;
	for (uint32_t i = 0; i < count; i++)
		enter(l, i);
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *r = record(l, i);

		/* written again later, or deleted */
		if ((l->offsets[i] & SUPERSEDED) || !varstore_get_le32(r + OFF_ATTRIBUTES))
			continue;
		varstore_append_record(vs, r, varstore_record_size(name_size(r),
								   varstore_get_le32(r + OFF_DATA_SIZE)));
	}
}

void varstore_attach_empty(struct varstore *vs, const volatile uint8_t *map,
			   uint64_t window_size, uint64_t block_size, int check)
{
	/* no variables to load; the erase waits for a write that needs it */
	vs->persistent = true;
	vs->ask_first = true;
	vs->unformatted = check;
	vs->log = (struct varstore_log){ .map = map, .area_size = window_size / 2,
					 .block_size = block_size };
}

void varstore_attach(struct varstore *vs, const volatile uint8_t *map, const uint8_t *image,
		     uint64_t window_size, uint64_t block_size, uint32_t *scratch,
		     struct varstore_attach_result *result)
{
	uint32_t slots = VARSTORE_RECORD_SLOTS(window_size);
	struct load l = {
		.offsets = scratch,
		.hashes = scratch + slots,
		.table = scratch + 2 * slots,
		.mask = 2 * slots - 1,
	};

	result->check = varstore_check_index(image, window_size, &result->info, scratch, slots);
	if (result->check != VARSTORE_OK) {
		varstore_attach_empty(vs, map, window_size, block_size, result->check);
		return;
	}
	vs->persistent = true;
	vs->ask_first = true;
	l.area = image + result->info.active * result->info.area_size;
	load_records(vs, &l, result->info.records);
	varstore_log_open(&vs->log, map, block_size, &result->info);
}
