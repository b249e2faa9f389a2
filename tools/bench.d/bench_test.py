#!/usr/bin/python3
"""Unit tests of the benchmark's parsing, statistics and QEMU-run plumbing."""

import os
import struct
import sys
import tempfile
import unittest

# No __pycache__ in the checkout's tools/bench.d.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import boot_paths  # noqa: E402
import fuzz_rate  # noqa: E402
import hardening  # noqa: E402
import image  # noqa: E402
import inputs  # noqa: E402
import memmap  # noqa: E402
import phases  # noqa: E402
import qemu_boot  # noqa: E402
import summary  # noqa: E402

PYTHON = sys.executable or "/usr/bin/python3"


def descriptor(start, end, kind, runtime=False):
    """One memory map line in the format of the kernel's efi=debug output."""
    attrs = "|".join(["RUN" if runtime else "   "] + ["  "] * 10 + ["   ", "WB", "  ",
                                                                  "  ", "  "])
    return "[    0.000000] efi:   0x%012x-0x%012x [%-12s|%s]" % (start, end, kind, attrs)


class MemoryMapTest(unittest.TestCase):
    LOG = [
        "[    0.000000] efi: Processing EFI memory map:",
        descriptor(0x40000000, 0x43ffffff, "Conventional"),
        descriptor(0x44000000, 0x4401ffff, "Boot Data"),
        descriptor(0x44020000, 0x4402ffff, "Loader Code"),
        descriptor(0x44030000, 0x44030fff, "Reserved"),
        descriptor(0x44031000, 0x4403ffff, "ACPI Reclaim"),
        descriptor(0x7c440000, 0x7c4bffff, "Runtime Code", runtime=True),
        descriptor(0x7c4c0000, 0x7c4c1fff, "Runtime Data", runtime=True),
        descriptor(0x09010000, 0x09010fff, "MMIO", runtime=True),
        # The memory attributes table repeats runtime regions: not a descriptor.
        "[    0.18] efi: memattr:  0x00007c440000-0x00007c44ffff "
        "[Runtime Code|RUN|  |  |  |  |  |XP|  |  |  |   |  |  |  |  ]",
    ]

    def test_kept_is_ram_the_os_cannot_reclaim(self):
        footprint = memmap.firmware_footprint(self.LOG)
        expected = 0x1000 + 0xf000 + 0x80000 + 0x2000
        self.assertEqual(footprint["kept_bytes"], expected)
        self.assertEqual(footprint["kept_by_type"], {
            "Reserved": 0x1000, "ACPI Reclaim": 0xf000,
            "Runtime Code": 0x80000, "Runtime Data": 0x2000})

    def test_runtime_counts_ram_only(self):
        footprint = memmap.firmware_footprint(self.LOG)
        self.assertEqual(footprint["runtime_bytes"], 0x82000)
        self.assertEqual(footprint["runtime_regions"], 2)
        self.assertEqual(footprint["runtime_mmio_regions"], 1)
        self.assertEqual(footprint["descriptors"], 8)

    def test_no_memory_map(self):
        self.assertIsNone(memmap.firmware_footprint(["[ 0.0] efi: UEFI not found."]))

    def test_fwcfg_stats(self):
        log = ["efilite: starting", "efilite: fw_cfg: 12 DMA transfers, 34567 bytes",
               "EFI stub: Booting Linux Kernel...",
               "efilite: fw_cfg: 13 DMA transfers, 99999 bytes"]
        self.assertEqual(memmap.fwcfg_dma_stats(log),
                         {"transfers": 13, "bytes": 99999})
        self.assertIsNone(memmap.fwcfg_dma_stats(log[:1]))


def fake_boot(lines, exit_time=4.0, returncode=0, failure=None):
    boot = qemu_boot.Boot()
    boot.lines = lines
    boot.exit_time = exit_time
    boot.returncode = returncode
    boot.failure = failure
    return boot


