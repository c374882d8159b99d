"""Roles and permissions: the policy file, who holds which role, and the audited refusals."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from config.settings import PROJECT_ROOT
from core.governance.audit import AuditLog, export, verify
from core.governance.policy import (PERMISSIONS, Actor, PermissionDenied, Policy, PolicyError, RoleError, Roles, UserRole,
                         parse_admins)
from storage.db import Database

KEY = b"policy-test-key"
SHIPPED = PROJECT_ROOT / "config" / "policy.toml"
# The brief's permission table, written out independently of the file it checks.
EXPECTED = {
    "admin": {"upload", "ask", "review", "rollback", "manage_digests", "manage_roles", "export_audit"},
    "analyst": {"upload", "ask"},
    "viewer": {"ask"},
}


@pytest.fixture
def policy() -> Policy:
    return Policy.load(SHIPPED)


@pytest.fixture
def audit(database: Database) -> AuditLog:
    return AuditLog(database, KEY)


@pytest.fixture
def roles(database: Database, policy: Policy) -> Roles:
    return Roles(database, policy, admins=["UBOSS"])


def slack(user_id: str) -> Actor:
    return Actor(user_id=user_id, name=f"name of {user_id}", via="slack", channel="C0GEN", message_ts="1.000100")


def events(db: Database) -> list[dict]:
    out = io.StringIO()
    export(db, None, "jsonl", out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_shipped_policy_values(policy: Policy) -> None:
    assert policy.default_role == "viewer"
    assert (policy.review.threshold, policy.review.reminder_minutes) == (0.75, 60)
    assert (policy.digest.stale_after_days, policy.digest.timezone) == (7, "UTC")
    assert {role: set(perms) for role, perms in policy.roles.items()} == EXPECTED


@pytest.mark.parametrize("role", sorted(EXPECTED))
@pytest.mark.parametrize("permission", sorted(PERMISSIONS))
def test_each_role_has_exactly_its_permissions(policy: Policy, role: str, permission: str) -> None:
    assert (permission in policy.permissions(UserRole(role))) == (permission in EXPECTED[role])


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_reviewer_grant_adds_review_only(policy: Policy, role: str) -> None:
    assert policy.permissions(UserRole(role, reviewer=True)) == EXPECTED[role] | {"review"}


GOOD = SHIPPED.read_text()


@pytest.mark.parametrize("text, key", [
    ("default_role = 'viewer'\n[review\n", "not valid TOML"),
    (GOOD.replace('viewer = ["ask"]', 'viewer = ["ask", "delete_everything"]'), "roles.viewer names unknown"),
    (GOOD.replace('default_role = "viewer"', 'default_role = "guest"'), "default_role is 'guest'"),
    (GOOD.replace("threshold = 0.75", "threshold = 1.5"), "review.threshold must be between 0 and 1"),
    (GOOD.replace("threshold = 0.75", 'threshold = "high"'), "review.threshold must be a number"),
    (GOOD.replace("reminder_minutes = 60", "reminder_minutes = 0"), "review.reminder_minutes must be at least 1"),
    (GOOD.replace("reminder_minutes = 60", "reminder_minutes = true"), "review.reminder_minutes must be int"),
    (GOOD.replace("reminder_minutes = 60", "remindr_minutes = 60"), "review.remindr_minutes is not a known"),
    (GOOD.replace('timezone = "UTC"', 'timezone = "Mars/Olympus"'), "digest.timezone is 'Mars/Olympus'"),
    (GOOD.replace("[digest]", "[digests]"), "digests is not a known setting"),
    (GOOD.replace("admin = [", "boss = ["), "roles.admin is missing"),
    (GOOD.replace("viewer = [\"ask\"]", "viewer = \"ask\""), "roles.viewer must be a list"),
])
def test_malformed_policy_names_the_file_and_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(text)
    with pytest.raises(PolicyError) as caught:
        Policy.load(path)
    assert str(path) in str(caught.value) and key in str(caught.value)


def test_missing_policy_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="does not exist"):
        Policy.load(tmp_path / "nope.toml")


def test_parse_admins() -> None:
    assert parse_admins(" U1, U2  U3,,") == {"U1", "U2", "U3"}
    assert parse_admins(None) == frozenset()


def test_actor_rejects_an_unknown_edge() -> None:
    with pytest.raises(ValueError, match="via must be one of"):
        Actor(user_id="U1", name="x", via="email")  # type: ignore[arg-type]


def test_roles_in_the_database(database: Database, roles: Roles, audit: AuditLog) -> None:
    """Defaults, MOAT_ADMINS, assigned roles and the operator rule, checked through authorize."""
    assert roles.role_of("UNOBODY") == UserRole("viewer", False, "default")
    assert roles.role_of("UBOSS") == UserRole("admin", False, "MOAT_ADMINS")
    assert roles.role_of_actor(Actor.cli("ops")) == UserRole("admin", False, "operator")
    assert roles.role_of_actor(Actor.system()).role == "admin"

    roles.set_role(slack("UBOSS"), "UANNA", "analyst", audit=audit)  # the bootstrap admin can hand out roles
    for user_id, role in (("UBOSS", "admin"), ("UANNA", "analyst"), ("UNOBODY", "viewer")):
        for permission in PERMISSIONS:
            if permission in EXPECTED[role]:
                roles.authorize(slack(user_id), permission, audit)
            else:
                with pytest.raises(PermissionDenied):
                    roles.authorize(slack(user_id), permission, audit)
    for permission in PERMISSIONS:
        roles.authorize(Actor.cli("ops"), permission, audit)
    denied = [e for e in events(database) if e["action"] == "action_denied"]
    expected_denials = sum(len(set(PERMISSIONS) - EXPECTED[r]) for r in ("analyst", "viewer"))
    assert len(denied) == expected_denials
    assert verify(database, KEY).ok


def test_denied_action_is_audited_before_the_refusal(database: Database, roles: Roles, audit: AuditLog) -> None:
    with pytest.raises(PermissionDenied) as caught:
        roles.authorize(slack("UVIC"), "review", audit, target="review-42")
    assert "You need the review permission to approve or reject answers" in str(caught.value)
    assert "ask an admin (/moat role)" in str(caught.value)
    assert caught.value.permission == "review"
    [denied] = events(database)
    assert {k: denied[k] for k in ("actor_id", "actor_name", "role", "action", "target", "outcome", "details",
                                   "channel", "message_ts")} == {
        "actor_id": "UVIC", "actor_name": "name of UVIC", "role": "viewer", "action": "action_denied",
        "target": "review-42", "outcome": "denied", "details": {"permission": "review"},
        "channel": "C0GEN", "message_ts": "1.000100"}


def test_reviewer_grant_and_role_changes_are_audited(database: Database, roles: Roles, audit: AuditLog) -> None:
    operator = Actor.cli("ops")
    assert roles.set_role(operator, "UANNA", "analyst", reviewer=True, audit=audit) == \
        UserRole("analyst", True, "assigned")
    roles.authorize(slack("UANNA"), "review", audit)
    # reviewer=None keeps the grant; the change is recorded with what it replaced.
    assert roles.set_role(operator, "UANNA", "viewer", audit=audit) == UserRole("viewer", True, "assigned")
    assert roles.set_role(operator, "UANNA", "viewer", reviewer=False, audit=audit).reviewer is False
    with pytest.raises(PermissionDenied):
        roles.authorize(slack("UANNA"), "review", audit)
    changes = [e for e in events(database) if e["action"] == "role_changed"]
    assert [(c["actor_id"], c["role"], c["target"]) for c in changes] == [("cli:ops", "admin", "UANNA")] * 3
    assert changes[1]["details"] == {"role": "viewer", "reviewer": True,
                                     "previous_role": "analyst", "previous_reviewer": True}
    assert [a.user_id for a in roles.assignments()] == ["UANNA", "UBOSS"]


def test_set_role_needs_manage_roles(database: Database, roles: Roles, audit: AuditLog) -> None:
    roles.set_role(Actor.cli("ops"), "UANNA", "analyst", audit=audit)
    with pytest.raises(PermissionDenied, match="manage_roles permission to change roles"):
        roles.set_role(slack("UANNA"), "UANNA", "admin", audit=audit)
    assert roles.role_of("UANNA").role == "analyst"
    assert [e["action"] for e in events(database)] == ["role_changed", "action_denied"]


@pytest.mark.parametrize("user_id, role, message", [
    ("UANNA", "superuser", "unknown role 'superuser'; roles are: admin, analyst, viewer"),
    ("not a user", "viewer", "is not a user id"),
    ("UBOSS", "viewer", "UBOSS is an admin through MOAT_ADMINS"),
])
def test_set_role_rejects_bad_input(roles: Roles, audit: AuditLog, user_id: str, role: str, message: str) -> None:
    with pytest.raises(RoleError, match=message):
        roles.set_role(Actor.cli("ops"), user_id, role, audit=audit)


def test_a_role_the_policy_no_longer_defines_falls_back_to_the_default(
        database: Database, roles: Roles, audit: AuditLog, tmp_path: Path) -> None:
    roles.set_role(Actor.cli("ops"), "UANNA", "analyst", audit=audit)
    smaller = tmp_path / "policy.toml"
    smaller.write_text(GOOD.replace('analyst = ["upload", "ask"]\n', ""))
    assert Roles(database, Policy.load(smaller), []).role_of("UANNA") == UserRole("viewer", False, "default")
