#!/bin/sh
# Regenerates the variable store seeds with our own tool (small windows, so
# fuzzing stays fast): tools/bazel run //tools/varstore:mkvarstore once, then
#   corpora/varstore/make_seeds.sh bazel-bin/tools/varstore/mkvarstore
set -eu
mk=$1
dir=$(dirname "$0")
small="--window 2K --block 256"
"$mk" $small "$dir/empty.bin"
"$mk" $small --vars 3 "$dir/three-vars.bin"
"$mk" $small --vars 4 --value-size 40 --rewrites 6 "$dir/compacted.bin"
"$mk" $small --vars 5 --value-size 9 --delete-every 2 "$dir/deletions.bin"
"$mk" --window 4K --block 1K --vars 8 --value-size 100 --rewrites 3 "$dir/two-generations.bin"
"$mk" $small --vars 3 --cut-after 20 "$dir/cut-in-body.bin"
"$mk" $small --vars 2 --rewrites 3 --value-size 30 --cut-after 3 "$dir/cut-in-header.bin"
mkdir -p "$dir/regressions"
# named broken rules (offsets: first area header at 0, first record at 64)
"$mk" $small --vars 2 --poke 64=0x41 "$dir/regressions/record-magic.bin"
"$mk" $small --vars 2 --poke 100=0x41 "$dir/regressions/record-header-checksum.bin"
"$mk" $small --vars 2 --poke 68=0x00 "$dir/regressions/record-commit-torn.bin"
"$mk" $small --vars 2 --poke 140=0xaa "$dir/regressions/record-body-checksum.bin"
"$mk" $small --vars 2 --poke 2=0x00 "$dir/regressions/area-magic.bin"
"$mk" $small --vars 2 --poke 24=0x07 "$dir/regressions/area-checksum.bin"
"$mk" $small --vars 2 --poke 1000=0x00 "$dir/regressions/garbage-after-log.bin"
# the same with the header sums made right again: the poke breaks its own rule
# (two records of 88 bytes: "Var0000" and 16 bytes of data; the second at 152)
"$mk" $small --vars 2 --resum --poke 8=2 "$dir/regressions/area-version.bin"
"$mk" $small --vars 2 --resum --poke 17=0x10 "$dir/regressions/area-size.bin"
"$mk" $small --vars 2 --resum --poke 40=0 "$dir/regressions/area-reserved.bin"
"$mk" $small --vars 2 --resum --poke 116=0 "$dir/regressions/record-reserved.bin"
"$mk" $small --vars 2 --resum --poke 100=3 "$dir/regressions/record-name-size-odd.bin"
"$mk" $small --vars 2 --resum --poke 96=6 "$dir/regressions/record-attributes.bin"
"$mk" $small --vars 2 --resum --poke 106=0x10 "$dir/regressions/record-size.bin"
"$mk" $small --vars 2 --resum --poke 96=0 "$dir/regressions/record-tombstone-data.bin"
"$mk" $small --vars 2 --resum --poke 160=0 "$dir/regressions/record-sequence.bin"
"$mk" $small --vars 2 --resum --poke 134=0x41 "$dir/regressions/record-name-unterminated.bin"
"$mk" $small --unformatted 0xff "$dir/blank.bin"
"$mk" $small --unformatted 0 "$dir/zero.bin"
