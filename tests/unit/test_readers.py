"""Readers: bytes -> sheets of text cells with the row numbers a spreadsheet user sees."""
from __future__ import annotations

import io
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest

from core.ingest.rawstore import file_chunks
from core.ingest.readers import EXTRA_CELLS, IngestError, Probe, read_sheets, sniff_delimiter


SheetRows = tuple[str | None, list[str], int, list[tuple[int, list, bool]]]


def sheets(source: bytes | Path, chunk_rows: int = 2) -> list[SheetRows]:
    """Every sheet as (name, header, header row, [(row, cells, overflow)]), read in small chunks."""
    probe = Probe()
    for _ in probe.watch(file_chunks(source) if isinstance(source, Path) else [source]):
        pass
    out = []
    for sheet in read_sheets(source, probe, chunk_rows):
        rows = []
        for chunk in sheet.chunks:
            for i, row in enumerate(chunk.rows):
                rows.append((int(row), [c if c not in ("",) else None for c in chunk.cells.iloc[i].tolist()],
                             bool(chunk.overflow[i])))
        out.append((sheet.name, sheet.header, sheet.header_row, rows))
    return out


def only(source: bytes | Path, chunk_rows: int = 2):
    (sheet,) = sheets(source, chunk_rows)
    return sheet


def test_utf8_comma_rows_numbered_like_a_spreadsheet() -> None:
    name, header, header_row, rows = only(b"client,hours\nAcme,1\nBeta,2\nGamma,3\n")
    assert (name, header, header_row) == (None, ["client", "hours"], 1)
    assert [(r, cells) for r, cells, _ in rows] == [(2, ["Acme", "1"]), (3, ["Beta", "2"]), (4, ["Gamma", "3"])]


def test_blank_lines_are_skipped_but_keep_their_row_numbers() -> None:
    data = b"\r\n\r\nclient,hours\r\nAcme,1\r\n\r\n,\r\nBeta,2\r\n\r\n"
    _, header, header_row, rows = only(data, chunk_rows=1)
    assert header == ["client", "hours"] and header_row == 3
    assert [r for r, _, _ in rows] == [4, 7]


def test_quoted_delimiters_and_newlines_stay_in_their_cell() -> None:
    data = b'client,task\n"Acme, Inc","line one\nline two"\nBeta,x\n'
    _, _, _, rows = only(data)
    assert rows[0][1] == ["Acme, Inc", "line one\nline two"]
    assert rows[1][0] == 3  # one record = one spreadsheet row, however many lines it spans


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters_are_sniffed(delimiter: str) -> None:
    rows = [["client", "amount", "note"], ["Acme", '"1,5"', f'"x{delimiter}y"']]
    text = "".join(delimiter.join(row) + "\n" for row in rows)
    _, header, _, rows = only(text.encode())
    assert header == ["client", "amount", "note"]
    assert rows[0][1] == ["Acme", "1,5", f"x{delimiter}y"]


def test_sniff_prefers_the_delimiter_that_splits_consistently() -> None:
    assert sniff_delimiter("a;b;c\n1,5;2;3\n4;5,5;6\n") == (";", 3)
    assert sniff_delimiter("only\none\n") == (",", 1)


def test_bom_is_not_part_of_the_first_header() -> None:
    _, header, _, rows = only("\ufeffclient,hours\nCafé,1\n".encode("utf-8"))
    assert header == ["client", "hours"] and rows[0][1] == ["Café", "1"]


def test_bom_file_with_a_stray_invalid_byte_stays_utf8() -> None:
    data = "\ufeffclient,note\nZoë,ok\n".encode("utf-8") + b"Caf\xe9,bad byte\n"
    assert [cells for _, cells, _ in only(data)[3]] == [["Zoë", "ok"], ["Café", "bad byte"]]


def test_cp1252_file_is_decoded_as_cp1252() -> None:
    data = "client;amount\nCafé Müller;€12\n".encode("cp1252")
    probe = Probe()
    list(probe.watch([data[:5], data[5:]]))
    assert probe.encoding == "cp1252"
    assert only(data)[3][0][1] == ["Café Müller", "€12"]


