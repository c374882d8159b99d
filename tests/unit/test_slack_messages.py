"""Block Kit messages: content people rely on, Slack's limits, and a plain-text fallback every time.

Each message is also run through the Slack stand-in's own validator (`block_errors`), the same
check that answers `invalid_blocks` in the end-to-end tests, so a limit broken here fails here.
"""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta, timezone

import pytest
from slack_sdk.models.blocks import Block

from bot.messages import answer, common, digest, help, home, report, review, snapshots, status
from slack_standin.slack_api import MAX_MESSAGE_BLOCKS, MAX_VIEW_BLOCKS, block_errors, view_errors
from core.engine import periods
from core.ops.digest import Digest, Figure, Section
from core.ingest.pipeline import SheetReport, UploadReport
from core.governance.reviews import APPROVED, PENDING, REJECTED, Review
from core.ops.schedules import DigestSchedule
from core.service import Status
from core.ingest.snapshots import RollbackReport, SnapshotInfo
from core.ingest.validate import Rejection

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)


def valid(message: common.SlackMessage) -> dict:
    """The message as sent to Slack, after checking it the way the stand-in (and Slack) would."""
    sent = message.as_kwargs()
    assert sent["text"].strip(), "every message needs a plain-text fallback"
    assert block_errors(sent["blocks"], "/blocks", MAX_MESSAGE_BLOCKS) == []
    return sent


