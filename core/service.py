"""The façade every edge calls: the CLI, the HTTP routes, the Slack listeners and the sandbox.

Keeping one entry per action here means permissions, review policy and audit happen once, the
same way, whoever asks. Each action and its audit record commit in one transaction where the
action is a database write, so nothing happens without its record.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from config.settings import Settings
from core.engine import catalog
from core.governance import threads as conversation
from core.ingest import pipeline as ingest
from core.engine import query
from core.ingest import snapshots
from core.governance import audit as audit_log
from core.governance.audit import AuditLog, AuditRecord
from core.engine.intent import Intent, Result
from core.governance.keys import load_key
from core.llm.base import LanguageModel
from core.llm.discovery import ModelChoice, load_model
from core.governance.policy import Actor, Policy, Roles, UserRole, parse_admins
from core.questions.answer import Answer, QuestionAnswerer, ReviewRules
from core.questions.model_reading import FIXED_PROMPT
from core.ops.observability import observe_answer, observe_ingest, observe_model_load
from core.ingest.rawstore import RawStore
from core.governance.reviews import Decision, Review, Reviews
from core.ops.schedules import Schedules
from storage.db import Database, open_database

log = logging.getLogger(__name__)
DELIVERY_MEMORY = timedelta(days=1)  # Slack's last retry comes ~5 minutes after the first delivery


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

    # --- shared parts -------------------------------------------------------------------------
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

    def authorize(self, actor: Actor, permission: str, *, target: str | None = None) -> None:
        """For edges that must refuse before starting work (a download, a modal): audited refusal."""
        self.roles.authorize(actor, permission, self.audit, target=target)

    def recent_questions(self, user_id: str, limit: int = 5) -> list[AuditRecord]:
        """A user's own latest questions, newest first (the App Home tab)."""
        return audit_log.latest(self.db, action="question", actor_id=user_id, limit=limit)

    def role_of(self, actor: Actor) -> UserRole:
        return self.roles.role_of_actor(actor)

    def record(self, actor: Actor, action: str, *, target: str | None = None, outcome: str = "ok",
               details: dict[str, Any] | None = None) -> None:
        """Audit something an edge saw (a rejected signature, a failed Slack call)."""
        self.audit.record(self.roles.event(actor, action, target=target, outcome=outcome, details=details))

    # --- data -------------------------------------------------------------------------------
    def upload(self, source: Path | bytes, file_name: str, actor: Actor) -> ingest.UploadReport:
        """Ingest one file (every sheet of a workbook): validated, stored atomically, raw bytes kept encrypted."""
        self.roles.authorize(actor, "upload", self.audit, target=file_name)

        def audit_inside(conn, report: ingest.UploadReport) -> None:  # noqa: ANN001 - SQLAlchemy Connection
            for sheet in report.files:
                self.audit.record(self.roles.event(
                    actor, "upload", target=sheet.snapshot_id, outcome="ok" if sheet.snapshot_id else "rejected",
                    details={"file": file_name, "sheet": sheet.sheet, "entity": sheet.entity,
                             "rows_accepted": sheet.rows_accepted, "rows_rejected": sheet.rows_rejected,
                             "warnings": sheet.warnings[:20], "error": sheet.error}), conn=conn)

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
        self.roles.authorize(actor, "rollback", self.audit, target=snapshot_id)
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
        self.roles.authorize(actor, "ask", self.audit)
        context = conversation.recall(self.db, actor.channel, thread_ts) if actor.channel and thread_ts else None
        answer = self.answerer.ask(question, as_of=as_of or date.today(), context=context)
        observe_answer(answer)
        queue = answer.answered and answer.needs_review and actor.via in ("slack", "sandbox")
        with self.db.begin() as conn:
            review = self.reviews.create(conn, answer.to_json(), actor, thread_ts=thread_ts,
                                         placeholder_ts=placeholder_ts) if queue else None
            self.audit.record(self.roles.event(actor, "question", details={"question": question}), conn=conn)
            self.audit.record(self.roles.event(
                actor, "answer", target=review.id if review else None,
                outcome="ok" if answer.answered else "rejected",
                details={"answered": answer.answered, "confidence": answer.confidence,
                         "needs_review": answer.needs_review, "review_reasons": answer.review_reasons,
                         "intent": answer.intent.to_json() if answer.intent else None,
                         "value": answer.result.value if answer.result else None, "model": answer.model}),
                conn=conn)
            if review is not None:
                self.audit.record(self.roles.event(actor, "review_requested", target=review.id,
                                                   details={"reasons": answer.review_reasons}), conn=conn)
        if answer.intent is not None and actor.channel and thread_ts:
            conversation.remember(self.db, actor.channel, thread_ts, answer.intent)
        return AskOutcome(answer, review)

    def attach_review_message(self, review_id: str, channel: str, ts: str) -> None:
        self.reviews.attach_message(review_id, channel, ts)

    def decide_review(self, review_id: str, actor: Actor, *, approve: bool, reason: str | None = None) -> Decision:
        """First decision wins; a second one (double click, another reviewer) changes nothing."""
        self.reviews.get(review_id)
        self.roles.authorize(actor, "review", self.audit, target=review_id)
        with self.db.begin() as conn:
            decision = self.reviews.decide(conn, review_id, actor, approve=approve, reason=reason)
            self.audit.record(self.roles.event(
                actor, "review_decided", target=review_id, outcome="ok" if decision.changed else "rejected",
                details={"decision": "approve" if approve else "reject", "reason": reason,
                         "already_decided": not decision.changed, "status": decision.review.status}), conn=conn)
        return decision

    def pending_reviews(self) -> list[Review]:
        return self.reviews.pending()

    def claim_delivery(self, key: str) -> bool:
        """True the first time a chat delivery (event id, file id, action id) is seen."""
        return conversation.claim(self.db, key)

    def forget_old_deliveries(self) -> int:
        """Delivery keys older than a day can no longer be redelivered by Slack."""
        return conversation.forget_deliveries(self.db, older_than=DELIVERY_MEMORY)

    def set_role(self, actor: Actor, user_id: str, role: str, reviewer: bool | None = None) -> UserRole:
        return self.roles.set_role(actor, user_id, role, reviewer, audit=self.audit)

    def status(self) -> Status:
        known = self.catalog()
        return Status(datasets={name: stats.to_json() for name, stats in known.entities.items()},
                      model=self.answerer.model_name, pending_reviews=self.reviews.count_pending(),
                      schema_version=self.db.schema_version())
