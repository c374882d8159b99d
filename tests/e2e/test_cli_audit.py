"""The governance commands, run as a user runs them: `python app.py audit|role ...` in a subprocess."""
from __future__ import annotations

import csv
import getpass
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text, update

from config.settings import PROJECT_ROOT, Settings
from core.governance.audit import AuditEvent, AuditLog
from core.governance.keys import load_key
from storage.db import Database
from storage.governance import audit_events

pytestmark = pytest.mark.e2e
APP = PROJECT_ROOT / "app.py"


def run(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, str(APP), *args], env=env, cwd=cwd, capture_output=True, text=True,
                            timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture
def env(settings: Settings, database: Database) -> dict[str, str]:
    """The subprocess sees the test's database, data dir and key, and nothing from the developer's shell."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("MOAT_")}
    return {**base, "MOAT_DATA_DIR": str(settings.data_dir), "MOAT_DATABASE_URL": database.url,
            "MOAT_SECRET_KEY": settings.secret_key, "MOAT_ADMINS": "UBOSS"}


def test_verify_exit_codes(env: dict[str, str], settings: Settings, database: Database, tmp_path: Path) -> None:
    log = AuditLog(database, load_key(settings))
    for n in range(3):
        log.record(AuditEvent(actor_id="U0ALICE", actor_name="Alice", role="analyst", action="upload",
                              target=f"snap-{n}"))
    ok = run(env, tmp_path, "audit", "verify")
    assert (ok.returncode, ok.stdout.strip()) == (0, "audit log intact: 3 events verified")

    with database.begin() as conn:  # an attacker with database rights: drop the guard, rewrite event 2
        conn.execute(text("DROP TRIGGER audit_events_no_update" if database.is_sqlite
                          else "DROP TRIGGER audit_events_no_update_delete ON audit_events"))
        conn.execute(update(audit_events).where(audit_events.c.seq == 2).values(target="snap-forged"))
    tampered = run(env, tmp_path, "audit", "verify")
    assert tampered.returncode == 1
    assert "TAMPERED at event 2: event 2 was changed" in tampered.stdout
    as_json = run(env, tmp_path, "audit", "verify", "--json")
    assert as_json.returncode == 1
    assert json.loads(as_json.stdout) | {"problem": None} == {
        "ok": False, "events_checked": 1, "first_bad_seq": 2, "problem": None}


def test_roles_and_export(env: dict[str, str], database: Database, tmp_path: Path) -> None:
    if not database.is_sqlite:
        pytest.skip("the database side is covered on both databases by tests/unit; one is enough here")
    assert run(env, tmp_path, "role", "set", "UANNA", "analyst", "--reviewer").stdout.strip() == \
        "UANNA is now analyst with the reviewer grant"
    listing = json.loads(run(env, tmp_path, "role", "list", "--json").stdout)
    assert [(r["user_id"], r["role"], r["reviewer"], r["source"]) for r in listing] == [
        ("UANNA", "analyst", True, "assigned"), ("UBOSS", "admin", False, "MOAT_ADMINS")]

    bad_role = run(env, tmp_path, "role", "set", "UANNA", "superuser")
    assert bad_role.returncode == 2
    assert bad_role.stderr.strip() == "error: unknown role 'superuser'; roles are: admin, analyst, viewer"
    bad_date = run(env, tmp_path, "audit", "export", "--since", "2025-13-01")
    assert (bad_date.returncode, bad_date.stderr.strip()) == (
        2, "error: --since must be a date as YYYY-MM-DD, got '2025-13-01'")

    out = tmp_path / "audit.csv"
    exported = run(env, tmp_path, "audit", "export", "--format", "csv", "--output", str(out))
    assert exported.returncode == 0 and exported.stderr.strip() == f"exported 1 audit event to {out}"
    with out.open(newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert (row["action"], row["actor_id"], row["target"]) == ("role_changed", f"cli:{getpass.getuser()}", "UANNA")
    assert run(env, tmp_path, "audit", "verify").returncode == 0
