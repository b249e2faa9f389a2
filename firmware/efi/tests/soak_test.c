/*
 * Soak and resource tests of the EFI core (issue 10 section 3) on the host:
 * the production boot services, memory map, pool, protocol database and
 * events over host memory (boot_services_host). Seeded, so every run makes
 * the same calls:
 *   memory     random AllocatePages/FreePages/AllocatePool/FreePool of every
 *              allocatable memory type and allocation kind, the map checked
 *              after each batch, then exhaustion of pages and pool
 *   protocols  install/open/reinstall/uninstall cycles with open-protocol
 *              bookkeeping, notify registrations and connect/disconnect
 *   events     create/signal/set-timer/check/close, past EVENTS_MAX
 * Each part ends with the memory map, free pages, page-table usage (the
 * production page tables behind the MMU calls, host_mmu.c), handles,
 * registrations and events it started with; every refusal must be the
 * spec's status. The memory part runs with strict W^X and again in the NX
 * compatibility mode, where LoaderCode/LoaderData allocations are made
 * executable and page attributes change with every allocation.
 *
 * Usage: soak_test [SCALE]   counts are the issue's times SCALE/100 (default 100).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firmware/efi/events.h"
#include "firmware/efi/nx_compat.h"
#include "firmware/efi/tests/boot_services_stubs.h"
#include "firmware/efi/tests/fake_driver.h"
#include "firmware/efi/tests/host_core.h"
#include "firmware/efi/tests/host_mmu.h"
#include "firmware/efi/tests/map_snapshot.h"
#include "tools/testing/check.h"

#define RAM_PAGES 8192 /* 32 MiB of host memory */

static efi_boot_services_t *bs = &efi_boot_services;
static efi_memory_descriptor_t first_descriptors[128]; /* as many as the firmware starts with */
static uint8_t *ram;
static uint64_t ram_base;
static unsigned scale = 100;
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint64_t below(uint64_t n)
{
	return next() % n;
}

static unsigned scaled(unsigned issue_count)
{
	return (unsigned)((uint64_t)issue_count * scale / 100);
}

static efi_guid_t *g(const efi_guid_t *guid)
{
	return (efi_guid_t *)guid;
}

/* ---- memory ---- */

static const uint32_t types[] = {
	EFI_LOADER_CODE,	   EFI_LOADER_DATA,	      EFI_BOOT_SERVICES_CODE,
	EFI_BOOT_SERVICES_DATA,	   EFI_RUNTIME_SERVICES_CODE, EFI_RUNTIME_SERVICES_DATA,
	EFI_ACPI_RECLAIM_MEMORY,   EFI_ACPI_MEMORY_NVS,	      EFI_PAL_CODE,
	0x70000000u, /* OEM */	   0x80000000u, /* OS */
};
#define NTYPES (sizeof(types) / sizeof(types[0]))
#define LIVE_MAX 300

struct allocation {
	bool pool;
	uint32_t type;
	uint64_t addr, pages, size;
	uint64_t tag;
};

static struct allocation live[LIVE_MAX];
static size_t live_count;
static size_t peak_tables;

/* Both ends of every allocation carry its tag: overlapping allocations would clobber one. */
static void stamp(struct allocation *a)
{
	uint64_t bytes = a->pool ? a->size : a->pages * EFI_PAGE_SIZE;

	a->tag = next();
	memcpy((void *)(uintptr_t)a->addr, &a->tag, 8);
	memcpy((void *)(uintptr_t)(a->addr + bytes - 8), &a->tag, 8);
}

static bool stamped(const struct allocation *a)
{
	uint64_t bytes = a->pool ? a->size : a->pages * EFI_PAGE_SIZE, x, y;

	memcpy(&x, (void *)(uintptr_t)a->addr, 8);
	memcpy(&y, (void *)(uintptr_t)(a->addr + bytes - 8), 8);
	return x == a->tag && y == a->tag;
}

