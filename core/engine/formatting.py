"""How numbers look to people: one formatter for answers, tables, digests and the CLI."""
from __future__ import annotations

_CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£"}


def format_value(value: float | int | None, unit: str) -> str:
    """Money with its sign and symbol (or code), percent and hours with 2 decimals, counts whole."""
    if value is None:
        return "undefined"
    if unit == "percent":
        return f"{value:,.2f}%"
    if unit == "hours":
        return f"{value:,.2f} h"
    if unit in ("seats", "count"):
        return f"{int(value):,}"
    sign = "-" if value < 0 else ""
    symbol = _CURRENCY_SIGNS.get(unit)
    return f"{sign}{symbol}{abs(value):,.2f}" if symbol else f"{sign}{abs(value):,.2f} {unit}"
