/* Host tests for the handle/protocol database (firmware/efi/protocol_db.c). */
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
	const efi_open_protocol_information_entry_t *info;
	uint32_t count;
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
	CHECK(db_open_info(&db, h, &proto_a, &info, &count) == EFI_SUCCESS);
	CHECK(count == 1 && info[0].open_count == 2 && info[0].agent_handle == agent);
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
	CHECK(db_open_info(&db, h, &proto_a, &info, &count) == EFI_SUCCESS && count == 0);
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
	for (int i = 0; i < DB_MAX_HANDLES + 1; i++) {
		efi_handle_t fresh = NULL;

		if (db_install(&db, &fresh, &proto_a, &iface_a) != EFI_SUCCESS) {
			CHECK(i == DB_MAX_HANDLES - 1);
			break;
		}
	}
}

/*
 * More look-ups than open records: GET_PROTOCOL still succeeds (OpenProtocol
 * has no out-of-resources status), a BY_DRIVER open cannot go unrecorded.
 */
static void test_open_records_full(void)
{
	efi_handle_t h = NULL, agents[DB_MAX_OPENS + 2] = { NULL };
	const efi_open_protocol_information_entry_t *entries;
	uint32_t count = 0;
	void *out = NULL;

	db_init(&db);
	CHECK(db_install(&db, &h, &proto_a, &iface_a) == EFI_SUCCESS);
	for (int i = 0; i < DB_MAX_OPENS + 2; i++)
		CHECK(db_install(&db, &agents[i], &proto_b, &iface_b) == EFI_SUCCESS);
	for (int i = 0; i < DB_MAX_OPENS + 1; i++) {
		out = NULL;
		CHECK(db_open(&db, h, &proto_a, &out, agents[i], NULL,
			      EFI_OPEN_PROTOCOL_GET_PROTOCOL) == EFI_SUCCESS && out == &iface_a);
	}
	CHECK(db_open_info(&db, h, &proto_a, &entries, &count) == EFI_SUCCESS &&
	      count == DB_MAX_OPENS);
	CHECK(db_open(&db, h, &proto_a, &out, agents[DB_MAX_OPENS + 1], h,
		      EFI_OPEN_PROTOCOL_BY_DRIVER) == EFI_OUT_OF_RESOURCES);
	/* the unrecorded one closes as never opened */
	CHECK(db_close(&db, h, &proto_a, agents[DB_MAX_OPENS], NULL) == EFI_NOT_FOUND);
	CHECK(db_close(&db, h, &proto_a, agents[0], NULL) == EFI_SUCCESS);
	CHECK(db_open(&db, h, &proto_a, &out, agents[DB_MAX_OPENS + 1], h,
		      EFI_OPEN_PROTOCOL_BY_DRIVER) == EFI_SUCCESS);
}

/* A held handle outlives its last protocol until released; no new handle takes its slot. */
static void test_hold(void)
{
	efi_handle_t h = NULL, other = NULL, agent = NULL;
	const efi_open_protocol_information_entry_t *opens;
	uint32_t count;
	void *out;

	db_init(&db);
	CHECK(db_hold(&db, h) == EFI_INVALID_PARAMETER);
	CHECK(db_install(&db, &h, &proto_a, &iface_a) == EFI_SUCCESS);
	CHECK(db_install(&db, &agent, &proto_b, &iface_b) == EFI_SUCCESS);
	CHECK(db_open(&db, agent, &proto_b, &out, h, NULL, EFI_OPEN_PROTOCOL_GET_PROTOCOL) ==
	      EFI_SUCCESS);
	CHECK(db_open_info(&db, agent, &proto_b, &opens, &count) == EFI_SUCCESS && count == 1);
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
	CHECK(db_open_info(&db, agent, &proto_b, &opens, &count) == EFI_SUCCESS && count == 0);
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
	return check_report("protocol_db_test");
}