static void allocate_pages_randomly(void)
{
	struct allocation a = { .type = types[below(NTYPES)], .pages = 1 + below(32) };
	uint32_t kind = (uint32_t)below(3);
	uint64_t addr = 0, limit = 0;
	efi_status_t status;

	if (below(50) == 0)
		a.pages = RAM_PAGES + below(100); /* never fits */
	if (kind == EFI_ALLOCATE_MAX_ADDRESS)
		addr = limit = ram_base + below(RAM_PAGES * EFI_PAGE_SIZE);
	else if (kind == EFI_ALLOCATE_ADDRESS)
		addr = ram_base + below(RAM_PAGES) * EFI_PAGE_SIZE;
	status = bs->allocate_pages(kind, a.type, a.pages, &addr);
	if (status != EFI_SUCCESS) {
		CHECK(status == (kind == EFI_ALLOCATE_ADDRESS ? EFI_NOT_FOUND : EFI_OUT_OF_RESOURCES));
		return;
	}
	CHECK(addr >= ram_base && addr + a.pages * EFI_PAGE_SIZE <= ram_base + RAM_PAGES * EFI_PAGE_SIZE);
	CHECK(kind != EFI_ALLOCATE_MAX_ADDRESS || addr + a.pages * EFI_PAGE_SIZE - 1 <= limit);
	CHECK(memmap_type_at(&efi_memmap, addr) == a.type);
	a.addr = addr;
	stamp(&a);
	live[live_count++] = a;
}

static void allocate_pool_randomly(void)
{
	struct allocation a = { .pool = true, .type = types[below(NTYPES)] };
	void *p = NULL;
	efi_status_t status;

	a.size = below(8) ? 16 + below(2032) : 2048 + below(64 * 1024); /* two tags fit */
	if (below(100) == 0)
		a.size = (uint64_t)RAM_PAGES * EFI_PAGE_SIZE; /* never fits */
	status = bs->allocate_pool(a.type, a.size, &p);
	if (status != EFI_SUCCESS) {
		CHECK(status == EFI_OUT_OF_RESOURCES);
		return;
	}
	a.addr = (uint64_t)(uintptr_t)p;
	CHECK(a.addr % 8 == 0 && memmap_type_at(&efi_memmap, a.addr) == a.type);
	stamp(&a);
	live[live_count++] = a;
}

static void free_one(size_t i)
{
	struct allocation a = live[i];

	CHECK(stamped(&a));
	if (a.pool)
		CHECK(bs->free_pool((void *)(uintptr_t)a.addr) == EFI_SUCCESS);
	else
		CHECK(bs->free_pages(a.addr, a.pages) == EFI_SUCCESS);
	live[i] = live[--live_count];
	/* freeing again is refused, not a corruption */
	if (!a.pool && below(16) == 0)
		CHECK(bs->free_pages(a.addr, a.pages) == EFI_NOT_FOUND);
}

/* Every live allocation is in the map with its type and its tags intact; the map adds up. */
static void check_map(void)
{
	uint64_t pages = 0;

	CHECK(memmap_valid(&efi_memmap));
	if (host_mmu_tables() > peak_tables)
		peak_tables = host_mmu_tables();
	for (size_t i = 0; i < efi_memmap.count; i++)
		pages += efi_memmap.desc[i].number_of_pages;
	CHECK(pages == RAM_PAGES);
	for (size_t i = 0; i < live_count; i++) {
		const struct allocation *a = &live[i];

		CHECK(stamped(a) && memmap_type_at(&efi_memmap, a->addr) == a->type);
		if (!a->pool)
			CHECK(memmap_allocated(&efi_memmap, a->addr, a->pages * EFI_PAGE_SIZE));
	}
}

static void memory_round(unsigned ops, uint64_t seed)
{
	rng = seed;
	for (unsigned op = 0; op < ops; op++) {
		unsigned what = (unsigned)below(4);

		if (live_count == LIVE_MAX || (what % 2 == 1 && live_count))
			free_one(below(live_count));
		else if (what == 0)
			allocate_pages_randomly();
		else
			allocate_pool_randomly();
		if (op % 1000 == 999)
			check_map();
	}
	while (live_count)
		free_one(below(live_count));
}

