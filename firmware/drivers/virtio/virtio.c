/* Device initialisation common to every transport (virtio 1.2 section 3.1.1). */
#include "firmware/drivers/virtio/virtio.h"

#include "parsers/bytes/bytes.h"

#define CONFIG_TRIES 4

void virtio_reset(struct virtio_dev *dev)
{
	dev->ops->set_status(dev, 0);
	/* a modern device may take time to reset: wait for 0 (bounded) */
	for (unsigned i = 0; i < 100000 && dev->ops->get_status(dev); i++)
		;
}

int virtio_negotiate(struct virtio_dev *dev, uint64_t *features)
{
	uint64_t wanted = *features | (dev->modern ? VIRTIO_F_VERSION_1 : 0);
	uint64_t agreed;

	virtio_reset(dev);
	dev->ops->set_status(dev, VIRTIO_STATUS_ACKNOWLEDGE);
	dev->ops->set_status(dev, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	agreed = dev->ops->get_features(dev) & wanted;
	if (dev->modern && !(agreed & VIRTIO_F_VERSION_1))
		return -1;
	dev->ops->set_features(dev, agreed);
	if (dev->modern) {
		uint8_t s = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
			    VIRTIO_STATUS_FEATURES_OK;

		dev->ops->set_status(dev, s);
		if (!(dev->ops->get_status(dev) & VIRTIO_STATUS_FEATURES_OK))
			return -1;
	}
	*features = agreed;
	return 0;
}

size_t virtio_read_config(struct virtio_dev *dev, uint8_t *cfg, size_t len)
{
	if (len > dev->config_len)
		len = dev->config_len;
	len -= len % 4;
	for (int i = 0; i < CONFIG_TRIES; i++) {
		uint32_t gen = dev->ops->config_generation(dev);

		for (uint32_t off = 0; off < len; off += 4)
			bytes_store_le(cfg + off, dev->ops->read_config32(dev, off), 4);
		if (dev->ops->config_generation(dev) == gen)
			return len;
	}
	return 0;
}
