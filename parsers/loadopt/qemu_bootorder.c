/*
 * QEMU's fw_cfg "bootorder" file: the devices given a bootindex, first to
 * last, as OpenFirmware paths separated by '\n' and ended by a NUL.
 *
 * A line is taken when it is (spaces are not allowed):
 *   /pci@<hex>/<name>@<dev>[,<fn>]/.../disk@<unit>[,<lun>]  -> BOOTORDER_PCI
 *   /virtio-mmio@<hex>/disk@<unit>[,<lun>]                  -> BOOTORDER_MMIO
 * either with "/channel@0" before the disk: a LUN behind a virtio-scsi
 * adapter, disk@<target>,<lun> (QEMU 7.2's scsi-hd and scsi-cd); or
 *   /pci@<hex>/<name>@<dev>[,<fn>]/.../namespace@<nsid>,0   -> BOOTORDER_PCI, nvme
 * an NVMe namespace (QEMU 7.2's nvme: ".../pci1b36,0010@2/namespace@1,0"); or
 *   /pci@<hex>/<name>@<dev>[,<fn>]/.../nvme-ns<anything>    -> BOOTORDER_PCI, nvme, NSID 0
 * a namespace of that controller, not saying which (QEMU 7.2's nvme-ns device: it meant
 * "/namespace@<nsid>,0" after "nvme-ns", made before the NSID was set and then read from
 * freed memory: ".../pci1b36,0010@2/nvme-nsbootindex" for each one).
 * Rule (per line)                                           -> status
 *   starts with "/pci@" or "/virtio-mmio@" + 1..16 hex       -> LOADOPT_ERR_BOOTORDER_LINE
 *   every PCI hop "<name>@<hex dev <= 0x1f>[,<hex fn <= 7>]" -> LOADOPT_ERR_BOOTORDER_LINE
 *   at most BOOTORDER_MAX_PCI_DEPTH hops, at least one       -> LOADOPT_ERR_BOOTORDER_LINE
 *   the last component is "disk@..." or "namespace@..."     -> LOADOPT_ERR_BOOTORDER_LINE
 *   a namespace: after PCI hops only, NSID 1..0xffffffff, ",0" -> LOADOPT_ERR_BOOTORDER_LINE
 *   "nvme-ns": after PCI hops only                           -> LOADOPT_ERR_BOOTORDER_LINE
 *   "channel@0" only, right before the disk; then the disk's -> LOADOPT_ERR_BOOTORDER_LINE
 *   target <= 255 and LUN <= 16383
 *   no line left before len or the first NUL                 -> LOADOPT_ERR_BOOTORDER_END
 * Every scan stops at the line's end, so no line is read twice.
 */
#include <string.h>

#include "parsers/loadopt/loadopt.h"

struct cursor {
	const char *p, *end; /* the line, without its '\n' */
};

static bool take_char(struct cursor *c, char ch)
{
	if (c->p == c->end || *c->p != ch)
		return false;
	c->p++;
	return true;
}

static bool take(struct cursor *c, const char *s, size_t n)
{
	if ((size_t)(c->end - c->p) < n || memcmp(c->p, s, n) != 0)
		return false;
	c->p += n;
	return true;
}

#define TAKE(c, literal) take(c, literal, sizeof(literal) - 1)

static int hex_digit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* 1..16 hex digits; stops at the first other character. */
static bool take_hex(struct cursor *c, uint64_t *value)
{
	unsigned digits = 0;

	*value = 0;
	while (c->p < c->end && hex_digit(*c->p) >= 0) {
		if (++digits > 16)
			return false;
		*value = *value << 4 | (uint64_t)hex_digit(*c->p++);
	}
	return digits > 0;
}

/* "<name>@" with a name of [a-z0-9-] characters; *name points at it. */
static bool take_name(struct cursor *c, const char **name, size_t *name_len)
{
	*name = c->p;
	while (c->p < c->end && *c->p != '@' && *c->p != '/')
		c->p++;
	*name_len = (size_t)(c->p - *name);
	return *name_len > 0 && take_char(c, '@');
}

