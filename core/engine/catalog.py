"""What is in the data: names, sizes, date ranges and freshness.

The question parser needs the real client, staff, vendor, product and category names to
recognise them in a question (and to suggest the closest one for a typo); the query layer needs
them to resolve a filter to every stored spelling; the Slack status shows row counts and how
fresh each entity is. Building it costs a few DISTINCT/MIN/MAX queries, so it is cached per
database and rebuilt only when a cheap fingerprint (snapshot activity, highest row ids) changes:
calling it once per question is fine.
"""
from __future__ import annotations

import difflib
import threading
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Connection, func, select, union

from core.entities import ENTITIES, normalize_name
from core.engine.measures import month_end
from storage.db import Database
from storage.tables import DATA_TABLES, snapshots

DIMENSIONS = ("client", "staff", "vendor", "product", "category")
# dimension -> (table, column) pairs holding its values.
_SOURCES: dict[str, tuple[tuple[str, str], ...]] = {
    "staff": (("staff", "staff_name"), ("time_entries", "staff_name")),
    "vendor": (("licenses", "vendor"), ("expenses", "vendor")),
    "product": (("licenses", "product"),),
    "category": (("expenses", "category"), ("budgets", "category")),
}
# entity -> (first date column, last date column) for its date range.
_DATE_COLUMNS = {"invoices": ("date", "date"), "time_entries": ("date", "date"), "expenses": ("date", "date"),
                 "licenses": ("start_date", "end_date"), "budgets": ("month", "month")}


@dataclass(frozen=True)
class ClientEntry:
    name: str
    status: str  # active, inactive, prospect or unknown (created by a reference)


@dataclass(frozen=True)
class EntityStats:
    rows: int
    first: date | None  # earliest date in the entity's rows (license start, budget month start)
    last: date | None  # latest date (license end, budget month end)
    latest_snapshot: datetime | None  # freshness: when the newest active snapshot of this entity was taken

    def to_json(self) -> dict:
        return {"rows": self.rows, "first": self.first.isoformat() if self.first else None,
                "last": self.last.isoformat() if self.last else None,
                "latest_snapshot": self.latest_snapshot.isoformat() if self.latest_snapshot else None}


@dataclass(frozen=True)
class Catalog:
    clients: tuple[ClientEntry, ...]
    # dimension -> normalized name -> every stored spelling of it (sorted); "client" included.
    spellings_by_dimension: dict[str, dict[str, tuple[str, ...]]]
    currencies: tuple[str, ...]
    entities: dict[str, EntityStats] = field(default_factory=dict)

    def names(self, dimension: str) -> tuple[str, ...]:
        """One display name per distinct value (the staff table's spelling wins for staff), sorted."""
        return tuple(sorted((spellings[0] for spellings in self.spellings_by_dimension[dimension].values()),
                            key=str.casefold))

    def spellings(self, dimension: str, value: str) -> tuple[str, ...]:
        """Every stored spelling equal to `value` ignoring case and spacing; () when unknown."""
        return self.spellings_by_dimension[dimension].get(normalize_name(value), ())

    def closest(self, dimension: str, value: str, n: int = 3) -> list[str]:
        """Names that look like `value` (typos, partial names), best first."""
        by_key = {normalize_name(name): name for name in self.names(dimension)}
        wanted = normalize_name(value)
        found = difflib.get_close_matches(wanted, list(by_key), n=n, cutoff=0.6)
        found += [k for k in by_key if wanted and wanted in k and k not in found]
        return [by_key[k] for k in found[:n]]

    @property
    def staff(self) -> tuple[str, ...]:
        return self.names("staff")

    @property
    def vendors(self) -> tuple[str, ...]:
        return self.names("vendor")

    @property
    def products(self) -> tuple[str, ...]:
        return self.names("product")

    @property
    def categories(self) -> tuple[str, ...]:
        return self.names("category")

    def to_json(self) -> dict:
        return {"clients": [{"name": c.name, "status": c.status} for c in self.clients],
                "staff": list(self.staff), "vendors": list(self.vendors), "products": list(self.products),
                "categories": list(self.categories), "currencies": list(self.currencies),
                "entities": {name: stats.to_json() for name, stats in self.entities.items()}}


