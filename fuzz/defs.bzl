"""Fuzz targets and the corpus inputs pinned to a status.

cc_fuzz_target: one libFuzzer-API harness, built for every engine. For a harness `name`:
  name              cc_binary; engine from //fuzz:engine (replay main, libFuzzer or AFL++)
  name_run          the libFuzzer + ASan + UBSan build, no flags needed:
                    bazel run //fuzz:name_run -- -dict=... corpus_dir
  name_replay_test  replays every file of `corpus` (seeds and regressions) through name_run

fuzz_regression_test: one corpus input must end with exactly one status.

parser_fuzz: a parser's cc_fuzz_target plus its named regressions and the real
tools' inputs it must accept, as fuzz_regression_tests: the one way to pin them.
"""

load("@rules_cc//cc:defs.bzl", "cc_binary", "cc_test")

# -O1 as OSS-Fuzz builds: fastbuild's -O0 made every libfdt call and every
# sanitizer-coverage hook a real call (dt_fuzz ran 4x slower).
_SANITIZE_COPTS = [
    "-O1",
    "-fsanitize=fuzzer-no-link,address,undefined",
    "-fno-sanitize-recover=all",
    "-fno-omit-frame-pointer",
    "-g",
]
_SANITIZE_LINKOPTS = ["-fsanitize=address,undefined", "-fuse-ld=lld"]

def _libfuzzer_transition_impl(settings, attr):
    return {
        "//command_line_option:copt": settings["//command_line_option:copt"] + _SANITIZE_COPTS,
        "//command_line_option:linkopt": settings["//command_line_option:linkopt"] + _SANITIZE_LINKOPTS,
        "//fuzz:engine": "libfuzzer",
    }

_libfuzzer_transition = transition(
    implementation = _libfuzzer_transition_impl,
    inputs = ["//command_line_option:copt", "//command_line_option:linkopt"],
    outputs = ["//command_line_option:copt", "//command_line_option:linkopt", "//fuzz:engine"],
)

def _libfuzzer_binary_impl(ctx):
    target = ctx.attr.binary[0]
    exe = target[DefaultInfo].files_to_run.executable
    out = ctx.actions.declare_file(ctx.label.name)
    ctx.actions.symlink(output = out, target_file = exe, is_executable = True)
    runfiles = ctx.runfiles(files = [out]).merge(target[DefaultInfo].default_runfiles)
    return [DefaultInfo(executable = out, runfiles = runfiles)]

libfuzzer_binary = rule(
    implementation = _libfuzzer_binary_impl,
    executable = True,
    attrs = {
        "binary": attr.label(mandatory = True, executable = True, cfg = _libfuzzer_transition),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
)

def _string_flag_impl(ctx):
    return []

# A string build setting without bazel-skylib (not available offline).
string_flag = rule(
    implementation = _string_flag_impl,
    build_setting = config.string(flag = True),
)

def cc_fuzz_target(name, srcs, deps = [], corpus = [], dict = None, **kwargs):
    cc_binary(
        name = name,
        srcs = srcs,
        deps = deps + ["//fuzz:oracle"] + select({
            "//fuzz:engine_libfuzzer": [],
            "//fuzz:engine_afl": [],
            "//conditions:default": ["//fuzz:replay_main"],
        }),
        # afl-cc does not read Bazel's @params link files, so link the driver directly.
        linkopts = select({
            "//fuzz:engine_libfuzzer": ["-fsanitize=fuzzer"],
            "//fuzz:engine_afl": ["/usr/lib/afl/libAFLDriver.a"],
            "//conditions:default": [],
        }),
        target_compatible_with = ["@platforms//os:linux"],
        **kwargs
    )
    not_afl = select({
        "//fuzz:engine_afl": ["@platforms//:incompatible"],
        "//conditions:default": [],
    })
    libfuzzer_binary(
        name = name + "_run",
        binary = ":" + name,
        target_compatible_with = not_afl,
        # //fuzz:<name>_run aliases point here
        visibility = ["//fuzz:__pkg__"],
    )
    if corpus:
        native.sh_test(
            name = name + "_replay_test",
            srcs = ["//fuzz:replay_test.sh"],
            args = ["$(rootpath :%s_run)" % name] + ["$(rootpaths %s)" % c for c in corpus],
            data = [":" + name + "_run"] + corpus,
            target_compatible_with = not_afl,
        )
    if dict:
        native.exports_files([dict])

def fuzz_regression_test(name, harness, deps, input, header, expected):
    """One corpus input must end with exactly one status.

    Args:
      name: test name.
      harness: the *_fuzz.c that defines fuzz_status() and fuzz_strerror().
      deps: what the harness links.
      input: label of the input file.
      header: the parser header that names `expected`.
      expected: a status enum constant, e.g. GPT_ERR_HEADER_CRC or GPT_OK.
    """
    cc_test(
        name = name,
        srcs = ["//fuzz:regression_main.c", harness],
        deps = deps + ["//fuzz:oracle"],
        args = ["$(rootpath %s)" % input],
        data = [input],
        copts = ["-include", header],
        local_defines = ["EXPECTED_STATUS=" + expected],
    )

def _input_test_name(file):
    return file.split(".")[0].replace("-", "_")

def parser_fuzz(
        name,
        deps,
        header = None,
        ok = None,
        regressions = {},
        accepted = [],
        accepted_kind = "seed"):
    """A parser's fuzz target and the corpus inputs pinned to one status each.

    The one way to pin a parser's regressions. For a parser `name` (corpus in
    //corpora/name, harness name_fuzz.c, dictionary name.dict if there is one)
    this defines:
      name_fuzz, name_fuzz_run, name_fuzz_replay_test   cc_fuzz_target over //corpora/name:seeds
      name_<file>_test                  //corpora/name:regressions/<file> ends with its status
      name_<accepted_kind>_<file>_test  //corpora/name:<file> (a real tool's output) gives `ok`

    Args:
      name: the parser's short name.
      header: the parser header naming the statuses.
      deps: what the harness links (the parser, test disks).
      ok: the parser's success status, for `accepted`.
      regressions: file under //corpora/name:regressions -> the status it must end with.
      accepted: files of //corpora/name the parser must accept.
      accepted_kind: the word in the accepted inputs' test names ("seed", "capture").
    """
    harness = name + "_fuzz.c"
    cc_fuzz_target(
        name = name + "_fuzz",
        srcs = [harness],
        corpus = ["//corpora/%s:seeds" % name],
        dict = (native.glob([name + ".dict"]) or [None])[0],
        deps = deps,
    )
    for file, expected in regressions.items():
        fuzz_regression_test(
            name = "%s_%s_test" % (name, _input_test_name(file)),
            expected = expected,
            harness = harness,
            header = header,
            input = "//corpora/%s:regressions/%s" % (name, file),
            deps = deps,
        )
    for file in accepted:
        fuzz_regression_test(
            name = "%s_%s_%s_test" % (name, accepted_kind, _input_test_name(file)),
            expected = ok,
            harness = harness,
            header = header,
            input = "//corpora/%s:%s" % (name, file),
            deps = deps,
        )