def texts(sent: dict) -> str:
    """All visible text of a message's blocks, for asserting on content."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(sent["blocks"])
    return "\n".join(found)


def a_review(status_: str = PENDING, **changes: object) -> Review:
    document = {
        "question": "revenue by client in Q3 2025", "answered": True,
        "intent": {"metric": "revenue", "group_by": "client"},
        "result": {"value": 3500.0, "unit": "USD", "rows": [{"label": "Acme Corp", "value": 2500.0},
                                                           {"label": "Globex", "value": 1000.0}]},
        "answer": "Revenue by client in Q3 2025: Acme Corp ($2,500.00), Globex ($1,000.00); total $3,500.00.",
        "explanation": "revenue = sum of invoice totals; from 12 invoices", "confidence": 0.62,
        "needs_review": True, "review_reasons": ["'acme' was read as Acme Corp", "only 2 rows behind this number"],
    }
    fields = dict(id="R1A2B3C4D", status=status_, question=document["question"], answer=document,
                  asker_id="U0ASKER", asker_name="ann", channel="C0GENERAL", thread_ts="1700000000.000100",
                  placeholder_ts="1700000000.000200", review_channel="C0REVIEW", review_ts="1700000000.000300",
                  created_at=NOW - timedelta(hours=2), decided_at=None, decided_by=None, decided_by_name=None,
                  reason=None, reminders_sent=0)
    if status_ != PENDING:
        fields.update(decided_at=NOW, decided_by="U0REVIEWER", decided_by_name="rita")
    fields.update(changes)
    return Review(**fields)


# --- common: limits ----------------------------------------------------------------------------

def test_truncate_respects_the_limit_and_never_cuts_markup() -> None:
    assert common.truncate("short", 10) == "short"
    cut = common.truncate("a" * 20, 10)
    assert len(cut) == 10 and cut.endswith("…")
    assert common.truncate("ab &amp; cd", 6) == "ab …"
    assert common.truncate("hi <@U12345> there", 8) == "hi …"


def test_sections_fields_headers_are_cut_to_slacks_limits() -> None:
    blocks: list[Block] = [common.section("x" * 5000), common.header("h" * 400),
                           common.fields([f"field {i} " + "y" * 3000 for i in range(14)]), common.context("z" * 4000)]
    sent = valid(common.message("fallback", blocks))
    section, header, fields, context = sent["blocks"]
    assert len(section["text"]["text"]) == common.SECTION_TEXT and section["text"]["text"].endswith("…")
    assert len(header["text"]["text"]) == common.HEADER_TEXT
    assert len(fields["fields"]) == 10 and all(len(f["text"]) <= common.FIELD_TEXT for f in fields["fields"])
    assert len(context["elements"][0]["text"]) <= common.SECTION_TEXT


def test_a_message_never_has_more_than_50_blocks_and_says_what_was_left_out() -> None:
    sent = valid(common.message("many", [common.section(f"part {i}") for i in range(70)]))
    assert len(sent["blocks"]) == 50
    assert sent["blocks"][-1]["elements"][0]["text"] == "21 more parts not shown (Slack's limit)."


def test_fallback_text_is_never_empty_and_never_too_long() -> None:
    assert common.message("   ", [common.section("x")]).text == "…"
    assert len(common.message("t" * 10_000, []).text) == common.FALLBACK_TEXT


def test_button_values_are_never_cut() -> None:
    with pytest.raises(ValueError, match="2000"):
        common.button("Approve", "a", "x" * 2001)
    assert common.button("b" * 100, "a", "R1").to_dict()["text"]["text"].endswith("…")


def test_bullets_and_code_blocks_fit_and_count_what_they_drop() -> None:
    lines = [f"line {i} " + "w" * 80 for i in range(200)]
    listed = common.bullets(lines, limit=1000)
    assert len(listed) <= 1000 and listed.splitlines()[-1].startswith("• and ") and listed.endswith(" more")
    shown = len(listed.splitlines()) - 1
    assert listed.splitlines()[-1] == f"• and {200 - shown} more"
    block = common.code_block(lines, limit=1000)
    assert len(block) <= 1000 and block.startswith("```\n") and block.endswith("\n```")
    assert "more" in block.splitlines()[-2]


def test_mentions_only_for_slack_users() -> None:
    assert common.mention("U012AB3CD") == "<@U012AB3CD>"
    assert common.mention("cli:alice") == "`cli:alice`"
    assert common.mention(None) == "someone"


def test_user_text_is_escaped() -> None:
    sent = valid(answer.question_posted("U1", "is <!channel> & <@U2> > 3?"))
    assert "&lt;!channel&gt; &amp; &lt;@U2&gt; &gt; 3?" in texts(sent)


# --- answers ---------------------------------------------------------------------------------

def test_answer_shows_the_number_the_table_the_explanation_confidence_and_snapshots() -> None:
    view = answer.AnswerView.from_json(a_review().answer)
    view = answer.AnswerView(**{**view.__dict__, "snapshot_ids": ("S000001", "S000002")})
    sent = valid(answer.answer_message(view))
    shown = texts(sent)
    assert sent["text"].startswith("Revenue by client in Q3 2025")
    assert "```\nAcme Corp  $2,500.00\nGlobex     $1,000.00\n```" in shown
    assert "How: revenue = sum of invoice totals" in shown
    assert "Confidence 0.62 · snapshots `S000001`, `S000002`" in shown


def test_a_single_number_has_no_table_and_a_long_group_list_is_capped() -> None:
    single = answer.AnswerView(question="q", answered=True, answer="Revenue was $5.00.", explanation="e",
                               confidence=0.9, unit="USD", rows=())
    assert "```" not in texts(valid(answer.answer_message(single)))
    rows = tuple(answer.TableRow(f"Client {i:03d}", 1000.0 + i) for i in range(300))
    many = answer.AnswerView(question="q", answered=True, answer="Revenue by client.", explanation="e",
                             confidence=0.9, unit="USD", group_by="client", rows=rows)
    table = texts(valid(answer.answer_message(many)))
    assert "Client 024" in table and "Client 025" not in table and "… 275 more" in table


def test_unanswered_questions_show_the_explanation_without_a_confidence() -> None:
    view = answer.AnswerView(question="weather?", answered=False, answer="I can answer questions about your data.",
                             explanation="", confidence=1.0)
    sent = valid(answer.answer_message(view))
    assert texts(sent) == "I can answer questions about your data." and "Confidence" not in texts(sent)


def test_waiting_for_review_does_not_give_the_answer_away() -> None:
    view = answer.AnswerView.from_json(a_review().answer)
    sent = valid(answer.waiting_for_review(view, "R1A2B3C4D"))
    assert "2,500" not in texts(sent) + sent["text"] and "R1A2B3C4D" in texts(sent)
    assert "reviewer" in sent["text"]


def test_approved_and_rejected_notices_for_the_asker() -> None:
    decided = a_review(APPROVED)
    approved = valid(answer.answer_message(answer.AnswerView.from_json(decided.answer), approved_by="U0REVIEWER",
                                           approved_at=decided.decided_at))
    assert "approved by <@U0REVIEWER>" in texts(approved) and "Acme Corp" in texts(approved)
    rejected = valid(answer.review_rejected("revenue?", "U0REVIEWER", "wrong quarter", NOW))
    assert "<@U0REVIEWER>" in texts(rejected) and "wrong quarter" in texts(rejected)
    assert "wrong quarter" in rejected["text"]


# --- reviews ---------------------------------------------------------------------------------

def test_review_request_carries_the_review_id_and_nothing_else_in_its_buttons() -> None:
    sent = valid(review.review_request(a_review()))
    [actions] = [b for b in sent["blocks"] if b["type"] == "actions"]
    assert [(e["action_id"], e["value"], e.get("style")) for e in actions["elements"]] == [
        (review.APPROVE_ACTION, "R1A2B3C4D", "primary"), (review.REJECT_ACTION, "R1A2B3C4D", "danger")]
    shown = texts(sent)
    for expected in ("revenue by client in Q3 2025", "Acme Corp ($2,500.00)", "only 2 rows behind this number",
                     "<@U0ASKER>", "<#C0GENERAL>", "0.62"):
        assert expected in shown


def test_decided_review_has_no_buttons_and_says_who_when_and_why() -> None:
    approved = valid(review.review_decided(a_review(APPROVED)))
    assert not [b for b in approved["blocks"] if b["type"] == "actions"]
    assert "Approved by <@U0REVIEWER> <!date^" in texts(approved)
    rejected = valid(review.review_decided(a_review(REJECTED, reason="the <period> is wrong")))
    assert "Rejected by <@U0REVIEWER>" in texts(rejected) and "the &lt;period&gt; is wrong" in texts(rejected)
    assert review.already_decided(a_review(APPROVED)).startswith("Nothing changed: this answer was already approved by <@U0REVIEWER>")


def test_reminder_has_buttons_and_the_moved_copy_has_none() -> None:
    reminder = valid(review.review_reminder(a_review()))
    assert any(b["type"] == "actions" for b in reminder["blocks"]) and "Reminder" in reminder["text"]
    moved = valid(review.reminder_moved(a_review()))
    assert not any(b["type"] == "actions" for b in moved["blocks"])


def test_reject_modal_keeps_the_review_id_in_private_metadata() -> None:
    modal = review.reject_modal(a_review(question="q" * 3000)).to_dict()
    assert view_errors(modal, ("modal",)) == []
    assert (modal["callback_id"], modal["private_metadata"]) == (review.REJECT_MODAL, "R1A2B3C4D")
    [field] = [b for b in modal["blocks"] if b["type"] == "input"]
    assert (field["block_id"], field["element"]["action_id"]) == (review.REASON_BLOCK, review.REASON_INPUT)


# --- uploads ---------------------------------------------------------------------------------

def an_upload() -> UploadReport:
    rejected = [Rejection(17, "total_amount", "not a number: 'abc'", {"invoice_number": "=HYPERLINK(\"x\")",
                                                                      "total_amount": "abc"}),
                Rejection(21, "date", "not a date: '31/02'", {"invoice_number": "INV-21", "date": "31/02"})]
    sheet = SheetReport(file="invoices.csv", sheet=None, entity="invoices", snapshot_id="S000007", rows_total=50,
                        rows_accepted=48, rows_rejected=2, rows_inserted=48, rejected=rejected,
                        warnings=["ignored columns: notes"])
    return UploadReport([sheet])


def test_upload_report_shows_entity_counts_rejected_rows_warnings_and_snapshot() -> None:
    sent = valid(report.upload_report("invoices.csv", an_upload()))
    shown = texts(sent)
    for expected in ("Validation report: invoices.csv", "*invoices*", "48 accepted", "2 rejected of 50 rows",
                     "snapshot `S000007`", "row 17 · total_amount: not a number: 'abc'", "ignored columns: notes",
                     "/moat rollback S000007"):
        assert expected in shown
    assert sent["text"] == "invoices.csv: 48 rows stored as invoices, 2 rejected (S000007)"


def test_upload_report_of_a_sheet_that_stored_nothing_says_why() -> None:
    failed = UploadReport([SheetReport.failed("book.xlsx", "no valid rows", sheet="Sheet2")])
    shown = texts(valid(report.upload_report("book.xlsx", failed)))
    assert "nothing stored: no valid rows" in shown and "rollback" not in shown


def test_rejected_rows_csv_has_every_row_reason_and_cell_escaped() -> None:
    data = report.rejected_rows_csv(an_upload())
    assert data is not None and data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["file", "sheet", "entity", "row", "column", "reason", "invoice_number", "total_amount", "date"]
    assert rows[1] == ["invoices.csv", "", "invoices", "17", "total_amount", "not a number: 'abc'",
                       "'=HYPERLINK(\"x\")", "abc", ""]
    assert rows[2][3:6] == ["21", "date", "not a date: '31/02'"]
    assert report.rejected_rows_csv(UploadReport([SheetReport(file="a.csv", sheet=None, entity="clients")])) is None


def test_refusal_and_failure_are_one_clear_line() -> None:
    refused = valid(report.upload_refused("cat.png", "PNG"))
    assert refused["text"].startswith("I only read CSV and Excel (.xlsx) files, so I left cat.png (PNG) alone.")
    failed = valid(report.upload_failed("a.csv", "it is 300.0 MB"))
    assert failed["text"] == "I could not load a.csv: it is 300.0 MB"


# --- status, snapshots, help, home ---------------------------------------------------------

def a_status() -> Status:
    return Status(datasets={"clients": {"rows": 12, "first": None, "last": None,
                                        "latest_snapshot": (datetime.now(timezone.utc) - timedelta(hours=3)).isoformat()},
                            "invoices": {"rows": 1234, "first": "2025-01-01", "last": "2025-09-30",
                                         "latest_snapshot": (datetime.now(timezone.utc) - timedelta(days=2)).isoformat()},
                            "budgets": {"rows": 0, "first": None, "last": None, "latest_snapshot": None}},
                  model="SmolLM2-135M", pending_reviews=1, schema_version=4)


def test_status_lists_each_entity_with_freshness_model_and_reviews() -> None:
    sent = valid(status.status_message(a_status()))
    shown = texts(sent)
    assert "*clients*: 12 rows · updated 3 h ago" in shown
    assert "*invoices*: 1,234 rows, 2025-01-01 to 2025-09-30 · updated 2 d ago" in shown
    assert "*budgets*: no data yet" in shown
    assert "SmolLM2-135M" in shown and "1 answer waiting for review" in shown
    assert sent["text"].startswith("MoatMetrics: 2 of 3 data sets loaded")


def test_snapshots_list_and_rollback_result() -> None:
    info = SnapshotInfo(id="S000007", entity="time_entries", file="hours.xlsx", sheet="March", sha256="0" * 64,
                        uploader="U0ANN", created_at=NOW, rows_total=10, rows_accepted=9, rows_rejected=1,
                        rows_inserted=8, rows_updated=1, rows_unchanged=0, warnings=[], status="rolled_back",
                        rolled_back_at=NOW)
    shown = texts(valid(snapshots.snapshots_message([info] * 20)))
    assert "`S000007` time entries from hours.xlsx / March: 9 rows (+8 new, 1 changed, 1 rejected)" in shown
    assert "by <@U0ANN> · _rolled back_" in shown and "5 older not shown" in shown
    assert "No uploads yet" in valid(snapshots.snapshots_message([]))["text"]
    undone = valid(snapshots.rollback_message(RollbackReport("S000007", "invoices", rows_deleted=3, rows_restored=2,
                                                             rows_kept=1, messages=["1 row kept: changed later by S000009"])))
    assert "Rolled back S000007 (invoices): 3 rows removed, 2 restored" in undone["text"]
    assert "changed later by S000009" in texts(undone)


def test_help_lists_every_command_and_usage_errors_say_what_was_wrong() -> None:
    shown = texts(valid(help.help_message()))
    for command in ("/moat ask", "/moat status", "/moat snapshots", "/moat rollback", "/moat role", "/moat help",
                    "/moat digest add", "/moat digest list", "/moat digest remove"):
        assert command in shown
    error = valid(help.usage_error("I do not know the command 'stauts'."))
    assert error["text"].startswith("I do not know the command 'stauts'.") and "/moat status" in texts(error)


def test_home_tab_shows_data_reviews_recent_questions_and_digests() -> None:
    recent = [home.RecentQuestion("what was revenue last month?", NOW)]
    view = home.home_view(a_status(), [a_review()], recent, can_review=True).to_dict()
    assert view_errors(view, ("home",)) == [] and len(view["blocks"]) <= MAX_VIEW_BLOCKS
    shown = texts({"blocks": view["blocks"]})
    assert "*invoices*: 1,234 rows" in shown and "1 answer waiting" in shown
    assert "`R1A2B3C4D` “revenue by client in Q3 2025”" in shown
    assert "“what was revenue last month?”" in shown and "no digests scheduled" in shown
    hidden = texts({"blocks": home.home_view(a_status(), [a_review()], [], can_review=False).to_dict()["blocks"]})
    assert "R1A2B3C4D" not in hidden and "None yet" in hidden


def test_home_tab_names_the_next_digest() -> None:
    digest = DigestSchedule(id=1, cron="0 8 * * MON", channel="#finance", sections=("outliers",), timezone="UTC",
                            created_at=NOW, created_by="U0ANN", next_run=NOW + timedelta(days=3))
    shown = texts({"blocks": home.home_view(a_status(), [], [], can_review=False, next_digest=digest).to_dict()["blocks"]})
    assert "*Next digest*: <!date^" in shown and "in #finance" in shown


# --- digests ---------------------------------------------------------------------------------

def a_digest(sections: list[Section]) -> Digest:
    return Digest(date(2026, 11, 2), periods.month(2026, 10), sections)


def test_digest_has_a_header_a_section_per_digest_section_and_the_as_of_date() -> None:
    sent = valid(digest.digest_message(a_digest([
        Section("profitability", "Revenue and margin", ["Revenue October 2026: 12,000.00 USD (September 2026: "
                                                        "10,000.00 USD, +20.0%)"],
                [Figure("revenue", 12000.0, "USD", previous=10000.0, change=2000.0, change_pct=20.0)]),
        Section("clients", "Lowest-margin clients", ["Smith & <Sons>: 3.0%"]),
    ])))
    header_block, profitability, clients, closing = sent["blocks"]
    assert header_block["text"]["text"].endswith("MoatMetrics digest: October 2026 (as of 2026-11-02)")
    assert profitability["text"]["text"].startswith("*Revenue and margin*\n• Revenue October 2026: 12,000.00 USD")
    assert clients["text"]["text"] == "*Lowest-margin clients*\n• Smith &amp; &lt;Sons&gt;: 3.0%"
    assert "As of 2026-11-02" in closing["elements"][0]["text"] and "October 2026" in closing["elements"][0]["text"]
    assert sent["text"].startswith("MoatMetrics digest: October 2026") and "Smith &amp; &lt;Sons&gt;" in sent["text"]


def test_a_huge_digest_stays_within_slacks_limits_and_says_what_it_left_out() -> None:
    sections = [Section(f"s{i}", "T" * 500, [f"line {j} " + "w" * 400 for j in range(40)]) for i in range(80)]
    sent = valid(digest.digest_message(a_digest(sections)))
    assert len(sent["blocks"]) == common.MAX_BLOCKS and len(sent["text"]) == common.FALLBACK_TEXT
    assert sent["text"].endswith("…")
    shown = [b for b in sent["blocks"] if b["type"] == "section"]
    assert all(b["text"]["text"].splitlines()[-1].startswith("• and ") for b in shown)
    notes = [b["elements"][0]["text"] for b in sent["blocks"] if b["type"] == "context"]
    assert notes[0] == f"{80 - len(shown)} more sections not shown (Slack's limit)" and "As of 2026-11-02" in notes[1]


def test_digest_schedule_replies_name_the_schedule_channel_and_next_run() -> None:
    weekly = DigestSchedule(id=3, cron="0 8 * * MON", channel="C0FINANCE", sections=("profitability", "licenses"),
                            timezone="Europe/Paris", created_at=NOW, created_by="U0ADMIN", next_run=NOW + timedelta(days=3))
    added = valid(digest.schedule_added(weekly))
    assert added["text"] == "Digest schedule 3 added: 0 8 * * MON (Europe/Paris) to <#C0FINANCE>."
    assert "/moat digest remove 3" in texts(added) and "profitability, licenses" in texts(added)
    listing = texts(valid(digest.schedules_message([weekly, DigestSchedule(
        id=4, cron="0 9 1 * *", channel="#ops", sections=("budget",), timezone="UTC", created_at=NOW,
        created_by="cli:ann", next_run=None)])))
    assert "`3` `0 8 * * MON` (Europe/Paris) to <#C0FINANCE>, next <!date^" in listing
    assert "`4` `0 9 1 * *` (UTC) to #ops, next never: budget" in listing
    assert "No digests scheduled" in valid(digest.schedules_message([]))["text"]
    assert valid(digest.schedule_removed(weekly))["text"] == "Digest schedule 3 removed (0 8 * * MON to <#C0FINANCE>)."
