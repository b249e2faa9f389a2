/* loadopt.c and qemu_bootorder.c: each rule of their tables. */
#include <string.h>

#include "parsers/devpath/devpath.h"
#include "parsers/loadopt/loadopt.h"
#include "parsers/testing/strerror_table.h"
#include "tools/testing/check.h"

#define CHECK_STATUS(expr, want) CHECK_STATUS_AS(expr, want, loadopt_strerror)

/* Active, "Deb", File(\x)/End, optional data "ab" */
static const uint8_t OPTION[] = {
	1, 0, 0, 0, 12, 0,
	'D', 0, 'e', 0, 'b', 0, 0, 0,
	0x04, 0x04, 8, 0, '\\', 0, 0, 0, 0x7f, 0xff, 4, 0,
	'a', 'b',
};
#define PATH_OFFSET 14

static void test_load_option(void)
{
	struct loadopt opt;
	uint8_t buf[sizeof(OPTION)];
	int path_status;

	CHECK_STATUS(loadopt_parse(OPTION, sizeof(OPTION), &opt, &path_status), LOADOPT_OK);
	CHECK(opt.attributes == LOADOPT_ACTIVE);
	CHECK(opt.description_units == 3 && opt.description[0] == 'D');
	CHECK(opt.file_path == OPTION + PATH_OFFSET && opt.file_path_size == 12);
	CHECK(opt.optional_data_size == 2 && opt.optional_data[0] == 'a');
	/* no optional data */
	CHECK_STATUS(loadopt_parse(OPTION, sizeof(OPTION) - 2, &opt, &path_status), LOADOPT_OK);
	CHECK(opt.optional_data_size == 0);

	CHECK_STATUS(loadopt_parse(OPTION, 5, &opt, &path_status), LOADOPT_ERR_TRUNCATED);
	CHECK_STATUS(loadopt_parse(OPTION, 12, &opt, &path_status), LOADOPT_ERR_DESCRIPTION);
	CHECK_STATUS(loadopt_parse(OPTION, 13, &opt, &path_status), LOADOPT_ERR_DESCRIPTION);
	memcpy(buf, OPTION, sizeof(buf));
	buf[4] = 0;
	CHECK_STATUS(loadopt_parse(buf, sizeof(buf), &opt, &path_status), LOADOPT_ERR_NO_PATH);
	buf[4] = 15; /* 14 bytes are left after the description */
	CHECK_STATUS(loadopt_parse(buf, sizeof(buf), &opt, &path_status),
		     LOADOPT_ERR_PATH_BEYOND);
	buf[4] = 0xff;
	buf[5] = 0xff; /* no wrap: compared with what is left, never added */
	CHECK_STATUS(loadopt_parse(buf, sizeof(buf), &opt, &path_status),
		     LOADOPT_ERR_PATH_BEYOND);
	buf[4] = 8; /* the list ends inside the end node */
	buf[5] = 0;
	CHECK_STATUS(loadopt_parse(buf, sizeof(buf), &opt, &path_status), LOADOPT_ERR_PATH);
	CHECK(path_status == DEVPATH_ERR_TRUNCATED);
	memcpy(buf, OPTION, sizeof(buf));
	buf[PATH_OFFSET + 2] = 2;
	CHECK_STATUS(loadopt_parse(buf, sizeof(buf), &opt, &path_status), LOADOPT_ERR_PATH);
	CHECK(path_status == DEVPATH_ERR_NODE_LENGTH);
}

static void test_boot_order(void)
{
	static uint8_t big[2 * (LOADOPT_MAX_ORDER + 1)];
	const uint8_t order[] = { 3, 0, 0x01, 0x10 };
	uint16_t out[LOADOPT_MAX_ORDER];
	size_t count = 99;

	CHECK_STATUS(loadopt_boot_order(order, 4, out, &count), LOADOPT_OK);
	CHECK(count == 2 && out[0] == 3 && out[1] == 0x1001);
	CHECK_STATUS(loadopt_boot_order(order, 0, out, &count), LOADOPT_OK);
	CHECK(count == 0);
	CHECK_STATUS(loadopt_boot_order(order, 3, out, &count), LOADOPT_ERR_ORDER_ODD);
	CHECK_STATUS(loadopt_boot_order(big, sizeof(big) - 2, out, &count), LOADOPT_OK);
	CHECK(count == LOADOPT_MAX_ORDER);
	CHECK_STATUS(loadopt_boot_order(big, sizeof(big), out, &count),
		     LOADOPT_ERR_ORDER_TOO_MANY);
}

