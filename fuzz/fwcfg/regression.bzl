"""fuzz_regression_test: a named corpus input must fail with one exact status."""

load("@rules_cc//cc:defs.bzl", "cc_test")

def fuzz_regression_test(name, harness, deps, input, header, expected):
    """harness: the *_fuzz.c defining fuzz_status(); header: the parser header
    naming `expected`, a status enum constant."""
    cc_test(
        name = name,
        srcs = ["//fuzz/fwcfg:regression_main.c", harness],
        deps = deps,
        args = ["$(rootpath %s)" % input],
        data = [input],
        copts = ["-include", header],
        local_defines = ["EXPECTED_STATUS=" + expected],
    )
