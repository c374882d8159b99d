"""Uploaded bytes -> sheets -> chunks of text cells, in bounded memory whatever the file size.

Every cell reaches validation as text (None or "" = empty) so one set of parsers decides what a
value means, for CSV and Excel alike. Rows carry the number a spreadsheet user sees (header in
row 1 -> first data row 2), because that is the number a rejection report must point at.

The format and encoding are decided from the bytes themselves while they stream into the raw
store (:class:`Probe`), not from the file name: Slack names a login page "invoices.csv" just as
happily as the real file.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import load_workbook
from core.errors import UserError

HEAD_BYTES = 64 * 1024
# A CSV row may carry this many cells past the header and still be read on its own (and rejected:
# its values are shifted, usually by a delimiter inside an unquoted value). Wider rows break the
# file's structure and the file is refused.
EXTRA_CELLS = 16
DELIMITERS = (",", ";", "\t")
_SNIFF_RECORDS = 50

_UTF8_BOM = codecs.BOM_UTF8
_LATIN1_FALLBACK = "moatmetrics.latin1"


class IngestError(UserError):
    """A file (or its rows as a whole) cannot be ingested; the message tells the uploader why."""

    audited = True  # Service.upload records the refused upload


def _latin1_for_undefined(exc: UnicodeError) -> tuple[str, int]:
    """cp1252 leaves five bytes undefined (0x81 0x8D 0x8F 0x90 0x9D); read those as latin-1 does,
    so a stray byte in an otherwise cp1252 file costs one odd character, not the upload."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return bytes(exc.object[exc.start:exc.end]).decode("latin-1"), exc.end


codecs.register_error(_LATIN1_FALLBACK, _latin1_for_undefined)


@dataclass(frozen=True)
class Chunk:
    """A block of data rows: text cells by header position, and where each row sits in the file."""

    cells: pd.DataFrame  # columns 0..len(header)-1; str, "" or None
    rows: np.ndarray  # int64 spreadsheet row numbers
    overflow: np.ndarray  # bool: the row has cells past the header's last column (CSV only)


@dataclass
class Sheet:
    name: str | None  # None for a CSV
    header: list[str]
    header_row: int
    chunks: Iterator[Chunk]


