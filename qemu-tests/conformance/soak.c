/* SPDX-License-Identifier: MIT */
/*
 * Soak and resource checks (efilite issue 10, section 3), seeded so that
 * every run makes the same calls:
 *   images     LoadImage/StartImage (exit unloads) and LoadImage/UnloadImage
 *   memory     random AllocatePages/FreePages/AllocatePool/FreePool of every
 *              allocatable type and kind, the map checked after each batch,
 *              then exhaustion (the spec's status, no crash)
 *   protocols  install/open/reinstall/refused-uninstall/close/uninstall cycles
 *   events     create/signal/set-timer/check/close cycles
 * Each must end with the memory map (and so the free pages) it started with,
 * after one warm-up cycle: a firmware may keep pool chunks it carved once.
 * "soak" runs a short version; "soak_long" the counts.
 */
#include "qemu-tests/conformance/child.h"
#include "qemu-tests/conformance/suites.h"
#include "qemu-tests/conformance/test.h"

#define MAP_PAGES 16 /* 1,638 descriptors of 40 bytes */
#define LIVE_MAX 64

static const efi_guid_t loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
static const efi_guid_t soak_guid =
	EFI_GUID(0x50a50a50, 0x1b2c, 0x4d3e, 0x8f, 0x90, 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0x01);
static const efi_guid_t soak_guid2 =
	EFI_GUID(0x50a50a50, 0x1b2c, 0x4d3e, 0x8f, 0x90, 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0x02);

static uint64_t rng;
static unsigned notifies;

static uint64_t below(uint64_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng % n;
}

/* A memory map in pages allocated once, so that taking it changes nothing. */
struct snapshot {
	struct efi_memory_descriptor *buf;
	uint64_t size, desc_size;
};

static bool snapshot_init(struct snapshot *s)
{
	efi_physical_addr_t addr = 0;

	if (env.bs->allocate_pages(0 /* AnyPages */, EFI_LOADER_DATA, MAP_PAGES, &addr) !=
	    EFI_SUCCESS)
		return false;
	s->buf = (void *)(uintptr_t)addr;
	return true;
}

static bool snapshot_take(struct snapshot *s)
{
	uint64_t key;
	uint32_t version;

	s->size = MAP_PAGES * EFI_PAGE_SIZE;
	return env.bs->get_memory_map(&s->size, s->buf, &key, &s->desc_size, &version) ==
	       EFI_SUCCESS;
}

static struct efi_memory_descriptor *desc_at(const struct snapshot *s, uint64_t i)
{
	return (struct efi_memory_descriptor *)((uint8_t *)s->buf + i * s->desc_size);
}

static uint64_t free_pages(const struct snapshot *s)
{
	uint64_t n = 0;

	for (uint64_t i = 0; i < s->size / s->desc_size; i++)
		if (desc_at(s, i)->type == EFI_CONVENTIONAL_MEMORY)
			n += desc_at(s, i)->number_of_pages;
	return n;
}

static bool same_map(const struct snapshot *a, const struct snapshot *b)
{
	if (a->size != b->size || a->desc_size != b->desc_size)
		return false;
	for (uint64_t i = 0; i < a->size / a->desc_size; i++) {
		const struct efi_memory_descriptor *x = desc_at(a, i), *y = desc_at(b, i);

		if (x->type != y->type || x->physical_start != y->physical_start ||
		    x->number_of_pages != y->number_of_pages || x->attribute != y->attribute)
			return false;
	}
	return true;
}

/* Runs cycle() count times after one warm-up; the map must come back. */
static void soak(const char *name, unsigned count, bool (*cycle)(unsigned i))
{
	struct snapshot before, after;
	unsigned done = 0;
	bool ok;

	if (!snapshot_init(&before) || !snapshot_init(&after)) {
		t_check(name, false, "no pages for the memory map snapshots");
		return;
	}
	ok = cycle(0) && snapshot_take(&before);
	while (ok && done < count)
		ok = cycle(++done);
	t_puts("  ");
	t_puts(name);
	t_puts(": ");
	t_put_dec(done);
	t_puts(" of ");
	t_put_dec(count);
	t_puts(" cycles");
	if (ok && snapshot_take(&after)) {
		t_puts(", free pages ");
		t_put_dec(free_pages(&before));
		t_puts(" before, ");
		t_put_dec(free_pages(&after));
		t_puts(" after");
	}
	t_puts("\n");
	t_check(name, ok && same_map(&before, &after),
		ok ? "the memory map changed" : "a cycle failed");
	env.bs->free_pages((uintptr_t)before.buf, MAP_PAGES);
	env.bs->free_pages((uintptr_t)after.buf, MAP_PAGES);
}

/* ---- images ---- */

