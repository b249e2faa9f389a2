#!/usr/bin/env bash
# ill_formed_cmdline_test.sh BOOT_TEST [boot_test.sh args...]
# Boots with an -append that is not UTF-8 (bytes a Bazel argument cannot
# carry, hence this wrapper) and checks that the kernel's command line is
# the same text with each ill-formed part replaced by U+FFFD, as efilite's
# UTF-8 -> UTF-16 conversion promises (parsers/cmdline/cmdline.c) and the
# EFI stub's UTF-16 -> UTF-8 conversion keeps.
set -u
boot_test=$1
shift
fffd=$'\xef\xbf\xbd'
# name=bytes -> what each must become:
#   lone      FF (never in UTF-8)            -> 1 x U+FFFD
#   overlong  C0 AF (overlong "/")           -> 2 x U+FFFD (C0 and the lone AF)
#   cut       E2 82 then a space (cut "€")   -> 1 x U+FFFD for the prefix
#   surrogate ED A0 80 (U+D800 in UTF-8)     -> 3 x U+FFFD (ED, A0, 80)
#   euro      E2 82 AC (well-formed)         -> kept
append="console=ttyAMA0 panic=-1 lone="$'\xff'" overlong="$'\xc0\xaf'" cut="$'\xe2\x82'
append+=" surrogate="$'\xed\xa0\x80'" euro="$'\xe2\x82\xac'
expected="console=ttyAMA0 panic=-1 lone=$fffd overlong=$fffd$fffd cut=$fffd"
expected+=" surrogate=$fffd$fffd$fffd euro="$'\xe2\x82\xac'
exec "$boot_test" "$@" --append "$append" --init "cmdline=$expected"
