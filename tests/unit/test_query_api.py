"""The query API around the metrics: ranking, comparison, facts, errors, rounding, and the catalog.

Metric arithmetic itself is checked (on both databases) in test_metrics.py; this file checks what
`run_query` does with it, on SQLite, against the same hand-made dataset (tests/data/small/).
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import insert

from config.settings import Settings
from core.engine import periods
from core.engine.catalog import catalog
from core.engine.intent import Intent, Result
from core.engine.query import QueryError, run_query
from storage.db import Database, open_database
from storage.tables import DATA_TABLES
from tests.small_dataset import load_small

AS_OF = date(2025, 10, 15)
Q1, Q2, Q3, Q4 = (periods.quarter(2025, q) for q in (1, 2, 3, 4))


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = open_database(f"sqlite:///{tmp_path / 'q.db'}")
    load_small(database)
    yield database
    database.dispose()


def ask(db: Database, settings: Settings, metric: str, group_by: str | None = None, **kwargs: object) -> Result:
    return run_query(db, settings, Intent(metric, group_by, **kwargs), as_of=AS_OF)


def table(result: Result) -> list[tuple]:
    return [(r.label, r.value) for r in result.rows]


# --------------------------------------------------------------------------- ranking

def test_top_and_bottom_rank_rows_and_value_is_the_first(db: Database, settings: Settings) -> None:
    worst = ask(db, settings, "margin_pct", "client", period=Q3, order="asc", limit=1)
    assert (worst.value, table(worst)) == (-55.0, [("Gamma Inc", -55.0)])  # (400 − 500 − 120) ÷ 400
    best = ask(db, settings, "margin_pct", "client", period=Q3, order="desc", limit=2)
    assert (best.value, table(best)) == (23.6, [("Acme Corp", 23.6), ("Beta LLC", 17.5)])


def test_undefined_rows_sort_last_and_never_rank_first(db: Database, settings: Settings) -> None:
    # Q2 margins by month: April undefined (no revenue), May 5.56, June 0.0.
    top = ask(db, settings, "margin_pct", "month", period=Q2, order="desc", limit=3)
    assert table(top) == [("2025-05", 5.56), ("2025-06", 0.0), ("2025-04", None)]
    bottom = ask(db, settings, "margin_pct", "month", period=Q2, order="asc", limit=1)
    assert (bottom.value, table(bottom)) == (0.0, [("2025-06", 0.0)])
    assert bottom.facts.undefined is None  # the one row shown is defined


def test_ranking_only_undefined_rows_gives_no_value(db: Database, settings: Settings) -> None:
    result = ask(db, settings, "margin_pct", "month", period=Q4, order="asc", limit=1)
    assert result.value is None
    assert result.facts.undefined == "margin_pct is undefined for 2025-10 in Q4 2025: revenue is 0"


def test_ties_keep_label_order(db: Database, settings: Settings) -> None:
    result = ask(db, settings, "license_waste", "vendor", order="asc", limit=2)
    assert table(result) == [("Adobe", 0.0), ("Sophos", 0.0)]


def test_order_without_limit_sorts_but_value_stays_the_total(db: Database, settings: Settings) -> None:
    result = ask(db, settings, "revenue", "client", period=Q3, order="asc")
    assert table(result) == [("Gamma Inc", 400.0), ("Beta LLC", 800.0), ("Acme Corp", 2500.0)]
    assert result.value == 3700.0


def test_limit_without_order_means_top(db: Database, settings: Settings) -> None:
    result = ask(db, settings, "revenue", "client", period=Q3, limit=10)
    assert table(result) == [("Acme Corp", 2500.0), ("Beta LLC", 800.0), ("Gamma Inc", 400.0)]
    assert result.value == 2500.0


# --------------------------------------------------------------------------- compare

def test_compare_totals(db: Database, settings: Settings) -> None:
    result = ask(db, settings, "revenue", period=Q3, compare=True)
    # Q2 revenue 900 + 600 + 250 = 1750; change 3700 − 1750 = 1950 = 111.43 % of 1750
    assert (result.value, result.previous_value, result.change, result.change_pct) == (3700.0, 1750.0, 1950.0, 111.43)
    assert result.previous_period == Q2
    assert result.to_json()["previous_period"] == {"start": "2025-04-01", "end": "2025-06-30"}


def test_compare_of_a_negative_previous_value_uses_its_size(db: Database, settings: Settings) -> None:
    result = ask(db, settings, "margin_pct", period=Q3, compare=True)
    # Q2 margin (1750 − 480 − 1830) ÷ 1750 = −32 %; change 13.7838 + 32 = 45.78 = 143.07 % of |−32|
    assert (result.value, result.previous_value, result.change, result.change_pct) == (13.78, -32.0, 45.78, 143.07)


def test_compare_rows_by_client(db: Database, settings: Settings) -> None:
    result = ask(db, settings, "revenue", "client", period=Q3, compare=True)
    got = [(r.label, r.value, r.previous, r.change, r.change_pct) for r in result.rows]
    assert got == [("Acme Corp", 2500.0, 900.0, 1600.0, 177.78),  # 1600 ÷ 900
                   ("Beta LLC", 800.0, 850.0, -50.0, -5.88),  # 600 + 250 before; −50 ÷ 850
                   ("Gamma Inc", 400.0, 0.0, 400.0, None)]  # nothing before: no percentage


def test_compare_keeps_groups_that_only_had_numbers_before(db: Database, settings: Settings) -> None:
    result = ask(db, settings, "revenue", "client", period=periods.month(2025, 8), compare=True)
    got = [(r.label, r.value, r.previous, r.change, r.change_pct) for r in result.rows]
    # August: Acme 1500. July: Acme 1000, Gamma 400.
    assert got == [("Acme Corp", 1500.0, 1000.0, 500.0, 50.0), ("Gamma Inc", 0.0, 400.0, -400.0, -100.0)]


def test_compare_months_in_calendar_order(db: Database, settings: Settings) -> None:
    result = ask(db, settings, "margin_pct", "month", period=Q3, compare=True)
    got = [(r.label, r.value, r.previous, r.change, r.change_pct) for r in result.rows]
    # Jul vs Apr (undefined), Aug vs May, Sep vs Jun. Aug (1500 − 360 − 610) ÷ 1500 = 35.333;
    # 35.333 − 5.556 = 29.78, ÷ 5.556 = 536 %. Sep (800 − 500 − 550) ÷ 800 = −31.25 vs 0.
    assert got == [("2025-07", 16.43, None, None, None), ("2025-08", 35.33, 5.56, 29.78, 536.0),
                   ("2025-09", -31.25, 0.0, -31.25, None)]


def test_compare_months_without_a_counterpart_have_no_previous(db: Database, settings: Settings) -> None:
    # Aug 31 – Sep 1 (two months touched) vs the two days before, Aug 29–30 (one month).
    result = ask(db, settings, "revenue", "month", period=periods.between(date(2025, 8, 31), date(2025, 9, 1)),
                 compare=True)
    assert [r.to_json() for r in result.rows] == [
        {"label": "2025-08", "value": 1500.0, "previous": 0.0, "change": 1500.0, "change_pct": None},
        {"label": "2025-09", "value": 0.0}]


def test_ranked_compare_follows_the_first_row(db: Database, settings: Settings) -> None:
    result = ask(db, settings, "revenue", "client", period=Q3, order="desc", limit=1, compare=True)
    assert (result.value, result.previous_value, result.change) == (2500.0, 900.0, 1600.0)


def test_compare_reports_gaps_of_the_previous_period(db: Database, settings: Settings) -> None:
    result = ask(db, settings, "revenue", period=Q2, compare=True)
    assert result.previous_value == 0.0
    assert result.facts.gaps == ["previous period (Q1 2025): no invoices in Q1 2025 — data covers 2025-05-31 to "
                                 "2025-09-30"]


# --------------------------------------------------------------------------- facts

def test_facts_of_a_revenue_answer(db: Database, settings: Settings) -> None:
    facts = ask(db, settings, "revenue", period=Q3).facts
    assert facts.rows_used == {"invoices": 4}
    assert facts.snapshot_ids == ["S-test"]
    assert facts.rows_rejected == 2
    assert facts.currencies == ["EUR", "USD"]
    assert facts.gaps == ["1 invoice in EUR summed with USD"]
    assert facts.data_range == ("2025-05-31", "2025-09-30")
    assert facts.formula.startswith("revenue = Σ invoices.total_amount")
    assert facts.undefined is None


@pytest.mark.parametrize("metric, period, rows_used, gaps", [
    ("labor_cost", Q3, {"time_entries": 5, "staff": 1},  # E5 left out; Alice's hourly_cost priced E3
     ["1 time entry has no cost rate (no rate, no staff hourly_cost)"]),
    ("utilization_pct", Q3, {"time_entries": 5, "staff": 3}, []),
    ("license_cost", Q3, {"licenses": 4},
     ["2 licenses have no cost (no cost_per_seat, and no total_cost with start and end dates)"]),
    ("license_waste", None, {"licenses": 5},
     ["1 license with unused seats has no cost (no cost_per_seat, and no total_cost with start and end dates)"]),
    ("revenue", Q2, {"invoices": 3}, []),
    ("revenue", periods.quarter(2031, 3), {},
     ["no invoices in Q3 2031 — data covers 2025-05-31 to 2025-09-30"]),
    ("spend", periods.year(2024), {}, ["no expenses in 2024 — data covers 2025-05-15 to 2025-09-20"]),
])
def test_rows_used_and_gaps(db: Database, settings: Settings, metric: str, period: periods.Period | None,
                            rows_used: dict, gaps: list[str]) -> None:
    facts = ask(db, settings, metric, period=period).facts
    assert (facts.rows_used, facts.gaps) == (rows_used, gaps)


def test_no_rows_used_means_no_snapshots(db: Database, settings: Settings) -> None:
    result = ask(db, settings, "revenue", period=periods.quarter(2031, 3))
    assert (result.value, result.facts.snapshot_ids, result.facts.rows_rejected) == (0.0, [], 0)


def test_currencies_only_for_money(db: Database, settings: Settings) -> None:
    assert ask(db, settings, "invoice_count", period=Q3).facts.currencies == []
    assert ask(db, settings, "labor_cost", period=Q3).facts.currencies == ["USD"]
    assert ask(db, settings, "revenue", period=Q2).facts.currencies == ["USD"]


def test_undefined_rows_are_explained(db: Database, settings: Settings) -> None:
    facts = ask(db, settings, "margin_pct", "month", period=Q2).facts
    assert facts.undefined == "margin_pct is undefined for 2025-04: revenue is 0"


def test_empty_database_answers_zero_with_gaps(tmp_path: Path, settings: Settings) -> None:
    empty = open_database(f"sqlite:///{tmp_path / 'empty.db'}")
    result = run_query(empty, settings, Intent("profit"), as_of=AS_OF)
    assert result.value is None  # no period and nothing to span the license months with
    assert result.facts.gaps == ["no invoices loaded yet", "no time entries loaded yet", "no licenses loaded yet"]
    assert run_query(empty, settings, Intent("revenue"), as_of=AS_OF).value == 0.0
    empty.dispose()


def test_half_values_round_up(db: Database, settings: Settings) -> None:
    # 25 ÷ 32 = 78.125 exactly: Python's round() would give 78.12.
    assert ask(db, settings, "license_utilization_pct").value == 78.13


def test_result_json_shape(db: Database, settings: Settings) -> None:
    data = ask(db, settings, "revenue", "client", period=Q3, order="desc", limit=1).to_json()
    assert data == {"value": 2500.0, "unit": "USD", "rows": [{"label": "Acme Corp", "value": 2500.0}]}


# --------------------------------------------------------------------------- errors

@pytest.mark.parametrize("intent, message", [
    (Intent("revnue"), "unknown metric 'revnue'; did you mean revenue? Metrics: revenue, labor_cost,"),
    (Intent("nps"), "unknown metric 'nps' Metrics: revenue, labor_cost,"),
    (Intent("utilization_pct", "client"),
     "utilization_pct cannot be grouped by client; it can be grouped by staff, month, quarter"),
    (Intent("revenue", "region"), "unknown grouping 'region'; revenue can be grouped by client, month, quarter"),
    (Intent("client_count", "client"), "client_count cannot be grouped by client; it can be grouped by nothing"),
    (Intent("license_waste", filters={"staff": "Alice Smith"}),
     "license_waste cannot be filtered by staff; it can be filtered by client, vendor, product"),
    (Intent("revenue", filters={"month": "2025-07"}), "revenue cannot be filtered by month: give a period instead"),
    (Intent("revenue", filters={"region": "EU"}), "unknown filter 'region'; revenue can be filtered by client"),
    (Intent("revenue", filters={"status": "active"}), "revenue cannot be filtered by status; it can be filtered by"),
    (Intent("revenue", filters={"client": " "}), "the client filter needs a name, got ' '"),
    (Intent("revenue", filters={"client": "Acme Corpp"}), "no client named 'Acme Corpp'; closest: Acme Corp"),
    (Intent("revenue", filters={"client": "Wayne Enterprises"}),
     "no client named 'Wayne Enterprises'; known client names: Acme Corp, Beta LLC, Delta Co, Gamma Inc"),
    (Intent("labor_cost", filters={"staff": "Alise Smith"}), "no staff named 'Alise Smith'; closest: Alice Smith"),
    (Intent("client_count", filters={"status": "gone"}),
     "unknown client status 'gone'; statuses: active, inactive, prospect, unknown"),
    (Intent("revenue", "client", order="up"), "order must be 'asc' (bottom) or 'desc' (top), got 'up'"),
    (Intent("revenue", "client", order="desc", limit=0), "limit (top/bottom N) must be a whole number of at least 1"),
    (Intent("revenue", order="desc", limit=3), "top/bottom N needs a grouping to rank; revenue can be grouped by"),
    (Intent("revenue", compare=True), "a comparison needs a period"),
])
def test_bad_intents_are_refused_with_the_valid_choices(db: Database, settings: Settings, intent: Intent,
                                                        message: str) -> None:
    with pytest.raises(QueryError) as excinfo:
        run_query(db, settings, intent, as_of=AS_OF)
    assert str(excinfo.value).startswith(message)


def test_client_filter_ignores_case_and_spacing(db: Database, settings: Settings) -> None:
    assert ask(db, settings, "revenue", period=Q3, filters={"client": "  acme   CORP "}).value == 2500.0


# --------------------------------------------------------------------------- catalog
# These run on SQLite and PostgreSQL: the catalog's DISTINCT/UNION/MIN/MAX SQL is its own.

@pytest.fixture
def any_db(database: Database) -> Database:
    load_small(database)
    return database


def test_catalog_lists_what_is_in_the_data(any_db: Database) -> None:
    cat = catalog(any_db)
    assert [(c.name, c.status) for c in cat.clients] == [
        ("Acme Corp", "active"), ("Beta LLC", "active"), ("Delta Co", "prospect"), ("Gamma Inc", "inactive")]
    assert cat.staff == ("Alice Smith", "Bob Jones", "Carol White", "Dan Brown")  # staff table ∪ time entries
    assert cat.spellings("staff", "ALICE SMITH") == ("Alice Smith", "alice  smith")
    assert cat.vendors == ("Acronis", "Adobe", "Dell", "Dropbox", "Microsoft", "Slack", "Sophos", "Zoom")
    assert cat.products[:2] == ("Backup Pro", "Creative Cloud")
    assert cat.categories == ("Hardware", "Software", "Travel")
    assert cat.currencies == ("EUR", "USD")
    assert cat.closest("client", "acme corpp") == ["Acme Corp"]
    assert cat.closest("client", "gamma") == ["Gamma Inc"]


def test_catalog_entity_stats_and_freshness(any_db: Database) -> None:
    stats = catalog(any_db).entities
    assert (stats["invoices"].rows, stats["invoices"].first, stats["invoices"].last) == (
        9, date(2025, 5, 31), date(2025, 9, 30))
    assert (stats["budgets"].first, stats["budgets"].last) == (date(2025, 5, 1), date(2025, 10, 31))
    assert (stats["licenses"].first, stats["licenses"].last) == (date(2025, 1, 1), date(2025, 12, 31))
    assert stats["staff"].rows == 3 and stats["staff"].first is None
    # The test snapshot is recorded as a clients upload on 2025-10-01 12:00 UTC.
    fresh = stats["clients"].latest_snapshot
    assert fresh.replace(tzinfo=fresh.tzinfo or timezone.utc) == datetime(2025, 10, 1, 12, tzinfo=timezone.utc)
    assert stats["invoices"].latest_snapshot is None
    assert catalog(any_db).to_json()["entities"]["invoices"] == {
        "rows": 9, "first": "2025-05-31", "last": "2025-09-30", "latest_snapshot": None}


def test_catalog_is_cached_until_the_data_changes(any_db: Database) -> None:
    first = catalog(any_db)
    assert catalog(any_db) is first
    with any_db.begin() as conn:
        conn.execute(insert(DATA_TABLES["clients"]).values(nk="new", row_hash="t", snapshot_id="S-test",
                                                           client_name="Epsilon GmbH", status=None))
    fresh = catalog(any_db)
    assert fresh is not first
    assert ("Epsilon GmbH", "unknown") in [(c.name, c.status) for c in fresh.clients]
