/* Host tests for the handle/protocol database (firmware/efi/protocol_db.c). */
#include <stdlib.h>
#include <string.h>

#include "firmware/efi/protocol_db.h"
#include "tools/testing/check.h"

static const efi_guid_t proto_a = EFI_GUID(0xaaaa, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
static const efi_guid_t proto_b = EFI_GUID(0xbbbb, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
static struct protocol_db db;
static int iface_a, iface_b, iface_c;

/* A vendor media node followed by an end node. */
struct vendor_path {
	efi_vendor_device_path_t vendor;
	efi_device_path_t end;
} __attribute__((packed));

/* The open records of (h, guid), counted through db_open_record. */
static uint32_t records(efi_handle_t h, const efi_guid_t *guid)
{
	efi_open_protocol_information_entry_t o;
	uint32_t n = 0;

	while (db_open_record(&db, h, guid, n, &o) == EFI_SUCCESS)
		n++;
	return n;
}

/* Memory for the database from malloc, counted; `fail` refuses it, naming what it was for. */
static unsigned grown;
static bool fail;
static const char *refused;

static void *test_alloc(size_t bytes, const char *what)
{
	if (fail) {
		refused = what;
		return NULL;
	}
	grown++;
	return malloc(bytes);
}

static struct vendor_path make_path(const efi_guid_t *guid)
{
	struct vendor_path p = {
		.vendor = { { EFI_DP_TYPE_MEDIA, EFI_DP_MEDIA_VENDOR,
			      { sizeof(efi_vendor_device_path_t), 0 } },
			    *guid },
		.end = { EFI_DP_TYPE_END, EFI_DP_END_ENTIRE, { 4, 0 } },
	};
	return p;
}

static void test_install_get_uninstall(void)
{
	efi_handle_t h = NULL, h2 = NULL;
	void *out = NULL;

	db_init(&db);
	CHECK(db_install(&db, &h, &proto_a, &iface_a) == EFI_SUCCESS && h != NULL);
	CHECK(db_install(&db, &h, &proto_a, &iface_b) == EFI_INVALID_PARAMETER);
	CHECK(db_install(&db, &h, &proto_b, &iface_b) == EFI_SUCCESS);
	CHECK(db_get(&db, h, &proto_b, &out) == EFI_SUCCESS && out == &iface_b);
	CHECK(db_get(&db, h, &efi_rng_protocol_guid, &out) == EFI_UNSUPPORTED && out == NULL);
	CHECK(db_get(&db, (efi_handle_t)&iface_a, &proto_a, &out) == EFI_INVALID_PARAMETER);
	CHECK(db_get(&db, NULL, &proto_a, &out) == EFI_INVALID_PARAMETER);
	h2 = (efi_handle_t)&iface_c;
	CHECK(db_install(&db, &h2, &proto_a, &iface_a) == EFI_INVALID_PARAMETER);
	CHECK(db_install(&db, NULL, &proto_a, &iface_a) == EFI_INVALID_PARAMETER);
	/* uninstall needs the same interface */
	CHECK(db_uninstall(&db, h, &proto_a, &iface_b) == EFI_NOT_FOUND);
	CHECK(db_uninstall(&db, h, &proto_a, &iface_a) == EFI_SUCCESS);
	CHECK(db_get(&db, h, &proto_b, &out) == EFI_SUCCESS && out == &iface_b);
	/* the last protocol gone, the handle dies */
	CHECK(db_uninstall(&db, h, &proto_b, &iface_b) == EFI_SUCCESS);
	CHECK(!db_handle_valid(&db, h));
	CHECK(db_get(&db, h, &proto_b, &out) == EFI_INVALID_PARAMETER);
}

static void test_reinstall(void)
{
	efi_handle_t h = NULL;
	void *out;

	db_init(&db);
	db_install(&db, &h, &proto_a, &iface_a);
	CHECK(db_reinstall(&db, h, &proto_a, &iface_b, &iface_c) == EFI_NOT_FOUND);
	CHECK(db_reinstall(&db, h, &proto_a, &iface_a, &iface_c) == EFI_SUCCESS);
	CHECK(db_get(&db, h, &proto_a, &out) == EFI_SUCCESS && out == &iface_c);
}

static void test_locate(void)
{
	efi_handle_t h1 = NULL, h2 = NULL, buf[4];
	uint64_t size = 0;
	void *out;

	db_init(&db);
	CHECK(db_locate_handles(&db, EFI_ALL_HANDLES, NULL, &size, buf) == EFI_NOT_FOUND);
	db_install(&db, &h1, &proto_a, &iface_a);
	db_install(&db, &h2, &proto_a, &iface_b);
	db_install(&db, &h2, &proto_b, &iface_c);
	size = sizeof(efi_handle_t);
	CHECK(db_locate_handles(&db, EFI_BY_PROTOCOL, &proto_a, &size, buf) ==
	      EFI_BUFFER_TOO_SMALL);
	CHECK(size == 2 * sizeof(efi_handle_t));
	CHECK(db_locate_handles(&db, EFI_BY_PROTOCOL, &proto_a, &size, buf) == EFI_SUCCESS);
	CHECK(buf[0] == h1 && buf[1] == h2);
	size = sizeof(buf);
	CHECK(db_locate_handles(&db, EFI_BY_PROTOCOL, &proto_b, &size, buf) == EFI_SUCCESS);
	CHECK(size == sizeof(efi_handle_t) && buf[0] == h2);
	CHECK(db_locate_handles(&db, EFI_BY_REGISTER_NOTIFY, &proto_b, &size, buf) ==
	      EFI_INVALID_PARAMETER);
	CHECK(db_locate_handles(&db, EFI_BY_PROTOCOL, NULL, &size, buf) == EFI_INVALID_PARAMETER);
	CHECK(db_locate_protocol(&db, &proto_b, &out) == EFI_SUCCESS && out == &iface_c);
	CHECK(db_locate_protocol(&db, &efi_rng_protocol_guid, &out) == EFI_NOT_FOUND);
}

static void test_device_path(void)
{
	struct vendor_path initrd = make_path(&efi_linux_initrd_media_guid);
	struct vendor_path query = make_path(&efi_linux_initrd_media_guid);
	struct vendor_path other = make_path(&proto_b);
	efi_device_path_t *p = &query.vendor.header;
	efi_handle_t h = NULL, found = NULL;

	db_init(&db);
	CHECK(dp_size(&initrd.vendor.header) == sizeof(initrd));
	db_install(&db, &h, &efi_device_path_protocol_guid, &initrd);
	db_install(&db, &h, &efi_load_file2_protocol_guid, &iface_a);
	CHECK(db_locate_device_path(&db, &efi_load_file2_protocol_guid, &p, &found) ==
	      EFI_SUCCESS);
	CHECK(found == h && p == &query.end);
	p = &other.vendor.header;
	CHECK(db_locate_device_path(&db, &efi_load_file2_protocol_guid, &p, &found) ==
	      EFI_NOT_FOUND);
	CHECK(p == &other.vendor.header);
	CHECK(db_find_device_path(&db, &query.vendor.header) == h);
	CHECK(db_find_device_path(&db, &other.vendor.header) == NULL);
	/* a node shorter than its header is malformed */
	query.vendor.header.length[0] = 2;
	p = &query.vendor.header;
	CHECK(dp_size(p) == 0);
	CHECK(db_locate_device_path(&db, &efi_load_file2_protocol_guid, &p, &found) ==
	      EFI_NOT_FOUND);
}

static void test_open_close(void)
{
	efi_handle_t h = NULL, agent = NULL, agent2 = NULL;
	efi_open_protocol_information_entry_t info;
	void *out = NULL;

	db_init(&db);
	db_install(&db, &h, &proto_a, &iface_a);
	db_install(&db, &agent, &proto_b, &iface_b);
	db_install(&db, &agent2, &proto_b, &iface_b);
	CHECK(db_open(&db, h, &proto_a, &out, agent, NULL, EFI_OPEN_PROTOCOL_GET_PROTOCOL) ==
	      EFI_SUCCESS);
	CHECK(out == &iface_a);
	CHECK(db_open(&db, h, &proto_a, &out, agent, NULL, EFI_OPEN_PROTOCOL_GET_PROTOCOL) ==
	      EFI_SUCCESS);
	CHECK(db_open_record(&db, h, &proto_a, 0, &info) == EFI_SUCCESS);
	CHECK(records(h, &proto_a) == 1 && info.open_count == 2 && info.agent_handle == agent);
	CHECK(db_open_record(&db, h, &proto_a, 1, &info) == EFI_NOT_FOUND);
	CHECK(db_open_record(&db, h, &proto_b, 0, &info) == EFI_NOT_FOUND);
	CHECK(db_open_record(&db, NULL, &proto_a, 0, &info) == EFI_INVALID_PARAMETER);
	CHECK(db_open_record(&db, h, &proto_a, 0, NULL) == EFI_INVALID_PARAMETER);
	CHECK(db_open(&db, h, &proto_a, NULL, NULL, NULL, EFI_OPEN_PROTOCOL_TEST_PROTOCOL) ==
	      EFI_SUCCESS);
	CHECK(db_open(&db, h, &proto_b, &out, agent, NULL, EFI_OPEN_PROTOCOL_GET_PROTOCOL) ==
	      EFI_UNSUPPORTED);
	CHECK(db_open(&db, h, &proto_a, &out, agent, NULL, 0x40) == EFI_INVALID_PARAMETER);
	CHECK(db_open(&db, h, &proto_a, &out, NULL, h, EFI_OPEN_PROTOCOL_BY_DRIVER) ==
	      EFI_INVALID_PARAMETER);
	/* driver ownership */
	CHECK(db_open(&db, h, &proto_a, &out, agent, h, EFI_OPEN_PROTOCOL_BY_DRIVER) ==
	      EFI_SUCCESS);
	CHECK(db_open(&db, h, &proto_a, &out, agent, h, EFI_OPEN_PROTOCOL_BY_DRIVER) ==
	      EFI_ALREADY_STARTED);
	CHECK(db_open(&db, h, &proto_a, &out, agent2, h, EFI_OPEN_PROTOCOL_BY_DRIVER) ==
	      EFI_ACCESS_DENIED);
	CHECK(db_uninstall(&db, h, &proto_a, &iface_a) == EFI_ACCESS_DENIED);
	CHECK(db_close(&db, h, &proto_a, agent2, h) == EFI_NOT_FOUND);
	CHECK(db_close(&db, h, &proto_a, agent, h) == EFI_SUCCESS);
	CHECK(db_close(&db, h, &proto_a, agent, NULL) == EFI_SUCCESS);
	CHECK(records(h, &proto_a) == 0);
	/* an exclusive holder refuses driver and exclusive opens, never a look-up */
	CHECK(db_open(&db, h, &proto_a, &out, agent, NULL, EFI_OPEN_PROTOCOL_EXCLUSIVE) ==
	      EFI_SUCCESS);
	out = NULL;
	CHECK(db_open(&db, h, &proto_a, &out, agent2, NULL, EFI_OPEN_PROTOCOL_GET_PROTOCOL) ==
	      EFI_SUCCESS && out == &iface_a);
	CHECK(db_open(&db, h, &proto_a, &out, agent, NULL, EFI_OPEN_PROTOCOL_BY_HANDLE_PROTOCOL) ==
	      EFI_SUCCESS);
	CHECK(db_open(&db, h, &proto_a, &out, agent2, h, EFI_OPEN_PROTOCOL_BY_CHILD_CONTROLLER) ==
	      EFI_SUCCESS);
	CHECK(db_open(&db, h, &proto_a, &out, agent2, h, EFI_OPEN_PROTOCOL_BY_DRIVER) ==
	      EFI_ACCESS_DENIED);
	CHECK(db_open(&db, h, &proto_a, &out, agent2, NULL, EFI_OPEN_PROTOCOL_EXCLUSIVE) ==
	      EFI_ACCESS_DENIED);
	CHECK(db_close(&db, h, &proto_a, agent, NULL) == EFI_SUCCESS);
	CHECK(db_close(&db, h, &proto_a, agent2, NULL) == EFI_SUCCESS);
	CHECK(db_close(&db, h, &proto_a, agent2, h) == EFI_SUCCESS);
	CHECK(records(h, &proto_a) == 0);
	CHECK(db_uninstall(&db, h, &proto_a, &iface_a) == EFI_SUCCESS);
}

static void test_protocols_per_handle(void)
{
	efi_handle_t h = NULL;
	efi_guid_t *guids[DB_MAX_PROTOCOLS];
	uint32_t count = 0;

	db_init(&db);
	db_install(&db, &h, &proto_a, &iface_a);
	db_install(&db, &h, &proto_b, &iface_b);
	CHECK(db_protocols(&db, h, guids, &count) == EFI_SUCCESS && count == 2);
	CHECK(efi_guid_equal(guids[0], &proto_a) && efi_guid_equal(guids[1], &proto_b));
	CHECK(db_protocols(&db, NULL, guids, &count) == EFI_INVALID_PARAMETER);
}

static void test_capacity(void)
{
	efi_handle_t h = NULL;
	efi_guid_t g = proto_a;
	int ok = 0;

	db_init(&db);
	for (int i = 0; i < DB_MAX_PROTOCOLS + 1; i++) {
		g.data1 = (uint32_t)i;
		ok += db_install(&db, &h, &g, &iface_a) == EFI_SUCCESS;
	}
	CHECK(ok == DB_MAX_PROTOCOLS);
	/* no alloc hook: the database's own room and no more */
	for (int i = 0; i < DB_FIRST_HANDLES + 1; i++) {
		efi_handle_t fresh = NULL;

		if (db_install(&db, &fresh, &proto_a, &iface_a) != EFI_SUCCESS) {
			CHECK(i == DB_FIRST_HANDLES - 1);
			break;
		}
	}
}

/*
 * One instance holds as many records as the shared pool has (a disk's Block
 * I/O: one BY_CHILD_CONTROLLER record per partition; four were the most
 * before, and a disk's fourth partition got no file system), in the order
 * they were made; uninstall and reinstall give theirs back to the pool.
 */
#define CHILDREN 130

static void test_many_children(void)
{
	efi_handle_t disk = NULL, driver = NULL, child[CHILDREN] = { NULL };
	efi_open_protocol_information_entry_t o;
	void *out = NULL;

	db_init(&db);
	db.alloc = test_alloc;
	fail = false;
	CHECK(db_install(&db, &disk, &proto_a, &iface_a) == EFI_SUCCESS);
	CHECK(db_install(&db, &driver, &proto_b, &iface_b) == EFI_SUCCESS);
	CHECK(db_open(&db, disk, &proto_a, &out, driver, disk, EFI_OPEN_PROTOCOL_BY_DRIVER) ==
	      EFI_SUCCESS);
	for (int i = 0; i < CHILDREN; i++) {
		CHECK(db_install(&db, &child[i], &proto_a, &iface_c) == EFI_SUCCESS);
		CHECK(db_open(&db, disk, &proto_a, &out, driver, child[i],
			      EFI_OPEN_PROTOCOL_BY_CHILD_CONTROLLER) == EFI_SUCCESS);
	}
	CHECK(records(disk, &proto_a) == CHILDREN + 1);
	for (uint32_t i = 1; i <= CHILDREN; i++)
		CHECK(db_open_record(&db, disk, &proto_a, i, &o) == EFI_SUCCESS &&
		      o.controller_handle == child[i - 1] &&
		      o.attributes == EFI_OPEN_PROTOCOL_BY_CHILD_CONTROLLER);
	/* a child closing takes its record alone out of the middle */
	CHECK(db_close(&db, disk, &proto_a, driver, child[5]) == EFI_SUCCESS);
	CHECK(db_open_record(&db, disk, &proto_a, 6, &o) == EFI_SUCCESS &&
	      o.controller_handle == child[6]);
	/* a gone child's record goes with it */
	CHECK(db_uninstall(&db, child[7], &proto_a, &iface_c) == EFI_SUCCESS);
	CHECK(records(disk, &proto_a) == CHILDREN - 1);
}

/*
 * More look-ups than open records: GET_PROTOCOL still succeeds (OpenProtocol
 * has no out-of-resources status), a BY_DRIVER open cannot go unrecorded.
 * Records given back (close, uninstall, reinstall) are made again.
 */
#define AGENTS 16
#define TARGETS (DB_FIRST_OPEN_RECORDS / AGENTS)

static void fill_pool(efi_handle_t *targets, efi_handle_t *agents)
{
	void *out;

	for (int t = 0; t < TARGETS; t++)
		for (int a = 0; a < AGENTS; a++)
			CHECK(db_open(&db, targets[t], &proto_a, &out, agents[a], NULL,
				      EFI_OPEN_PROTOCOL_GET_PROTOCOL) == EFI_SUCCESS);
}

static void test_open_records_full(void)
{
	efi_handle_t targets[TARGETS] = { NULL }, agents[AGENTS + 1] = { NULL }, h;
	void *out = NULL;

	_Static_assert(TARGETS * AGENTS == DB_FIRST_OPEN_RECORDS, "the pool fills exactly");
	db_init(&db);
	for (int t = 0; t < TARGETS; t++)
		CHECK(db_install(&db, &targets[t], &proto_a, &iface_a) == EFI_SUCCESS);
	for (int a = 0; a < AGENTS + 1; a++)
		CHECK(db_install(&db, &agents[a], &proto_b, &iface_b) == EFI_SUCCESS);
	fill_pool(targets, agents);
	h = targets[0];
	CHECK(records(h, &proto_a) == AGENTS);
	out = NULL;
	CHECK(db_open(&db, h, &proto_a, &out, agents[AGENTS], NULL,
		      EFI_OPEN_PROTOCOL_GET_PROTOCOL) == EFI_SUCCESS && out == &iface_a);
	CHECK(records(h, &proto_a) == AGENTS);
	CHECK(db_open(&db, h, &proto_a, &out, agents[AGENTS], h, EFI_OPEN_PROTOCOL_BY_DRIVER) ==
	      EFI_OUT_OF_RESOURCES);
	/* the unrecorded one closes as never opened */
	CHECK(db_close(&db, h, &proto_a, agents[AGENTS], NULL) == EFI_NOT_FOUND);
	CHECK(db_close(&db, h, &proto_a, agents[0], NULL) == EFI_SUCCESS);
	CHECK(db_open(&db, h, &proto_a, &out, agents[AGENTS], h, EFI_OPEN_PROTOCOL_BY_DRIVER) ==
	      EFI_SUCCESS);
	/* uninstall and reinstall give an instance's records back to the pool */
	CHECK(db_reinstall(&db, targets[1], &proto_a, &iface_a, &iface_c) == EFI_SUCCESS);
	CHECK(records(targets[1], &proto_a) == 0);
	CHECK(db_uninstall(&db, targets[2], &proto_a, &iface_a) == EFI_SUCCESS);
	for (int a = 0; a < 2 * AGENTS; a++)
		CHECK(db_open(&db, agents[a % AGENTS], &proto_b, &out, targets[3 + a / AGENTS],
			      targets[3 + a / AGENTS], EFI_OPEN_PROTOCOL_BY_CHILD_CONTROLLER) ==
		      EFI_SUCCESS);
	CHECK(db_open(&db, agents[0], &proto_b, &out, targets[5], targets[5],
		      EFI_OPEN_PROTOCOL_BY_CHILD_CONTROLLER) == EFI_OUT_OF_RESOURCES);
}

/* A held handle outlives its last protocol until released; no new handle takes its slot. */
static void test_hold(void)
{
	efi_handle_t h = NULL, other = NULL, agent = NULL;
	uint32_t count;
	void *out;

	db_init(&db);
	CHECK(db_hold(&db, h) == EFI_INVALID_PARAMETER);
	CHECK(db_install(&db, &h, &proto_a, &iface_a) == EFI_SUCCESS);
	CHECK(db_install(&db, &agent, &proto_b, &iface_b) == EFI_SUCCESS);
	CHECK(db_open(&db, agent, &proto_b, &out, h, NULL, EFI_OPEN_PROTOCOL_GET_PROTOCOL) ==
	      EFI_SUCCESS);
	CHECK(records(agent, &proto_b) == 1);
	CHECK(db_hold(&db, h) == EFI_SUCCESS && db_hold(&db, h) == EFI_SUCCESS);
	CHECK(db_uninstall(&db, h, &proto_a, &iface_a) == EFI_SUCCESS);
	CHECK(db_handle_valid(&db, h));
	CHECK(db_install(&db, &other, &proto_a, &iface_c) == EFI_SUCCESS && other != h);
	CHECK(db_install(&db, &h, &proto_a, &iface_a) == EFI_SUCCESS);
	CHECK(db_uninstall(&db, h, &proto_a, &iface_a) == EFI_SUCCESS);
	db_release(&db, h);
	CHECK(db_handle_valid(&db, h));
	/* the last release of an empty handle drops it, with the open records naming it */
	db_release(&db, h);
	CHECK(!db_handle_valid(&db, h));
	CHECK(records(agent, &proto_b) == 0);
	db_release(&db, h); /* not live: nothing */
	/* a new held handle: live and empty until its release */
	h = NULL;
	CHECK(db_new_held(&db, &h) == EFI_SUCCESS && db_handle_valid(&db, h));
	CHECK(db_protocols(&db, h, (efi_guid_t *[DB_MAX_PROTOCOLS]){ NULL }, &count) ==
	      EFI_SUCCESS && count == 0);
	db_release(&db, h);
	CHECK(!db_handle_valid(&db, h));
	/* a held handle that keeps a protocol stays after the release */
	CHECK(db_hold(&db, other) == EFI_SUCCESS);
	db_release(&db, other);
	CHECK(db_get(&db, other, &proto_a, &out) == EFI_SUCCESS && out == &iface_c);
}

/*
 * Past its own room the database grows, bounded by memory alone: 1,000
 * handles (it held 192 before, the table a disk boot needs 64) and 3,000
 * open records on one instance (1,024 in all before: a disk's partitions past
 * those got no record, and a connect never reached them), each found, in
 * the order made, in few blocks; a handle in a grown block is as checked as
 * one in the first. With no memory left, the rules' EFI_OUT_OF_RESOURCES.
 */
#define MANY_HANDLES 1000
#define MANY_RECORDS 3000

static void test_growth(void)
{
	static efi_handle_t h[MANY_HANDLES], all[MANY_HANDLES + 1];
	efi_open_protocol_information_entry_t o;
	uint64_t size = sizeof(all);
	efi_handle_t fresh = NULL;
	efi_status_t status = EFI_SUCCESS;
	void *out;
	bool in_order = true;

	db_init(&db);
	db.alloc = test_alloc;
	grown = 0;
	fail = false;
	for (int i = 0; i < MANY_HANDLES; i++) {
		h[i] = NULL;
		CHECK(db_install(&db, &h[i], &proto_a, &iface_a) == EFI_SUCCESS);
	}
	CHECK(db_locate_handles(&db, EFI_BY_PROTOCOL, &proto_a, &size, all) == EFI_SUCCESS &&
	      size == MANY_HANDLES * sizeof(all[0]));
	for (int i = 0; i < MANY_HANDLES; i++)
		in_order &= all[i] == h[i];
	CHECK(in_order);
	CHECK(grown == 4); /* 64 own, then blocks of 64, 128, 256, 512 */
	CHECK(db_handle_valid(&db, h[MANY_HANDLES - 1]));
	CHECK(!db_handle_valid(&db, (char *)h[MANY_HANDLES - 1] + 8)); /* inside a slot */
	/* a freed slot in a grown block is the first free one, and is taken again */
	CHECK(db_uninstall(&db, h[500], &proto_a, &iface_a) == EFI_SUCCESS);
	CHECK(!db_handle_valid(&db, h[500]));
	CHECK(db_install(&db, &fresh, &proto_b, &iface_b) == EFI_SUCCESS && fresh == h[500]);
	/* children of h[0]: agents h[1] to h[4], controllers h[100] on */
	for (int i = 0; i < MANY_RECORDS; i++)
		CHECK(db_open(&db, h[0], &proto_a, &out, h[1 + i / 900], h[100 + i % 900],
			      EFI_OPEN_PROTOCOL_BY_CHILD_CONTROLLER) == EFI_SUCCESS);
	CHECK(records(h[0], &proto_a) == MANY_RECORDS);
	CHECK(db_open_record(&db, h[0], &proto_a, MANY_RECORDS - 1, &o) == EFI_SUCCESS &&
	      o.agent_handle == h[4] && o.controller_handle == h[100 + (MANY_RECORDS - 1) % 900]);
	CHECK(grown == 4 + 4); /* 256 own records, then 256, 512, 1024, 2048 */
	/* no memory: the free records are used up, then a recorded open is refused */
	fail = true;
	for (int i = 0; i < 2 * MANY_HANDLES && status == EFI_SUCCESS; i++)
		status = db_open(&db, h[5 + i / MANY_HANDLES], &proto_a, &out, h[1],
				 h[i % MANY_HANDLES], EFI_OPEN_PROTOCOL_BY_CHILD_CONTROLLER);
	CHECK(status == EFI_OUT_OF_RESOURCES && refused &&
	      strcmp(refused, "protocol database: open records") == 0);
	CHECK(db_open(&db, h[7], &proto_a, &out, h[1], NULL, EFI_OPEN_PROTOCOL_GET_PROTOCOL) ==
	      EFI_SUCCESS);
	/* and a new handle, once the free slots are taken */
	refused = NULL;
	status = EFI_SUCCESS;
	for (int i = 0; i < MANY_HANDLES && status == EFI_SUCCESS; i++) {
		fresh = NULL;
		status = db_install(&db, &fresh, &proto_b, &iface_b);
	}
	CHECK(status == EFI_OUT_OF_RESOURCES && refused &&
	      strcmp(refused, "protocol database: handles") == 0);
}

int main(void)
{
	test_install_get_uninstall();
	test_hold();
	test_reinstall();
	test_locate();
	test_device_path();
	test_open_close();
	test_protocols_per_handle();
	test_capacity();
	test_open_records_full();
	test_many_children();
	test_growth();
	return check_report("protocol_db_test");
}
