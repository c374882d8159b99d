"""`digest`, `backup` and `restore` run as an operator runs them: `python app.py ...` in a subprocess."""
from __future__ import annotations

import getpass
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from config.settings import PROJECT_ROOT, Settings
from core.service import Service
from storage.db import Database
from storage.governance import audit_events
from tests.small_dataset import load_small

pytestmark = pytest.mark.e2e
APP = PROJECT_ROOT / "app.py"
CLI_ACTOR = f"cli:{getpass.getuser()}"


def run(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, str(APP), *args], env=env, cwd=cwd, capture_output=True, text=True,
                            timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture
def env(settings: Settings) -> dict[str, str]:
    """A data dir holding the small dataset; the subprocess sees it and nothing from the developer's shell."""
    service = Service(settings, load_language_model=False)
    load_small(service.db)
    service.db.dispose()
    base = {k: v for k, v in os.environ.items() if not k.startswith(("MOAT_", "SLACK_"))}
    return {**base, "MOAT_DATA_DIR": str(settings.data_dir), "MOAT_SECRET_KEY": settings.secret_key}


def audit_actions(settings: Settings) -> list[tuple[str, str, str]]:
    db = Database(settings.resolved_database_url)
    try:
        with db.connect() as conn:
            return [(r.action, r.actor_id, r.outcome) for r in conn.execute(
                select(audit_events).order_by(audit_events.c.seq))]
    finally:
        db.dispose()


def test_digest_now_prints_the_digest_and_audits_it(env: dict[str, str], settings: Settings, tmp_path: Path) -> None:
    text = run(env, tmp_path, "digest", "--now", "--channel", "#ops", "--as-of", "2025-10-06")
    assert text.returncode == 0, text.stderr
    assert text.stdout.startswith("MoatMetrics digest: September 2025 (as of 2025-10-06)\n")
    assert "  - Revenue September 2025: $800.00 (August 2025: $1,500.00, -46.7%)" in text.stdout

    as_json = run(env, tmp_path, "digest", "--now", "--channel", "#ops", "--as-of", "2025-10-06",
                  "--sections", "budget,reviews", "--json")
    document = json.loads(as_json.stdout)
    assert document["channel"] == "#ops"
    assert [s["key"] for s in document["digest"]["sections"]] == ["budget", "reviews"]
    assert [a for a in audit_actions(settings) if a[0] == "digest_sent"] == [
        ("digest_sent", CLI_ACTOR, "ok")] * 2


@pytest.mark.parametrize(("args", "message"), [
    (("digest",), "say what to do: digest --now --channel C, or digest add|list|remove"),
    (("digest", "--now"), "digest --now needs --channel C"),
    (("digest", "--now", "--channel", "#a", "--sections", "profit"), "unknown digest section(s) profit"),
    (("digest", "add", "0 8 * *", "#a"), "invalid cron expression '0 8 * *'"),
    (("digest", "remove", "7"), "there is no digest schedule 7"),
])
def test_bad_digest_commands_exit_2_with_a_message(env: dict[str, str], tmp_path: Path, args: tuple[str, ...],
                                                  message: str) -> None:
    result = run(env, tmp_path, *args)
    assert result.returncode == 2
    assert message in result.stderr


def test_digest_add_list_remove(env: dict[str, str], tmp_path: Path) -> None:
    added = run(env, tmp_path, "digest", "add", "0 8 * * MON", "#finance", "--sections", "budget", "reviews",
                "--tz", "Europe/Paris")
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("digest schedule 1 added: 0 8 * * MON (Europe/Paris) to #finance; next run ")
    run(env, tmp_path, "digest", "add", "30 7 1 * *", "C0123")

    listing = json.loads(run(env, tmp_path, "digest", "list", "--json").stdout)
    assert [(s["id"], s["cron"], s["channel"], s["sections"], s["timezone"]) for s in listing] == [
        (1, "0 8 * * MON", "#finance", ["budget", "reviews"], "Europe/Paris"),
        (2, "30 7 1 * *", "C0123", ["profitability", "clients", "licenses", "utilization", "budget", "reviews",
                                    "freshness"], "UTC")]
    text = run(env, tmp_path, "digest", "list").stdout.splitlines()
    assert len(text) == 2 and "#finance" in text[0] and "next 20" in text[0]

    removed = run(env, tmp_path, "digest", "remove", "1")
    assert removed.returncode == 0 and removed.stdout.strip() == "digest schedule 1 removed (0 8 * * MON to #finance)"
    assert [s["id"] for s in json.loads(run(env, tmp_path, "digest", "list", "--json").stdout)] == [2]


def test_backup_then_restore(env: dict[str, str], settings: Settings, tmp_path: Path) -> None:
    archive = tmp_path / "nightly.backup"
    written = run(env, tmp_path, "backup", "--output", str(archive))
    assert written.returncode == 0, written.stderr
    assert written.stdout.startswith(f"backup written to {archive} (") and archive.is_file()
    again = run(env, tmp_path, "backup", "--output", str(archive))
    assert again.returncode == 2 and "already exists; choose another file name" in again.stderr

    target = tmp_path / "restored"
    restored = run(env, tmp_path, "restore", str(archive), "--data-dir", str(target))
    assert restored.returncode == 0, restored.stderr
    assert f"into {target}: " in restored.stdout
    assert "audit log intact: " in restored.stdout
    assert (target / "moatmetrics.db").is_file()
    report = json.loads(run(env, tmp_path, "restore", str(archive), "--data-dir", str(tmp_path / "r2"),
                            "--json").stdout)
    assert report["audit"]["ok"] is True and report["tables"]["invoices"] == 9

    refused = run(env, tmp_path, "restore", str(archive), "--data-dir", str(target))
    assert refused.returncode == 2 and "is not empty" in refused.stderr
    wrong_key = run({**env, "MOAT_SECRET_KEY": "some-other-key"}, tmp_path, "restore", str(archive),
                    "--data-dir", str(tmp_path / "r3"))
    assert wrong_key.returncode == 2
    assert "this backup was made with a different key (MOAT_SECRET_KEY / data/secret.key)" in wrong_key.stderr
    assert ("backup", CLI_ACTOR, "ok") in audit_actions(settings)


def test_a_bad_backup_cron_stops_with_a_message(env: dict[str, str], tmp_path: Path) -> None:
    result = run({**env, "MOAT_BACKUP_CRON": "every night"}, tmp_path, "digest", "list")
    assert result.returncode == 2
    assert "MOAT_BACKUP_CRON must be five crontab fields" in result.stderr
