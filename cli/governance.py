"""`audit verify|export` and `role set|list`: the governance commands.

The shell user is the actor (`cli:<user>`), which the operator rule in `core.governance.policy` makes an
admin; the permission check still runs in core, like for every other edge.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TextIO


from cli import CliError, Context, print_json
from core.governance.audit import EXPORT_FORMATS
from core.governance.policy import Actor


def register(sub: argparse._SubParsersAction) -> None:
    audit = sub.add_parser("audit", help="verify or export the tamper-evident audit log")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    check = audit_sub.add_parser("verify", help="check the hash chain; exit 1 when it was tampered with")
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    check.set_defaults(handler=audit_verify)
    dump = audit_sub.add_parser("export", help="write the audit events as CSV or JSON lines")
    dump.add_argument("--since", metavar="YYYY-MM-DD", help="only events from this UTC day on")
    dump.add_argument("--format", choices=EXPORT_FORMATS, default="csv")
    dump.add_argument("--output", metavar="FILE", type=Path, help="write here instead of stdout")
    dump.set_defaults(handler=audit_export)

    role = sub.add_parser("role", help="give users roles, list who has which")
    role_sub = role.add_subparsers(dest="role_command", required=True, metavar="ACTION")
    assign = role_sub.add_parser("set", help="set a user's role (and reviewer grant)")
    assign.add_argument("user_id", help="Slack user id, e.g. U012AB3CD")
    assign.add_argument("role", help="a role from the policy file, e.g. admin, analyst, viewer")
    assign.add_argument("--reviewer", action=argparse.BooleanOptionalAction, default=None,
                        help="grant or withdraw the review permission (default: keep as is)")
    assign.set_defaults(handler=role_set)
    listing = role_sub.add_parser("list", help="users with a stored role or in MOAT_ADMINS")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=role_list)


def audit_verify(args: argparse.Namespace, ctx: Context) -> int:
    report = ctx.service.verify_audit()
    if args.json:
        print_json(asdict(report))
    else:
        print(report.describe())
    return 0 if report.ok else 1


def _since(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CliError(f"--since must be a date as YYYY-MM-DD, got {value!r}") from None


@contextmanager
def _destination(path: Path | None) -> Iterator[TextIO]:
    """stdout, or a file that only appears (whole) when the export succeeded."""
    if path is None:
        yield sys.stdout
        return
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("w", encoding="utf-8", newline="") as handle:
            yield handle
        partial.replace(path)
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        partial.unlink(missing_ok=True)


def audit_export(args: argparse.Namespace, ctx: Context) -> int:
    since = _since(args.since)
    with _destination(args.output) as out:
        count = ctx.service.export_audit(Actor.cli(), since, args.format, out)
    noun = "audit event" if count == 1 else "audit events"
    print(f"exported {count} {noun}" + (f" to {args.output}" if args.output else ""), file=sys.stderr)
    return 0


def role_set(args: argparse.Namespace, ctx: Context) -> int:
    result = ctx.service.set_role(Actor.cli(), args.user_id, args.role, args.reviewer)
    print(f"{args.user_id} is now {result.role}" + (" with the reviewer grant" if result.reviewer else ""))
    return 0


def role_list(args: argparse.Namespace, ctx: Context) -> int:
    assignments = ctx.service.role_assignments()
    if args.json:
        print_json([asdict(a) for a in assignments])
        return 0
    if not assignments:
        print(f"no roles assigned: everyone has the default role ({ctx.service.default_role})")
    for a in assignments:
        role = a.role + (" +reviewer" if a.reviewer else "")
        changed = f"set by {a.updated_by} at {a.updated_at:%Y-%m-%d %H:%M} UTC" if a.updated_at else ""
        print(f"{a.user_id:<16} {role:<20} {a.source:<12} {changed}".rstrip())
    return 0
