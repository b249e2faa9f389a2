"""drive_args: boot_test.sh arguments that attach a disk image of this package."""

def drive_args(img, transport, sector):
    """QEMU's -drive/-device for :img.img, read-only.

    Args:
      img: the image's name in //qemu-tests/disk (without .img).
      transport: "pci" (virtio-blk-pci; -drive if=virtio for 512-byte
        sectors) or "mmio" (virtio-blk-device on a virtio-mmio slot).
      sector: logical (and physical) block size, 512 or 4096.
    """
    drive = "file=$(rootpath //qemu-tests/disk:%s.img),format=raw,readonly=on" % img
    if transport == "pci" and sector == 512:
        return ["--qemu-arg", "-drive", "--qemu-arg", drive + ",if=virtio"]
    device = "virtio-blk-pci" if transport == "pci" else "virtio-blk-device"
    return [
        "--qemu-arg",
        "-drive",
        "--qemu-arg",
        drive + ",if=none,id=esp",
        "--qemu-arg",
        "-device",
        "--qemu-arg",
        "%s,drive=esp,logical_block_size=%d,physical_block_size=%d" % (device, sector, sector),
    ]
