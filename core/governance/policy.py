"""Who may do what: the policy file, users' roles, and the one place permissions are checked.

Every edge (Slack, HTTP, sandbox, CLI) goes through `Roles.authorize`, so a permission means the
same thing everywhere and every refusal is audited.

The operator rule: an actor coming through the command line (`via="cli"`) or the scheduler
(`via="system"`) has the admin role, whatever the database says. The CLI runs with shell access
to the data dir and its key, which already gives everything, and the scheduler only runs jobs an
admin set up; checking them against stored roles would protect nothing and could lock the
operator out.
"""
from __future__ import annotations

import getpass
import logging
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Row

from core.errors import UserError
from core.governance.audit import AuditEvent, AuditLog, as_utc
from core.questions.confidence import SIGNALS
from storage.db import Database
from storage.governance import user_roles

log = logging.getLogger(__name__)

# Every permission the code checks, with what it lets a user do (used in refusal messages).
PERMISSIONS: dict[str, str] = {
    "upload": "to upload files",
    "ask": "to ask questions",
    "review": "to approve or reject answers",
    "rollback": "to roll back uploads",
    "manage_digests": "to manage digests",
    "manage_roles": "to change roles",
    "export_audit": "to export the audit log",
}
REVIEWER_PERMISSION = "review"
ADMIN_ROLE = "admin"
Via = Literal["slack", "cli", "sandbox", "system"]
VIAS: tuple[str, ...] = ("slack", "cli", "sandbox", "system")
OPERATOR_VIAS = frozenset({"cli", "system"})
_USER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}")
_ROLE_NAME = re.compile(r"[a-z][a-z_]{0,31}")


class PolicyError(UserError, ValueError):
    """The policy file is missing or malformed; the message names the file and the key."""


class RoleError(UserError, ValueError):
    """A role change that cannot be made as asked (unknown role, bad user id, MOAT_ADMINS user)."""


class PermissionDenied(UserError):
    """The actor lacks a permission; the message is written for that user. Already audited."""

    audited = True  # Roles.authorize records the refusal before raising

    def __init__(self, message: str, *, permission: str) -> None:
        super().__init__(message)
        self.permission = permission


@dataclass(frozen=True)
class ReviewPolicy:
    threshold: float
    reminder_minutes: int
    # Confidence signal -> how much it lowers confidence (core.questions.confidence).
    penalties: Mapping[str, float] = field(default_factory=dict)
    # Signals that send an answer to review whatever its confidence.
    always_review: frozenset[str] = frozenset()
    # With no metric words in a question, the model's pick is used only when at least this sure.
    model_alone_min_confidence: float = 1.0


@dataclass(frozen=True)
class DigestDefaults:
    stale_after_days: int
    timezone: str


@dataclass(frozen=True)
class UserRole:
    role: str
    reviewer: bool = False
    # Where the role comes from: "operator" (CLI/system), "MOAT_ADMINS", "assigned" or "default".
    source: str = "default"


@dataclass(frozen=True)
class Policy:
    """The parsed policy file; only `load` builds one, so every Policy has passed its checks."""

    roles: Mapping[str, frozenset[str]]
    default_role: str
    review: ReviewPolicy
    digest: DigestDefaults
    source: Path

    @classmethod
    def load(cls, path: Path | str) -> Policy:
        return _PolicyReader(Path(path)).read()

    def permissions(self, user_role: UserRole) -> frozenset[str]:
        granted = self.roles.get(user_role.role, frozenset())
        return (granted | {REVIEWER_PERMISSION}) if user_role.reviewer else granted


