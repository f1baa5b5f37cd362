"""score: exact scoring of rubrics (预算绩效评价 指标体系) from Python.

    import score
    policy = score.load("policy.rule")
    for r in policy.score([{"单位": "卫健局", "满意度": "93.5%"}]):
        print(r["total"], r["grade"], r["explanation"])

Scores are decimal.Decimal, exact as libscore computes them; a cell is a
str (as a spreadsheet holds it: "93.5%", "是", "1,200"), a Decimal, an int,
a bool or None (empty), never a float, which is not exact. A policy with
rules over all units (rank, mean, …) scores a whole file: score_file.
With pandas installed, score_frame takes and gives DataFrames.
"""
import decimal
import json
import os
import tempfile

from . import _score
from ._score import PolicyError

__all__ = ["load", "Policy", "PolicyError", "version"]


def version():
    """libscore's version, as "0.2.0"."""
    return _score.version()


class Policy:
    """A loaded policy. Not shared between threads: each thread loads its own."""

    def __init__(self, path, warnings=False, text=None):
        self.path = path
        self._p = _score.load(path, warnings, text)
        self._columns = frozenset(self._p.inputs())

    @property
    def inputs(self):
        """The columns it reads."""
        return self._p.inputs()

    @property
    def indicators(self):
        """(path, weight) of each indicator, in tree order."""
        return self._p.indicators()

    @property
    def needs_population(self):
        return self._p.needs_population()

    def check(self):
        """What score check says of it: a list of (kind, file, line, column, text)."""
        return _score.load(self.path, True).messages()

    def score_row(self, row):
        """One row (a dict {column: cell} or cells in the order of inputs):
        a dict of total, grade, indicators, weights, status, explanations,
        total_explanation, explanation; or error (total None) when the row
        cannot be scored. Columns the policy does not read are left aside,
        as the command leaves them."""
        if isinstance(row, dict):
            row = {k: v for k, v in row.items() if k in self._columns}
        return self._p.score_row(row)

    def score(self, rows):
        """Each row scored, in order (see score_row)."""
        return [self.score_row(row) for row in rows]

    def score_file(self, path, explain=False):
        """Every row of a data file (CSV or an Excel workbook), as the score
        command scores it, rules over all units included: a list of dicts,
        numbers as Decimal. Rows that cannot be scored are reported on
        standard error and left out, as the command does."""
        fd, out = tempfile.mkstemp(suffix=".json")
        os.close(fd)
        try:
            status = _score.run(self.path, path, out, explain)
            if status not in (_score.OK, _score.ERR_DATA):
                raise OSError(f"score could not score {path} (status {status})")
            with open(out, encoding="utf-8") as f:
                return json.load(f, parse_float=decimal.Decimal, parse_int=decimal.Decimal)
        finally:
            os.unlink(out)

    def score_frame(self, frame):
        """A pandas DataFrame of cells in, a DataFrame of results out: the
        indicators' scores, total, grade and explanation, Decimal values."""
        import pandas
        rows = []
        for record in frame.to_dict(orient="records"):
            cells = {k: (None if _missing(v) else v) for k, v in record.items() if k in self.inputs}
            r = self.score_row(cells)
            out = dict(r["indicators"]) if r["error"] is None else {}
            out.update(total=r["total"], grade=r["grade"], explanation=r.get("explanation"), error=r["error"])
            rows.append(out)
        return pandas.DataFrame(rows, index=frame.index)


def _missing(v):
    try:
        return v is None or v != v  # NaN, as pandas marks an empty cell
    except Exception:
        return False


def load(path, warnings=False):
    """Loads a policy file; PolicyError(path, status, messages) when it has errors."""
    return Policy(path, warnings)
