"""The fuzz targets' speed (tools/bench --fuzz): each libFuzzer target, in the
ASan + UBSan build campaigns run (//fuzz:<name>_run), fuzzes a scratch copy
of its committed corpus with its dictionary for a fixed time, seeded.

The rate is executions per CPU second of the fuzzer process (wait4's
rusage), so it does not depend on what else the host runs, unlike the
per-wall-second exec/s libFuzzer prints and fuzz/STATUS.md records.

The floor, 5,000 per CPU second for every target, is issue 11's: dt_fuzz ran
at about 840 where the others ran at 5,000 to 160,000.
"""

import os
import re
import shutil
import subprocess
import sys
import time

# budget.part_of(): which files of corpora/ are inputs, as campaigns count them.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fuzz.d"))
import budget  # noqa: E402

FLOOR = 5000


def harnesses(bazel):
    """[(area, name)] of every harness, e.g. ("fwcfg", "table_loader_fuzz")."""
    code, out = bazel.query('attr(name, "_fuzz$", kind(cc_binary, //fuzz/...))')
    found = []
    for label in out.split() if code == 0 else []:
        m = re.fullmatch(r"//fuzz/([\w-]+):(\w+_fuzz)", label)
        if m:
            found.append((m.group(1), m.group(2)))
    return found


def stage_corpus(workspace, name, dest):
    """Copies corpora/<name without _fuzz>/'s inputs into dest, open findings
    (crashes/) left out as campaigns leave them; returns how many."""
    corpora = os.path.join(workspace, "corpora")
    root = os.path.join(corpora, name[:-len("_fuzz")])
    os.makedirs(dest, exist_ok=True)
    count = 0
    for top, dirs, files in os.walk(root):
        dirs.sort()
        for f in sorted(files):
            if budget.part_of(os.path.relpath(os.path.join(top, f), corpora)) in (
                    "seeds", "regressions", "campaign"):
                count += 1
                shutil.copyfile(os.path.join(top, f), os.path.join(dest, "seed-%d" % count))
    return count


def executed_units(log_text):
    """Runs libFuzzer reports at exit (-print_final_stats=1), or None."""
    m = re.search(r"stat::number_of_executed_units:\s*(\d+)", log_text)
    return int(m.group(1)) if m else None


def measure(exe, corpus, dictionary, seconds, log_path):
    """{"runs", "cpu_s", "wall_s", "rate", "error"}: exe fuzzes corpus for
    seconds with -seed=1; the rate is runs per CPU second (user + system)."""
    argv = [exe, "-seed=1", "-max_total_time=%d" % seconds, "-print_final_stats=1",
            "-timeout=25", "-artifact_prefix=" + os.path.dirname(log_path) + "/"]
    if dictionary and os.path.isfile(dictionary):
        argv.append("-dict=" + dictionary)
    argv.append(corpus)
    started = time.monotonic()
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - started
    cpu = usage.ru_utime + usage.ru_stime
    with open(log_path, errors="replace") as log:
        runs = executed_units(log.read())
    error = None
    if proc.returncode != 0:
        error = "exit status %d (a finding? see %s)" % (proc.returncode, log_path)
    elif runs is None or cpu <= 0:
        error = "no final stats in %s" % log_path
    return {"runs": runs, "cpu_s": cpu, "wall_s": wall,
            "rate": runs / cpu if error is None else None, "error": error}


def check(results, floor=FLOOR):
    """(passed, explanation): every target measured, none below floor."""
    if not results:
        return False, "no fuzz target was measured"
    failed = sorted(n for n, r in results.items() if r["error"])
    slow = sorted(n for n, r in results.items() if not r["error"] and r["rate"] < floor)
    if failed:
        return False, "not measured: " + ", ".join(
            "%s (%s)" % (n, results[n]["error"]) for n in failed)
    if slow:
        return False, "below %d exec/s per CPU second: %s" % (floor, ", ".join(
            "%s %.0f" % (n, results[n]["rate"]) for n in slow))
    slowest = min(results, key=lambda n: results[n]["rate"])
    return True, "%d targets at %d exec/s per CPU second or more (slowest: %s, %.0f)" % (
        len(results), floor, slowest, results[slowest]["rate"])


def table(results):
    lines = ["%-20s %10s %8s %8s %12s" % ("target", "runs", "cpu_s", "wall_s",
                                           "exec/cpu_s")]
    for name in sorted(results, key=lambda n: (results[n]["rate"] or 0)):
        r = results[name]
        if r["error"]:
            lines.append("%-20s %s" % (name, r["error"]))
        else:
            lines.append("%-20s %10d %8.2f %8.2f %12.0f" % (
                name, r["runs"], r["cpu_s"], r["wall_s"], r["rate"]))
    return "\n".join(lines)


def run_all(bazel, workspace, out_dir, seconds, only=None):
    """{name: measure()} for every harness (or those named in only)."""
    results = {}
    for area, name in harnesses(bazel):
        if only and name not in only:
            continue
        label = "//fuzz/%s:%s_run" % (area, name)
        work = os.path.join(out_dir, "fuzz", name)
        shutil.rmtree(work, ignore_errors=True)
        corpus = os.path.join(work, "corpus")
        stage_corpus(workspace, name, corpus)
        exe = bazel.output_file(label) if bazel.build(label) else None
        if not exe:
            results[name] = {"runs": None, "cpu_s": None, "wall_s": None, "rate": None,
                             "error": "%s did not build; see %s" % (label, bazel.log)}
            continue
        dictionary = os.path.join(workspace, "fuzz", area, name[:-len("_fuzz")] + ".dict")
        results[name] = measure(exe, corpus, dictionary, seconds,
                                os.path.join(work, "fuzz.log"))
        print("bench: %-20s %s" % (name, results[name]["error"] or
                                   "%.0f exec/s per CPU second" % results[name]["rate"]),
              flush=True)
    if only:
        for name in sorted(set(only) - set(results)):
            results[name] = {"runs": None, "cpu_s": None, "wall_s": None, "rate": None,
                             "error": "no such fuzz target"}
    return results
