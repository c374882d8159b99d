"""The sample MSP dataset: deterministic, SPEC-shaped, and carrying the situations it was built for.

The eval set's ground truth and the sandbox's first impression both rest on these files, so the
tests check the story (a money-losing client, an over-booked and an under-booked technician,
shelfware, unpaid invoices, ...) rather than exact figures that a retune may move.
"""
from __future__ import annotations

import csv
import time
from datetime import date
from pathlib import Path

import pytest

from core.entities import ENTITIES, normalize_header
from sandbox.sample_data import write_sample_dataset
from tests.eval import truth

END = date(2026, 10, 31)
LAST_FULL_QUARTER = {"start": "2026-07-01", "end": "2026-09-30"}
ENTITY_OF_FILE = {"clients.csv": "clients", "staff.csv": "staff", "time_entries.csv": "time_entries",
                  "invoices.csv": "invoices", "licenses.csv": "licenses", "expenses.csv": "expenses",
                  "budgets.csv": "budgets"}


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("sample")
    write_sample_dataset(directory, end=END)
    return directory


def read(directory: Path, name: str) -> list[dict[str, str]]:
    with (directory / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def grouped(directory: Path, metric: str, group_by: str, period: dict | None = None) -> dict[str, object]:
    intent = {"metric": metric, "group_by": group_by, "filters": {}, "period": period, "order": None,
              "limit": None, "compare": False}
    return {r["label"]: r["value"] for r in truth.compute(directory, intent, date(2026, 11, 21))["rows"]}


def test_same_seed_same_bytes_and_seed_matters(tmp_path: Path) -> None:
    started = time.perf_counter()
    first = write_sample_dataset(tmp_path / "a", end=END)
    assert time.perf_counter() - started < 1.0
    second = write_sample_dataset(tmp_path / "b", end=END)
    other = write_sample_dataset(tmp_path / "c", end=END, seed=8)
    assert [p.name for p in first] == list(ENTITY_OF_FILE)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert first[2].read_bytes() != other[2].read_bytes()


def test_headers_are_spec_columns_or_aliases(dataset: Path) -> None:
    for name, entity_name in ENTITY_OF_FILE.items():
        entity = ENTITIES[entity_name]
        known = {normalize_header(h) for col in entity.all_columns for h in col.header_names}
        with (dataset / name).open(encoding="utf-8") as fh:
            header = next(csv.reader(fh))
        assert set(header) <= known, f"{name}: {set(header) - known}"
        assert set(entity.required_columns) <= {
            col.name for col in entity.all_columns if set(col.header_names) & set(header)}
    # A few aliases are exercised on purpose.
    assert "technician" in read(dataset, "time_entries.csv")[0]
    assert "invoice_no" in read(dataset, "invoices.csv")[0]


def test_sizes_and_value_formats(dataset: Path) -> None:
    entries = read(dataset, "time_entries.csv")
    assert 3500 <= len(entries) <= 4500
    assert 20 <= len(read(dataset, "licenses.csv")) <= 30
    assert 250 <= len(read(dataset, "expenses.csv")) <= 350
    assert len(read(dataset, "clients.csv")) == 8 and len(read(dataset, "staff.csv")) == 6
    assert max(e["work_date"] for e in entries) <= END.isoformat()
    for name, column in (("invoices.csv", "total_amount"), ("expenses.csv", "amount"),
                         ("budgets.csv", "budget_amount"), ("staff.csv", "hourly_cost")):
        assert all(len(r[column].split(".")[1]) == 2 for r in read(dataset, name)), name
    assert {r["currency"] for r in read(dataset, "invoices.csv")} == {"USD"}


def test_clients_include_one_inactive_one_prospect_and_one_loss_maker(dataset: Path) -> None:
    statuses = [r["status"] for r in read(dataset, "clients.csv")]
    assert statuses.count("inactive") == 1 and statuses.count("prospect") == 1
    margins = grouped(dataset, "margin_pct", "client")
    negative = [name for name, m in margins.items() if m is not None and m < 0]
    assert negative == ["Evergreen Schools"]
    others = [m for name, m in margins.items() if m is not None and name not in negative]
    assert all(10 <= m <= 40 for m in others), margins


def test_one_technician_overbooked_and_one_underbooked_last_full_quarter(dataset: Path) -> None:
    utilization = grouped(dataset, "utilization_pct", "staff", LAST_FULL_QUARTER)
    assert [n for n, u in utilization.items() if u > 100] == ["Sarah Williams"]
    assert [n for n, u in utilization.items() if u < 45] == ["Tom Becker"]
    capacities = {r["staff_name"]: r["capacity"] for r in read(dataset, "staff.csv")}
    assert list(capacities.values()).count("32") == 1


def test_time_entries_mix_billable_and_missing_rates(dataset: Path) -> None:
    entries = read(dataset, "time_entries.csv")
    assert 0.1 < sum(e["billable"] == "no" for e in entries) / len(entries) < 0.3
    assert 20 <= sum(e["rate"] == "" for e in entries) <= 150


def test_licenses_carry_waste_and_the_awkward_cases(dataset: Path) -> None:
    licenses = read(dataset, "licenses.csv")
    wasteful = [r for r in licenses if int(r["seats_assigned"]) <= int(r["seats_purchased"]) // 2]
    assert len(wasteful) >= 3
    assert any(r["cost_per_seat"] == "" and r["total_cost"] for r in licenses)
    assert sum(r["is_active"] == "false" for r in licenses) == 1
    assert any(r["end_date"] and r["end_date"] < "2025-05-01" and r["is_active"] == "true" for r in licenses)
    assert any(int(r["seats_assigned"]) > int(r["seats_purchased"]) for r in licenses)
    assert {r["vendor"] for r in licenses} >= {"Microsoft", "Google", "Adobe", "Zoom", "Dropbox", "SentinelOne",
                                               "Datto"}


def test_invoices_have_void_draft_and_overdue(dataset: Path) -> None:
    statuses = [r["status"] for r in read(dataset, "invoices.csv")]
    assert statuses.count("void") >= 1 and statuses.count("draft") >= 1
    assert {"overdue", "unpaid", "pending", "paid"} <= set(statuses)
    overdue = grouped(dataset, "overdue_amount", "client")
    assert len(overdue) >= 3


def test_expenses_and_budgets_overrun_in_some_months(dataset: Path) -> None:
    expenses = read(dataset, "expenses.csv")
    assert {r["category"] for r in expenses} == {"software", "hardware", "travel", "training", "utilities",
                                                 "contractors"}
    assert any(r["client_name"] for r in expenses) and any(not r["client_name"] for r in expenses)
    variance = grouped(dataset, "budget_variance", "month")
    assert len(variance) == 18
    assert 3 <= sum(v > 0 for v in variance.values()) <= 15


def test_other_end_dates_keep_the_story(tmp_path: Path) -> None:
    end = date(2025, 3, 17)
    write_sample_dataset(tmp_path, end=end, months=12, seed=3)
    assert max(r["work_date"] for r in read(tmp_path, "time_entries.csv")) <= end.isoformat()
    assert max(r["invoice_date"] for r in read(tmp_path, "invoices.csv")) <= end.isoformat()
    assert max(r["date"] for r in read(tmp_path, "expenses.csv")) <= end.isoformat()
    margins = grouped(tmp_path, "margin_pct", "client")
    assert margins["Evergreen Schools"] < 0


@pytest.mark.parametrize("months", [0, 11, 12.5])
def test_too_few_months_is_refused_clearly(tmp_path: Path, months: object) -> None:
    with pytest.raises(ValueError, match="at least 12"):
        write_sample_dataset(tmp_path, end=END, months=months)  # type: ignore[arg-type]
