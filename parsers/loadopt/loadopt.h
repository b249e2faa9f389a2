/*
 * Boot choices the host or a previous guest wrote, parsed before use:
 *  - EFI_LOAD_OPTION (Boot#### variables): { le32 Attributes;
 *    le16 FilePathListLength; UTF-16 Description with NUL; FilePathList;
 *    OptionalData };
 *  - BootOrder/BootNext: arrays of le16 option numbers;
 *  - QEMU's fw_cfg "bootorder" file: OpenFirmware paths, one a line
 *    ("/pci@ffffffffffffffff/scsi@2/disk@0,0",
 *    "/virtio-mmio@000000000a003e00/disk@0,0"; a LUN behind virtio-scsi:
 *    "/pci@ffffffffffffffff/scsi@2/channel@0/disk@3,0").
 * Rules are tabled in loadopt.c and qemu_bootorder.c.
 */
#ifndef EFILITE_PARSERS_LOADOPT_LOADOPT_H
#define EFILITE_PARSERS_LOADOPT_LOADOPT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LOADOPT_ACTIVE 0x00000001u
/* Bits 8-12: what an option is for; only BOOT options boot unasked (UEFI 2.10 3.1.3). */
#define LOADOPT_CATEGORY 0x00001f00u
#define LOADOPT_CATEGORY_BOOT 0x00000000u
#define LOADOPT_HEADER_SIZE 6u
/* BootOrder entries looked at; more are refused rather than cut short. */
#define LOADOPT_MAX_ORDER 128u
/* PCI bridges crossed by one bootorder path (QEMU nests a handful at most). */
#define BOOTORDER_MAX_PCI_DEPTH 8u
/* A SCSI target is one byte of virtio-scsi's LUN field; LUNs are 14 bits (flat space). */
#define BOOTORDER_MAX_SCSI_TARGET 255u
#define BOOTORDER_MAX_SCSI_LUN 16383u

enum loadopt_status {
	LOADOPT_OK = 0,
	LOADOPT_ERR_TRUNCATED,       /* shorter than Attributes + FilePathListLength */
	LOADOPT_ERR_DESCRIPTION,     /* no NUL unit ends the description */
	LOADOPT_ERR_NO_PATH,         /* FilePathListLength is 0 */
	LOADOPT_ERR_PATH_BEYOND,     /* FilePathListLength runs past the option */
	LOADOPT_ERR_PATH,            /* the first path is malformed within the list */
	LOADOPT_ERR_ORDER_ODD,       /* BootOrder: odd byte count */
	LOADOPT_ERR_ORDER_TOO_MANY,  /* BootOrder: more than LOADOPT_MAX_ORDER entries */
	LOADOPT_ERR_BOOTORDER_LINE,  /* bootorder: a line that is no path we know */
	LOADOPT_ERR_BOOTORDER_END,   /* bootorder: no line left */
	LOADOPT_ERR_COUNT_,          /* number of codes, not a status */
};

struct loadopt {
	uint32_t attributes;
	const uint8_t *description; /* UTF-16LE, description_units units, NUL excluded */
	size_t description_units;
	const uint8_t *file_path;   /* the first device path, checked by devpath_check() */
	size_t file_path_size;      /* its bytes with the End Entire node */
	const uint8_t *optional_data;
	size_t optional_data_size;
};

/* buf[0..len) as one load option; *path_status names a LOADOPT_ERR_PATH's rule. */
int loadopt_parse(const void *buf, size_t len, struct loadopt *opt, int *path_status);
/* BootOrder bytes -> option numbers out[0..*count), max LOADOPT_MAX_ORDER. */
int loadopt_boot_order(const void *buf, size_t len, uint16_t *out, size_t *count);

enum bootorder_kind {
	BOOTORDER_PCI,  /* pci[0..pci_depth): device/function from the root down */
	BOOTORDER_MMIO, /* a virtio-mmio transport at mmio_base */
};

struct bootorder_device {
	enum bootorder_kind kind;
	uint64_t mmio_base;
	uint8_t pci_depth;
	struct {
		uint8_t device, function;
	} pci[BOOTORDER_MAX_PCI_DEPTH];
	bool scsi;            /* a LUN behind the SCSI adapter there ("channel@0/disk@t,l") */
	uint16_t target, lun; /* scsi: which one */
	bool nvme;            /* a namespace of the NVMe controller there ("namespace@nsid,0") */
	uint32_t nsid;        /* nvme: which one; 0: any ("nvme-ns", QEMU 7.2's nvme-ns device) */
};

/*
 * The line at *offset of the bootorder text buf[0..len) (up to its first
 * NUL); *offset advances past it. LOADOPT_ERR_BOOTORDER_LINE for a line
 * naming something else (a NIC, a ROM): callers skip it and go on.
 */
int bootorder_next(const void *buf, size_t len, size_t *offset, struct bootorder_device *dev);
const char *loadopt_strerror(int status);
#endif
