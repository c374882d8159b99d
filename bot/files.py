"""Files shared in Slack: is it data, is it small enough, and its bytes on disk.

Three traps sit between a shared file and `service.upload`, and each gets its own message:
- people share screenshots and PDFs in the same channels: those get a polite one-line refusal;
- Slack answers a download without a valid token with HTTP 200 and its sign-in page, which would
  otherwise be "ingested" as a one-column CSV of HTML;
- a file over the limit must be refused from files.info's `size` before any byte is fetched, and
  again while streaming (the size can be missing or wrong).
The download streams to a temporary file, so a 200 MB upload never sits in memory.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import httpx

from core.errors import UserError
from core.ingest.readers import IngestError, Probe

CSV, XLSX = "csv", "xlsx"
_KIND_BY_SUFFIX = {".csv": CSV, ".xlsx": XLSX}
# Mimetypes Slack reports for each kind (browsers and Windows disagree), plus the neutral ones.
_MIMETYPES = {
    CSV: {"text/csv", "text/plain", "application/csv", "text/comma-separated-values", "text/x-csv",
          "application/vnd.ms-excel"},
    XLSX: {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"},
}
_NEUTRAL_MIMETYPES = {"", "application/octet-stream", "binary/octet-stream"}
_CHUNK = 64 * 1024
DOWNLOAD_TIMEOUT_S = 60.0
LOGIN_PAGE = ("Slack sent its sign-in page instead of the file, so the bot's token cannot read files: "
              "check that the app has the files:read scope and was reinstalled after adding it")


class FileRefused(UserError):
    """Not a data file (an image, a PDF, an .xls): the message names what it is, for a polite refusal."""


class FileProblem(UserError):
    """A data file that cannot be fetched or is not what its name says; the message is for the user."""


@dataclass(frozen=True)
class SlackFile:
    """What files.info says about a file, as far as the bot needs it."""

    id: str
    name: str
    mimetype: str
    pretty_type: str
    size: int | None
    url: str | None
    shares: dict

    @classmethod
    def from_info(cls, info: dict) -> SlackFile:
        size = info.get("size")
        return cls(id=str(info.get("id")), name=str(info.get("name") or info.get("title") or info.get("id")),
                   mimetype=str(info.get("mimetype") or "").lower(),
                   pretty_type=str(info.get("pretty_type") or info.get("filetype") or "unknown type"),
                   size=size if isinstance(size, int) else None,
                   url=info.get("url_private_download") or info.get("url_private"), shares=info.get("shares") or {})

    def thread_in(self, channel: str) -> str | None:
        """The thread the file was shared into in `channel` (its share message, or that message's
        thread), for the report to go under; None when Slack has not recorded the share yet."""
        for scope in ("public", "private"):
            for share in (self.shares.get(scope) or {}).get(channel) or []:
                return share.get("thread_ts") or share.get("ts")
        return None


def data_kind(file: SlackFile) -> str:
    """"csv" or "xlsx" from the name and mimetype; FileRefused for anything else."""
    kind = _KIND_BY_SUFFIX.get(PurePosixPath(file.name).suffix.lower())
    if kind is None or (file.mimetype not in _NEUTRAL_MIMETYPES and file.mimetype not in _MIMETYPES[kind]):
        raise FileRefused(file.pretty_type if kind is None else f"{file.pretty_type}, {file.mimetype}")
    return kind


def _size(size: int) -> str:
    return f"{size / 1024:,.1f} KB" if size < 1024 * 1024 else f"{size / (1024 * 1024):,.1f} MB"


def check_size(file: SlackFile, max_bytes: int) -> None:
    if file.size is not None and file.size > max_bytes:
        raise FileProblem(f"it is {_size(file.size)}; the limit is {_size(max_bytes)} (MOAT_MAX_UPLOAD_MB)")


def _looks_like_html(head: bytes) -> bool:
    return head.lstrip().lower().startswith((b"<!doctype html", b"<html"))


def download(file: SlackFile, kind: str, *, token: str, max_bytes: int, directory: Path) -> Path:
    """Stream the file into `directory` with the bot token; FileProblem for a sign-in page, a file
    over `max_bytes`, an HTTP error, or content that is not the kind its name says."""
    if not file.url:
        raise FileProblem("Slack gave no download link for it")
    target = directory / f"{file.id}.{kind}"
    probe = Probe()
    try:
        with httpx.stream("GET", file.url, headers={"Authorization": f"Bearer {token}"},
                          timeout=DOWNLOAD_TIMEOUT_S, follow_redirects=True) as response:
            if response.status_code != 200:
                raise FileProblem(f"Slack answered HTTP {response.status_code} to the download")
            if response.headers.get("content-type", "").lower().startswith("text/html"):
                raise FileProblem(LOGIN_PAGE)
            with target.open("wb") as out:
                for chunk in probe.watch(response.iter_bytes(_CHUNK)):
                    if probe.size > max_bytes:
                        raise FileProblem(f"it is over the limit of {_size(max_bytes)} (MOAT_MAX_UPLOAD_MB)")
                    out.write(chunk)
    except httpx.HTTPError as exc:
        raise FileProblem(f"the download failed ({type(exc).__name__})") from exc
    if _looks_like_html(bytes(probe.head)):
        raise FileProblem(LOGIN_PAGE)
    _check_content(probe, kind)
    return target


def _check_content(probe: Probe, kind: str) -> None:
    """The bytes must be what the name says: a renamed workbook or PDF gets a message naming it."""
    try:
        found = probe.kind()
    except IngestError as exc:
        raise FileProblem(str(exc)) from exc
    if found != kind:
        raise FileProblem("its name says CSV but it is an Excel workbook: rename it .xlsx" if found == XLSX
                          else "its name says .xlsx but it is not an Excel workbook (it holds text)")
