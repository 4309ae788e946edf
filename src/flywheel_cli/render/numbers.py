"""Formatting values for people (machine formats keep exact numbers)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

SYMBOLS = {
    "USD": "$",
    "CAD": "C$",
    "MXN": "MX$",
    "GBP": "£",
    "EUR": "€",
    "INR": "₹",
    "JPY": "¥",
    "AED": "AED ",
}
NONE = "—"


def money(value: Any, currency: str | None = None, places: int = 2) -> str:
    if value is None:
        return NONE
    amount = Decimal(value)
    if currency == "JPY":
        places = 0
    quantum = Decimal(1).scaleb(-places)
    text = f"{abs(amount.quantize(quantum, ROUND_HALF_UP)):,.{places}f}"
    symbol = SYMBOLS.get(currency or "", f"{currency} " if currency else "")
    return f"-{symbol}{text}" if amount < 0 else f"{symbol}{text}"


def percent(value: Any, places: int = 1) -> str:
    if value is None:
        return NONE
    return f"{Decimal(value) * 100:.{places}f}%"


def count(value: Any) -> str:
    return NONE if value is None else f"{int(value):,}"


def number(value: Any, places: int = 1) -> str:
    return NONE if value is None else f"{Decimal(value):,.{places}f}"


def by_unit(unit: str, value: Any, currency: str | None) -> str:
    if unit == "money":
        return money(value, currency)
    if unit == "ratio":
        return percent(value)
    if unit == "count":
        return count(value)
    if unit in {"days", "per_year"}:
        return number(value)
    return NONE if value is None else str(value)


def grouped_reasons(pairs: list[tuple[str, str]]) -> list[str]:
    """`name: reason` notes, one per reason, naming every metric it holds for (in the order met)."""
    by_reason: dict[str, list[str]] = {}
    for name, reason in pairs:
        by_reason.setdefault(reason, []).append(name)
    return [f"{', '.join(names)}: {reason}" for reason, names in by_reason.items()]
