"""The eval sets' ground truth: hand arithmetic on a tiny dataset, and the built sets kept honest.

truth.py is a second, independent implementation of SPEC section 3; these tests pin it to numbers
worked out by hand (the arithmetic is in the comments), so the eval set grades the product against
the SPEC rather than against another program's opinion.
"""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from sandbox.sample_data import write_sample_dataset
from tests.eval import build, truth

AS_OF = date(2025, 10, 15)
Q3_2025 = {"start": "2025-07-01", "end": "2025-09-30"}

TINY = {
    "clients.csv": """client_name,status
Alpha Co,active
Beta LLC,active
Gamma Inc,prospect
""",
    "staff.csv": """staff_name,hourly_cost,capacity
Ann,50.00,40
Bob,40.00,20
Cid,45.00,
""",
    "time_entries.csv": """entry_id,client_name,technician,work_date,hours,rate,billable
1,Alpha Co,Ann,2025-07-01,4,60.00,yes
2,Alpha Co,Bob,2025-07-02,2,,yes
3,Beta LLC,Ann,2025-08-05,3,60.00,no
4,Beta LLC,Bob,2025-09-30,5,45.00,yes
5,Gamma Inc,Ann,2025-09-10,1,60.00,no
""",
    "invoices.csv": """invoice_no,client_name,invoice_date,due_date,total_amount,status
I1,Alpha Co,2025-07-01,2025-07-31,1000.00,paid
I2,Alpha Co,2025-08-01,2025-08-31,1000.00,unpaid
I3,Beta LLC,2025-08-01,2025-10-31,500.00,pending
I4,Beta LLC,2025-09-01,2025-10-01,"1,200.50",overdue
I5,Alpha Co,2025-09-01,,999.00,void
I6,Beta LLC,2025-09-15,,50.00,draft
""",
    "licenses.csv": """client,product,vendor,seats,seats_assigned,cost_per_seat,total_cost,start_date,end_date,is_active
Alpha Co,M365,Microsoft,10,6,20.00,,2025-01-01,,true
Beta LLC,RMM,Datto,8,8,,1200.00,2025-01-01,2025-12-31,true
Beta LLC,Zoom,Zoom,5,1,15.00,,2025-08-15,,false
Alpha Co,Dropbox,Dropbox,4,2,10.00,,2024-01-01,2025-06-30,true
Alpha Co,Acrobat,Adobe,4,1,,360.00,2025-08-10,2025-10-09,true
""",
    "expenses.csv": """date,category,vendor,amount,client_name
2025-07-03,software,ConnectWise,100.00,
2025-07-20,travel,Uber,(20.00),
2025-08-11,software,ConnectWise,150.00,Alpha Co
2025-09-02,hardware,Dell,400.00,Beta LLC
""",
    "budgets.csv": """month,category,budget_amount
2025-07,software,200.00
2025-08,software,200.00
2025-09,hardware,300.00
2025-10,software,999.00
""",
}


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    for name, text in TINY.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def ask(directory: Path, metric: str, as_of: date = AS_OF, **kw: object) -> dict:
    intent = {"metric": metric, "group_by": kw.get("group_by"), "filters": kw.get("filters", {}),
              "period": kw.get("period"), "order": kw.get("order"), "limit": kw.get("limit"),
              "compare": kw.get("compare", False)}
    return truth.compute(directory, intent, as_of)


def rows(result: dict) -> list[tuple[str, object]]:
    return [(r["label"], r["value"]) for r in result["rows"]]


def test_revenue_skips_void_and_draft_and_reads_formatted_money(tiny: Path) -> None:
    # 1000 + 1000 + 500 + 1,200.50 (void 999 and draft 50 left out)
    assert ask(tiny, "revenue")["value"] == 3700.50
    assert rows(ask(tiny, "revenue", group_by="month")) == [("2025-07", 1000.0), ("2025-08", 1500.0),
                                                          ("2025-09", 1200.5)]
    assert rows(ask(tiny, "revenue", group_by="quarter")) == [("2025-Q3", 3700.5)]
    assert ask(tiny, "invoice_count")["value"] == 4


