#!/bin/bash -eu
# ClusterFuzzLite (and OSS-Fuzz) build: fuzz/oss-fuzz/build.sh does the work.
# libfdt comes from the dtc checkout the Dockerfile pinned ($SRC/dtc); only
# without it does fuzz/oss-fuzz/build.sh fall back to Debian's linux-source.
repo=${EFILITE_SRC:-$SRC/efilite}
if [ -z "${LIBFDT_SRC:-}" ] && [ -f "$SRC/dtc/libfdt/libfdt.h" ]; then
	export LIBFDT_SRC=$SRC/dtc/libfdt
fi
exec "$repo/fuzz/oss-fuzz/build.sh"
