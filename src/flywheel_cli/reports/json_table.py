"""A JSON array of flat objects (the Amazon Ads API's GZIP_JSON reports) read as a table.

The keys are the header (in the order they first appear; a key an object lacks is an empty cell) and
each object is a row. Cells are handed to the kinds as text, as a CSV would give them: numbers were
parsed as `Decimal` (reports/source.py, never float) and are written out exactly, so the kinds' own
parsers read `108.61` as 108.61. A row's "line" is its position in the array, 1-based (`[0]` is line
1); its column the key's position in the header.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from flywheel_cli.core.errors import InputError

Table = tuple[list[str], list[tuple[int, list[str]]]]


def is_table(document: Any) -> bool:
    """An array whose first item is an object: a table (an empty array has no header to know)."""
    return isinstance(document, list) and bool(document) and isinstance(document[0], dict)


def json_table(document: list[Any], path: str) -> Table:
    """(header, rows as (line, cells)) of an array of flat objects; a nested value is a located error."""
    header: dict[str, int] = {}
    for index, item in enumerate(document):
        if not isinstance(item, dict):
            raise InputError(
                f"item [{index}] of the array is {_what(item)}, not an object like the others",
                path=path,
                line=index + 1,
                hint="the report was edited or damaged; download it again",
            )
        for key in item:
            header.setdefault(str(key), len(header))
    rows = [(index + 1, list(_cells(item, header, path, index))) for index, item in enumerate(document)]
    return list(header), rows


def _cells(item: dict[str, Any], header: dict[str, int], path: str, index: int) -> Iterator[str]:
    for key, column in header.items():
        value = item.get(key)
        if isinstance(value, (dict, list)):
            raise InputError(
                f"[{index}].{key} is {_what(value)}: a report row holds numbers and text only",
                path=path,
                line=index + 1,
                column=column + 1,
                hint="flywheel reads the Ads API's flat GZIP_JSON rows; download the report again",
            )
        yield _text(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):  # before int: True is an int
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")  # 1E+2 → 100: the number, not its exponent form
    return str(value)


def _what(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return "text" if isinstance(value, str) else "a number"