/* Everything the map has, one page at a time, then one pool block at a time: the spec's status at the end. */
static void memory_exhaustion(void)
{
	efi_physical_addr_t addr;
	efi_status_t status;
	void *p;

	do {
		addr = 0;
		status = bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, types[live_count % NTYPES], 1, &addr);
		if (status == EFI_SUCCESS)
			live[live_count++ % LIVE_MAX] = (struct allocation){ .addr = addr, .pages = 1 };
	} while (status == EFI_SUCCESS && live_count < LIVE_MAX);
	/* the rest in big blocks, then small pool blocks until nothing is left */
	while (bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, 64, &addr) == EFI_SUCCESS)
		;
	while (bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, 1, &addr) == EFI_SUCCESS)
		;
	CHECK(bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, 1, &addr) ==
	      EFI_OUT_OF_RESOURCES);
	status = EFI_SUCCESS;
	for (unsigned i = 0; i < 100000 && status == EFI_SUCCESS; i++)
		status = bs->allocate_pool(EFI_BOOT_SERVICES_DATA, 100, &p);
	CHECK(status == EFI_OUT_OF_RESOURCES);
	CHECK(bs->allocate_pool(EFI_LOADER_DATA, 100000, &p) == EFI_OUT_OF_RESOURCES);
	CHECK(memmap_valid(&efi_memmap));
}

/* Returns the page tables in use at the start. */
static size_t test_memory(const char *mode)
{
	struct map_snapshot *start = malloc(sizeof(*start)), *after_first = malloc(sizeof(*after_first));
	struct map_snapshot *now = malloc(sizeof(*now));
	unsigned ops = scaled(100000);
	size_t tables;

	peak_tables = 0;
	CHECK(map_snapshot_take(start));
	/* Round 1 leaves what the pool keeps (its chunks, a high-water mark) and a grown descriptor array. */
	memory_round(ops / 2, 1);
	CHECK(map_snapshot_take(after_first));
	memory_round(ops / 2, 1);
	CHECK(map_snapshot_take(now));
	CHECK(map_snapshot_same(after_first, now));
	printf("memory (%s): %u operations; free pages %llu at start, %llu after each round "
	       "(pool chunks kept), %llu descriptors in %zu slots, page tables %zu -> %zu "
	       "(peak %zu)\n",
	       mode, ops, (unsigned long long)start->free_pages,
	       (unsigned long long)now->free_pages, (unsigned long long)now->count, now->max,
	       start->tables, now->tables, peak_tables);
	/* page operations alone give every page back */
	rng = 2;
	for (unsigned op = 0; op < ops / 4; op++) {
		if (live_count == LIVE_MAX || (below(2) && live_count))
			free_one(below(live_count));
		else
			allocate_pages_randomly();
	}
	while (live_count)
		free_one(below(live_count));
	CHECK(map_snapshot_take(start));
	CHECK(map_snapshot_same(start, now));
	tables = after_first->tables;
	free(start);
	free(after_first);
	free(now);
	return tables;
}

/* ---- protocols ---- */

static const efi_guid_t guid_disk =
	EFI_GUID(0xd15c0000, 0x1111, 0x2222, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa);
static const efi_guid_t guid_part =
	EFI_GUID(0xd15c0001, 0x1111, 0x2222, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa);
static const efi_guid_t guid_fs =
	EFI_GUID(0xd15c0002, 0x1111, 0x2222, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa);
static const efi_guid_t guid_tag =
	EFI_GUID(0xd15c0003, 0x1111, 0x2222, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa);
static int disk, disk2, part, fs, tag;
static unsigned notified;

static void count_notify(efi_event_t event, void *context)
{
	(void)event;
	(void)context;
	notified++;
}

