"""An upload killed half-way leaves nothing behind, and the same file ingests cleanly afterwards.

`python app.py ingest big.csv` (300,000 rows) is SIGKILLed while its SQLite write-ahead log is
growing, i.e. while rows are being inserted; the database must then hold no snapshot and no row.
"""
from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from config.settings import PROJECT_ROOT
from storage import tables
from storage.db import open_database

pytestmark = pytest.mark.e2e
APP = PROJECT_ROOT / "app.py"
ROWS = 300_000
KILL_AT_WAL_BYTES = 4 * 1024 * 1024  # well past the few hundred KB the schema migration writes


def _big_csv(path: Path) -> None:
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["client", "staff_name", "date", "hours", "ticket_id", "task_description"])
        for i in range(ROWS):
            writer.writerow([f"Client {i % 20}", f"Tech {i % 15}", f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
                             (i % 32 + 1) / 4, f"T{i}", "Patch rollout"])


def _counts(url: str) -> dict[str, int]:
    db = open_database(url)
    try:
        with db.connect() as conn:
            return {name: conn.execute(select(func.count()).select_from(tables.metadata.tables[name])).scalar()
                    for name in ("snapshots", "time_entries", "clients", "rejected_rows", "raw_files")}
    finally:
        db.dispose()


def test_killed_upload_stores_nothing_and_a_retry_works(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    _big_csv(big)
    data_dir = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOAT_")}
    env |= {"MOAT_DATA_DIR": str(data_dir), "MOAT_SECRET_KEY": "crash-test"}
    wal = data_dir / "moatmetrics.db-wal"

    process = subprocess.Popen([sys.executable, str(APP), "ingest", str(big)], env=env, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:
        while not (wal.exists() and wal.stat().st_size > KILL_AT_WAL_BYTES):
            assert process.poll() is None, "the upload finished before it could be killed: make the file bigger"
            assert time.monotonic() < deadline, "the write-ahead log never grew"
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    url = f"sqlite:///{(data_dir / 'moatmetrics.db').resolve()}"
    assert _counts(url) == {"snapshots": 0, "time_entries": 0, "clients": 0, "rejected_rows": 0, "raw_files": 0}

    retry = subprocess.run([sys.executable, str(APP), "ingest", str(big)], env=env, cwd=tmp_path,
                           capture_output=True, text=True, timeout=300)
    assert retry.returncode == 0, retry.stderr
    assert f"{ROWS:,} of {ROWS:,} rows accepted -> snapshot S000001" in retry.stdout
    assert _counts(url) == {"snapshots": 1, "time_entries": ROWS, "clients": 20, "rejected_rows": 0, "raw_files": 1}
