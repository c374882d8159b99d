"""Validation: every SPEC value rule, and the shape of each kind of rejected row."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pytest

from core.ingest.detect import detect
from core.ingest.readers import Chunk
from core.ingest.validate import MISSING, MISSING_CLIENT, OVERFLOW, Rejection, RowNotes, Validator


@dataclass
class Outcome:
    accepted: list[dict]
    rows: list[int]
    rejected: list[Rejection]
    warnings: list[str]

    def reasons(self) -> list[tuple[int, str | None, str]]:
        return [(r.row, r.column, r.reason) for r in self.rejected]


def check(header: list[str], rows: list[list[str | None]], *, overflow: list[bool] | None = None,
          currency: str = "USD", date_order: str = "MDY") -> Outcome:
    detection = detect(header, ["test"])
    notes = RowNotes()
    validator = Validator(detection, header, currency=currency, date_order=date_order)
    chunk = Chunk(pd.DataFrame(rows, columns=range(len(header)), dtype=object),
                  np.arange(2, len(rows) + 2, dtype=np.int64),
                  np.array(overflow if overflow is not None else [False] * len(rows)))
    valid = validator.check(chunk)
    for what, rows in valid.notes:
        notes.add(what, rows)
    records = [{k: (None if (not isinstance(v, (list, str)) and pd.isna(v)) else v) for k, v in r.items()}
               for r in valid.values.to_dict("records")]
    return Outcome(records, valid.rows.tolist(), valid.rejected, notes.lines())


TIME = ["client", "staff_name", "date", "hours", "rate", "billable"]


def test_a_good_time_entry_is_parsed_and_defaulted() -> None:
    out = check(TIME, [["Acme", " Jane ", "2025-03-04", "1.5", "$1,250.00", None]])
    assert out.rejected == [] and out.rows == [2]
    row = out.accepted[0]
    assert row["client_name"] == "Acme" and row["staff_name"] == "Jane"
    assert row["date"] == pd.Timestamp(2025, 3, 4) and row["hours"] == 1.5 and row["rate"] == 1250.0
    assert row["billable"] is True  # default true
    assert row["entry_id"] is None and row["client_id"] is None


@pytest.mark.parametrize(("cells", "column", "reason"), [
    (["Acme", "Jane", "2025-03-04", "", "1", "yes"], "hours", MISSING),
    (["Acme", "", "2025-03-04", "1", "1", "yes"], "staff_name", MISSING),
    (["", "Jane", "2025-03-04", "1", "1", "yes"], "client_name", MISSING_CLIENT),
    (["Acme", "Jane", "2025-03-04", "abc", "1", "yes"], "hours", "not a number: 'abc'"),
    (["Acme", "Jane", "2025-03-04", "0", "1", "yes"], "hours", "must be > 0: 0"),
    (["Acme", "Jane", "2025-03-04", "24.5", "1", "yes"], "hours", "must be <= 24: 24.5"),
    (["Acme", "Jane", "2025-03-04", "2", "-5", "yes"], "rate", "must be >= 0: -5"),
    (["Acme", "Jane", "2025-03-04", "2", "(5.00)", "yes"], "rate", "must be >= 0: -5"),
    (["Acme", "Jane", "2025-03-04", "2", "5", "maybe"], "billable", "not a boolean: 'maybe'"),
    (["Acme", "Jane", "13/05/2025", "2", "5", "y"], "date",
     "not a date (expected YYYY-MM-DD or MM/DD/YYYY): '13/05/2025'"),
    (["Acme", "Jane", "2025-02-30", "2", "5", "y"], "date",
     "not a date (expected YYYY-MM-DD or MM/DD/YYYY): '2025-02-30'"),
])
def test_time_entry_rejections(cells: list[str], column: str, reason: str) -> None:
    out = check(TIME, [cells])
    assert out.accepted == []
    assert out.reasons() == [(2, column, reason)]


def test_several_failures_are_all_reported_first_column_named() -> None:
    out = check(TIME, [["Acme", "", "someday", "abc", "1", "yes"]])
    assert out.reasons() == [(2, "staff_name", "staff_name: required value is missing; date: not a date "
                                               "(expected YYYY-MM-DD or MM/DD/YYYY): 'someday'; "
                                               "hours: not a number: 'abc'")]


def test_rejected_row_keeps_its_cells_by_header() -> None:
    out = check(TIME + ["notes"], [["Acme", "Jane", "2025-03-04", "abc", "1", "yes", "call back"]])
    assert out.rejected[0].raw == {"client": "Acme", "staff_name": "Jane", "date": "2025-03-04", "hours": "abc",
                                   "rate": "1", "billable": "yes", "notes": "call back"}


def test_dates_follow_the_configured_order_and_are_never_guessed() -> None:
    rows = [["Acme", "Jane", "03/04/2025", "1", "1", "y"], ["Acme", "Jane", "2025/04/05", "1", "1", "y"]]
    assert [r["date"].date() for r in check(TIME, rows).accepted] == [date(2025, 3, 4), date(2025, 4, 5)]
    assert [r["date"].date() for r in check(TIME, rows, date_order="DMY").accepted] == [date(2025, 4, 3),
                                                                                         date(2025, 4, 5)]
    out = check(TIME, [["Acme", "Jane", "04/13/2025", "1", "1", "y"]], date_order="DMY")
    assert out.reasons()[0][2] == "not a date (expected YYYY-MM-DD or DD/MM/YYYY): '04/13/2025'"


@pytest.mark.parametrize(("text", "value"), [
    ("true", True), ("FALSE", False), ("Yes", True), ("no", False), ("Y", True), ("n", False),
    ("1", True), ("0", False), ("T", True), ("f", False),
])
def test_booleans(text: str, value: bool) -> None:
    assert check(TIME, [["Acme", "Jane", "2025-01-01", "1", "1", text]]).accepted[0]["billable"] is value


CLIENTS = ["name", "status", "email", "phone", "start_date", "mrr", "industry", "client_id"]


def test_client_columns_and_enums() -> None:
    out = check(CLIENTS, [
        ["Acme", "Active", "ops@acme.com", "+1 (555) 010", "2024-01-31", "$2,500", "IT", "C1"],
        ["Beta", "PROSPECT", None, "=1+1", None, None, None, None],
    ])
    assert out.rejected == []
    assert out.accepted[0] | {"contract_start": None} == {
        "client_id": "C1", "client_name": "Acme", "industry": "IT", "status": "active",
        "contact_email": "ops@acme.com", "contact_phone": "+1 (555) 010", "contract_start": None,
        "monthly_fee": 2500.0}
    assert out.accepted[1]["status"] == "prospect"
    assert out.accepted[1]["contact_phone"] == "=1+1"  # formula-looking text is data, kept as written


@pytest.mark.parametrize(("text", "status"), [("true", "active"), ("False", "inactive"), ("no", "inactive"),
                                             ("Inactive", "inactive")])
def test_is_active_means_status(text: str, status: str) -> None:
    assert check(["name", "is_active"], [["Acme", text]]).accepted[0]["status"] == status


@pytest.mark.parametrize(("cells", "column", "reason"), [
    (["Acme", "gone"], "status", "not one of active, inactive, prospect: 'gone'"),
    (["Acme", "active", "bob@"], "contact_email", "not an e-mail address: 'bob@'"),
    (["Acme", "active", None, "-1"], "monthly_fee", "must be >= 0: -1"),
])
def test_client_rejections(cells: list[str], column: str, reason: str) -> None:
    header = ["name", "status", "email", "mrr"][:len(cells)]
    assert check(header, [cells]).reasons() == [(2, column, reason)]


INVOICES = ["invoice_no", "customer", "issue_date", "due_date", "currency", "invoice_total", "status", "lines_json"]


def test_invoice_defaults_currency_and_status() -> None:
    out = check(INVOICES, [["I-1", "Acme", "2025-01-01", None, None, "USD 1,200.50", None, None],
                           ["I-2", "Acme", "2025-01-01", "2025-01-31", "eur", "10", "Paid", "[]"]],
                currency="GBP")
    first, second = out.accepted
    assert (first["currency"], first["status"], first["total_amount"]) == ("GBP", "pending", 1200.5)
    assert (second["currency"], second["status"], second["lines_json"]) == ("EUR", "paid", "[]")


@pytest.mark.parametrize(("change", "column", "reason"), [
    ({3: "2024-12-31"}, "due_date", "due_date 2024-12-31 is before date 2025-01-01"),
    ({4: "US Dollars"}, "currency", "not a 3-letter currency code: 'US Dollars'"),
    ({5: ""}, "total_amount", MISSING),
    ({5: "12abc"}, "total_amount", "not a number: '12abc'"),
    ({6: "lost"}, "status", "not one of paid, unpaid, pending, overdue, void, draft: 'lost'"),
    ({7: '{"a": 1}'}, "lines_json", "not a JSON list: '{\"a\": 1}'"),
    ({7: "[1, 2"}, "lines_json", "not a JSON list: '[1, 2'"),
    ({2: None}, "date", MISSING),
])
def test_invoice_rejections(change: dict[int, str], column: str, reason: str) -> None:
    cells = ["I-1", "Acme", "2025-01-01", "2025-01-31", "USD", "10", "paid", "[]"]
    for position, value in change.items():
        cells[position] = value
    assert check(INVOICES, [cells]).reasons() == [(2, column, reason)]


LICENSES = ["client_name", "product", "vendor", "seats", "assigned", "unit_cost", "total_cost", "start_date",
            "end_date", "is_active", "auto_renew"]


def test_license_defaults_and_over_assignment_warning() -> None:
    rows = [["Acme", "M365", "Microsoft", "10", "12", "22", None, None, None, None, None]] * 3 + \
           [["Acme", "Zoom", "Zoom", "5", "5", "15", None, None, None, None, None]]
    out = check(LICENSES, rows)
    assert out.rejected == [] and len(out.accepted) == 4
    assert (out.accepted[0]["is_active"], out.accepted[0]["auto_renew"]) == (True, False)
    assert out.warnings == ["3 rows over-assigned (rows 2, 3, 4)"]


@pytest.mark.parametrize(("change", "column", "reason"), [
    ({3: "0"}, "seats_purchased", "must be > 0: 0"),
    ({3: "2.5"}, "seats_purchased", "not a whole number: '2.5'"),
    ({4: "-1"}, "seats_used", "must be >= 0: -1"),
    ({5: "-3"}, "cost_per_seat", "must be >= 0: -3"),
    ({7: "2025-06-01", 8: "2025-05-31"}, "end_date", "end_date 2025-05-31 is before start_date 2025-06-01"),
    ({1: None}, "product", MISSING),
    ({9: "sometimes"}, "is_active", "not a boolean: 'sometimes'"),
])
def test_license_rejections(change: dict[int, str], column: str, reason: str) -> None:
    cells = ["Acme", "M365", "Microsoft", "10", "5", "22", "100", None, None, "true", "no"]
    for position, value in change.items():
        cells[position] = value
    assert check(LICENSES, [cells]).reasons() == [(2, column, reason)]


def test_integers_accept_excel_floats() -> None:
    cells = ["Acme", "M365", "Microsoft", "10.0", "1,000", "22", None, None, None, None, None]
    row = check(LICENSES, [cells]).accepted[0]
    assert (row["seats_purchased"], row["seats_used"]) == (10, 1000)


def test_staff_capacity_default_and_bounds() -> None:
    out = check(["staff_name", "capacity", "hourly_cost"], [["Jane", None, "55"], ["Joe", "81", "1"],
                                                            ["Ann", "0", "1"]])
    assert out.accepted[0]["weekly_capacity_hours"] == 40.0
    assert out.reasons() == [(3, "weekly_capacity_hours", "must be <= 80: 81"),
                             (4, "weekly_capacity_hours", "must be > 0: 0")]


def test_expenses_and_budgets_client_is_optional() -> None:
    expenses = check(["date", "category", "amount", "client"], [["2025-01-05", "Travel", "(12.50)", None]])
    assert expenses.rejected == [] and expenses.accepted[0]["amount"] == -12.5
    budgets = check(["month", "category", "budget"], [["2025/03", "Travel", "100"], ["2025-13", "Travel", "1"],
                                                      ["2025-04", "Travel", "-1"]])
    assert budgets.accepted[0]["month"] == "2025-03"
    assert budgets.reasons() == [(3, "month", "not a month (expected YYYY-MM): '2025-13'"),
                                 (4, "budget_amount", "must be >= 0: -1")]


def test_blank_looking_rows() -> None:
    header = TIME + ["notes"]
    out = check(header, [["  ", " ", None, "", None, "\t", " "],  # whitespace only: skipped
                         [None, None, None, None, None, None, "only a note"],  # data in an ignored column
                         ["Acme", "Jane", "2025-01-01", "1", None, None, None]])
    assert out.rows == [4]
    assert out.reasons() == [(3, "client_name", "client_name: client is missing (client_id or client_name); "
                                                "staff_name: required value is missing; date: required value is "
                                                "missing; hours: required value is missing")]


def test_row_with_cells_past_the_header_is_rejected_whole() -> None:
    out = check(["client_name", "invoice_number", "date", "total_amount"],
                [["Acme", "I-1", "2025-01-01", "1"], ["Acme", "I-2", "2025-01-01", "1"]], overflow=[False, True])
    assert out.rows == [2]
    assert out.reasons() == [(3, None, OVERFLOW)]


def test_row_notes_aggregate_and_cap_listed_rows() -> None:
    notes = RowNotes()
    notes.add("odd", [5])
    notes.add("many", range(2, 14))
    notes.add("many", [40])
    notes.add("none", [])
    assert notes.lines() == ["1 row odd (row 5)", "13 rows many (rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, …)"]