static unsigned live_handles(void)
{
	unsigned n = 0;

	for (const struct db_handle *h = db_slots(&efi_db); h; h = h->next)
		n += h->in_use;
	return n;
}

static unsigned live_registrations(void)
{
	unsigned n = 0;

	for (size_t i = 0; i < DB_MAX_NOTIFIES; i++)
		n += efi_db.notifies[i].in_use;
	return n;
}

static void protocol_cycle(efi_handle_t agent, void *registration)
{
	efi_handle_t h = NULL, got, *buffer;
	efi_open_protocol_information_entry_t *info;
	efi_guid_t **guids;
	uint64_t count, size = sizeof(got);
	void *iface;

	CHECK(bs->install_multiple_protocol_interfaces(&h, &guid_disk, &disk, &guid_tag, &tag,
						       NULL) == EFI_SUCCESS);
	CHECK(bs->locate_handle(EFI_BY_REGISTER_NOTIFY, NULL, registration, &size, &got) ==
	      EFI_SUCCESS && got == h);
	/* bookkeeping: a GET_PROTOCOL and a BY_DRIVER record, read back through the pool */
	CHECK(bs->open_protocol(h, g(&guid_tag), &iface, agent, NULL,
				EFI_OPEN_PROTOCOL_GET_PROTOCOL) == EFI_SUCCESS);
	CHECK(bs->open_protocol(h, g(&guid_tag), &iface, agent, h, EFI_OPEN_PROTOCOL_BY_DRIVER) ==
	      EFI_SUCCESS);
	CHECK(bs->open_protocol_information(h, g(&guid_tag), &info, &count) == EFI_SUCCESS &&
	      count == 2);
	CHECK(bs->free_pool(info) == EFI_SUCCESS);
	CHECK(bs->protocols_per_handle(h, &guids, &count) == EFI_SUCCESS && count == 2);
	CHECK(bs->free_pool(guids) == EFI_SUCCESS);
	CHECK(bs->locate_handle_buffer(EFI_BY_PROTOCOL, g(&guid_disk), NULL, &count, &buffer) ==
	      EFI_SUCCESS);
	CHECK(bs->free_pool(buffer) == EFI_SUCCESS);
	/* reinstall, and a refused all-or-nothing uninstall */
	CHECK(bs->reinstall_protocol_interface(h, g(&guid_disk), &disk, &disk2) == EFI_SUCCESS);
	CHECK(bs->locate_protocol(g(&guid_disk), registration, &iface) == EFI_SUCCESS &&
	      iface == &disk2);
	CHECK(bs->uninstall_multiple_protocol_interfaces(h, &guid_disk, &disk2, &guid_tag, &tag,
							 NULL) == EFI_INVALID_PARAMETER);
	CHECK(bs->handle_protocol(h, g(&guid_disk), &iface) == EFI_SUCCESS && iface == &disk2);
	CHECK(bs->close_protocol(h, g(&guid_tag), agent, h) == EFI_SUCCESS);
	CHECK(bs->close_protocol(h, g(&guid_tag), agent, NULL) == EFI_SUCCESS);
	/* the driver stack: partition and file system on top, then torn down with the disk */
	CHECK(bs->connect_controller(h, NULL, NULL, 1) == EFI_SUCCESS);
	CHECK(bs->uninstall_multiple_protocol_interfaces(h, &guid_disk, &disk2, &guid_tag, &tag,
							 NULL) == EFI_SUCCESS);
	CHECK(!db_handle_valid(&efi_db, h));
}

static void *no_memory(size_t bytes, const char *what)
{
	(void)bytes, (void)what;
	return NULL;
}

