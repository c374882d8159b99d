"""core.ingest.values: every accepted form and rejection of SPEC section 2 "Value parsing", and the
property that each vectorised parser agrees with its scalar definition cell for cell."""
from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.ingest.values import (
    CellError,
    Parsed,
    check_bounds,
    check_bounds_series,
    escape_formula,
    is_formula_like,
    parse_bool,
    parse_bool_series,
    parse_date,
    parse_date_series,
    parse_email,
    parse_email_series,
    parse_enum,
    parse_enum_series,
    parse_integer,
    parse_integer_series,
    parse_money,
    parse_money_series,
    parse_month,
    parse_month_series,
    parse_number,
    parse_number_series,
    parse_text,
    parse_text_series,
)

UPSTREAM = Path(__file__).resolve().parents[1] / "data" / "moatmetrics-upstream"
STATUSES = ("active", "inactive", "prospect")
STATUS_SYNONYMS = {"true": "active", "false": "inactive"}


def rejection(parse: Callable[[str], object], cell: str) -> str:
    with pytest.raises(CellError) as caught:
        parse(cell)
    return str(caught.value)


# --- missing cells ---------------------------------------------------------------------------


@pytest.mark.parametrize("cell", [None, "", "   ", "\t\n", "\xa0", float("nan")])
@pytest.mark.parametrize(
    "parse",
    [parse_money, parse_number, parse_integer, parse_bool, parse_date, parse_month, parse_email, parse_text,
     lambda s: parse_enum(s, STATUSES)],
)
def test_missing_cell_is_none(parse: Callable[[object], object], cell: object) -> None:
    assert parse(cell) is None


def test_non_text_cell_is_a_programming_error() -> None:
    with pytest.raises(TypeError, match="must be text"):
        parse_number(5)  # type: ignore[arg-type]


def test_cell_error_is_a_value_error() -> None:
    assert issubclass(CellError, ValueError)


# --- money and numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1234.5", 1234.5),
        ("1,234.50", 1234.5),
        ("$1,234.50", 1234.5),
        ("USD 1234.50", 1234.5),
        ("1234.50 USD", 1234.5),
        ("USD1234.50", 1234.5),
        ("$1,234.50 USD", 1234.5),
        ("(120.00)", -120.0),
        ("($1,000)", -1000.0),
        ("( USD 120 )", -120.0),
        ("-120", -120.0),
        ("-$120", -120.0),
        ("$-120", -120.0),
        ("USD -120", -120.0),
        ("+5", 5.0),
        ("  42  ", 42.0),
        ("£12.5", 12.5),
        ("€ 12", 12.0),
        ("€1.234", 1.234),  # a dot is always the decimal point: thousands are commas only
        ("1,234,567.891", 1234567.891),
        (".5", 0.5),
        ("5.", 5.0),
        ("0", 0.0),
    ],
)
def test_money_accepts(cell: str, expected: float) -> None:
    assert parse_money(cell) == expected


@pytest.mark.parametrize(
    "cell",
    ["12abc", "1,2,3.4.5", "nan", "NaN", "inf", "-inf", "1e5", "1.2E+3", "(-5)", "--5", "+-5", "1,23", "1234,567",
     "12 $", "12€", "usd 12", "US 12", "USD 12 EUR", "$", "()", "(5", "5)", "1 234", "١٢", "1_000", "0x10", "12.3.4",
     "$$5", "-", "."],
)
def test_money_rejects(cell: str) -> None:
    assert rejection(parse_money, cell) == f"not a number: {cell.strip()!r}"


def test_money_overflow_and_long_cells_are_reported_briefly() -> None:
    message = rejection(parse_money, "9" * 400)
    assert message.startswith("number too large: '999") and len(message) < 90


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("12", 12.0), ("-3.5", -3.5), ("+2", 2.0), ("1,200.25", 1200.25), (".5", 0.5), ("5.", 5.0), (" 7.25 ", 7.25)],
)
def test_number_accepts(cell: str, expected: float) -> None:
    assert parse_number(cell) == expected


