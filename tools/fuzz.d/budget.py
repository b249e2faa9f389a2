#!/usr/bin/python3
"""The size budget of corpora/ (corpora/BUDGET) and the trimming that keeps it.

  budget.py check CORPORA
      bytes of files under CORPORA per part (seeds, regressions, campaign,
      crashes, other) against the budget; exits 1 above it (//corpora:budget_test).
  budget.py plan CORPORA
      the campaign/ directories that `fit` may trim, one name a line (tools/fuzz
      builds their libFuzzer binaries).
  budget.py fit CORPORA --work DIR [--exe NAME=PATH]...
      trims campaign/ directories until the files under CORPORA fit the budget.

Only campaign/ inputs are ever dropped: seeds, regressions and crashes are what
the project chose to keep. Campaign directories share what the rest leaves by
water-filling: smallest first, each keeps everything if it fits an even share of
the room left, else it is trimmed to that share, and what a trimmed directory
leaves unused goes to the larger ones after it. Within a trimmed directory the
inputs are chosen greedily by coverage per byte: libFuzzer features
(-use_counters=0, edges, as the campaign's -merge=1) beyond those of the seeds,
regressions and inputs already chosen, divided by the input's size; the inputs
that add nothing, or no longer fit, are dropped and listed. Everything is
ordered by size and name, so the same corpora give the same result.
"""

import os
import shutil
import subprocess
import sys

PARTS = ("seeds", "regressions", "campaign", "crashes", "other")


def read_budget(corpora):
    """The one number of CORPORA/BUDGET (comment lines start with #)."""
    with open(os.path.join(corpora, "BUDGET")) as f:
        lines = [line.strip() for line in f if line.strip() and not line.startswith("#")]
    if len(lines) != 1 or not lines[0].isdigit():
        raise SystemExit("budget.py: %s/BUDGET must hold one number of bytes" % corpora)
    return int(lines[0])


def part_of(rel):
    """Which part of corpora/ the file at relative path REL is."""
    parts = rel.split(os.sep)
    if len(parts) >= 3 and parts[1] in ("regressions", "campaign", "crashes"):
        return parts[1]
    if len(parts) == 2 and parts[1] != "BUILD.bazel" and not parts[1].endswith(
            (".c", ".h", ".py", ".md", ".sh")):
        return "seeds"
    return "other"


def measure(corpora):
    """{part: bytes} and {name: [(size, path)] of its campaign/ inputs} under CORPORA."""
    parts = dict.fromkeys(PARTS, 0)
    campaign = {}
    # Under bazel test, the test's own executable sits among the corpora in runfiles.
    itself = os.environ.get("TEST_BINARY")
    for top, dirs, files in os.walk(corpora):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(top, name)
            if itself and os.path.normpath(path) == os.path.normpath(itself):
                continue
            size = os.stat(path).st_size
            rel = os.path.relpath(path, corpora)
            part = part_of(rel)
            parts[part] += size
            if part == "campaign":
                campaign.setdefault(rel.split(os.sep)[0], []).append((size, path))
    return parts, campaign


def fit_shares(room, sizes, trim):
    """Water-filling of ROOM bytes over the campaign directories {name: bytes},
    smallest first: one that fits an even share of the room left keeps all, one
    above it is trimmed by TRIM(name, share) -> bytes kept, and what it leaves of
    its share goes to the larger ones after it. Returns the room left."""
    order = sorted(sizes.items(), key=lambda item: (item[1], item[0]))
    for i, (name, size) in enumerate(order):
        share = room // (len(order) - i)
        room -= size if size <= share else trim(name, share)
    return room


def choose(baseline, inputs, cap):
    """Greedy budgeted coverage: INPUTS [(name, size, features)] -> names kept, in the
    order chosen. Each step takes the input with the most features beyond BASELINE
    and those chosen per byte (ties: the smaller, then the name) among those that
    still fit CAP bytes; inputs that add nothing are never taken."""
    covered = set(baseline)
    left = sorted(inputs, key=lambda i: (i[1], i[0]))
    kept, room = [], cap
    while True:
        best = None
        for name, size, features in left:
            if size > room:
                continue
            gain = len(features - covered)
            if gain == 0:
                continue
            # gain / size > best_gain / best_size, without division
            if best is None or gain * best[1] > best[2] * size:
                best = (name, size, gain, features)
        if best is None:
            return kept
        name, size, _, features = best
        kept.append(name)
        covered |= features
        room -= size
        left = [i for i in left if i[0] != name]


def parse_control(text):
    """Union of the FT (feature) lines of a libFuzzer -merge=1 control file. Each
    line holds only the features new in its process, so a union is all it gives."""
    features = set()
    for line in text.splitlines():
        fields = line.split()
        if fields and fields[0] == "FT":
            features.update(int(f) for f in fields[2:])
    return features


