/*
 * virtio-mmio (virtio 1.2 section 4.2): version 2 (modern) and version 1
 * (legacy, QEMU's default), in the slots the DT lists.
 */
#include "firmware/drivers/io.h"
#include "firmware/drivers/virtio/features.h"
#include "firmware/drivers/virtio/virtio.h"

#define MAGIC 0x000
#define VERSION 0x004
#define DEVICE_ID 0x008
#define DEVICE_FEATURES 0x010
#define DEVICE_FEATURES_SEL 0x014
#define DRIVER_FEATURES 0x020
#define DRIVER_FEATURES_SEL 0x024
#define GUEST_PAGE_SIZE 0x028 /* legacy */
#define QUEUE_SEL 0x030
#define QUEUE_NUM_MAX 0x034
#define QUEUE_NUM 0x038
#define QUEUE_ALIGN 0x03c /* legacy */
#define QUEUE_PFN 0x040   /* legacy */
#define QUEUE_READY 0x044
#define QUEUE_NOTIFY 0x050
#define STATUS 0x070
#define QUEUE_DESC 0x080
#define QUEUE_DRIVER 0x090
#define QUEUE_DEVICE 0x0a0
#define CONFIG_GENERATION 0x0fc
#define CONFIG 0x100
#define SLOT_BYTES 0x200

#define MMIO_MAGIC 0x74726976u /* "virt" */
#define LEGACY_PAGE 4096u

static uint8_t get_status(struct virtio_dev *dev)
{
	return (uint8_t)io_read32(dev->base + STATUS);
}

static void set_status(struct virtio_dev *dev, uint8_t status)
{
	io_write32(dev->base + STATUS, status);
}

static uint64_t get_features(struct virtio_dev *dev)
{
	return virtio_read_features(dev->base + DEVICE_FEATURES_SEL, dev->base + DEVICE_FEATURES,
				    dev->modern);
}

static void set_features(struct virtio_dev *dev, uint64_t features)
{
	virtio_write_features(dev->base + DRIVER_FEATURES_SEL, dev->base + DRIVER_FEATURES,
			      features, dev->modern);
}

static uint32_t config_generation(struct virtio_dev *dev)
{
	return dev->modern ? io_read32(dev->base + CONFIG_GENERATION) : 0;
}

static uint32_t read_config32(struct virtio_dev *dev, uint32_t offset)
{
	return io_read32(dev->base + CONFIG + offset);
}

static uint32_t queue_max(struct virtio_dev *dev, uint16_t index)
{
	io_write32(dev->base + QUEUE_SEL, index);
	return io_read32(dev->base + QUEUE_NUM_MAX);
}

static int queue_setup(struct virtio_dev *dev, uint16_t index, uint16_t size, uint64_t desc,
		       uint64_t avail, uint64_t used)
{
	io_write32(dev->base + QUEUE_SEL, index);
	io_write32(dev->base + QUEUE_NUM, size);
	if (!dev->modern) {
		/* legacy layout: avail follows desc, used starts on the next page */
		if (desc % LEGACY_PAGE || avail != desc + 16u * size || used != desc + LEGACY_PAGE ||
		    desc / LEGACY_PAGE > UINT32_MAX)
			return -1;
		io_write32(dev->base + GUEST_PAGE_SIZE, LEGACY_PAGE);
		io_write32(dev->base + QUEUE_ALIGN, LEGACY_PAGE);
		io_write32(dev->base + QUEUE_PFN, (uint32_t)(desc / LEGACY_PAGE));
		return 0;
	}
	io_write64_halves(dev->base + QUEUE_DESC, desc);
	io_write64_halves(dev->base + QUEUE_DRIVER, avail);
	io_write64_halves(dev->base + QUEUE_DEVICE, used);
	io_write32(dev->base + QUEUE_READY, 1);
	return 0;
}

static void notify(struct virtio_dev *dev, uint16_t index)
{
	io_write32(dev->base + QUEUE_NOTIFY, index);
}

static const struct virtio_ops mmio_ops = {
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

int virtio_mmio_probe(struct virtio_dev *dev, uint64_t base, uint32_t device_id)
{
	uint32_t version;

	if (io_read32(base + MAGIC) != MMIO_MAGIC || io_read32(base + DEVICE_ID) != device_id)
		return -1;
	version = io_read32(base + VERSION);
	if (version != 1 && version != 2)
		return -1;
	dev->ops = &mmio_ops;
	dev->base = base;
	dev->modern = version == 2;
	dev->config_len = SLOT_BYTES - CONFIG;
	dev->kind = "virtio-mmio@0x";
	dev->where = base;
	return 0;
}
