/*
 * Modern virtio-pci (virtio 1.2 section 4.1): the common, notify and device
 * config structures found through vendor capabilities (cfg_type 1, 2, 4) in
 * BARs the firmware assigns. The ISR structure (3) is not needed: requests
 * are polled.
 */
#include "firmware/drivers/io.h"
#include "firmware/drivers/pci/ecam.h"
#include "firmware/drivers/virtio/features.h"
#include "firmware/drivers/virtio/virtio.h"

#define CAP_VENDOR 0x09
#define CAP_MAX 48 /* bound on the capability list walk */
#define STATUS_CAP_LIST 0x10u

#define CFG_COMMON 1u
#define CFG_NOTIFY 2u
#define CFG_DEVICE 4u

/* Common configuration structure. */
#define DEVICE_FEATURE_SELECT 0x00
#define DEVICE_FEATURE 0x04
#define DRIVER_FEATURE_SELECT 0x08
#define DRIVER_FEATURE 0x0c
#define DEVICE_STATUS 0x14
#define CONFIG_GENERATION 0x15
#define QUEUE_SELECT 0x16
#define QUEUE_SIZE 0x18
#define QUEUE_ENABLE 0x1c
#define QUEUE_NOTIFY_OFF 0x1e
#define QUEUE_DESC 0x20
#define QUEUE_DRIVER 0x28
#define QUEUE_DEVICE 0x30
#define COMMON_BYTES 0x38u
#define DEVICE_CFG_BYTES 24u /* what the block driver reads (the SCSI driver checks its 36) */

static uint8_t get_status(struct virtio_dev *dev)
{
	return io_read8(dev->base + DEVICE_STATUS);
}

static void set_status(struct virtio_dev *dev, uint8_t status)
{
	io_write8(dev->base + DEVICE_STATUS, status);
}

static uint64_t get_features(struct virtio_dev *dev)
{
	return virtio_read_features(dev->base + DEVICE_FEATURE_SELECT, dev->base + DEVICE_FEATURE,
				    true);
}

static void set_features(struct virtio_dev *dev, uint64_t features)
{
	virtio_write_features(dev->base + DRIVER_FEATURE_SELECT, dev->base + DRIVER_FEATURE,
			      features, true);
}

static uint32_t config_generation(struct virtio_dev *dev)
{
	return io_read8(dev->base + CONFIG_GENERATION);
}

static uint32_t read_config32(struct virtio_dev *dev, uint32_t offset)
{
	return io_read32(dev->device_cfg + offset);
}

static uint32_t queue_max(struct virtio_dev *dev, uint16_t index)
{
	io_write16(dev->base + QUEUE_SELECT, index);
	return io_read16(dev->base + QUEUE_SIZE);
}

static int queue_setup(struct virtio_dev *dev, uint16_t index, uint16_t size, uint64_t desc,
		       uint64_t avail, uint64_t used)
{
	uint64_t off;

	io_write16(dev->base + QUEUE_SELECT, index);
	io_write16(dev->base + QUEUE_SIZE, size);
	io_write64_halves(dev->base + QUEUE_DESC, desc);
	io_write64_halves(dev->base + QUEUE_DRIVER, avail);
	io_write64_halves(dev->base + QUEUE_DEVICE, used);
	/*
	 * The device places the doorbell: it must lie inside the notify
	 * structure, 2-byte aligned, or the 16-bit write faults (Device memory).
	 */
	off = (uint64_t)io_read16(dev->base + QUEUE_NOTIFY_OFF) * dev->notify_mul;
	if (off % 2 || off > dev->notify_len || dev->notify_len - off < 2)
		return -1;
	dev->doorbell = dev->notify + off;
	io_write16(dev->base + QUEUE_ENABLE, 1);
	return 0;
}

/* The driver uses one queue: its doorbell was placed by queue_setup(). */
static void notify(struct virtio_dev *dev, uint16_t index)
{
	io_write16(dev->doorbell, index);
}

static const struct virtio_ops pci_ops = {
	.get_status = get_status,
	.set_status = set_status,
	.get_features = get_features,
	.set_features = set_features,
	.config_generation = config_generation,
	.read_config32 = read_config32,
	.queue_max = queue_max,
	.queue_setup = queue_setup,
	.notify = notify,
};

/*
 * The structure a capability points to, if it lies inside an assigned BAR at
 * the alignment virtio 1.2 4.1.4 requires of its type: its registers are
 * read at their natural width, which faults at a misaligned Device address.
 */
static uint64_t cap_region(struct pci_host *host, uint32_t bdf, uint32_t cap,
			   const struct pci_bar *bars, uint32_t min_len, uint32_t align,
			   uint32_t *len)
{
	uint8_t bar = pci_read8(host, bdf, cap + 4);
	uint32_t offset = pci_read32(host, bdf, cap + 8), length = pci_read32(host, bdf, cap + 12);

	if (bar >= PCI_BAR_COUNT || !bars[bar].size || length < min_len || offset % align ||
	    offset > bars[bar].size || bars[bar].size - offset < length)
		return 0;
	if (len)
		*len = length;
	return bars[bar].cpu + offset;
}

int virtio_pci_probe(struct virtio_dev *dev, struct pci_host *host, uint32_t bdf)
{
	struct pci_bar bars[PCI_BAR_COUNT];
	bool refused = false;
	uint32_t cap;

	if (!(pci_read16(host, bdf, PCI_STATUS) & STATUS_CAP_LIST))
		return VIRTIO_PCI_NO_MODERN;
	if (pci_assign_bars(host, bdf, bars))
		return VIRTIO_PCI_NO_BAR_ROOM;
	dev->base = dev->notify = dev->device_cfg = 0;
	cap = pci_read8(host, bdf, PCI_CAPABILITIES) & ~3u;
	for (unsigned n = 0; cap >= 0x40 && n < CAP_MAX; n++) {
		uint8_t type = pci_read8(host, bdf, cap + 3);

		/* a structure refused is skipped: a later one of its type may do */
		if (pci_read8(host, bdf, cap) == CAP_VENDOR) {
			if (type == CFG_COMMON && !dev->base) {
				dev->base = cap_region(host, bdf, cap, bars, COMMON_BYTES, 4, NULL);
				refused |= !dev->base;
			} else if (type == CFG_NOTIFY && !dev->notify) {
				dev->notify = cap_region(host, bdf, cap, bars, 2, 2, &dev->notify_len);
				dev->notify_mul = pci_read32(host, bdf, cap + 16);
				refused |= !dev->notify;
			} else if (type == CFG_DEVICE && !dev->device_cfg) {
				dev->device_cfg = cap_region(host, bdf, cap, bars, DEVICE_CFG_BYTES,
							     4, &dev->config_len);
				refused |= !dev->device_cfg;
			}
		}
		cap = pci_read8(host, bdf, cap + 1) & ~3u;
	}
	if (!dev->base || !dev->notify || !dev->device_cfg)
		return refused ? VIRTIO_PCI_BAD_STRUCTURE : VIRTIO_PCI_NO_MODERN;
	dev->ops = &pci_ops;
	dev->modern = true;
	dev->kind = "virtio-pci@0x";
	dev->where = bdf;
	return 0;
}
