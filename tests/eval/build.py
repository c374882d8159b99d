"""Build the eval question sets: tests/eval/sets/<name>.toml -> tests/eval/<name>.jsonl.

Run `python -m tests.eval.build` from the repository root after changing a question or the sample
dataset, and commit the output (`python -m tests.eval.build holdout3` rebuilds one set). Each set is
a data file of questions and the intent each one MEANS, written the way an MSP analyst reads it (not
the way any parser happens to read it); the expected numbers are computed from that intent by
tests/eval/truth.py over `write_sample_dataset(dir, end=2026-10-31)` and the question's as-of date.
A question with `decline = "why"` instead of a metric must be declined (answered: false).

Reading conventions (the same as core/engine/periods.py and core/questions/period_phrases.py,
written down here because they are the meaning of every set):
- As of 2026-11-21: "last month" = October 2026, "last quarter" = Q3 2026, "this quarter" = all of
  Q4 2026, "this year" = all of 2026, "YTD"/"since January" = 2026-01-01..2026-11-21, "last 90 days"
  = 2026-08-24..2026-11-21, "last 6 months" = the six complete months May-October 2026, "since June"
  = 2026-06-01..2026-11-21, a month or quarter without a year ("in March", "Q3") = the latest one
  that has started, "last year" = 2025, "FY2025" = calendar 2025.
- The data covers May 2025 - October 2026. Questions about periods with no data at all (2023,
  2031, "next quarter") are unanswerable ("no data for that period"): answering $0 would be a
  confidently wrong answer. Profit, margin, license cost and utilization are only asked over periods
  inside the data span (or with no period): SPEC counts license months and capacity over the whole
  period, so "profit in 2025" would charge January-April license costs against no revenue data.
- "make us the most money" / "lose us money" are profit (dollars); "profitable by margin",
  "profitability" and "margin" are margin_pct. "Outstanding"/"owe" are only used where every unpaid
  invoice is already overdue, so both readings give the same number.
- A listing question ("who owes us money", "unused seats by client") has no order; a superlative
  ("which client had the worst ...") is order + limit 1; "top/bottom N" is order + limit N;
  "rank ... by" and "who's overbooked" are ordered without a limit.
- Expected rows: the first 5 rows in the order asked (sorted by label when no order is asked, so
  compare those by label); `row_count` is the number of groups.

A set's `round` is the order the sets were written in: each held-out set was written blind after
the parser had been tuned on every earlier one, so only the latest set measures the parser honestly.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sandbox.sample_data import write_sample_dataset  # noqa: E402
from tests.eval import truth  # noqa: E402

HERE = Path(__file__).parent
SETS_DIR = HERE / "sets"
DATASET_END = date(2026, 10, 31)
AS_OF = "2026-11-21"
MAX_ROWS = 5


@dataclass(frozen=True)
class QuestionSet:
    """One sets/<name>.toml: its questions as written, and where its built records go."""

    name: str
    round: int
    id_prefix: str
    tag: str | None
    questions: tuple[dict, ...]

    @property
    def out(self) -> Path:
        return HERE / f"{self.name}.jsonl"

    def records(self) -> list[dict]:
        """The committed records of this set (what `app.py eval` reads)."""
        return [json.loads(line) for line in self.out.read_text(encoding="utf-8").splitlines()]


def load_set(name: str) -> QuestionSet:
    data = tomllib.loads((SETS_DIR / f"{name}.toml").read_text(encoding="utf-8"))
    return QuestionSet(name=name, round=data["round"], id_prefix=data["id_prefix"], tag=data.get("tag"),
                       questions=tuple(data["question"]))


def all_sets() -> list[QuestionSet]:
    """Every set, in the order they were written."""
    return sorted((load_set(p.stem) for p in SETS_DIR.glob("*.toml")), key=lambda s: s.round)


def intent_of(question: dict) -> dict:
    period = question.get("period")
    return {"metric": question["metric"], "group_by": question.get("group_by"),
            "filters": dict(question.get("filters", {})),
            "period": {"start": period[0], "end": period[1]} if period else None,
            "order": question.get("order"), "limit": question.get("limit"),
            "compare": question.get("compare", False)}


def _record(question_set: QuestionSet, n: int, question: dict, dataset: Path) -> dict:
    stratum, *rest = question["tags"].split()
    tags = [stratum, question_set.tag, *rest] if question_set.tag else [stratum, *rest]
    as_of = question.get("as_of", AS_OF)
    base = {"id": f"{question_set.id_prefix}{n:03d}", "question": question["text"], "as_of": as_of}
    if "decline" in question:
        return {**base, "answerable": False, "intent": None, "expected": None, "why": question["decline"],
                "tags": tags}
    intent = intent_of(question)
    result = truth.compute(dataset, intent, date.fromisoformat(as_of))
    _check_unambiguous_rank(question["text"], dataset, intent, date.fromisoformat(as_of))
    expected = {**result, "rows": result["rows"][:MAX_ROWS], "row_count": len(result["rows"])}
    return {**base, "answerable": True, "intent": intent, "expected": expected, "tags": tags}


def _check_unambiguous_rank(text: str, dataset: Path, intent: dict, as_of: date) -> None:
    """A "top N" whose N-th and N+1-th values tie has no single right answer: reword the question."""
    limit = intent["limit"]
    if limit is None:
        return
    full = truth.compute(dataset, {**intent, "limit": None}, as_of)["rows"]
    if len(full) > limit and full[limit - 1]["value"] == full[limit]["value"]:
        raise SystemExit(f"{text!r}: rank {limit} ties with the next group ({full[limit]})")


def build(question_set: QuestionSet, dataset: Path) -> list[dict]:
    """Every question of the set as its JSONL record, expected values computed over `dataset`."""
    return [_record(question_set, n, q, dataset) for n, q in enumerate(question_set.questions, 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="sets to build (default: all of tests/eval/sets)")
    args = parser.parse_args(argv)
    sets = [load_set(n) for n in args.names] if args.names else all_sets()
    with tempfile.TemporaryDirectory() as tmp:
        write_sample_dataset(Path(tmp), end=DATASET_END)
        for question_set in sets:
            records = build(question_set, Path(tmp))
            question_set.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                        encoding="utf-8")
            print(f"wrote {len(records)} questions to {question_set.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
