/*
 * Device path validation and node decoding.
 *
 * Rule (checked node by node, in this order)              -> status
 *   4 header bytes left in the buffer                      -> DEVPATH_ERR_TRUNCATED
 *   node length >= 4                                       -> DEVPATH_ERR_NODE_LENGTH
 *   node length <= bytes left                              -> DEVPATH_ERR_NODE_BEYOND
 *   End node (type 0x7f) length == 4                       -> DEVPATH_ERR_END_LENGTH
 *   End Entire within DEVPATH_MAX_NODES nodes              -> DEVPATH_ERR_TOO_MANY_NODES
 * Accessors:
 *   hard drive: type 4, sub-type 1, length 42              -> DEVPATH_ERR_NOT_HARD_DRIVE
 *   PCI: type 1, sub-type 1, length 6                      -> DEVPATH_ERR_NOT_PCI
 *   file path: type 4, sub-type 4                          -> DEVPATH_ERR_NOT_FILE_PATH
 *   file path text: even length, a NUL unit, fits out      -> DEVPATH_ERR_FILE_PATH_TEXT
 * Same partition (two hard drive nodes): number, signature, MBR type and
 * signature type equal; start and size are not compared.
 *
 * Lengths are compared against what is left, never added to offsets first,
 * so no sum can wrap.
 */
#include "parsers/devpath/devpath.h"

#include <string.h>

#include "parsers/bytes/bytes.h"
#include "parsers/bytes/status_message.h"

static const char *const messages[DEVPATH_ERR_COUNT_] = {
	[DEVPATH_OK] = "ok",
	[DEVPATH_ERR_TRUNCATED] = "device path node header beyond the buffer",
	[DEVPATH_ERR_NODE_LENGTH] = "device path node shorter than its header",
	[DEVPATH_ERR_NODE_BEYOND] = "device path node beyond the buffer",
	[DEVPATH_ERR_TOO_MANY_NODES] = "device path: no end in 256 nodes",
	[DEVPATH_ERR_END_LENGTH] = "device path end node not 4 bytes",
	[DEVPATH_ERR_NOT_HARD_DRIVE] = "not a hard drive device path node",
	[DEVPATH_ERR_NOT_FILE_PATH] = "not a file path device path node",
	[DEVPATH_ERR_FILE_PATH_TEXT] = "file path text malformed",
	[DEVPATH_ERR_NOT_PCI] = "not a PCI device path node",
	[DEVPATH_ERR_END] = "end of the device path",
};

const char *devpath_strerror(int status)
{
	return bytes_status_message(messages, DEVPATH_ERR_COUNT_, status,
				    "unknown device path status");
}

/* The node at p with left bytes after it; *length its checked length. */
static int check_node(const uint8_t *p, size_t left, size_t *length)
{
	size_t n;

	if (left < DEVPATH_NODE_HEADER)
		return DEVPATH_ERR_TRUNCATED;
	n = bytes_le16(p + 2);
	if (n < DEVPATH_NODE_HEADER)
		return DEVPATH_ERR_NODE_LENGTH;
	if (n > left)
		return DEVPATH_ERR_NODE_BEYOND;
	if (p[0] == DEVPATH_TYPE_END && n != DEVPATH_NODE_HEADER)
		return DEVPATH_ERR_END_LENGTH;
	*length = n;
	return DEVPATH_OK;
}

int devpath_check(const void *buf, size_t len, size_t *size)
{
	const uint8_t *p = buf;
	size_t off = 0;

	for (unsigned nodes = 0; nodes < DEVPATH_MAX_NODES; nodes++) {
		size_t n;
		int err = check_node(p + off, len - off, &n);

		if (err)
			return err;
		off += n;
		if (p[off - n] == DEVPATH_TYPE_END && p[off - n + 1] == DEVPATH_END_ENTIRE) {
			*size = off;
			return DEVPATH_OK;
		}
	}
	return DEVPATH_ERR_TOO_MANY_NODES;
}

int devpath_next(const void *path, size_t size, size_t *offset, struct devpath_node *node)
{
	const uint8_t *p = path;
	size_t n;
	int err;

	if (*offset > size)
		return DEVPATH_ERR_END;
	err = check_node(p + *offset, size - *offset, &n);
	if (err)
		return err;
	p += *offset;
	if (p[0] == DEVPATH_TYPE_END && p[1] == DEVPATH_END_ENTIRE)
		return DEVPATH_ERR_END;
	node->type = p[0];
	node->sub_type = p[1];
	node->data = p + DEVPATH_NODE_HEADER;
	node->data_len = n - DEVPATH_NODE_HEADER;
	*offset += n;
	return DEVPATH_OK;
}

int devpath_hard_drive(const struct devpath_node *node, struct devpath_hd *hd)
{
	const uint8_t *d = node->data;

	if (node->type != DEVPATH_TYPE_MEDIA || node->sub_type != DEVPATH_MEDIA_HARD_DRIVE ||
	    node->data_len != DEVPATH_HD_NODE_SIZE - DEVPATH_NODE_HEADER)
		return DEVPATH_ERR_NOT_HARD_DRIVE;
	hd->partition = bytes_le32(d);
	hd->start = bytes_le64(d + 4);
	hd->size = bytes_le64(d + 12);
	memcpy(hd->signature, d + 20, sizeof(hd->signature));
	hd->mbr_type = d[36];
	hd->signature_type = d[37];
	return DEVPATH_OK;
}

bool devpath_same_partition(const struct devpath_hd *a, const struct devpath_hd *b)
{
	return a->partition == b->partition && a->mbr_type == b->mbr_type &&
	       a->signature_type == b->signature_type &&
	       memcmp(a->signature, b->signature, sizeof(a->signature)) == 0;
}

int devpath_pci(const struct devpath_node *node, uint8_t *device, uint8_t *function)
{
	if (node->type != DEVPATH_TYPE_HARDWARE || node->sub_type != DEVPATH_HW_PCI ||
	    node->data_len != DEVPATH_PCI_NODE_SIZE - DEVPATH_NODE_HEADER)
		return DEVPATH_ERR_NOT_PCI;
	*function = node->data[0];
	*device = node->data[1];
	return DEVPATH_OK;
}

int devpath_file_path(const struct devpath_node *node, uint16_t *out, size_t max_units,
		      size_t *units)
{
	size_t n = node->data_len / 2;

	if (node->type != DEVPATH_TYPE_MEDIA || node->sub_type != DEVPATH_MEDIA_FILE_PATH)
		return DEVPATH_ERR_NOT_FILE_PATH;
	if (node->data_len % 2)
		return DEVPATH_ERR_FILE_PATH_TEXT;
	for (size_t i = 0; i < n; i++) {
		uint16_t c = bytes_le16(node->data + 2 * i);

		if (i >= max_units)
			return DEVPATH_ERR_FILE_PATH_TEXT;
		out[i] = c;
		if (c == 0) {
			*units = i;
			return DEVPATH_OK;
		}
	}
	return DEVPATH_ERR_FILE_PATH_TEXT;
}