@pytest.mark.parametrize("cell", ["$5", "5 USD", "(5)", "1e3", "abc", "12 hours", "nan", "1,23"])
def test_number_rejects(cell: str) -> None:
    assert rejection(parse_number, cell) == f"not a number: {cell!r}"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("12", 12), ("12.0", 12), ("12.000", 12), ("1,200", 1200), ("-3", -3), ("+7", 7), ("-0", 0),
     ("9007199254740993", 9007199254740993), ("9223372036854775807", 2**63 - 1)],
)
def test_integer_accepts(cell: str, expected: int) -> None:
    value = parse_integer(cell)
    assert value == expected and isinstance(value, int)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("12.5", "not a whole number: '12.5'"),
        ("12.0001", "not a whole number: '12.0001'"),
        ("abc", "not a number: 'abc'"),
        ("1e3", "not a number: '1e3'"),
        ("9223372036854775808", "number too large: '9223372036854775808'"),
        ("99999999999999999999", "number too large: '99999999999999999999'"),
    ],
)
def test_integer_rejects(cell: str, message: str) -> None:
    assert rejection(parse_integer, cell) == message


# --- booleans, enumerations, e-mail, text ----------------------------------------------------------


@pytest.mark.parametrize("cell", ["true", "True", "TRUE", "t", "T", "yes", "Yes", "y", "Y", "1", "1.0"])
def test_bool_true(cell: str) -> None:
    assert parse_bool(cell) is True


@pytest.mark.parametrize("cell", ["false", "False", "FALSE", "f", "F", "no", "No", "NO", "n", "N", "0", "0.0"])
def test_bool_false(cell: str) -> None:
    assert parse_bool(cell) is False


def test_the_string_no_is_false_not_truthy() -> None:
    assert parse_bool("no") is False


@pytest.mark.parametrize("cell", ["maybe", "2", "on", "off", "1.5", "ye", "nope", "truee"])
def test_bool_rejects(cell: str) -> None:
    assert rejection(parse_bool, cell) == f"not a boolean: {cell!r}"


@pytest.mark.parametrize(("cell", "expected"), [("Active", "active"), (" PROSPECT ", "prospect"), ("inactive", "inactive")])
def test_enum_matches_case_insensitively(cell: str, expected: str) -> None:
    assert parse_enum(cell, STATUSES) == expected


@pytest.mark.parametrize(("cell", "expected"), [("true", "active"), ("FALSE", "inactive"), ("Active", "active")])
def test_enum_synonyms(cell: str, expected: str) -> None:
    assert parse_enum(cell, STATUSES, STATUS_SYNONYMS) == expected


def test_enum_rejects_with_the_allowed_values() -> None:
    assert rejection(lambda s: parse_enum(s, STATUSES), "gone") == "not one of active, inactive, prospect: 'gone'"


def test_enum_synonym_must_name_an_allowed_value() -> None:
    with pytest.raises(ValueError, match="'archived'"):
        parse_enum("x", STATUSES, {"old": "archived"})


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("bob@example.com", "bob@example.com"), (" Bob.Smith+tag@Mail.Example.co.uk ", "Bob.Smith+tag@Mail.Example.co.uk"),
     ("o'neil@x-y.io", "o'neil@x-y.io")],
)
def test_email_accepts_as_written(cell: str, expected: str) -> None:
    assert parse_email(cell) == expected


@pytest.mark.parametrize("cell", ["bob@", "bob", "@example.com", "a@b", "a b@c.com", "a@@b.com", "a@b..com", ".a@b.com",
                                  "a@-b.com", "a@b.c"])
def test_email_rejects(cell: str) -> None:
    assert rejection(parse_email, cell) == f"not an e-mail address: {cell!r}"


@pytest.mark.parametrize(("cell", "expected"), [("  hello  ", "hello"), ("=SUM(A1:A3)", "=SUM(A1:A3)"), ("-x", "-x")])
def test_text_is_stripped_and_formulas_kept_as_data(cell: str, expected: str) -> None:
    assert parse_text(cell) == expected


# --- dates and months ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    ["2025-03-07", "2025/03/07", "2025-3-7", "2025-03-07 14:30", "2025-03-07T14:30:59", "2025-03-07 14:30:59.123",
     "03/07/2025", "3/7/2025", "03/07/2025 09:15", " 2025-03-07 "],
)
def test_date_accepts_mdy(cell: str) -> None:
    assert parse_date(cell) == date(2025, 3, 7)


@pytest.mark.parametrize("cell", ["2025-03-07", "2025/03/07", "07/03/2025", "7/3/2025"])
def test_date_accepts_dmy(cell: str) -> None:
    assert parse_date(cell, order="DMY") == date(2025, 3, 7)


