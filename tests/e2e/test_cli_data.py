"""`ingest`, `snapshots` and `rollback` as a user runs them: `python app.py ...` in a subprocess."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import PROJECT_ROOT, Settings
from storage.db import Database
from tests.conftest import UPSTREAM

pytestmark = pytest.mark.e2e
APP = PROJECT_ROOT / "app.py"
UPSTREAM_FILES = [UPSTREAM / name for name in ("clients.csv", "invoices.csv", "licenses.csv", "time_logs.csv")]


def run(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, str(APP), *args], env=env, cwd=cwd, capture_output=True, text=True,
                            timeout=120)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    return result


@pytest.fixture
def env(settings: Settings, database: Database) -> dict[str, str]:
    """The subprocess sees the test's database, data dir and key, and nothing from the developer's shell."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("MOAT_")}
    return {**base, "MOAT_DATA_DIR": str(settings.data_dir), "MOAT_DATABASE_URL": database.url,
            "MOAT_SECRET_KEY": settings.secret_key}


def test_ingest_upstream_files_then_again(env: dict[str, str], tmp_path: Path) -> None:
    first = run(env, tmp_path, "ingest", *map(str, UPSTREAM_FILES))
    assert first.returncode == 0, first.stderr
    blocks = first.stdout.strip().split("\n\n")
    assert [b.splitlines()[0] for b in blocks] == [
        "clients.csv: clients, 10 of 10 rows accepted -> snapshot S000001 (10 inserted, 0 updated, 0 unchanged)",
        "invoices.csv: invoices, 50 of 50 rows accepted -> snapshot S000002 (50 inserted, 0 updated, 0 unchanged)",
        "licenses.csv: licenses, 30 of 30 rows accepted -> snapshot S000003 (30 inserted, 0 updated, 0 unchanged)",
        "time_logs.csv: time_entries, 200 of 200 rows accepted -> snapshot S000004 (200 inserted, 0 updated, "
        "0 unchanged)"]
    again = run(env, tmp_path, "ingest", "--json", "--as", "alice", *map(str, UPSTREAM_FILES))
    assert again.returncode == 0
    files = json.loads(again.stdout)["files"]
    assert set(files[0]) >= {"file", "sheet", "entity", "snapshot_id", "rows_total", "rows_accepted",
                             "rows_rejected", "rejected", "warnings"}
    assert [(f["entity"], f["rows_rejected"], f["rows_inserted"], f["rows_updated"], f["rows_unchanged"])
            for f in files] == [("clients", 0, 0, 0, 10), ("invoices", 0, 0, 0, 50), ("licenses", 0, 0, 0, 30),
                                ("time_entries", 0, 0, 0, 200)]
    listed = json.loads(run(env, tmp_path, "snapshots", "--json").stdout)["snapshots"]
    assert [(s["id"], s["uploader"].split(":")[0]) for s in listed][:2] == [("S000008", "cli"), ("S000007", "cli")]
    assert listed[0]["uploader"] == "cli:alice" and listed[-1]["id"] == "S000001"


def test_exit_codes_and_messages(env: dict[str, str], tmp_path: Path) -> None:
    good = tmp_path / "staff.csv"
    good.write_text("staff_name,hourly_cost\nJane,50\n")
    rejected = tmp_path / "time.csv"
    rejected.write_text("client,staff_name,date,hours\nAcme,Jane,2025-01-01,0\n")
    unknown = tmp_path / "notes.csv"
    unknown.write_text("topic,text\nx,y\n")
    pdf = tmp_path / "report.csv"
    pdf.write_bytes(b"%PDF-1.7 binary")

    missing = run(env, tmp_path, "ingest", str(good), str(tmp_path / "nope.csv"))
    assert missing.returncode == 2 and "nope.csv: no such file" in missing.stderr
    assert run(env, tmp_path, "ingest", str(tmp_path)).returncode == 2
    assert "no snapshots yet" in run(env, tmp_path, "snapshots").stdout  # nothing was stored

    mixed = run(env, tmp_path, "ingest", str(good), str(rejected), str(unknown), str(pdf))
    assert mixed.returncode == 1
    text = mixed.stdout
    assert "staff.csv: staff, 1 of 1 rows accepted -> snapshot S000001" in text
    assert "time.csv: NOT STORED: no valid rows: 1 row rejected\n  1 row rejected:\n    row 2, hours: must be > 0: 0" \
           in text
    assert "notes.csv: NOT STORED: could not tell what this file holds: closest is" in text
    assert "report.csv: NOT STORED: this is a PDF, not a CSV or Excel file" in text

    as_json = json.loads(run(env, tmp_path, "ingest", "--json", str(rejected)).stdout)["files"][0]
    assert (as_json["snapshot_id"], as_json["error"], as_json["rejected"]) == (
        None, "no valid rows: 1 row rejected", [{"row": 2, "column": "hours", "reason": "must be > 0: 0"}])


def test_rollback_from_the_command_line(env: dict[str, str], tmp_path: Path) -> None:
    data = tmp_path / "invoices.csv"
    data.write_text("invoice_number,client,date,total_amount\nI-1,Acme,2025-01-01,10\n")
    assert run(env, tmp_path, "ingest", str(data)).returncode == 0
    done = run(env, tmp_path, "rollback", "S000001")
    assert done.returncode == 0
    assert done.stdout.startswith("rolled back S000001 (invoices): 1 rows deleted, 0 restored, 1 clients deleted")
    twice = run(env, tmp_path, "rollback", "S000001", "--json")
    assert twice.returncode == 2 and "S000001 was already rolled back" in twice.stderr
    unknown = run(env, tmp_path, "rollback", "S000042")
    assert unknown.returncode == 2 and "no snapshot 'S000042'" in unknown.stderr
    listed = run(env, tmp_path, "snapshots").stdout
    assert listed.startswith("S000001 ") and "(rolled back)" in listed
