"""Computing metrics from the stored rows: additive measures per group, then each metric's formula.

A metric (core.engine.metrics) is a formula over a few additive *measures* (revenue, labor cost,
billable hours, capacity hours, seats, ...). Each entity's measures come from one aggregate query
(or, for the few license rows, one pass in Python), grouped by the asked dimension. Because
measures are additive, the same per-group numbers give the groups, the total and the previous
period, and a ratio (margin, utilization) is always computed from summed parts, never averaged.

Raw floats leave this module; rounding happens once, in `core.engine.query`, at the very end.
"""
from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, Select, and_, case, extract, func, or_, select, true

from core.engine import periods
from core.engine.metrics import MEASURES, TIME_GROUPINGS, Metric, Outcome
from core.engine.periods import Period
from core.entities import normalize_name
from storage.tables import DATA_TABLES

CLIENT_STATUSES = ("active", "inactive", "prospect", "unknown")
TOTAL = ""  # the key of the single group of an ungrouped computation

# Label of a group whose dimension is empty on the row (an expense booked to no client).
_MISSING = {"client": "(no client)", "vendor": "(no vendor)", "product": "(no product)",
            "category": "(no category)", "staff": "(no staff)"}
UNASSIGNED_LABELS = frozenset(_MISSING.values())


# --------------------------------------------------------------------------- scope and results

@dataclass(frozen=True)
class Scope:
    """What to compute over: resolved filters, grouping, period, as-of date."""

    group_by: str | None
    period: Period | None
    as_of: date
    currency: str  # the configured currency; invoices in another one are reported as a gap
    client_pks: tuple[int, ...] | None = None  # client filter, already resolved to clients.id
    # staff/vendor/product/category filter -> every stored spelling of the asked value.
    values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    status: str = "active"  # client_count only


@dataclass
class Usage:
    """Where one measure's numbers came from; merged into `Facts` by the query layer."""

    rows_used: dict[str, int] = field(default_factory=dict)
    snapshot_ids: set[str] = field(default_factory=set)
    currencies: set[str] = field(default_factory=set)
    foreign_currency_rows: dict[str, int] = field(default_factory=dict)  # currency -> invoices
    gaps: list[str] = field(default_factory=list)
    undefined: str | None = None  # the whole measure cannot be computed (e.g. no span for license cost)

    def count(self, entity: str, rows: int, snapshot_id: str | None = None) -> None:
        if rows:
            self.rows_used[entity] = self.rows_used.get(entity, 0) + rows
            if snapshot_id is not None:
                self.snapshot_ids.add(snapshot_id)

    def merge(self, other: Usage) -> None:
        """Rows of two measures of one entity overlap (billable ⊂ all hours): keep the larger count."""
        for entity, rows in other.rows_used.items():
            self.rows_used[entity] = max(self.rows_used.get(entity, 0), rows)
        self.snapshot_ids |= other.snapshot_ids
        self.currencies |= other.currencies
        for cur, rows in other.foreign_currency_rows.items():
            self.foreign_currency_rows[cur] = max(self.foreign_currency_rows.get(cur, 0), rows)
        self.gaps += [g for g in other.gaps if g not in self.gaps]
        self.undefined = self.undefined or other.undefined


@dataclass
class Computation:
    """Per-group outcomes (keyed by a sortable key), their labels, the total, and provenance."""

    groups: dict[str, Outcome]
    labels: dict[str, str]
    total: Outcome
    usage: Usage
    empty: Outcome  # the value of a group with no rows (0, or undefined for a ratio)


class _Groups:
    """Accumulates measure values per group key, remembering a readable label per key."""

    def __init__(self) -> None:
        self.values: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        self.labels: dict[str, str] = {}
        self.usage: dict[str, Usage] = defaultdict(Usage)

    def add(self, key: tuple[str, str], measure: str, amount: float) -> None:
        group, label = key
        self.values[group][measure] += amount
        # Case/spacing variants of one name share a key; the smallest spelling labels them all.
        self.labels[group] = min(label, self.labels.get(group, label))

    def name(self, key: str, label: str) -> None:
        """Force a label (e.g. the staff table's spelling wins over time-entry spellings)."""
        self.labels[key] = label


# --------------------------------------------------------------------------- group keys

