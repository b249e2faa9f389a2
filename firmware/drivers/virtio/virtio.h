/*
 * A virtio device behind one of its transports (virtio-mmio legacy or
 * modern, modern virtio-pci). The transports move bytes; the ring and
 * device logic above them (virtqueue.c, blk.c) only uses these ops, so host
 * tests run that logic against a fake transport.
 */
#ifndef EFILITE_DRIVERS_VIRTIO_VIRTIO_H
#define EFILITE_DRIVERS_VIRTIO_VIRTIO_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Device status bits (virtio 1.2 section 2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1u
#define VIRTIO_STATUS_DRIVER 2u
#define VIRTIO_STATUS_DRIVER_OK 4u
#define VIRTIO_STATUS_FEATURES_OK 8u
#define VIRTIO_STATUS_FAILED 0x80u

#define VIRTIO_F_VERSION_1 (1ull << 32)
#define VIRTIO_ID_BLOCK 2u
#define VIRTIO_ID_SCSI 8u

struct virtio_dev;

struct virtio_ops {
	uint8_t (*get_status)(struct virtio_dev *dev);
	void (*set_status)(struct virtio_dev *dev, uint8_t status);
	uint64_t (*get_features)(struct virtio_dev *dev);
	void (*set_features)(struct virtio_dev *dev, uint64_t features);
	/* Config changes bump the generation (modern); legacy devices report 0. */
	uint32_t (*config_generation)(struct virtio_dev *dev);
	uint32_t (*read_config32)(struct virtio_dev *dev, uint32_t offset);
	/* The device's largest size for queue index, 0 if there is no such queue. */
	uint32_t (*queue_max)(struct virtio_dev *dev, uint16_t index);
	/* Lays the queue at desc (legacy layout: avail after desc, used at the next page). */
	int (*queue_setup)(struct virtio_dev *dev, uint16_t index, uint16_t size, uint64_t desc,
			   uint64_t avail, uint64_t used);
	void (*notify)(struct virtio_dev *dev, uint16_t index);
};

struct virtio_dev {
	const struct virtio_ops *ops;
	bool modern;         /* VERSION_1 must be negotiated */
	uint64_t base;       /* mmio: the slot; pci: common config */
	uint64_t notify;     /* pci: notify base */
	uint32_t notify_mul; /* pci: notify_off_multiplier */
	uint32_t notify_len; /* pci: bytes of the notify structure */
	uint64_t doorbell;   /* pci: where the queue is notified */
	uint64_t device_cfg; /* pci: device config */
	uint32_t config_len; /* bytes of device config the transport exposes */
	const char *kind;    /* for messages: kind then where in hex, */
	uint64_t where;      /* "virtio-mmio@0xa003e00", "virtio-pci@0x10" (bus/dev/fn) */
};

/*
 * Reset, ACKNOWLEDGE|DRIVER, then negotiate: *features in is what the driver
 * can use, out is what was agreed (VERSION_1 added and required on modern
 * transports). FEATURES_OK is confirmed by reading it back. 0 or -1.
 */
int virtio_negotiate(struct virtio_dev *dev, uint64_t *features);
void virtio_reset(struct virtio_dev *dev);
/*
 * The device config space, its first len bytes (at most what the transport
 * exposes, whole 32-bit words), read until two generation counts agree:
 * the bytes read, or 0 if the generation never settles.
 */
size_t virtio_read_config(struct virtio_dev *dev, uint8_t *cfg, size_t len);

/* Transports: 0 and dev filled if a device of device_id is there, else -1. */
int virtio_mmio_probe(struct virtio_dev *dev, uint64_t base, uint32_t device_id);

/* virtio_pci_probe()'s refusals (0: dev filled). */
#define VIRTIO_PCI_NO_MODERN (-1)      /* no common, notify or device config capability */
#define VIRTIO_PCI_NO_BAR_ROOM (-2)    /* its BARs do not fit the host's windows */
#define VIRTIO_PCI_BAD_STRUCTURE (-3)  /* one outside its BAR, too short or misaligned */
struct pci_host;
int virtio_pci_probe(struct virtio_dev *dev, struct pci_host *host, uint32_t bdf);
#endif