class PhaseTest(unittest.TestCase):
    LINES = [
        (0.1, "UEFI firmware (version)"),
        (1.0, "\x1b[2J\x1b[01;01HEFI stub: Booting Linux Kernel..."),
        (1.5, "EFI stub: Exiting boot services..."),
        (1.7, "[    0.000000] Booting Linux on physical CPU 0x0"),
        (2.0, "[    0.1] Booting Linux on physical CPU 0x1"),
        (3.0, "EFILITE-INIT: start"),
    ]

    def test_first_occurrence_of_each_marker(self):
        times = phases.phase_times(fake_boot(self.LINES), r"UEFI firmware")
        self.assertEqual(times, {"banner": 0.1, "efi_stub": 1.0,
                                 "exit_boot_services": 1.5, "kernel": 1.7,
                                 "init": 3.0, "exit": 4.0})
        self.assertIsNone(phases.failure_reason(fake_boot(self.LINES), times))

    def test_direct_boot_has_no_banner(self):
        times = phases.phase_times(fake_boot(self.LINES[3:]), None)
        self.assertIsNone(times["banner"])
        self.assertIsNone(times["efi_stub"])

    def test_failures(self):
        no_init = fake_boot(self.LINES[:4])
        reason = phases.failure_reason(no_init, phases.phase_times(no_init, None))
        self.assertIn("init marker never printed", reason)
        self.assertIn("kernel", reason)
        crashed = fake_boot(self.LINES, returncode=1)
        self.assertIn("exit status 1", phases.failure_reason(
            crashed, phases.phase_times(crashed, None)))
        hung = fake_boot(self.LINES[:1], exit_time=None, failure="timeout after 9 s")
        self.assertEqual(phases.failure_reason(hung, phases.phase_times(hung, None)),
                         "timeout after 9 s")


def run_record(ok, kernel, init=None, cpu=None):
    times = {p: None for p in phases.PHASES}
    times.update({"kernel": kernel, "init": init, "exit": init})
    return {"ok": ok, "phases": times, "cpu": cpu}


class SummaryTest(unittest.TestCase):
    def test_stats_use_good_runs_only(self):
        runs = [run_record(True, 0.3, 3.0, 2.5), run_record(True, 0.1, 5.0, 1.5),
                run_record(True, 0.2, 4.0), run_record(False, 9.0, 9.0, 0.1)]
        stats = summary.path_stats(runs)
        self.assertEqual(stats["kernel"], {"min": 0.1, "median": 0.2, "n": 3})
        self.assertEqual(stats["init"]["median"], 4.0)
        self.assertEqual(stats["qemu_cpu"], {"min": 1.5, "median": 2.0, "n": 2})
        self.assertIsNone(stats["banner"])

    def test_ratios(self):
        stats = {"direct": summary.path_stats([run_record(True, 0.25, 3.0)]),
                 "edk2": summary.path_stats([run_record(True, 2.0, 6.0)])}
        rel = summary.ratios(stats)
        self.assertEqual(rel["edk2"]["kernel"], 8.0)
        self.assertEqual(rel["edk2"]["init"], 2.0)
        self.assertEqual(rel["direct"]["kernel"], 1.0)

    def test_overheads(self):
        stats = {"direct": summary.path_stats([run_record(True, 0.25, 3.0)]),
                 "edk2": summary.path_stats([run_record(True, 2.0, 6.0)]),
                 "efilite": summary.path_stats([run_record(False, None)])}
        self.assertEqual(summary.overheads(stats),
                         {"direct": 0.0, "edk2": 1.75, "efilite": None})

    def check(self, efilite_kernel, direct_kernel=0.25, efilite_flaky=False):
        runs = {"direct": [run_record(True, direct_kernel, 3)],
                "efilite": [run_record(True, efilite_kernel, 3)]}
        if efilite_flaky:
            runs["efilite"].append(run_record(False, None))
        stats = {name: summary.path_stats(r) for name, r in runs.items()}
        return summary.overhead_check(stats, runs)[0]

    def test_check_limit_is_twice_direct(self):
        self.assertTrue(self.check(0.75))   # overhead 0.5 = 2 x 0.25
        self.assertFalse(self.check(0.76))  # overhead 0.51 > 0.5

    def test_check_fails_when_a_path_failed(self):
        runs = {"direct": [run_record(True, 0.25, 3)],
                "efilite": [run_record(False, None)]}
        stats = {name: summary.path_stats(r) for name, r in runs.items()}
        self.assertFalse(summary.overhead_check(stats, runs)[0])
        runs["direct"], runs["efilite"] = runs["efilite"], runs["direct"]
        stats["direct"], stats["efilite"] = stats["efilite"], stats["direct"]
        self.assertFalse(summary.overhead_check(stats, runs)[0])

    def test_check_fails_when_one_efilite_boot_failed(self):
        self.assertTrue(self.check(0.3))
        self.assertFalse(self.check(0.3, efilite_flaky=True))

    def test_table_marks_failed_path(self):
        runs = {"direct": [run_record(True, 0.25, 3.0)],
                "efilite": [run_record(False, None)]}
        stats = {name: summary.path_stats(r) for name, r in runs.items()}
        text = summary.table(stats, runs)
        kernel_row = [l for l in text.splitlines() if l.startswith("kernel ")][0]
        self.assertEqual(kernel_row.split()[1:], ["0.250/0.250", "fail"])


