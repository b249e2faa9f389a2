"""Bare-metal AArch64 clang-14 + ld.lld C toolchain (Bazel 4.2 Starlark CROSSTOOL)."""

load("@bazel_tools//tools/build_defs/cc:action_names.bzl", "ACTION_NAMES")
load("@bazel_tools//tools/cpp:cc_toolchain_config_lib.bzl", "feature", "flag_group", "flag_set", "tool_path")

_COMPILE = [
    ACTION_NAMES.c_compile,
    ACTION_NAMES.cpp_compile,
    ACTION_NAMES.assemble,
    ACTION_NAMES.preprocess_assemble,
]
_LINK = [ACTION_NAMES.cpp_link_executable]

_CLANG_RESOURCE_INC = "/usr/lib/llvm-14/lib/clang/14.0.6/include"
LLVM_OBJCOPY = "/usr/bin/llvm-objcopy"  # also used by //firmware:defs.bzl (GNU objcopy cannot read AArch64 ELF)

def _impl(ctx):
    tools = {
        "gcc": "/usr/bin/clang-14",  # compile + link driver
        "ld": "/usr/bin/ld.lld",
        "ar": "/usr/bin/llvm-ar",
        "cpp": "/usr/bin/clang-cpp-14",
        "nm": "/usr/bin/llvm-nm",
        "objcopy": LLVM_OBJCOPY,
        "objdump": "/usr/bin/llvm-objdump",
        "strip": "/usr/bin/llvm-strip",
        "gcov": "/bin/false",
    }
    features = [
        feature(
            name = "default_compile_flags",
            enabled = True,
            flag_sets = [flag_set(actions = _COMPILE, flag_groups = [flag_group(flags = [
                "--target=aarch64-none-elf",
                "-ffreestanding",  # => __STDC_HOSTED__=0, -fno-builtin
                "-nostdlibinc",  # no /usr/include; keep clang resource headers
                "-isystem",
                ctx.attr.libc_include,  # firmware/libc: string.h, stdlib.h
                # Exception handlers save only general registers; EFI programs own FP/SIMD.
                "-mgeneral-regs-only",
                # The canary comes from the RNG (platform/hardening.c).
                "-fstack-protector-strong",
                # Uninitialised locals get a recognisable non-zero pattern, not stale data.
                "-ftrivial-auto-var-init=pattern",
                # BTI landing pads and PAC-RET; the CPU side is in platform/hardening.c.
                "-mbranch-protection=standard",
                # x18 is the platform register: UEFI firmware must leave it alone,
                # and Linux checks it around every runtime service call.
                "-ffixed-x18",
                "-fno-pic",
                "-fno-common",
                "-ffunction-sections",
                "-fdata-sections",
                "-Oz",
                # No frame records: ~1.8 KiB less code beside BTI, PAC-RET and
                # the stack protector (nothing in the firmware walks frames).
                "-fomit-frame-pointer",
                "-g",
                "-Wall",
            ])])],
        ),
        feature(
            name = "default_link_flags",
            enabled = True,
            flag_sets = [flag_set(actions = _LINK, flag_groups = [flag_group(flags = [
                "--target=aarch64-none-elf",
                "-fuse-ld=lld",
                "-nostdlib",
                "-static",
                "-Wl,--gc-sections",
                "-Wl,--icf=safe",
                "-Wl,--build-id=none",
            ])])],
        ),
    ]
    return cc_common.create_cc_toolchain_config_info(
        ctx = ctx,
        features = features,
        toolchain_identifier = "aarch64-none-elf-clang14",
        host_system_name = "x86_64-unknown-linux-gnu",
        target_system_name = "aarch64-none-elf",
        target_cpu = "aarch64",
        target_libc = "none",
        compiler = "clang",
        abi_version = "none",
        abi_libc_version = "none",
        tool_paths = [tool_path(name = k, path = v) for k, v in tools.items()],
        cxx_builtin_include_directories = [
            _CLANG_RESOURCE_INC,
            "%workspace%/" + ctx.attr.libc_include,
        ],
    )

aarch64_none_elf_toolchain_config = rule(
    implementation = _impl,
    attrs = {"libc_include": attr.string(default = "firmware/libc/include")},
    provides = [CcToolchainConfigInfo],
)
