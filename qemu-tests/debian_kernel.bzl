"""@debian_kernel: the current Debian arm64 cloud kernel, the default test kernel.

The metapackage (linux-image-cloud-arm64:arm64) is resolved with apt-cache to
the versioned package it depends on, which apt-get download fetches into a
cache directory outside the repository ($EFILITE_DEB_CACHE, default
~/.cache/efilite/debs), so clean clones and `bazel clean --expunge` reuse it.
Without package lists or network, the newest cached package is used.

Targets:
  :vmlinuz      /boot/vmlinuz-* as shipped
  :Image        the same, gunzip'ed if it was gzip: a plain arm64 Image (EFI stub PE)
  :efivarfs_ko  efivarfs.ko of that kernel (efivarfs is a module in the cloud flavour)
  :disk_modules the modules a disk needs (virtio_ring, virtio, virtio_pci*,
                virtio_mmio, virtio_blk; for virtio-scsi scsi_common, scsi_mod, sd_mod,
                cdrom, sr_mod, virtio_scsi: modules in the cloud flavour), as disk/NAME.ko
  :version      a text file with the package name and version
"""

_BUILD = """\
package(default_visibility = ["//visibility:public"])

exports_files(["vmlinuz", "Image", "efivarfs.ko", "version.txt"])

filegroup(name = "disk_modules", srcs = glob(["disk/*.ko"]))

alias(name = "efivarfs_ko", actual = "efivarfs.ko")

alias(name = "version", actual = "version.txt")
"""

def _run(rctx, args, what, working_directory = ""):
    res = rctx.execute(args, timeout = 900, quiet = True, working_directory = working_directory)
    if res.return_code != 0:
        fail("%s failed (%d): %s%s" % (what, res.return_code, res.stdout, res.stderr))
    return res.stdout

def _resolve(rctx, metapackage):
    """Returns the versioned package name and version, or None if apt cannot tell."""
    res = rctx.execute(["apt-cache", "depends", metapackage], quiet = True)
    if res.return_code != 0:
        return None
    package = None
    for line in res.stdout.splitlines():
        fields = line.strip().lstrip("|").split(" ")
        if len(fields) == 2 and fields[0] == "Depends:" and fields[1].startswith("linux-image-"):
            package = fields[1]
            break
    if not package:
        return None
    res = rctx.execute(["apt-cache", "show", "--no-all-versions", package], quiet = True)
    if res.return_code != 0:
        return None
    for line in res.stdout.splitlines():
        if line.startswith("Version: "):
            return (package, line[len("Version: "):].strip())
    return None

def _deb_name(package, version):
    # apt-get download names files name_version_arch.deb with ':' as %3a.
    name, _, arch = package.partition(":")
    return "%s_%s_%s.deb" % (name, version.replace(":", "%3a"), arch)

def _cached_fallback(rctx, cache, pattern):
    res = rctx.execute(["bash", "-c", "ls -1 %s/%s 2>/dev/null | sort -V | tail -n 1" % (cache, pattern)])
    found = res.stdout.strip()
    return found if found else None

def _download(rctx, cache, metapackage):
    """Returns (package, version, deb path) of the current kernel, or None."""
    resolved = _resolve(rctx, metapackage)
    if not resolved:
        return None
    package, version = resolved
    deb = cache + "/" + _deb_name(package, version)
    if not rctx.path(deb).exists:
        rctx.report_progress("apt-get download %s=%s" % (package, version))
        rctx.execute(["apt-get", "download", "%s=%s" % (package, version)], timeout = 900, working_directory = cache)
    return (package, version, deb) if rctx.path(deb).exists else None

def _debian_kernel_impl(rctx):
    cache = rctx.os.environ.get("EFILITE_DEB_CACHE") or (rctx.os.environ["HOME"] + "/.cache/efilite/debs")
    _run(rctx, ["mkdir", "-p", cache], "mkdir " + cache)

    found = _download(rctx, cache, rctx.attr.metapackage)
    if not found and rctx.execute(["id", "-u"]).stdout.strip() == "0":
        # Stale package lists name versions the archive no longer has.
        rctx.report_progress("apt-get update")
        rctx.execute(["apt-get", "update", "-q"], timeout = 900)
        found = _download(rctx, cache, rctx.attr.metapackage)
    if found:
        package, version, deb = found
    else:
        deb = _cached_fallback(rctx, cache, rctx.attr.fallback_glob)
        if not deb:
            fail("cannot resolve or download %s (apt-get update?) and no cached %s in %s" %
                 (rctx.attr.metapackage, rctx.attr.fallback_glob, cache))
        print("debian_kernel: %s unavailable, using the newest cached package" % rctx.attr.metapackage)
        package = deb.split("/")[-1]
        version = "(cached)"

    # The members are globbed: the package's file names carry the ABI version.
    _run(rctx, ["bash", "-c", """
set -euo pipefail
dpkg-deb --fsys-tarfile "$1" | tar -x --wildcards './boot/vmlinuz-*' './lib/modules/*/kernel/fs/efivarfs/efivarfs.ko' \
    './lib/modules/*/kernel/drivers/virtio/virtio*.ko' './lib/modules/*/kernel/drivers/block/virtio_blk.ko' \
    './lib/modules/*/kernel/drivers/scsi/*.ko' './lib/modules/*/kernel/drivers/cdrom/cdrom.ko'
mv boot/vmlinuz-* vmlinuz
mv lib/modules/*/kernel/fs/efivarfs/efivarfs.ko efivarfs.ko
mkdir -p disk
for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_mmio virtio_blk \
         scsi_common scsi_mod sd_mod cdrom sr_mod virtio_scsi; do
    mv lib/modules/*/kernel/drivers/*/$m.ko disk/
done
rm -rf boot lib
if [ "$(head -c 2 vmlinuz | od -An -tx1 | tr -d ' \\n')" = 1f8b ]; then
    gzip -dc vmlinuz > Image
else
    cp vmlinuz Image
fi
""", "extract", deb], "extracting " + deb)

    summary = "%s %s (%s)" % (package, version, deb)
    rctx.file("version.txt", summary + "\n")
    rctx.file("WORKSPACE", 'workspace(name = "%s")\n' % rctx.name)
    rctx.file("BUILD.bazel", _BUILD)
    print("debian_kernel: " + summary)

debian_kernel = repository_rule(
    implementation = _debian_kernel_impl,
    attrs = {
        "metapackage": attr.string(default = "linux-image-cloud-arm64:arm64"),
        "fallback_glob": attr.string(default = "linux-image-*-cloud-arm64_*_arm64.deb"),
    },
    environ = ["EFILITE_DEB_CACHE", "HOME"],
    # `bazel sync --configure` re-resolves the metapackage after a Debian update.
    configure = True,
)
