"""The packaged Python module, as a user of the package calls it: it is the
one in the package (not a build tree's), scores the readme example with
Decimal values, and reports a policy's error with its line and column.
Usage: use.py DIST_PACKAGES EXAMPLES"""
import decimal
import os
import sys
import tempfile

import score

dist, examples = sys.argv[1], sys.argv[2]
assert os.path.realpath(score.__file__).startswith(os.path.realpath(dist)), score.__file__
policy = score.load(os.path.join(examples, "readme", "policy.rule"))
rows = policy.score_file(os.path.join(examples, "readme", "data.csv"))
totals = [r["total"] for r in rows]
assert totals == [decimal.Decimal("18.89"), decimal.Decimal("16.17"), decimal.Decimal("13")], totals
assert all(isinstance(t, decimal.Decimal) for t in totals)
with tempfile.NamedTemporaryFile("w", suffix=".rule", encoding="utf-8") as f:
    f.write('policy "t" { total 10; grade 好 >= 0; }\ninput 单位: id;\nindicator 甲 10 = 没有;\n')
    f.flush()
    try:
        score.load(f.name)
        raise SystemExit("a policy with an error loaded")
    except score.PolicyError as e:
        path, status, messages = e.args
        kind, _, line, column, text = messages[0]
        assert (status, kind, line, column) == (2, "error", 3, 18), e.args
print("the packaged module scores the readme example: " + ", ".join(str(t) for t in totals))
