"""@zboot_kernel: a small arm64 EFI zboot kernel built from Debian's Linux source.

qemu-tests/zboot/build_kernel.sh builds it from /usr/src/linux-source-6.1.tar.xz
(Debian's linux-source-6.1) with `allnoconfig` + qemu-tests/zboot/zboot.config
and the cross gcc (gcc-aarch64-linux-gnu), into a cache directory outside the
repository ($EFILITE_ZBOOT_CACHE, default ~/.cache/efilite) keyed by the
fragment, the source version and the compiler. The first build takes many
minutes; after that, clean clones and `bazel clean --expunge` reuse it.

Targets:
  :vmlinuz.efi  the zboot image: a PE/COFF EFI application that decompresses
                the kernel (gzip) and starts it with LoadImage/StartImage
  :config       the kernel's .config
"""

_BUILD = """\
package(default_visibility = ["//visibility:public"])

exports_files(["vmlinuz.efi", "config"])
"""

def _zboot_kernel_impl(rctx):
    cache = rctx.os.environ.get("EFILITE_ZBOOT_CACHE") or (rctx.os.environ["HOME"] + "/.cache/efilite")
    script = rctx.path(rctx.attr._script)
    fragment = rctx.path(rctx.attr.fragment)
    rctx.report_progress("building or reusing the zboot kernel in %s (a first build takes many minutes)" % cache)
    res = rctx.execute(
        ["bash", str(script), cache, str(fragment), rctx.attr.source_tarball],
        timeout = 7200,
        quiet = True,
    )
    if res.return_code != 0:
        fail("zboot kernel build failed:\n%s" % res.stderr)
    built = res.stdout.strip()
    rctx.symlink(built + "/vmlinuz.efi", "vmlinuz.efi")
    rctx.symlink(built + "/config", "config")
    rctx.file("WORKSPACE", 'workspace(name = "%s")\n' % rctx.name)
    rctx.file("BUILD.bazel", _BUILD)

zboot_kernel = repository_rule(
    implementation = _zboot_kernel_impl,
    attrs = {
        "fragment": attr.label(default = "//qemu-tests/zboot:zboot.config", allow_single_file = True),
        "source_tarball": attr.string(default = "/usr/src/linux-source-6.1.tar.xz"),
        "_script": attr.label(default = "//qemu-tests/zboot:build_kernel.sh", allow_single_file = True),
    },
    environ = ["EFILITE_ZBOOT_CACHE", "HOME"],
    # `bazel sync --configure` re-keys after a Debian update of the source or compiler.
    configure = True,
)
