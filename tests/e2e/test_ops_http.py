"""The operations endpoints over real HTTP (/health, /metrics, /system/info) and the JSON, redacted logs."""
from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest

from slack_standin.slack_api import create_slack_api
from slack_standin.workspace import SlackWorkspace
from config.settings import Settings
from core.ops import observability
from core.ops.schedules import Scheduler
from core.service import Service
from storage.db import Database
from tests.servers import serve_in_thread
from web.app import SlackProbe, create_app

pytestmark = pytest.mark.e2e


@pytest.fixture
def service(settings: Settings) -> Iterator[Service]:
    svc = Service(settings, load_language_model=False)
    yield svc
    svc.db.dispose()


@pytest.fixture
def slack_api() -> Iterator[tuple[SlackWorkspace, str]]:
    workspace = SlackWorkspace()
    with serve_in_thread(create_slack_api(workspace)) as url:
        yield workspace, f"{url}/api/"


def get(url: str) -> httpx.Response:
    return httpx.get(url, timeout=10)


def test_health_reports_every_part_and_stays_200_without_slack(service: Service) -> None:
    scheduler = Scheduler(service)
    with serve_in_thread(create_app(service, scheduler=scheduler)) as url:
        reply = get(f"{url}/health")
    assert not scheduler.running  # started and stopped with the app
    assert reply.status_code == 200
    body = reply.json()
    assert body["status"] == "ok"
    checks = body["checks"]
    assert checks["database"] == {"ok": True, "backend": "sqlite", "schema_version": service.db.schema_version()}
    assert checks["model"]["ok"] is True and checks["model"]["loaded"] is False
    assert checks["slack"] == {"ok": True, "configured": False}
    assert checks["scheduler"]["ok"] is True and checks["scheduler"]["running"] is True


def test_health_checks_the_slack_token_with_auth_test(service: Service, slack_api: tuple[SlackWorkspace, str]) -> None:
    workspace, api_url = slack_api
    good = service.settings.model_copy(update={"slack_bot_token": workspace.bot_token, "slack_api_url": api_url})
    bad = good.model_copy(update={"slack_bot_token": "xoxb-0-0-revoked"})
    probe = SlackProbe(good)
    with serve_in_thread(create_app(service, slack_check=probe)) as url:
        first, second = get(f"{url}/health").json(), get(f"{url}/health").json()
    assert first["checks"]["slack"]["ok"] is True and first["checks"]["slack"]["team"] == workspace.team_name
    assert second["checks"]["slack"] == first["checks"]["slack"]  # cached: one auth.test, not one per poll
    assert [c.method for c in workspace.calls].count("auth.test") == 1

    with serve_in_thread(create_app(service, slack_check=SlackProbe(bad))) as url:
        reply = get(f"{url}/health")
    # Slack down is reported, but it is not vital: the server still works (CLI, HTTP).
    assert reply.status_code == 200 and reply.json()["status"] == "degraded"
    assert reply.json()["checks"]["slack"]["ok"] is False and reply.json()["checks"]["slack"]["error"] == "invalid_auth"
    assert "revoked" not in reply.text


def test_health_is_503_when_the_database_is_down(settings: Settings) -> None:
    unreachable = Database("postgresql+psycopg://moat@127.0.0.1:1/moat")  # nothing listens on port 1
    service = Service(settings, db=unreachable, load_language_model=False)
    with serve_in_thread(create_app(service)) as url:
        reply = get(f"{url}/health")
        metrics = get(f"{url}/metrics")  # a scrape still works, the pending-review gauge shows NaN
    assert reply.status_code == 503
    assert reply.json()["status"] == "down"
    assert reply.json()["checks"]["database"]["ok"] is False
    assert "moat@" not in reply.text  # no connection details leak
    assert metrics.status_code == 200 and "moat_reviews_pending NaN" in metrics.text


