"""Every SPEC value rule, applied a chunk at a time with the vectorised parsers of `core.ingest.values`.

A row is accepted whole or rejected whole: a rejected row is kept with its row number, the first
failing column and every reason, so the uploader can fix the file without guessing. Rules that
accept a row but deserve a word (seats over-assigned, duplicate keys) become one warning per kind
with the first row numbers, never one warning per row.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.ingest import values as v
from core.ingest.detect import Detection
from core.entities import CLIENT_ID, CLIENT_NAME, REQUIRED, Column, Entity, Kind
from core.ingest.readers import Chunk

MAX_LISTED_ROWS = 10
MISSING = "required value is missing"
MISSING_CLIENT = f"client is missing ({CLIENT_ID.name} or {CLIENT_NAME.name})"
OVERFLOW = "row has more cells than the header (a delimiter inside an unquoted value?)"
# Accepted but worth a warning: (entity, column, column it should not exceed, what the rows are).
_ABOVE_WARNINGS = (("licenses", "seats_used", "seats_purchased", "over-assigned"),)
_CURRENCY_RE = re.compile(r"[A-Za-z]{3}")


@dataclass(frozen=True)
class Rejection:
    row: int
    column: str | None
    reason: str
    raw: dict[str, str]  # the row's non-empty cells by header, so nothing the user sent is lost

    def to_json(self) -> dict:
        return {"row": self.row, "column": self.column, "reason": self.reason}


@dataclass
class ValidChunk:
    """The accepted rows of a chunk, parsed: one column per entity column (client references too),
    float64 / Int64 / datetime64 / object (bool, str) with NaN/NA/NaT/None where empty; and the
    accepted rows that deserve a warning, by what they are (for `RowNotes.add`)."""

    values: pd.DataFrame
    rows: np.ndarray
    rejected: list[Rejection]
    notes: list[tuple[str, np.ndarray]]


@dataclass
class RowNotes:
    """Warnings about rows, aggregated: one line per kind, "3 rows over-assigned (rows 4, 9, 12)"."""

    _rows: dict[str, list[int]] = field(default_factory=dict)
    _counts: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, rows: Iterable[int]) -> None:
        rows = [int(r) for r in rows]
        if not rows:
            return
        listed = self._rows.setdefault(what, [])
        listed.extend(rows[:MAX_LISTED_ROWS - len(listed)])
        self._counts[what] = self._counts.get(what, 0) + len(rows)

    def lines(self) -> list[str]:
        return [_rows_line(self._counts[what], what, listed) for what, listed in self._rows.items()]


def _rows_line(count: int, what: str, listed: list[int]) -> str:
    numbers = ", ".join(str(r) for r in listed) + (", …" if count > len(listed) else "")
    if count == 1:
        return f"1 row {what} (row {numbers})"
    return f"{count} rows {what} (rows {numbers})"


class Validator:
    """Parses and checks the chunks of one sheet whose entity has been detected."""

    def __init__(self, detection: Detection, header: list[str], *, currency: str, date_order: str) -> None:
        self.entity: Entity = detection.entity
        self.header = header
        self.currency = currency
        self.date_order = date_order
        self._positions = {column: position for position, column in detection.columns.items()}
        self._rank = {column.name: i for i, column in enumerate(self.entity.all_columns)}

    def check(self, chunk: Chunk) -> ValidChunk:
        n = len(chunk.cells)
        parsed: dict[str, pd.Series] = {}
        errors: dict[str, np.ndarray] = {}  # per column: the reason (str) or None, per row
        missing: dict[str, np.ndarray] = {}
        for column in self.entity.all_columns:
            position = self._positions.get(column.name)
            result = self._parse(column, chunk.cells[position]) if position is not None else _absent(column, n)
            parsed[column.name] = result.values
            errors[column.name] = result.errors.to_numpy(dtype=object, copy=True)
            missing[column.name] = result.values.isna().to_numpy()
        given = np.zeros(n, dtype=bool)  # any recognised column holds something (good or bad)
        for name, reasons in errors.items():
            given |= ~missing[name] | reasons.astype(bool)
        blank = ~given & ~chunk.overflow & ~self._ignored_cells_filled(chunk, ~given)
        self._apply_rules(parsed, errors, missing)
        failed = chunk.overflow.copy()
        for reasons in errors.values():
            failed |= reasons.astype(bool)
        failed &= ~blank
        rejected = [self._rejection(chunk, i, errors) for i in np.flatnonzero(failed)]
        accepted = ~failed & ~blank
        values = pd.DataFrame(parsed)[accepted].reset_index(drop=True)
        rows = chunk.rows[accepted]
        return ValidChunk(values, rows, rejected, self._notes(values, rows))

    def _parse(self, column: Column, cells: pd.Series) -> v.Parsed:
        kind = column.kind
        if kind is Kind.DATE:
            return v.parse_date_series(cells, self.date_order)
        if kind is Kind.ENUM:
            return v.parse_enum_series(cells, column.choices, dict(column.synonyms))
        if kind is Kind.CURRENCY:
            return _parse_currency_series(cells)
        if kind is Kind.JSON:
            return _parse_json_list_series(cells)
        return _PARSERS[kind](cells)

    def _apply_rules(self, parsed: dict[str, pd.Series], errors: dict[str, np.ndarray],
                     missing: dict[str, np.ndarray]) -> None:
        """Bounds, required, defaults, client reference and date order, in place; a cell keeps the
        first reason it was given."""
        for column in self.entity.all_columns:
            values, reasons = parsed[column.name], errors[column.name]
            if column.gt is not None or column.ge is not None or column.le is not None:
                bounds = v.check_bounds_series(values, gt=column.gt, ge=column.ge, le=column.le).to_numpy(dtype=object)
                np.copyto(reasons, bounds, where=~reasons.astype(bool))
            empty = missing[column.name] & ~reasons.astype(bool)
            if column.required:
                reasons[empty] = MISSING
            default = self.currency if column.kind is Kind.CURRENCY else column.default
            if default is not None and empty.any():
                parsed[column.name] = values.mask(empty, default)
        if self.entity.client_ref == REQUIRED:
            no_client = missing[CLIENT_ID.name] & missing[CLIENT_NAME.name]
            column = CLIENT_NAME.name if CLIENT_NAME.name in self._positions or CLIENT_ID.name not in self._positions \
                else CLIENT_ID.name
            errors[column][no_client & ~errors[column].astype(bool)] = MISSING_CLIENT
        for later, earlier in self.entity.ordered_dates:
            before = (parsed[later] < parsed[earlier]).to_numpy() & ~errors[later].astype(bool)
            if before.any():
                errors[later][before] = [f"{later} {a:%Y-%m-%d} is before {earlier} {b:%Y-%m-%d}"
                                         for a, b in zip(parsed[later][before], parsed[earlier][before])]

    def _ignored_cells_filled(self, chunk: Chunk, candidates: np.ndarray) -> np.ndarray:
        """For rows with nothing in a recognised column: whether an ignored column holds text (such a
        row is rejected as incomplete; one holding only whitespace is blank and skipped)."""
        filled = np.zeros(len(chunk.cells), dtype=bool)
        mapped = set(self._positions.values())
        for i in np.flatnonzero(candidates):
            filled[i] = any(isinstance(cell, str) and cell.strip()
                            for position, cell in enumerate(chunk.cells.iloc[i]) if position not in mapped)
        return filled

    def _rejection(self, chunk: Chunk, i: int, errors: dict[str, np.ndarray]) -> Rejection:
        problems: list[tuple[str | None, str]] = [(None, OVERFLOW)] if chunk.overflow[i] else []
        problems += sorted(((column, reasons[i]) for column, reasons in errors.items() if reasons[i]),
                           key=lambda p: self._rank[p[0]])
        first = problems[0][0]
        reason = problems[0][1] if len(problems) == 1 else "; ".join(
            f"{column}: {message}" if column else message for column, message in problems)
        raw = {(self.header[p] or f"column {p + 1}"): cell for p, cell in enumerate(chunk.cells.iloc[i])
               if isinstance(cell, str) and cell != ""}
        return Rejection(int(chunk.rows[i]), first, reason, raw)

    def _notes(self, values: pd.DataFrame, rows: np.ndarray) -> list[tuple[str, np.ndarray]]:
        notes = []
        for entity, column, limit, what in _ABOVE_WARNINGS:
            if entity == self.entity.name:
                above = (values[column] > values[limit]).fillna(False).to_numpy(dtype=bool)
                notes.append((what, rows[above]))
        return notes


def _absent(column: Column, n: int) -> v.Parsed:
    """A column the file does not have: every cell empty, in the dtype its parser would give."""
    nothing = pd.Series(np.full(n, None, dtype=object))
    dtype = _ABSENT_DTYPES.get(column.kind)
    return v.Parsed(nothing.astype(dtype) if dtype else nothing, nothing.copy())


_ABSENT_DTYPES = {Kind.DATE: "datetime64[ns]", Kind.MONEY: "float64", Kind.NUMBER: "float64", Kind.INTEGER: "Int64"}

_PARSERS = {
    Kind.TEXT: v.parse_text_series,
    Kind.EMAIL: v.parse_email_series,
    Kind.MONEY: v.parse_money_series,
    Kind.NUMBER: v.parse_number_series,
    Kind.INTEGER: v.parse_integer_series,
    Kind.BOOLEAN: v.parse_bool_series,
    Kind.MONTH: v.parse_month_series,
}


def _parse_currency_series(cells: pd.Series) -> v.Parsed:
    """A 3-letter currency code, upper-cased; empty is left for the configured default."""
    text = v.parse_text_series(cells).values
    good = text.str.fullmatch(_CURRENCY_RE, na=False).to_numpy(dtype=bool)
    bad = text.notna().to_numpy() & ~good
    errors = np.full(len(text), None, dtype=object)
    errors[bad] = [f"not a 3-letter currency code: {v.quote_cell(t)}" for t in text[bad]]
    codes = np.full(len(text), None, dtype=object)
    codes[good] = text[good].str.upper().to_numpy()
    return v.Parsed(pd.Series(codes, index=cells.index), pd.Series(errors, index=cells.index))


def _parse_json_list_series(cells: pd.Series) -> v.Parsed:
    """Optional JSON list (invoice lines), kept as written once it is known to be one."""
    text = v.parse_text_series(cells).values.to_numpy(dtype=object, copy=True)
    errors = np.full(len(text), None, dtype=object)
    for i, item in enumerate(text):
        if item is None:
            continue
        try:
            ok = isinstance(json.loads(item), list)
        except (ValueError, RecursionError):
            ok = False
        if not ok:
            errors[i], text[i] = f"not a JSON list: {v.quote_cell(item)}", None
    return v.Parsed(pd.Series(text, index=cells.index), pd.Series(errors, index=cells.index))
