"""Ground truth for the evaluation set: SPEC section 3 computed a second, independent way.

The product computes metrics in SQL over ingested rows (core.engine.metrics / core.engine.query). If the eval
set's expected values came from that same code, a wrong formula would be graded as right. So this
module re-reads the raw CSV files with the csv module and computes every metric in plain Python
with exact decimals, sharing no code with the product. Where SPEC leaves a choice open, the choice
made here is written down (module constants and docstrings), so a disagreement with the engine
can be settled by reading two short definitions side by side.

Conventions (SPEC section 3 plus the decisions in the project's briefs):
- Periods are inclusive (start, end) dates; None means all data. Money, hours and percents are
  rounded half-up to 2 decimals at the very end; counts and seats are ints; an undefined ratio
  (zero denominator) is None, never 0.
- The "all data" span for license metrics is the calendar months from the earliest to the latest
  time-entry or invoice date; for utilization it is the first day of the month of the earliest
  time entry to the last day of the month of the latest.
- Groups are the values that occur in the rows the metric reads (clients with counted invoices
  for revenue, clients with overdue invoices for overdue_amount, ...); a row without the grouped
  dimension (an expense booked to no client) is in the total but in no group. Utilization by
  staff lists every staff-table member (0 % without entries); utilization by month lists every
  month of the period.
- Rows come in the order asked (desc / asc by value, undefined last, ties by label); without an
  order they are sorted by label (months and quarters chronologically). `value` is the first
  row's value when the question is ranked (order and limit), otherwise the ungrouped total.
- compare: the previous period is the same calendar unit before (month, quarter, year), the same
  span a year/quarter/month earlier for YTD/QTD/MTD-shaped ranges, the same number of whole months
  before for other whole-month ranges, else the same number of days before. change = current -
  previous; change_pct = change / |previous| x 100 (None when previous is 0 or undefined).
"""
from __future__ import annotations

import calendar
import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

Period = tuple[date, date]
Filters = dict[str, str]
Number = Decimal | int | None

UNITS = {
    "revenue": "USD", "labor_cost": "USD", "license_cost": "USD", "profit": "USD", "margin_pct": "percent",
    "billable_hours": "hours", "total_hours": "hours", "billable_ratio_pct": "percent",
    "utilization_pct": "percent", "license_utilization_pct": "percent", "unused_seats": "seats",
    "license_waste": "USD", "spend": "USD", "budget": "USD", "budget_variance": "USD",
    "budget_variance_pct": "percent", "effective_rate": "USD", "overdue_amount": "USD",
    "invoice_count": "count", "client_count": "count",
}
_TIME = ("month", "quarter")
_INVOICE_DIMS = ("client", *_TIME)
_ENTRY_DIMS = ("client", "staff", *_TIME)
_LICENSE_DIMS = ("client", "vendor", "product")
_BUDGET_DIMS = ("client", "category", *_TIME)
GROUPINGS: dict[str, tuple[str, ...]] = {
    "revenue": _INVOICE_DIMS, "invoice_count": _INVOICE_DIMS, "overdue_amount": _INVOICE_DIMS,
    "effective_rate": _INVOICE_DIMS, "profit": _INVOICE_DIMS, "margin_pct": _INVOICE_DIMS,
    "labor_cost": _ENTRY_DIMS, "billable_hours": _ENTRY_DIMS, "total_hours": _ENTRY_DIMS,
    "billable_ratio_pct": _ENTRY_DIMS, "utilization_pct": ("staff", *_TIME),
    "license_cost": (*_LICENSE_DIMS, *_TIME), "license_utilization_pct": _LICENSE_DIMS,
    "unused_seats": _LICENSE_DIMS, "license_waste": _LICENSE_DIMS,
    "spend": ("client", "vendor", "category", *_TIME), "budget": _BUDGET_DIMS,
    "budget_variance": _BUDGET_DIMS, "budget_variance_pct": _BUDGET_DIMS, "client_count": (),
}
_COUNTED_OUT = ("void", "draft")
_HUNDRED = Decimal(100)

