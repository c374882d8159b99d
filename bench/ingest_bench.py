"""Time ingestion of a large time-entries CSV against a bare `pandas.read_csv` of the same file.

Target (brief): 1,000,000 rows ingested into a fresh SQLite data dir in <= 8x the time of the bare
read, with peak RSS <= 1.5 GB, on a 2-core machine. The ingest runs in a child process through
`Service.upload` (permission check, raw store, validation, upsert, audit: everything a Slack upload
does), so its peak RSS is its own.

    .venv/bin/python bench/ingest_bench.py [--rows 1000000] [--chunk-rows 50000]
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CLIENTS = [f"{name} {kind}" for name, kind in zip(
    ["Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Wonka", "Cyberdyne", "Soylent", "Tyrell",
     "Hooli", "Vandelay", "Pied Piper", "Oscorp", "Aperture", "Monarch", "Gringotts", "Dunder", "Nakatomi", "Duff"],
    ["Corp", "Inc", "LLC", "Ltd", "Industries"] * 4)]
STAFF = [f"{first} {last}" for first, last in zip(
    ["Jane", "Mike", "Sarah", "Tom", "Ana", "Raj", "Li", "Omar", "Eva", "Sam", "Kim", "Noah", "Ivy", "Leo", "Mia"],
    ["Doe", "Johnson", "Williams", "Brown", "Silva", "Patel", "Wang", "Haddad", "Novak", "Lee", "Park", "Kent",
     "Chen", "Rossi", "Berg"])]
TASKS = ["Backup verification", "Password reset", "Patch rollout, phase 2", "User onboarding", "Firewall review",
         'Printer "jam" again', "Mailbox migration", "Security configuration", "VPN troubleshooting"]
PROJECTS = ["Support Services", "Software Implementation", "Network Upgrade", "Cloud Migration"]
FIRST_DAY = date(2024, 1, 1)


def generate(path: Path, rows: int, seed: int = 42) -> None:
    rng = random.Random(seed)
    days = [(FIRST_DAY + timedelta(days=d)).isoformat() for d in range(730)]
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["client_name", "staff_name", "staff_email", "date", "hours", "rate", "project_name",
                         "task_description", "billable"])
        for _ in range(rows):
            staff = rng.choice(STAFF)
            writer.writerow([rng.choice(CLIENTS), staff, staff.lower().replace(" ", ".") + "@msp.example",
                             rng.choice(days), f"{rng.uniform(0.25, 8):.2f}", rng.choice((95, 110, 125, 140, 175)),
                             rng.choice(PROJECTS), rng.choice(TASKS), rng.choice(("True", "True", "False"))])


def child(csv_path: Path, data_dir: Path, chunk_rows: int) -> None:
    """Runs in its own process: one upload, then its wall time, counts and peak RSS as JSON."""
    from config.settings import load_settings
    from core.governance.policy import Actor
    from core.service import Service

    settings = load_settings(data_dir=data_dir, database_url=None, secret_key="bench", chunk_rows=chunk_rows)
    service = Service(settings, load_language_model=False)
    service.db  # noqa: B018 - open and migrate the database before the clock starts
    started = time.perf_counter()
    report = service.upload(csv_path, csv_path.name, Actor.cli("bench"))
    seconds = time.perf_counter() - started
    (sheet,) = report.files
    print(json.dumps({"seconds": seconds, "inserted": sheet.rows_inserted, "rejected": sheet.rows_rejected,
                      "warnings": sheet.warnings, "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--chunk-rows", type=int, default=50_000)
    parser.add_argument("--child", nargs=2, metavar=("CSV", "DATA_DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]), args.chunk_rows)
        return

    import pandas as pd

    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as tmp:
        csv_path = Path(tmp) / "time_entries.csv"
        generate(csv_path, args.rows)
        size_mb = csv_path.stat().st_size / 1e6
        started = time.perf_counter()
        pd.read_csv(csv_path)
        baseline = time.perf_counter() - started
        run = subprocess.run([sys.executable, __file__, "--chunk-rows", str(args.chunk_rows), "--child",
                              str(csv_path), str(Path(tmp) / "data")], capture_output=True, text=True, check=False)
        if run.returncode != 0:
            sys.exit(f"ingest failed:\n{run.stderr}")
        result = json.loads(run.stdout.strip().splitlines()[-1])
    seconds = result["seconds"]
    print(f"rows:              {args.rows:,} ({size_mb:.1f} MB CSV), chunk_rows {args.chunk_rows:,}")
    print(f"pandas.read_csv:   {baseline:.2f} s (bare baseline)")
    print(f"ingest (upload):   {seconds:.2f} s, {args.rows / seconds:,.0f} rows/s, "
          f"{seconds / baseline:.1f}x the baseline (target <= 8x)")
    print(f"peak RSS (ingest): {result['max_rss_kb'] / 1024:.0f} MB (target <= 1,536 MB)")
    print(f"stored:            {result['inserted']:,} inserted, {result['rejected']:,} rejected; "
          f"warnings: {result['warnings'] or 'none'}")


if __name__ == "__main__":
    main()
