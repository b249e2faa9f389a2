#!/usr/bin/python3
"""tools/guestprof without QEMU: nm parsing, symbolisation, regions (loaded
images from LoadImage lines, the caller of a helper through a PAC-signed
link register) and phases summed over boots."""

import importlib.machinery
import importlib.util
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.realpath(__file__))
loader = importlib.machinery.SourceFileLoader("guestprof", os.path.join(HERE, "guestprof"))
spec = importlib.util.spec_from_loader("guestprof", loader)
gp = importlib.util.module_from_spec(spec)
loader.exec_module(gp)

NM = """\
0000000040200000 0000000000000100 T fw_main
0000000040200100 0000000000000040 t memset
0000000040200140 0000000000000020 t pe_load
0000000040200160 0000000000000010 t events_poll
0000000040200180 d some_data
0000000040200200 0000000000000010 W weak_fn
"""

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def main():
    syms = gp.Symbols.from_nm_output(NM)
    check(syms.lookup(0x40200000) == "fw_main", "first byte of a function")
    check(syms.lookup(0x402000ff) == "fw_main", "last byte of a function")
    check(syms.lookup(0x40200104) == "memset", "inside the next one")
    check(syms.lookup(0x40200170) is None, "in a gap after a sized symbol")
    check(syms.lookup(0x40200200) == "weak_fn", "weak symbols count")
    check(syms.lookup(0x401fffff) is None, "below the first symbol")
    check(syms.span() == (0x40200000, 0x40200210), "firmware span from the symbols")

    profile = gp.Profile(gp.Regions(syms), gp.DEFAULT_PHASES)
    regions = profile.regions
    check(regions.classify(0x1000) == ("flash", "first stage"), "flash")
    check(regions.classify(0x40200164) == ("idle", "events_poll"), "the WaitForEvent loop")
    check(regions.classify(0x40200010) == ("efilite", "fw_main"), "firmware code")
    check(regions.classify(0x40200144) == ("efilite", "pe_load"), "firmware code")
    # memset called from pe_load, its return address signed (PAC above bit 47)
    check(regions.classify(0x40200108, 0x002a000040200150) == ("efilite", "memset<-pe_load"),
          "helper charged to its caller")
    profile.console_line("efilite 0.1.0: EL1, 1024 MiB RAM", 0.010)
    profile.sample(0x40200010)
    profile.console_line("efilite: LoadImage: 118784 bytes in place at 0x41200000 (random)", 0.020)
    profile.sample(0x41201234)
    profile.sample(0x41201fff)
    profile.console_line("efilite: LoadImage: 27983872 bytes in place at 0x6de00000 (random)", 0.030)
    profile.sample(0x6de00000 + 0x13f2345)
    profile.sample(0xffff800008010000)
    profile.end_boot(0.050)
    check(regions.classify(0x41201234) == ("image#1", "+0x1000"), "first image, 4 KiB bucket")
    check(regions.classify(0x6de00000 + 0x13f2345) == ("image#2", "+0x13f2000"),
          "second image")
    check(regions.classify(0x6de00000 + 27983872) == ("other", "0x6f8b0000"),
          "just past an image")
    check(regions.classify(0xffff800008010000)[0] == "high VA", "the kernel after its MMU switch")

    # a second boot: images load elsewhere, phases keep their (numberless) names
    profile.start_boot()
    check(regions.images == [], "images forgotten between boots")
    profile.console_line("efilite: LoadImage: 118784 bytes in place at 0x50000000 (random)", 0.022)
    profile.sample(0x50000010)
    profile.console_line("efilite: LoadImage: 27983872 bytes in place at 0x60000000 (random)", 0.034)
    profile.end_boot(0.040)
    keys = list(profile.phases)
    check(keys == ["(before the first phase line)", "efilite N.N.N: ELN, N MiB RAM",
                   "efilite: LoadImage: N bytes in place at N (random)",
                   "efilite: LoadImage: N bytes in place at N (random) (#2)", "(end)"],
          "phase names: %r" % keys)
    first = profile.phases["efilite: LoadImage: N bytes in place at N (random)"]
    check(first[1][("image#1", "+0x1000")] == 2 and first[1][("image#1", "+0x0")] == 1,
          "samples of both boots summed: %r" % first[1])
    check(abs(first[0] - (0.010 + 0.012)) < 1e-9, "phase seconds summed: %r" % first[0])
    second = profile.phases["efilite: LoadImage: N bytes in place at N (random) (#2)"]
    check(abs(second[0] - (0.020 + 0.006)) < 1e-9, "last phase ends at the boot's end")
    check(gp.bios_of(["-M", "virt", "-bios", "fw.bin", "-m", "1G"]) == "fw.bin", "-bios found")
    check(gp.bios_of(["-M", "virt", "-kernel", "k"]) is None, "no -bios")
    check(gp.elf_matches("x.elf", "fw.img") is None, "no RAM image to compare with")
    report = profile.report()
    check("11.0 ms" in report and "2 boot(s)" in report, "mean per boot in the report")
    print("guestprof_test: %d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
