"""Intent -> Result: validation, filters, ranking, comparison, rounding and facts.

`core.engine.measures` computes raw per-group numbers; this module turns an `Intent` into that
computation and its output into the SPEC `result`: rows in the order asked, the single value
asked for, the previous period when comparing, and the facts a reviewer needs (rows and
snapshots used, rejected rows, data gaps, currencies). Every bad intent is a `QueryError` whose
message names the valid choices, because its reader is a person or a parser that must recover.
"""
from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import Connection, func, select

from core.errors import UserError
from config.settings import Settings
from core.engine import measures
from core.engine import periods
from core.engine.catalog import DIMENSIONS, Catalog, catalog
from core.engine.intent import Facts, Intent, Result, ResultRow
from core.engine.measures import CLIENT_STATUSES, UNASSIGNED_LABELS, Computation, Scope
from core.engine.metrics import GROUPINGS, METRICS, TIME_GROUPINGS, Metric, Outcome
from core.engine.periods import Period
from storage.db import Database
from storage.tables import DATA_TABLES, snapshots

# Entities whose rows carry a date: a period outside their dates is a gap worth telling.
_DATED = {"invoices": "invoices", "time_entries": "time entries", "expenses": "expenses", "budgets": "budgets"}
# Entities whose absence makes a number incomplete (staff is optional: defaults apply).
_REQUIRED_DATA = {**_DATED, "licenses": "licenses", "clients": "clients"}


class QueryError(UserError, ValueError):
    """An intent that cannot be computed; the message says what would be valid."""


def run_query(db: Database, settings: Settings, intent: Intent, as_of: date) -> Result:
    """Compute `intent` exactly from the stored rows, as of `as_of` (for overdue invoices)."""
    metric = _metric(intent.metric)
    _check_shape(intent, metric)
    known = catalog(db)
    with db.connect() as conn:
        scope = Scope(group_by=intent.group_by, period=intent.period, as_of=as_of, currency=settings.currency,
                      client_pks=_client_pks(conn, known, intent.filters),
                      values={dim: _spellings(known, dim, value) for dim, value in intent.filters.items()
                              if dim in DIMENSIONS and dim != "client"},
                      status=intent.filters.get("status", "active").lower())
        current = measures.compute(conn, metric, scope)
        previous_period = periods.previous(intent.period) if intent.compare and intent.period else None
        previous = measures.compute(conn, metric, replace(scope, period=previous_period)) if previous_period else None
        rejected = _rows_rejected(conn, current.usage.snapshot_ids)
    return _result(metric, intent, settings, known, current, previous, previous_period, rejected)


# --------------------------------------------------------------------------- validation

def _metric(name: str) -> Metric:
    if name in METRICS:
        return METRICS[name]
    close = difflib.get_close_matches(name, list(METRICS), n=1)
    hint = f"; did you mean {close[0]}?" if close else ""
    raise QueryError(f"unknown metric {name!r}{hint} Metrics: {', '.join(METRICS)}")


def _check_shape(intent: Intent, metric: Metric) -> None:
    allowed = ", ".join(metric.groupings) or "nothing"
    if intent.group_by is not None:
        if intent.group_by not in GROUPINGS:
            raise QueryError(f"unknown grouping {intent.group_by!r}; {metric.name} can be grouped by {allowed}")
        if intent.group_by not in metric.groupings:
            raise QueryError(f"{metric.name} cannot be grouped by {intent.group_by}; "
                             f"it can be grouped by {allowed}")
    for dim, value in intent.filters.items():
        _check_filter(metric, dim, value)
    if intent.order not in (None, "asc", "desc"):
        raise QueryError(f"order must be 'asc' (bottom) or 'desc' (top), got {intent.order!r}")
    if intent.limit is not None and (isinstance(intent.limit, bool) or not isinstance(intent.limit, int)
                                     or intent.limit < 1):
        raise QueryError(f"limit (top/bottom N) must be a whole number of at least 1, got {intent.limit!r}")
    if (intent.order or intent.limit) and intent.group_by is None:
        raise QueryError(f"top/bottom N needs a grouping to rank; {metric.name} can be grouped by {allowed}")
    if intent.compare and intent.period is None:
        raise QueryError("a comparison needs a period: the previous period is computed from it "
                         "(give --from/--to or a period such as 'last quarter')")