def month_label(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def quarter_label(year: int, month: int) -> str:
    return f"{year:04d}-Q{(month - 1) // 3 + 1}"


def _time_key(dim: str, year: int, month: int) -> tuple[str, str]:
    label = month_label(year, month) if dim == "month" else quarter_label(year, month)
    return label, label


def _text_key(dim: str, value: str | None) -> tuple[str, str]:
    if value is None or not value.strip():
        return _MISSING[dim], _MISSING[dim]
    return normalize_name(value), " ".join(value.split())


def month_start(d: date) -> date:
    return d.replace(day=1)


def month_end(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def time_slices(dim: str, period: Period) -> list[tuple[str, date, date]]:
    """The month (or quarter) pieces of a period, clipped to it: (label, start, end)."""
    slices: dict[str, tuple[date, date]] = {}
    for year, month in period.months():
        start = max(period.start, date(year, month, 1))
        end = min(period.end, month_end(date(year, month, 1)))
        label = _time_key(dim, year, month)[0]
        first, _ = slices.get(label, (start, end))
        slices[label] = (min(first, start), end)
    return [(label, start, end) for label, (start, end) in slices.items()]


def _label_start(label: str) -> date:
    """First day of a "2025-07" or "2025-Q3" label."""
    year, rest = label.split("-")
    return date(int(year), int(rest[1:]) * 3 - 2 if rest.startswith("Q") else int(rest), 1)


class _Clients:
    """clients.id -> name, for client group labels."""

    def __init__(self, conn: Connection) -> None:
        table = DATA_TABLES["clients"]
        self.names = dict(conn.execute(select(table.c.id, table.c.client_name)).all())

    def key(self, pk: int | None) -> tuple[str, str]:
        return _text_key("client", self.names.get(pk) if pk is not None else None)


# --------------------------------------------------------------------------- SQL helpers

def _group_columns(table_name: str, dim: str | None) -> list:
    """SQL columns to group a dated entity by `dim` (year and month for month and quarter)."""
    table = DATA_TABLES[table_name]
    if dim is None:
        return []
    if dim in TIME_GROUPINGS:
        return [extract("year", table.c.date).label("g_year"), extract("month", table.c.date).label("g_month")]
    return [table.c["client_pk" if dim == "client" else dim].label("g_value")]


def _key_from_row(row, dim: str | None, clients: _Clients) -> tuple[str, str]:  # noqa: ANN001 - SQL row
    if dim is None:
        return TOTAL, TOTAL
    if dim in TIME_GROUPINGS:
        return _time_key(dim, int(row.g_year), int(row.g_month))
    if dim == "client":
        return clients.key(row.g_value)
    return _text_key(dim, row.g_value)


def _filtered(query: Select, table_name: str, scope: Scope, dims: Iterable[str]) -> Select:
    table = DATA_TABLES[table_name]
    if scope.client_pks is not None and "client" in dims:
        query = query.where(table.c.client_pk.in_(scope.client_pks))
    for dim, values in scope.values.items():
        if dim in dims:
            query = query.where(table.c["staff_name" if dim == "staff" else dim].in_(values))
    return query


def _in_period(query: Select, column, period: Period | None) -> Select:  # noqa: ANN001 - SQL column
    if period is None:
        return query
    return query.where(column.between(period.start, period.end))


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _date_bounds(conn: Connection, *pairs: tuple[str, str]) -> tuple[date, date] | None:
    """Earliest and latest value of several (table, date column) pairs together."""
    lows, highs = [], []
    for table_name, column in pairs:
        col = DATA_TABLES[table_name].c[column]
        low, high = conn.execute(select(func.min(col), func.max(col))).one()
        if low is not None:
            lows.append(low)
            highs.append(high)
    return (min(lows), max(highs)) if lows else None


def data_span(conn: Connection) -> Period | None:
    """SPEC "all data" for license months: the months spanned by the time entries and invoices."""
    bounds = _date_bounds(conn, ("time_entries", "date"), ("invoices", "date"))
    if bounds is None:
        return None
    return periods.between(month_start(bounds[0]), month_end(bounds[1]))


# --------------------------------------------------------------------------- invoices

def _invoices(conn: Connection, scope: Scope, clients: _Clients, wanted: set[str], groups: _Groups) -> None:
    inv = DATA_TABLES["invoices"]
    status = func.coalesce(inv.c.status, "pending")
    counted = status.not_in(("void", "draft"))
    overdue = or_(status == "overdue", and_(status.in_(("unpaid", "pending")), inv.c.due_date < scope.as_of))
    query = select(
        *_group_columns("invoices", scope.group_by), inv.c.snapshot_id, inv.c.currency,
        func.sum(case((counted, 1), else_=0)).label("n_counted"),
        func.sum(case((counted, inv.c.total_amount), else_=0.0)).label("revenue"),
        func.sum(case((overdue, 1), else_=0)).label("n_overdue"),
        func.sum(case((overdue, inv.c.total_amount), else_=0.0)).label("overdue"),
    ).group_by(*_group_columns("invoices", scope.group_by), inv.c.snapshot_id, inv.c.currency)
    query = _in_period(_filtered(query, "invoices", scope, MEASURES["revenue"].dims), inv.c.date, scope.period)
    for row in conn.execute(query):
        key = _key_from_row(row, scope.group_by, clients)
        currency = (row.currency or scope.currency).upper()
        for measure, rows, amount in (("revenue", row.n_counted, row.revenue),
                                      ("invoice_count", row.n_counted, row.n_counted),
                                      ("overdue_amount", row.n_overdue, row.overdue)):
            if measure not in wanted or not rows:
                continue
            groups.add(key, measure, float(amount or 0))
            usage = groups.usage[measure]
            usage.count("invoices", int(rows), row.snapshot_id)
            if measure != "invoice_count":
                usage.currencies.add(currency)
                if currency != scope.currency:
                    usage.foreign_currency_rows[currency] = usage.foreign_currency_rows.get(currency, 0) + int(rows)
    for measure in wanted & {"revenue", "overdue_amount"}:
        usage = groups.usage[measure]
        if usage.foreign_currency_rows:
            parts = ", ".join(f"{_plural(n, 'invoice')} in {cur}"
                              for cur, n in sorted(usage.foreign_currency_rows.items()))
            usage.gaps.append(f"{parts} summed with {scope.currency}")


# --------------------------------------------------------------------------- time entries and staff

@dataclass(frozen=True)
class _StaffMember:
    name: str
    hourly_cost: float | None
    capacity: float
    snapshot_id: str


def _staff(conn: Connection) -> dict[str, _StaffMember]:
    table = DATA_TABLES["staff"]
    rows = conn.execute(select(table.c.staff_name, table.c.hourly_cost, table.c.weekly_capacity_hours,
                               table.c.snapshot_id))
    return {normalize_name(r.staff_name): _StaffMember(r.staff_name, r.hourly_cost, r.weekly_capacity_hours or 40.0,
                                                       r.snapshot_id)
            for r in rows}


def _time_entries(conn: Connection, scope: Scope, clients: _Clients, wanted: set[str], groups: _Groups) -> None:
    te = DATA_TABLES["time_entries"]
    dim = scope.group_by
    billable = func.coalesce(te.c.billable, true())
    sums = [func.count().label("n"), func.sum(case((billable, 1), else_=0)).label("n_billable"),
            func.sum(case((billable, te.c.hours), else_=0.0)).label("billable_hours")]
    if wanted & {"labor_cost", "total_hours"}:
        sums += [func.sum(te.c.hours).label("hours"), func.sum(te.c.hours * te.c.rate).label("rated_cost"),
                 func.sum(case((te.c.rate.is_(None), te.c.hours), else_=0.0)).label("unrated_hours"),
                 func.sum(case((te.c.rate.is_(None), 1), else_=0)).label("n_unrated")]
    group_cols = [] if dim == "staff" else _group_columns("time_entries", dim)
    # Who worked matters for a staff grouping and for capacity (everyone with entries counts);
    # otherwise only for entries without a rate, priced at that person's hourly_cost. Naming the
    # person on those rows only keeps the groups few (per client, not per client × person).
    if dim == "staff" or "capacity_hours" in wanted:
        group_cols.append(te.c.staff_name.label("person"))
    elif "labor_cost" in wanted:
        group_cols.append(case((te.c.rate.is_(None), te.c.staff_name)).label("person"))
    query = select(*group_cols, te.c.snapshot_id, *sums).group_by(*group_cols, te.c.snapshot_id)
    query = _in_period(_filtered(query, "time_entries", scope, MEASURES["labor_cost"].dims), te.c.date, scope.period)
    staff = _staff(conn) if wanted & {"labor_cost", "capacity_hours"} else {}
    seen_staff: dict[str, str] = {}  # normalized name -> a spelling, of everyone with entries in scope
    fallback_staff: set[str] = set()  # staff rows whose hourly_cost priced an entry
    uncosted = 0
    for row in conn.execute(query):
        spelling = getattr(row, "person", None)
        person = normalize_name(spelling) if spelling is not None else None
        if person is not None:
            seen_staff[person] = min(spelling, seen_staff.get(person, spelling))
        key = _text_key("staff", spelling) if dim == "staff" else _key_from_row(row, dim, clients)
        if "billable_hours" in wanted and row.n_billable:
            groups.add(key, "billable_hours", float(row.billable_hours or 0))
            groups.usage["billable_hours"].count("time_entries", int(row.n_billable or 0), row.snapshot_id)
        if "total_hours" in wanted:
            groups.add(key, "total_hours", float(row.hours or 0))
            groups.usage["total_hours"].count("time_entries", int(row.n), row.snapshot_id)
        if "labor_cost" in wanted:
            member = staff.get(person)
            fallback = member.hourly_cost if member else None
            cost, costed = float(row.rated_cost or 0), int(row.n) - int(row.n_unrated)
            if row.n_unrated and fallback is not None:
                cost += float(row.unrated_hours) * fallback
                costed += int(row.n_unrated)
                fallback_staff.add(person)
            else:
                uncosted += int(row.n_unrated)
            if costed:
                groups.add(key, "labor_cost", cost)
                groups.usage["labor_cost"].count("time_entries", costed, row.snapshot_id)
    for person in fallback_staff:
        groups.usage["labor_cost"].count("staff", 1, staff[person].snapshot_id)
    if dim == "staff":
        for person, member in staff.items():
            if person in groups.labels:
                groups.name(person, member.name)
    if uncosted:
        groups.usage["labor_cost"].gaps.append(
            f"{_plural(uncosted, 'time entry', 'time entries')} {'has' if uncosted == 1 else 'have'} no cost rate "
            "(no rate, no staff hourly_cost)")
    if "capacity_hours" in wanted:
        _capacity(conn, scope, staff, seen_staff, groups)


def _capacity(conn: Connection, scope: Scope, staff: dict[str, _StaffMember], seen_staff: dict[str, str],
              groups: _Groups) -> None:
    """Capacity of everyone in the staff table plus everyone with entries (default 40 h/week)."""
    usage = groups.usage["capacity_hours"]
    period = scope.period
    if period is None:
        bounds = _date_bounds(conn, ("time_entries", "date"))
        if bounds is None:
            usage.undefined = "there are no time entries to define the period"
            return
        period = periods.between(month_start(bounds[0]), month_end(bounds[1]))
    wanted_staff = scope.values.get("staff")
    allowed = {normalize_name(s) for s in wanted_staff} if wanted_staff is not None else None
    people = {p: m.name for p, m in staff.items()} | {p: n for p, n in seen_staff.items() if p not in staff}
    if allowed is not None:
        people = {p: n for p, n in people.items() if p in allowed}
    dim = scope.group_by
    slices = time_slices(dim, period) if dim in TIME_GROUPINGS else [(TOTAL, period.start, period.end)]
    weekdays = [(label, periods.between(start, end).weekdays()) for label, start, end in slices]
    for person, name in people.items():
        member = staff.get(person)
        weekly = member.capacity if member else 40.0
        if member:
            usage.count("staff", 1, member.snapshot_id)
        for label, days in weekdays:
            key = _text_key("staff", name) if dim == "staff" else (label, label)
            groups.add(key, "capacity_hours", weekly * days / 5)
            if dim == "staff":
                groups.name(person, name)


# --------------------------------------------------------------------------- licenses

@dataclass(frozen=True)
class _License:
    key: dict[str, tuple[str, str]]  # dimension -> group key
    seats: int
    used: int | None
    monthly_cost: float | None
    start: date | None
    end: date | None
    snapshot_id: str

    def overlaps(self, start: date, end: date) -> bool:
        return (self.start is None or self.start <= end) and (self.end is None or self.end >= start)


def _term_months(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _monthly_cost(seats: int, cost_per_seat: float | None, total_cost: float | None, start: date | None,
                  end: date | None) -> float | None:
    """SPEC: seats × cost_per_seat; else total_cost ÷ calendar months touched by the term; else unknown."""
    if cost_per_seat is not None:
        return seats * cost_per_seat
    if total_cost is None or start is None or end is None:
        return None
    return total_cost / _term_months(start, end)


def _licenses(conn: Connection, scope: Scope, clients: _Clients, wanted: set[str], groups: _Groups) -> None:
    lic = DATA_TABLES["licenses"]
    query = _filtered(select(lic).where(func.coalesce(lic.c.is_active, true()) == true()), "licenses", scope,
                      MEASURES["license_cost"].dims)
    period = scope.period or data_span(conn)
    if period is None and "license_cost" in wanted:
        groups.usage["license_cost"].undefined = ("no period was given and there are no time entries or invoices "
                                                  "to span one")
    active: list[_License] = []
    for r in conn.execute(query):
        item = _License(
            key={"client": clients.key(r.client_pk), "vendor": _text_key("vendor", r.vendor),
                 "product": _text_key("product", r.product), TOTAL: (TOTAL, TOTAL)},
            seats=r.seats_purchased, used=r.seats_used,
            monthly_cost=_monthly_cost(r.seats_purchased, r.cost_per_seat, r.total_cost, r.start_date, r.end_date),
            start=r.start_date, end=r.end_date, snapshot_id=r.snapshot_id)
        if period is None or item.overlaps(period.start, period.end):
            active.append(item)
    if "license_cost" in wanted and period is not None:
        _license_cost(scope, period, active, groups)
    if wanted & {"seats_used", "seats_purchased", "unused_seats", "license_waste"}:
        _license_seats(scope, active, wanted, groups)


def _license_cost(scope: Scope, period: Period, active: list[_License], groups: _Groups) -> None:
    usage = groups.usage["license_cost"]
    dim = scope.group_by
    months = time_slices("month", period)
    no_cost = 0
    for item in active:
        if item.monthly_cost is None:
            no_cost += 1
            continue
        for label, start, end in months:
            if item.overlaps(start, end):
                key = _time_key(dim, int(label[:4]), int(label[5:])) if dim in TIME_GROUPINGS else item.key[dim or TOTAL]
                groups.add(key, "license_cost", item.monthly_cost)
        usage.count("licenses", 1, item.snapshot_id)
    if no_cost:
        usage.gaps.append(f"{_plural(no_cost, 'license')} {'has' if no_cost == 1 else 'have'} no cost "
                          "(no cost_per_seat, and no total_cost with start and end dates)")


def _license_seats(scope: Scope, active: list[_License], wanted: set[str], groups: _Groups) -> None:
    no_used = no_cost = 0
    seat_usage = Usage()
    for item in active:
        if item.used is None:
            no_used += 1
            continue
        key = item.key[scope.group_by or TOTAL]
        unused = max(item.seats - item.used, 0)
        for measure, amount in (("seats_used", item.used), ("seats_purchased", item.seats),
                                ("unused_seats", unused)):
            if measure in wanted:
                groups.add(key, measure, amount)
        seat_usage.count("licenses", 1, item.snapshot_id)
        if "license_waste" in wanted:
            if unused and item.monthly_cost is None:
                no_cost += 1
                continue
            groups.add(key, "license_waste", unused * (item.monthly_cost or 0) / item.seats)
            groups.usage["license_waste"].count("licenses", 1, item.snapshot_id)
    if no_used:
        seat_usage.gaps.append(f"{_plural(no_used, 'license')} {'has' if no_used == 1 else 'have'} no seats_used")
    for measure in wanted & {"seats_used", "seats_purchased", "unused_seats"}:
        groups.usage[measure].merge(seat_usage)
    if "license_waste" in wanted:
        groups.usage["license_waste"].gaps += seat_usage.gaps
        if no_cost:
            groups.usage["license_waste"].gaps.append(
                f"{_plural(no_cost, 'license')} with unused seats {'has' if no_cost == 1 else 'have'} no cost "
                "(no cost_per_seat, and no total_cost with start and end dates)")


# --------------------------------------------------------------------------- expenses, budgets, clients

def _expenses(conn: Connection, scope: Scope, clients: _Clients, wanted: set[str], groups: _Groups) -> None:
    exp = DATA_TABLES["expenses"]
    group_cols = _group_columns("expenses", scope.group_by)
    query = select(*group_cols, exp.c.snapshot_id, func.count().label("n"), func.sum(exp.c.amount).label("amount")) \
        .group_by(*group_cols, exp.c.snapshot_id)
    query = _in_period(_filtered(query, "expenses", scope, MEASURES["spend"].dims), exp.c.date, scope.period)
    for row in conn.execute(query):
        groups.add(_key_from_row(row, scope.group_by, clients), "spend", float(row.amount or 0))
        groups.usage["spend"].count("expenses", int(row.n), row.snapshot_id)


def _budgets(conn: Connection, scope: Scope, clients: _Clients, wanted: set[str], groups: _Groups) -> None:
    bud = DATA_TABLES["budgets"]
    dim = scope.group_by
    group_cols = [bud.c.month] if dim in TIME_GROUPINGS else _group_columns("budgets", dim)
    query = select(*group_cols, bud.c.snapshot_id, func.count().label("n"),
                   func.sum(bud.c.budget_amount).label("amount")).group_by(*group_cols, bud.c.snapshot_id)
    query = _filtered(query, "budgets", scope, MEASURES["budget"].dims)
    if scope.period is not None:
        query = query.where(bud.c.month.in_([month_label(y, m) for y, m in scope.period.months()]))
    for row in conn.execute(query):
        if dim in TIME_GROUPINGS:
            key = _time_key(dim, int(row.month[:4]), int(row.month[5:7]))
        else:
            key = _key_from_row(row, dim, clients)
        groups.add(key, "budget", float(row.amount or 0))
        groups.usage["budget"].count("budgets", int(row.n), row.snapshot_id)


def _clients(conn: Connection, scope: Scope, clients: _Clients, wanted: set[str], groups: _Groups) -> None:
    table = DATA_TABLES["clients"]
    status = func.coalesce(table.c.status, "unknown")
    query = select(table.c.snapshot_id, func.count().label("n")).where(status == scope.status) \
        .group_by(table.c.snapshot_id)
    groups.add((TOTAL, TOTAL), "client_count", 0)
    for row in conn.execute(query):
        groups.add((TOTAL, TOTAL), "client_count", int(row.n))
        groups.usage["client_count"].count("clients", int(row.n), row.snapshot_id)


# The query of each entity's measures (Measure.entity), in the order they are run.
_SOURCES: dict[str, Callable[..., None]] = {
    "invoices": _invoices, "time_entries": _time_entries, "licenses": _licenses, "expenses": _expenses,
    "budgets": _budgets, "clients": _clients,
}


# --------------------------------------------------------------------------- entry point

def compute(conn: Connection, metric: Metric, scope: Scope) -> Computation:
    """Compute `metric` per group of `scope.group_by` (one group when ungrouped) and in total.

    Filters and grouping must already be validated against `metric.filters`/`metric.groupings`.
    """
    groups = _Groups()
    clients = _Clients(conn)
    wanted = set(metric.measures)
    for entity, source in _SOURCES.items():
        own = {m for m in wanted if MEASURES[m].entity == entity}
        if own:
            source(conn, scope, clients, own, groups)
    usage = Usage()
    for measure in metric.measures:
        usage.merge(groups.usage[measure])
    if scope.group_by in TIME_GROUPINGS:
        _fill_time_groups(scope, groups)
    totals: dict[str, float] = defaultdict(float)
    for measures in groups.values.values():
        for name, amount in measures.items():
            totals[name] += amount

    def outcome(measures: Mapping[str, float]) -> Outcome:
        if usage.undefined:
            return Outcome(None, usage.undefined)
        return metric.combine(defaultdict(float, measures))

    rows = {key: outcome(m) for key, m in groups.values.items()} if scope.group_by else {}
    return Computation(rows, dict(groups.labels), outcome(totals), usage, outcome({}))


def _fill_time_groups(scope: Scope, groups: _Groups) -> None:
    """Months/quarters with no rows are still rows (a month with no revenue has undefined margin)."""
    if scope.period is not None:
        span = scope.period
    elif groups.values:
        # Only the months touched matter: a quarter is listed once any of its months is in the span.
        span = periods.between(_label_start(min(groups.values)), _label_start(max(groups.values)))
    else:
        return
    labels = [label for label, _, _ in time_slices(scope.group_by, span)]
    for label in labels:
        groups.values.setdefault(label, defaultdict(float))
        groups.labels.setdefault(label, label)
