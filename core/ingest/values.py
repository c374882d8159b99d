"""Cell value parsers: the one definition of what a money, date, boolean, ... cell may look like.

Ingest reads every cell as text (None, "" or whitespace = missing; Excel dates arrive as ISO
"YYYY-MM-DD", Excel numbers as their ``str()``). Each kind of cell has two faces:

- ``parse_<kind>(s)``: the readable definition, one cell at a time. It returns the value (None when
  the cell is missing) or raises :class:`CellError` whose message is the reason a user is shown.
- ``parse_<kind>_series(series)``: the same grammar over a whole column, because ingest must keep
  up with ``pandas.read_csv`` on million-row files. A vectorised fast path settles the cells it
  can; every other present cell goes through the scalar parser. The fast paths use the scalar
  parsers' own patterns and conversions, so both faces always agree on the value and on the
  reason text (a property test holds them to it).

Grammar choices that are deliberate rather than obvious:

- No exponent notation ("1e5", "1.23E+15"): in a business file it is nearly always a value Excel
  mangled (a long id or phone number), so it is rejected instead of silently believed.
- Only ASCII digits count: Python's ``float()`` and pandas' date parser also accept other
  scripts' digits, which would make "٣" a valid amount.
- Dates are limited to the years 1900-2199: outside that range a date in MSP data is a typo
  ("0202-05-01"), and the range keeps every date inside pandas' datetime64[ns].
- Bound rules (> 0, <= 24, ...) are not part of parsing; ingest applies them with
  :func:`check_bounds` / :func:`check_bounds_series` after parsing.
"""
from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Literal

import numpy as np
import pandas as pd

DateOrder = Literal["MDY", "DMY"]
MIN_YEAR, MAX_YEAR = 1900, 2199
_INT64 = range(-(2**63), 2**63)
# Integers below 2**53 survive a round trip through float64 exactly (and a float below it cannot
# come from a bigger one), so the vectorised integer path may go through float; larger ones are
# left to the exact scalar parser.
_FLOAT_EXACT_INT = 2**53


class CellError(ValueError):
    """A cell that does not hold a value of its column's kind; str(error) is the user-facing reason."""


@dataclass(frozen=True)
class Parsed:
    """A parsed column, aligned with the input's index.

    ``values`` is NaN / None / NA / NaT where the cell was missing or rejected; ``errors`` holds the
    rejection reason (the scalar parser's message) where the cell was rejected, None elsewhere, so
    a missing cell is told from a bad one by ``errors``.
    """

    values: pd.Series
    errors: pd.Series


# --- shared scalar helpers -------------------------------------------------------------------


def _clean(s: str | None) -> str | None:
    """The cell's text without surrounding whitespace, or None when the cell holds nothing."""
    if s is None or (not isinstance(s, str) and pd.isna(s)):
        return None
    if not isinstance(s, str):
        raise TypeError(f"cell values must be text (read files with dtype=str), got {type(s).__name__}")
    text = s.strip()
    return text or None