/* "/<name>@<dev>[,<fn>]": one PCI hop, or the disk leaf (*leaf). */
static bool take_component(struct cursor *c, struct bootorder_device *dev, bool *leaf)
{
	const char *name;
	size_t name_len;
	uint64_t device, function = 0;

	if (!take_char(c, '/') || !take_name(c, &name, &name_len) || !take_hex(c, &device))
		return false;
	if (take_char(c, ',') && !take_hex(c, &function))
		return false;
	if (name_len == 9 && memcmp(name, "namespace", 9) == 0) {
		*leaf = true;
		dev->nvme = true;
		dev->nsid = (uint32_t)device;
		return c->p == c->end && !dev->scsi && dev->kind == BOOTORDER_PCI && device >= 1 &&
		       device <= UINT32_MAX && function == 0;
	}
	*leaf = name_len == 4 && memcmp(name, "disk", 4) == 0;
	if (*leaf) {
		if (!dev->scsi)
			return c->p == c->end;
		dev->target = (uint16_t)device;
		dev->lun = (uint16_t)function;
		return c->p == c->end && device <= BOOTORDER_MAX_SCSI_TARGET &&
		       function <= BOOTORDER_MAX_SCSI_LUN;
	}
	if (dev->scsi)
		return false; /* only the disk follows the channel */
	if (name_len == 7 && memcmp(name, "channel", 7) == 0) {
		dev->scsi = true;
		return device == 0 && function == 0;
	}
	if (dev->kind != BOOTORDER_PCI || dev->pci_depth == BOOTORDER_MAX_PCI_DEPTH ||
	    device > 0x1f || function > 7)
		return false;
	dev->pci[dev->pci_depth].device = (uint8_t)device;
	dev->pci[dev->pci_depth].function = (uint8_t)function;
	dev->pci_depth++;
	return true;
}

/* "/nvme-ns" and whatever QEMU 7.2 put after it, after PCI hops: the line's last component. */
static bool take_nvme_ns(struct cursor *c, struct bootorder_device *dev)
{
	if (dev->kind != BOOTORDER_PCI || !dev->pci_depth || dev->scsi || !TAKE(c, "/nvme-ns"))
		return false;
	dev->nvme = true; /* NSID 0: any namespace of the controller */
	c->p = c->end;
	return true;
}

static bool parse_line(struct cursor c, struct bootorder_device *dev)
{
	bool leaf = false;

	memset(dev, 0, sizeof(*dev));
	if (TAKE(&c, "/pci@"))
		dev->kind = BOOTORDER_PCI;
	else if (TAKE(&c, "/virtio-mmio@"))
		dev->kind = BOOTORDER_MMIO;
	else
		return false;
	if (!take_hex(&c, &dev->mmio_base))
		return false;
	if (dev->kind == BOOTORDER_PCI)
		dev->mmio_base = 0;
	while (!leaf && !take_nvme_ns(&c, dev))
		if (!take_component(&c, dev, &leaf))
			return false;
	return dev->kind == BOOTORDER_MMIO || dev->pci_depth > 0;
}

int bootorder_next(const void *buf, size_t len, size_t *offset, struct bootorder_device *dev)
{
	const char *text = buf, *nul = memchr(text, '\0', len);
	size_t end = nul ? (size_t)(nul - text) : len;
	struct cursor line;

	while (*offset < end && text[*offset] == '\n')
		(*offset)++;
	if (*offset >= end)
		return LOADOPT_ERR_BOOTORDER_END;
	line.p = text + *offset;
	line.end = memchr(line.p, '\n', end - *offset);
	if (!line.end)
		line.end = text + end;
	*offset = (size_t)(line.end - text);
	return parse_line(line, dev) ? LOADOPT_OK : LOADOPT_ERR_BOOTORDER_LINE;
}