/* What QEMU 7.2 wrote for an mmio disk, two PCI disks and a bridge. */
static const char QEMU_BOOTORDER[] = "/pci@ffffffffffffffff/scsi@2/disk@0,0\n"
				     "/virtio-mmio@000000000a003e00/disk@0,0\n"
				     "/pci@ffffffffffffffff/pci-bridge@1,3/scsi@1f,7/disk@0,0\n"
				     "/pci@ffffffffffffffff/ethernet@1/ethernet-phy@0\n"
				     "/rom@genroms/linuxboot_dma.bin\n"
				     "/pci@ffffffffffffffff/scsi@2/channel@0/disk@3,0\n"
				     "/virtio-mmio@000000000a003e00/channel@0/disk@0,2\n"
				     "/pci@ffffffffffffffff/pci-bridge@5/pci1b36,0010@0/namespace@1,0";

static void test_bootorder(void)
{
	struct bootorder_device dev;
	size_t off = 0;

	CHECK_STATUS(bootorder_next(QEMU_BOOTORDER, sizeof(QEMU_BOOTORDER), &off, &dev),
		     LOADOPT_OK);
	CHECK(dev.kind == BOOTORDER_PCI && dev.pci_depth == 1);
	CHECK(dev.pci[0].device == 2 && dev.pci[0].function == 0);
	CHECK_STATUS(bootorder_next(QEMU_BOOTORDER, sizeof(QEMU_BOOTORDER), &off, &dev),
		     LOADOPT_OK);
	CHECK(dev.kind == BOOTORDER_MMIO && dev.mmio_base == 0xa003e00);
	CHECK_STATUS(bootorder_next(QEMU_BOOTORDER, sizeof(QEMU_BOOTORDER), &off, &dev),
		     LOADOPT_OK);
	CHECK(dev.kind == BOOTORDER_PCI && dev.pci_depth == 2);
	CHECK(dev.pci[0].device == 1 && dev.pci[0].function == 3);
	CHECK(dev.pci[1].device == 0x1f && dev.pci[1].function == 7 && !dev.scsi);
	CHECK_STATUS(bootorder_next(QEMU_BOOTORDER, sizeof(QEMU_BOOTORDER), &off, &dev),
		     LOADOPT_ERR_BOOTORDER_LINE);
	CHECK_STATUS(bootorder_next(QEMU_BOOTORDER, sizeof(QEMU_BOOTORDER), &off, &dev),
		     LOADOPT_ERR_BOOTORDER_LINE);
	/* scsi-cd (scsi-id=3) and scsi-hd (lun=2) behind virtio-scsi-pci and -device */
	CHECK_STATUS(bootorder_next(QEMU_BOOTORDER, sizeof(QEMU_BOOTORDER), &off, &dev),
		     LOADOPT_OK);
	CHECK(dev.kind == BOOTORDER_PCI && dev.pci_depth == 1 && dev.pci[0].device == 2);
	CHECK(dev.scsi && dev.target == 3 && dev.lun == 0);
	CHECK_STATUS(bootorder_next(QEMU_BOOTORDER, sizeof(QEMU_BOOTORDER), &off, &dev),
		     LOADOPT_OK);
	CHECK(dev.kind == BOOTORDER_MMIO && dev.mmio_base == 0xa003e00);
	CHECK(dev.scsi && dev.target == 0 && dev.lun == 2 && !dev.nvme);
	/* an nvme controller behind a root port (QEMU 7.2, captured with tools/fwcfg-dump) */
	CHECK_STATUS(bootorder_next(QEMU_BOOTORDER, sizeof(QEMU_BOOTORDER), &off, &dev),
		     LOADOPT_OK);
	CHECK(dev.kind == BOOTORDER_PCI && dev.pci_depth == 2 && dev.pci[0].device == 5 &&
	      dev.pci[1].device == 0 && dev.nvme && dev.nsid == 1 && !dev.scsi);
	CHECK_STATUS(bootorder_next(QEMU_BOOTORDER, sizeof(QEMU_BOOTORDER), &off, &dev),
		     LOADOPT_ERR_BOOTORDER_END);
	/*
	 * nvme-ns devices given a bootindex on two controllers (QEMU 7.2, captured with
	 * tools/fwcfg-dump): the controller alone, NSID 0 (any of its namespaces)
	 */
	static const char NVME_NS[] = "/pci@ffffffffffffffff/pci1b36,0010@3/nvme-nsbootindex\n"
				      "/pci@ffffffffffffffff/pci1b36,0010@2/nvme-nsbootindex";
	off = 0;
	CHECK_STATUS(bootorder_next(NVME_NS, sizeof(NVME_NS), &off, &dev), LOADOPT_OK);
	CHECK(dev.kind == BOOTORDER_PCI && dev.pci_depth == 1 && dev.pci[0].device == 3 &&
	      dev.nvme && dev.nsid == 0 && !dev.scsi);
	CHECK_STATUS(bootorder_next(NVME_NS, sizeof(NVME_NS), &off, &dev), LOADOPT_OK);
	CHECK(dev.pci_depth == 1 && dev.pci[0].device == 2 && dev.nvme && dev.nsid == 0);
	CHECK_STATUS(bootorder_next(NVME_NS, sizeof(NVME_NS), &off, &dev), LOADOPT_ERR_BOOTORDER_END);
	/* without a NUL, the buffer's end ends the text */
	off = 0;
	CHECK_STATUS(bootorder_next(QEMU_BOOTORDER, 20, &off, &dev), LOADOPT_ERR_BOOTORDER_LINE);
	CHECK_STATUS(bootorder_next(QEMU_BOOTORDER, 20, &off, &dev), LOADOPT_ERR_BOOTORDER_END);
}

