"""The façade every edge calls: the CLI, the HTTP routes, the Slack listeners and the sandbox.

Keeping one entry per action here means permissions, review policy and audit happen once, the
same way, whoever asks. Each action and its audit record commit in one transaction where the
action is a database write, so nothing happens without its record.

Edges hold a `Service` and call its methods; they never reach into its parts (database, roles,
audit log). The modules below (core.ops) see it only through the narrow protocols they declare
(`DigestSource`, `ScheduleHost`, `BackupHost`), so nothing under core imports this module.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, TextIO

from sqlalchemy import text

from config.settings import Settings
from core.engine import catalog, query
from core.engine.intent import Intent, Result
from core.governance import audit as audit_log
from core.governance import deliveries, threads
from core.governance.audit import AuditLog, AuditRecord, VerifyReport
from core.governance.guard import Guard
from core.governance.keys import load_key
from core.governance.policy import Actor, Policy, RoleAssignment, Roles, UserRole, parse_admins
from core.governance.reviews import PENDING, Decision, Review, Reviews
from core.ingest import pipeline as ingest
from core.ingest import snapshots
from core.ingest.rawstore import RawStore
from core.llm.base import LanguageModel
from core.llm.discovery import ModelChoice, load_model
from core.ops import backup
from core.ops.digest import Digest, build_digest
from core.ops.observability import observe_answer, observe_ingest, observe_model_load
from core.ops.schedules import Delivery, DigestSchedule, DigestSender, Scheduler, Schedules
from core.questions.answer import Answer, QuestionAnswerer, ReviewRules
from core.questions.evaluation import EvalQuestion, EvalReport, run_eval
from core.questions.model_reading import FIXED_PROMPT
from storage.db import Database, open_database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AskOutcome:
    answer: Answer
    # Set when the answer must wait for a reviewer before the asker may rely on it.
    review: Review | None = None


@dataclass(frozen=True)
class Status:
    datasets: dict[str, dict]
    model: str
    pending_reviews: int
    schema_version: int


class Service:
    def __init__(self, settings: Settings, db: Database | None = None, *,
                 model: LanguageModel | None = None, load_language_model: bool = True) -> None:
        self.settings = settings
        self._db = db
        self._model = model
        self._load_language_model = load_language_model and model is None
        self._model_lock = threading.Lock()
        self.model_choice: ModelChoice | None = None

    # --- shared parts (for core.ops through its protocols; edges call the methods below) --------
    @cached_property
    def db(self) -> Database:
        return self._db or open_database(self.settings.resolved_database_url)

    @cached_property
    def raw_store(self) -> RawStore:
        return RawStore.open(self.settings)

    @cached_property
    def policy(self) -> Policy:
        return Policy.load(self.settings.policy_file)

    @cached_property
    def audit(self) -> AuditLog:
        return AuditLog(self.db, load_key(self.settings))

    @cached_property
    def roles(self) -> Roles:
        return Roles(self.db, self.policy, parse_admins(self.settings.admins))

    @cached_property
    def guard(self) -> Guard:
        return Guard(self.roles, self.audit)

    @cached_property
    def schedules(self) -> Schedules:
        return Schedules(self)

    @cached_property
    def reviews(self) -> Reviews:
        return Reviews(self.db)

    @property
    def model(self) -> LanguageModel | None:
        """Loaded once, on first use (or by `warm_up` at server start); None means rules only."""
        with self._model_lock:
            if self._load_language_model:
                self._load_language_model = False
                started = time.perf_counter()
                self._model, self.model_choice = load_model(
                    llm_url=self.settings.llm_url, model_path=self.settings.model_path,
                    models_dir=self.settings.models_dir)
                observe_model_load(time.perf_counter() - started)
                log.info("language model: %s", self.model_choice.explain())
            return self._model

    def warm_up(self) -> None:
        """Load the model and evaluate its fixed prompt, so the first question is as fast as the rest."""
        if self.model is not None:
            self.model.warm_up(FIXED_PROMPT)

    @cached_property
    def review_rules(self) -> ReviewRules:
        review = self.policy.review
        threshold = self.settings.review_threshold if self.settings.review_threshold is not None else review.threshold
        return ReviewRules(threshold=threshold, penalties=dict(review.penalties),
                           always_review=frozenset(review.always_review),
                           model_alone_min_confidence=review.model_alone_min_confidence)

    @cached_property
    def answerer(self) -> QuestionAnswerer:
        return QuestionAnswerer(self.db, self.settings, self.review_rules, model=self.model,
                                model_timeout_s=self.settings.model_timeout_s)

    # --- who may do what, and the record of it -------------------------------------------------
    def authorize(self, actor: Actor, permission: str, *, target: str | None = None) -> None:
        """For edges that must refuse before starting work (a download, a modal): audited refusal."""
        self.guard.authorize(actor, permission, target=target)

    def permits(self, actor: Actor, permission: str) -> bool:
        """Whether to show `actor` a control (no audit); enforcement stays with `authorize`."""
        return self.guard.permits(actor, permission)

    def role_of(self, actor: Actor) -> UserRole:
        return self.guard.role_of(actor)

    def user_role(self, user_id: str) -> UserRole:
        """A chat user's role, by their Slack member id."""
        return self.roles.role_of(user_id)

    def set_role(self, actor: Actor, user_id: str, role: str, reviewer: bool | None = None) -> UserRole:
        return self.roles.set_role(actor, user_id, role, reviewer, audit=self.audit)

    def role_assignments(self) -> list[RoleAssignment]:
        return self.roles.assignments()

    @property
    def default_role(self) -> str:
        return self.policy.default_role

    def record(self, actor: Actor, action: str, *, target: str | None = None, outcome: str = "ok",
               details: dict[str, Any] | None = None) -> None:
        """Audit something an edge saw (a rejected signature, a failed Slack call)."""
        self.guard.record(actor, action, target=target, outcome=outcome, details=details)

    def recent_questions(self, user_id: str, limit: int = 5) -> list[AuditRecord]:
        """A user's own latest questions, newest first (the App Home tab)."""
        return audit_log.latest(self.db, action="question", actor_id=user_id, limit=limit)

    def verify_audit(self) -> VerifyReport:
        return audit_log.verify(self.db, load_key(self.settings))

    def export_audit(self, actor: Actor, since: date | None, fmt: Literal["csv", "jsonl"], out: TextIO) -> int:
        """Write the audit events since `since` to `out`; returns how many."""
        self.guard.authorize(actor, "export_audit")
        return audit_log.export(self.db, since, fmt, out)

    # --- data -------------------------------------------------------------------------------
    def upload(self, source: Path | bytes, file_name: str, actor: Actor) -> ingest.UploadReport:
        """Ingest one file (every sheet of a workbook): validated, stored atomically, raw bytes kept encrypted."""
        self.guard.authorize(actor, "upload", target=file_name)

        def audit_inside(conn, report: ingest.UploadReport) -> None:  # noqa: ANN001 - SQLAlchemy Connection
            for sheet in report.files:
                self.guard.record(
                    actor, "upload", target=sheet.snapshot_id, outcome="ok" if sheet.snapshot_id else "rejected",
                    details={"file": file_name, "sheet": sheet.sheet, "entity": sheet.entity,
                             "rows_accepted": sheet.rows_accepted, "rows_rejected": sheet.rows_rejected,
                             "warnings": sheet.warnings[:20], "error": sheet.error}, conn=conn)

        try:
            report = ingest.ingest_file(self.db, self.settings, self.raw_store, source, file_name=file_name,
                                        uploader=actor.user_id, on_commit=audit_inside)
        except ingest.IngestError as exc:
            self.record(actor, "upload", target=file_name, outcome="failed", details={"error": str(exc)})
            raise
        observe_ingest(report)
        return report

    def snapshots(self) -> list[snapshots.SnapshotInfo]:
        return snapshots.list_snapshots(self.db)

    def rollback(self, snapshot_id: str, actor: Actor) -> snapshots.RollbackReport:
        self.guard.authorize(actor, "rollback", target=snapshot_id)
        report = snapshots.rollback(self.db, snapshot_id)
        self.record(actor, "rollback", target=snapshot_id, details=report.to_json())
        return report

    def catalog(self) -> catalog.Catalog:
        return catalog.catalog(self.db)

    def query(self, intent: Intent, as_of: date | None = None) -> Result:
        return query.run_query(self.db, self.settings, intent, as_of=as_of or date.today())

    # --- questions and reviews ----------------------------------------------------------------
    def ask(self, question: str, actor: Actor, *, as_of: date | None = None, thread_ts: str | None = None,
            placeholder_ts: str | None = None) -> AskOutcome:
        """Answer a question; an answer someone waits on in chat and that needs review is queued.

        The command line prints `needs_review` instead of queueing: nobody is waiting in a thread.
        """
        self.guard.authorize(actor, "ask")
        context = threads.recall(self.db, actor.channel, thread_ts) if actor.channel and thread_ts else None
        answer = self.answerer.ask(question, as_of=as_of or date.today(), context=context)
        observe_answer(answer)
        queue = answer.answered and answer.needs_review and actor.via in ("slack", "sandbox")
        with self.db.begin() as conn:
            review = self.reviews.create(conn, answer.to_json(), actor, thread_ts=thread_ts,
                                         placeholder_ts=placeholder_ts) if queue else None
            self.guard.record(actor, "question", details={"question": question}, conn=conn)
            self.guard.record(
                actor, "answer", target=review.id if review else None,
                outcome="ok" if answer.answered else "rejected",
                details={"answered": answer.answered, "confidence": answer.confidence,
                         "needs_review": answer.needs_review, "review_reasons": answer.review_reasons,
                         "intent": answer.intent.to_json() if answer.intent else None,
                         "value": answer.result.value if answer.result else None, "model": answer.model},
                conn=conn)
            if review is not None:
                self.guard.record(actor, "review_requested", target=review.id,
                                  details={"reasons": answer.review_reasons}, conn=conn)
        if answer.intent is not None and actor.channel and thread_ts:
            threads.remember(self.db, actor.channel, thread_ts, answer.intent)
        return AskOutcome(answer, review)

    def evaluate(self, questions: Iterable[EvalQuestion], *, rules_only: bool) -> EvalReport:
        """Answer a question set against this service's data; `rules_only` leaves the model out on purpose."""
        answerer = QuestionAnswerer(self.db, self.settings, self.review_rules,
                                    model=None if rules_only else self.model,
                                    model_timeout_s=self.settings.model_timeout_s, rules_only=rules_only)
        return run_eval(answerer, questions)

    @property
    def model_name(self) -> str:
        return self.answerer.model_name

    def review(self, review_id: str) -> Review:
        return self.reviews.get(review_id)

    def attach_review_message(self, review_id: str, channel: str, ts: str) -> None:
        self.reviews.attach_message(review_id, channel, ts)

    def decide_review(self, review_id: str, actor: Actor, *, approve: bool, reason: str | None = None) -> Decision:
        """First decision wins; a second one (double click, another reviewer) changes nothing."""
        self.reviews.get(review_id)
        self.guard.authorize(actor, "review", target=review_id)
        with self.db.begin() as conn:
            decision = self.reviews.decide(conn, review_id, actor, approve=approve, reason=reason)
            self.guard.record(
                actor, "review_decided", target=review_id, outcome="ok" if decision.changed else "rejected",
                details={"decision": "approve" if approve else "reject", "reason": reason,
                         "already_decided": not decision.changed, "status": decision.review.status}, conn=conn)
        return decision

    def pending_reviews(self) -> list[Review]:
        return self.reviews.pending()

    def count_pending_reviews(self) -> int:
        return self.reviews.count_pending()

    def reviews_due_reminder(self) -> list[Review]:
        """Reviews still pending after the policy's `review.reminder_minutes` since the last nudge."""
        after = timedelta(minutes=self.policy.review.reminder_minutes)
        due = (self.reviews.get(r.id) for r in self.reviews.due_reminders(after=after))
        return [review for review in due if review.status == PENDING]  # decided since the query: no reminder

    def mark_reminded(self, review: Review, review_ts: str) -> None:
        self.reviews.mark_reminded(review.id, review_ts)
        self.record(Actor.system(), "review_reminded", target=review.id,
                    details={"reminder": review.reminders_sent + 1})

    # --- chat deliveries ----------------------------------------------------------------------
    def claim_delivery(self, key: str) -> bool:
        """True the first time a chat delivery (event id, file id, action id) is seen."""
        return deliveries.claim(self.db, key)

    def forget_old_deliveries(self) -> int:
        """Delivery keys older than a day can no longer be redelivered by Slack."""
        return deliveries.forget(self.db)

    # --- digests, schedules, backups ----------------------------------------------------------
    def digest(self, *, as_of: date, sections: Iterable[str] | None = None) -> Digest:
        return build_digest(self, as_of=as_of, sections=sections)

    def digest_schedules(self) -> list[DigestSchedule]:
        return self.schedules.list()

    def add_digest(self, actor: Actor, cron: str, channel: str, *, sections: Iterable[str] | None = None,
                   tz: str | None = None) -> DigestSchedule:
        return self.schedules.add(actor, cron, channel, sections=sections, tz=tz)

    def remove_digest(self, actor: Actor, schedule_id: int | str) -> DigestSchedule:
        return self.schedules.remove(actor, schedule_id)

    def send_digest(self, actor: Actor, channel: str, sender: DigestSender, *,
                    sections: Iterable[str] | None = None, as_of: date | None = None) -> Delivery:
        return self.schedules.deliver(actor, channel, sender, sections=sections, as_of=as_of)

    def scheduler(self, sender: DigestSender | None = None) -> Scheduler:
        """The scheduler the server runs: digests to `sender` (the log when None), scheduled backups."""
        return Scheduler(self, sender=sender)

    def backup(self, actor: Actor, output: Path | None = None) -> backup.BackupReport:
        return backup.create_backup(self, actor, output)

    # --- state --------------------------------------------------------------------------------
    def status(self) -> Status:
        known = self.catalog()
        return Status(datasets={name: stats.to_json() for name, stats in known.entities.items()},
                      model=self.answerer.model_name, pending_reviews=self.reviews.count_pending(),
                      schema_version=self.db.schema_version())

    @property
    def database_backend(self) -> str:
        return self.db.engine.dialect.name

    def database_health(self) -> dict:
        """Whether the database answers: `/health` reports any failure as down."""
        try:
            with self.db.connect() as conn:
                conn.execute(text("SELECT 1"))
            return {"ok": True, "backend": self.database_backend, "schema_version": self.db.schema_version()}
        except Exception as exc:  # noqa: BLE001 - health reports any failure as "down"
            return {"ok": False, "backend": self.database_backend, "error": type(exc).__name__}

    def close(self) -> None:
        """Release the database connections (a throw-away service, e.g. the evaluation's)."""
        self.db.dispose()


