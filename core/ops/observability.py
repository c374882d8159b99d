"""Prometheus metrics and structured logs: what an operator watches, and what they grep.

Metrics live in one `CollectorRegistry` of our own (not prometheus_client's global one), so
`/metrics` shows exactly MoatMetrics' series and tests can build several apps in one process.
Callers report through small functions (`observe_answer`, `observe_ingest`, ...) so the metric
names and label values are decided here only.

Logs are JSON lines: one event per line with time, level, logger, message and any `extra=`
fields, so a log shipper needs no parsing rules. A redaction filter masks Slack tokens and the
configured secrets wherever they would appear (message, arguments, extra fields, tracebacks):
a token pasted into an error message or a failed HTTP call's repr must never reach the disk.
"""
from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from config.settings import Settings
from core.governance.keys import KEY_FILE_NAME

REGISTRY = CollectorRegistry(auto_describe=True)
CONTENT_TYPE = CONTENT_TYPE_LATEST

HTTP_REQUESTS = Counter("moat_http_requests_total", "HTTP requests served", ("method", "route", "status"),
                        registry=REGISTRY)
HTTP_LATENCY = Histogram("moat_http_request_duration_seconds", "HTTP request latency", ("method", "route"),
                         buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30), registry=REGISTRY)
ANSWERS = Counter("moat_answers_total", "Answers given, by confidence band and whether they need review",
                  ("band", "needs_review"), registry=REGISTRY)
REVIEWS_PENDING = Gauge("moat_reviews_pending", "Answers waiting for a reviewer", registry=REGISTRY)
INGEST_ROWS = Counter("moat_ingest_rows_total", "Uploaded rows, by outcome", ("outcome",), registry=REGISTRY)
MODEL_LOAD = Gauge("moat_model_load_seconds", "Time the language model took to load", registry=REGISTRY)
DIGESTS = Counter("moat_digests_total", "Digests delivered, by outcome", ("outcome",), registry=REGISTRY)
BACKUPS = Counter("moat_backups_total", "Backups written, by outcome", ("outcome",), registry=REGISTRY)

# Confidence bands: below 0.5 is a guess, 0.75 is the default review threshold.
BANDS = ((0.5, "low"), (0.75, "medium"), (float("inf"), "high"))


def confidence_band(confidence: float) -> str:
    """"low" (< 0.5), "medium" (0.5 to < 0.75) or "high" (>= 0.75)."""
    return next(name for upper, name in BANDS if confidence < upper)


def observe_answer(answer: Any) -> None:
    """Count an `Answer` (anything with `confidence` and `needs_review`) in its band."""
    ANSWERS.labels(band=confidence_band(float(answer.confidence)),
                   needs_review=str(bool(answer.needs_review)).lower()).inc()


def observe_ingest(report: Any) -> None:
    """Count the rows of an `UploadReport` (its `files`, each with rows_accepted / rows_rejected)."""
    for sheet in report.files:
        INGEST_ROWS.labels(outcome="accepted").inc(sheet.rows_accepted)
        INGEST_ROWS.labels(outcome="rejected").inc(sheet.rows_rejected)


def observe_model_load(seconds: float) -> None:
    MODEL_LOAD.set(seconds)


def observe_http(method: str, route: str, status: int, seconds: float) -> None:
    HTTP_REQUESTS.labels(method=method, route=route, status=str(status)).inc()
    HTTP_LATENCY.labels(method=method, route=route).observe(seconds)


def track_pending_reviews(count: Callable[[], int]) -> None:
    """Read the pending-review count at scrape time; a failing database shows as NaN, not an error."""
    def read() -> float:
        try:
            return float(count())
        except Exception:  # noqa: BLE001 - a scrape must not fail because the database is down
            return float("nan")
    REVIEWS_PENDING.set_function(read)


def exposition() -> bytes:
    """The Prometheus text format of every MoatMetrics metric."""
    return generate_latest(REGISTRY)


# --------------------------------------------------------------------------- logs

_TOKEN_PATTERNS = (re.compile(r"\b(xox[a-z])-[A-Za-z0-9-]+"), re.compile(r"\b(xapp)-[A-Za-z0-9-]+"))
MASK = "[REDACTED]"
# Secrets shorter than this are not masked: masking "abc" everywhere would garble every log line.
_MIN_SECRET_LENGTH = 6
# Attributes every LogRecord has; anything else on a record came from `extra=` and is logged as a field
# (except uvicorn's `color_message`, the same message with terminal colour codes).
_STANDARD_ATTRS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message", "asctime", "taskName", "color_message"}


class Redactor:
    """Masks Slack tokens (xox?-…, xapp-…) and the given secret values in text."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        values = {s.strip() for s in secrets if s and len(s.strip()) >= _MIN_SECRET_LENGTH}
        # Longest first, so a secret containing another is masked whole.
        self._secrets = sorted(values, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for pattern in _TOKEN_PATTERNS:
            text = pattern.sub(lambda m: f"{m.group(1)}-{MASK}", text)
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return text

    @classmethod
    def for_settings(cls, settings: Settings) -> Redactor:
        """Every secret the settings hold, plus the key file's content when there is one."""
        secrets = [settings.slack_bot_token, settings.slack_signing_secret, settings.slack_app_token,
                   settings.secret_key]
        key_file = Path(settings.data_dir) / KEY_FILE_NAME
        try:
            secrets.append(key_file.read_text())
        except OSError:
            pass  # no key file (yet): nothing to mask
        return cls(secrets)


class RedactingFilter(logging.Filter):
    """Rewrites each record in place with its message, extra fields and traceback masked."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redact = redactor
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.redact(record.getMessage())
        record.args = None
        if record.exc_info:
            record.exc_text = self._formatter.formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        for name, value in list(vars(record).items()):
            if name not in _STANDARD_ATTRS:
                setattr(record, name, self._clean(value))
        return True

    def _clean(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, (int, float, bool)) or value is None:
            return value
        # Containers and objects: masked through their JSON/text form, which is what gets written.
        return json.loads(self.redact(json.dumps(value, default=str)))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC ISO-8601), level, logger, message, then extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        document: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        document.update({name: value for name, value in vars(record).items() if name not in _STANDARD_ATTRS})
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            document["exception"] = record.exc_text
        if record.stack_info:
            document["stack"] = record.stack_info
        return json.dumps(document, ensure_ascii=False, default=str)


def configure_logging(settings: Settings, *, level: int | str = logging.INFO, stream: TextIO | None = None) -> None:
    """Send every log record (ours, uvicorn's, APScheduler's) to `stream` as redacted JSON lines.

    Replaces the root handlers, so calling it again (tests, a reloaded server) does not double lines.
    """
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RedactingFilter(Redactor.for_settings(settings)))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