def test_metrics_expose_requests_answers_reviews_ingest_and_model_load(service: Service) -> None:
    observability.observe_answer(SimpleNamespace(confidence=0.6, needs_review=True))
    observability.observe_ingest(SimpleNamespace(files=[SimpleNamespace(rows_accepted=49, rows_rejected=1)]))
    observability.observe_model_load(1.25)
    with serve_in_thread(create_app(service)) as url:
        get(f"{url}/health")
        get(f"{url}/no/such/page")
        reply = get(f"{url}/metrics")
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/plain")
    text = reply.text
    assert 'moat_http_requests_total{method="GET",route="/health",status="200"}' in text
    assert 'moat_http_requests_total{method="GET",route="unmatched",status="404"}' in text
    assert 'moat_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/health"}' in text
    assert 'moat_answers_total{band="medium",needs_review="true"}' in text
    assert "moat_reviews_pending 0.0" in text
    assert 'moat_ingest_rows_total{outcome="accepted"}' in text and 'moat_ingest_rows_total{outcome="rejected"}' in text
    assert "moat_model_load_seconds 1.25" in text


@pytest.mark.parametrize(("confidence", "band"), [(0.0, "low"), (0.49, "low"), (0.5, "medium"), (0.74, "medium"),
                                                  (0.75, "high"), (1.0, "high")])
def test_confidence_bands(confidence: float, band: str) -> None:
    assert observability.confidence_band(confidence) == band


def test_system_info_reports_cpu_memory_disk_and_model(service: Service) -> None:
    with serve_in_thread(create_app(service)) as url:
        info = get(f"{url}/system/info").json()
    assert info["cpu"]["count"] >= 1 and 0 <= info["cpu"]["percent"] <= 100 and len(info["cpu"]["load_average"]) == 3
    assert info["memory"]["total_bytes"] > info["memory"]["available_bytes"] > 0
    assert info["disk"]["path"] == str(service.settings.data_dir) and info["disk"]["free_bytes"] > 0
    assert info["process"]["rss_bytes"] > 0
    assert info["model"]["loaded"] is False and info["database"] == {"backend": "sqlite"}


def test_logs_are_json_lines_with_tokens_and_secrets_masked(settings: Settings, tmp_path: Path) -> None:
    bot_token = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp"
    app_token = "xapp-1-A0123-4567-abcdef0123456789"
    signing = "8f14e45fceea167a5a36dedd4bea2543"
    secrets = settings.model_copy(update={"slack_bot_token": bot_token, "slack_app_token": app_token,
                                          "slack_signing_secret": signing})
    stream = io.StringIO()
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    try:
        observability.configure_logging(secrets, stream=stream)
        log = logging.getLogger("moat.test")
        log.info("posting with %s", bot_token, extra={"headers": {"Authorization": f"Bearer {bot_token}"},
                                                      "channel": "C1"})
        log.warning("socket mode token %s, signing secret %s, data key %s", app_token, signing,
                    settings.secret_key)
        log.info("an unrelated token-looking xoxp-999-888-777 pasted in chat")
        try:
            raise RuntimeError(f"Slack refused {bot_token}")
        except RuntimeError:
            log.exception("call failed")
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
    output = stream.getvalue()
    for secret in (bot_token, app_token, signing, settings.secret_key, "999-888-777"):
        assert secret not in output
    lines = [json.loads(line) for line in output.splitlines()]
    assert len(lines) == 4  # one line per event, even the one with a traceback
    first = lines[0]
    assert set(first) >= {"time", "level", "logger", "message"}
    assert (first["level"], first["logger"], first["message"]) == ("INFO", "moat.test", "posting with xoxb-[REDACTED]")
    assert first["headers"] == {"Authorization": "Bearer xoxb-[REDACTED]"} and first["channel"] == "C1"
    assert lines[1]["message"] == "socket mode token xapp-[REDACTED], signing secret [REDACTED], data key [REDACTED]"
    assert "Slack refused xoxb-[REDACTED]" in lines[3]["exception"]