static void test_protocols(void)
{
	struct map_snapshot *start = malloc(sizeof(*start)), *now = malloc(sizeof(*now));
	struct fake_driver bus, leaf;
	efi_handle_t agent = NULL, extra[DB_FIRST_HANDLES + 1];
	efi_event_t e;
	void *registration;
	unsigned handles, cycles = scaled(10000), made = 0;
	void *(*grow)(size_t, const char *) = efi_db.alloc;
	efi_status_t status;

	handles = live_handles();
	CHECK(bs->install_protocol_interface(&agent, g(&guid_tag), EFI_NATIVE_INTERFACE, &tag) ==
	      EFI_SUCCESS);
	CHECK(fake_driver_install(&bus, 1, &guid_disk, &guid_part, &part, true) != NULL);
	CHECK(fake_driver_install(&leaf, 1, &guid_part, &guid_fs, &fs, false) != NULL);
	CHECK(bs->create_event(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, count_notify, NULL, &e) ==
	      EFI_SUCCESS);
	CHECK(bs->register_protocol_notify(g(&guid_disk), e, &registration) == EFI_SUCCESS);
	/* the first cycle's pool use carves the chunk the pool keeps for its type */
	protocol_cycle(agent, registration);
	CHECK(map_snapshot_take(start));
	notified = 0;
	for (unsigned i = 0; i < cycles; i++)
		protocol_cycle(agent, registration);
	/* install, reinstall, and the install that undoes the refused uninstall */
	CHECK(notified == 3 * cycles);
	/*
	 * Per cycle the driver stack starts twice (after the reinstall, as on
	 * edk2, and by ConnectController) and is stopped twice (to uninstall the
	 * disk in the refused uninstall, and in the last one): the bus driver
	 * stops its child, then the disk.
	 */
	printf("drivers: bus %d starts %d stops, leaf %d starts %d stops\n", bus.starts, bus.stops,
	       leaf.starts, leaf.stops);
	CHECK(bus.starts == 2 * ((int)cycles + 1) && leaf.starts == 2 * ((int)cycles + 1));
	CHECK(bus.stops == 4 * ((int)cycles + 1) && leaf.stops == 2 * ((int)cycles + 1));
	/*
	 * exhaustion: with no memory to grow into (which it would keep), the
	 * handles run out with the spec's status, and come back
	 */
	efi_db.alloc = no_memory;
	do {
		extra[made] = NULL;
		status = bs->install_protocol_interface(&extra[made], g(&guid_fs),
							EFI_NATIVE_INTERFACE, &fs);
	} while (status == EFI_SUCCESS && ++made <= DB_FIRST_HANDLES);
	efi_db.alloc = grow;
	CHECK(status == EFI_OUT_OF_RESOURCES);
	while (made-- > 0)
		CHECK(bs->uninstall_protocol_interface(extra[made], g(&guid_fs), &fs) == EFI_SUCCESS);
	CHECK(bs->close_event(e) == EFI_SUCCESS);
	CHECK(fake_driver_uninstall(&bus) == EFI_SUCCESS);
	CHECK(fake_driver_uninstall(&leaf) == EFI_SUCCESS);
	CHECK(bs->uninstall_protocol_interface(agent, g(&guid_tag), &tag) == EFI_SUCCESS);
	CHECK(map_snapshot_take(now));
	CHECK(map_snapshot_same(start, now));
	CHECK(live_handles() == handles && live_registrations() == 0);
	printf("protocols: %u cycles, %u notifies; %u handles and %llu free pages at start and end\n",
	       cycles, notified, handles, (unsigned long long)now->free_pages);
	free(start);
	free(now);
}

/* ---- events ---- */

static const efi_guid_t group =
	EFI_GUID(0xe7e70000, 0x1111, 0x2222, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa);

struct soak_event {
	efi_event_t e;
	uint32_t type;
	bool in_group;
};