static bool image_cycle(unsigned i)
{
	static const char16_t mode[] = CHILD_MODE_RETURN;
	struct efi_loaded_image *li;
	efi_handle_t child = NULL;
	uint64_t size = 0;
	char16_t *data = NULL;

	if (env.bs->load_image(false, env.image, NULL, child_image, child_image_size, &child) !=
	    EFI_SUCCESS)
		return false;
	if (i % 2)
		return env.bs->unload_image(child) == EFI_SUCCESS;
	if (env.bs->handle_protocol(child, &loaded_image_guid, (void **)&li) != EFI_SUCCESS)
		return false;
	li->load_options = (void *)mode;
	li->load_options_size = sizeof(mode);
	return env.bs->start_image(child, &size, &data) == CHILD_RETURN_STATUS && !data;
}

/*
 * Images loaded and never started, up to 64: a firmware that runs out of room
 * first must say EFI_OUT_OF_RESOURCES; then every one unloads.
 */
static void test_image_exhaustion(void)
{
	static efi_handle_t images[64];
	unsigned n = 0, unloaded = 0;
	efi_status_t status = EFI_SUCCESS;

	while (n < 64) {
		images[n] = NULL;
		status = env.bs->load_image(false, env.image, NULL, child_image, child_image_size,
					    &images[n]);
		if (status != EFI_SUCCESS)
			break;
		n++;
	}
	for (unsigned i = 0; i < n; i++)
		unloaded += env.bs->unload_image(images[i]) == EFI_SUCCESS;
	t_puts("  soak.images_exhausted: ");
	t_put_dec(n);
	t_puts(" images loaded at once\n");
	t_check("soak.images_exhausted",
		(status == EFI_SUCCESS || status == EFI_OUT_OF_RESOURCES) && n > 0 && unloaded == n,
		"LoadImage refused other than with EFI_OUT_OF_RESOURCES, or UnloadImage failed");
}

/* ---- memory ---- */

static const uint32_t types[] = {
	EFI_LOADER_CODE,	  EFI_LOADER_DATA,	     EFI_BOOT_SERVICES_CODE,
	EFI_BOOT_SERVICES_DATA,	  EFI_RUNTIME_SERVICES_CODE, EFI_RUNTIME_SERVICES_DATA,
	EFI_ACPI_RECLAIM_MEMORY,  EFI_ACPI_MEMORY_NVS,	     0x70000000u,
	0x80000000u,
};
#define NTYPES (sizeof(types) / sizeof(types[0]))

struct allocation {
	bool pool;
	uint32_t type;
	uint64_t addr, pages;
	uint64_t tag;
};

static struct allocation live[LIVE_MAX];
static unsigned live_count;
static bool memory_ok;

static void expect(bool ok)
{
	memory_ok &= ok;
}

static void allocate_one(void)
{
	struct allocation a = { .pool = below(2), .type = types[below(NTYPES)] };
	efi_status_t status;

	if (a.pool) {
		void *p = NULL;

		a.pages = below(8) ? 0 : 1 + below(8); /* mostly small blocks */
		status = env.bs->allocate_pool(a.type, a.pages ? a.pages * EFI_PAGE_SIZE : 16 + below(2000),
					       &p);
		a.addr = (uintptr_t)p;
	} else {
		uint32_t kind = (uint32_t)below(2); /* AnyPages, MaxAddress */

		a.pages = 1 + below(16);
		a.addr = kind ? 0xffffffffull : 0; /* below 4 GiB */
		status = env.bs->allocate_pages(kind, a.type, a.pages, &a.addr);
	}
	if (status != EFI_SUCCESS) {
		expect(status == EFI_OUT_OF_RESOURCES);
		return;
	}
	a.tag = rng;
	*(volatile uint64_t *)(uintptr_t)a.addr = a.tag;
	live[live_count++] = a;
}

static void free_one(unsigned i)
{
	struct allocation a = live[i];

	expect(*(volatile uint64_t *)(uintptr_t)a.addr == a.tag);
	if (a.pool)
		expect(env.bs->free_pool((void *)(uintptr_t)a.addr) == EFI_SUCCESS);
	else
		expect(env.bs->free_pages(a.addr, a.pages) == EFI_SUCCESS);
	live[i] = live[--live_count];
}

/* Each live page allocation lies in one descriptor of its type. */
static void check_live(struct snapshot *s)
{
	expect(snapshot_take(s));
	for (unsigned i = 0; i < live_count; i++) {
		bool found = false;

		for (uint64_t j = 0; !live[i].pool && j < s->size / s->desc_size; j++) {
			const struct efi_memory_descriptor *d = desc_at(s, j);

			found |= d->type == live[i].type && live[i].addr >= d->physical_start &&
				 live[i].addr + live[i].pages * EFI_PAGE_SIZE <=
					 d->physical_start + d->number_of_pages * EFI_PAGE_SIZE;
		}
		expect(live[i].pool || found);
	}
}