def test_labor_cost_falls_back_to_staff_hourly_cost(tiny: Path) -> None:
    # 4×60 + 2×40 (no rate: Bob's hourly_cost) + 3×60 + 5×45 + 1×60 = 240 + 80 + 180 + 225 + 60 = 785
    assert ask(tiny, "labor_cost")["value"] == 785.0
    assert ask(tiny, "labor_cost", filters={"staff": "Bob"})["value"] == 305.0  # 80 + 225


def test_license_cost_counts_active_months_and_total_cost_terms(tiny: Path) -> None:
    # All data = Jul-Sep 2025 (3 months of entries and invoices).
    # M365 10×20 = 200/month × 3 = 600; RMM 1200 ÷ 12 term months = 100 × 3 = 300;
    # Acrobat 360 ÷ 3 term months (Aug, Sep, Oct) = 120 × 2 months in Jul-Sep = 240.
    # Zoom is inactive, Dropbox expired in June: 600 + 300 + 240 = 1140.
    assert ask(tiny, "license_cost")["value"] == 1140.0
    # July alone: M365 200 + RMM 100 (Acrobat starts Aug 10).
    assert ask(tiny, "license_cost", period={"start": "2025-07-01", "end": "2025-07-31"})["value"] == 300.0
    assert rows(ask(tiny, "license_cost", group_by="month")) == [("2025-07", 300.0), ("2025-08", 420.0),
                                                               ("2025-09", 420.0)]


def test_profit_and_margin_with_undefined_margin_ranked_last(tiny: Path) -> None:
    # 3700.50 - 785 - 1140 = 1775.50; 1775.50 / 3700.50 = 47.98 %
    assert ask(tiny, "profit")["value"] == 1775.5
    assert ask(tiny, "margin_pct")["value"] == 47.98
    # Alpha: 2000 - 320 - (600 + 240) = 840 -> 42.0 %; Beta: 1700.50 - 405 - 300 = 995.50 -> 58.54 %;
    # Gamma: no revenue, 60 of labour -> profit -60, margin undefined.
    assert rows(ask(tiny, "margin_pct", group_by="client", order="asc")) == [
        ("Alpha Co", 42.0), ("Beta LLC", 58.54), ("Gamma Inc", None)]
    assert rows(ask(tiny, "margin_pct", group_by="client", order="desc")) == [
        ("Beta LLC", 58.54), ("Alpha Co", 42.0), ("Gamma Inc", None)]
    worst = ask(tiny, "margin_pct", group_by="client", order="asc", limit=1)
    assert worst["value"] == 42.0 and rows(worst) == [("Alpha Co", 42.0)]
    assert ask(tiny, "margin_pct", filters={"client": "Gamma Inc"})["value"] is None
    assert ask(tiny, "profit", filters={"client": "gamma inc"})["value"] == -60.0


def test_hours_ratio_and_utilization_count_idle_staff(tiny: Path) -> None:
    assert ask(tiny, "billable_hours")["value"] == 11.0  # 4 + 2 + 5
    assert ask(tiny, "total_hours")["value"] == 15.0
    assert ask(tiny, "billable_ratio_pct")["value"] == 73.33  # 11 / 15
    # No period: Jul 1 - Sep 30 2025 = 23 + 21 + 22 = 66 weekdays.
    # Capacity: Ann 40×66/5 = 528, Bob 20×66/5 = 264, Cid (default 40) 528 -> 1320; 11 / 1320 = 0.83 %
    assert ask(tiny, "utilization_pct")["value"] == 0.83
    assert rows(ask(tiny, "utilization_pct", group_by="staff", order="desc")) == [
        ("Bob", 2.65), ("Ann", 0.76), ("Cid", 0.0)]  # 7 / 264, 4 / 528
    # July alone: 23 weekdays -> Bob 20×23/5 = 92; 2 / 92 = 2.17 %
    assert ask(tiny, "utilization_pct", filters={"staff": "Bob"},
               period={"start": "2025-07-01", "end": "2025-07-31"})["value"] == 2.17


