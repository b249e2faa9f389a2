#!/bin/sh
# bazel run //tools:bench -- ARGS: runs the checkout's tools/bench, which
# builds its inputs with tools/bazel itself. (The target cannot list
# tools/bench as a source: a file may not share its package's rule name.)
set -eu
if [ -z "${BUILD_WORKSPACE_DIRECTORY:-}" ]; then
	echo "bazel_run.sh: run this through 'bazel run //tools:bench'" >&2
	exit 2
fi
exec "$BUILD_WORKSPACE_DIRECTORY/tools/bench" "$@"