class _PolicyReader:
    """Parses and checks one policy file, failing on the first bad key with its dotted name."""

    _SECTIONS = {"default_role", "review", "confidence", "roles", "digest"}

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, problem: str) -> PolicyError:
        return PolicyError(f"policy file {self.path}: {key} {problem}")

    def read(self) -> Policy:
        try:
            document = tomllib.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise PolicyError(f"policy file {self.path} does not exist (set MOAT_POLICY_FILE)") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise PolicyError(f"policy file {self.path} cannot be read: {exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise PolicyError(f"policy file {self.path} is not valid TOML: {exc}") from None
        self.no_unknown_keys(document, "", self._SECTIONS)
        roles = self.roles(self.table(document, "roles"))
        default_role = self.value(document, "default_role", str)
        if default_role not in roles:
            raise self.fail("default_role", f"is {default_role!r}, which is not a role in [roles]")
        review = self.table(document, "review")
        self.no_unknown_keys(review, "review.", {"threshold", "reminder_minutes", "always_review",
                                                 "model_alone_min_confidence"})
        threshold = self.value(review, "review.threshold", float)
        if not 0 < threshold <= 1:
            raise self.fail("review.threshold", f"must be between 0 and 1, got {threshold}")
        always = self.value(review, "review.always_review", list)
        unknown_signals = sorted(set(always) - set(SIGNALS))
        if unknown_signals:
            raise self.fail("review.always_review", f"names unknown signal(s) {', '.join(map(str, unknown_signals))}")
        penalties = self.penalties(self.table(document, "confidence"))
        model_alone = self.value(review, "review.model_alone_min_confidence", float)
        if not 0 <= model_alone <= 1:
            raise self.fail("review.model_alone_min_confidence", f"must be between 0 and 1, got {model_alone}")
        digest = self.table(document, "digest")
        self.no_unknown_keys(digest, "digest.", {"stale_after_days", "timezone"})
        zone = self.value(digest, "digest.timezone", str)
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise self.fail("digest.timezone", f"is {zone!r}, not a known time zone (e.g. 'Europe/Paris')") from None
        return Policy(
            roles=roles,
            default_role=default_role,
            review=ReviewPolicy(threshold=threshold,
                                reminder_minutes=self.positive(review, "review.reminder_minutes"),
                                penalties=penalties, always_review=frozenset(always),
                                model_alone_min_confidence=model_alone),
            digest=DigestDefaults(stale_after_days=self.positive(digest, "digest.stale_after_days"), timezone=zone),
            source=self.path,
        )

    def roles(self, table: dict[str, Any]) -> dict[str, frozenset[str]]:
        roles: dict[str, frozenset[str]] = {}
        for name, permissions in table.items():
            key = f"roles.{name}"
            if not _ROLE_NAME.fullmatch(name):
                raise self.fail(key, "is not a valid role name (lower-case letters and _)")
            if not isinstance(permissions, list) or not all(isinstance(p, str) for p in permissions):
                raise self.fail(key, "must be a list of permission names")
            unknown = sorted(set(permissions) - PERMISSIONS.keys())
            if unknown:
                raise self.fail(key, f"names unknown permission(s) {', '.join(unknown)}; "
                                     f"known: {', '.join(PERMISSIONS)}")
            roles[name] = frozenset(permissions)
        if ADMIN_ROLE not in roles:
            raise self.fail(f"roles.{ADMIN_ROLE}", "is missing (MOAT_ADMINS users get this role)")
        return roles

    def penalties(self, table: dict[str, Any]) -> dict[str, float]:
        self.no_unknown_keys(table, "confidence.", set(SIGNALS))
        penalties = {}
        for signal in SIGNALS:
            value = self.value(table, f"confidence.{signal}", float)
            if not 0 <= value <= 1:
                raise self.fail(f"confidence.{signal}", f"must be between 0 and 1, got {value}")
            penalties[signal] = value
        return penalties

    def table(self, document: dict[str, Any], key: str) -> dict[str, Any]:
        value = document.get(key)
        if not isinstance(value, dict):
            raise self.fail(f"[{key}]", "is missing" if value is None else "must be a table")
        return value

    def value(self, table: dict[str, Any], key: str, kind: type) -> Any:
        name = key.rsplit(".", 1)[-1]
        if name not in table:
            raise self.fail(key, "is missing")
        value = table[name]
        numeric_ok = kind is float and isinstance(value, int) and not isinstance(value, bool)
        if not (isinstance(value, kind) and not isinstance(value, bool)) and not numeric_ok:
            raise self.fail(key, f"must be {'a number' if kind is float else kind.__name__}, got {value!r}")
        return float(value) if kind is float else value

    def positive(self, table: dict[str, Any], key: str) -> int:
        value = self.value(table, key, int)
        if value < 1:
            raise self.fail(key, f"must be at least 1, got {value}")
        return value

    def no_unknown_keys(self, table: dict[str, Any], prefix: str, known: set[str]) -> None:
        unknown = sorted(set(table) - known)
        if unknown:
            raise self.fail(prefix + unknown[0], f"is not a known setting (known: {', '.join(sorted(known))})")


@dataclass(frozen=True)
class Actor:
    """Who is acting, and through which edge (which decides the operator rule)."""

    user_id: str
    name: str
    via: Via
    channel: str | None = None
    message_ts: str | None = None

    def __post_init__(self) -> None:
        if self.via not in VIAS:
            raise ValueError(f"actor via must be one of {', '.join(VIAS)}, got {self.via!r}")
        if not self.user_id:
            raise ValueError("actor needs a user id")

    @classmethod
    def cli(cls, user: str | None = None) -> Actor:
        """The shell user running `app.py`, recorded as `cli:<user>`."""
        if user is None:
            try:
                user = getpass.getuser()
            except (OSError, KeyError):  # no login name (e.g. a container with an unnamed uid)
                user = f"uid{os.getuid()}"
        return cls(user_id=f"cli:{user}", name=user, via="cli")

    @classmethod
    def system(cls) -> Actor:
        return cls(user_id="system", name="MoatMetrics", via="system")


@dataclass(frozen=True)
class RoleAssignment:
    """A row of `role list`: a user's effective role and who last set it."""

    user_id: str
    role: str
    reviewer: bool
    source: str
    updated_at: datetime | None
    updated_by: str | None


def parse_admins(value: str | None) -> frozenset[str]:
    """MOAT_ADMINS: user ids separated by commas and/or spaces."""
    return frozenset(part for part in re.split(r"[\s,]+", value or "") if part)


class Roles:
    """Users' roles (stored in `user_roles`) applied through the policy."""

    def __init__(self, db: Database, policy: Policy, admins: Iterable[str]) -> None:
        self.db = db
        self.policy = policy
        self.admins = frozenset(admins)

    def role_of(self, user_id: str) -> UserRole:
        """MOAT_ADMINS first (so a fresh install has an admin), then the stored role, else the default."""
        with self.db.connect() as conn:
            row = conn.execute(select(user_roles).where(user_roles.c.user_id == user_id)).first()
        return self._effective(user_id, row)

    def _effective(self, user_id: str, row: Row | None) -> UserRole:
        reviewer = bool(row.reviewer) if row else False
        if user_id in self.admins:
            return UserRole(ADMIN_ROLE, reviewer, "MOAT_ADMINS")
        if row is None:
            return UserRole(self.policy.default_role, False, "default")
        if row.role not in self.policy.roles:
            log.warning("user %s has role %r, which %s no longer defines; using %r",
                        user_id, row.role, self.policy.source, self.policy.default_role)
            return UserRole(self.policy.default_role, reviewer, "default")
        return UserRole(row.role, reviewer, "assigned")

    def role_of_actor(self, actor: Actor) -> UserRole:
        if actor.via in OPERATOR_VIAS:
            return UserRole(ADMIN_ROLE, False, "operator")
        return self.role_of(actor.user_id)

    def permissions(self, actor: Actor) -> frozenset[str]:
        """What `actor` may do (for showing or hiding controls; `authorize` is what enforces)."""
        return self.policy.permissions(self.role_of_actor(actor))

    def event(self, actor: Actor, action: str, *, target: str | None = None, outcome: str = "ok",
              details: Mapping[str, Any] | None = None) -> AuditEvent:
        """The audit event for `actor` doing `action`, carrying the role they acted with."""
        return AuditEvent(actor_id=actor.user_id, actor_name=actor.name or actor.user_id,
                          role=self.role_of_actor(actor).role, action=action, target=target, outcome=outcome,
                          details=dict(details or {}), channel=actor.channel, message_ts=actor.message_ts)

    def authorize(self, actor: Actor, permission: str, audit: AuditLog, *, target: str | None = None) -> None:
        """Return if `actor` holds `permission`; else audit `action_denied` and raise PermissionDenied."""
        if permission not in PERMISSIONS:
            raise ValueError(f"unknown permission {permission!r}")
        user_role = self.role_of_actor(actor)
        if permission in self.policy.permissions(user_role):
            return
        audit.record(self.event(actor, "action_denied", target=target, outcome="denied",
                                details={"permission": permission}))
        raise PermissionDenied(f"You need the {permission} permission {PERMISSIONS[permission]} "
                               f"(your role: {user_role.role}); ask an admin (/moat role)",
                               permission=permission)

    def set_role(self, actor: Actor, user_id: str, role: str, reviewer: bool | None = None, *,
                 audit: AuditLog) -> UserRole:
        """Give `user_id` a role (and, unless None, set their reviewer grant); audited as role_changed.

        `reviewer=None` keeps the user's current grant. The change and its audit event commit together.
        """
        self.authorize(actor, "manage_roles", audit, target=user_id)
        if not isinstance(user_id, str) or not _USER_ID.fullmatch(user_id):
            raise RoleError(f"{user_id!r} is not a user id (e.g. U012AB3CD)")
        if role not in self.policy.roles:
            raise RoleError(f"unknown role {role!r}; roles are: {', '.join(self.policy.roles)}")
        if user_id in self.admins and role != ADMIN_ROLE:
            raise RoleError(f"{user_id} is an admin through MOAT_ADMINS; remove them there to change their role")
        with self.db.begin() as conn:
            previous = conn.execute(select(user_roles).where(user_roles.c.user_id == user_id)).first()
            grant = reviewer if reviewer is not None else bool(previous and previous.reviewer)
            values = {"role": role, "reviewer": grant, "updated_at": datetime.now(timezone.utc),
                      "updated_by": actor.user_id}
            insert = sqlite_insert if conn.dialect.name == "sqlite" else postgres_insert
            conn.execute(insert(user_roles).values(user_id=user_id, **values)
                         .on_conflict_do_update(index_elements=[user_roles.c.user_id], set_=values))
            audit.record(self.event(actor, "role_changed", target=user_id, details={
                "role": role, "reviewer": grant,
                "previous_role": previous.role if previous else None,
                "previous_reviewer": bool(previous.reviewer) if previous else None,
            }), conn=conn)
        return self.role_of(user_id)

    def assignments(self) -> list[RoleAssignment]:
        """Everyone with a stored role or in MOAT_ADMINS, with their effective role, by user id."""
        with self.db.connect() as conn:
            stored = {row.user_id: row for row in conn.execute(select(user_roles))}
        listing = []
        for user_id in sorted(stored.keys() | self.admins):
            row = stored.get(user_id)
            effective = self._effective(user_id, row)
            listing.append(RoleAssignment(user_id=user_id, role=effective.role, reviewer=effective.reviewer,
                                          source=effective.source,
                                          updated_at=as_utc(row.updated_at) if row else None,
                                          updated_by=row.updated_by if row else None))
        return listing
