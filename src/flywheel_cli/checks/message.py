"""Rule messages: `"ACoS {value:.1%} above {threshold:.0%}"`, formatted safely.

Only the documented names can be used, with a format spec and nothing else: no attribute access,
no indexing, no conversions, no expressions. A placeholder without a spec is formatted for the
metric's unit (a ratio as a percentage, money with two decimals, days with one). A spec's width and
precision are at most MAX_WIDTH: `{value:999999999}` would build a gigabyte string for each finding.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

NUMBERS = frozenset({"value", "threshold", "low", "high", "periods"})
TEXTS = frozenset({"metric", "scope", "rule", "severity", "grain"})
NAMES = NUMBERS | TEXTS
MAX_WIDTH = 40  # of a format spec's width and precision
# Python's format spec: [[fill]align][sign][z][#][0][width][grouping][.precision][type]
_SPEC = re.compile(
    r"(?:.?[<>=^])?[-+ ]?z?#?0?(?P<width>[0-9]*)[,_]?(?:\.(?P<precision>[0-9]*))?[a-zA-Z%]?", re.S
)


def check_template(template: str) -> None:
    """Raise ValueError when the template uses anything but the documented placeholders."""
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise ValueError(f"bad message template: {exc}") from None
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        if name not in NAMES:
            allowed = ", ".join(sorted(NAMES))
            raise ValueError(f"unknown placeholder {{{name}}} in the message; use {allowed}")
        if conversion is not None or "{" in (spec or ""):
            raise ValueError(f"placeholder {{{name}}}: only a format spec may follow the name")
        if spec:
            _check_sizes(name, spec)
            sample: Any = Decimal("0.5") if name in NUMBERS else "text"
            try:
                format(sample, spec)
            except (ValueError, TypeError, InvalidOperation):
                raise ValueError(f"placeholder {{{name}:{spec}}}: bad format spec") from None


def _check_sizes(name: str, spec: str) -> None:
    """Width and precision within MAX_WIDTH, checked before anything is formatted with the spec."""
    parts = _SPEC.fullmatch(spec)
    if parts is None:
        raise ValueError(f"placeholder {{{name}:{spec}}}: bad format spec")
    for part in ("width", "precision"):
        digits = (parts.group(part) or "").lstrip("0") or "0"
        if len(digits) > 3 or int(digits) > MAX_WIDTH:
            raise ValueError(f"placeholder {{{name}:{spec}}}: the {part} is more than {MAX_WIDTH}")


def render(template: str, values: Mapping[str, Any], unit: str) -> str:
    out: list[str] = []
    for literal, name, spec, _ in string.Formatter().parse(template):
        out.append(literal)
        if name is not None:
            shown = _field(values.get(name), spec or "", unit if name in NUMBERS - {"periods"} else "count")
            out.append(trim(shown) if name in THRESHOLDS and not spec else shown)
    return "".join(out)


THRESHOLDS = frozenset({"threshold", "low", "high"})


def trim(text: str) -> str:
    """A threshold as a rule writes it: `25%` and `28`, not `25.0%` and `28.0`."""
    return "–".join(
        part.replace(".0%", "%") if part.endswith("%") else part.removesuffix(".0")
        for part in text.split("–")
    )


def _field(value: Any, spec: str, unit: str) -> str:
    if isinstance(value, list | tuple):
        return "–".join(_field(item, spec, unit) for item in value)
    if value is None:
        return "—"
    if isinstance(value, dict):
        return scope_text(value)
    if isinstance(value, str):
        return format(value, spec)
    if spec:
        return format(Decimal(value), spec)
    return by_unit(unit, value)


def by_unit(unit: str, value: Any) -> str:
    """A number for a person, by the metric's unit (used where the template gives no spec)."""
    number = Decimal(value)
    if unit == "ratio":
        return f"{number * 100:.1f}%"
    if unit == "money":
        return f"{number:,.2f}"
    if unit in {"days", "per_year"}:
        return f"{number:,.1f}"
    if unit == "count":
        return f"{number:,.0f}"
    return f"{number.normalize():f}"


def scope_text(scope: Mapping[str, Any]) -> str:
    """`{"sku": "A"}` → `sku A`; `{}` → `account`."""
    if not scope:
        return "account"
    return ", ".join(f"{key.replace('_', '-')} {value}" for key, value in scope.items())
