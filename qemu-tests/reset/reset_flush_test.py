#!/usr/bin/env python3
"""ResetSystem() right after a write: does the write reach the media?

Boots reset_flush_app.efi under the firmware on QEMU's virt machine with
three writable disks (copies of DISK in the test's temporary directory):
an NVMe namespace, a virtio-blk-pci disk and a scsi-hd behind
virtio-scsi-pci. The app writes the last block of each and calls
ResetSystem(EfiResetShutdown) without FlushBlocks(). QEMU's trace (-D)
says what the devices were asked after the app's last writes:

  default: each disk's volatile cache flushed (NVMe FLUSH, virtio-blk
    VIRTIO_BLK_T_FLUSH: a completion that is no read or write,
    SYNCHRONIZE CACHE(10) on the LUN), the NVMe controller shut down
    (CC.SHN) and then disabled, the virtio-blk device reset;
  --exit: the app calls ExitBootServices() first: the OS owns the devices
    then, so nothing may follow the writes but ExitBootServices' stops;
  --notify: the app calls ResetSystem() from its own ExitBootServices
    notification, which runs after the firmware's stop: as --exit, and no
    error line (a flush sent to a reset device waits out its timeout).

Usage: reset_flush_test.py [--exit|--notify] FIRMWARE APP DISK
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

TRACES = ["pci_nvme_io_cmd", "pci_nvme_flush_ns", "pci_nvme_mmio_shutdown_set",
          "pci_nvme_mmio_stopped", "virtio_blk_handle_write", "virtio_blk_handle_read",
          "virtio_blk_req_complete", "virtio_set_status", "scsi_req_parsed"]
PATTERN = b"efilite reset flush "  # reset_flush_app.c's fill(), over 512-byte blocks
SCSI_WRITE_10 = 0x2a
SCSI_SYNCHRONIZE_CACHE_10 = 0x35
failures = []


def check(ok, what):
    print("%s %s" % ("PASS" if ok else "FAIL", what))
    if not ok:
        failures.append(what)


def run(firmware, app, disk, mode, tmp):
    drives = []
    for name in ("nvme", "blk", "scsi"):
        copy = os.path.join(tmp, name + ".img")
        shutil.copyfile(disk, copy)
        os.chmod(copy, 0o644)
        drives.append(copy)
    trace, serial = os.path.join(tmp, "trace.log"), os.path.join(tmp, "serial.log")
    cmd = ["qemu-system-aarch64", "-M", "virt", "-cpu", "max", "-m", "512M", "-smp", "1",
           "-nographic", "-monitor", "none", "-bios", firmware, "-kernel", app,
           "-serial", "file:" + serial, "-D", trace,
           "-drive", "if=none,id=d0,format=raw,file=" + drives[0],
           "-device", "nvme,serial=reset,drive=d0",
           "-drive", "if=none,id=d1,format=raw,file=" + drives[1],
           "-device", "virtio-blk-pci,drive=d1",
           "-device", "virtio-scsi-pci,id=scsi0",
           "-drive", "if=none,id=d2,format=raw,file=" + drives[2],
           "-device", "scsi-hd,drive=d2,bus=scsi0.0,lun=0"]
    if mode:
        cmd += ["-append", mode]
    for t in TRACES:
        cmd += ["-trace", t]
    try:
        status = subprocess.run(cmd, timeout=60).returncode
    except subprocess.TimeoutExpired:
        status = "timeout after 60 s"

    with open(serial, errors="replace") as f:
        out = f.read()
    print(out)
    with open(trace) as f:
        lines = f.read().splitlines()
    check(status == 0, "QEMU exited by itself (status %s)" % status)
    check("WROTE 3" in out, "the app wrote the last block of the three disks")
    if mode == "exit":
        check("EXITED" in out, "the app left boot services before its reset")
    if mode == "notify":
        check("error:" not in out, "no error line: nothing sent to the stopped devices")
    block = (PATTERN * (512 // len(PATTERN) + 1))[:512]
    for copy in drives:
        with open(copy, "rb") as f:
            f.seek(-512, os.SEEK_END)
            check(f.read() == block, "%s: the app's block at the disk's end" %
                  os.path.basename(copy))
    return lines


def after_last(lines, pattern):
    """The trace lines after the last one matching pattern (all of them if none)."""
    last = -1
    for i, line in enumerate(lines):
        if re.search(pattern, line):
            last = i
    return lines[last + 1:]


def virtio_blk_flushes(lines, start):
    """Indexes (from start on) of completions of requests that were no read or write:
    flushes (efilite sends no GET_ID)."""
    rw = set()
    flushes = []
    for i, line in enumerate(lines):
        m = re.match(r"virtio_blk_handle_(read|write) vdev (\S+) req (\S+)", line)
        if m:
            rw.add(m.group(3))
        m = re.match(r"virtio_blk_req_complete vdev (\S+) req (\S+)", line)
        if m and m.group(2) not in rw:
            if i >= start:
                flushes.append(i - start)
        elif m:
            rw.discard(m.group(2))
    return flushes


def index(lines, pattern):
    for i, line in enumerate(lines):
        if re.search(pattern, line):
            return i
    return None


def main():
    args = sys.argv[1:]
    mode = "exit" if "--exit" in args else "notify" if "--notify" in args else None
    args = [a for a in args if a not in ("--exit", "--notify")]
    firmware, app, disk = args
    tmp = os.environ.get("TEST_TMPDIR") or tempfile.mkdtemp()
    os.environ["TMPDIR"] = tmp
    lines = run(firmware, app, disk, mode, tmp)

    nvme = after_last(lines, r"pci_nvme_io_cmd .*NVME_NVM_CMD_WRITE")
    blk = after_last(lines, r"virtio_blk_handle_write")
    scsi = after_last(lines, r"scsi_req_parsed .* command %d " % SCSI_WRITE_10)
    nvme_flush = index(nvme, r"pci_nvme_flush_ns|NVME_NVM_CMD_FLUSH")
    shutdown = index(nvme, r"pci_nvme_mmio_shutdown_set")
    stopped = index(nvme, r"pci_nvme_mmio_stopped")
    blk_flushes = virtio_blk_flushes(lines, len(lines) - len(blk))
    sync = index(scsi, r"scsi_req_parsed .* command %d " % SCSI_SYNCHRONIZE_CACHE_10)
    check(stopped is not None, "nvme: the controller disabled after the write")
    if mode:
        check(nvme_flush is None, "nvme: no FLUSH after ExitBootServices")
        check(shutdown is None, "nvme: no shutdown notification after ExitBootServices")
        check(not blk_flushes, "virtio-blk: no flush after ExitBootServices")
        check(sync is None, "virtio-scsi: no SYNCHRONIZE CACHE after ExitBootServices")
    else:
        check(nvme_flush is not None, "nvme: FLUSH after the write")
        check(shutdown is not None and nvme_flush is not None and nvme_flush < shutdown,
              "nvme: shutdown notification (CC.SHN) after the FLUSH")
        check(stopped is not None and shutdown is not None and shutdown < stopped,
              "nvme: disabled after the shutdown")
        check(len(blk_flushes) == 1, "virtio-blk: one flush after the write")
        vdev = re.search(r"vdev (\S+)", blk[blk_flushes[0]]).group(1) if blk_flushes else "?"
        reset = index(blk, r"virtio_set_status vdev %s val 0$" % re.escape(vdev))
        check(reset is not None and blk_flushes and blk_flushes[0] < reset,
              "virtio-blk: reset after the flush")
        check(sync is not None, "virtio-scsi: SYNCHRONIZE CACHE(10) after the write")
    print("%d failed" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
