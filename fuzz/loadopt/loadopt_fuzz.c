/*
 * One input three ways, as the boot manager meets it: a Boot#### load
 * option (then every node of its path through each accessor), BootOrder,
 * and QEMU's bootorder text. Checked: whatever is handed back lies inside
 * the input, every walk ends within a bound, and every status returned is
 * one with a message of its own.
 */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz/oracle.h"
#include "parsers/devpath/devpath.h"
#include "parsers/loadopt/loadopt.h"

static int known_devpath(int status)
{
	REQUIRE(status >= 0 && status < DEVPATH_ERR_COUNT_ && devpath_strerror(status) != NULL);
	return status;
}

static int known_loadopt(int status)
{
	REQUIRE(status >= 0 && status < LOADOPT_ERR_COUNT_ && loadopt_strerror(status) != NULL);
	return status;
}

static bool inside(const uint8_t *base, size_t len, const uint8_t *p, size_t n)
{
	return p >= base && (size_t)(p - base) <= len && n <= len - (size_t)(p - base);
}

static void walk_path(const uint8_t *path, size_t size)
{
	struct devpath_node node;
	struct devpath_hd hd;
	uint16_t text[64];
	size_t off = 0, units, nodes = 0;
	uint8_t dev, fn;

	while (known_devpath(devpath_next(path, size, &off, &node)) == DEVPATH_OK) {
		REQUIRE(++nodes < DEVPATH_MAX_NODES);
		REQUIRE(inside(path, size, node.data, node.data_len));
		if (known_devpath(devpath_hard_drive(&node, &hd)) == DEVPATH_OK) {
			struct devpath_hd moved = hd, other = hd;

			REQUIRE(node.data_len == DEVPATH_HD_NODE_SIZE - DEVPATH_NODE_HEADER);
			/* a partition moved or resized is still itself; another number is not */
			moved.start = ~hd.start;
			moved.size = ~hd.size;
			other.partition = ~hd.partition;
			REQUIRE(devpath_same_partition(&hd, &moved));
			REQUIRE(!devpath_same_partition(&hd, &other));
		}
		if (known_devpath(devpath_file_path(&node, text, 64, &units)) == DEVPATH_OK)
			REQUIRE(units < 64 && text[units] == 0 && 2 * units < node.data_len);
		devpath_pci(&node, &dev, &fn);
	}
	/* the walk stops at the End Entire node that ends the checked path */
	REQUIRE(off == size - DEVPATH_NODE_HEADER);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct loadopt opt;
	struct bootorder_device dev;
	uint16_t order[LOADOPT_MAX_ORDER];
	size_t count, off = 0, path_size;
	int path_status;

	int status = known_loadopt(loadopt_parse(data, size, &opt, &path_status));

	if (status == LOADOPT_ERR_PATH)
		known_devpath(path_status);
	if (status == LOADOPT_OK) {
		REQUIRE(inside(data, size, opt.description, 2 * opt.description_units + 2));
		REQUIRE(inside(data, size, opt.file_path, opt.file_path_size));
		REQUIRE(inside(data, size, opt.optional_data, opt.optional_data_size));
		walk_path(opt.file_path, opt.file_path_size);
	}
	if (known_devpath(devpath_check(data, size, &path_size)) == DEVPATH_OK) {
		REQUIRE(path_size <= size);
		walk_path(data, path_size);
	}
	if (known_loadopt(loadopt_boot_order(data, size, order, &count)) == LOADOPT_OK)
		REQUIRE(count == size / 2 && count <= LOADOPT_MAX_ORDER);
	for (;;) {
		size_t before = off;
		status = known_loadopt(bootorder_next(data, size, &off, &dev));

		if (status == LOADOPT_ERR_BOOTORDER_END)
			break;
		REQUIRE(off > before && off <= size);
		if (status == LOADOPT_OK)
			REQUIRE(dev.pci_depth <= BOOTORDER_MAX_PCI_DEPTH &&
				(!dev.scsi || (dev.target <= BOOTORDER_MAX_SCSI_TARGET &&
					       dev.lun <= BOOTORDER_MAX_SCSI_LUN)) &&
				(!dev.nvme || (!dev.scsi && dev.kind == BOOTORDER_PCI &&
					       dev.pci_depth)));
	}
	return 0;
}