static struct snapshot batch_map;
static unsigned memory_ops;

/* Every cycle replays the same operations: a pool may keep what a new peak made it carve. */
static bool memory_cycle(unsigned i)
{
	(void)i;
	rng = 0x5eed0000u;
	memory_ok = true;
	for (unsigned op = 0; op < memory_ops; op++) {
		if (live_count == LIVE_MAX || (below(2) && live_count))
			free_one((unsigned)below(live_count));
		else
			allocate_one();
		if (op % 250 == 249)
			check_live(&batch_map);
	}
	while (live_count)
		free_one((unsigned)below(live_count));
	return memory_ok;
}

/* Everything free, in halving blocks: AllocatePages and AllocatePool then say OUT_OF_RESOURCES. */
static void test_exhaustion(void)
{
	static efi_physical_addr_t got[64];
	static uint64_t got_pages[64];
	unsigned n = 0;
	efi_physical_addr_t one = 0;
	efi_status_t pages_status, pool_status;
	void *p = NULL;

	for (uint64_t pages = 1ull << 20; pages && n < 64;) {
		got[n] = 0;
		if (env.bs->allocate_pages(0, EFI_LOADER_DATA, pages, &got[n]) == EFI_SUCCESS)
			got_pages[n++] = pages;
		else
			pages /= 2;
	}
	pages_status = env.bs->allocate_pages(0, EFI_LOADER_DATA, 1, &one);
	pool_status = env.bs->allocate_pool(EFI_LOADER_DATA, 64 * EFI_PAGE_SIZE, &p);
	while (n-- > 0)
		env.bs->free_pages(got[n], got_pages[n]);
	if (pool_status == EFI_SUCCESS)
		env.bs->free_pool(p);
	t_status("soak.exhausted_pages_out_of_resources", pages_status, EFI_OUT_OF_RESOURCES);
	t_status("soak.exhausted_pool_out_of_resources", pool_status, EFI_OUT_OF_RESOURCES);
}

/* ---- protocols ---- */

static uint32_t iface_a, iface_b, iface_c;

static bool protocol_cycle(unsigned i)
{
	struct efi_open_protocol_information_entry *info = NULL;
	efi_handle_t h = NULL, *buffer = NULL;
	efi_guid_t **guids = NULL;
	uint64_t count = 0;
	void *iface;
	bool ok;

	(void)i;
	ok = env.bs->install_multiple_protocol_interfaces(&h, &soak_guid, &iface_a, &soak_guid2,
							  &iface_b, NULL) == EFI_SUCCESS;
	ok = ok && env.bs->open_protocol(h, &soak_guid2, &iface, env.image, NULL,
					 EFI_OPEN_PROTOCOL_GET_PROTOCOL) == EFI_SUCCESS;
	ok = ok && env.bs->open_protocol(h, &soak_guid2, &iface, env.image, h,
					 EFI_OPEN_PROTOCOL_BY_DRIVER) == EFI_SUCCESS;
	ok = ok && env.bs->open_protocol_information(h, &soak_guid2, &info, &count) ==
			   EFI_SUCCESS && count == 2;
	if (info)
		env.bs->free_pool(info);
	ok = ok && env.bs->protocols_per_handle(h, &guids, &count) == EFI_SUCCESS && count == 2;
	if (guids)
		env.bs->free_pool(guids);
	ok = ok && env.bs->locate_handle_buffer(EFI_BY_PROTOCOL, &soak_guid, NULL, &count,
						&buffer) == EFI_SUCCESS && count == 1;
	if (buffer)
		env.bs->free_pool(buffer);
	ok = ok && env.bs->reinstall_protocol_interface(h, &soak_guid, &iface_a, &iface_c) ==
			   EFI_SUCCESS;
	/* all or nothing: the second is held BY_DRIVER, so the first stays */
	ok = ok && env.bs->uninstall_multiple_protocol_interfaces(h, &soak_guid, &iface_c,
								  &soak_guid2, &iface_b, NULL) !=
			   EFI_SUCCESS;
	ok = ok && env.bs->handle_protocol(h, &soak_guid, &iface) == EFI_SUCCESS &&
	     iface == &iface_c;
	ok = ok && env.bs->close_protocol(h, &soak_guid2, env.image, h) == EFI_SUCCESS;
	ok = ok && env.bs->close_protocol(h, &soak_guid2, env.image, NULL) == EFI_SUCCESS;
	ok = ok && env.bs->uninstall_multiple_protocol_interfaces(h, &soak_guid, &iface_c,
								  &soak_guid2, &iface_b, NULL) ==
			   EFI_SUCCESS;
	return ok;
}

/* ---- events ---- */

static void count_notify(efi_event_t event, void *context)
{
	(void)event;
	(void)context;
	notifies++;
}

