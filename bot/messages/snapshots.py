"""`/moat snapshots` (the latest uploads) and the result of `/moat rollback`."""
from __future__ import annotations

from collections.abc import Sequence

from core.ingest.snapshots import RollbackReport, SnapshotInfo

from bot.messages.common import SlackMessage, bullets, context, escape, header, mention, message, section, slack_date

SHOWN = 15


def snapshot_line(info: SnapshotInfo) -> str:
    source = escape(info.file) + (f" / {escape(info.sheet)}" if info.sheet else "")
    state = "" if info.status == "active" else f" · _{info.status.replace('_', ' ')}_"
    return (f"`{info.id}` {info.entity.replace('_', ' ')} from {source}: {info.rows_accepted:,} rows "
            f"(+{info.rows_inserted:,} new, {info.rows_updated:,} changed, {info.rows_rejected:,} rejected) "
            f"{slack_date(info.created_at)} by {mention(info.uploader)}{state}")


def snapshots_message(snapshots: Sequence[SnapshotInfo]) -> SlackMessage:
    if not snapshots:
        return message("No uploads yet.", [section("No uploads yet: share a CSV or Excel file in a channel I am in.")])
    shown = snapshots[:SHOWN]
    more = f"{len(snapshots) - SHOWN} older not shown" if len(snapshots) > SHOWN else ""
    return message(f"{len(snapshots)} uploads; latest {snapshots[0].id}.", [
        header("Uploads (newest first)"),
        section(bullets([snapshot_line(s) for s in shown])),
        context(more) if more else None,
        context("Undo one with `/moat rollback SNAPSHOT_ID`"),
    ])


def rollback_message(report: RollbackReport) -> SlackMessage:
    counts = (f"{report.rows_deleted:,} rows removed, {report.rows_restored:,} restored to their previous values, "
              f"{report.rows_kept:,} kept")
    notes = bullets([escape(m) for m in report.messages]) if report.messages else ""
    return message(f"Rolled back {report.snapshot_id} ({report.entity}): {counts}.", [
        section(f":leftwards_arrow_with_hook: Rolled back `{report.snapshot_id}` ({report.entity.replace('_', ' ')}): {counts}."),
        section(notes) if notes else None,
    ])
