"""`python app.py query ...` run as a script or cron job runs it, against the small dataset."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import PROJECT_ROOT, Settings
from storage.db import open_database
from tests.small_dataset import load_small

pytestmark = pytest.mark.e2e
APP = PROJECT_ROOT / "app.py"
Q3 = ("--from", "2025-07-01", "--to", "2025-09-30", "--as-of", "2025-10-15")


@pytest.fixture
def env(settings: Settings) -> dict[str, str]:
    """The embedded SQLite database of a fresh data dir, loaded with tests/data/small/."""
    db = open_database(settings.resolved_database_url)
    load_small(db)
    db.dispose()
    base = {k: v for k, v in os.environ.items() if not k.startswith("MOAT_")}
    return {**base, "MOAT_DATA_DIR": str(settings.data_dir), "MOAT_SECRET_KEY": settings.secret_key}


def run(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, str(APP), "query", *args], env=env, cwd=cwd, capture_output=True,
                            text=True, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_json_document(env: dict[str, str], tmp_path: Path) -> None:
    out = run(env, tmp_path, "--metric", "margin_pct", "--group-by", "client", "--bottom", "1", *Q3, "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["intent"] == {"metric": "margin_pct", "group_by": "client", "filters": {},
                             "period": {"start": "2025-07-01", "end": "2025-09-30"}, "order": "asc", "limit": 1,
                             "compare": False}
    assert doc["result"] == {"value": -55.0, "unit": "percent", "rows": [{"label": "Gamma Inc", "value": -55.0}]}
    assert doc["facts"]["rows_used"] == {"invoices": 4, "time_entries": 5, "staff": 1, "licenses": 4}
    assert doc["facts"]["snapshot_ids"] == ["S-test"]
    assert doc["facts"]["gaps"][0] == "1 invoice in EUR summed with USD"


def test_filters_and_status_in_json(env: dict[str, str], tmp_path: Path) -> None:
    labor = json.loads(run(env, tmp_path, "--metric", "labor_cost", "--staff", "alice smith", *Q3, "--json").stdout)
    assert labor["result"]["value"] == 1060.0  # 3×120 + 4×50 + 5×100
    count = json.loads(run(env, tmp_path, "--metric", "client_count", "--status", "inactive", "--json").stdout)
    assert (count["result"]["value"], count["result"]["unit"]) == (1, "count")


def test_human_report(env: dict[str, str], tmp_path: Path) -> None:
    out = run(env, tmp_path, "--metric", "revenue", "--group-by", "client", "--compare", *Q3)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "revenue: Invoiced revenue by client — 2025-07-01 to 2025-09-30, as of 2025-10-15"
    assert lines[1] == "Value: $3,700.00"
    assert lines[2] == "Previous (April to June 2025): $1,750.00; change $1,950.00 (+111.43%)"
    table = lines[3:7]
    assert table[0].split() == ["value", "previous", "change", "change", "%"]
    assert table[1].split() == ["Acme", "Corp", "$2,500.00", "$900.00", "$1,600.00", "+177.78%"]
    assert table[3].split()[-1] == "—"  # Gamma had nothing before: no percentage
    assert len({len(line) for line in table}) == 1  # aligned columns
    assert "Formula: revenue = Σ invoices.total_amount, status not void/draft, invoice date in period" in lines
    assert "Gap: 1 invoice in EUR summed with USD" in lines


def test_undefined_value_is_said_not_zero(env: dict[str, str], tmp_path: Path) -> None:
    out = run(env, tmp_path, "--metric", "margin_pct", "--from", "2025-04-01", "--to", "2025-04-30")
    assert "Value: undefined" in out.stdout
    assert "Undefined: margin_pct is undefined for 2025-04-01 to 2025-04-30: revenue is 0" in out.stdout


@pytest.mark.parametrize("args, message", [
    (("--metric", "revnue"), "error: unknown metric 'revnue'; did you mean revenue?"),
    (("--metric", "revenue", "--client", "acme corpp"), "error: no client named 'acme corpp'; closest: Acme Corp"),
    (("--metric", "utilization_pct", "--group-by", "client"),
     "error: utilization_pct cannot be grouped by client; it can be grouped by staff, month, quarter"),
    (("--metric", "revenue", "--from", "2025-07-01"), "error: --from and --to go together"),
    (("--metric", "revenue", "--from", "2025-07-01", "--to", "2025-02-30"), "error: '2025-02-30' is not a real date"),
    (("--metric", "revenue", "--compare"), "error: a comparison needs a period"),
])
def test_bad_input_exits_2_with_a_message(env: dict[str, str], tmp_path: Path, args: tuple[str, ...],
                                          message: str) -> None:
    out = run(env, tmp_path, *args)
    assert (out.returncode, out.stdout) == (2, "")
    assert out.stderr.startswith(message), out.stderr