def test_date_order_decides_and_never_guesses() -> None:
    assert parse_date("01/05/2025", order="MDY") == date(2025, 1, 5)
    assert parse_date("01/05/2025", order="DMY") == date(2025, 5, 1)
    assert rejection(parse_date, "25/12/2025") == "not a date (expected YYYY-MM-DD or MM/DD/YYYY): '25/12/2025'"
    assert rejection(lambda s: parse_date(s, order="DMY"), "12/25/2025") == (
        "not a date (expected YYYY-MM-DD or DD/MM/YYYY): '12/25/2025'"
    )


@pytest.mark.parametrize(
    "cell",
    ["13/45/2025", "2025-02-30", "02/30/2025", "2025-02-29", "2025-13-01", "2025-00-10", "2025-01-00", "07-03-2025",
     "03/07/25", "20250307", "2025-03/07", "2025-03-07 25:00", "2025-03-07 10:60", "2025-03-07X10:00", "March 7, 2025",
     "0000-01-01", "٢٠٢٥-03-07"],
)
def test_date_rejects(cell: str) -> None:
    assert rejection(parse_date, cell) == f"not a date (expected YYYY-MM-DD or MM/DD/YYYY): {cell!r}"


def test_date_leap_day_and_year_range() -> None:
    assert parse_date("2024-02-29") == date(2024, 2, 29)
    assert parse_date("1900-01-01") == date(1900, 1, 1)
    assert parse_date("2199-12-31") == date(2199, 12, 31)
    assert rejection(parse_date, "0202-05-01") == "year out of range (1900-2199): '0202-05-01'"
    assert rejection(parse_date, "12/31/2200") == "year out of range (1900-2199): '12/31/2200'"


def test_date_order_must_be_known() -> None:
    with pytest.raises(ValueError, match="MDY, DMY"):
        parse_date("2025-01-01", order="YMD")  # type: ignore[arg-type]


@pytest.mark.parametrize("cell", ["2025-03", "2025/3", "2025-3", "2025-03-15", "2025/03/15", "2025-03-15T10:00"])
def test_month_accepts(cell: str) -> None:
    assert parse_month(cell) == "2025-03"


@pytest.mark.parametrize("cell", ["2025-13", "2025-00", "03/2025", "2025-02-30", "March 2025", "2025", "25-03"])
def test_month_rejects(cell: str) -> None:
    assert rejection(parse_month, cell) == f"not a month (expected YYYY-MM): {cell!r}"


def test_month_year_range() -> None:
    assert rejection(parse_month, "1800-01") == "year out of range (1900-2199): '1800-01'"


# --- bounds and formulas -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "rules", "message"),
    [
        (0, {"gt": 0}, "must be > 0: 0"),
        (0.0, {"gt": 0}, "must be > 0: 0"),
        (25.5, {"gt": 0, "le": 24}, "must be <= 24: 25.5"),
        (-0.01, {"ge": 0}, "must be >= 0: -0.01"),
        (-3, {"gt": 0, "le": 24}, "must be > 0: -3"),
        (81.0, {"gt": 0, "le": 80.0}, "must be <= 80: 81"),
    ],
)
def test_check_bounds_reports_the_first_broken_rule(value: float, rules: dict[str, float], message: str) -> None:
    with pytest.raises(CellError) as caught:
        check_bounds(value, **rules)
    assert str(caught.value) == message


@pytest.mark.parametrize(("value", "rules"), [(None, {"gt": 0}), (24, {"gt": 0, "le": 24}), (0, {"ge": 0}), (5, {})])
def test_check_bounds_passes(value: float | None, rules: dict[str, float]) -> None:
    check_bounds(value, **rules)


def test_check_bounds_series_keeps_index_and_skips_missing() -> None:
    values = pd.Series([0.0, 5.0, 25.5, None], index=[10, 11, 12, 13])
    errors = check_bounds_series(values, gt=0, le=24)
    assert errors.to_dict() == {10: "must be > 0: 0", 11: None, 12: "must be <= 24: 25.5", 13: None}
    seats = parse_integer_series(pd.Series(["0", "3", None])).values
    assert check_bounds_series(seats, gt=0).tolist() == ["must be > 0: 0", None, None]


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\")"])
def test_formula_like_cells_are_escaped(cell: str) -> None:
    assert is_formula_like(cell)
    assert escape_formula(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["hello", "", "1-2", " =x", "Acme = best", "'=quoted"])
