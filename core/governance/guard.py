"""The guard every action passes: who may do it, and the audit record that it was done (or refused).

Roles decide, the audit log remembers; an action needs both, in that order, so they travel
together. Writes that must commit with their record pass their connection (`conn`).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection

from core.governance.audit import AuditLog, AuditRecord
from core.governance.policy import Actor, Roles, UserRole


class Guard:
    def __init__(self, roles: Roles, audit: AuditLog) -> None:
        self.roles = roles
        self.audit = audit

    def authorize(self, actor: Actor, permission: str, *, target: str | None = None) -> None:
        """Return if `actor` holds `permission`; else the refusal is audited and PermissionDenied raised."""
        self.roles.authorize(actor, permission, self.audit, target=target)

    def permits(self, actor: Actor, permission: str) -> bool:
        """Whether to show a control (no audit): `authorize` is what enforces."""
        return permission in self.roles.permissions(actor)

    def role_of(self, actor: Actor) -> UserRole:
        return self.roles.role_of_actor(actor)

    def record(self, actor: Actor, action: str, *, target: str | None = None, outcome: str = "ok",
               details: Mapping[str, Any] | None = None, conn: Connection | None = None) -> AuditRecord:
        """Audit `actor` doing `action` (inside `conn`'s transaction when given)."""
        return self.audit.record(self.roles.event(actor, action, target=target, outcome=outcome, details=details),
                                 conn=conn)