static void test_events(void)
{
	struct soak_event ev[EVENTS_MAX];
	unsigned count = 0, created = 0, target = scaled(100000), expected = 0, refused = 0;
	efi_event_t all[EVENTS_MAX];

	rng = 3;
	notified = 0;
	while (created < target || count) {
		unsigned what = (unsigned)below(4);

		if (created < target && (what == 0 || count == 0)) {
			static const uint32_t kinds[] = { 0, EVT_NOTIFY_SIGNAL, EVT_NOTIFY_WAIT,
							  EVT_TIMER, EVT_TIMER | EVT_NOTIFY_SIGNAL };
			struct soak_event s = { .type = kinds[below(5)] };
			bool notify = s.type & (EVT_NOTIFY_SIGNAL | EVT_NOTIFY_WAIT);
			efi_status_t status;

			s.in_group = (s.type & EVT_NOTIFY_SIGNAL) && below(4) == 0;
			status = bs->create_event_ex(s.type, notify ? TPL_CALLBACK : 0,
						     notify ? count_notify : NULL, NULL,
						     s.in_group ? &group : NULL, &s.e);
			if (count == EVENTS_MAX) {
				CHECK(status == EFI_OUT_OF_RESOURCES);
				refused++;
				created++;
				continue;
			}
			CHECK(status == EFI_SUCCESS);
			ev[count++] = s;
			created++;
		} else if (what == 1) {
			struct soak_event *s = &ev[below(count)];

			CHECK(bs->signal_event(s->e) == EFI_SUCCESS);
			if (s->in_group) {
				for (unsigned i = 0; i < count; i++)
					expected += ev[i].in_group;
			} else if (s->type & EVT_NOTIFY_SIGNAL) {
				expected++;
			}
		} else if (what == 2) {
			struct soak_event *s = &ev[below(count)];

			if (s->type & EVT_TIMER) {
				CHECK(bs->set_timer(s->e, EFI_TIMER_RELATIVE, 10) == EFI_SUCCESS);
				stub.ticks += STUB_TIMER_HZ; /* a second later it fires */
				CHECK(bs->stall(0) == EFI_SUCCESS);
				CHECK(bs->check_event(s->e) ==
				      ((s->type & EVT_NOTIFY_SIGNAL) ? EFI_INVALID_PARAMETER
								      : EFI_SUCCESS));
				expected += (s->type & EVT_NOTIFY_SIGNAL) != 0;
			} else {
				CHECK(bs->set_timer(s->e, EFI_TIMER_RELATIVE, 10) ==
				      EFI_INVALID_PARAMETER);
			}
		} else {
			unsigned i = (unsigned)below(count);

			CHECK(bs->close_event(ev[i].e) == EFI_SUCCESS);
			CHECK(bs->close_event(ev[i].e) == EFI_INVALID_PARAMETER);
			ev[i] = ev[--count];
		}
	}
	CHECK(notified == expected);
	/* every slot is free again */
	for (unsigned i = 0; i < EVENTS_MAX; i++)
		CHECK(bs->create_event(0, 0, NULL, NULL, &all[i]) == EFI_SUCCESS);
	for (unsigned i = 0; i < EVENTS_MAX; i++)
		CHECK(bs->close_event(all[i]) == EFI_SUCCESS);
	printf("events: %u created (%u refused when all %d were live), %u notifies\n", created,
	       refused, EVENTS_MAX, notified);
}

int main(int argc, char **argv)
{
	size_t tables;

	if (argc > 1)
		scale = (unsigned)strtoul(argv[1], NULL, 10);
	ram = aligned_alloc(EFI_PAGE_SIZE, RAM_PAGES * EFI_PAGE_SIZE);
	ram_base = (uint64_t)(uintptr_t)ram;
	CHECK(host_mmu_init(ram_base, RAM_PAGES * EFI_PAGE_SIZE) == 0);
	CHECK(host_core_init(first_descriptors, 128, ram_base, RAM_PAGES * EFI_PAGE_SIZE) ==
	      EFI_SUCCESS);
	test_protocols();
	test_events();
	test_memory("W^X");
	nx_compat_enter(); /* for good, as in the firmware */
	/* executable allocations split blocks into tables, and gave them back */
	tables = test_memory("NX compatibility mode");
	CHECK(peak_tables > tables);
	memory_exhaustion();
	return check_report("soak_test");
}