def quote_cell(text: str) -> str:
    """The offending cell as a reason shows it: quoted, and cut short so one huge cell cannot flood a report."""
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _number_text(value: float) -> str:
    """A number as people write it: 0 not 0.0, 25.5 not np.float64(25.5)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- numbers and money -------------------------------------------------------------------------

# Digits with optional comma thousands groups and an optional fraction ("1,234.50", "5.", ".5").
_AMOUNT = r"(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)"
_NUMBER_RE = re.compile(rf"[+-]?{_AMOUNT}")
# What str(float) and most exports write: float() reads it as it stands.
_PLAIN_RE = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")

_SYMBOL, _CODE = "[$£€]", "[A-Z]{3}"
# An amount with its currency marks: a symbol before it (and maybe a code after), or a code
# before or after it. The currency itself is not checked here: invoices carry it in a column.
_UNITS = rf"(?:(?:{_SYMBOL} *)?{_AMOUNT}(?: *{_CODE})?|{_CODE} *{_AMOUNT})"
_MONEY_RE = re.compile(
    rf"\( *{_UNITS} *\)"  # (120.00), ($120.00): accounting negative
    rf"|[+-]? *{_UNITS}"  # -$120, -120, USD 1234.50, 1234.50 USD
    rf"|{_SYMBOL} *[+-] *{_AMOUNT}(?: *{_CODE})?|{_CODE} *[+-] *{_AMOUNT}"  # $-120, USD -120
)
_MONEY_SIGN = bytes.maketrans(b"(", b"-")
_MONEY_MARKS = b",)$ ABCDEFGHIJKLMNOPQRSTUVWXYZ" + "£€".encode()


def _money_plain(text: str) -> bytes:
    """A matched money cell as a float literal: the marks dropped, the opening parenthesis turned
    into the minus sign (the grammar allows no other sign inside them).

    Works on the UTF-8 bytes because bytes.translate is ~10x faster than str.translate (it is run
    on every fancy cell of a million-row column); the grammar allows no non-ASCII character but
    £ and €, and each of their bytes is dropped.
    """
    return text.encode().translate(_MONEY_SIGN, _MONEY_MARKS)


def _number_plain(text: str) -> str:
    return text.replace(",", "")


def _parse_float(s: str | None, pattern: re.Pattern[str], to_plain: Callable[[str], str | bytes]) -> float | None:
    text = _clean(s)
    if text is None:
        return None
    if pattern.fullmatch(text) is None:
        raise CellError(f"not a number: {quote_cell(text)}")
    value = float(to_plain(text))
    if not math.isfinite(value):
        raise CellError(f"number too large: {quote_cell(text)}")
    return value


def parse_money(s: str | None) -> float | None:
    """An amount: ``1234.5``, ``1,234.50``, ``$1,234.50``, ``£12``, ``€12``, ``USD 1234.50``,
    ``1234.50 USD``, ``-120``, ``-$120``, ``$-120``, ``(120.00)`` (negative).

    Thousands separators are commas only: "1.234" is one point two three four, never a guess.
    """
    return _parse_float(s, _MONEY_RE, _money_plain)


def parse_number(s: str | None) -> float | None:
    """A plain decimal number, thousands commas allowed: ``12``, ``-3.5``, ``1,200.25``, ``.5``."""
    return _parse_float(s, _NUMBER_RE, _number_plain)


def parse_integer(s: str | None) -> int | None:
    """A whole number: ``12``, ``1,200``, and ``12.0`` (Excel numbers arrive as str(float)).

    Converted exactly (never through float), so 9007199254740993 stays itself; limited to int64
    because that is what the column stores.
    """
    text = _clean(s)
    if text is None:
        return None
    if _NUMBER_RE.fullmatch(text) is None:
        raise CellError(f"not a number: {quote_cell(text)}")
    whole, _, fraction = _number_plain(text).partition(".")
    if fraction.strip("0"):
        raise CellError(f"not a whole number: {quote_cell(text)}")
    digits = whole.lstrip("+-")
    # Counting digits first keeps int() away from huge strings (slow, and capped by Python).
    too_long = len(digits.lstrip("0")) > 19
    value = int(whole) if digits and not too_long else 0
    if too_long or value not in _INT64:
        raise CellError(f"number too large: {quote_cell(text)}")
    return value


# --- booleans, enumerations, text ----------------------------------------------------------------

_BOOLEANS: Mapping[str, bool] = MappingProxyType(
    {word: True for word in ("true", "t", "yes", "y", "1", "1.0")}
    | {word: False for word in ("false", "f", "no", "n", "0", "0.0")}
)


def parse_bool(s: str | None) -> bool | None:
    """true/false, t/f, yes/no, y/n, 1/0 in any case, and 1.0/0.0 (Excel numbers as str(float))."""
    text = _clean(s)
    if text is None:
        return None
    try:
        return _BOOLEANS[text.lower()]
    except KeyError:
        raise CellError(f"not a boolean: {quote_cell(text)}") from None


def _enum_table(allowed: Sequence[str], synonyms: Mapping[str, str]) -> dict[str, str]:
    """Lower-cased spelling -> canonical value; a synonym must name an allowed value."""
    table = {value.lower(): value.lower() for value in allowed}
    for spelling, value in synonyms.items():
        if value.lower() not in table:
            raise ValueError(f"synonym {spelling!r} maps to {value!r}, which is not one of {list(allowed)}")
        table[spelling.lower()] = value.lower()
    return table


def _enum_message(allowed: Sequence[str], text: str) -> str:
    return f"not one of {', '.join(value.lower() for value in allowed)}: {quote_cell(text)}"


def parse_enum(
    s: str | None, allowed: Sequence[str], synonyms: Mapping[str, str] = MappingProxyType({})
) -> str | None:
    """One of ``allowed`` (or a synonym of one), in any case; returns the canonical lower-case value."""
    table = _enum_table(allowed, synonyms)
    text = _clean(s)
    if text is None:
        return None
    try:
        return table[text.lower()]
    except KeyError:
        raise CellError(_enum_message(allowed, text)) from None


_EMAIL_RE = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}"
)


def parse_email(s: str | None) -> str | None:
    """An address of the usual shape (local@domain.tld), kept as written: case may matter to the owner."""
    text = _clean(s)
    if text is None:
        return None
    if _EMAIL_RE.fullmatch(text) is None:
        raise CellError(f"not an e-mail address: {quote_cell(text)}")
    return text


def parse_text(s: str | None) -> str | None:
    """Any text, stripped. A formula-looking cell ("=SUM(A1)") is data and stays as written: it is
    never evaluated here, and :func:`escape_formula` neutralises it when the product writes files."""
    return _clean(s)


# --- dates and months ----------------------------------------------------------------------------

_TIME = r"(?:[T ](?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]+)?)?)?"
_YEAR_FIRST_RE = re.compile(rf"(?P<y>[0-9]{{4}})(?P<sep>[-/])(?P<m>[0-9]{{1,2}})(?P=sep)(?P<d>[0-9]{{1,2}}){_TIME}")
_DAY_MONTH_RE: Mapping[str, re.Pattern[str]] = MappingProxyType({
    "MDY": re.compile(rf"(?P<m>[0-9]{{1,2}})/(?P<d>[0-9]{{1,2}})/(?P<y>[0-9]{{4}}){_TIME}"),
    "DMY": re.compile(rf"(?P<d>[0-9]{{1,2}})/(?P<m>[0-9]{{1,2}})/(?P<y>[0-9]{{4}}){_TIME}"),
})
_DAY_MONTH_SHAPE = MappingProxyType({"MDY": "MM/DD/YYYY", "DMY": "DD/MM/YYYY"})
# The shape Excel date cells and most exports arrive in, in range, for the vectorised fast path.
_ISO_FAST_RE = re.compile(r"(?:19|2[01])[0-9]{2}-[0-9]{1,2}-[0-9]{1,2}")
_MONTH_RE = re.compile(r"(?P<y>[0-9]{4})[-/](?P<m>[0-9]{1,2})")
_CANONICAL_MONTH_RE = re.compile(r"(?:19|2[01])[0-9]{2}-(?:0[1-9]|1[0-2])")


def _day_month_pattern(order: str) -> re.Pattern[str]:
    try:
        return _DAY_MONTH_RE[order]
    except KeyError:
        raise ValueError(f"date order must be one of {', '.join(_DAY_MONTH_RE)}, got {order!r}") from None


def _date_fields(text: str, day_month: re.Pattern[str]) -> tuple[str, str, str] | None:
    """The (year, month, day) digits of a date-shaped text, or None when it has no date shape."""
    match = _YEAR_FIRST_RE.fullmatch(text) or day_month.fullmatch(text)
    return None if match is None else match.group("y", "m", "d")


def _calendar_date(year: str | int, month: str | int, day: str | int) -> date | None:
    """The date, or None when the calendar has no such day (2025-02-30, month 13)."""
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _check_year(year: int, text: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CellError(f"year out of range ({MIN_YEAR}-{MAX_YEAR}): {quote_cell(text)}")


def parse_date(s: str | None, order: DateOrder = "MDY") -> date | None:
    """``YYYY-MM-DD`` / ``YYYY/MM/DD`` (optionally followed by a time, ``HH:MM[:SS]``, after a space
    or "T", which is dropped), or ``MM/DD/YYYY`` when order is "MDY", ``DD/MM/YYYY`` when "DMY".

    A value that does not fit the configured order is rejected, never guessed ("13/05/2025" is
    no date under MDY), and the date must exist on the calendar (no 2025-02-30).
    """
    day_month = _day_month_pattern(order)
    text = _clean(s)
    if text is None:
        return None
    fields = _date_fields(text, day_month)
    value = None if fields is None else _calendar_date(*fields)
    if value is None:
        raise CellError(f"not a date (expected YYYY-MM-DD or {_DAY_MONTH_SHAPE[order]}): {quote_cell(text)}")
    _check_year(value.year, text)
    return value


def parse_month(s: str | None) -> str | None:
    """A calendar month as "YYYY-MM", from ``YYYY-MM``, ``YYYY/MM`` or a year-first date (its month)."""
    text = _clean(s)
    if text is None:
        return None
    match = _MONTH_RE.fullmatch(text) or _YEAR_FIRST_RE.fullmatch(text)
    # A bare month is checked as its first day; a full date must exist as written.
    value = None if match is None else _calendar_date(match["y"], match["m"], match.groupdict().get("d", 1))
    if value is None:
        raise CellError(f"not a month (expected YYYY-MM): {quote_cell(text)}")
    _check_year(value.year, text)
    return f"{value.year:04d}-{value.month:02d}"


# --- bounds and formulas -----------------------------------------------------------------------

_BOUNDS = (("gt", ">", operator.gt), ("ge", ">=", operator.ge), ("le", "<=", operator.le))


def _bound_message(symbol: str, limit: float, value: float) -> str:
    return f"must be {symbol} {_number_text(limit)}: {_number_text(value)}"


def check_bounds(
    value: float | None, *, gt: float | None = None, ge: float | None = None, le: float | None = None
) -> None:
    """Raise CellError for the first rule (gt, ge, le) a parsed value breaks; missing values pass,
    because whether a column is required is a separate rule."""
    if value is None:
        return
    limits = {"gt": gt, "ge": ge, "le": le}
    for name, symbol, holds in _BOUNDS:
        if limits[name] is not None and not holds(value, limits[name]):
            raise CellError(_bound_message(symbol, limits[name], value))


def check_bounds_series(
    values: pd.Series, *, gt: float | None = None, ge: float | None = None, le: float | None = None
) -> pd.Series:
    """:func:`check_bounds` over a parsed column: the reason per row (None where fine or missing)."""
    errors = np.full(len(values), None, dtype=object)
    unchecked = values.notna().to_numpy()  # present and not broken yet: the first broken rule is reported
    cells = values.to_numpy(dtype=object)
    limits = {"gt": gt, "ge": ge, "le": le}
    for name, symbol, holds in _BOUNDS:
        if limits[name] is None:
            continue
        rows = np.flatnonzero(unchecked & ~holds(values, limits[name]).to_numpy(dtype=bool, na_value=True))
        errors[rows] = [_bound_message(symbol, limits[name], cells[i]) for i in rows]
        unchecked[rows] = False
    return pd.Series(errors, index=values.index, dtype=object)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(s: str) -> bool:
    """Whether a spreadsheet would run this text as a formula (CSV injection: = + - @ tab CR first)."""
    return s.startswith(_FORMULA_STARTS)


def escape_formula(s: str) -> str:
    """The text with a leading ' when it looks like a formula, for CSV/XLSX the product writes.

    Apply it to TEXT cells only: a number cell such as -120 is a number, not a formula, and
    escaping it would turn it into text.
    """
    return "'" + s if is_formula_like(s) else s


# --- vectorised parsers ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    """A column's cells stripped once, and which of them hold anything at all."""

    index: pd.Index
    text: pd.Series  # stripped cells on a RangeIndex; NaN where the cell is not text
    present: np.ndarray  # bool: the cell holds non-blank text

    @classmethod
    def of(cls, series: pd.Series) -> _Column:
        kind = pd.api.types.infer_dtype(series, skipna=True)
        if kind not in ("string", "empty"):
            raise TypeError(f"expected a column of text cells (read files with dtype=str), got {kind} values")
        text = pd.Series(series.to_numpy(dtype=object), dtype=object).str.strip()
        return cls(series.index, text, (text.notna() & (text != "")).to_numpy())

    @property
    def size(self) -> int:
        return len(self.text)

    def matches(self, pattern: re.Pattern[str], among: np.ndarray | None = None) -> np.ndarray:
        """Which cells (of ``among``, default every present one) the pattern matches in full."""
        rows = self.present if among is None else among
        hits = np.zeros(self.size, dtype=bool)
        hits[rows] = self.text[rows].str.fullmatch(pattern, na=False).to_numpy(dtype=bool)
        return hits

    def settle(self, values: np.ndarray, ok: np.ndarray, scalar: Callable[[str], object]) -> pd.Series:
        """Run the scalar parser on the present cells the fast path left unsettled: it either gives
        their value (written into ``values``, ``ok`` set) or the reason, returned per row."""
        errors = np.full(self.size, None, dtype=object)
        cells = self.text.to_numpy()
        for i in np.flatnonzero(self.present & ~ok):
            try:
                values[i] = scalar(cells[i])
                ok[i] = True
            except CellError as exc:
                errors[i] = str(exc)
        return pd.Series(errors, index=self.index, dtype=object)

    def parsed(self, values: object, errors: pd.Series) -> Parsed:
        return Parsed(pd.Series(values, index=self.index), errors)


