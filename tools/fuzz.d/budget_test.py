#!/usr/bin/python3
"""Unit tests of the corpora budget: what counts, the shares, the greedy choice."""

import io
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import budget  # noqa: E402


def tree(root, files):
    for rel, size in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(b"x" * size)


class Parts(unittest.TestCase):
    def test_part_of(self):
        self.assertEqual(budget.part_of("fat/fat16-esp.disk"), "seeds")
        self.assertEqual(budget.part_of("fat/regressions/chain-cycle.disk"), "regressions")
        self.assertEqual(budget.part_of("dt/campaign/0123"), "campaign")
        self.assertEqual(budget.part_of("pe/crashes/f-g-h"), "crashes")
        self.assertEqual(budget.part_of("fat/BUILD.bazel"), "other")
        self.assertEqual(budget.part_of("dt/dt_file.c"), "other")
        self.assertEqual(budget.part_of("BUDGET"), "other")

    def test_check_counts_every_file(self):
        with tempfile.TemporaryDirectory() as root:
            tree(root, {"a/seed": 10, "a/regressions/r": 20, "a/campaign/c": 30,
                        "a/BUILD.bazel": 5})
            # BUDGET counts too: "# comment\n" and a number of 6 digits
            size = 65 + 10 + 7
            for limit, rc in ((size, 0), (size - 1, 1)):
                with open(os.path.join(root, "BUDGET"), "w") as f:
                    f.write("# comment\n%06d\n" % limit)
                with redirect_stdout(io.StringIO()) as out:
                    self.assertEqual(budget.main(["budget.py", "check", root]), rc, out.getvalue())


class Shares(unittest.TestCase):
    def test_everything_fits(self):
        trimmed = []
        left = budget.fit_shares(100, {"a": 10, "b": 20}, lambda n, s: trimmed.append(n) or s)
        self.assertEqual((trimmed, left), ([], 70))

    def test_water_filling_largest_trimmed(self):
        trimmed = []
        # room 90 over 10, 40, 60: a keeps 10, then 40 each for b (fits) and c (trimmed)
        budget.fit_shares(90, {"c": 60, "a": 10, "b": 40},
                          lambda n, s: trimmed.append((n, s)) or s)
        self.assertEqual(trimmed, [("c", 40)])

    def test_unused_share_goes_to_the_next(self):
        trimmed = []

        def trim(name, share):
            trimmed.append((name, share))
            return share // 2 if name == "b" else share
        # room 60: shares 30 and 30, b keeps 15 of its 30, so c may keep 45
        budget.fit_shares(60, {"b": 50, "c": 70}, trim)
        self.assertEqual(trimmed, [("b", 30), ("c", 45)])

    def test_plan_lists_the_trimmed(self):
        with tempfile.TemporaryDirectory() as root:
            tree(root, {"a/campaign/1": 10, "b/campaign/1": 500, "a/seed": 100})
            with open(os.path.join(root, "BUDGET"), "w") as f:
                f.write("400\n")
            with redirect_stdout(io.StringIO()) as out:
                budget.main(["budget.py", "plan", root])
            self.assertEqual(out.getvalue(), "b\n")


class Choose(unittest.TestCase):
    def test_coverage_per_byte(self):
        inputs = [("big", 100, {1, 2, 3, 4}), ("small", 10, {1, 2}), ("other", 20, {5})]
        self.assertEqual(budget.choose(set(), inputs, 1000), ["small", "other", "big"])

    def test_nothing_new_is_dropped(self):
        inputs = [("a", 10, {1, 2, 3}), ("b", 5, {2}), ("c", 5, {7})]
        self.assertEqual(budget.choose({7}, inputs, 1000), ["a"])

    def test_cap_skips_what_no_longer_fits(self):
        inputs = [("a", 60, {1, 2, 3, 4, 5, 6}), ("b", 50, {7, 8, 9}), ("c", 30, {10})]
        self.assertEqual(budget.choose(set(), inputs, 100), ["a", "c"])

    def test_ties_by_size_then_name(self):
        inputs = [("z", 10, {1}), ("y", 10, {2}), ("x", 20, {3, 4})]
        self.assertEqual(budget.choose(set(), inputs, 1000), ["y", "z", "x"])


class Control(unittest.TestCase):
    def test_union_of_feature_lines(self):
        text = "2\n0\n/in/0\n/in/1\nSTARTED 0 10\nFT 0 1 2 3\nCOV 0 1 2\n" \
               "STARTED 1 4\nFT 1 9\nCOV 1 7\n"
        self.assertEqual(budget.parse_control(text), {1, 2, 3, 9})


if __name__ == "__main__":
    unittest.main()
