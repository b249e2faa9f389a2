"""@libfdt: scripts/dtc/libfdt from Debian's linux-source-6.1 tarball (upstream libfdt)."""

_BUILD = """\
load("@rules_cc//cc:defs.bzl", "cc_library")

cc_library(
    name = "libfdt",
    # fdt_overlay.c is left out: the firmware never applies overlays.
    srcs = glob(["*.c"], exclude = ["fdt_overlay.c"]) + ["libfdt_internal.h"],
    hdrs = ["fdt.h", "libfdt.h", "libfdt_env.h"],
    includes = ["."],
    # In the libFuzzer build, libfdt is dt_fuzz's oracle, not code under test:
    # ASan and UBSan stay, sanitizer-coverage goes. Its trace-cmp hooks were
    # half of dt_fuzz's time (//fuzz/dt:libfdt_uninstrumented_test).
    copts = select({
        "@//fuzz:engine_libfuzzer": ["-fno-sanitize=fuzzer-no-link"],
        "//conditions:default": [],
    }),
    visibility = ["//visibility:public"],
)
"""

def _libfdt_from_linux_source_impl(rctx):
    tarball = rctx.path(rctx.attr.tarball)
    if not tarball.exists:
        fail("%s missing: apt-get install linux-source-6.1 (tools/bazel does this)" % tarball)
    member = rctx.attr.tar_prefix + "/scripts/dtc/libfdt"
    res = rctx.execute(
        ["tar", "-xJf", str(tarball), "--strip-components=4", "--wildcards", member + "/*"],
        timeout = 600,
        quiet = True,
    )
    if res.return_code != 0:
        fail("extracting libfdt failed: " + res.stderr)
    rctx.file("WORKSPACE", 'workspace(name = "%s")\n' % rctx.name)
    rctx.file("BUILD.bazel", _BUILD)

libfdt_from_linux_source = repository_rule(
    implementation = _libfdt_from_linux_source_impl,
    attrs = {
        "tarball": attr.string(default = "/usr/src/linux-source-6.1.tar.xz"),
        "tar_prefix": attr.string(default = "linux-source-6.1"),
    },
)
