"""Finds the kernel, initrd and efilite image, building them with tools/bazel."""

import os
import subprocess

KERNEL_LABEL = "@debian_kernel//:Image"
INITRD_LABEL = "//qemu-tests:initrd"
EFILITE_LABEL = "//firmware:efilite_bin"
# systemd-boot -> the same kernel and initrd, entry options = boot_paths.KERNEL_ARGS
DISK_LABEL = "//qemu-tests/disk:bench_sdboot.img"
# 64 MiB vars.fd with 500 variables for the efilite_vars path
VARS_LABEL = "//tools/varstore:bench_vars_fd"
# One path per line for the files a target provides.
FILES_EXPR = '"\\n".join([f.path for f in target.files.to_list()])'
# The ELF beside a firmware image (its "elf" output group, firmware/defs.bzl).
ELF_EXPR = '"\\n".join([f.path for f in providers(target)["OutputGroupInfo"].elf.to_list()])'


def workspace_dir():
    """The checkout: bazel run says where it is, else this script's repo."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.environ.get("BUILD_WORKSPACE_DIRECTORY") or os.path.dirname(here)


class Bazel:
    """tools/bazel on its own output base, leaving the bazel-* links alone
    (--symlink_prefix=/) since teammates share the checkout."""

    def __init__(self, workspace, output_base, log):
        self.workspace = workspace
        self.output_base = output_base
        self.log = log  # this run's Bazel commands and their stderr
        open(log, "w").close()
        self._execroot = None

    def _run(self, *args):
        argv = [os.path.join(self.workspace, "tools", "bazel"),
                "--output_base=" + self.output_base] + list(args)
        with open(self.log, "ab") as log:
            log.write(("$ " + " ".join(argv) + "\n").encode())
            log.flush()
            done = subprocess.run(argv, cwd=self.workspace, stdout=subprocess.PIPE,
                                  stderr=log)
        return done.returncode, done.stdout.decode()

    def query(self, expression):
        """(exit code, labels one per line)."""
        return self._run("query", "--noshow_progress", expression)

    def build(self, label):
        code, _ = self._run("build", "--symlink_prefix=/", label)
        return code == 0

    def output_file(self, label, expr=FILES_EXPR):
        """Absolute path of the label's single output (or the one file expr
        names), or None if absent."""
        code, out = self._run("cquery", "--symlink_prefix=/", "--output=starlark",
                              "--starlark:expr=" + expr, label)
        files = out.split()
        if code != 0 or len(files) != 1:
            return None
        # Source files of external repositories live under the output base;
        # the execroot's links to them vanish when the next build's inputs
        # lack that repository.
        external = files[0].startswith("external/")
        root = self.output_base if external else self.execution_root()
        candidate = os.path.join(root, files[0])
        return candidate if root and os.path.isfile(candidate) else None

    def execution_root(self):
        if self._execroot is None:
            code, out = self._run("info", "execution_root")
            self._execroot = out.strip() if code == 0 else ""
        return self._execroot


def locate(bazel, wanted):
    """{label: path or None}. Each label is built on its own: a failed build
    must not hand out the stale output of an earlier one."""
    found = {}
    for label in wanted:
        if bazel.build(label):
            found[label] = bazel.output_file(label)
        else:
            print("bench: %s failed to build; see %s" % (label, bazel.log))
            found[label] = None
    return found
