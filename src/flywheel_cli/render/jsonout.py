"""Deterministic JSON: sorted keys, exact decimals as JSON numbers, dates as ISO strings."""

from __future__ import annotations

import functools
import json
from datetime import date
from decimal import Decimal
from json.encoder import encode_basestring as _string  # C-accelerated; keeps non-ASCII as is
from typing import Any


def dumps(value: Any, indent: int | None = 2) -> str:
    parts: list[str] = []
    _write(value, parts, indent, 0)
    return "".join(parts)


def number(value: Decimal) -> str:
    """A Decimal as a JSON number with its exact digits (no exponent, no float rounding)."""
    text = str(value)  # the same digits as format(value, "f") unless it chose an exponent (4× faster)
    if "E" in text or "N" in text or "n" in text:  # 1E+2, Infinity, NaN, sNaN
        if not value.is_finite():
            return "null"
        text = format(value, "f")
    return "0" if text in {"-0", "-0.0"} else text


def _write(value: Any, out: list[str], indent: int | None, level: int) -> None:
    kind = type(value)
    if kind is dict:
        if not value:
            out.append("{}")
            return
        out.append("{")
        for key, head, null in _order(tuple(value), indent, level):
            item = value[key]
            if item is None:  # the commonest value: a metric the inputs cannot support
                out.append(null)
                continue
            kind = type(item)  # then the common scalars: a month's report writes ~50k of them
            if kind is Decimal:
                out.append(head + number(item))
            elif kind is str:
                out.append(head + _string(item))
            elif kind is int:
                out.append(head + str(item))
            else:
                scalar = _scalar(item)
                if scalar is None:
                    out.append(head)
                    _write(item, out, indent, level + 1)
                else:
                    out.append(head + scalar)
        out.append(_newline(indent, level) + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = _newline(indent, level + 1)
        out.append("[")
        for position, item in enumerate(value):
            out.append(("," if position else "") + inner)
            _write(item, out, indent, level + 1)
        out.append(_newline(indent, level) + "]")
    elif isinstance(value, dict):
        _write(dict(value), out, indent, level)
    elif isinstance(value, list | tuple):
        _write(list(value), out, indent, level)
    else:
        out.append(_scalar(value) or _string(str(value)))


def _scalar(value: Any) -> str | None:
    """A scalar's JSON text; None for a container."""
    kind = type(value)
    if kind is Decimal:
        return number(value)
    if kind is str:
        return _string(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return number(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return json.dumps(value)
    if isinstance(value, date):
        return _string(value.isoformat())
    if isinstance(value, dict | list | tuple):
        return None
    return _string(str(value))


_KEYS: dict[str, str] = {}  # key → `"key": `: keys repeat on every row, so their encoding is kept
# A dict's str keys (in its own order), indent and level → its keys sorted, each with the text before
# its value (`,` newline, indent, `"key": `) and that text with `null` after it (most metrics of most
# SKUs are null): 500 SKUs' metrics share one such order. Only for a record's shape — str keys
# (1 == True == 1.0 would share an entry) and at most SHAPE_KEYS of them (a dict keyed by 20,000 SKUs
# is written once; kept, it would outlive the call).
_ORDERS: dict[tuple[Any, ...], tuple[tuple[Any, str, str], ...]] = {}
SHAPE_KEYS = 256


def _order(keys: tuple[Any, ...], indent: int | None, level: int) -> tuple[tuple[Any, str, str], ...]:
    # Looked up before the keys are checked: only tuples of str are kept, no key that is not a str
    # equals one, and a str subclass (an enum's member) is written as its value, as json.dumps does.
    found = _ORDERS.get((keys, indent, level))
    if found is None:
        inner = _newline(indent, level + 1)
        entries = []
        for position, key in enumerate(sorted(keys)):
            head = ("," if position else "") + inner + _key(key)
            entries.append((key, head, head + "null"))
        found = tuple(entries)
        if len(keys) <= SHAPE_KEYS and all(isinstance(key, str) for key in keys):
            if len(_ORDERS) >= 1024:
                _ORDERS.clear()
            _ORDERS[(keys, indent, level)] = found
    return found


def _key(key: Any) -> str:
    if not isinstance(key, str):  # 1, True and 1.0 are one dict key: never looked up by equality
        return _string(str(key)) + ": "
    text = _KEYS.get(key)
    if text is None:
        if len(_KEYS) >= 4096:
            _KEYS.clear()
        text = _KEYS[key] = _string(key) + ": "
    return text


@functools.lru_cache(maxsize=64)
def _newline(indent: int | None, level: int) -> str:
    return "" if indent is None else "\n" + " " * (indent * level)