# Header aliases (SPEC section 2), only for the columns read here.
_ALIASES = {
    "client_name": ("client_name", "client", "customer", "company", "account"),
    "staff_name": ("staff_name", "technician", "resource", "employee", "member"),
    "date": ("date", "work_date", "invoice_date", "issued", "issue_date"),
    "hours": ("hours", "hours_worked", "duration_hours"),
    "rate": ("rate", "cost_rate", "hourly_rate"),
    "total_amount": ("total_amount", "amount", "total", "invoice_total"),
    "seats_purchased": ("seats_purchased", "seats", "quantity", "licenses_purchased"),
    "seats_used": ("seats_used", "seats_assigned", "seats_in_use", "assigned"),
    "cost_per_seat": ("cost_per_seat", "unit_cost", "price_per_seat"),
    "weekly_capacity_hours": ("weekly_capacity_hours", "capacity"),
    "budget_amount": ("budget_amount", "budget", "amount"),
}


class TruthError(ValueError):
    """An intent this module cannot compute (a typo in the hand-written eval set, usually)."""


# ----------------------------------------------------------------------------- rows

@dataclass(frozen=True)
class Invoice:
    client: str
    date: date
    due: date | None
    amount: Decimal
    status: str


@dataclass(frozen=True)
class Entry:
    client: str
    staff: str
    date: date
    hours: Decimal
    rate: Decimal | None
    billable: bool


@dataclass(frozen=True)
class License:
    client: str
    product: str
    vendor: str
    seats: int
    used: int
    cost_per_seat: Decimal | None
    total_cost: Decimal | None
    start: date | None
    end: date | None
    active: bool


@dataclass(frozen=True)
class Expense:
    date: date
    category: str
    vendor: str
    amount: Decimal
    client: str


@dataclass(frozen=True)
class Budget:
    month: tuple[int, int]
    category: str
    amount: Decimal
    client: str


@dataclass(frozen=True)
class Data:
    clients: dict[str, str]  # name -> status
    staff: dict[str, tuple[Decimal | None, Decimal]]  # name -> (hourly_cost, weekly capacity)
    invoices: tuple[Invoice, ...]
    entries: tuple[Entry, ...]
    licenses: tuple[License, ...]
    expenses: tuple[Expense, ...]
    budgets: tuple[Budget, ...]


def _read(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for row in rows:
        clean = {k.strip().lower().replace(" ", "_").replace("-", "_"): (v or "").strip() for k, v in row.items()}
        for canonical, names in _ALIASES.items():
            if canonical not in clean:
                clean[canonical] = next((clean[n] for n in names if n in clean), "")
        out.append(clean)
    return out


def _money(text: str) -> Decimal | None:
    text = text.replace("$", "").replace(",", "").replace("USD", "").strip()
    if not text:
        return None
    if text.startswith("(") and text.endswith(")"):
        return -Decimal(text[1:-1])
    return Decimal(text)


def _day(text: str) -> date | None:
    return date.fromisoformat(text.replace("/", "-")) if text else None


def _flag(text: str, default: bool) -> bool:
    return default if not text else text.lower() in ("true", "yes", "y", "1", "t")


def load(dataset_dir: Path) -> Data:
    """Read a dataset directory written like sandbox.sample_data's (one CSV per entity).

    Cached on the files' modification times, so recomputing 250 questions reads the CSVs once
    but a rewritten dataset is never served stale.
    """
    d = Path(dataset_dir).resolve()
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(d.glob("*.csv")))
    return _load(d, stamp)


@lru_cache(maxsize=8)
def _load(d: Path, stamp: tuple) -> Data:
    clients_rows = _read(d / "clients.csv")
    ids = {r["client_id"]: r.get("client_name") or r.get("name", "") for r in clients_rows if r.get("client_id")}
    clients = {}
    for r in clients_rows:
        status = r.get("status", "").lower()
        clients[r.get("client_name") or r["name"]] = {"true": "active", "false": "inactive"}.get(status, status)

    def client_of(r: dict[str, str]) -> str:
        return r["client_name"] or ids.get(r.get("client_id") or "", "")

    staff = {r["staff_name"]: (_money(r.get("hourly_cost", "")),
                               Decimal(r["weekly_capacity_hours"] or "40")) for r in _read(d / "staff.csv")}
    entries_file = d / "time_entries.csv" if (d / "time_entries.csv").exists() else d / "time_logs.csv"
    return Data(
        clients=clients,
        staff=staff,
        invoices=tuple(Invoice(client_of(r), _day(r["date"]), _day(r.get("due_date", "")),
                               _money(r["total_amount"]), (r.get("status") or "pending").lower())
                       for r in _read(d / "invoices.csv")),
        entries=tuple(Entry(client_of(r), r["staff_name"], _day(r["date"]), Decimal(r["hours"]),
                            _money(r["rate"]), _flag(r.get("billable", ""), True))
                      for r in _read(entries_file)),
        licenses=tuple(License(client_of(r), r["product"], r.get("vendor", ""), int(r["seats_purchased"]),
                               int(r["seats_used"] or 0), _money(r["cost_per_seat"]),
                               _money(r.get("total_cost", "")), _day(r.get("start_date", "")),
                               _day(r.get("end_date", "")), _flag(r.get("is_active", ""), True))
                       for r in _read(d / "licenses.csv")),
        expenses=tuple(Expense(_day(r["date"]), r["category"], r.get("vendor", ""), _money(r["amount"]),
                               client_of(r)) for r in _read(d / "expenses.csv")),
        budgets=tuple(Budget((int(r["month"][:4]), int(r["month"][5:7])), r["category"],
                             _money(r["budget_amount"]), client_of(r)) for r in _read(d / "budgets.csv")),
    )


