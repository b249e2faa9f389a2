#!/usr/bin/env bash
# Generates corpora/{gpt,mbr,eltorito,fat,virtio}: seeds for the disk fuzzers made by
# sgdisk, sfdisk, mkfs.fat and mtools, stored as sparse disks, and the named
# regressions (one rule broken each). See tools/corpus/disk_corpus.py.
# Usage: tools/corpus/disk-seeds.sh   (needs gdisk, fdisk, dosfstools, mtools, xorriso)
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 tools/corpus/disk_corpus.py corpora