def features(exe, paths, work):
    """Features that the libFuzzer binary EXE sees on the files PATHS together."""
    shutil.rmtree(work, ignore_errors=True)
    inputs, out = os.path.join(work, "in"), os.path.join(work, "out")
    os.makedirs(inputs)
    os.makedirs(out)
    for i, path in enumerate(paths):
        shutil.copyfile(path, os.path.join(inputs, "%d" % i))
    control = os.path.join(work, "control")
    with open(os.path.join(work, "log"), "w") as log:
        subprocess.run([exe, "-merge=1", "-use_counters=0", "-timeout=25", "-rss_limit_mb=2048",
                        "-merge_control_file=" + control, out, inputs],
                       stdout=log, stderr=log, check=True)
    with open(control) as f:
        return parse_control(f.read())


def kept_inputs(corpora, name):
    """Inputs of CORPORA/NAME but campaign/ and crashes/: what the campaign adds to
    (as tools/fuzz's merge_corpus)."""
    out = []
    for top, dirs, files in os.walk(os.path.join(corpora, name)):
        if top == os.path.join(corpora, name):
            dirs[:] = [d for d in dirs if d not in ("campaign", "crashes")]
        dirs.sort()
        for f in sorted(files):
            path = os.path.join(top, f)
            if part_of(os.path.relpath(path, corpora)) != "other":
                out.append(path)
    return out


def trim(corpora, name, share, exe, work, say):
    """Keeps the campaign/ inputs of NAME chosen by choose() within SHARE bytes,
    deletes the others and says which; returns the bytes kept."""
    say("%s: campaign/ above its share of %d bytes: measuring each input's features" %
        (name, share))
    baseline = features(exe, kept_inputs(corpora, name), os.path.join(work, name))
    campaign = os.path.join(corpora, name, "campaign")
    inputs = []
    for f in sorted(os.listdir(campaign)):
        path = os.path.join(campaign, f)
        inputs.append((f, os.stat(path).st_size,
                       features(exe, [path], os.path.join(work, name)) - baseline))
    kept = set(choose(baseline, inputs, share))
    covered = set().union(*(i[2] for i in inputs))
    still = set().union(*(i[2] for i in inputs if i[0] in kept))
    for f, size, feats in sorted(inputs, key=lambda i: (-i[1], i[0])):
        if f not in kept:
            say("  dropped %s/%s: %d bytes, %d features beyond the seeds and regressions, "
                "%d of them in no input kept" % (campaign, f, size, len(feats), len(feats - still)))
            os.remove(os.path.join(campaign, f))
    if not kept:
        os.rmdir(campaign)
    kept_bytes = sum(i[1] for i in inputs if i[0] in kept)
    say("%s: campaign/ %d -> %d bytes, %d -> %d inputs; features beyond the seeds and "
        "regressions %d -> %d" % (name, sum(i[1] for i in inputs), kept_bytes, len(inputs),
                                  len(kept), len(covered), len(still)))
    return kept_bytes


def report(corpora, budget, parts, say):
    total = sum(parts.values())
    say("corpora: %d bytes of files (%s), budget %d" % (
        total, ", ".join("%s %d" % (p, parts[p]) for p in PARTS), budget))
    return total


def main(argv):
    if len(argv) < 3 or argv[1] not in ("check", "plan", "fit"):
        sys.stderr.write(__doc__)
        return 2
    mode, corpora = argv[1], argv[2]
    budget = read_budget(corpora)
    parts, campaign = measure(corpora)
    room = budget - (sum(parts.values()) - parts["campaign"])
    sizes = {name: sum(s for s, _ in files) for name, files in campaign.items()}
    if mode == "check":
        total = report(corpora, budget, parts, print)
        if total > budget:
            print("budget.py: corpora/ is %d bytes above its budget: run tools/fuzz --fit-budget"
                  % (total - budget))
            return 1
        return 0
    if mode == "plan":
        # A trimmed directory keeps at most its share, so the ones after it get at
        # least the shares planned here: the directories fit will trim are among these.
        if sum(parts.values()) > budget:
            fit_shares(max(room, 0), sizes, lambda name, share: print(name) or share)
        return 0
    args = argv[3:]
    work, exes = None, {}
    while args:
        if args[0] == "--work" and len(args) > 1:
            work = args[1]
        elif args[0] == "--exe" and len(args) > 1 and "=" in args[1]:
            name, path = args[1].split("=", 1)
            exes[name] = path
        else:
            sys.stderr.write("budget.py: unknown argument %s\n" % args[0])
            return 2
        args = args[2:]
    if work is None:
        sys.stderr.write("budget.py: fit needs --work DIR\n")
        return 2

    def say(line):
        print(line, flush=True)
    report(corpora, budget, parts, say)
    if sum(parts.values()) <= budget:
        say("corpora: within budget, nothing dropped")
        return 0
    if room < 0:
        say("budget.py: seeds, regressions and crashes alone are %d bytes above the budget; "
            "shrink them or raise corpora/BUDGET" % -room)
        return 1

    def trim_one(name, share):
        if name not in exes:
            raise SystemExit("budget.py: no --exe for %s" % name)
        return trim(corpora, name, share, exes[name], work, say)
    fit_shares(room, sizes, trim_one)
    parts, _ = measure(corpora)
    return 0 if report(corpora, budget, parts, say) <= budget else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
