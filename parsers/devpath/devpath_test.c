/* devpath.c: each rule of its table, and the node accessors. */
#include <string.h>

#include "parsers/devpath/devpath.h"
#include "parsers/testing/strerror_table.h"
#include "tools/testing/check.h"

#define CHECK_STATUS(expr, want) CHECK_STATUS_AS(expr, want, devpath_strerror)

static const uint8_t END[] = { 0x7f, 0xff, 4, 0 };

/* HD(1,GPT,<sig 0x11..0x20>,0x800,0x10000)/File(\A)/End */
static const uint8_t HD_FILE[] = {
	0x04, 0x01, 42, 0, 1, 0, 0, 0, 0x00, 0x08, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0,
	0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e,
	0x1f, 0x20, 0x02, 0x02,
	0x04, 0x04, 10, 0, '\\', 0, 'A', 0, 0, 0,
	0x7f, 0xff, 4, 0,
};

static void test_check(void)
{
	uint8_t buf[64];
	size_t size = 0;

	CHECK_STATUS(devpath_check(END, sizeof(END), &size), DEVPATH_OK);
	CHECK(size == 4);
	CHECK_STATUS(devpath_check(HD_FILE, sizeof(HD_FILE), &size), DEVPATH_OK);
	CHECK(size == sizeof(HD_FILE));
	/* bytes after the end are not part of the path */
	memcpy(buf, HD_FILE, sizeof(HD_FILE));
	memset(buf + sizeof(HD_FILE), 0xee, sizeof(buf) - sizeof(HD_FILE));
	CHECK_STATUS(devpath_check(buf, sizeof(buf), &size), DEVPATH_OK);
	CHECK(size == sizeof(HD_FILE));

	CHECK_STATUS(devpath_check(END, 3, &size), DEVPATH_ERR_TRUNCATED);
	CHECK_STATUS(devpath_check(HD_FILE, sizeof(HD_FILE) - 4, &size), DEVPATH_ERR_TRUNCATED);
	memcpy(buf, HD_FILE, sizeof(HD_FILE));
	buf[2] = 3;
	CHECK_STATUS(devpath_check(buf, sizeof(HD_FILE), &size), DEVPATH_ERR_NODE_LENGTH);
	{
		const uint8_t short_node[] = { 0x01, 0x01, 3, 0, 0x7f, 0xff, 4, 0 };

		CHECK_STATUS(devpath_check(short_node, sizeof(short_node), &size),
			     DEVPATH_ERR_NODE_LENGTH);
	}
	buf[2] = 0;
	buf[3] = 0; /* length 0: would loop forever without the rule */
	CHECK_STATUS(devpath_check(buf, sizeof(HD_FILE), &size), DEVPATH_ERR_NODE_LENGTH);
	buf[2] = 0xff;
	buf[3] = 0xff;
	CHECK_STATUS(devpath_check(buf, sizeof(HD_FILE), &size), DEVPATH_ERR_NODE_BEYOND);
	memcpy(buf, HD_FILE, sizeof(HD_FILE));
	buf[sizeof(HD_FILE) - 2] = 8;
	CHECK_STATUS(devpath_check(buf, sizeof(buf), &size), DEVPATH_ERR_END_LENGTH);
}

static void test_instances_and_node_bound(void)
{
	static uint8_t many[(DEVPATH_MAX_NODES + 1) * 4];
	size_t size;

	/* End Instance separates instances; End Entire ends the path */
	for (size_t i = 0; i < DEVPATH_MAX_NODES; i++) {
		many[4 * i] = 0x7f;
		many[4 * i + 1] = 0x01;
		many[4 * i + 2] = 4;
	}
	CHECK_STATUS(devpath_check(many, sizeof(many), &size), DEVPATH_ERR_TOO_MANY_NODES);
	many[4 * (DEVPATH_MAX_NODES - 1) + 1] = 0xff;
	CHECK_STATUS(devpath_check(many, sizeof(many), &size), DEVPATH_OK);
	CHECK(size == DEVPATH_MAX_NODES * 4);
}

static void test_accessors(void)
{
	struct devpath_node node;
	struct devpath_hd hd;
	uint16_t text[8];
	size_t off = 0, units = 0;
	uint8_t dev, fn;
	static const uint8_t pci[] = { 0x01, 0x01, 6, 0, 3, 2, 0x7f, 0xff, 4, 0 };

	CHECK_STATUS(devpath_next(HD_FILE, sizeof(HD_FILE), &off, &node), DEVPATH_OK);
	CHECK_STATUS(devpath_hard_drive(&node, &hd), DEVPATH_OK);
	CHECK(hd.partition == 1 && hd.start == 0x800 && hd.size == 0x10000);
	CHECK(hd.signature[0] == 0x11 && hd.signature[15] == 0x20);
	CHECK(hd.mbr_type == 2 && hd.signature_type == 2);
	{
		struct devpath_hd moved = hd, other = hd;

		moved.start += 0x800;
		moved.size -= 0x800;
		CHECK(devpath_same_partition(&hd, &moved));
		other.partition = 2;
		CHECK(!devpath_same_partition(&hd, &other));
		other = hd;
		other.signature[7] ^= 1;
		CHECK(!devpath_same_partition(&hd, &other));
		other = hd;
		other.signature_type = 1;
		CHECK(!devpath_same_partition(&hd, &other));
		other = hd;
		other.mbr_type = 1;
		CHECK(!devpath_same_partition(&hd, &other));
	}
	CHECK_STATUS(devpath_file_path(&node, text, 8, &units), DEVPATH_ERR_NOT_FILE_PATH);
	CHECK_STATUS(devpath_pci(&node, &dev, &fn), DEVPATH_ERR_NOT_PCI);
	CHECK_STATUS(devpath_next(HD_FILE, sizeof(HD_FILE), &off, &node), DEVPATH_OK);
	CHECK_STATUS(devpath_hard_drive(&node, &hd), DEVPATH_ERR_NOT_HARD_DRIVE);
	CHECK_STATUS(devpath_file_path(&node, text, 8, &units), DEVPATH_OK);
	CHECK(units == 2 && text[0] == '\\' && text[1] == 'A' && text[2] == 0);
	CHECK_STATUS(devpath_file_path(&node, text, 2, &units), DEVPATH_ERR_FILE_PATH_TEXT);
	node.data_len = 4; /* "\A" without its NUL */
	CHECK_STATUS(devpath_file_path(&node, text, 8, &units), DEVPATH_ERR_FILE_PATH_TEXT);
	node.data_len = 5;
	CHECK_STATUS(devpath_file_path(&node, text, 8, &units), DEVPATH_ERR_FILE_PATH_TEXT);
	CHECK_STATUS(devpath_next(HD_FILE, sizeof(HD_FILE), &off, &node), DEVPATH_ERR_END);
	CHECK(off == sizeof(HD_FILE) - 4);

	off = 0;
	CHECK_STATUS(devpath_next(pci, sizeof(pci), &off, &node), DEVPATH_OK);
	CHECK_STATUS(devpath_pci(&node, &dev, &fn), DEVPATH_OK);
	CHECK(dev == 2 && fn == 3);
}

int main(void)
{
	test_check();
	test_instances_and_node_bound();
	test_accessors();
	CHECK(strerror_table_ok(devpath_strerror, DEVPATH_ERR_COUNT_,
				"unknown device path status"));
	return check_report("devpath_test");
}