def test_license_seats_and_waste(tiny: Path) -> None:
    # Active over Jul-Sep: M365 (10/6), RMM (8/8), Acrobat (4/1).
    assert ask(tiny, "unused_seats")["value"] == 7  # 4 + 0 + 3
    assert ask(tiny, "license_utilization_pct")["value"] == 68.18  # 15 / 22
    # M365 4 × 20 = 80; Acrobat per seat = (360 ÷ 3) ÷ 4 = 30, × 3 unused = 90
    assert ask(tiny, "license_waste")["value"] == 170.0
    assert rows(ask(tiny, "license_waste", group_by="vendor", order="desc", limit=1)) == [("Adobe", 90.0)]


def test_spend_budget_and_variance_use_months_touched(tiny: Path) -> None:
    assert ask(tiny, "spend", period=Q3_2025)["value"] == 630.0  # 100 - 20 + 150 + 400
    assert ask(tiny, "budget", period=Q3_2025)["value"] == 700.0  # Oct's 999 is outside
    assert ask(tiny, "budget_variance", period=Q3_2025)["value"] == -70.0
    assert ask(tiny, "budget_variance_pct", period=Q3_2025)["value"] == -10.0
    # Aug 15 - Sep 14 touches August and September: budget 200 + 300; spend only Sep 2's 400.
    mid = {"start": "2025-08-15", "end": "2025-09-14"}
    assert ask(tiny, "budget_variance", period=mid)["value"] == -100.0
    assert ask(tiny, "budget_variance_pct", period=mid)["value"] == -20.0
    assert rows(ask(tiny, "spend", group_by="category")) == [("hardware", 400.0), ("software", 250.0),
                                                             ("travel", -20.0)]
    # An expense with no client is in the total but in no client group.
    assert rows(ask(tiny, "spend", group_by="client")) == [("Alpha Co", 150.0), ("Beta LLC", 400.0)]


def test_overdue_depends_on_as_of(tiny: Path) -> None:
    # Oct 15: I2 unpaid past due (1000) + I4 overdue (1200.50); I3 pending is due Oct 31.
    assert ask(tiny, "overdue_amount")["value"] == 2200.5
    assert ask(tiny, "overdue_amount", as_of=date(2025, 11, 5))["value"] == 2700.5
    assert rows(ask(tiny, "overdue_amount", group_by="client", order="desc", limit=1)) == [("Beta LLC", 1200.5)]


def test_effective_rate_and_client_count(tiny: Path) -> None:
    assert ask(tiny, "effective_rate")["value"] == 336.41  # 3700.50 / 11
    assert ask(tiny, "client_count")["value"] == 2
    assert ask(tiny, "client_count", filters={"status": "prospect"})["value"] == 1


def test_compare_with_previous_month(tiny: Path) -> None:
    result = ask(tiny, "revenue", period={"start": "2025-09-01", "end": "2025-09-30"}, compare=True)
    # 1200.50 vs August's 1500: -299.50, -299.50 / 1500 = -19.97 %
    assert (result["value"], result["previous_value"], result["change"], result["change_pct"]) == \
        (1200.5, 1500.0, -299.5, -19.97)
    assert result["previous_period"] == {"start": "2025-08-01", "end": "2025-08-31"}


@pytest.mark.parametrize(("start", "end", "prev_start", "prev_end"), [
    ("2025-03-01", "2025-03-31", "2025-02-01", "2025-02-28"),  # month
    ("2025-01-01", "2025-03-31", "2024-10-01", "2024-12-31"),  # quarter
    ("2025-01-01", "2025-12-31", "2024-01-01", "2024-12-31"),  # year
    ("2025-01-01", "2025-03-15", "2024-01-01", "2024-03-15"),  # YTD
    ("2025-10-01", "2025-11-21", "2025-07-01", "2025-08-21"),  # QTD
    ("2025-11-01", "2025-11-21", "2025-10-01", "2025-10-21"),  # MTD
    ("2025-05-01", "2025-10-31", "2024-11-01", "2025-04-30"),  # six whole months
    ("2025-08-24", "2025-11-21", "2025-05-26", "2025-08-23"),  # 90 days
])
def test_previous_period_shapes(start: str, end: str, prev_start: str, prev_end: str) -> None:
    prev = truth.previous_period((date.fromisoformat(start), date.fromisoformat(end)))
    assert prev == (date.fromisoformat(prev_start), date.fromisoformat(prev_end))