def _floats(texts: Sequence[str | bytes]) -> np.ndarray:
    """float() of each text: numpy casts objects with Python's float, exactly like the scalar parsers."""
    return np.array(texts, dtype=object).astype(np.float64)


def _float_series(series: pd.Series, pattern: re.Pattern[str], to_plain: Callable[[str], str | bytes],
                  scalar: Callable[[str], float | None]) -> Parsed:
    """Plain cells are converted as they stand, the others the scalar parser's way after its own
    pattern vouched for them; only rejects (and overflows) reach the scalar parser."""
    col = _Column.of(series)
    values = np.full(col.size, np.nan)
    ok = col.matches(_PLAIN_RE)
    values[ok] = _floats(col.text.to_numpy()[ok])
    marked = col.matches(pattern, among=col.present & ~ok)
    values[marked] = _floats([to_plain(text) for text in col.text.to_numpy()[marked]])
    ok = (ok | marked) & np.isfinite(values)
    values[~ok] = np.nan
    return col.parsed(values, col.settle(values, ok, scalar))


def parse_money_series(series: pd.Series) -> Parsed:
    """:func:`parse_money` over a column; values are float64."""
    return _float_series(series, _MONEY_RE, _money_plain, parse_money)


def parse_number_series(series: pd.Series) -> Parsed:
    """:func:`parse_number` over a column; values are float64."""
    return _float_series(series, _NUMBER_RE, _number_plain, parse_number)


