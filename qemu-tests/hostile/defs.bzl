"""Hostile-host QEMU tests: efilite must name what is wrong and power off."""

load("//qemu-tests:defs.bzl", "qemu_boot_test")

EFILITE = "//firmware:efilite_bin"

TAGS = ["efilite", "qemu", "hostile"]

# An init line means the broken input got through to a running system.
NO_INIT = ["--reject", "EFILITE-INIT"]

def efi_app(name, target, subsystem, **kwargs):
    """Builds efi_app.c with clang and lld-link for another target or subsystem."""
    native.genrule(
        name = name,
        srcs = ["efi_app.c"],
        outs = [name + ".efi"],
        cmd = ("clang-14 --target=%s -ffreestanding -fno-stack-protector -Os -nostdlib " +
               "-fuse-ld=lld -Wl,-subsystem:%s -Wl,-entry:efi_main -Wl,/Brepro " +
               "-o $@ $(location efi_app.c)") % (target, subsystem),
        **kwargs
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

def acpi_loader(name, mutation):
    """make_acpi_loader.py's script, RSDP file and tables file for mutation."""
    native.genrule(
        name = name,
        outs = [name + "_script.bin", name + "_rsdp.bin", name + "_tables.bin"],
        cmd = "python3 $(location make_acpi_loader.py) %s $(OUTS)" % mutation,
        tools = ["make_acpi_loader.py"],
    )

def acpi_loader_test(name, loader, args, kernel = None):
    """Boots with acpi=off and loader's files as etc/table-loader and its blobs.

    QEMU refuses a second etc/table-loader, but with acpi=off it builds none,
    so the injected one is the only script efilite sees.
    """
    files = {
        "etc/table-loader": loader + "_script.bin",
        "opt/efilite/rsdp": loader + "_rsdp.bin",
        "opt/efilite/tables": loader + "_tables.bin",
    }
    fw_cfg = []
    for fw_cfg_name, label in files.items():
        fw_cfg += ["--fw-cfg-file", "%s:$(rootpath %s)" % (fw_cfg_name, label)]
    qemu_boot_test(
        name = name,
        firmware = EFILITE,
        kernel = kernel,
        machine = "acpi=off",
        args = fw_cfg + args,
        data = files.values(),
        tags = TAGS,
        timeout_s = 30,
    )

def smbios_structure(name, kind):
    """make_smbios_structure.py's structure of that kind."""
    native.genrule(
        name = name,
        outs = [name + ".bin"],
        cmd = "python3 $(location make_smbios_structure.py) %s $@" % kind,
        tools = ["make_smbios_structure.py"],
    )
