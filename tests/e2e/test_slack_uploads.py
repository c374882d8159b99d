"""Uploads through Slack, end to end: shared file -> download -> ingest -> report in the file's thread."""
from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from slack_standin import payloads
from tests.e2e.slack_harness import UPSTREAM, BotWorld, bot_world

pytestmark = pytest.mark.e2e


@pytest.fixture
def world(tmp_path: Path) -> Iterator[BotWorld]:
    with bot_world(tmp_path) as built:
        yield built


def invoices_with_bad_rows() -> bytes:
    good = (UPSTREAM / "invoices.csv").read_bytes()
    bad = b'Client 001 Corp,=HYPERLINK("http://evil"),2026-10-01,2026-10-31,USD,abc,pending,\r\n'
    return good.rstrip(b"\r\n") + b"\r\n" + bad


def test_csv_with_a_rejected_row_gets_a_report_and_the_rejected_rows_as_csv(world: BotWorld) -> None:
    _, shared = world.share_file(world.ann, "invoices.csv", invoices_with_bad_rows())
    report = world.wait_for_reply(world.general, shared["ts"], "Validation report")
    assert report.text.startswith("invoices.csv: 50 rows stored as invoices, 1 rejected (S")
    blocks = str(report.blocks)
    assert "row 52 · total_amount" in blocks and "50 accepted" in blocks
    [snapshot] = [s.id for s in world.service.snapshots()]
    assert f"`{snapshot}`" in blocks

    upload = world.wait_for_reply(world.general, shared["ts"], lambda m: m.file_ids)
    assert [c.method for c in world.calls("files.getUploadURLExternal")] == ["files.getUploadURLExternal"]
    assert world.calls("files.completeUploadExternal")[0].params["thread_ts"] == shared["ts"]
    stored = world.ws.file(upload.file_ids[0])
    assert stored.name == "invoices-rejected-rows.csv"
    rows = list(csv.reader(io.StringIO(stored.content.decode("utf-8-sig"))))
    assert rows[0][:6] == ["file", "sheet", "entity", "row", "column", "reason"]
    assert rows[1][3:5] == ["52", "total_amount"]
    assert "'=HYPERLINK(\"http://evil\")" in rows[1], "formula cells must be escaped"
    [event] = world.audit("upload")
    assert (event["actor_id"], event["target"], event["details"]["rows_rejected"]) == (world.ann.id, snapshot, 1)
    assert all(d.authorized for d in world.ws.downloads)

    # Slack announces the bot's own CSV too: the bot must not take it for an upload.
    world.deliver("event", world.envelope(payloads.file_shared_event(stored.id, world.ws.bot_user.id, world.general.id)))
    time.sleep(0.5)
    assert len(world.replies(world.general, shared["ts"])) == 2 and len(world.ws.downloads) == 1


def test_other_file_types_get_one_polite_line(world: BotWorld) -> None:
    _, shared = world.share_file(world.ann, "diagram.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    reply = world.wait_for_reply(world.general, shared["ts"])
    assert reply.text.startswith("I only read CSV and Excel (.xlsx) files, so I left diagram.png (PNG) alone.")
    assert world.ws.downloads == [] and world.service.snapshots() == []


def test_a_login_page_instead_of_the_file_is_reported_not_ingested(world: BotWorld,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Slack answers a download by a token that may not read files with 200 and its sign-in page.
    Here the workspace stops accepting the bot's token between files.info and the download."""
    token, record_call, record_download = world.ws.bot_token, world.ws.record_call, world.ws.record_download

    def call_recorded(method: str, params: dict, error: str | None) -> None:
        record_call(method, params, error)
        if method == "files.info":
            world.ws.bot_token = "xoxb-token-without-files-read"

    def download_recorded(file_id: str, authorized: bool) -> None:
        record_download(file_id, authorized)
        world.ws.bot_token = token

    monkeypatch.setattr(world.ws, "record_call", call_recorded)
    monkeypatch.setattr(world.ws, "record_download", download_recorded)
    _, shared = world.share_file(world.ann, "clients.csv", (UPSTREAM / "clients.csv").read_bytes())
    reply = world.wait_for_reply(world.general, shared["ts"])
    assert reply.text.startswith("I could not load clients.csv: Slack sent its sign-in page instead of the file")
    assert "files:read" in reply.text
    assert [d.authorized for d in world.ws.downloads] == [False]
    assert world.service.snapshots() == []
    [event] = world.audit("upload")
    assert event["outcome"] == "rejected" and "sign-in page" in event["details"]["message"]


def test_a_viewer_is_refused_in_the_thread_before_anything_is_downloaded(world: BotWorld) -> None:
    _, shared = world.share_file(world.vic, "clients.csv", (UPSTREAM / "clients.csv").read_bytes())
    reply = world.wait_for_reply(world.general, shared["ts"])
    assert reply.text == ("I could not load clients.csv: You need the upload permission to upload files "
                          "(your role: viewer); ask an admin (/moat role)")
    assert world.ws.downloads == [] and world.service.snapshots() == []
    [denied] = world.audit("action_denied")
    assert (denied["actor_id"], denied["details"]["permission"], denied["target"]) == (world.vic.id, "upload", "clients.csv")


def test_a_workbook_gets_one_report_for_all_its_sheets(world: BotWorld) -> None:
    book = openpyxl.Workbook()
    clients = book.active
    clients.title = "Clients"
    for row in csv.reader(io.StringIO((UPSTREAM / "clients.csv").read_text())):
        clients.append(row)
    invoices = book.create_sheet("Invoices")
    for row in csv.reader(io.StringIO((UPSTREAM / "invoices.csv").read_text())):
        invoices.append(row)
    content = io.BytesIO()
    book.save(content)
    _, shared = world.share_file(world.ann, "export.xlsx", content.getvalue())
    report = world.wait_for_reply(world.general, shared["ts"], "Validation report")
    assert "*Clients* → *clients*" in str(report.blocks) and "*Invoices* → *invoices*" in str(report.blocks)
    assert sorted(s.entity for s in world.service.snapshots()) == ["clients", "invoices"]


def test_a_file_whose_content_is_not_what_its_name_says_is_refused(world: BotWorld) -> None:
    _, shared = world.share_file(world.ann, "clients.csv", b"PK\x03\x04" + b"\0" * 200)
    reply = world.wait_for_reply(world.general, shared["ts"])
    assert reply.text == "I could not load clients.csv: its name says CSV but it is an Excel workbook: rename it .xlsx"


def test_a_file_over_the_limit_is_refused_from_its_size_without_downloading(tmp_path: Path) -> None:
    with bot_world(tmp_path, max_upload_mb=0.001) as world:
        _, shared = world.share_file(world.ann, "invoices.csv", (UPSTREAM / "invoices.csv").read_bytes())
        reply = world.wait_for_reply(world.general, shared["ts"])
        size = len((UPSTREAM / "invoices.csv").read_bytes()) / 1024
        assert reply.text == (f"I could not load invoices.csv: it is {size:,.1f} KB; the limit is 1.0 KB "
                              "(MOAT_MAX_UPLOAD_MB)")
        assert world.ws.downloads == []