_PLAIN_INTEGER_RE = re.compile(r"-?[0-9]+(?:\.0+)?")


def parse_integer_series(series: pd.Series) -> Parsed:
    """:func:`parse_integer` over a column; values are nullable Int64.

    Plain cells ("12", "12.0") go through float64, exact below 2**53; anything else (commas,
    bigger numbers, rejects) takes the exact scalar parser.
    """
    col = _Column.of(series)
    ok = col.matches(_PLAIN_INTEGER_RE)
    floats = _floats(col.text.to_numpy()[ok])
    exact = np.abs(floats) < _FLOAT_EXACT_INT
    values = np.zeros(col.size, dtype=np.int64)
    values[np.flatnonzero(ok)[exact]] = floats[exact]
    ok[np.flatnonzero(ok)[~exact]] = False
    errors = col.settle(values, ok, parse_integer)
    return col.parsed(pd.arrays.IntegerArray(values, ~ok), errors)


def _lookup_series(series: pd.Series, table: Mapping[str, object], scalar: Callable[[str], object]) -> Parsed:
    col = _Column.of(series)
    found = col.text.str.lower().map(table).to_numpy(dtype=object)
    ok = col.present & pd.notna(found)
    values = np.where(ok, found, None)
    return col.parsed(values, col.settle(values, ok, scalar))