def _check_filter(metric: Metric, dim: str, value: object) -> None:
    allowed = ", ".join(metric.filters) or "nothing"
    if dim in TIME_GROUPINGS:
        raise QueryError(f"{metric.name} cannot be filtered by {dim}: give a period instead")
    if dim not in (*DIMENSIONS, "status"):
        raise QueryError(f"unknown filter {dim!r}; {metric.name} can be filtered by {allowed}")
    if dim not in metric.filters:
        raise QueryError(f"{metric.name} cannot be filtered by {dim}; it can be filtered by {allowed}")
    if not isinstance(value, str) or not value.strip():
        raise QueryError(f"the {dim} filter needs a name, got {value!r}")
    if dim == "status" and value.lower() not in CLIENT_STATUSES:
        raise QueryError(f"unknown client status {value!r}; statuses: {', '.join(CLIENT_STATUSES)}")


def _spellings(known: Catalog, dim: str, value: str) -> tuple[str, ...]:
    found = known.spellings(dim, value)
    if found:
        return found
    close = known.closest(dim, value)
    if close:
        raise QueryError(f"no {dim} named {value!r}; closest: {', '.join(close)}")
    names = known.names(dim)
    listing = ", ".join(names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")
    raise QueryError(f"no {dim} named {value!r}; known {dim} names: {listing or 'none loaded yet'}")


def _client_pks(conn: Connection, known: Catalog, filters: dict[str, str]) -> tuple[int, ...] | None:
    if "client" not in filters:
        return None
    names = _spellings(known, "client", filters["client"])
    table = DATA_TABLES["clients"]
    return tuple(conn.execute(select(table.c.id).where(table.c.client_name.in_(names))).scalars())


def _rows_rejected(conn: Connection, snapshot_ids: Iterable[str]) -> int:
    ids = sorted(snapshot_ids)
    if not ids:
        return 0
    total = conn.execute(select(func.sum(snapshots.c.rows_rejected)).where(snapshots.c.id.in_(ids))).scalar()
    return int(total or 0)


# --------------------------------------------------------------------------- result

@dataclass
class _Row:
    key: str
    label: str
    current: Outcome
    previous: Outcome | None = None


def _half_up(value: float, places: int) -> float:
    """Round half away from zero on the shortest decimal form: 78.125 -> 78.13, as a person rounds
    (Python's round() gives 78.12: 78.125 is an exact binary half, and round() goes to even)."""
    exact = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return float(exact) + 0.0  # + 0.0 turns -0.0 into 0.0


def _rounded(unit: str, value: float | None) -> float | int | None:
    """Money, hours and percent to 2 decimals, seats and counts to whole numbers, once, at the end."""
    if value is None:
        return None
    if unit in ("seats", "count"):
        return int(_half_up(value, 0))
    return _half_up(value, 2)


def _change(unit: str, current: float | None, previous: float | None) -> tuple[float | int | None, float | None]:
    """Change and change % against the size of the previous value (a shrinking loss is a positive change)."""
    if current is None or previous is None:
        return None, None
    pct = None if previous == 0 else _half_up((current - previous) / abs(previous) * 100, 2)
    return _rounded(unit, current - previous), pct


def _rows(intent: Intent, current: Computation, previous: Computation | None) -> dict[str, _Row]:
    """One row per group of the period, and, when comparing, of the previous period too."""
    keys = list(current.groups)
    rows = {k: _Row(k, current.labels[k], current.groups[k]) for k in keys}
    if previous is not None:
        if intent.group_by in TIME_GROUPINGS:
            # Months of two periods have different labels: compare them in calendar order (a month
            # without a counterpart, when the periods differ in months, has no previous value).
            for key, prev_key in zip(sorted(keys), sorted(previous.groups)):
                rows[key].previous = previous.groups[prev_key]
        else:
            for key in previous.groups.keys() - rows.keys():  # numbers before and none now still matter
                rows[key] = _Row(key, previous.labels[key], current.empty)
            for row in rows.values():
                row.previous = previous.groups.get(row.key, previous.empty)
    return rows


def _ordered(intent: Intent, unit: str, rows: list[_Row]) -> list[_Row]:
    """Label (or calendar) order; then by value when asked, compared as shown (rounded), so equal
    numbers keep label order on every database. Undefined values, and the unassigned group
    ("(no client)": spend booked to nobody), go last in either direction: they never rank."""
    if intent.group_by in TIME_GROUPINGS:
        rows.sort(key=lambda r: r.key)
    else:
        rows.sort(key=lambda r: r.label.casefold())
    order = intent.order or ("desc" if intent.limit else None)
    if order is not None:
        sign = -1 if order == "desc" else 1
        rows.sort(key=lambda r: (r.current.value is None, r.label in UNASSIGNED_LABELS,
                                 sign * (_rounded(unit, r.current.value) or 0)))
    return rows[:intent.limit] if intent.limit else rows


def _result(metric: Metric, intent: Intent, settings: Settings, known: Catalog, current: Computation,
            previous: Computation | None, previous_period: Period | None, rejected: int) -> Result:
    unit = settings.currency if metric.unit == "money" else metric.unit
    rows = _ordered(intent, metric.unit, list(_rows(intent, current, previous).values())) if intent.group_by else []
    ranked = bool(intent.group_by and intent.limit)
    if ranked:
        first = rows[0] if rows else None
        value = first.current if first else Outcome(None, "there is nothing to rank")
        prev_value = first.previous if first else None
        value_label = first.label if first else None
    else:
        value, prev_value, value_label = current.total, previous.total if previous else None, None
    result = Result(value=_rounded(metric.unit, value.value), unit=unit,
                    rows=[_result_row(metric.unit, row) for row in rows],
                    facts=_facts(metric, intent, settings, known, current, previous, previous_period, rejected,
                                 value, value_label, rows))
    if previous_period is not None:
        result.previous_period = previous_period
        result.previous_value = _rounded(metric.unit, prev_value.value if prev_value else None)
        result.change, result.change_pct = _change(metric.unit, value.value, prev_value.value if prev_value else None)
    return result


def _result_row(unit: str, row: _Row) -> ResultRow:
    out = ResultRow(label=row.label, value=_rounded(unit, row.current.value))
    if row.previous is not None:
        out.previous = _rounded(unit, row.previous.value)
        out.change, out.change_pct = _change(unit, row.current.value, row.previous.value)
    return out


def _facts(metric: Metric, intent: Intent, settings: Settings, known: Catalog, current: Computation,
           previous: Computation | None, previous_period: Period | None, rejected: int, value: Outcome,
           value_label: str | None, rows: list[_Row]) -> Facts:
    usage = current.usage
    gaps = list(usage.gaps) + _coverage_gaps(metric, intent.period, known)
    if previous is not None and previous_period is not None:
        gaps += [f"previous period ({previous_period.label}): {gap}"
                 for gap in previous.usage.gaps + _coverage_gaps(metric, previous_period, known)
                 if gap not in usage.gaps]
    currencies = set(usage.currencies) | ({settings.currency} if metric.unit == "money" else set())
    return Facts(rows_used=dict(usage.rows_used), snapshot_ids=sorted(usage.snapshot_ids), rows_rejected=rejected,
                 gaps=gaps, currencies=sorted(currencies),
                 undefined=_undefined(metric, intent.period, value, value_label, rows),
                 data_range=_data_range(metric, known), formula=metric.formula)


def _coverage_gaps(metric: Metric, period: Period | None, known: Catalog) -> list[str]:
    gaps = []
    for entity in metric.entities:
        if entity not in _REQUIRED_DATA:
            continue
        stats = known.entities[entity]
        words = _REQUIRED_DATA[entity]
        if stats.rows == 0:
            gaps.append(f"no {words} loaded yet")
        elif (period is not None and entity in _DATED and stats.first is not None
              and (period.end < stats.first or period.start > stats.last)):
            gaps.append(f"no {words} in {period.label} — data covers {stats.first} to {stats.last}")
    return gaps


def _undefined(metric: Metric, period: Period | None, value: Outcome, value_label: str | None,
               rows: list[_Row]) -> str | None:
    where = period.label if period else "all data"
    if value.value is None:
        subject = f"{value_label} in {where}" if value_label else where
        return f"{metric.name} is undefined for {subject}: {value.undefined}"
    by_reason: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row.current.value is None:
            by_reason[row.current.undefined or "undefined"].append(row.label)
    if not by_reason:
        return None
    return "; ".join(f"{metric.name} is undefined for {', '.join(labels)}: {reason}"
                     for reason, labels in by_reason.items())


def _data_range(metric: Metric, known: Catalog) -> tuple[str, str] | None:
    stats = [known.entities[e] for e in metric.entities]
    firsts = [s.first for s in stats if s.first is not None]
    lasts = [s.last for s in stats if s.last is not None]
    if not firsts or not lasts:
        return None
    return min(firsts).isoformat(), max(lasts).isoformat()
