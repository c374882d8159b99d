"""The upload's validation report in the file's thread, the rejected-rows CSV, and upload refusals.

The report reads each sheet through `SheetReport.to_json()`, the SPEC's machine-readable shape, so
what Slack shows and what `app.py ingest --json` prints can never disagree.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from slack_sdk.models.blocks import Block

from core.ingest.values import escape_formula

from bot.messages.common import SlackMessage, bullets, context, escape, header, message, section

if TYPE_CHECKING:
    from core.ingest.pipeline import UploadReport

SHOWN_REJECTED = 10
SHOWN_WARNINGS = 10
CSV_COLUMNS = ("file", "sheet", "entity", "row", "column", "reason")


def _rejected_line(item: dict) -> str:
    return f"row {item.get('row')} · {escape(str(item.get('column') or '-'))}: {escape(str(item.get('reason')))}"


def _sheet_blocks(sheet: dict) -> list[Block]:
    name = escape(sheet.get("sheet") or sheet.get("file") or "file")
    entity = sheet.get("entity") or "unrecognised"
    counts = (f":white_check_mark: {sheet.get('rows_accepted', 0):,} accepted · :x: {sheet.get('rows_rejected', 0):,} "
              f"rejected of {sheet.get('rows_total', 0):,} rows")
    stored = (f"stored as snapshot `{sheet['snapshot_id']}`" if sheet.get("snapshot_id")
              else f":warning: nothing stored: {escape(sheet.get('error') or 'no valid rows')}")
    blocks: list[Block] = [section(f"*{name}* → *{escape(entity)}*\n{counts}\n{stored}")]
    rejected = sheet.get("rejected") or []
    if rejected:
        more = " (the full list is in the CSV below)" if sheet.get("rows_rejected", 0) > SHOWN_REJECTED else ""
        blocks.append(section(f"*Rejected rows*{more}\n" + bullets([_rejected_line(r) for r in rejected[:SHOWN_REJECTED]])))
    warnings = sheet.get("warnings") or []
    if warnings:
        blocks.append(section("*Warnings*\n" + bullets([escape(w) for w in warnings[:SHOWN_WARNINGS]])))
    return blocks


def _summary(file_name: str, sheets: Sequence[dict]) -> str:
    parts = []
    for sheet in sheets:
        target = sheet.get("entity") or "nothing"
        where = f" ({sheet['snapshot_id']})" if sheet.get("snapshot_id") else ""
        parts.append(f"{sheet.get('rows_accepted', 0):,} rows stored as {target}, "
                     f"{sheet.get('rows_rejected', 0):,} rejected{where}")
    return f"{file_name}: " + "; ".join(parts or ["no sheets found"])


def upload_report(file_name: str, report: UploadReport) -> SlackMessage:
    sheets = [sheet.to_json() for sheet in report.files]
    snapshots = [s["snapshot_id"] for s in sheets if s.get("snapshot_id")]
    blocks: list[Block] = [header(f"Validation report: {file_name}")]
    for sheet in sheets:
        blocks += _sheet_blocks(sheet)
    if snapshots:
        blocks.append(context(f"Undo with `/moat rollback {snapshots[0]}`" if len(snapshots) == 1
                              else "Undo a sheet with `/moat rollback SNAPSHOT_ID`"))
    return message(_summary(file_name, sheets), blocks)


def rejected_rows_csv(report: UploadReport) -> bytes | None:
    """Every rejected row the report carries, with its reason and the cells as uploaded, as CSV (None
    when there are none). Text cells are escaped so a spreadsheet opening it never runs a formula
    someone typed into the original file."""
    rows = [(sheet, rejection) for sheet in report.files for rejection in sheet.rejected]
    if not rows:
        return None
    cells = list(dict.fromkeys(name for _, rejection in rows for name in rejection.raw))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*CSV_COLUMNS, *cells])
    for sheet, rejection in rows:
        line = [sheet.file, sheet.sheet or "", sheet.entity or "", rejection.row, rejection.column or "",
                rejection.reason, *(rejection.raw.get(name, "") for name in cells)]
        writer.writerow([escape_formula(cell) if isinstance(cell, str) else cell for cell in line])
    return out.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def rejected_rows_comment(file_name: str, report: UploadReport) -> str:
    truncated = any(sheet.to_json().get("rejected_truncated") for sheet in report.files)
    cap = " (the first 1,000 per sheet; all of them are kept with the upload)" if truncated else ""
    return f"Rejected rows of {file_name}, with the reason for each{cap}."


def upload_refused(file_name: str, kind: str) -> SlackMessage:
    """The one-line polite refusal for files that are not data (images, PDFs, .xls, …)."""
    text = (f"I only read CSV and Excel (.xlsx) files, so I left {escape(file_name)} ({escape(kind)}) alone. "
            "Save it as .csv or .xlsx and share it again if it holds data for me.")
    return message(text, [section(text)])


def upload_failed(file_name: str, problem: str) -> SlackMessage:
    text = f":warning: I could not load {escape(file_name)}: {escape(problem)}"
    return message(f"I could not load {file_name}: {problem}", [section(text)])