static void expect_line(int line, const char *text, int status)
{
	struct bootorder_device dev;
	size_t off = 0;
	int got = bootorder_next(text, strlen(text), &off, &dev);

	if (got != status) {
		fprintf(stderr, "line %d: \"%s\": %s\n", line, text, loadopt_strerror(got));
		check_failures++;
	}
	check_count++;
}

static void test_bootorder_rules(void)
{
	expect_line(__LINE__, "/pci@0/scsi@2/disk@0", LOADOPT_OK);
	expect_line(__LINE__, "/virtio-mmio@a003e00/disk@0", LOADOPT_OK);
	expect_line(__LINE__, "/virtio-mmio@/disk@0", LOADOPT_ERR_BOOTORDER_LINE);
	expect_line(__LINE__, "/virtio-mmio@10000000000000000/disk@0", LOADOPT_ERR_BOOTORDER_LINE);
	expect_line(__LINE__, "/virtio-mmio@a003e00/scsi@1/disk@0", LOADOPT_ERR_BOOTORDER_LINE);
	expect_line(__LINE__, "/pci@0/disk@0", LOADOPT_ERR_BOOTORDER_LINE);
	expect_line(__LINE__, "/pci@0/scsi@20/disk@0", LOADOPT_ERR_BOOTORDER_LINE);
	expect_line(__LINE__, "/pci@0/scsi@2,8/disk@0", LOADOPT_ERR_BOOTORDER_LINE);
	expect_line(__LINE__, "/pci@0/scsi@2,/disk@0", LOADOPT_ERR_BOOTORDER_LINE);
	expect_line(__LINE__, "/pci@0/@2/disk@0", LOADOPT_ERR_BOOTORDER_LINE);
	expect_line(__LINE__, "/pci@0/scsi@2/disk@0/x", LOADOPT_ERR_BOOTORDER_LINE);
	expect_line(__LINE__, "/pci@0/scsi@2", LOADOPT_ERR_BOOTORDER_LINE);
	expect_line(__LINE__, "/pci@0/a@1/a@1/a@1/a@1/a@1/a@1/a@1/a@1/disk@0", LOADOPT_OK);
	expect_line(__LINE__, "/pci@0/a@1/a@1/a@1/a@1/a@1/a@1/a@1/a@1/a@1/disk@0",
		    LOADOPT_ERR_BOOTORDER_LINE);
	expect_line(__LINE__, "/pci@0/scsi@2/channel@0/disk@ff,3fff", LOADOPT_OK);
	expect_line(__LINE__, "/pci@0/scsi@2/channel@0/disk@100,0", LOADOPT_ERR_BOOTORDER_LINE);
	expect_line(__LINE__, "/pci@0/scsi@2/channel@0/disk@0,4000", LOADOPT_ERR_BOOTORDER_LINE);
	expect_line(__LINE__, "/pci@0/scsi@2/channel@1/disk@0,0", LOADOPT_ERR_BOOTORDER_LINE);
	expect_line(__LINE__, "/pci@0/scsi@2/channel@0,1/disk@0,0", LOADOPT_ERR_BOOTORDER_LINE);
	expect_line(__LINE__, "/pci@0/scsi@2/channel@0/a@1/disk@0,0", LOADOPT_ERR_BOOTORDER_LINE);
	expect_line(__LINE__, "/pci@0/channel@0/disk@0,0", LOADOPT_ERR_BOOTORDER_LINE);
	expect_line(__LINE__, "/virtio-mmio@a003e00/channel@0/disk@1,0", LOADOPT_OK);
	expect_line(__LINE__, "/pci@0/pci1b36,0010@2/namespace@ffffffff,0", LOADOPT_OK);
	expect_line(__LINE__, "/pci@0/pci1b36,0010@2/namespace@0,0", LOADOPT_ERR_BOOTORDER_LINE);
	expect_line(__LINE__, "/pci@0/pci1b36,0010@2/namespace@100000000,0",
		    LOADOPT_ERR_BOOTORDER_LINE);
	expect_line(__LINE__, "/pci@0/pci1b36,0010@2/namespace@1,1", LOADOPT_ERR_BOOTORDER_LINE);
	expect_line(__LINE__, "/pci@0/pci1b36,0010@2/namespace@1,0/x", LOADOPT_ERR_BOOTORDER_LINE);
	expect_line(__LINE__, "/pci@0/namespace@1,0", LOADOPT_ERR_BOOTORDER_LINE);
	expect_line(__LINE__, "/virtio-mmio@a003e00/namespace@1,0", LOADOPT_ERR_BOOTORDER_LINE);
	expect_line(__LINE__, "/pci@0/scsi@2/channel@0/namespace@1,0", LOADOPT_ERR_BOOTORDER_LINE);
	/* QEMU 7.2's nvme-ns suffix is read from freed memory: whatever follows is taken */
	expect_line(__LINE__, "/pci@0/pci1b36,0010@2/nvme-ns", LOADOPT_OK);
	expect_line(__LINE__, "/pci@0/pci1b36,0010@2/nvme-ns/namespace@2,0", LOADOPT_OK);
	expect_line(__LINE__, "/pci@0/nvme-nsbootindex", LOADOPT_ERR_BOOTORDER_LINE);
	expect_line(__LINE__, "/virtio-mmio@a003e00/nvme-nsbootindex", LOADOPT_ERR_BOOTORDER_LINE);
	expect_line(__LINE__, "/pci@0/scsi@2/channel@0/nvme-nsbootindex", LOADOPT_ERR_BOOTORDER_LINE);
	expect_line(__LINE__, "/pci@0/pci1b36,0010@2/nvme-n", LOADOPT_ERR_BOOTORDER_LINE);
	expect_line(__LINE__, "", LOADOPT_ERR_BOOTORDER_END);
	expect_line(__LINE__, "\n\n", LOADOPT_ERR_BOOTORDER_END);
}

int main(void)
{
	test_load_option();
	test_boot_order();
	test_bootorder();
	test_bootorder_rules();
	CHECK(strerror_table_ok(loadopt_strerror, LOADOPT_ERR_COUNT_,
				"unknown load option status"));
	return check_report("loadopt_test");
}