@pytest.mark.parametrize(("intent", "message"), [
    ({"metric": "nps"}, "unknown metric"),
    ({"metric": "utilization_pct", "group_by": "client"}, "cannot be grouped by client"),
    ({"metric": "license_waste", "filters": {"staff": "Ann"}}, "cannot be filtered by staff"),
    ({"metric": "revenue", "compare": True}, "compare needs a period"),
])
def test_meaningless_intents_are_refused(tiny: Path, intent: dict, message: str) -> None:
    with pytest.raises(truth.TruthError, match=message):
        truth.compute(tiny, intent, AS_OF)


# ----------------------------------------------------------------------------- the question sets

SETS = build.all_sets()
STRATA = ("plain", "varied", "hard", "edge", "unanswerable")


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("sample")
    write_sample_dataset(directory, end=build.DATASET_END)
    return directory


def test_the_sets_are_the_tuning_set_then_eight_held_out_sets() -> None:
    assert [s.name for s in SETS] == ["questions", "holdout", *(f"holdout{n}" for n in range(2, 9))]
    assert [s.round for s in SETS] == list(range(9))
    assert len({s.id_prefix for s in SETS}) == len(SETS)


def test_the_tuning_set_covers_every_metric_grouping_filter_and_feature() -> None:
    records = SETS[0].records()
    assert len(records) >= 220 and sum(not r["answerable"] for r in records) >= 20
    answerable = [r for r in records if r["answerable"]]
    assert {r["intent"]["group_by"] for r in answerable} >= {None, "client", "staff", "vendor", "product",
                                                            "category", "month", "quarter"}
    assert {k for r in answerable for k in r["intent"]["filters"]} >= {"client", "staff", "vendor", "product",
                                                                      "category", "status"}
    assert any(r["intent"]["compare"] for r in answerable)
    assert any(r["as_of"] != build.AS_OF for r in answerable)


@pytest.mark.parametrize("question_set", SETS[1:], ids=lambda s: s.name)
def test_a_held_out_set_is_a_hundred_new_questions(question_set: build.QuestionSet) -> None:
    """Each held-out set was written after every earlier one: no question of theirs again."""
    records = question_set.records()
    earlier = [r for s in SETS if s.round < question_set.round for r in s.records()]
    assert len(records) == 100
    assert not {r["id"] for r in records} & {r["id"] for r in earlier}
    assert not {r["question"].casefold() for r in records} & {r["question"].casefold() for r in earlier}
    assert all(r["tags"][1] == question_set.tag for r in records)
    assert sum(not r["answerable"] for r in records) >= 10
    if question_set.round >= 2:
        assert sum(r["tags"][0] == "hard" for r in records) >= 20
    answerable = [r for r in records if r["answerable"]]
    if question_set.round >= 3:
        assert {r["intent"]["group_by"] for r in answerable} >= {None, *truth.GROUPINGS["spend"], "staff",
                                                                "product"}
    if question_set.round >= 4:
        assert {k for r in answerable for k in r["intent"]["filters"]} >= {"client", "staff", "vendor", "product",
                                                                          "category", "status"}
    if question_set.round >= 6:
        assert any(r["intent"]["compare"] for r in answerable) and any(r["intent"]["order"] for r in answerable)


@pytest.mark.parametrize("question_set", SETS, ids=lambda s: s.name)
def test_a_set_is_well_formed(question_set: build.QuestionSet) -> None:
    records = question_set.records()
    ids = [r["id"] for r in records]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(rf"{question_set.id_prefix}\d{{3}}", i) for i in ids)
    texts = [(r["question"].casefold(), r["as_of"]) for r in records]
    assert len(set(texts)) == len(texts)
    assert all(r["tags"] and r["tags"][0] in STRATA for r in records)
    assert {r["intent"]["metric"] for r in records if r["answerable"]} == set(truth.UNITS)
    assert all(r["intent"] is None and r["expected"] is None and r["why"] for r in records if not r["answerable"])


@pytest.mark.parametrize("question_set", SETS, ids=lambda s: s.name)
def test_expected_values_match_truth_recomputed_now(question_set: build.QuestionSet, dataset: Path) -> None:
    """The committed JSONL is what the TOML and truth.py give today (rebuild with python -m tests.eval.build)."""
    assert build.build(question_set, dataset) == question_set.records()
