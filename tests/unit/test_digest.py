"""The digest's content: every number is the engine's, thresholds pick the rows, empty data says so."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import insert, update

from config.settings import Settings
from core.engine import periods
from core.ops.digest import SECTIONS, DigestError, Thresholds, build_digest, last_full_month
from core.engine.intent import Intent
from core.governance.policy import Actor
from core.service import Service
from storage.tables import DATA_TABLES, snapshots
from tests.small_dataset import load_small

AS_OF = date(2025, 10, 6)  # digest period: September 2025
SEPTEMBER = periods.month(2025, 9)


@pytest.fixture
def service(settings: Settings) -> Iterator[Service]:
    svc = Service(settings, load_language_model=False)
    yield svc
    svc.db.dispose()


@pytest.fixture
def loaded(service: Service) -> Service:
    load_small(service.db)
    return service


def figures(digest, key):
    return next(s for s in digest.sections if s.key == key).figures


def lines(digest, key):
    return next(s for s in digest.sections if s.key == key).lines


def test_last_full_month_is_the_month_before_the_as_of_month() -> None:
    assert last_full_month(date(2025, 10, 6)) == periods.month(2025, 9)
    assert last_full_month(date(2025, 1, 1)) == periods.month(2024, 12)
    assert last_full_month(date(2024, 3, 31)) == periods.month(2024, 2)


def test_empty_data_gives_a_short_no_data_digest(service: Service) -> None:
    digest = build_digest(service, as_of=AS_OF)
    assert digest.empty
    assert [s.key for s in digest.sections] == ["no_data"]
    assert "Nothing has been uploaded yet" in digest.to_text()
    assert digest.to_json()["empty"] is True


def test_revenue_and_margin_compare_with_the_previous_month_exactly_as_the_engine(loaded: Service) -> None:
    digest = build_digest(loaded, as_of=AS_OF, sections=["profitability"])
    revenue, margin = figures(digest, "profitability")
    engine_revenue = loaded.query(Intent("revenue", period=SEPTEMBER, compare=True), as_of=AS_OF)
    engine_margin = loaded.query(Intent("margin_pct", period=SEPTEMBER, compare=True), as_of=AS_OF)
    assert (revenue.value, revenue.previous, revenue.change_pct) == (
        engine_revenue.value, engine_revenue.previous_value, engine_revenue.change_pct)
    assert (margin.value, margin.previous, margin.change) == (
        engine_margin.value, engine_margin.previous_value, engine_margin.change)
    # INV-3 (Beta, 800) is September's only countable invoice; August had INV-2 (1500).
    assert (revenue.value, revenue.previous) == (800.0, 1500.0)
    assert lines(digest, "profitability")[0] == \
        "Revenue September 2025: $800.00 (August 2025: $1,500.00, -46.7%)"


def test_lowest_margin_clients_are_the_engines_bottom_three(loaded: Service) -> None:
    digest = build_digest(loaded, as_of=AS_OF, sections=["clients"])
    engine = loaded.query(Intent("margin_pct", group_by="client", period=SEPTEMBER, order="asc", limit=3), AS_OF)
    assert [(f.label, f.value) for f in figures(digest, "clients")] == [(r.label, r.value) for r in engine.rows]
    assert len(engine.rows) == 3


def test_license_waste_total_and_biggest_offenders(loaded: Service) -> None:
    digest = build_digest(loaded, as_of=AS_OF, sections=["licenses"])
    found = figures(digest, "licenses")
    total = loaded.query(Intent("license_waste", period=SEPTEMBER), AS_OF)
    by_client = loaded.query(Intent("license_waste", group_by="client", period=SEPTEMBER, order="desc", limit=3),
                             AS_OF)
    assert found[0].value == total.value > 0
    client_figures = [(f.label, f.value) for f in found if f.query and f.query["group_by"] == "client"]
    assert client_figures == [(r.label, r.value) for r in by_client.rows if r.value]
    assert any(line.startswith("Biggest by product:") for line in lines(digest, "licenses"))


def test_utilization_lists_staff_over_and_under_target(loaded: Service) -> None:
    engine = loaded.query(Intent("utilization_pct", group_by="staff", period=SEPTEMBER), AS_OF)
    values = {r.label: r.value for r in engine.rows}
    # Thresholds chosen around the engine's own numbers, so both lists have someone in them.
    top = max(v for v in values.values() if v is not None)
    digest = build_digest(loaded, as_of=AS_OF, sections=["utilization"],
                          thresholds=Thresholds(over_pct=top - 0.01, under_pct=0.5))
    shown = {f.label: f.value for f in figures(digest, "utilization")}
    assert shown == {label: v for label, v in values.items() if v is not None and (v > top - 0.01 or v < 0.5)}
    over, under = lines(digest, "utilization")
    assert over.startswith(f"Over {top - 0.01:g}%:") and under.startswith("Under 0.5%:")


def test_budget_overruns_are_categories_with_positive_variance(loaded: Service) -> None:
    august = build_digest(loaded, as_of=date(2025, 9, 15), sections=["budget"])
    engine = loaded.query(Intent("budget_variance", group_by="category", period=periods.month(2025, 8)),
                          date(2025, 9, 15))
    over = {r.label: r.value for r in engine.rows if r.value and r.value > 0}
    assert over == {"Hardware": 1200.0}  # X2 spent 1200 with no August Hardware budget
    assert [(f.label, f.value, f.unit) for f in figures(august, "budget")] == [("Hardware", 1200.0, "USD")]
    assert lines(august, "budget") == ["Hardware: $1,200.00 over budget"]
    september = build_digest(loaded, as_of=AS_OF, sections=["budget"])
    assert lines(september, "budget") == ["No category spent more than its budget in September 2025."]

    with loaded.db.begin() as conn:  # Software: 150 + 500 spent against 400 budgeted in September
        conn.execute(insert(DATA_TABLES["expenses"]).values(
            nk="expenses:extra", row_hash="x", snapshot_id="S-test", date=date(2025, 9, 25), category="Software",
            amount=500.0))
    september = build_digest(loaded, as_of=AS_OF, sections=["budget"])
    pct = loaded.query(Intent("budget_variance_pct", group_by="category", period=SEPTEMBER), AS_OF)
    assert [(f.label, f.value) for f in figures(september, "budget")] == [
        ("Software", 250.0), ("Software", next(r.value for r in pct.rows if r.label == "Software"))]
    assert lines(september, "budget") == ["Software: $250.00 over budget (+62.5%)"]


def test_pending_reviews_count_and_oldest(loaded: Service) -> None:
    asker = Actor("U1", "Una", "slack", channel="C1")
    with loaded.db.begin() as conn:
        for question in ("first question?", "second question?"):
            loaded.reviews.create(conn, {"question": question}, asker)
    digest = build_digest(loaded, as_of=AS_OF, sections=["reviews"])
    assert figures(digest, "reviews")[0].value == 2 == len(loaded.pending_reviews())
    assert '2 answers are waiting for review' in lines(digest, "reviews")[0]
    assert '"first question?"' in lines(digest, "reviews")[0]


def test_freshness_calls_out_data_older_than_the_policy_limit(loaded: Service) -> None:
    limit = loaded.policy.digest.stale_after_days
    fresh = build_digest(loaded, as_of=date(2025, 10, 1) + timedelta(days=limit), sections=["freshness"])
    assert lines(fresh, "freshness") == [f"Every data set was updated within the last {limit} days."]
    stale = build_digest(loaded, as_of=date(2025, 10, 1) + timedelta(days=limit + 1), sections=["freshness"])
    assert lines(stale, "freshness") == [
        f"Not updated for more than {limit} days: clients (last upload 2025-10-01, {limit + 1} days ago)"]
    with loaded.db.begin() as conn:  # a new upload makes it fresh again
        conn.execute(update(snapshots).values(created_at=datetime(2025, 10, 8, tzinfo=timezone.utc)))
    assert "Every data set" in lines(build_digest(loaded, as_of=date(2025, 10, 9), sections=["freshness"]),
                                     "freshness")[0]


def test_sections_are_chosen_and_ordered_and_unknown_ones_are_refused(loaded: Service) -> None:
    digest = build_digest(loaded, as_of=AS_OF, sections=["freshness", "profitability", "freshness"])
    assert [s.key for s in digest.sections] == ["profitability", "freshness"]
    assert [s.key for s in build_digest(loaded, as_of=AS_OF).sections] == list(SECTIONS)
    with pytest.raises(DigestError, match="unknown digest section.*revenue.*sections: profitability"):
        build_digest(loaded, as_of=AS_OF, sections=["revenue"])


def test_text_and_json_render_the_same_content(loaded: Service) -> None:
    digest = build_digest(loaded, as_of=AS_OF)
    text = digest.to_text()
    document = digest.to_json()
    assert text.startswith("MoatMetrics digest: September 2025 (as of 2025-10-06)\n")
    assert document["period"] == {"start": "2025-09-01", "end": "2025-09-30"}
    for section in document["sections"]:
        assert section["title"] in text
        assert all(f"  - {line}" in text for line in section["lines"])
        assert all(figure["query"] is None or figure["query"]["period"] == document["period"]
                   for figure in section["figures"])
