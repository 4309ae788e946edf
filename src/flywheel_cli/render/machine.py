"""JSON, NDJSON and CSV output, all from a document's `to_records()` rows."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from flywheel_cli import __version__
from flywheel_cli.render.jsonout import dumps, number

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def json_document(schema: str, body: dict[str, Any]) -> str:
    return dumps({"schema": schema, "version": __version__, **body}) + "\n"


def ndjson(records: list[dict[str, Any]]) -> str:
    return "".join(dumps(record, indent=None) + "\n" for record in records)


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """`{"scope": {"sku": "A"}}` → `{"scope.sku": "A"}`; lists are joined with `;`."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        elif isinstance(value, list | tuple):
            flat[name] = ";".join(str(v) for v in value)
        else:
            flat[name] = value
    return flat


def csv_text(records: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    flat = [flatten(record) for record in records]
    if columns is None:
        columns = []
        for row in flat:
            columns.extend(key for key in row if key not in columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in flat:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return buffer.getvalue()


def _cell(value: Any) -> str:
    """A CSV cell; text that a spreadsheet would run as a formula is prefixed with `'`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return number(value)
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_PREFIXES) else text