class ImageTest(unittest.TestCase):
    @staticmethod
    def packed(first_stage, block, uncompressed):
        return (b"\x01" * first_stage + b"EFLZ" +
                struct.pack("<III", block, uncompressed, 0) + b"\x02" * block)

    def test_layout_against_the_budget(self):
        info = image.layout(self.packed(17296, 76026, 131744))
        self.assertEqual(info["bytes"], 17296 + 16 + 76026)
        self.assertEqual((info["first_stage"], info["compressed"], info["uncompressed"]),
                         (17296, 76026, 131744))
        self.assertEqual(info["headroom"], 131072 - info["bytes"])
        self.assertIn("within", image.describe(info, info["bytes"]))
        over = image.layout(self.packed(16, 131072, 200000))
        self.assertLess(over["headroom"], 0)
        self.assertIn("OVER BUDGET", image.describe(over, over["bytes"]))

    def test_magic_must_start_the_block_that_ends_the_file(self):
        # "EFLZ" inside the first stage with a size that does not reach the end
        data = b"EFLZ" + struct.pack("<III", 5, 1, 0) + self.packed(32, 64, 100)
        self.assertEqual(image.layout(data)["first_stage"], 48)
        self.assertIsNone(image.layout(b"\0" * 4096))
        self.assertIn("not a compressed image", image.describe(None, 4096))

    def test_first_stage_rounds(self):
        lines = ["efilite 0.1.0: EL1", "efilite: first stage: 131744-byte image expanded, "
                 "%d us from reset", "efilite: error: no kernel"]
        times = iter([4000, 3000, None, 5000])

        def run(argv):
            self.assertIn("-bios", argv)
            us = next(times)
            boot = qemu_boot.Boot()
            boot.lines = [(0.1, t % us if "%d" in t else t) for t in lines
                          if us is not None or "%d" not in t]
            return boot

        result = image.first_stage_rounds("qemu", ["-M", "virt"], "efilite.bin", 4, run)
        self.assertEqual((result["min"], result["median"], result["n"]), (3000, 4000, 3))
        self.assertIn("median 4.00 ms over 3 of 4", image.describe_first_stage(result, 4))
        self.assertIsNone(image.first_stage_rounds("q", [], "b", 1,
                                                   lambda argv: qemu_boot.Boot()))


class UbootConsoleTest(unittest.TestCase):
    def test_stops_autoboot_then_types_boot_command_once(self):
        console = boot_paths.UbootConsole()
        self.assertIsNone(console("U-Boot 2023.01\nDRAM:  1 GiB\n"))
        self.assertEqual(console("Hit any key to stop autoboot:  2 "), b" ")
        self.assertIsNone(console(" 0\n=>"))
        self.assertEqual(console(" 0\n=> "), boot_paths.UBOOT_QFW_BOOT)
        self.assertIsNone(console("=> "))