_cache: dict[str, tuple[tuple, Catalog]] = {}
_cache_lock = threading.Lock()


def catalog(db: Database) -> Catalog:
    """The catalog of `db`, from cache unless the data changed since it was built."""
    with db.connect() as conn:
        stamp = _fingerprint(conn)
        with _cache_lock:
            cached = _cache.get(db.url)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        built = _build(conn)
    with _cache_lock:
        _cache[db.url] = (stamp, built)
    return built


def _fingerprint(conn: Connection) -> tuple:
    """Changes whenever rows are added (ids grow), a snapshot is taken or one is rolled back."""
    parts = [select(func.count()).select_from(snapshots).scalar_subquery(),
             select(func.max(snapshots.c.created_at)).scalar_subquery(),
             select(func.max(snapshots.c.rolled_back_at)).scalar_subquery()]
    parts += [select(func.max(table.c.id)).scalar_subquery() for table in DATA_TABLES.values()]
    return tuple(conn.execute(select(*parts)).one())


def _distinct(conn: Connection, pairs: tuple[tuple[str, str], ...]) -> dict[str, tuple[str, ...]]:
    queries = [select(DATA_TABLES[t].c[c].label("v")).where(DATA_TABLES[t].c[c].is_not(None)).distinct()
               for t, c in pairs]
    grouped: dict[str, set[str]] = {}
    for (value,) in conn.execute(union(*queries) if len(queries) > 1 else queries[0]):
        if value.strip():
            grouped.setdefault(normalize_name(value), set()).add(value)
    return {key: tuple(sorted(values)) for key, values in grouped.items()}


def _build(conn: Connection) -> Catalog:
    clients_table = DATA_TABLES["clients"]
    clients = tuple(ClientEntry(name, status or "unknown") for name, status in conn.execute(
        select(clients_table.c.client_name, clients_table.c.status).order_by(clients_table.c.client_name)))
    spellings = {dim: _distinct(conn, pairs) for dim, pairs in _SOURCES.items()}
    spellings["client"] = {normalize_name(c.name): (c.name,) for c in clients}
    # The staff table's spelling is the display name when time entries spell a person differently.
    staff_table = DATA_TABLES["staff"]
    for (name,) in conn.execute(select(staff_table.c.staff_name)):
        key = normalize_name(name)
        spellings["staff"][key] = (name, *(s for s in spellings["staff"].get(key, ()) if s != name))
    invoices = DATA_TABLES["invoices"]
    currencies = tuple(sorted({c.upper() for (c,) in conn.execute(
        select(invoices.c.currency).where(invoices.c.currency.is_not(None)).distinct())}))
    return Catalog(clients, spellings, currencies, _entity_stats(conn))


def _entity_stats(conn: Connection) -> dict[str, EntityStats]:
    fresh = dict(conn.execute(select(snapshots.c.entity, func.max(snapshots.c.created_at))
                              .where(snapshots.c.status == "active").group_by(snapshots.c.entity)).all())
    stats = {}
    for name in ENTITIES:
        table = DATA_TABLES[name]
        columns = [func.count()]
        if name in _DATE_COLUMNS:
            first, last = _DATE_COLUMNS[name]
            columns += [func.min(table.c[first]), func.max(table.c[last])]
        rows, *bounds = conn.execute(select(*columns).select_from(table)).one()
        first_date, last_date = (bounds or [None, None])
        if name == "budgets" and first_date is not None:
            first_date, last_date = _month_bounds(first_date, last_date)
        stats[name] = EntityStats(int(rows), first_date, last_date, fresh.get(name))
    return stats


def _month_bounds(first_month: str, last_month: str) -> tuple[date, date]:
    first = date(int(first_month[:4]), int(first_month[5:7]), 1)
    return first, month_end(date(int(last_month[:4]), int(last_month[5:7]), 1))
