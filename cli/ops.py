"""`digest`, `backup` and `restore`: the operations commands.

`digest --now` builds and prints a digest (the terminal is its "channel" sender) and audits it
like a sent one; `digest add|list|remove` manage the schedules the server's scheduler runs (a
running server picks changes up within `core.ops.schedules.DEFAULT_POLL_SECONDS`). `restore` works on
settings only, never on the service: opening the database first would create files in the very
data dir that must be empty.
"""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from cli import CliError, Context, print_json
from core.governance.policy import Actor
from core.ops.backup import restore_backup
from core.ops.digest import SECTIONS, Digest


def register(sub: argparse._SubParsersAction) -> None:
    digest = sub.add_parser("digest", help="send a digest now, or add/list/remove digest schedules",
                            description="digest --now --channel C prints a digest now; "
                                        "digest add|list|remove manage the schedules.")
    digest.add_argument("--now", action="store_true", help="build the digest now and print it")
    digest.add_argument("--channel", help="the channel the digest is for (with --now)")
    _sections_option(digest)
    digest.add_argument("--as-of", metavar="YYYY-MM-DD", help="the digest's date (default: today)")
    digest.add_argument("--json", action="store_true")
    digest.set_defaults(handler=digest_now)
    actions = digest.add_subparsers(dest="digest_command", metavar="ACTION")
    add = actions.add_parser("add", help='schedule a digest, e.g. digest add "0 8 * * MON" "#finance"')
    add.add_argument("cron", help='five crontab fields: minute hour day month weekday, e.g. "0 8 * * MON"')
    add.add_argument("channel", help="Slack channel, e.g. #finance or C0123ABCD")
    _sections_option(add)
    add.add_argument("--tz", help="time zone of the cron (default: digest.timezone in the policy)")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=digest_add)
    listing = actions.add_parser("list", help="the digest schedules")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=digest_list)
    remove = actions.add_parser("remove", help="delete a digest schedule")
    remove.add_argument("id", help="schedule id (see digest list)")
    remove.set_defaults(handler=digest_remove)

    backup = sub.add_parser("backup", help="write one encrypted archive of the database and raw files")
    backup.add_argument("--output", metavar="FILE", type=Path,
                        help="archive path (default: DATA_DIR/backups/moatmetrics-<UTC time>.backup)")
    backup.add_argument("--json", action="store_true")
    backup.set_defaults(handler=backup_command)

    restore = sub.add_parser("restore", help="restore an archive into an empty data dir, then verify the audit log")
    restore.add_argument("archive", type=Path, help="a file written by `backup`")
    restore.add_argument("--data-dir", type=Path, help="the empty data dir to restore into (default: MOAT_DATA_DIR)")
    restore.add_argument("--json", action="store_true")
    restore.set_defaults(handler=restore_command)


def _sections_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sections", nargs="+", metavar="SECTION",
                        help=f"only these sections (space- or comma-separated): {', '.join(SECTIONS)}")


def _sections(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [part for value in values for part in value.replace(",", " ").split()]


class _Terminal:
    """The command line's digest sender: standard output."""

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json

    def send(self, channel: str, digest: Digest) -> str | None:
        if self.as_json:
            print_json({"channel": channel, "digest": digest.to_json()})
        else:
            sys.stdout.write(digest.to_text())
        return None


def _as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CliError(f"--as-of must be a date as YYYY-MM-DD, got {value!r}") from None


def digest_now(args: argparse.Namespace, ctx: Context) -> int:
    if not args.now:
        raise CliError("say what to do: digest --now --channel C, or digest add|list|remove (see digest --help)")
    if not args.channel:
        raise CliError("digest --now needs --channel C (the channel the digest is for)")
    as_of = _as_of(args.as_of)
    ctx.service.send_digest(Actor.cli(), args.channel, _Terminal(args.json), sections=_sections(args.sections),
                            as_of=as_of)
    return 0


def digest_add(args: argparse.Namespace, ctx: Context) -> int:
    schedule = ctx.service.add_digest(Actor.cli(), args.cron, args.channel, sections=_sections(args.sections),
                                      tz=args.tz)
    if args.json:
        print_json(schedule.to_json())
    else:
        upcoming = f"{schedule.next_run:%Y-%m-%d %H:%M %Z}" if schedule.next_run else "never"
        print(f"digest schedule {schedule.id} added: {schedule.cron} ({schedule.timezone}) to {schedule.channel}; "
              f"next run {upcoming}")
    return 0


def digest_list(args: argparse.Namespace, ctx: Context) -> int:
    schedules = ctx.service.digest_schedules()
    if args.json:
        print_json([s.to_json() for s in schedules])
        return 0
    if not schedules:
        print('no digest schedules; add one with: digest add "0 8 * * MON" "#channel"')
    for s in schedules:
        upcoming = f"{s.next_run:%Y-%m-%d %H:%M %Z}" if s.next_run else "never"
        print(f"{s.id:>4}  {s.cron:<16} {s.timezone:<16} {s.channel:<20} next {upcoming}  [{', '.join(s.sections)}]")
    return 0


def digest_remove(args: argparse.Namespace, ctx: Context) -> int:
    schedule = ctx.service.remove_digest(Actor.cli(), args.id)
    print(f"digest schedule {schedule.id} removed ({schedule.cron} to {schedule.channel})")
    return 0


def backup_command(args: argparse.Namespace, ctx: Context) -> int:
    report = ctx.service.backup(Actor.cli(), args.output)
    if args.json:
        print_json(report.to_json())
    else:
        print(f"backup written to {report.path} ({report.size_bytes:,} bytes: {sum(report.tables.values()):,} rows "
              f"in {len(report.tables)} tables, {report.raw_files} raw files)")
    return 0


def restore_command(args: argparse.Namespace, ctx: Context) -> int:
    settings = ctx.settings.model_copy(update={"data_dir": args.data_dir}) if args.data_dir else ctx.settings
    report = restore_backup(settings, args.archive, Actor.cli())
    if args.json:
        print_json(report.to_json())
    else:
        print(f"restored the backup of {report.created_at} into {report.data_dir}: "
              f"{sum(report.tables.values()):,} rows, {report.raw_files} raw files")
        print(report.audit.describe())
        if not report.audit_head_found:
            print("warning: the newest audit event recorded in the backup is missing from the restored log")
    return 0 if report.audit.ok and report.audit_head_found else 1
