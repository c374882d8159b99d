"""The SPEC section 2 data model, written as data.

Ingestion (header matching, value parsing, natural keys), storage (table layout) and the
question parser (which entity has which dimension) all read these definitions, so a column
or alias is added in exactly one place.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum


class Kind(str, Enum):
    """How a cell is parsed and stored."""

    TEXT = "text"
    EMAIL = "email"
    DATE = "date"
    MONEY = "money"
    NUMBER = "number"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    ENUM = "enum"
    MONTH = "month"
    CURRENCY = "currency"
    JSON = "json"


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind = Kind.TEXT
    aliases: tuple[str, ...] = ()
    required: bool = False
    default: object = None
    choices: tuple[str, ...] = ()
    # Extra spellings mapped onto a choice, e.g. is_active "true" -> "active".
    synonyms: tuple[tuple[str, str], ...] = ()
    gt: float | None = None
    ge: float | None = None
    le: float | None = None

    @property
    def header_names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


# Client references are shared by every entity but clients itself: either column identifies
# the client (SPEC: "A client is referred to by client_id or by client_name").
CLIENT_ID = Column("client_id")
CLIENT_NAME = Column("client_name", aliases=("client", "customer", "company", "account"))

REQUIRED, OPTIONAL = "required", "optional"


@dataclass(frozen=True)
class Entity:
    name: str
    columns: tuple[Column, ...]
    # Columns whose values identify a row; empty means "hash of all fields".
    natural_key: tuple[str, ...]
    # Optional single column that, when filled, is the natural key instead (entry_id, expense_id).
    key_column: str | None = None
    client_ref: str | None = None  # REQUIRED, OPTIONAL or None (clients itself)
    # (later, earlier): the row is rejected unless later >= earlier when both are present.
    ordered_dates: tuple[tuple[str, str], ...] = ()
    # File stems that hint at this entity (never decide alone).
    file_hints: tuple[str, ...] = ()
    # Dimensions a metric on this entity can be grouped or filtered by.
    dimensions: tuple[str, ...] = field(default=())

    @property
    def all_columns(self) -> tuple[Column, ...]:
        """The entity's columns plus the client reference columns it accepts."""
        if self.client_ref is None:
            return self.columns
        return (CLIENT_ID, CLIENT_NAME, *self.columns)

    def column(self, name: str) -> Column:
        for col in self.all_columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


_BOOL_STATUS = (("true", "active"), ("false", "inactive"), ("yes", "active"), ("no", "inactive"),
                ("y", "active"), ("n", "inactive"), ("1", "active"), ("0", "inactive"),
                ("t", "active"), ("f", "inactive"), ("1.0", "active"), ("0.0", "inactive"))

CLIENTS = Entity(
    name="clients",
    columns=(
        Column("client_id"),
        Column("client_name", aliases=("name", "client", "customer", "company", "account"), required=True),
        Column("industry"),
        Column("status", Kind.ENUM, aliases=("is_active",), choices=("active", "inactive", "prospect"),
               synonyms=_BOOL_STATUS),
        Column("contact_email", Kind.EMAIL, aliases=("email",)),
        Column("contact_phone", aliases=("phone",)),
        Column("contract_start", Kind.DATE, aliases=("start_date",)),
        Column("monthly_fee", Kind.MONEY, aliases=("mrr",), ge=0),
    ),
    natural_key=("client_name",),
    file_hints=("clients", "client", "customers", "companies", "accounts"),
    dimensions=("client",),
)

INVOICES = Entity(
    name="invoices",
    columns=(
        Column("invoice_number", aliases=("invoice_id", "invoice_no"), required=True),
        Column("date", Kind.DATE, aliases=("invoice_date", "issued", "issue_date"), required=True),
        Column("due_date", Kind.DATE),
        Column("currency", Kind.CURRENCY),
        Column("total_amount", Kind.MONEY, aliases=("amount", "total", "invoice_total"), required=True),
        Column("status", Kind.ENUM, choices=("paid", "unpaid", "pending", "overdue", "void", "draft"),
               default="pending"),
        Column("lines_json", Kind.JSON),
    ),
    natural_key=("invoice_number",),
    client_ref=REQUIRED,
    ordered_dates=(("due_date", "date"),),
    file_hints=("invoices", "invoice", "billing"),
    dimensions=("client", "month", "quarter"),
)

