"""Every SPEC section 3 metric against numbers worked out by hand from tests/data/small/.

Runs on SQLite and PostgreSQL (the `database` fixture). The dataset (see tests/data/small/README.md):
  time entries  E1 Acme/Alice 2025-07-07 3h @120 · E2 Acme/Bob 07-08 2.5h @80 · E3 Beta/"alice  smith"
                08-12 4h no rate (Alice's hourly_cost 50) · E4 Beta/Bob 08-13 2h @80 non-billable ·
                E5 Acme/Dan 09-02 1.5h no rate, Dan not in staff · E6 Gamma/Alice 09-15 5h @100 ·
                E7 Acme/Alice 05-06 2h @120 · E8 Beta/Bob 06-10 3h @80
  staff         Alice 50/h 40 h/wk · Bob 40/h 20 h/wk · Carol 60/h default 40 h/wk, no entries
  invoices      INV-1 Acme 07-31 1000 paid · INV-2 Acme 08-31 1500 unpaid due 09-30 · INV-3 Beta 09-30 800
                pending due 10-30 · INV-4 void 300 · INV-5 draft 200 · INV-6 Gamma 07-15 EUR 400 overdue ·
                INV-7 Acme 05-31 900 paid · INV-8 Beta 06-30 600 paid · INV-9 Beta 06-15 250 pending due 07-15
  licenses      L1 Acme Microsoft 10 seats/8 used @20, 2025 · L2 Acme Adobe 5/7 @50 open end · L3 Beta Dropbox
                4/1 total 1200 for 2025 (100/month) · L4 Beta Zoom inactive · L5 Gamma Slack 6/3 @10 ends
                2025-08-15 · L6 Gamma Acronis 2/1 no cost · L7 Delta Sophos 5/5 total 600, no end (no cost)
  expenses      Software: X1 07-10 Microsoft 300 Acme, X3 09-20 Adobe 150 Beta, X4 05-15 Microsoft 250 Acme;
                Hardware: X2 08-05 Dell 1200 (no client)
  budgets       Software 2025-05 300, 07/08/09 400 each · Hardware 2025-07 1000 · Travel 2025-10 0
Weekdays: Apr 22, May 22, Jun 21, Jul 23, Aug 21, Sep 22 (Q3 = 66, May–Sep = 109).
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from config.settings import Settings
from core.engine import periods
from core.engine.intent import Intent, Result
from core.engine.query import run_query
from storage.db import Database
from tests.small_dataset import SMALL, load_small

AS_OF = date(2025, 10, 15)
Q2, Q3, Q4 = periods.quarter(2025, 2), periods.quarter(2025, 3), periods.quarter(2025, 4)


@pytest.fixture
def db(database: Database) -> Database:
    load_small(database)
    return database


def ask(db: Database, settings: Settings, metric: str, group_by: str | None = None,
        period: periods.Period | None = None, as_of: date = AS_OF, **kwargs: object) -> Result:
    return run_query(db, settings, Intent(metric, group_by, period=period, **kwargs), as_of=as_of)


def rows(result: Result) -> dict[str, float | int | None]:
    return {r.label: r.value for r in result.rows}


# Q3 2025 (Jul 1 – Sep 30), as of 2025-10-15.
Q3_VALUES = {
    "revenue": 3700.0,  # 1000 + 1500 + 800 + 400 (INV-4 void, INV-5 draft left out)
    "labor_cost": 1420.0,  # 3×120 + 2.5×80 + 4×50 (fallback) + 2×80 + 5×100 = 360+200+200+160+500; E5 has no cost
    "license_cost": 1770.0,  # L1 200×3 + L2 250×3 + L3 (1200÷12)×3 + L5 60×2 (Jul, Aug) = 600+750+300+120
    "profit": 510.0,  # 3700 − 1420 − 1770
    "margin_pct": 13.78,  # 510 ÷ 3700 × 100 = 13.7837…
    "billable_hours": 16.0,  # 3 + 2.5 + 4 + 1.5 + 5
    "total_hours": 18.0,  # 16 + 2 (E4)
    "billable_ratio_pct": 88.89,  # 16 ÷ 18 × 100
    "utilization_pct": 0.87,  # 16 ÷ (40+20+40+40 (Dan, default) × 66 ÷ 5 = 1848) × 100 = 0.8658
    "license_utilization_pct": 78.13,  # (8+7+1+3+1+5) ÷ (10+5+4+6+2+5) = 25 ÷ 32 = 78.125 (half up)
    "unused_seats": 9,  # 2 + 0 (over-assigned) + 3 + 3 + 1 + 0
    "license_waste": 145.0,  # 2×20 + 3×(100÷4) + 3×10 = 40+75+30; L6 (1 unused, no cost) left out
    "spend": 1650.0,  # 300 + 1200 + 150
    "budget": 2200.0,  # Software 400×3 + Hardware 1000
    "budget_variance": -550.0,  # 1650 − 2200
    "budget_variance_pct": -25.0,  # −550 ÷ 2200 × 100
    "effective_rate": 231.25,  # 3700 ÷ 16
    "overdue_amount": 1900.0,  # INV-2 1500 (unpaid, due 09-30 < as-of) + INV-6 400 (overdue); INV-3 not due yet
    "invoice_count": 4,  # INV-1, 2, 3, 6
    "client_count": 2,  # Acme, Beta active (no period filter)
}

# No period: all data. License months = May–Sep 2025 (span of time entries and invoices);
# utilization capacity over 2025-05-01..2025-09-30 = 109 weekdays.
ALL_DATA_VALUES = {
    "revenue": 5450.0,  # 3700 + 900 + 600 + 250
    "labor_cost": 1900.0,  # 1420 + 2×120 + 3×80
    "license_cost": 2990.0,  # L1 200×5 + L2 250×5 + L3 100×5 + L5 60×4 (May–Aug) = 1000+1250+500+240
    "profit": 560.0,  # 5450 − 1900 − 2990
    "margin_pct": 10.28,  # 560 ÷ 5450 × 100 = 10.2752…
    "billable_hours": 21.0,  # 16 + 2 + 3
    "total_hours": 23.0,  # 21 + 2
    "billable_ratio_pct": 91.3,  # 21 ÷ 23 × 100 = 91.304…
    "utilization_pct": 0.69,  # 21 ÷ ((40+20+40+40) × 109 ÷ 5 = 3052) × 100 = 0.688
    "license_utilization_pct": 78.13,  # same licenses active as in Q3
    "unused_seats": 9,
    "license_waste": 145.0,
    "spend": 1900.0,  # 1650 + 250
    "budget": 2500.0,  # 2200 + 300 + 0
    "budget_variance": -600.0,  # 1900 − 2500
    "budget_variance_pct": -24.0,  # −600 ÷ 2500 × 100
    "effective_rate": 259.52,  # 5450 ÷ 21 = 259.5238
    "overdue_amount": 2150.0,  # 1500 + 400 + INV-9 250 (pending, due 07-15)
    "invoice_count": 7,  # 9 − void − draft
    "client_count": 2,
}


def test_every_metric_for_one_quarter(db: Database, settings: Settings) -> None:
    got = {metric: ask(db, settings, metric, period=Q3).value for metric in Q3_VALUES}
    assert got == Q3_VALUES


def test_every_metric_over_all_data(db: Database, settings: Settings) -> None:
    got = {metric: ask(db, settings, metric).value for metric in ALL_DATA_VALUES}
    assert got == ALL_DATA_VALUES


def test_units_and_number_types(db: Database, settings: Settings) -> None:
    units = {m: ask(db, settings, m, period=Q3) for m in ("revenue", "margin_pct", "billable_hours",
                                                           "unused_seats", "invoice_count")}
    assert {m: r.unit for m, r in units.items()} == {"revenue": "USD", "margin_pct": "percent",
                                                    "billable_hours": "hours", "unused_seats": "seats",
                                                    "invoice_count": "count"}
    assert isinstance(units["unused_seats"].value, int) and isinstance(units["invoice_count"].value, int)
    eur = settings.model_copy(update={"currency": "EUR"})
    assert ask(db, eur, "labor_cost", period=Q3).unit == "EUR"


# (metric, group_by, period, expected rows in order)
GROUPED = [
    ("revenue", "client", Q3, {"Acme Corp": 2500.0, "Beta LLC": 800.0, "Gamma Inc": 400.0}),  # 1000+1500, 800, 400
    ("revenue", "month", Q3, {"2025-07": 1400.0, "2025-08": 1500.0, "2025-09": 800.0}),  # 1000+400, 1500, 800
    ("revenue", "quarter", None, {"2025-Q2": 1750.0, "2025-Q3": 3700.0}),  # 900+600+250
    ("labor_cost", "client", Q3, {"Acme Corp": 560.0, "Beta LLC": 360.0, "Gamma Inc": 500.0}),  # 360+200, 200+160
    ("labor_cost", "staff", Q3, {"Alice Smith": 1060.0, "Bob Jones": 360.0}),  # 360+200+500, 200+160; Dan uncosted
    ("license_cost", "client", Q3, {"Acme Corp": 1350.0, "Beta LLC": 300.0, "Gamma Inc": 120.0}),  # 600+750
    ("license_cost", "vendor", Q3, {"Adobe": 750.0, "Dropbox": 300.0, "Microsoft": 600.0, "Slack": 120.0}),
    ("license_cost", "month", Q3, {"2025-07": 610.0, "2025-08": 610.0, "2025-09": 550.0}),  # 200+250+100+60; no Slack
    ("license_cost", "quarter", None, {"2025-Q2": 1220.0, "2025-Q3": 1770.0}),  # May+Jun: 2×(200+250+100+60)
    ("profit", "client", Q3, {"Acme Corp": 590.0, "Beta LLC": 140.0, "Gamma Inc": -220.0}),  # 2500−560−1350, ...
    ("margin_pct", "client", Q3, {"Acme Corp": 23.6, "Beta LLC": 17.5, "Gamma Inc": -55.0}),  # 590÷2500, 140÷800
    # April: no revenue -> undefined (not 0); May (900−240−610)÷900 = 5.56; June 850−240−610 = 0 -> 0.0
    ("margin_pct", "month", Q2, {"2025-04": None, "2025-05": 5.56, "2025-06": 0.0}),
    ("billable_hours", "staff", Q3, {"Alice Smith": 12.0, "Bob Jones": 2.5, "Dan Brown": 1.5}),  # 3+4+5
    ("total_hours", "staff", Q3, {"Alice Smith": 12.0, "Bob Jones": 4.5, "Dan Brown": 1.5}),
    ("billable_ratio_pct", "staff", Q3, {"Alice Smith": 100.0, "Bob Jones": 55.56, "Dan Brown": 100.0}),  # 2.5÷4.5
    # capacity Q3: Alice 40×66÷5 = 528, Bob 20×66÷5 = 264, Carol 528 (no entries: 0 %), Dan 528 (default 40)
    ("utilization_pct", "staff", Q3, {"Alice Smith": 2.27, "Bob Jones": 0.95, "Carol White": 0.0, "Dan Brown": 0.28}),
    # per month capacity 140 h/wk × weekdays ÷ 5: Jul 644, Aug 588, Sep 616; billable 5.5, 4, 6.5
    ("utilization_pct", "month", Q3, {"2025-07": 0.85, "2025-08": 0.68, "2025-09": 1.06}),
    ("license_utilization_pct", "client", None,  # (8+7)÷(10+5), 1÷4 (Zoom inactive), (3+1)÷(6+2), 5÷5
     {"Acme Corp": 100.0, "Beta LLC": 25.0, "Delta Co": 100.0, "Gamma Inc": 50.0}),
    ("unused_seats", "vendor", None,
     {"Acronis": 1, "Adobe": 0, "Dropbox": 3, "Microsoft": 2, "Slack": 3, "Sophos": 0}),
    ("license_waste", "vendor", None,  # Acronis has unused seats but no cost: left out (and a gap)
     {"Adobe": 0.0, "Dropbox": 75.0, "Microsoft": 40.0, "Slack": 30.0, "Sophos": 0.0}),
    ("spend", "category", Q3, {"Hardware": 1200.0, "Software": 450.0}),
    ("spend", "client", Q3, {"(no client)": 1200.0, "Acme Corp": 300.0, "Beta LLC": 150.0}),
    ("budget", "category", Q3, {"Hardware": 1000.0, "Software": 1200.0}),
    # every month from the first to the last budget, June and its missing budget included
    ("budget", "month", None, {"2025-05": 300.0, "2025-06": 0.0, "2025-07": 1400.0, "2025-08": 400.0,
                               "2025-09": 400.0, "2025-10": 0.0}),
    ("budget_variance", "category", Q3, {"Hardware": 200.0, "Software": -750.0}),  # 1200−1000, 450−1200
    ("budget_variance_pct", "category", Q3, {"Hardware": 20.0, "Software": -62.5}),  # 200÷1000, −750÷1200
    ("effective_rate", "client", Q3, {"Acme Corp": 357.14, "Beta LLC": 200.0, "Gamma Inc": 80.0}),  # 2500÷7
    ("overdue_amount", "client", None, {"Acme Corp": 1500.0, "Beta LLC": 250.0, "Gamma Inc": 400.0}),
    ("invoice_count", "month", Q3, {"2025-07": 2, "2025-08": 1, "2025-09": 1}),
]

# (metric, filters, period, expected value)
FILTERED = [
    ("labor_cost", {"staff": "Alice Smith"}, Q3, 1060.0),  # E1 360 + E3 200 + E6 500
    ("labor_cost", {"staff": "ALICE   smith"}, Q3, 1060.0),  # names match ignoring case and spacing
    ("utilization_pct", {"staff": "Carol White"}, Q3, 0.0),  # in the staff table, no entries
    ("revenue", {"client": "Acme Corp"}, Q3, 2500.0),
    ("license_cost", {"vendor": "Microsoft"}, Q3, 600.0),  # 10 × 20 × 3
    ("license_waste", {"product": "Dropbox Business"}, None, 75.0),  # 3 unused × 1200 ÷ 12 ÷ 4
    ("spend", {"vendor": "Microsoft"}, None, 550.0),  # 300 + 250
    ("spend", {"category": "Software"}, Q3, 450.0),
    ("spend", {"client": "Acme Corp"}, None, 550.0),  # the client-less Dell expense is not Acme's
    ("budget", {"category": "software"}, Q3, 1200.0),
    ("margin_pct", {"client": "Gamma Inc"}, Q3, -55.0),  # (400 − 500 − 120) ÷ 400
    ("client_count", {"status": "inactive"}, None, 1),
    ("client_count", {"status": "Prospect"}, None, 1),
    ("client_count", {"status": "unknown"}, None, 0),
]

# (metric, period, filters, words of the reason)
UNDEFINED = [
    ("margin_pct", periods.month(2025, 4), {}, "revenue is 0"),
    ("margin_pct", Q4, {}, "revenue is 0"),
    ("utilization_pct", periods.between(date(2025, 7, 5), date(2025, 7, 6)), {}, "no staff capacity"),  # Sat–Sun
    ("effective_rate", periods.between(date(2025, 7, 31), date(2025, 7, 31)), {}, "no billable hours"),  # INV-1 only
    ("budget_variance_pct", periods.month(2025, 10), {}, "the budget is 0"),  # Travel budget 0
    ("billable_ratio_pct", periods.month(2025, 4), {}, "no hours logged"),
    ("license_utilization_pct", None, {"vendor": "Zoom"}, "no active license has seats"),  # Zoom is inactive
]

# The case tables are checked inside one test per table (every mismatch listed), so each backend loads
# the dataset a handful of times rather than once per case: a PostgreSQL database costs ~0.4 s to create.


def test_grouped_rows(db: Database, settings: Settings) -> None:
    failures = []
    for metric, group_by, period, expected in GROUPED:
        result = ask(db, settings, metric, group_by, period)
        total = ask(db, settings, metric, None, period).value
        # Not ranked: rows in label (or calendar) order, and the value is the ungrouped total.
        if list(rows(result).items()) != sorted(expected.items(), key=lambda kv: kv[0].casefold()):
            failures.append(f"{metric} by {group_by}: {rows(result)} != {expected}")
        if result.value != total:
            failures.append(f"{metric} by {group_by}: value {result.value} != total {total}")
    assert not failures, "\n".join(failures)


def test_filters(db: Database, settings: Settings) -> None:
    failures = [f"{metric} {filters}: {got} != {expected}"
                for metric, filters, period, expected in FILTERED
                if (got := ask(db, settings, metric, period=period, filters=filters).value) != expected]
    assert not failures, "\n".join(failures)


def test_undefined_is_none_with_a_reason(db: Database, settings: Settings) -> None:
    for metric, period, filters, reason in UNDEFINED:
        result = ask(db, settings, metric, period=period, filters=filters)
        assert result.value is None, metric
        assert result.facts.undefined.startswith(f"{metric} is undefined for "), result.facts.undefined
        assert reason in result.facts.undefined, result.facts.undefined


def test_zero_budget_variance_is_zero_not_undefined(db: Database, settings: Settings) -> None:
    # October: spend 0, budget 0 -> variance 0 is a real 0; only the percentage is undefined.
    assert ask(db, settings, "budget_variance", period=periods.month(2025, 10)).value == 0.0


def test_seat_metrics_follow_license_terms(db: Database, settings: Settings) -> None:
    # Q4: Slack (ended 2025-08-15) is out. Used 8+7+1+1+5 = 22 of 10+5+4+2+5 = 26 -> 84.615 %
    assert ask(db, settings, "license_utilization_pct", period=Q4).value == 84.62
    assert ask(db, settings, "unused_seats", period=Q4).value == 6  # 2+0+3+1+0
    assert ask(db, settings, "license_waste", period=Q4).value == 115.0  # 40 + 75
    assert ask(db, settings, "license_cost", period=Q4).value == 1650.0  # (200+250+100) × 3


def test_as_of_decides_what_is_overdue(db: Database, settings: Settings) -> None:
    # On 2025-08-01: INV-6 (status overdue) 400 + INV-9 (pending, due 07-15) 250; INV-2 is due 09-30, not yet.
    assert ask(db, settings, "overdue_amount", as_of=date(2025, 8, 1)).value == 650.0
    # Due date equal to the as-of date is not overdue yet: INV-2 on 2025-09-30.
    assert ask(db, settings, "overdue_amount", as_of=date(2025, 9, 30)).value == 650.0
    assert ask(db, settings, "overdue_amount", as_of=date(2025, 10, 1)).value == 2150.0


def test_license_cost_without_any_span_is_undefined(database: Database, settings: Settings, tmp_path: Path) -> None:
    # Only clients and licenses: no time entries or invoices, so "all data" has no months.
    for name in ("clients", "licenses"):
        (tmp_path / f"{name}.csv").write_text((SMALL / f"{name}.csv").read_text())
    load_small(database, tmp_path)
    result = ask(database, settings, "license_cost")
    assert result.value is None
    assert "no time entries or invoices" in result.facts.undefined
    # With a period it is computable: Q3 1770 as above.
    assert ask(database, settings, "license_cost", period=Q3).value == 1770.0
    assert "no invoices loaded yet" in ask(database, settings, "revenue").facts.gaps