class Probe:
    """Watches an upload's bytes on their way into the raw store and learns its format and encoding
    in the same pass, holding only the first HEAD_BYTES: a 200 MB file is read once, not twice."""

    def __init__(self) -> None:
        self.head = bytearray()
        self.size = 0
        self.utf8 = True
        self._decoder = codecs.getincrementaldecoder("utf-8")()

    def watch(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        for chunk in chunks:
            self.size += len(chunk)
            if len(self.head) < HEAD_BYTES:
                self.head += chunk[:HEAD_BYTES - len(self.head)]
            if self.utf8:
                self._check_utf8(chunk, final=False)
            yield chunk
        if self.utf8:
            self._check_utf8(b"", final=True)

    def _check_utf8(self, chunk: bytes, *, final: bool) -> None:
        try:
            self._decoder.decode(chunk, final)
        except UnicodeDecodeError:
            self.utf8 = False

    @property
    def encoding(self) -> str:
        """What the file says with a BOM (utf-16 is Excel's "Unicode text"; a stray invalid byte in
        a utf-8 file with a BOM reads as latin-1), else utf-8 when every byte decodes as such, else
        cp1252 (latin-1 for its holes)."""
        if self.head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        if self.head.startswith(_UTF8_BOM):
            return "utf-8-sig"
        return "utf-8" if self.utf8 else "cp1252"

    def kind(self) -> str:
        """"xlsx" or "csv"; anything else is refused with what it looks like."""
        head = bytes(self.head)
        if self.size == 0:
            raise IngestError("the file is empty")
        if head.startswith(b"PK\x03\x04"):
            return "xlsx"
        if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            raise IngestError("this is an old Excel .xls file (or another Office binary file); "
                              "save it as .xlsx or CSV and upload that")
        if head.startswith(b"%PDF"):
            raise IngestError("this is a PDF, not a CSV or Excel file")
        text = self.head_text()
        if not text.strip():
            raise IngestError("the file is empty")
        lowered = text.lstrip().lower()
        if lowered.startswith(("<!doctype html", "<html", "<head", "<body")):
            raise IngestError("this is an HTML page, not a CSV or Excel file "
                              "(a download that returned a login or error page?)")
        if _looks_binary(text):
            raise IngestError("this is not a CSV or Excel file: it holds binary data")
        return "csv"

    def estimated_rows(self) -> int:
        """Roughly how many lines a text file holds, from its head's line length: enough to tell a
        hundred rows from a million before reading them."""
        lines = self.head.count(b"\n")
        return int(self.size * lines / len(self.head)) if lines else 0

    def head_text(self) -> str:
        """The head decoded as the whole file will be (a character cut at the end is dropped)."""
        decoder = codecs.getincrementaldecoder(self.encoding)(errors=_LATIN1_FALLBACK)
        return decoder.decode(bytes(self.head), final=False)


def _looks_binary(text: str) -> bool:
    """NUL bytes, or more than 1% control characters, never occur in a text export."""
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    return "\x00" in text or controls > len(text) / 100


def read_sheets(source: Path | bytes, probe: Probe, chunk_rows: int) -> Iterator[Sheet]:
    """The sheets of an upload, each streaming its chunks; empty sheets are left out.

    A sheet must be consumed (its chunks exhausted) before the next one is asked for.
    """
    if probe.kind() == "xlsx":
        yield from _xlsx_sheets(source, chunk_rows)
    else:
        sheet = _csv_sheet(source, probe, chunk_rows)
        if sheet is not None:
            yield sheet


def _input(source: Path | bytes) -> Path | io.BytesIO:
    return io.BytesIO(source) if isinstance(source, bytes) else source


# --- CSV -------------------------------------------------------------------------------------------


def sniff_delimiter(text: str) -> tuple[str, int]:
    """(delimiter, cells in the header record) from the first records of the file.

    Each candidate splits the sample with the csv module (so quoted delimiters and newlines count
    correctly); the winner gives the header several cells and most later records the same count.
    A file with one column reads as comma-separated.
    """
    sample = text[:text.rfind("\n") + 1] or text
    best: tuple[float, int, str] = (-1.0, 1, ",")
    for delimiter in DELIMITERS:
        records = _sample_records(sample, delimiter)
        if not records or len(records[0]) < 2:
            continue
        width = len(records[0])
        body = records[1:]
        agreement = sum(len(r) == width for r in body) / len(body) if body else 1.0
        best = max(best, (agreement, width, delimiter))
    if best[0] < 0:
        records = _sample_records(sample, ",")
        return ",", max(1, len(records[0]) if records else 1)
    return best[2], best[1]


def _sample_records(sample: str, delimiter: str) -> list[list[str]]:
    records = []
    try:
        for record in csv.reader(io.StringIO(sample), delimiter=delimiter):
            if any(cell.strip() for cell in record):
                records.append(record)
                if len(records) >= _SNIFF_RECORDS:
                    break
    except csv.Error:
        pass  # a quote left open by the sample's cut: judge on the records before it
    return records


def _csv_sheet(source: Path | bytes, probe: Probe, chunk_rows: int) -> Sheet | None:
    delimiter, width = sniff_delimiter(probe.head_text())
    options = dict(sep=delimiter, header=None, names=range(width + EXTRA_CELLS), dtype=str,
                   keep_default_na=False, na_filter=False, skip_blank_lines=False, chunksize=chunk_rows,
                   encoding=probe.encoding, encoding_errors=_LATIN1_FALLBACK, engine="c", quotechar='"')
    frames = _parsed_frames(source, options, width)
    blocks = ((frame, frame.index.to_numpy(dtype=np.int64) + 1) for frame in frames)
    return _sheet(None, blocks, check_overflow=True)


def _parsed_frames(source: Path | bytes, options: dict, width: int) -> Iterator[pd.DataFrame]:
    """pandas' chunks (record index = file row - 1, blank lines included), with its parse failures
    turned into a message for the uploader."""
    iterator: Iterator[pd.DataFrame] | None = None
    while True:
        try:
            iterator = iterator or iter(pd.read_csv(_input(source), **options))
            frame = next(iterator)
        except StopIteration:
            return
        except pd.errors.ParserError as exc:
            raise IngestError(f"the CSV structure is broken ({_parser_detail(exc, width)}); check the "
                              f"delimiter and that values holding it are quoted") from exc
        except (UnicodeError, ValueError, MemoryError) as exc:
            raise IngestError(f"the CSV cannot be read: {exc}") from exc
        yield frame


def _parser_detail(exc: Exception, width: int) -> str:
    found = re.search(r"in line (\d+), saw (\d+)", str(exc))
    if found:
        return f"line {found[1]} has {found[2]} cells, the header {width}"
    message = str(exc).replace("Error tokenizing data. C error: ", "").strip()
    return message[0].lower() + message[1:] if message else "unreadable"


# --- XLSX ------------------------------------------------------------------------------------------


def _xlsx_sheets(source: Path | bytes, chunk_rows: int) -> Iterator[Sheet]:
    # openpyxl is a third-party parser handed untrusted bytes: a damaged workbook can fail with
    # almost any exception type (zip, XML, KeyError on a missing part, ...). Each one means the
    # same thing to the uploader, so each becomes one clear IngestError.
    try:
        workbook = load_workbook(_input(source), read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - see above
        raise IngestError(f"this is not a readable Excel workbook (.xlsx): {_describe(exc)}") from exc
    try:
        for worksheet in workbook.worksheets:
            sheet = _guarded_sheet(worksheet, chunk_rows)
            if sheet is not None:
                yield sheet
    finally:
        workbook.close()


def _guarded_sheet(worksheet, chunk_rows: int) -> Sheet | None:  # noqa: ANN001 - openpyxl ReadOnlyWorksheet
    title = worksheet.title
    try:
        worksheet.reset_dimensions()  # stored dimensions can be wrong; read what is really there
        sheet = _sheet(title, _guarded_blocks(title, _xlsx_blocks(worksheet, chunk_rows)), check_overflow=False)
    except IngestError:
        raise
    except Exception as exc:  # noqa: BLE001 - damaged sheet XML, see _xlsx_sheets
        raise IngestError(f"sheet {title!r} cannot be read: {_describe(exc)}") from exc
    return sheet


def _guarded_blocks(title: str, blocks: Iterator[tuple[pd.DataFrame, np.ndarray]]
                    ) -> Iterator[tuple[pd.DataFrame, np.ndarray]]:
    while True:
        try:
            block = next(blocks)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 - damaged sheet XML, see _xlsx_sheets
            raise IngestError(f"sheet {title!r} cannot be read: {_describe(exc)}") from exc
        yield block


def _describe(exc: Exception) -> str:
    if isinstance(exc, zipfile.BadZipFile):
        return "the archive is damaged or not an Excel file"
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _xlsx_blocks(worksheet, chunk_rows: int) -> Iterator[tuple[pd.DataFrame, np.ndarray]]:  # noqa: ANN001
    rows: list[list[str | None]] = []
    numbers: list[int] = []
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        cells = [_cell_text(v) for v in values]
        if any(cells):
            rows.append(cells)
            numbers.append(number)
            if len(rows) >= chunk_rows:
                yield _frame(rows), np.asarray(numbers, dtype=np.int64)
                rows, numbers = [], []
    if rows:
        yield _frame(rows), np.asarray(numbers, dtype=np.int64)


def _frame(rows: list[list[str | None]]) -> pd.DataFrame:
    width = max(len(r) for r in rows)
    return pd.DataFrame([r + [None] * (width - len(r)) for r in rows], dtype=object)


def _cell_text(value: object) -> str | None:
    """An Excel cell as the text a CSV export would hold. Dates become ISO (a time part only when
    there is one); a formula stays its formula text ("=B2*C2"): it is never evaluated."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    text = getattr(value, "text", None)  # array formulas arrive as objects holding their text
    return text if isinstance(text, str) else str(value)


# --- shared: header and data rows ----------------------------------------------------------------


def _sheet(name: str | None, blocks: Iterator[tuple[pd.DataFrame, np.ndarray]], *, check_overflow: bool
           ) -> Sheet | None:
    """Split a stream of raw blocks into the header (first non-empty row) and data chunks."""
    for frame, rows in blocks:
        filled = _filled(frame)
        if not filled.any():
            continue
        first = int(np.argmax(filled))
        header = ["" if v is None else str(v).strip() for v in frame.iloc[first].tolist()]
        while header and not header[-1]:
            header.pop()
        rest = (frame.iloc[first + 1:], rows[first + 1:])
        chunks = _chunks(len(header), _chain_one(rest, blocks), check_overflow)
        return Sheet(name, header, int(rows[first]), chunks)
    return None


def _chain_one(first: tuple[pd.DataFrame, np.ndarray], rest: Iterator[tuple[pd.DataFrame, np.ndarray]]
               ) -> Iterator[tuple[pd.DataFrame, np.ndarray]]:
    yield first
    yield from rest


def _chunks(width: int, blocks: Iterator[tuple[pd.DataFrame, np.ndarray]], check_overflow: bool
            ) -> Iterator[Chunk]:
    for frame, rows in blocks:
        filled = _filled(frame)
        if not filled.all():
            frame, rows = frame[filled], rows[filled]
        if frame.empty:
            continue
        if frame.shape[1] < width:  # workbook rows shorter than their header
            padding = pd.DataFrame(None, index=frame.index, columns=range(frame.shape[1], width), dtype=object)
            frame = pd.concat([frame, padding], axis=1)
        overflow = _filled(frame.iloc[:, width:]) if check_overflow else np.zeros(len(frame), dtype=bool)
        cells = frame.iloc[:, :width]
        cells.columns = range(width)
        yield Chunk(cells.reset_index(drop=True), rows, overflow)


def _filled(frame: pd.DataFrame) -> np.ndarray:
    """Rows with at least one non-empty cell (whitespace-only cells are judged later, when parsed)."""
    filled = np.zeros(len(frame), dtype=bool)
    for position in range(frame.shape[1]):
        filled |= frame.iloc[:, position].to_numpy(dtype=object).astype(bool)  # None and "" are False
    return filled
