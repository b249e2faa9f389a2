"""debian_files: files from one Debian arm64 package, as a repository.

The package's candidate version (apt-cache) is fetched with apt-get download
into a cache directory outside the repository ($EFILITE_DEB_CACHE, default
~/.cache/efilite/debs, shared with @debian_kernel), so clean clones and
`bazel clean --expunge` reuse it. Without package lists or network, the
newest cached package is used.

Attributes:
  package  e.g. "shim-unsigned:arm64"
  files    {target name: path inside the package}, e.g.
           {"shimaa64.efi": "usr/lib/shim/shimaa64.efi"}
  dirs     {target name: directory inside the package}: a filegroup of the
           files directly in it, e.g. GRUB's modules for grub-mkstandalone
Targets: each name of `files` and `dirs`, and :version (package name and version).
"""

def _candidate_version(rctx, package):
    res = rctx.execute(["apt-cache", "show", "--no-all-versions", package], quiet = True)
    if res.return_code != 0:
        return None
    for line in res.stdout.splitlines():
        if line.startswith("Version: "):
            return line[len("Version: "):].strip()
    return None

def _fetch_deb(rctx, cache, package):
    """Returns (version, deb path) of the candidate, or None if apt cannot get it."""
    version = _candidate_version(rctx, package)
    if not version:
        return None
    name, _, arch = package.partition(":")

    # apt-get download names files name_version_arch.deb with ':' as %3a.
    deb = "%s/%s_%s_%s.deb" % (cache, name, version.replace(":", "%3a"), arch)
    if not rctx.path(deb).exists:
        rctx.report_progress("apt-get download %s=%s" % (package, version))
        rctx.execute(
            ["apt-get", "download", "%s=%s" % (package, version)],
            timeout = 900,
            working_directory = cache,
        )
    return (version, deb) if rctx.path(deb).exists else None

def _newest_cached(rctx, cache, package):
    name, _, arch = package.partition(":")
    res = rctx.execute(["bash", "-c", 'ls -1 "$1"/"$2"_*_"$3".deb 2>/dev/null | sort -V | tail -n 1', "_", cache, name, arch])
    found = res.stdout.strip()
    return found if found else None

def _debian_files_impl(rctx):
    cache = rctx.os.environ.get("EFILITE_DEB_CACHE") or (rctx.os.environ["HOME"] + "/.cache/efilite/debs")
    res = rctx.execute(["mkdir", "-p", cache])
    if res.return_code != 0:
        fail("mkdir %s: %s" % (cache, res.stderr))

    found = _fetch_deb(rctx, cache, rctx.attr.package)
    if found:
        version, deb = found
    else:
        deb = _newest_cached(rctx, cache, rctx.attr.package)
        if not deb:
            fail("cannot download %s (apt-get update?) and none is cached in %s" % (rctx.attr.package, cache))
        print("debian_files: %s unavailable, using the newest cached package" % rctx.attr.package)
        version = "(cached)"

    for target, member in rctx.attr.files.items():
        res = rctx.execute(["bash", "-c", """
set -euo pipefail
dpkg-deb --fsys-tarfile "$1" | tar -xO "./$2" >"$3"
""", "_", deb, member, target], quiet = True)
        if res.return_code != 0:
            fail("extracting %s from %s: %s%s" % (member, deb, res.stdout, res.stderr))

    dirs = []
    for target, member in rctx.attr.dirs.items():
        res = rctx.execute(["bash", "-c", """
set -euo pipefail
mkdir -p "$3"
dpkg-deb --fsys-tarfile "$1" | tar -x --strip-components="$4" -C "$3" "./$2/"
""", "_", deb, member, target, str(len(member.split("/")) + 1)], quiet = True)
        if res.return_code != 0:
            fail("extracting %s from %s: %s%s" % (member, deb, res.stdout, res.stderr))
        dirs.append('filegroup(name = "%s", srcs = glob(["%s/*"]))\n' % (target, target))

    summary = "%s %s (%s)" % (rctx.attr.package, version, deb)
    rctx.file("version.txt", summary + "\n")
    rctx.file("WORKSPACE", 'workspace(name = "%s")\n' % rctx.name)
    rctx.file("BUILD.bazel", """\
package(default_visibility = ["//visibility:public"])

exports_files(%s + ["version.txt"])

alias(name = "version", actual = "version.txt")
""" % repr(sorted(rctx.attr.files.keys())) + "".join(["\n" + d for d in dirs]))

debian_files = repository_rule(
    implementation = _debian_files_impl,
    attrs = {
        "package": attr.string(mandatory = True),
        "files": attr.string_dict(mandatory = True),
        "dirs": attr.string_dict(),
    },
    environ = ["EFILITE_DEB_CACHE", "HOME"],
    # `bazel sync --configure` picks up a newer Debian package.
    configure = True,
)