class DiskPathTest(unittest.TestCase):
    def test_disk_paths_attach_the_disk_instead_of_the_kernel(self):
        paths = {p.name: p for p in boot_paths.all_paths("/efilite.bin")}
        argv = paths["edk2_disk"].argv("qemu", "/Image", "/initrd", "ro", (), "/esp.img")
        self.assertNotIn("-kernel", argv)
        self.assertIn("if=none,id=esp,format=raw,readonly=on,file=/esp.img", argv)
        self.assertEqual(argv[argv.index("-bios") + 1], boot_paths.EDK2_BIOS)
        argv = paths["efilite"].argv("qemu", "/Image", "/initrd", "ro", (), "/esp.img")
        self.assertIn("-kernel", argv)
        self.assertNotIn("-drive", argv)

    def test_uboot_disk_types_its_efi_boot(self):
        console = {p.name: p for p in boot_paths.all_paths(None)}["uboot_disk"].responder()
        self.assertEqual(console("Hit any key to stop autoboot:  2 "), b" ")
        self.assertEqual(console("=> "), boot_paths.UBOOT_DISK_BOOT)

    def stats(self, kernel):
        runs = {name: [run_record(True, t)] for name, t in kernel.items()}
        return {n: summary.path_stats(r) for n, r in runs.items()}, runs

    def test_disk_goal(self):
        stats, runs = self.stats({"direct": 1.0, "efilite_disk": 1.08,
                                  "edk2_disk": 1.5, "uboot_disk": 1.3})
        met, why = summary.disk_goal(stats, runs)
        self.assertTrue(met, why)
        stats, runs = self.stats({"direct": 1.0, "efilite_disk": 1.12,
                                  "edk2_disk": 2.0, "uboot_disk": 2.0})
        self.assertFalse(summary.disk_goal(stats, runs)[0])
        stats, runs = self.stats({"direct": 1.0, "efilite_disk": 1.05,
                                  "edk2_disk": 1.2, "uboot_disk": 1.5})
        met, why = summary.disk_goal(stats, runs)
        self.assertFalse(met)
        self.assertIn("edk2_disk 0.200 s = 4.0x", why)
        self.assertIsNone(summary.disk_goal(*self.stats({"direct": 1.0})))

    def test_disk_goal_takes_out_the_measured_key_wait(self):
        stats, runs = self.stats({"direct": 1.0, "efilite_disk": 1.15,
                                  "edk2_disk": 2.0, "uboot_disk": 1.6})
        met, why = summary.disk_goal(stats, runs, [0.101, 0.103, 0.102])
        self.assertFalse(met, why)  # judged on the total
        self.assertIn("efilite_disk overhead 0.150 s (min 0.150 s) > 0.100 s", why)
        self.assertIn("median 0.102 s, min 0.101 s, max 0.103 s in 3 debug boots) "
                      "0.048 s (min 0.048 s)", why)
        self.assertIn("uboot_disk 0.600 s = 4.0x", why)
        self.assertNotIn("debug boots", summary.disk_goal(stats, runs, [])[1])

    def test_program_waits_line(self):
        lines = [(0.5, "efilite: disk: virtio-pci@0x8: 1 requests"),
                 (0.9, "efilite: boot services: programs waited 100342 us in WaitForEvent "
                       "(2 calls), 1500 us in Stall (3 calls)")]
        self.assertEqual(phases.program_waits(lines), (0.100342, 2, 0.0015))
        self.assertIsNone(phases.program_waits(lines[:1]))


