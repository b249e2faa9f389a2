"""What a corpus directory holds, as one rule (tools/fuzz's corpus_inputs() reads the same)."""

def corpus_seeds():
    """:files: every file of this corpus directory (the budget counts them all).
    :seeds: every input under this corpus directory (seeds, regressions/,
    campaign/ and crashes/), but not its BUILD file or the test sources and
    helpers kept beside the inputs."""
    # Every file of the directory, for //corpora:budget_test.
    native.filegroup(
        name = "files",
        srcs = native.glob(["**"]),
    )
    native.filegroup(
        name = "seeds",
        srcs = native.glob(
            ["**"],
            exclude = ["BUILD.bazel", "**/*.c", "**/*.h", "**/*.py", "**/*.md", "**/*.sh"],
        ),
    )
