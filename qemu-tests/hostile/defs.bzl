"""Hostile-host QEMU tests: efilite must name what is wrong and power off."""

load("//qemu-tests:defs.bzl", "qemu_boot_test")

EFILITE = "//firmware:efilite_bin"

TAGS = ["efilite", "qemu", "hostile"]

# An init line means the broken input got through to a running system.
NO_INIT = ["--reject", "EFILITE-INIT"]

def efi_app(name, target, subsystem):
    """Builds efi_app.c with clang and lld-link for another target or subsystem."""
    native.genrule(
        name = name,
        srcs = ["efi_app.c"],
        outs = [name + ".efi"],
        cmd = ("clang-14 --target=%s -ffreestanding -fno-stack-protector -Os -nostdlib " +
               "-fuse-ld=lld -Wl,-subsystem:%s -Wl,-entry:efi_main -Wl,/Brepro " +
               "-o $@ $(location efi_app.c)") % (target, subsystem),
    )

def mutated_pe(name, mutation, src):
    """src with one PE field broken by mutate_pe.py."""
    native.genrule(
        name = name,
        srcs = [src],
        outs = [name + ".efi"],
        cmd = "python3 $(location mutate_pe.py) %s $(location %s) $@" % (mutation, src),
        tools = ["mutate_pe.py"],
    )

def bad_kernel_test(name, kernel, error, machine = None, mem = None):
    """efilite gets kernel and must stop with 'efilite: error: kernel: ERROR'."""
    args = NO_INIT + ["--expect", "^efilite: error: kernel: %s$$" % error]
    if mem:
        args += ["--mem", str(mem)]
    qemu_boot_test(
        name = name,
        firmware = EFILITE,
        kernel = kernel,
        machine = machine,
        args = args,
        tags = TAGS,
        timeout_s = 30,
    )
