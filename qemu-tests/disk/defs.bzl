"""drive_args: boot_test.sh arguments that attach a disk image of this package."""

def qemu_args(args):
    """boot_test.sh's --qemu-arg before each QEMU argument of args."""
    return [arg for qemu_arg in args for arg in ["--qemu-arg", qemu_arg]]

def drive_args(img, transport, sector):
    """QEMU's -drive/-device for :img.img, read-only.

    Args:
      img: the image's name in //qemu-tests/disk (without .img).
      transport: "pci" (virtio-blk-pci; -drive if=virtio for 512-byte
        sectors), "mmio" (virtio-blk-device on a virtio-mmio slot), or
        "scsi-pci" / "scsi-mmio" (a scsi-hd, target 0 LUN 0, behind
        virtio-scsi-pci / virtio-scsi-device), or "nvme" (an NVMe
        controller on PCI, the image its namespace 1).
      sector: logical (and physical) block size, 512 or 4096.
    """
    drive = "file=$(rootpath //qemu-tests/disk:%s.img),format=raw,readonly=on" % img
    if transport == "pci" and sector == 512:
        return qemu_args(["-drive", drive + ",if=virtio"])
    blocks = "logical_block_size=%d,physical_block_size=%d" % (sector, sector)
    if transport.startswith("scsi-"):
        adapter = "virtio-scsi-pci" if transport == "scsi-pci" else "virtio-scsi-device"
        return qemu_args([
            "-device",
            adapter + ",id=scsi0",
            "-drive",
            drive + ",if=none,id=esp",
            "-device",
            "scsi-hd,drive=esp,bus=scsi0.0," + blocks,
        ])
    if transport == "nvme":
        return qemu_args([
            "-drive",
            drive + ",if=none,id=esp",
            "-device",
            "nvme,serial=efilite0,drive=esp," + blocks,
        ])
    device = "virtio-blk-pci" if transport == "pci" else "virtio-blk-device"
    return qemu_args([
        "-drive",
        drive + ",if=none,id=esp",
        "-device",
        "%s,drive=esp,%s" % (device, blocks),
    ])
