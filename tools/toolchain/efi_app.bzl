"""AArch64 PE/COFF EFI applications built with clang + lld-link, outside the cc toolchain.

The bare-metal ELF toolchain cannot produce PE/COFF, so these rules drive clang
(--target=aarch64-windows, whose object format and calling convention match what
UEFI expects of an AArch64 image) and lld-link directly. Windows' LLP64 model makes
`long` 32 bits wide: EFI code built here must use fixed-width types.
"""

_CLANG = "/usr/bin/clang-14"
_LLD_LINK = "/usr/bin/lld-link"

_CFLAGS = [
    "--target=aarch64-unknown-windows",
    "-std=c11",
    "-ffreestanding",
    "-nostdlibinc",
    "-fno-stack-protector",
    # Windows targets probe the stack through __chkstk, which no EFI firmware provides.
    "-mno-stack-arg-probe",
    "-fshort-wchar",
    "-Os",
    "-Wall",
    "-Wextra",
    "-Wno-unused-parameter",
    "-Werror",
]

_LDFLAGS = [
    "/subsystem:efi_application",
    "/entry:efi_main",
    "/nodefaultlib",
    "/machine:arm64",
    # Deterministic output: no timestamp in the COFF header.
    "/Brepro",
    # Keep the base relocation table so a loader can place the image anywhere.
    "/dynamicbase",
]

def _efi_app_impl(ctx):
    objs = []
    hdrs = depset(ctx.files.hdrs)
    for src in ctx.files.srcs:
        obj = ctx.actions.declare_file("_objs/%s/%s.obj" % (ctx.label.name, src.basename))
        ctx.actions.run(
            executable = _CLANG,
            arguments = _CFLAGS + ctx.attr.copts + [
                "-I.",
                "-I" + ctx.genfiles_dir.path,
                "-c",
                src.path,
                "-o",
                obj.path,
            ],
            inputs = depset([src], transitive = [hdrs]),
            outputs = [obj],
            mnemonic = "EfiAppCompile",
            progress_message = "clang (aarch64 PE) %s" % src.short_path,
        )
        objs.append(obj)
    out = ctx.actions.declare_file(ctx.label.name + ".efi")
    ctx.actions.run(
        executable = _LLD_LINK,
        arguments = _LDFLAGS + ctx.attr.linkopts + ["/out:" + out.path] + [o.path for o in objs],
        inputs = objs,
        outputs = [out],
        mnemonic = "EfiAppLink",
        progress_message = "lld-link %s" % out.short_path,
    )
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out]))]

efi_app = rule(
    implementation = _efi_app_impl,
    doc = "Links C sources into <name>.efi, an AArch64 EFI application (subsystem 10) entered at efi_main.",
    attrs = {
        "srcs": attr.label_list(allow_files = [".c"], mandatory = True),
        "hdrs": attr.label_list(allow_files = [".h"]),
        "copts": attr.string_list(),
        "linkopts": attr.string_list(doc = "Extra lld-link flags, e.g. /filealign:4096."),
    },
)

def _efi_embed_impl(ctx):
    src = ctx.file.src
    out = ctx.actions.declare_file(ctx.label.name + ".c")
    symbol = ctx.attr.symbol

    # od prints the file as hex bytes; sed turns them into C initialisers.
    ctx.actions.run_shell(
        inputs = [src],
        outputs = [out],
        command = """
set -eu
{{
  echo '#include <stdint.h>'
  echo '#include <stddef.h>'
  echo '__attribute__((aligned(16))) const uint8_t {sym}[] = {{'
  od -An -v -tx1 "$1" | sed -e 's/ *\\([0-9a-f][0-9a-f]\\)/0x\\1,/g'
  echo '}};'
  echo 'const size_t {sym}_size = sizeof({sym});'
}} > "$2"
""".format(sym = symbol),
        arguments = [src.path, out.path],
        mnemonic = "EfiEmbed",
        progress_message = "embedding %s as %s" % (src.short_path, symbol),
    )
    return [DefaultInfo(files = depset([out]))]

efi_embed = rule(
    implementation = _efi_embed_impl,
    doc = "Generates <name>.c defining `const uint8_t symbol[]` and `const size_t symbol_size` holding the bytes of src.",
    attrs = {
        "src": attr.label(allow_single_file = True, mandatory = True),
        "symbol": attr.string(mandatory = True),
    },
)