def test_ordinary_text_is_not_escaped(cell: str) -> None:
    assert not is_formula_like(cell)
    assert escape_formula(cell) == cell


# --- vectorised parsers: shapes ------------------------------------------------------------------


def test_series_keeps_index_and_tells_missing_from_rejected() -> None:
    parsed = parse_money_series(pd.Series(["$1,234.50", None, "  ", "abc", "(120.00)"], index=list("vwxyz")))
    assert isinstance(parsed, Parsed)
    assert parsed.values.dtype == "float64" and list(parsed.values.index) == list("vwxyz")
    assert parsed.values.fillna(0).tolist() == [1234.5, 0, 0, 0, -120.0]
    assert parsed.errors.tolist() == [None, None, None, "not a number: 'abc'", None]


def test_series_edge_numbers_match_the_scalar_parsers() -> None:
    huge, big = "9" * 400, ["9007199254740993", "9007199254740993.0", "-9223372036854775808", "9,007,199,254,740,993"]
    for parse, parse_series in ((parse_money, parse_money_series), (parse_number, parse_number_series)):
        parsed = parse_series(pd.Series([huge, "1" * 310 + ".5"]))
        assert parsed.values.isna().all()
        assert parsed.errors.tolist() == [rejection(parse, huge), rejection(parse, "1" * 310 + ".5")]
    assert parse_integer_series(pd.Series(big)).values.tolist() == [parse_integer(cell) for cell in big]


def test_series_dtypes() -> None:
    assert parse_integer_series(pd.Series(["3", None])).values.dtype == "Int64"
    assert parse_date_series(pd.Series(["2025-01-05", None])).values.dtype == "datetime64[ns]"
    bools = parse_bool_series(pd.Series(["no", "Yes", None])).values
    assert bools.dtype == object and bools.tolist() == [False, True, None]
    assert parse_text_series(pd.Series([" a ", ""])).values.tolist() == ["a", None]


def test_series_accepts_pandas_string_dtype() -> None:
    parsed = parse_number_series(pd.Series(["1,200", None, "x"], dtype="string"))
    assert parsed.values.iloc[0] == 1200.0 and parsed.errors.tolist() == [None, None, "not a number: 'x'"]


def test_series_refuses_non_text_columns() -> None:
    with pytest.raises(TypeError, match="dtype=str"):
        parse_money_series(pd.Series([1.5, 2.0]))


def test_date_series_honours_order() -> None:
    cells = pd.Series(["01/05/2025", "13/05/2025"])
    mdy, dmy = parse_date_series(cells, order="MDY"), parse_date_series(cells, order="DMY")
    assert mdy.values.iloc[0] == pd.Timestamp(2025, 1, 5) and mdy.errors.iloc[1] is not None
    assert dmy.values.tolist() == [pd.Timestamp(2025, 5, 1), pd.Timestamp(2025, 5, 13)]


@pytest.mark.parametrize(
    ("file", "columns"),
    [
        ("time_logs.csv", {"date": parse_date_series, "hours": parse_number_series, "rate": parse_money_series,
                           "billable": parse_bool_series, "staff_email": parse_email_series}),
        ("invoices.csv", {"date": parse_date_series, "due_date": parse_date_series,
                          "total_amount": parse_money_series}),
        ("licenses.csv", {"seats_purchased": parse_integer_series, "seats_used": parse_integer_series,
                          "cost_per_seat": parse_money_series, "start_date": parse_date_series,
                          "is_active": parse_bool_series}),
        ("clients.csv", {"contact_email": parse_email_series, "is_active": parse_bool_series}),
    ],
)
def test_upstream_sample_files_parse_without_errors(file: str, columns: dict[str, Callable[[pd.Series], Parsed]]) -> None:
    frame = pd.read_csv(UPSTREAM / file, dtype=str, keep_default_na=False)
    for column, parse in columns.items():
        parsed = parse(frame[column])
        assert parsed.errors.isna().all(), (column, parsed.errors.dropna().head().tolist())
        assert parsed.values.notna().all(), column


# --- vectorised parsers agree with the scalar definition ---------------------------------------------

AGREEMENT = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

noise = st.one_of(
    st.none(),
    st.text(alphabet="0123456789,.-+()$£€ /:TtEeUSDR\t\xa0١", max_size=14),
    st.text(max_size=8),
    st.text(alphabet="0123456789", min_size=300, max_size=320),  # overflows float64
)


