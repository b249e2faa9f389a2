#!/usr/bin/env bash
# range_regex_test.sh LO HI REGEX...: every integer from LO-1000 to LO+1000
# and from HI-1000 to HI+1000 (all of them for short ranges) must match REGEX
# exactly when it lies in LO..HI, the way boot_test.sh matches --init values.
set -u
failures=0

check() {
	local lo=$1 hi=$2 re=$3 n=$4 want=no got=no

	[ "$n" -ge "$lo" ] && [ "$n" -le "$hi" ] && want=yes
	[[ $n =~ ^($re)$ ]] && got=yes
	if [ $want != $got ]; then
		echo "FAIL: $n in $lo..$hi: expected match=$want, got $got (regex $re)"
		failures=$((failures + 1))
	fi
}

while [ $# -ge 3 ]; do
	lo=$1 hi=$2 re=$3
	shift 3
	from=$((lo > 1000 ? lo - 1000 : 0))
	for ((n = from; n <= lo + 1000; n++)); do check "$lo" "$hi" "$re" "$n"; done
	for ((n = hi - 1000 > lo + 1000 ? hi - 1000 : lo + 1001; n <= hi + 1000; n++)); do
		check "$lo" "$hi" "$re" "$n"
	done
	echo "$lo..$hi: $re"
done
[ $# = 0 ] || { echo "FAIL: arguments come in threes"; exit 2; }
[ $failures = 0 ] || exit 1
echo "all ranges passed"