class VarsPathTest(unittest.TestCase):
    def test_vars_paths_add_the_flash_bank(self):
        paths = {p.name: p for p in boot_paths.all_paths("/efilite.bin")}
        argv = paths["efilite_vars"].argv("qemu", "/Image", "/initrd", "ro", (), None,
                                          "/vars.fd", "/blank.fd")
        self.assertIn("if=pflash,unit=1,format=raw,file=/vars.fd", argv)
        self.assertIn("-kernel", argv)
        argv = paths["efilite_vars_base"].argv("qemu", "/Image", "/initrd", "ro", (), None,
                                               "/vars.fd", "/blank.fd")
        self.assertIn("if=pflash,unit=1,format=raw,readonly=on,file=/blank.fd", argv)
        argv = paths["efilite"].argv("qemu", "/Image", "/initrd", "ro", (), None, "/vars.fd",
                                     "/blank.fd")
        self.assertNotIn("-drive", argv)

    @staticmethod
    def rounds(path_times, cpu_factor=1.0):
        """{path: [(banner, exit_boot_services) per round]} -> runs as
        run_rounds() keeps them (the kernel line 50 ms after
        ExitBootServices); the CPU-time phases are the wall ones times
        cpu_factor."""
        runs = {}
        for path, times in path_times.items():
            runs[path] = []
            for index, (banner, ebs) in enumerate(times):
                kernel = ebs + 0.05 if ebs is not None else None
                record = run_record(ebs is not None, kernel)
                record["phases"].update(banner=banner, exit_boot_services=ebs)
                record["round"] = index
                record["phases_cpu"] = {
                    phase: (value * cpu_factor if value is not None else None)
                    for phase, value in record["phases"].items()
                    if phase in ("banner", "exit_boot_services", "kernel")}
                runs[path].append(record)
        return runs

    def test_vars_goal_is_the_paired_firmware_share(self):
        # QEMU reads both 64 MiB files before the banner (+20 ms over plain
        # efilite); the firmware adds 3, 4 and 9 ms after it: median 4 ms.
        runs = self.rounds({
            "efilite": [(0.10, 0.30), (0.20, 0.40), (0.10, 0.30)],
            "efilite_vars_base": [(0.12, 0.32), (0.22, 0.42), (0.12, 0.32)],
            "efilite_vars": [(0.12, 0.323), (0.24, 0.444), (0.12, 0.329)],
        })
        stats = {n: summary.path_stats(r) for n, r in runs.items()}
        icount = {"store_read": 0.0019,
                  "handover": {"efilite_vars": 0.0072, "efilite_vars_base": 0.0054}}
        met, why = summary.vars_goal(stats, runs, icount)
        self.assertTrue(met, why)
        self.assertIn("over efilite_vars_base in 3 paired rounds: firmware share (banner "
                      "to ExitBootServices, QEMU CPU time) median +0.0040 s <= 0.005 s "
                      "(min +0.0030 s, max +0.0090 s); the same in wall time median "
                      "+0.0040 s", why)
        self.assertIn("total over plain efilite (QEMU start to the first kernel line, "
                      "QEMU's file read included) median +0.0290 s", why)
        self.assertIn("of which QEMU's (efilite_vars_base over plain efilite) median "
                      "+0.0200 s", why)
        self.assertIn("-icount: the firmware reaches the kernel +0.0018 s", why)
        self.assertIn("store read in 0.0019 s", why)

    def test_vars_goal_is_judged_in_cpu_time(self):
        # a busy host doubles the wall spans: CPU time shows 3 ms, wall 6 ms
        runs = self.rounds({"efilite_vars_base": [(0.1, 0.3)],
                            "efilite_vars": [(0.1, 0.306)]}, cpu_factor=0.5)
        stats = {n: summary.path_stats(r) for n, r in runs.items()}
        met, why = summary.vars_goal(stats, runs)
        self.assertTrue(met, why)
        self.assertIn("the same in wall time median +0.0060 s", why)

    def test_vars_goal_fails(self):
        slow = self.rounds({"efilite_vars_base": [(0.1, 0.3), (0.1, 0.3)],
                            "efilite_vars": [(0.1, 0.306), (0.1, 0.307)]})
        stats = {n: summary.path_stats(r) for n, r in slow.items()}
        self.assertFalse(summary.vars_goal(stats, slow)[0])
        # a failed boot, or no baseline to pair with
        failed = self.rounds({"efilite_vars_base": [(0.1, 0.3)],
                              "efilite_vars": [(0.1, None)]})
        stats = {n: summary.path_stats(r) for n, r in failed.items()}
        self.assertFalse(summary.vars_goal(stats, failed)[0])
        alone = self.rounds({"efilite_vars": [(0.1, 0.3)]})
        stats = {n: summary.path_stats(r) for n, r in alone.items()}
        self.assertFalse(summary.vars_goal(stats, alone)[0])
        self.assertIsNone(summary.vars_goal({}, {}))


class FakeBazel:
    """Stands in for inputs.Bazel: every label has an output file on disk,
    as after an earlier successful build, but only some build now."""

    log = "bazel.log"

    def __init__(self, broken):
        self.broken = broken

    def build(self, label):
        return label not in self.broken

    def output_file(self, label):
        return "/out/" + label


class LocateTest(unittest.TestCase):
    def test_failed_build_hides_stale_output(self):
        found = inputs.locate(FakeBazel({"//firmware:efilite_bin"}),
                              ["//qemu-tests:initrd", "//firmware:efilite_bin"])
        self.assertEqual(found, {"//qemu-tests:initrd": "/out///qemu-tests:initrd",
                                 "//firmware:efilite_bin": None})


class ScriptedBazel(inputs.Bazel):
    """inputs.Bazel whose commands answer from a table instead of running."""

    def __init__(self, output_base, answers):
        super().__init__("/checkout", output_base, os.devnull)
        self.answers = answers

    def _run(self, *args):
        return 0, self.answers[args[0]]


class OutputFileTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.base = self.tmp.name
        self.execroot = os.path.join(self.base, "execroot", "efilite")
        for path in ("external/debian_kernel/Image",
                     "execroot/efilite/bazel-out/bin/initrd.cpio.gz"):
            os.makedirs(os.path.dirname(os.path.join(self.base, path)), exist_ok=True)
            open(os.path.join(self.base, path), "w").close()

    def tearDown(self):
        self.tmp.cleanup()

    def output_file(self, cquery_path):
        bazel = ScriptedBazel(self.base, {"cquery": cquery_path + "\n",
                                          "info": self.execroot + "\n"})
        return bazel.output_file("//some:label")

    def test_external_source_file_is_under_the_output_base(self):
        self.assertEqual(self.output_file("external/debian_kernel/Image"),
                         os.path.join(self.base, "external/debian_kernel/Image"))

    def test_generated_file_is_under_the_execroot(self):
        self.assertEqual(self.output_file("bazel-out/bin/initrd.cpio.gz"),
                         os.path.join(self.execroot, "bazel-out/bin/initrd.cpio.gz"))

    def test_missing_file(self):
        self.assertIsNone(self.output_file("bazel-out/bin/absent"))


class QemuBootTest(unittest.TestCase):
    """qemu_boot.run against a small Python stand-in for QEMU."""

    def test_lines_timestamps_and_prompt_reply(self):
        script = ("import sys, time\n"
                  "print('first', flush=True)\n"
                  "time.sleep(0.3)\n"
                  "sys.stdout.write('prompt> '); sys.stdout.flush()\n"
                  "print('got ' + sys.stdin.readline().strip(), flush=True)\n")
        replies = []

        def responder(text):
            if text.endswith("prompt> "):
                replies.append(text)
                return b"hello\n"
            return None

        boot = qemu_boot.run([PYTHON, "-c", script], responder, 10, 5)
        texts = [t for _, t in boot.lines]
        self.assertEqual(texts, ["first", "prompt> got hello"])
        self.assertEqual(len(replies), 1)
        self.assertGreaterEqual(boot.lines[1][0] - boot.lines[0][0], 0.25)
        self.assertIsNone(boot.failure)
        self.assertEqual(boot.returncode, 0)
        self.assertGreaterEqual(boot.exit_time, boot.lines[1][0])
        self.assertGreater(boot.cpu_seconds, 0)

    def test_cpu_time_per_line(self):
        # a busy second, then a sleeping one: CPU time grows by the first only
        script = ("import time\n"
                  "print('start', flush=True)\n"
                  "end = time.process_time() + 0.3\n"
                  "while time.process_time() < end: pass\n"
                  "print('busy', flush=True)\n"
                  "time.sleep(0.3)\n"
                  "print('slept', flush=True)\n")
        boot = qemu_boot.run([PYTHON, "-c", script], None, 10, 5)
        self.assertEqual([t for _, t in boot.lines], ["start", "busy", "slept"])
        start, busy, slept = boot.line_cpu
        self.assertGreaterEqual(busy - start, 0.25)
        self.assertLess(slept - busy, 0.1)
        self.assertGreaterEqual(boot.lines[2][0] - boot.lines[1][0], 0.25)

    def test_missing_program(self):
        boot = qemu_boot.run(["/nonexistent/qemu"], None, 10, 5)
        self.assertIn("cannot start /nonexistent/qemu", boot.failure)
        self.assertEqual(boot.lines, [])

    def test_exit_status(self):
        boot = qemu_boot.run([PYTHON, "-c", "import sys; sys.exit(3)"], None, 10, 5)
        self.assertEqual(boot.returncode, 3)
        self.assertIsNone(boot.failure)

    def test_silence_fails_the_run(self):
        script = "import time\nprint('hi', flush=True)\ntime.sleep(30)\n"
        boot = qemu_boot.run([PYTHON, "-c", script], None, 10, 0.5)
        self.assertIn("no serial output", boot.failure)
        self.assertIsNone(boot.exit_time)
        self.assertEqual([t for _, t in boot.lines], ["hi"])


