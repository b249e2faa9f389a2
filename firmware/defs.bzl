"""Build a cc_binary for bare-metal AArch64 regardless of the command-line platform."""

load("//tools/toolchain:aarch64_none_elf.bzl", "LLVM_OBJCOPY")

def _bare_metal_aarch64_impl(settings, attr):
    return {
        "//command_line_option:platforms": "//tools/platforms:aarch64_none",
        "//command_line_option:strip": "never",  # keep debug info in the ELF (.bin unaffected)
        # Host-only flags (e.g. --config=fuzz sanitizers) must not leak into firmware.
        "//command_line_option:copt": [],
        "//command_line_option:linkopt": [],
    }

bare_metal_aarch64 = transition(
    implementation = _bare_metal_aarch64_impl,
    inputs = [],
    outputs = [
        "//command_line_option:platforms",
        "//command_line_option:strip",
        "//command_line_option:copt",
        "//command_line_option:linkopt",
    ],
)

def _firmware_image_impl(ctx):
    # Outgoing-edge transition: attrs are lists (1:1 transition => one element).
    elf = ctx.attr.elf[0][DefaultInfo].files_to_run.executable
    out = ctx.actions.declare_file(ctx.label.name + ".bin")  # bazel-bin/<pkg>/<name>.bin
    ctx.actions.run(
        executable = ctx.attr._objcopy,
        arguments = ["-O", "binary", elf.path, out.path],
        inputs = [elf],
        outputs = [out],
        mnemonic = "ObjcopyBin",
        progress_message = "objcopy -O binary %s" % out.short_path,
    )
    return [
        DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out])),
        OutputGroupInfo(elf = depset([elf])),
    ]

aarch64_firmware_image = rule(
    implementation = _firmware_image_impl,
    attrs = {
        "elf": attr.label(mandatory = True, executable = True, cfg = bare_metal_aarch64),
        # NB: a transitioned @bazel_tools//tools/cpp:current_cc_toolchain returns the *host*
        # toolchain in Bazel 4.2.3, so the objcopy path comes from the toolchain .bzl instead.
        "_objcopy": attr.string(default = LLVM_OBJCOPY),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
)
