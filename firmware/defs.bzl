"""Build a cc_binary for bare-metal AArch64 regardless of the command-line platform."""

load("//tools/toolchain:aarch64_none_elf.bzl", "LLVM_OBJCOPY")

def _bare_metal_settings(copts):
    return {
        "//command_line_option:platforms": "//tools/platforms:aarch64_none",
        "//command_line_option:strip": "never",  # keep debug info in the ELF (.bin unaffected)
        # Host-only flags (e.g. --config=fuzz sanitizers) must not leak into firmware.
        "//command_line_option:copt": copts,
        "//command_line_option:linkopt": [],
    }

_OUTPUTS = [
    "//command_line_option:platforms",
    "//command_line_option:strip",
    "//command_line_option:copt",
    "//command_line_option:linkopt",
]

def _image_impl(settings, attr):
    return _bare_metal_settings(attr.copts)

def _release_impl(settings, attr):
    return _bare_metal_settings([])

# The image: with its own copts (a firmware variant: UBSan, or a protection off).
bare_metal_aarch64 = transition(implementation = _image_impl, inputs = [], outputs = _OUTPUTS)

# The first stage: always the release build (it has a 20 KiB limit of its own).
bare_metal_aarch64_release = transition(implementation = _release_impl, inputs = [], outputs = _OUTPUTS)

# The -bios image's flash budget: the first stage plus the compressed image.
FLASH_BUDGET = 128 * 1024

def _objcopy_bin(ctx, elf, name):
    out = ctx.actions.declare_file(name)
    ctx.actions.run(
        executable = ctx.attr._objcopy,
        arguments = ["-O", "binary", elf.path, out.path],
        inputs = [elf],
        outputs = [out],
        mnemonic = "ObjcopyBin",
        progress_message = "objcopy -O binary %s" % out.short_path,
    )
    return out

def _firmware_image_impl(ctx):
    # Outgoing-edge transition: attrs are lists (1:1 transition => one element).
    elf = ctx.attr.elf[0][DefaultInfo].files_to_run.executable
    stage1_elf = ctx.attr._stage1[0][DefaultInfo].files_to_run.executable
    ram = _objcopy_bin(ctx, elf, ctx.label.name + ".ram.bin")  # the image as it runs in RAM
    stage1 = _objcopy_bin(ctx, stage1_elf, ctx.label.name + ".stage1.bin")
    out = ctx.actions.declare_file(ctx.label.name + ".bin")  # bazel-bin/<pkg>/<name>.bin
    sizes = ctx.actions.declare_file(ctx.label.name + ".sizes")
    ctx.actions.run(
        executable = "/usr/bin/python3",
        arguments = [
            ctx.file._pack.path,
            "--stage1",
            stage1.path,
            "--image",
            ram.path,
            "--out",
            out.path,
            "--sizes",
            sizes.path,
            "--limit",
            str(ctx.attr.flash_limit),
        ],
        inputs = [ctx.file._pack, ram, stage1],
        outputs = [out, sizes],
        mnemonic = "PackFirmware",
        progress_message = "packing %s (first stage + LZ4 image)" % out.short_path,
    )
    return [
        DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out])),
        OutputGroupInfo(
            elf = depset([elf]),
            # For tests that patch the RAM image and pack it again, and tools/bench.
            parts = depset([ram, stage1]),
            sizes = depset([sizes]),
        ),
    ]

# The raw -bios image: the first stage (//firmware/stage1) at the reset
# vector, then elf's RAM image compressed (stage1/pack.py), at most
# flash_limit bytes.
aarch64_firmware_image = rule(
    implementation = _firmware_image_impl,
    attrs = {
        "elf": attr.label(mandatory = True, executable = True, cfg = bare_metal_aarch64),
        "flash_limit": attr.int(default = FLASH_BUDGET),
        # Compiler flags for every source of the image (and its first stage),
        # after the toolchain's: a variant (UBSan, or a protection off for tools/bench).
        "copts": attr.string_list(),
        "_stage1": attr.label(
            default = "//firmware/stage1:stage1_elf",
            executable = True,
            cfg = bare_metal_aarch64_release,
        ),
        "_pack": attr.label(default = "//firmware/stage1:pack.py", allow_single_file = True),
        # NB: a transitioned @bazel_tools//tools/cpp:current_cc_toolchain returns the *host*
        # toolchain in Bazel 4.2.3, so the objcopy path comes from the toolchain .bzl instead.
        "_objcopy": attr.string(default = LLVM_OBJCOPY),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
)

def _flash_image_impl(ctx):
    elf = ctx.attr.elf[0][DefaultInfo].files_to_run.executable
    out = _objcopy_bin(ctx, elf, ctx.label.name + ".bin")
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out]))]

# A raw -bios image that runs in place from flash (no first stage, nothing
# compressed): for small bare-metal tools linked at the flash base, such as
# //tools/fwcfg-dump.
aarch64_flash_image = rule(
    implementation = _flash_image_impl,
    attrs = {
        "elf": attr.label(mandatory = True, executable = True, cfg = bare_metal_aarch64),
        "copts": attr.string_list(),
        "_objcopy": attr.string(default = LLVM_OBJCOPY),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
)