class HardeningTest(unittest.TestCase):
    def test_function_bytes_counts_code_symbols_only(self):
        nm = ("0000000000000000 0000000000000010 T _start\n"
              "0000000000000010 0000000000000024 t helper\n"
              "0000000000001000 0000000000000100 R table\n"
              "0000000040200000 0000000000000008 D __stack_chk_guard\n"
              "0000000000001000 N __text_end\n")
        self.assertEqual(hardening.parse_function_bytes(nm), 0x10 + 0x24)

    def test_costs_subtract_the_build_without_the_protection(self):
        def stat(kernel, cpu):
            return {"kernel": {"min": kernel, "median": kernel, "n": 1},
                    "qemu_cpu": {"min": cpu, "median": cpu, "n": 1}}
        stats = {"efilite": stat(1.010, 2.0), "no-bti-pac": stat(1.000, 1.9),
                 "ubsan": stat(1.030, 2.2)}
        image = {"efilite": 111168, "no-bti-pac": 107072, "ubsan": 180000}
        code = {"efilite": 60000, "no-bti-pac": 56000, "ubsan": 99000}
        handover = {"efilite": 5394, "no-bti-pac": 5300}
        rows = {r["protection"]: r for r in hardening.costs(stats, image, code, handover)}
        bti = rows["BTI + PAC-RET"]
        self.assertEqual(bti["image_bytes"], 4096)
        self.assertEqual(bti["function_bytes"], 4000)
        self.assertAlmostEqual(bti["kernel_ms"], 10.0)
        self.assertAlmostEqual(bti["qemu_cpu_ms"], 100.0)
        self.assertEqual(bti["icount_us"], 94)
        ubsan = rows["UBSan build (tests only)"]
        self.assertEqual(ubsan["function_bytes"], 39000)
        self.assertAlmostEqual(ubsan["kernel_ms"], 20.0)
        # A build that did not boot or build: no figure, not a guess.
        self.assertIsNone(rows["stack protector"]["kernel_ms"])
        self.assertIsNone(rows["stack protector"]["image_bytes"])
        self.assertIsNone(rows["UBSan build (tests only)"]["icount_us"])
        self.assertIn("n/a", hardening.table(list(rows.values()), image, code, handover))

    def test_handover_line(self):
        self.assertEqual(hardening.handover_us(
            ["efilite: fw_cfg DMA: 3 transfers",
             "efilite: kernel: started 5394 us after reset"]), 5394)
        self.assertIsNone(hardening.handover_us(["efilite: banner"]))


# A stand-in for a libFuzzer binary: checks the arguments campaigns use, burns
# about BURN CPU seconds and sleeps SLEEP more, then prints final stats as
# libFuzzer does (RUNS units) and exits with EXIT.
FAKE_FUZZER = """#!%s
import os, sys, time
args = sys.argv[1:]
assert "-seed=1" in args and "-print_final_stats=1" in args, args
assert os.path.isdir(args[-1]) and os.listdir(args[-1]), args
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "argv"), "w") as f:
    f.write("\\n".join(args))
end = time.process_time() + %f
while time.process_time() < end:
    pass
time.sleep(%f)
print("stat::number_of_executed_units: %d")
print("stat::peak_rss_mb: 40")
sys.exit(%d)
"""


class FuzzRateTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def fake_fuzzer(self, burn=0.3, sleep=0.0, runs=3000, exit_code=0):
        exe = os.path.join(self.dir, "fake_fuzz_run")
        with open(exe, "w") as f:
            f.write(FAKE_FUZZER % (PYTHON, burn, sleep, runs, exit_code))
        os.chmod(exe, 0o755)
        return exe

    def corpus(self):
        corpus = os.path.join(self.dir, "corpus")
        os.makedirs(corpus, exist_ok=True)
        open(os.path.join(corpus, "seed-1"), "wb").close()
        return corpus

    def test_executed_units_from_final_stats(self):
        log = "#50000\tDONE   cov: 550 ft: 2100\nstat::number_of_executed_units: 50003\n"
        self.assertEqual(fuzz_rate.executed_units(log), 50003)
        self.assertIsNone(fuzz_rate.executed_units("Done 12 runs in 1 second(s)"))

    def test_rate_is_per_cpu_second_of_the_fuzzer(self):
        exe = self.fake_fuzzer(burn=0.3, sleep=0.6, runs=3000)
        result = fuzz_rate.measure(exe, self.corpus(), None, 5,
                                   os.path.join(self.dir, "fuzz.log"))
        self.assertIsNone(result["error"])
        self.assertEqual(result["runs"], 3000)
        self.assertGreaterEqual(result["cpu_s"], 0.29)
        self.assertLess(result["cpu_s"], 0.6)  # the sleep is wall time, not CPU
        self.assertGreater(result["wall_s"], 0.85)
        self.assertAlmostEqual(result["rate"], 3000 / result["cpu_s"])

    def test_a_finding_is_an_error_not_a_rate(self):
        exe = self.fake_fuzzer(burn=0.01, exit_code=1)
        result = fuzz_rate.measure(exe, self.corpus(), None, 5,
                                   os.path.join(self.dir, "fuzz.log"))
        self.assertIsNone(result["rate"])
        self.assertIn("exit status 1", result["error"])

    def test_check(self):
        fast = {"runs": 60000, "cpu_s": 10.0, "wall_s": 10.0, "rate": 6000.0, "error": None}
        slow = dict(fast, runs=40000, rate=4000.0)
        failed = dict(fast, rate=None, error="exit status 1")
        passed, why = fuzz_rate.check({"dt_fuzz": fast, "gpt_fuzz": fast})
        self.assertTrue(passed, why)
        passed, why = fuzz_rate.check({"dt_fuzz": slow, "gpt_fuzz": fast})
        self.assertFalse(passed)
        self.assertIn("dt_fuzz 4000", why)
        self.assertNotIn("gpt_fuzz", why)
        self.assertFalse(fuzz_rate.check({"dt_fuzz": failed, "gpt_fuzz": fast})[0])
        self.assertFalse(fuzz_rate.check({})[0])

    def test_staged_corpus_leaves_out_findings_and_sources(self):
        root = os.path.join(self.dir, "corpora", "dt")
        for path in ("a.dtb", "BUILD.bazel", "dt_file.c", "dt_file.h", "regressions/b.dtb",
                     "campaign/c", "crashes/crash-1", "gen.py"):
            os.makedirs(os.path.dirname(os.path.join(root, path)), exist_ok=True)
            with open(os.path.join(root, path), "w") as f:
                f.write(path)
        dest = os.path.join(self.dir, "staged")
        self.assertEqual(fuzz_rate.stage_corpus(self.dir, "dt_fuzz", dest), 3)
        staged = []
        for name in os.listdir(dest):
            with open(os.path.join(dest, name)) as f:
                staged.append(f.read())
        self.assertEqual(sorted(staged), ["a.dtb", "campaign/c", "regressions/b.dtb"])

    def test_run_all_builds_each_harness_and_passes_its_dictionary(self):
        exe = self.fake_fuzzer(burn=0.05, runs=500)
        os.makedirs(os.path.join(self.dir, "corpora", "dt"))
        os.makedirs(os.path.join(self.dir, "corpora", "table_loader"))
        for corpus in ("dt", "table_loader"):
            with open(os.path.join(self.dir, "corpora", corpus, "x"), "w") as f:
                f.write("x")
        os.makedirs(os.path.join(self.dir, "fuzz", "fwcfg"))
        dictionary = os.path.join(self.dir, "fuzz", "fwcfg", "table_loader.dict")
        open(dictionary, "w").close()

        class Harnesses:
            log = "bazel.log"

            def query(self, expression):
                return 0, "//fuzz/dt:dt_fuzz\n//fuzz/fwcfg:table_loader_fuzz\n"

            def build(self, label):
                return label != "//fuzz/dt:dt_fuzz_run"

            def output_file(self, label):
                return exe

        out = os.path.join(self.dir, "out")
        results = fuzz_rate.run_all(Harnesses(), self.dir, out, 5,
                                    {"dt_fuzz", "table_loader_fuzz", "nvme_fuzz"})
        self.assertIn("did not build", results["dt_fuzz"]["error"])
        self.assertEqual(results["nvme_fuzz"]["error"], "no such fuzz target")
        self.assertEqual(results["table_loader_fuzz"]["runs"], 500)
        with open(os.path.join(self.dir, "argv")) as f:
            self.assertIn("-dict=" + dictionary, f.read().split("\n"))


if __name__ == "__main__":
    unittest.main()
