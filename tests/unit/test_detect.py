"""Detection: headers (never the file name alone) decide the entity."""
from __future__ import annotations

import pytest

from core.ingest.detect import detect
from core.entities import CLIENT_ID, CLIENT_NAME, ENTITIES, REQUIRED, Column, Entity
from core.ingest.readers import IngestError


def _required_header(entity: Entity, replace: Column | None = None, alias: str | None = None) -> list[str]:
    names = [alias if replace is not None and c == replace.name else c for c in entity.required_columns]
    if entity.client_ref == REQUIRED:
        names.append(alias if replace in (CLIENT_ID, CLIENT_NAME) else CLIENT_NAME.name)
    if replace is not None and alias not in names:
        names.append(alias)
    return names


ALIASES = [(entity, column, alias) for entity in ENTITIES.values() for column in entity.all_columns
           for alias in column.header_names]


@pytest.mark.parametrize(("entity", "column", "alias"), ALIASES,
                         ids=[f"{e.name}.{c.name}={a}" for e, c, a in ALIASES])
def test_every_column_and_alias_is_recognised(entity: Entity, column: Column, alias: str) -> None:
    header = _required_header(entity, column, alias)
    found = detect(header, [entity.name])
    assert found.entity is entity
    assert found.columns[header.index(alias)] == column.name
    assert found.ignored == ()


def test_headers_match_case_spaces_and_hyphens() -> None:
    found = detect(["  Client Name ", "STAFF-NAME", "Work Date", "Hours Worked"], ["export"])
    assert found.entity.name == "time_entries"
    assert sorted(found.columns.values()) == ["client_name", "date", "hours", "staff_name"]


@pytest.mark.parametrize(("header", "entity"), [
    (["name", "industry", "contact_email", "contact_phone", "is_active"], "clients"),
    (["client_name", "invoice_number", "date", "due_date", "currency", "total_amount", "status", "lines_json"],
     "invoices"),
    (["client_name", "staff_name", "staff_email", "date", "hours", "rate", "project_name", "task_description",
      "billable"], "time_entries"),
    (["client_name", "product", "vendor", "license_type", "seats_purchased", "seats_used", "cost_per_seat",
      "total_cost", "start_date", "end_date", "is_active", "auto_renew"], "licenses"),
    (["staff_name", "staff_email", "role", "hourly_cost", "weekly_capacity_hours"], "staff"),
    (["expense_id", "date", "category", "vendor", "description", "amount", "client"], "expenses"),
    (["month", "category", "budget", "client"], "budgets"),
    (["invoice_id", "client_name", "amount", "date", "status"], "invoices"),
])
def test_each_entity_from_its_typical_header(header: list[str], entity: str) -> None:
    assert detect(header, ["upload"]).entity.name == entity


def test_file_name_never_decides_alone() -> None:
    assert detect(["staff_name"], ["time_logs"]).entity.name == "staff"
    assert detect(["date", "category", "amount"], ["budgets"]).entity.name == "expenses"
    with pytest.raises(IngestError, match="closest is"):
        detect(["category", "amount"], ["budgets"])


@pytest.mark.parametrize(("names", "entity"), [
    (["expenses_q3"], "expenses"), (["Budget 2025"], "budgets"), (["", "notes"], "expenses"),  # no hint: SPEC order
])
def test_a_tie_between_qualifying_entities_goes_to_the_hinted_one(names: list[str], entity: str) -> None:
    # month, category, amount (budget_amount) fits budgets; date, category, amount fits expenses
    assert detect(["month", "date", "category", "amount"], names).entity.name == entity


def test_unrecognised_file_names_closest_entity_and_missing_columns() -> None:
    with pytest.raises(IngestError) as caught:
        detect(["client", "staff_name"], ["stuff"])
    assert str(caught.value) == ("could not tell what this file holds: closest is time_entries, "
                                 "missing columns: date, hours (found: client, staff_name)")


def test_a_better_match_with_missing_columns_beats_a_weak_qualifying_one() -> None:
    with pytest.raises(IngestError, match=r"closest is time_entries, missing columns: client_id or client_name"):
        detect(["staff_name", "date", "hours"], ["timesheet"])


def test_unmatched_headers_are_reported_as_ignored() -> None:
    found = detect(["client_name", "industry", "contract_value", ""], ["clients"])
    assert found.entity.name == "clients" and found.ignored == ("contract_value",)


@pytest.mark.parametrize(("header", "message"), [
    (["invoice_number", "client", "date", "amount", "total"], "'amount', 'total' all mean total_amount"),
    (["staff_name", "Staff Name"], "'staff_name', 'Staff Name' all mean staff_name"),
    (["client_name", "industry", "industry"], "'industry' appears 2 times"),
])
def test_duplicate_headers_for_one_column_are_refused(header: list[str], message: str) -> None:
    with pytest.raises(IngestError, match=message):
        detect(header, ["x"])
