"""Time the query engine on a large SQLite database and print the figures.

The target (brief): utilization_pct grouped by staff for one quarter over 1,000,000 time
entries in <= 300 ms on a 2-core machine. The database is generated once (rows inserted with
executemany, bypassing ingestion) and reused when the path already holds one, so repeated runs
measure queries only.

    .venv/bin/python bench/query_bench.py [DB_PATH] [--entries N] [--runs 5]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select  # noqa: E402

from config.settings import load_settings  # noqa: E402
from core.engine import periods  # noqa: E402
from core.engine.catalog import catalog  # noqa: E402
from core.engine.intent import Intent  # noqa: E402
from core.engine.query import run_query  # noqa: E402
from storage.db import Database, open_database  # noqa: E402
from storage.tables import DATA_TABLES  # noqa: E402

FIRST_DAY = date(2024, 1, 1)
DAYS = 730  # two years of work
# ~600 technicians logging ~2.3 entries a day each for two years: a large MSP, utilization near 70 %.
CLIENTS, STAFF, INVOICES, LICENSES = 300, 600, 40_000, 900
BATCH = 50_000


def generate(db: Database, entries: int, seed: int = 7) -> None:
    """Clients, staff, invoices, licenses and `entries` time entries, deterministic for a seed."""
    rng = random.Random(seed)
    snap = "S-bench"
    with db.begin() as conn:
        conn.execute(insert(DATA_TABLES["clients"]), [
            {"nk": f"c{i}", "row_hash": "b", "snapshot_id": snap, "client_name": f"Client {i:03d}",
             "status": "active" if i % 7 else "inactive"} for i in range(CLIENTS)])
        pks = list(conn.execute(select(DATA_TABLES["clients"].c.id)).scalars())
        conn.execute(insert(DATA_TABLES["staff"]), [
            {"nk": f"s{i}", "row_hash": "b", "snapshot_id": snap, "staff_name": f"Tech {i:03d}",
             "hourly_cost": 40 + i % 30, "weekly_capacity_hours": 40.0 if i % 5 else 30.0} for i in range(STAFF)])
        conn.execute(insert(DATA_TABLES["invoices"]), [
            {"nk": f"i{i}", "row_hash": "b", "snapshot_id": snap, "client_pk": rng.choice(pks),
             "invoice_number": f"INV-{i}", "date": FIRST_DAY + timedelta(days=rng.randrange(DAYS)),
             "due_date": None, "currency": "USD", "total_amount": round(rng.uniform(100, 9000), 2),
             "status": rng.choice(("paid", "paid", "unpaid", "pending", "overdue", "void"))}
            for i in range(INVOICES)])
        conn.execute(insert(DATA_TABLES["licenses"]), [
            {"nk": f"l{i}", "row_hash": "b", "snapshot_id": snap, "client_pk": rng.choice(pks),
             "product": f"Product {i % 40}", "vendor": f"Vendor {i % 12}", "seats_purchased": 10 + i % 40,
             "seats_used": 5 + i % 37, "cost_per_seat": 5.0 + i % 50, "start_date": FIRST_DAY,
             "end_date": None, "is_active": bool(i % 9), "auto_renew": False} for i in range(LICENSES)])
    columns = ("nk", "row_hash", "snapshot_id", "client_pk", "staff_name", "date", "hours", "rate", "billable")
    sql = f"INSERT INTO time_entries ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        for start in range(0, entries, BATCH):
            rows = [(f"t{n}", "b", snap, rng.choice(pks), f"Tech {rng.randrange(STAFF):03d}",
                     (FIRST_DAY + timedelta(days=rng.randrange(DAYS))).isoformat(), round(rng.uniform(0.25, 4), 2),
                     None if rng.random() < 0.05 else float(rng.choice((80, 95, 110, 125))), int(rng.random() < 0.8))
                    for n in range(start, min(start + BATCH, entries))]
            cur.executemany(sql, rows)
        raw.commit()
    finally:
        raw.close()


def timed(fn, runs: int) -> tuple[float, object]:  # noqa: ANN001 - any callable
    """Median wall time in ms over `runs` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db_path", nargs="?", default="/tmp/moat_query_bench.db", type=Path)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    db = open_database(f"sqlite:///{args.db_path.resolve()}")
    with db.connect() as conn:
        existing = conn.execute(select(func.count()).select_from(DATA_TABLES["time_entries"])).scalar()
    if existing == 0:
        start = time.perf_counter()
        generate(db, args.entries)
        print(f"generated {args.entries:,} time entries in {time.perf_counter() - start:.1f} s -> {args.db_path}")
    else:
        print(f"reusing {args.db_path} ({existing:,} time entries)")
    settings = load_settings(database_url=None)
    as_of, quarter = date(2025, 11, 21), periods.quarter(2025, 3)
    cold, _ = timed(lambda: catalog(db), 1)
    print(f"{'catalog (cold build)':55s} {cold:8.1f} ms")
    cases = [
        ("utilization_pct by staff, Q3 2025  [target <= 300 ms]", Intent("utilization_pct", "staff", period=quarter)),
        ("utilization_pct by staff, all data", Intent("utilization_pct", "staff")),
        ("billable_hours by month, 2025", Intent("billable_hours", "month", period=periods.year(2025))),
        ("labor_cost by client, Q3 2025", Intent("labor_cost", "client", period=quarter)),
        ("margin_pct by client bottom 5, Q3 2025", Intent("margin_pct", "client", period=quarter, order="asc",
                                                          limit=5)),
        ("revenue by quarter, all data, compare n/a", Intent("revenue", "quarter")),
        ("license_waste by vendor", Intent("license_waste", "vendor")),
        ("profit, Q3 2025 vs Q2", Intent("profit", period=quarter, compare=True)),
    ]
    for title, intent in cases:
        ms, result = timed(lambda intent=intent: run_query(db, settings, intent, as_of), args.runs)
        print(f"{title:55s} {ms:8.1f} ms  (value {result.value}, {len(result.rows)} rows)")
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
