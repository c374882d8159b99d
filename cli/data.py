"""`ingest`, `snapshots` and `rollback`: getting files in, and undoing an upload.

`ingest` goes through `core.service` like a Slack upload does (permission check, audit record),
as the shell user (`cli:<user>`, or `--as USER`). Each file is its own transaction: one refused
file does not stop the others, and the exit status says whether everything was stored
(0), something stored nothing (1), or the command itself was wrong (2).
"""
from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cli import CliError, Context, print_json
from core.governance.policy import Actor
from core.ingest.pipeline import IngestError, SheetReport
from core.ingest.snapshots import SnapshotInfo

SHOWN_REJECTIONS = 10


def register(sub: argparse._SubParsersAction) -> None:
    ingest = sub.add_parser("ingest", help="validate and store CSV/XLSX files (one snapshot per sheet)")
    ingest.add_argument("paths", nargs="+", metavar="PATH", type=Path, help="CSV or XLSX files")
    ingest.add_argument("--json", action="store_true", help='print {"files": [...]} as JSON')
    ingest.add_argument("--as", dest="user", metavar="USER", help="uploader name (default: your login)")
    ingest.set_defaults(handler=ingest_files)

    listing = sub.add_parser("snapshots", help="list uploads, newest first")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=list_snapshots)

    undo = sub.add_parser("rollback", help="return a snapshot's rows to what they were before it")
    undo.add_argument("snapshot_id", metavar="SNAPSHOT_ID", help="e.g. S000042 (see `snapshots`)")
    undo.add_argument("--json", action="store_true")
    undo.add_argument("--as", dest="user", metavar="USER", help="who rolls back (default: your login)")
    undo.set_defaults(handler=rollback)


@contextmanager
def _data_dir_writes() -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise CliError(f"cannot write to the data dir: {exc}") from None


def _check_paths(paths: list[Path]) -> None:
    for path in paths:
        if not path.exists():
            raise CliError(f"{path}: no such file")
        if not path.is_file():
            raise CliError(f"{path}: not a file")
        if not os.access(path, os.R_OK):
            raise CliError(f"{path}: not readable (permission denied)")


def ingest_files(args: argparse.Namespace, ctx: Context) -> int:
    _check_paths(args.paths)
    actor = Actor.cli(args.user)
    sheets: list[SheetReport] = []
    with _data_dir_writes():
        for path in args.paths:
            try:
                sheets += ctx.service.upload(path, path.name, actor).files
            except IngestError as exc:
                sheets.append(SheetReport.failed(path.name, str(exc)))
    if args.json:
        print_json({"files": [s.to_json() for s in sheets]})
    else:
        print("\n\n".join(render_sheet(s) for s in sheets))
    return 0 if all(s.stored for s in sheets) else 1


def render_sheet(sheet: SheetReport) -> str:
    """One block of human text per file or sheet."""
    title = sheet.file + (f" [{sheet.sheet}]" if sheet.sheet else "")
    if sheet.stored:
        lines = [f"{title}: {sheet.entity}, {sheet.rows_accepted:,} of {sheet.rows_total:,} rows accepted "
                 f"-> snapshot {sheet.snapshot_id} ({sheet.rows_inserted:,} inserted, {sheet.rows_updated:,} updated, "
                 f"{sheet.rows_unchanged:,} unchanged)"]
    else:
        lines = [f"{title}: NOT STORED: {sheet.error}"]
    if sheet.rows_rejected:
        lines.append(f"  {sheet.rows_rejected:,} row{'s' if sheet.rows_rejected != 1 else ''} rejected:")
        for rejection in sheet.rejected[:SHOWN_REJECTIONS]:
            where = f"row {rejection.row}" + (f", {rejection.column}" if rejection.column else "")
            lines.append(f"    {where}: {rejection.reason}")
        if sheet.rows_rejected > SHOWN_REJECTIONS:
            lines.append(f"    … and {sheet.rows_rejected - SHOWN_REJECTIONS:,} more (--json lists up to 1,000)")
    lines += [f"  warning: {warning}" for warning in sheet.warnings]
    return "\n".join(lines)


def list_snapshots(args: argparse.Namespace, ctx: Context) -> int:
    infos = ctx.service.snapshots()
    if args.json:
        print_json({"snapshots": [info.to_json() for info in infos]})
    elif not infos:
        print("no snapshots yet: `ingest FILE` creates one per file or sheet")
    else:
        print("\n".join(_snapshot_line(info) for info in infos))
    return 0


def _snapshot_line(info: SnapshotInfo) -> str:
    source = info.file + (f" [{info.sheet}]" if info.sheet else "")
    status = "" if info.status == "active" else f"  ({info.status.replace('_', ' ')})"
    return (f"{info.id}  {info.created_at:%Y-%m-%d %H:%M} UTC  {info.entity:<12}  {source}  "
            f"{info.rows_accepted:,} accepted, {info.rows_rejected:,} rejected (+{info.rows_inserted:,} "
            f"~{info.rows_updated:,} ={info.rows_unchanged:,})  by {info.uploader}{status}")


def rollback(args: argparse.Namespace, ctx: Context) -> int:
    with _data_dir_writes():
        report = ctx.service.rollback(args.snapshot_id, Actor.cli(args.user))
    if args.json:
        print_json(report.to_json())
    else:
        lines = [f"rolled back {report.snapshot_id} ({report.entity}): {report.rows_deleted:,} rows deleted, "
                 f"{report.rows_restored:,} restored, {report.clients_deleted:,} clients deleted"]
        lines += [f"  {message}" for message in report.messages]
        print("\n".join(lines))
    return 0