def _scalar_outcome(parse: Callable[[object], object], cell: object) -> tuple[object, str | None]:
    try:
        return parse(cell), None
    except CellError as exc:
        return None, str(exc)


def _plain(value: object) -> object:
    if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.date() if isinstance(value, pd.Timestamp) else value


def assert_agrees(cells: list[object], parse: Callable[[object], object],
                  parse_series: Callable[[pd.Series], Parsed]) -> None:
    """Vectorised == scalar for every cell: same value (None for missing/rejected), same reason."""
    index = pd.Index(range(3 * len(cells), 0, -3))  # not a RangeIndex: alignment must hold anyway
    parsed = parse_series(pd.Series(cells, index=index, dtype=object))
    assert parsed.values.index.equals(index) and parsed.errors.index.equals(index)
    got = [(_plain(v), e) for v, e in zip(parsed.values.to_numpy(dtype=object), parsed.errors)]
    expected = [_scalar_outcome(parse, cell) for cell in cells]
    assert got == expected


# Cells on the edges of the fast paths: other scripts' digits, years just outside the accepted
# range but inside pandas' own, float overflow, integers just past float64's exact range.
TRICKY = ["١٢", "٣.5", "12", "1,000", "1800-01-01", "2200-01-01", "1677-09-22", "2262-04-11", "1500-01-01",
          "1800/01/01", "01/01/1800", "12/31/2200 10:00", "2025-02-29", "٢٠٢٥-01-05", "9" * 400, "9" * 320 + ".5",
          "9007199254740993", "-9007199254740993.0", "9223372036854775808", "1800-01", "2025-1", "TRUE", "No",
          "Active", "FALSE", "a@b.co", "A@B.CO", "=cmd", None, "", " "]


@pytest.mark.parametrize(
    ("parse", "parse_series"),
    [(parse_money, parse_money_series), (parse_number, parse_number_series), (parse_integer, parse_integer_series),
     (parse_bool, parse_bool_series), (parse_email, parse_email_series), (parse_text, parse_text_series),
     (parse_month, parse_month_series), (parse_date, parse_date_series),
     (lambda s: parse_date(s, "DMY"), lambda s: parse_date_series(s, "DMY")),
     (lambda s: parse_enum(s, STATUSES, STATUS_SYNONYMS), lambda s: parse_enum_series(s, STATUSES, STATUS_SYNONYMS))],
)
def test_series_agree_on_edge_cells(parse: Callable[[object], object], parse_series: Callable[[pd.Series], Parsed]) -> None:
    assert_agrees(TRICKY, parse, parse_series)


