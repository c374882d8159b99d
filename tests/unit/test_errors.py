"""One rule for errors: a UserError's message is shown to the person as it is; anything else is logged
with its traceback and the person gets a reference. Every exception class in the product is one or
the other by decision, never by accident."""
from __future__ import annotations

import ast
import logging
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.flows.runtime import failure_text, telling_user
from core.errors import UserError
from core.governance.policy import Actor, PermissionDenied
from core.ops.schedules import ScheduleError

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("core", "bot", "cli", "web", "sandbox", "storage", "config", "slack_standin")
# Exceptions that never reach a person as they are, and why.
INTERNAL = {
    "ModelError": "the language model failed or timed out: the answer degrades to the rules and is reviewed",
    "CellError": "one cell could not be parsed: it becomes a rejected row with its reason",
    "RequestError": "a Slack payload the bot cannot read: dropped with a log line",
    "ApiFailure": "the Slack stand-in's own error answer, sent back as Slack would",
}


def _exception_classes() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for package in PRODUCT:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ClassDef):
                    bases = [b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases]
                    if any(b.endswith(("Error", "Exception")) or b in ("PermissionDenied", "UserError") for b in bases):
                        found[node.name] = bases
    return found


def test_every_exception_is_a_user_error_or_internal_by_decision() -> None:
    undecided = {name: bases for name, bases in _exception_classes().items()
                 if name not in INTERNAL and "UserError" not in bases and name != "UserError"}
    assert not undecided, f"subclass UserError (message for a person) or list in INTERNAL with why: {undecided}"


def test_a_user_error_is_shown_as_it_is_anything_else_gets_a_reference() -> None:
    assert failure_text(ScheduleError("invalid cron expression '* *'"), "abc123") == "invalid cron expression '* *'"
    text = failure_text(KeyError("boom"), "abc123")
    assert "boom" not in text and "ref abc123" in text


class _Recorder:
    def __init__(self) -> None:
        self.records: list[tuple[str, str]] = []

    def record(self, actor: Actor, action: str, *, outcome: str = "ok", **_: object) -> None:
        self.records.append((action, outcome))


@pytest.mark.parametrize(("error", "audited_here"), [
    (ScheduleError("unknown time zone 'Mars/Base'"), [("digest_schedule_added", "rejected")]),
    (PermissionDenied("You need the manage_digests permission", permission="manage_digests"), []),
    (RuntimeError("database is locked"), [("digest_schedule_added", "failed")]),
])
def test_telling_user_audits_once(error: Exception, audited_here: list, caplog: pytest.LogCaptureFixture) -> None:
    """Core audited a refused permission when it raised it; other failures are audited by the edge."""
    service = _Recorder()
    told: list[str] = []
    with caplog.at_level(logging.INFO, logger="bot"), telling_user(SimpleNamespace(service=service),
                                                                    Actor.cli("ann"), "digest_schedule_added",
                                                                    told.append):
        raise error
    assert service.records == audited_here
    assert told and (str(error) in told[0]) == isinstance(error, UserError)
    assert any(r.exc_info for r in caplog.records) == (not isinstance(error, UserError))
