"""firmware_boot_test: one firmware image booted in QEMU by boot_test.sh."""

_PACK = "//firmware/stage1:pack.py"

def firmware_boot_test(case, image, elf, parts = None, data = []):
    """boot_test.sh CASE IMAGE ELF PACK [PARTS...] as CASE_test.

    parts: the image's separately built pieces, for cases that patch the
    image and pack it again (none for images no case patches).
    """
    args = ["$(rootpath %s)" % image, "$(rootpath %s)" % elf, "$(rootpath %s)" % _PACK]
    deps = [image, elf]
    if parts:
        args.append("$(rootpaths %s)" % parts)
        deps.append(parts)
    native.sh_test(
        name = case + "_test",
        size = "small",
        srcs = ["boot_test.sh"],
        args = [case] + args,
        data = data + deps + [_PACK],
    )
