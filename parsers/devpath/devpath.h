/*
 * UEFI device paths from host-writable places (Boot#### variables in flash,
 * LoadImage arguments): a packed list of nodes { u8 type; u8 sub_type;
 * le16 length; data }, ending in an End Entire node. devpath_check() walks a
 * path once with every bound checked (rules tabled in devpath.c); the
 * accessors take a checked path and re-check only what they decode.
 */
#ifndef EFILITE_PARSERS_DEVPATH_DEVPATH_H
#define EFILITE_PARSERS_DEVPATH_DEVPATH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DEVPATH_NODE_HEADER 4u
/* A bound on every walk: no path seen in practice has more than a dozen nodes. */
#define DEVPATH_MAX_NODES 256u

#define DEVPATH_TYPE_HARDWARE 0x01u
#define DEVPATH_TYPE_ACPI 0x02u
#define DEVPATH_TYPE_MESSAGING 0x03u
#define DEVPATH_TYPE_MEDIA 0x04u
#define DEVPATH_TYPE_END 0x7fu
#define DEVPATH_HW_PCI 0x01u
#define DEVPATH_HW_VENDOR 0x04u
#define DEVPATH_MEDIA_HARD_DRIVE 0x01u
#define DEVPATH_MEDIA_FILE_PATH 0x04u
#define DEVPATH_END_INSTANCE 0x01u
#define DEVPATH_END_ENTIRE 0xffu
#define DEVPATH_HD_NODE_SIZE 42u
#define DEVPATH_PCI_NODE_SIZE 6u

enum devpath_status {
	DEVPATH_OK = 0,
	DEVPATH_ERR_TRUNCATED,      /* a node header runs past the buffer */
	DEVPATH_ERR_NODE_LENGTH,    /* a node shorter than its 4-byte header */
	DEVPATH_ERR_NODE_BEYOND,    /* a node runs past the buffer */
	DEVPATH_ERR_TOO_MANY_NODES, /* no End Entire within DEVPATH_MAX_NODES nodes */
	DEVPATH_ERR_END_LENGTH,     /* an end node that is not exactly 4 bytes */
	DEVPATH_ERR_NOT_HARD_DRIVE, /* accessor: not a 42-byte hard drive node */
	DEVPATH_ERR_NOT_FILE_PATH,  /* accessor: not a file path node */
	DEVPATH_ERR_FILE_PATH_TEXT, /* file path: odd length, no NUL, or too long */
	DEVPATH_ERR_NOT_PCI,        /* accessor: not a 6-byte PCI node */
	DEVPATH_ERR_END,            /* iterator: no node left before the end */
	DEVPATH_ERR_COUNT_,         /* number of codes, not a status */
};

struct devpath_node {
	uint8_t type, sub_type;
	const uint8_t *data; /* the bytes after the header */
	size_t data_len;
};

struct devpath_hd {
	uint32_t partition;
	uint64_t start, size;
	uint8_t signature[16];
	uint8_t mbr_type, signature_type;
};

/*
 * Validates buf[0..len) from its start up to the first End Entire node;
 * *size receives the path's bytes including that node (bytes after it are
 * not looked at). End Instance nodes separate instances and do not end it.
 */
int devpath_check(const void *buf, size_t len, size_t *size);
/*
 * Iterates a checked path of size bytes: *offset starts at 0 and advances
 * past each node returned; DEVPATH_ERR_END at the End Entire node.
 */
int devpath_next(const void *path, size_t size, size_t *offset, struct devpath_node *node);
int devpath_hard_drive(const struct devpath_node *node, struct devpath_hd *hd);
/*
 * Whether two hard drive nodes name one partition (UEFI 2.10 3.1.2): the
 * same number, signature and their types; its start and size may differ
 * (a partition grown or moved keeps its GUID).
 */
bool devpath_same_partition(const struct devpath_hd *a, const struct devpath_hd *b);
/* A PCI node's device and function numbers. */
int devpath_pci(const struct devpath_node *node, uint8_t *device, uint8_t *function);
/*
 * A file path node's text: UTF-16LE up to its NUL copied into
 * out[0..max_units) with the NUL; *units counts units without it.
 */
int devpath_file_path(const struct devpath_node *node, uint16_t *out, size_t max_units,
		      size_t *units);
const char *devpath_strerror(int status);
#endif