def parse_bool_series(series: pd.Series) -> Parsed:
    """:func:`parse_bool` over a column; values are True/False/None (object dtype)."""
    return _lookup_series(series, _BOOLEANS, parse_bool)


def parse_enum_series(
    series: pd.Series, allowed: Sequence[str], synonyms: Mapping[str, str] = MappingProxyType({})
) -> Parsed:
    """:func:`parse_enum` over a column; values are canonical lower-case strings or None."""
    return _lookup_series(series, _enum_table(allowed, synonyms), lambda s: parse_enum(s, allowed, synonyms))


def _text_series(series: pd.Series, fast: re.Pattern[str] | None, scalar: Callable[[str], str | None]) -> Parsed:
    """Cells whose stripped text is their value once the fast pattern (if any) vouches for them."""
    col = _Column.of(series)
    ok = col.present if fast is None else col.matches(fast)
    values = np.where(ok, col.text.to_numpy(), None)
    return col.parsed(values, col.settle(values, ok, scalar))


def parse_text_series(series: pd.Series) -> Parsed:
    """:func:`parse_text` over a column; values are stripped strings or None. Never any errors."""
    return _text_series(series, None, parse_text)


def parse_email_series(series: pd.Series) -> Parsed:
    """:func:`parse_email` over a column; values are strings or None."""
    return _text_series(series, _EMAIL_RE, parse_email)


