"""The Python module score (python/score): what an analyst does with it.
Run by make python-check with the module built into build/python."""
import csv
import decimal
import io
import os
import subprocess
import sys
import tempfile
import unittest

import score

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
EX = os.path.join(ROOT, "examples")
SCORE = os.environ.get("SCORE_BIN", os.path.join(ROOT, "score"))


def rows_of(path):
    with open(path, encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


class TestScore(unittest.TestCase):
    def test_seed_001_as_the_command_scores_it(self):
        policy = score.load(os.path.join(EX, "seed-001", "policy.rule"))
        got = policy.score(rows_of(os.path.join(EX, "seed-001", "data.csv")))
        want = rows_of(os.path.join(EX, "seed-001", "expected.csv"))
        self.assertEqual(len(got), len(want))
        for g, w in zip(got, want):
            self.assertIsNone(g["error"])
            self.assertIsInstance(g["total"], decimal.Decimal)
            self.assertEqual(g["total"], decimal.Decimal(w["total"]))
            self.assertEqual(g["grade"], w["grade"])
        # each indicator: its score, weight, status and own 扣分说明
        r = got[0]
        self.assertEqual(r["indicators"]["过程/资金管理/预算执行率"], decimal.Decimal("4.07"))
        self.assertEqual(r["status"]["过程/资金管理/预算执行率"], "scored")
        self.assertIn("预算执行率 扣0.93分", r["explanations"]["过程/资金管理/预算执行率"])
        self.assertIn("管理制度 扣3分", r["explanation"])

    def test_the_five_seeds_and_their_variants(self):
        """Every seed's rows and variant rows give the published totals,
        grades and indicator scores of the example's expected file."""
        for seed in ["seed-000", "seed-001", "seed-002", "seed-003", "seed-004"]:
            for data, expected in [("data.csv", "expected.csv"), ("variants.csv", "variants.expected.csv")]:
                with self.subTest(seed=seed, data=data):
                    d = os.path.join(EX, seed)
                    policy = score.load(os.path.join(d, "policy.rule"))
                    want = rows_of(os.path.join(d, expected))
                    got = policy.score(rows_of(os.path.join(d, data)))
                    got = [g for g in got if g["error"] is None]
                    self.assertEqual(len(got), len(want))
                    for g, w in zip(got, want):
                        self.assertEqual(g["total"], decimal.Decimal(w["total"]))
                        self.assertEqual(g["grade"], w["grade"])
                        for path, value in g["indicators"].items():
                            column = path if path in w else path.split("/")[-1]
                            if column in w and value is not None:
                                self.assertEqual(value, decimal.Decimal(w[column]), (seed, path))

    def test_rows_as_tuples_and_values(self):
        policy = score.load(os.path.join(EX, "readme", "policy.rule"))
        cols = policy.inputs
        row = rows_of(os.path.join(EX, "readme", "data.csv"))[0]
        by_dict = policy.score_row(row)
        by_tuple = policy.score_row(tuple(row[c] for c in cols))
        self.assertEqual(by_dict["total"], by_tuple["total"])
        # Decimal, int, bool and None are cells too; a float is not exact
        cells = dict(row, 实际支出=decimal.Decimal("1427.91"))
        self.assertIsNone(policy.score_row(cells)["error"])
        with self.assertRaises(TypeError):
            policy.score_row(dict(row, 实际支出=1427.91))
        bad = policy.score_row(dict(row, 满意度="九十"))
        self.assertIsNone(bad["total"])
        self.assertIn("'九十' is not a percent", bad["error"])

    def test_a_policy_with_errors(self):
        with tempfile.NamedTemporaryFile("w", suffix=".rule", delete=False, encoding="utf-8") as f:
            f.write('policy "x" { total 10; }\ninput a: number;\nindicator 甲 10 = b;\n')
        try:
            with self.assertRaises(score.PolicyError) as e:
                score.load(f.name)
            path, status, messages = e.exception.args
            self.assertEqual(status, 2)
            kind, _, line, column, text = messages[0]
            self.assertEqual((kind, line, column), ("error", 3, 18))
            self.assertIn("'b' is not a declared input", text)
        finally:
            os.unlink(f.name)

    def test_check_gives_warnings(self):
        policy = score.load(os.path.join(ROOT, "policies", "printed", "seed-004-longgang-department.rule"))
        kinds = [m[0] for m in policy.check()]
        self.assertIn("warning", kinds)

    def test_rules_over_all_units_score_a_file(self):
        path = os.path.join(ROOT, "tests", "golden", "ranks")
        policy = score.load(os.path.join(path, "policy.rule"))
        self.assertTrue(policy.needs_population)
        self.assertIn("rules over all units", policy.score_row({})["error"])
        got = policy.score_file(os.path.join(path, "data.csv"))
        out = subprocess.run([SCORE, "-f", "json", os.path.join(path, "policy.rule"), os.path.join(path, "data.csv")],
                             capture_output=True, text=True)
        import json
        want = json.loads(out.stdout, parse_float=decimal.Decimal, parse_int=decimal.Decimal)
        self.assertEqual(got, want)

    def test_pandas(self):
        import pandas
        policy = score.load(os.path.join(EX, "readme", "policy.rule"))
        frame = pandas.read_csv(os.path.join(EX, "readme", "data.csv"), dtype=str, keep_default_na=False)
        out = policy.score_frame(frame)
        self.assertEqual(list(out["total"]), [decimal.Decimal("18.89"), decimal.Decimal("16.17"), decimal.Decimal("13")])
        self.assertEqual(list(out["grade"]), ["优", "良", "中"])

    def test_diff_csv_reads_as_one_table_with_its_summary(self):
        # score diff's CSV ends in "# " lines (the summary); pandas skips
        # them with comment="#", and a field holding '#' is quoted, so no id
        # is cut at it
        import pandas
        with tempfile.TemporaryDirectory() as d:
            old = os.path.join(d, "old.rule")
            new = os.path.join(d, "new.rule")
            data = os.path.join(d, "data.csv")
            head = 'policy "t" { total 10; grade 好 >= 6; grade 差 < 6; }\ninput 单位: id;\ninput a: number [0, 10];\n'
            with open(old, "w", encoding="utf-8") as f:
                f.write(head + "indicator 甲 10 = a;\n")
            with open(new, "w", encoding="utf-8") as f:
                f.write(head + "indicator 甲 10 = min(a + 1, 10);\n")
            with open(data, "w", encoding="utf-8") as f:
                f.write("单位,a\n#1 单位,5\n二#,10\n三,2\n")
            out = subprocess.run([SCORE, "diff", old, new, data], capture_output=True, text=True)
            self.assertEqual(out.returncode, 1, out.stderr)
            self.assertEqual(out.stderr, "")
            self.assertIn("# rows compared: 3; changed: 2", out.stdout.splitlines())
            frame = pandas.read_csv(io.StringIO(out.stdout), comment="#", dtype=str)
            self.assertEqual(list(frame["id"]), ["#1 单位", "三"])
            self.assertEqual(list(frame["delta"]), ["+1", "+1"])


if __name__ == "__main__":
    unittest.main()