TIME_ENTRIES = Entity(
    name="time_entries",
    columns=(
        Column("entry_id"),
        Column("staff_name", aliases=("technician", "resource", "employee", "member"), required=True),
        Column("staff_email", Kind.EMAIL),
        Column("date", Kind.DATE, aliases=("work_date",), required=True),
        Column("hours", Kind.NUMBER, aliases=("hours_worked", "duration_hours"), required=True, gt=0, le=24),
        Column("rate", Kind.MONEY, aliases=("cost_rate", "hourly_rate"), ge=0),
        Column("billable", Kind.BOOLEAN, default=True),
        Column("project_name"),
        Column("task_description"),
        Column("ticket_id"),
    ),
    natural_key=(),
    key_column="entry_id",
    client_ref=REQUIRED,
    file_hints=("time_entries", "time_logs", "timesheets", "time", "timesheet"),
    dimensions=("client", "staff", "month", "quarter"),
)

LICENSES = Entity(
    name="licenses",
    columns=(
        Column("product", required=True),
        Column("vendor"),
        Column("license_type"),
        Column("seats_purchased", Kind.INTEGER, aliases=("seats", "quantity", "licenses_purchased"),
               required=True, gt=0),
        Column("seats_used", Kind.INTEGER, aliases=("seats_assigned", "seats_in_use", "assigned"), ge=0),
        Column("cost_per_seat", Kind.MONEY, aliases=("unit_cost", "price_per_seat"), ge=0),
        Column("total_cost", Kind.MONEY, ge=0),
        Column("start_date", Kind.DATE),
        Column("end_date", Kind.DATE),
        Column("is_active", Kind.BOOLEAN, default=True),
        Column("auto_renew", Kind.BOOLEAN, default=False),
    ),
    natural_key=("client", "vendor", "product"),
    client_ref=REQUIRED,
    ordered_dates=(("end_date", "start_date"),),
    file_hints=("licenses", "license", "licences", "subscriptions"),
    dimensions=("client", "vendor", "product"),
)

STAFF = Entity(
    name="staff",
    columns=(
        Column("staff_name", required=True),
        Column("staff_email", Kind.EMAIL),
        Column("role"),
        Column("hourly_cost", Kind.MONEY, ge=0),
        Column("weekly_capacity_hours", Kind.NUMBER, aliases=("capacity",), default=40.0, gt=0, le=80),
    ),
    natural_key=("staff_name",),
    file_hints=("staff", "employees", "technicians", "team"),
    dimensions=("staff",),
)

EXPENSES = Entity(
    name="expenses",
    columns=(
        Column("expense_id"),
        Column("date", Kind.DATE, required=True),
        Column("category", required=True),
        Column("vendor"),
        Column("description"),
        Column("amount", Kind.MONEY, required=True),
    ),
    natural_key=(),
    key_column="expense_id",
    client_ref=OPTIONAL,
    file_hints=("expenses", "expense", "spend", "costs"),
    dimensions=("client", "vendor", "category", "month", "quarter"),
)

BUDGETS = Entity(
    name="budgets",
    columns=(
        Column("month", Kind.MONTH, required=True),
        Column("category", required=True),
        Column("budget_amount", Kind.MONEY, aliases=("budget", "amount"), required=True, ge=0),
    ),
    natural_key=("month", "category", "client"),
    client_ref=OPTIONAL,
    file_hints=("budgets", "budget"),
    dimensions=("client", "category", "month", "quarter"),
)

ENTITIES: dict[str, Entity] = {e.name: e for e in (CLIENTS, INVOICES, TIME_ENTRIES, LICENSES, STAFF, EXPENSES, BUDGETS)}

_HEADER_SEPARATORS = re.compile(r"[\s\-]+")


def normalize_header(header: object) -> str:
    """SPEC: headers match case-insensitively after trimming and turning spaces/hyphens into '_'."""
    text = "" if header is None else str(header)
    return _HEADER_SEPARATORS.sub("_", text.strip().lstrip("\ufeff").strip()).lower()


def normalize_name(name: str) -> str:
    """Names (clients, staff) match case- and whitespace-insensitively."""
    return " ".join(name.split()).casefold()