def parse_month_series(series: pd.Series) -> Parsed:
    """:func:`parse_month` over a column; values are "YYYY-MM" strings or None.

    Only canonical "YYYY-MM" cells take the fast path; budgets files are small, so the other
    spellings go through the scalar parser.
    """
    return _text_series(series, _CANONICAL_MONTH_RE, parse_month)


def parse_date_series(series: pd.Series, order: DateOrder = "MDY") -> Parsed:
    """:func:`parse_date` over a column; values are datetime64[ns] at midnight (NaT where missing or
    rejected), which is what pandas filters and groups on fastest. ``values.dt.date`` gives
    datetime.date objects where those are needed.

    ISO cells (what Excel dates arrive as) go straight to pandas' C parser; other shapes are
    rewritten to ISO by the scalar parser's own patterns, then parsed the same way.
    """
    day_month = _day_month_pattern(order)
    col = _Column.of(series)
    values = np.full(col.size, np.datetime64("NaT"), dtype="M8[ns]")
    ok = col.matches(_ISO_FAST_RE)
    values[ok] = pd.to_datetime(col.text[ok], format="%Y-%m-%d", errors="coerce").to_numpy()
    ok &= ~np.isnat(values)
    rest = np.flatnonzero(col.present & ~ok)
    cells = col.text.to_numpy()
    iso = [None if (f := _date_fields(cells[i], day_month)) is None else "-".join(f) for i in rest]
    dates = pd.to_datetime(pd.Series(iso, dtype=object), format="%Y-%m-%d", errors="coerce")
    in_range = dates.between(pd.Timestamp(MIN_YEAR, 1, 1), pd.Timestamp(MAX_YEAR, 12, 31)).to_numpy()
    values[rest[in_range]] = dates[in_range].to_numpy()
    ok[rest[in_range]] = True
    return col.parsed(values, col.settle(values, ok, lambda s: parse_date(s, order)))
