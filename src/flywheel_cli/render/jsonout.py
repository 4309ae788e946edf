"""Deterministic JSON: sorted keys, exact decimals as JSON numbers, dates as ISO strings."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any


def dumps(value: Any, indent: int | None = 2) -> str:
    parts: list[str] = []
    _write(value, parts, indent, 0)
    return "".join(parts)


def number(value: Decimal) -> str:
    """A Decimal as a JSON number with its exact digits (no exponent, no float rounding)."""
    if not value.is_finite():
        return "null"
    text = format(value, "f")
    return "0" if text in {"-0", "-0.0"} else text


def _write(value: Any, out: list[str], indent: int | None, level: int) -> None:
    if isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        items = sorted(value.items())
        out.append("{")
        for position, (key, item) in enumerate(items):
            out.append(("," if position else "") + _newline(indent, level + 1))
            out.append(json.dumps(str(key), ensure_ascii=False) + ": ")
            _write(item, out, indent, level + 1)
        out.append(_newline(indent, level) + "}")
    elif isinstance(value, list | tuple):
        if not value:
            out.append("[]")
            return
        out.append("[")
        for position, item in enumerate(value):
            out.append(("," if position else "") + _newline(indent, level + 1))
            _write(item, out, indent, level + 1)
        out.append(_newline(indent, level) + "]")
    elif isinstance(value, bool) or value is None:
        out.append(json.dumps(value))
    elif isinstance(value, Decimal):
        out.append(number(value))
    elif isinstance(value, int):
        out.append(str(value))
    elif isinstance(value, float):
        out.append(json.dumps(value))
    elif isinstance(value, date):
        out.append(json.dumps(value.isoformat()))
    else:
        out.append(json.dumps(str(value), ensure_ascii=False))


def _newline(indent: int | None, level: int) -> str:
    return "" if indent is None else "\n" + " " * (indent * level)