static bool event_cycle(unsigned i)
{
	efi_event_t plain, signal, timer;
	unsigned before = notifies;
	bool ok;

	(void)i;
	ok = env.bs->create_event(0, 0, NULL, NULL, &plain) == EFI_SUCCESS;
	ok = ok && env.bs->create_event(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, count_notify, NULL,
					&signal) == EFI_SUCCESS;
	ok = ok && env.bs->create_event(EVT_TIMER, 0, NULL, NULL, &timer) == EFI_SUCCESS;
	if (!ok)
		return false;
	ok = env.bs->signal_event(plain) == EFI_SUCCESS &&
	     env.bs->check_event(plain) == EFI_SUCCESS &&
	     env.bs->check_event(plain) == EFI_NOT_READY;
	ok = ok && env.bs->signal_event(signal) == EFI_SUCCESS && notifies == before + 1;
	ok = ok && env.bs->set_timer(timer, EFI_TIMER_RELATIVE, 0) == EFI_SUCCESS;
	ok = ok && env.bs->set_timer(timer, EFI_TIMER_CANCEL, 0) == EFI_SUCCESS;
	ok = env.bs->close_event(plain) == EFI_SUCCESS && ok;
	ok = env.bs->close_event(signal) == EFI_SUCCESS && ok;
	ok = env.bs->close_event(timer) == EFI_SUCCESS && ok;
	return ok;
}

/*
 * A map fragmented into more descriptors than a fixed table would hold:
 * adjacent single pages of alternating types, each its own descriptor. Every
 * allocation succeeds while there is RAM, and FreePages never fails for want
 * of a descriptor, whatever the order (issue 10 defect 2).
 */
#define FRAGMENTS 600

static void test_fragmented_map(void)
{
	struct snapshot map;
	efi_physical_addr_t base = 0;
	unsigned allocated = 0, freed = 0;
	uint64_t descriptors = 0;

	if (!snapshot_init(&map) || !snapshot_take(&map)) {
		t_check("soak.fragmented_map", false, "no memory map snapshot");
		return;
	}
	/* the highest free range that holds them all, taken page by page */
	for (uint64_t i = 0; i < map.size / map.desc_size; i++) {
		const struct efi_memory_descriptor *d = desc_at(&map, i);

		if (d->type == EFI_CONVENTIONAL_MEMORY && d->number_of_pages > FRAGMENTS &&
		    d->physical_start > base)
			base = d->physical_start;
	}
	while (base && allocated < FRAGMENTS) {
		efi_physical_addr_t at = base + (uint64_t)allocated * EFI_PAGE_SIZE;

		if (env.bs->allocate_pages(2 /* Address */,
					   allocated % 2 ? EFI_LOADER_DATA : EFI_BOOT_SERVICES_DATA,
					   1, &at) != EFI_SUCCESS)
			break;
		allocated++;
	}
	if (snapshot_take(&map))
		descriptors = map.size / map.desc_size;
	/* every other page first: each of those frees leaves the count as it is */
	for (unsigned i = 0; i < allocated; i += 2)
		freed += env.bs->free_pages(base + (uint64_t)i * EFI_PAGE_SIZE, 1) == EFI_SUCCESS;
	for (unsigned i = 1; i < allocated; i += 2)
		freed += env.bs->free_pages(base + (uint64_t)i * EFI_PAGE_SIZE, 1) == EFI_SUCCESS;
	t_puts("  soak.fragmented_map: ");
	t_put_dec(allocated);
	t_puts(" single pages, ");
	t_put_dec(descriptors);
	t_puts(" descriptors, ");
	t_put_dec(freed);
	t_puts(" freed\n");
	t_check("soak.fragmented_map",
		allocated == FRAGMENTS && descriptors > FRAGMENTS && freed == allocated,
		"an allocation or FreePages failed in a fragmented map");
	env.bs->free_pages((uintptr_t)map.buf, MAP_PAGES);
}

static void run(unsigned images, unsigned memory, unsigned protocols, unsigned events)
{
	test_fragmented_map();
	soak("soak.images_load_start_unload", images, image_cycle);
	test_image_exhaustion();
	if (snapshot_init(&batch_map)) {
		memory_ops = memory / 10;
		soak("soak.memory_random_operations", 10, memory_cycle);
		env.bs->free_pages((uintptr_t)batch_map.buf, MAP_PAGES);
	}
	test_exhaustion();
	soak("soak.protocol_cycles", protocols, protocol_cycle);
	/* three events per cycle */
	soak("soak.event_cycles", events / 3, event_cycle);
}

/*
 * 1,000 image cycles: well past the ~160 at which efilite's page-table pool
 * ran out before page tables were reclaimed (issue 10 defect 1).
 */
void test_soak(void)
{
	run(1000, 10000, 1000, 10000);
}

void test_soak_long(void)
{
	run(10000, 100000, 10000, 100000);
}