def _money_text(cents: int, commas: bool, style: str, pad: str) -> str:
    amount = f"{abs(cents) // 100:,}" if commas else str(abs(cents) // 100)
    amount += f".{abs(cents) % 100:02d}"
    sign = "-" if cents < 0 else ""
    text = {
        "bare": f"{sign}{amount}",
        "dollar": f"{sign}${amount}",
        "dollar_sign_after": f"${sign}{amount}",
        "code_before": f"USD {sign}{amount}",
        "code_after": f"{sign}{amount} EUR",
        "pound": f"{sign}£{amount}",
        "parens": f"(${amount})" if cents < 0 else f"€{amount}",
    }[style]
    return f"{pad}{text}{pad}"


money_cells = st.builds(
    _money_text,
    st.integers(-10**15, 10**15),
    st.booleans(),
    st.sampled_from(["bare", "dollar", "dollar_sign_after", "code_before", "code_after", "pound", "parens"]),
    st.sampled_from(["", " ", "\t"]),
)


@AGREEMENT
@given(st.lists(st.one_of(noise, money_cells, st.floats(allow_nan=True).map(str)), max_size=25))
def test_money_series_agrees(cells: list[object]) -> None:
    assert_agrees(cells, parse_money, parse_money_series)


@AGREEMENT
@given(st.lists(st.one_of(noise, st.floats(allow_nan=False).map(str), st.integers().map(lambda i: f"{i:,}"),
                          st.decimals(allow_nan=False, allow_infinity=False).map(str)), max_size=25))
def test_number_series_agrees(cells: list[object]) -> None:
    assert_agrees(cells, parse_number, parse_number_series)


integer_cells = st.one_of(
    st.integers(-2**64, 2**64).map(str),
    st.integers(-2**64, 2**64).map(lambda i: f"{i:,}"),
    st.integers(-2**55, 2**55).map(lambda i: f"{i}.0"),
    st.floats(-1e20, 1e20).map(str),
)


@AGREEMENT
@given(st.lists(st.one_of(noise, integer_cells), max_size=25))
def test_integer_series_agrees(cells: list[object]) -> None:
    assert_agrees(cells, parse_integer, parse_integer_series)


def _random_case(word: str, flips: list[bool]) -> str:
    return "".join(c.upper() if flip else c for c, flip in zip(word, flips + [False] * len(word)))


def cased(words: list[str]) -> st.SearchStrategy[str]:
    return st.builds(_random_case, st.sampled_from(words), st.lists(st.booleans(), max_size=6))


@AGREEMENT
@given(st.lists(st.one_of(noise, cased(["true", "false", "yes", "no", "y", "n", "t", "f", "1", "0", "1.0", "0.0",
                                        "maybe", "on"])), max_size=25))
def test_bool_series_agrees(cells: list[object]) -> None:
    assert_agrees(cells, parse_bool, parse_bool_series)


@AGREEMENT
@given(st.lists(st.one_of(noise, cased([*STATUSES, *STATUS_SYNONYMS, "gone"])), max_size=25))
def test_enum_series_agrees(cells: list[object]) -> None:
    assert_agrees(cells, lambda s: parse_enum(s, STATUSES, STATUS_SYNONYMS),
                  lambda s: parse_enum_series(s, STATUSES, STATUS_SYNONYMS))


@AGREEMENT
@given(st.lists(st.one_of(noise, st.emails(), st.emails().map(lambda e: e.replace("@", "@@"))), max_size=25))
def test_email_series_agrees(cells: list[object]) -> None:
    assert_agrees(cells, parse_email, parse_email_series)


@AGREEMENT
@given(st.lists(st.one_of(noise, st.just("=SUM(A1)")), max_size=25))
def test_text_series_agrees(cells: list[object]) -> None:
    assert_agrees(cells, parse_text, parse_text_series)


def _date_text(y: int, m: int, d: int, shape: str, pad: bool, time: str) -> str:
    mm, dd = (f"{m:02d}", f"{d:02d}") if pad else (str(m), str(d))
    text = {"iso": f"{y:04d}-{mm}-{dd}", "slash": f"{y:04d}/{mm}/{dd}", "mdy": f"{mm}/{dd}/{y:04d}",
            "dmy": f"{dd}/{mm}/{y:04d}"}[shape]
    return text + time


date_cells = st.one_of(
    st.builds(lambda day, *rest: _date_text(day.year, day.month, day.day, *rest),
              st.one_of(st.dates(), st.dates(date(1850, 1, 1), date(2250, 12, 31))),  # around the year limits
              st.sampled_from(["iso", "slash", "mdy", "dmy"]), st.booleans(),
              st.sampled_from(["", " 10:30", "T23:59:59", " 7:05:00.250", " 24:00"])),
    st.builds(_date_text, st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32),
              st.sampled_from(["iso", "mdy", "dmy"]), st.booleans(), st.just("")),
)


@AGREEMENT
@given(st.lists(st.one_of(noise, date_cells), max_size=25), st.sampled_from(["MDY", "DMY"]))
def test_date_series_agrees(cells: list[object], order: str) -> None:
    assert_agrees(cells, lambda s: parse_date(s, order), lambda s: parse_date_series(s, order))


month_cells = st.one_of(
    st.builds(lambda y, m, sep: f"{y:04d}{sep}{m:02d}", st.integers(1800, 2300), st.integers(0, 13),
              st.sampled_from(["-", "/"])),
    date_cells,
)


@AGREEMENT
@given(st.lists(st.one_of(noise, month_cells), max_size=25))
def test_month_series_agrees(cells: list[object]) -> None:
    assert_agrees(cells, parse_month, parse_month_series)


@AGREEMENT
@given(st.lists(st.one_of(st.none(), st.floats(-100, 100, allow_nan=False), st.integers(-100, 100)), max_size=25))
def test_check_bounds_series_agrees(values: list[float | None]) -> None:
    series = pd.Series([math.nan if v is None else float(v) for v in values], dtype="float64")
    expected = [_scalar_outcome(lambda v: check_bounds(v, gt=0, le=24), None if math.isnan(v) else v)[1]
                for v in series]
    assert check_bounds_series(series, gt=0, le=24).tolist() == expected