def test_bytes_cp1252_leaves_undefined_read_as_latin1() -> None:
    data = "client,x\nCafé,1\n".encode("cp1252") + b"A\x81B,2\n"
    rows = only(data)[3]
    assert rows[0][1][0] == "Café" and rows[1][1][0] == "A\x81B"


def test_utf16_with_bom_as_excel_unicode_text_exports_it() -> None:
    data = "client\thours\r\nZoë\t2\r\n".encode("utf-16")
    assert only(data)[1:] == (["client", "hours"], 1, [(2, ["Zoë", "2"], False)])


def test_utf8_split_across_stream_chunks_is_still_utf8() -> None:
    data = "client\nZoë\n".encode("utf-8")
    probe = Probe()
    list(probe.watch([data[:10], data[10:]]))  # "ë" is cut in two
    assert probe.encoding == "utf-8"


def test_rows_with_extra_cells_are_flagged_and_wider_ones_refuse_the_file() -> None:
    rows = only(b"client,amount\nAcme,1,234.50\nBeta,2\n")[3]
    assert [(r, overflow) for r, _, overflow in rows] == [(2, True), (3, False)]
    wide = b"a,b\n" + b",".join([b"x"] * (2 + EXTRA_CELLS + 1)) + b"\n"
    with pytest.raises(IngestError, match="CSV structure is broken.*line 2 has 19 cells"):
        sheets(wide)


def test_short_rows_are_padded() -> None:
    assert only(b"a,b,c\n1\n")[3] == [(2, ["1", None, None], False)]


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"%PDF-1.7\n%\xe2\xe3", "PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), ".xls"),
    (b"  <!DOCTYPE html><html><body>Sign in</body></html>", "HTML page"),
    (bytes(range(256)) * 4, "binary"),
    (b"PK\x03\x04 this is no workbook", "not a readable Excel workbook"),
])
def test_not_a_csv_or_xlsx_is_refused_with_a_reason(data: bytes, message: str) -> None:
    with pytest.raises(IngestError, match=message):
        sheets(data)


def _workbook(build) -> bytes:  # noqa: ANN001 - a function filling the workbook
    book = openpyxl.Workbook()
    build(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_every_sheet_real_dates_numbers_formulas() -> None:
    def build(book: openpyxl.Workbook) -> None:
        first = book.active
        first.title = "Time"
        first["A3"], first["B3"], first["C3"], first["D3"] = "client", "date", "hours", "note"
        first.append(["Acme", date(2025, 1, 2), 3, "=C4*2"])
        first["A7"], first["B7"], first["C7"], first["E7"] = "Beta", datetime(2025, 1, 2, 13, 30), 2.5, "stray"
        first["A8"], first["B8"], first["C8"] = True, datetime(2025, 3, 4, 0, 0), 7
        book.create_sheet("Empty")
        second = book.create_sheet("Clients")
        second.append(["name", "since"])
        second.append(["Acme", time(9, 30)])

    time_sheet, clients = sheets(_workbook(build))
    assert time_sheet[:3] == ("Time", ["client", "date", "hours", "note"], 3)
    assert time_sheet[3] == [
        (4, ["Acme", "2025-01-02", "3", "=C4*2"], False),  # formula text, never evaluated
        (7, ["Beta", "2025-01-02 13:30:00", "2.5", None], False),  # a cell past the header is ignored
        (8, ["true", "2025-03-04", "7", None], False),
    ]
    assert clients == ("Clients", ["name", "since"], 1, [(2, ["Acme", "09:30:00"], False)])


def test_xlsx_many_rows_stream_in_chunks() -> None:
    def build(book: openpyxl.Workbook) -> None:
        sheet = book.active
        sheet.append(["client", "hours"])
        for i in range(25):
            sheet.append([f"C{i}", i])

    (_, _, _, rows), = sheets(_workbook(build), chunk_rows=4)
    assert [r for r, _, _ in rows] == list(range(2, 27))


def test_reads_from_a_path_too(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"client,hours\nAcme,1\n")
    assert only(path)[3] == [(2, ["Acme", "1"], False)]