# ----------------------------------------------------------------------------- calendar

def _month_last(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def months_of(p: Period) -> list[tuple[int, int]]:
    """Calendar months touched by an inclusive period."""
    out, (y, m) = [], (p[0].year, p[0].month)
    while (y, m) <= (p[1].year, p[1].month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def weekdays(p: Period) -> int:
    return sum(1 for i in range((p[1] - p[0]).days + 1) if (p[0] + timedelta(days=i)).weekday() < 5)


def _overlaps(a: Period, start: date | None, end: date | None) -> bool:
    return (start is None or start <= a[1]) and (end is None or end >= a[0])


def _inside(d: date, p: Period | None) -> bool:
    return p is None or p[0] <= d <= p[1]


def _clip(p: Period, q: Period) -> Period | None:
    s, e = max(p[0], q[0]), min(p[1], q[1])
    return (s, e) if s <= e else None


def _month_label(d: date) -> str:
    return f"{d.year}-{d.month:02d}"


def _quarter_label(d: date) -> str:
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}"


def _label_period(group: str, label: str) -> Period:
    y = int(label[:4])
    if group == "month":
        m = int(label[5:7])
        return date(y, m, 1), _month_last(y, m)
    q = int(label[-1])
    return date(y, 3 * q - 2, 1), _month_last(y, 3 * q)


def _shift_months(d: date, n: int, keep_month_end: bool = False) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    last = calendar.monthrange(y, m + 1)[1]
    if keep_month_end and d.day == calendar.monthrange(d.year, d.month)[1]:
        return date(y, m + 1, last)
    return date(y, m + 1, min(d.day, last))


def previous_period(p: Period) -> Period:
    """The period a comparison is made against (see the module docstring)."""
    start, end = p
    whole_months = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
    n_months = (end.year - start.year) * 12 + end.month - start.month + 1
    quarter_start = start.day == 1 and start.month % 3 == 1
    if whole_months and (n_months == 1 or (n_months == 3 and quarter_start)
                         or (n_months == 12 and start.month == 1)):
        return _shift_months(start, -n_months), _shift_months(end, -n_months, keep_month_end=True)
    if start.day == 1 and start.month == 1 and end.year == start.year:
        step = 12  # year to date
    elif quarter_start and (end.year, (end.month - 1) // 3) == (start.year, (start.month - 1) // 3):
        step = 3  # quarter to date
    elif start.day == 1 and (end.year, end.month) == (start.year, start.month):
        step = 1  # month to date
    elif whole_months:
        return _shift_months(start, -n_months), start - timedelta(days=1)
    else:
        days = (end - start).days + 1
        return start - timedelta(days=days), start - timedelta(days=1)
    return _shift_months(start, -step), _shift_months(end, -step, keep_month_end=True)


# ----------------------------------------------------------------------------- measures

def _match(value: str, wanted: str | None) -> bool:
    return wanted is None or value.casefold() == wanted.casefold()


class _Calc:
    """All metrics over one dataset and as-of date; periods and filters are per call."""

    def __init__(self, data: Data, as_of: date) -> None:
        self.d = data
        self.as_of = as_of
        dates = [e.date for e in data.entries] + [i.date for i in data.invoices]
        self.data_span: Period | None = (
            (min(dates).replace(day=1), _month_last(max(dates).year, max(dates).month)) if dates else None)
        entry_dates = [e.date for e in data.entries]
        self.entry_span: Period | None = (
            (min(entry_dates).replace(day=1), _month_last(max(entry_dates).year, max(entry_dates).month))
            if entry_dates else None)

    def default_span(self, metric: str) -> Period | None:
        """What "all data" means when a metric needs a calendar (capacity, license months)."""
        if metric == "utilization_pct":
            return self.entry_span
        if metric in ("license_cost", "profit", "margin_pct"):
            return self.data_span
        return None

    # --- row selections
    def invoices(self, f: Filters, p: Period | None) -> list[Invoice]:
        return [i for i in self.d.invoices if i.status not in _COUNTED_OUT and _inside(i.date, p)
                and _match(i.client, f.get("client"))]

    def overdue_invoices(self, f: Filters, p: Period | None) -> list[Invoice]:
        return [i for i in self.invoices(f, p) if i.status == "overdue"
                or (i.status in ("unpaid", "pending") and i.due is not None and i.due < self.as_of)]

    def entries(self, f: Filters, p: Period | None) -> list[Entry]:
        return [e for e in self.d.entries if _inside(e.date, p) and _match(e.client, f.get("client"))
                and _match(e.staff, f.get("staff"))]

    def license_span(self, p: Period | None) -> Period | None:
        return p or self.data_span

    def licenses(self, f: Filters, p: Period | None) -> list[License]:
        span = self.license_span(p)
        if span is None:
            return []
        return [lic for lic in self.d.licenses if lic.active and _overlaps(span, lic.start, lic.end)
                and _match(lic.client, f.get("client")) and _match(lic.vendor, f.get("vendor"))
                and _match(lic.product, f.get("product"))]

    def expenses(self, f: Filters, p: Period | None) -> list[Expense]:
        return [x for x in self.d.expenses if _inside(x.date, p) and _match(x.client, f.get("client"))
                and _match(x.vendor, f.get("vendor")) and _match(x.category, f.get("category"))]

    def budgets(self, f: Filters, p: Period | None) -> list[Budget]:
        months = set(months_of(p)) if p else None
        return [b for b in self.d.budgets if (months is None or b.month in months)
                and _match(b.client, f.get("client")) and _match(b.category, f.get("category"))]

    def staff_in_scope(self, f: Filters, p: Period | None) -> list[str]:
        names = dict.fromkeys(self.d.staff)
        names.update(dict.fromkeys(e.staff for e in self.entries({}, p)))
        return [n for n in names if _match(n, f.get("staff"))]

    # --- additive measures
    def revenue(self, f: Filters, p: Period | None) -> Decimal:
        return sum((i.amount for i in self.invoices(f, p)), Decimal(0))

    def labor_cost(self, f: Filters, p: Period | None) -> Decimal:
        total = Decimal(0)
        for e in self.entries(f, p):
            rate = e.rate if e.rate is not None else self.d.staff.get(e.staff, (None, 0))[0]
            if rate is None:
                raise TruthError(f"time entry of {e.staff} on {e.date} has no cost rate at all")
            total += e.hours * rate
        return total

    def hours(self, f: Filters, p: Period | None, billable_only: bool) -> Decimal:
        return sum((e.hours for e in self.entries(f, p) if e.billable or not billable_only), Decimal(0))

    def capacity(self, f: Filters, p: Period | None) -> Decimal:
        span = p or self.entry_span
        if span is None:
            return Decimal(0)
        days = weekdays(span)
        return sum((self.d.staff.get(n, (None, Decimal(40)))[1] * days / 5 for n in self.staff_in_scope(f, p)),
                   Decimal(0))

    def license_monthly(self, lic: License) -> Decimal:
        if lic.cost_per_seat is not None:
            return lic.cost_per_seat * lic.seats
        if lic.total_cost is None or lic.start is None or lic.end is None:
            raise TruthError(f"license {lic.product} of {lic.client} cannot be costed")
        return lic.total_cost / len(months_of((lic.start, lic.end)))

    def license_cost(self, f: Filters, p: Period | None) -> Decimal:
        span = self.license_span(p)
        total = Decimal(0)
        for lic in self.licenses(f, p):
            months = 0
            for y, m in months_of(span):
                part = _clip((date(y, m, 1), _month_last(y, m)), span)
                if part and _overlaps(part, lic.start, lic.end):
                    months += 1
            total += self.license_monthly(lic) * months
        return total

    def license_waste(self, f: Filters, p: Period | None) -> Decimal:
        return sum((max(lic.seats - lic.used, 0) * self.license_monthly(lic) / lic.seats
                    for lic in self.licenses(f, p)), Decimal(0))

    def spend(self, f: Filters, p: Period | None) -> Decimal:
        return sum((x.amount for x in self.expenses(f, p)), Decimal(0))

    def budget(self, f: Filters, p: Period | None) -> Decimal:
        return sum((b.amount for b in self.budgets(f, p)), Decimal(0))

    # --- metrics
    def metric(self, name: str, f: Filters, p: Period | None) -> Number:
        def ratio(num: Decimal, den: Decimal, scale: Decimal = _HUNDRED) -> Decimal | None:
            return None if den == 0 else num / den * scale

        if name == "revenue":
            return self.revenue(f, p)
        if name == "labor_cost":
            return self.labor_cost(f, p)
        if name == "license_cost":
            return self.license_cost(f, p)
        if name in ("profit", "margin_pct"):
            revenue = self.revenue(f, p)
            profit = revenue - self.labor_cost(f, p) - self.license_cost(f, p)
            return profit if name == "profit" else ratio(profit, revenue)
        if name == "billable_hours":
            return self.hours(f, p, True)
        if name == "total_hours":
            return self.hours(f, p, False)
        if name == "billable_ratio_pct":
            return ratio(self.hours(f, p, True), self.hours(f, p, False))
        if name == "utilization_pct":
            return ratio(self.hours(f, p, True), self.capacity(f, p))
        if name == "license_utilization_pct":
            lics = self.licenses(f, p)
            return ratio(Decimal(sum(x.used for x in lics)), Decimal(sum(x.seats for x in lics)))
        if name == "unused_seats":
            return sum(max(x.seats - x.used, 0) for x in self.licenses(f, p))
        if name == "license_waste":
            return self.license_waste(f, p)
        if name == "spend":
            return self.spend(f, p)
        if name == "budget":
            return self.budget(f, p)
        if name in ("budget_variance", "budget_variance_pct"):
            budget = self.budget(f, p)
            variance = self.spend(f, p) - budget
            return variance if name == "budget_variance" else ratio(variance, budget)
        if name == "effective_rate":
            return ratio(self.revenue(f, p), self.hours(f, p, True), Decimal(1))
        if name == "overdue_amount":
            return sum((i.amount for i in self.overdue_invoices(f, p)), Decimal(0))
        if name == "invoice_count":
            return len(self.invoices(f, p))
        if name == "client_count":
            status = (f.get("status") or "active").lower()
            return sum(1 for s in self.d.clients.values() if s == status)
        raise TruthError(f"unknown metric {name!r}")

    # --- groups
    def _records(self, metric: str, f: Filters, p: Period | None) -> Iterable[tuple[dict[str, str], Period]]:
        """(dimensions, dates covered) of every row the metric reads: the groups that exist."""
        def point(d: date) -> Period:
            return d, d

        if metric in ("revenue", "invoice_count", "profit", "margin_pct", "effective_rate"):
            yield from (({"client": i.client}, point(i.date)) for i in self.invoices(f, p))
        if metric == "overdue_amount":
            yield from (({"client": i.client}, point(i.date)) for i in self.overdue_invoices(f, p))
        if metric in ("labor_cost", "total_hours", "billable_hours", "billable_ratio_pct", "profit",
                      "margin_pct", "effective_rate"):
            billable_only = metric in ("billable_hours", "effective_rate")
            yield from (({"client": e.client, "staff": e.staff}, point(e.date)) for e in self.entries(f, p)
                        if e.billable or not billable_only)
        if metric in ("license_cost", "profit", "margin_pct", "license_utilization_pct", "unused_seats",
                      "license_waste"):
            span = self.license_span(p)
            for lic in self.licenses(f, p):
                term = _clip(span, (lic.start or span[0], lic.end or span[1]))
                yield {"client": lic.client, "vendor": lic.vendor, "product": lic.product}, term
        if metric in ("spend", "budget_variance", "budget_variance_pct"):
            yield from (({"client": x.client, "vendor": x.vendor, "category": x.category}, point(x.date))
                        for x in self.expenses(f, p))
        if metric in ("budget", "budget_variance", "budget_variance_pct"):
            for b in self.budgets(f, p):
                yield {"client": b.client, "category": b.category}, (date(*b.month, 1), _month_last(*b.month))
        if metric == "utilization_pct":
            span = p or self.entry_span
            for name in self.staff_in_scope(f, p):
                yield {"staff": name}, span

    def labels(self, metric: str, group: str, f: Filters, p: Period | None) -> list[str]:
        found: set[str] = set()
        for dims, (start, end) in self._records(metric, f, p):
            if group in _TIME:
                label = _month_label if group == "month" else _quarter_label
                found.update(label(date(y, m, 1)) for y, m in months_of((start, end)))
            elif dims.get(group):
                found.add(dims[group])
        return sorted(found)

    def group_value(self, metric: str, group: str, label: str, f: Filters, p: Period | None) -> Number:
        if group in _TIME:
            part = _label_period(group, label)
            base = p or self.default_span(metric)
            return self.metric(metric, f, _clip(part, base) if base else part)
        return self.metric(metric, {**f, group: label}, p)


# ----------------------------------------------------------------------------- public API

def _round(metric: str, value: Number) -> float | int | None:
    if value is None:
        return None
    if UNITS[metric] in ("count", "seats"):
        return int(value)
    return float(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _period(raw: dict | None) -> Period | None:
    if raw is None:
        return None
    return date.fromisoformat(raw["start"]), date.fromisoformat(raw["end"])


def _sort_key(order: str | None) -> Callable[[tuple[str, Number]], tuple]:
    def key(item: tuple[str, Number]) -> tuple:
        label, value = item
        if order is None:
            return (label,)
        if value is None:
            return (1, 0, label)
        return (0, -value if order == "desc" else value, label)
    return key


def _change(current: Number, previous: Number) -> tuple[Number, Decimal | None]:
    if current is None or previous is None:
        return None, None
    change = current - previous
    return change, (None if previous == 0 else Decimal(change) / abs(Decimal(previous)) * _HUNDRED)


def check_intent(intent: dict) -> None:
    """Reject intents that mean nothing under SPEC (unknown metric, impossible grouping/filter)."""
    metric = intent.get("metric")
    if metric not in UNITS:
        raise TruthError(f"unknown metric {metric!r}")
    allowed = GROUPINGS[metric]
    if intent.get("group_by") and intent["group_by"] not in allowed:
        raise TruthError(f"{metric} cannot be grouped by {intent['group_by']}")
    for key in intent.get("filters") or {}:
        if key == "status" and metric == "client_count":
            continue
        if key in _TIME or key not in allowed:
            raise TruthError(f"{metric} cannot be filtered by {key}")
    if intent.get("compare") and (intent.get("period") is None or intent.get("group_by") in _TIME):
        raise TruthError("compare needs a period and a grouping that is not a time bucket")
    if intent.get("limit") is not None and not intent.get("order"):
        raise TruthError("limit without order")


def compute(dataset_dir: Path, intent: dict, as_of: date) -> dict:
    """The expected result of `intent` over the CSVs in `dataset_dir`, as of `as_of`.

    Returns {"value", "unit", "rows": [{"label", "value"[, "previous", "change", "change_pct"]}],
    and with compare also "previous_value", "change", "change_pct", "previous_period"}.
    """
    check_intent(intent)
    calc = _Calc(load(Path(dataset_dir)), as_of)
    metric, group = intent["metric"], intent.get("group_by")
    filters: Filters = dict(intent.get("filters") or {})
    period = _period(intent.get("period"))
    order, limit = intent.get("order"), intent.get("limit")
    compare = bool(intent.get("compare"))
    prev = previous_period(period) if compare else None

    total = calc.metric(metric, filters, period)
    result: dict = {"value": _round(metric, total), "unit": UNITS[metric], "rows": []}
    if group:
        pairs = [(label, calc.group_value(metric, group, label, filters, period))
                 for label in calc.labels(metric, group, filters, period)]
        pairs.sort(key=_sort_key(order))
        if limit is not None:
            pairs = pairs[:limit]
        for label, value in pairs:
            row = {"label": label, "value": _round(metric, value)}
            if prev is not None:
                before = calc.group_value(metric, group, label, filters, prev)
                change, pct = _change(value, before)
                row.update(previous=_round(metric, before), change=_round(metric, change),
                           change_pct=_round("margin_pct", pct))
            result["rows"].append(row)
        if order and limit is not None:
            result["value"] = result["rows"][0]["value"] if result["rows"] else None
    if prev is not None:
        before = calc.metric(metric, filters, prev)
        change, pct = _change(total, before)
        result.update(previous_value=_round(metric, before), change=_round(metric, change),
                      change_pct=_round("margin_pct", pct),
                      previous_period={"start": prev[0].isoformat(), "end": prev[1].isoformat()})
    return result
