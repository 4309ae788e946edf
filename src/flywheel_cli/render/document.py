"""A rendered command result: what every format needs, built once per command."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, assert_never

from flywheel_cli.render import machine
from flywheel_cli.render.formats import Format
from flywheel_cli.render.human import HumanTable, plain, rich_text

Tables = Sequence[HumanTable] | Callable[[], Sequence[HumanTable]]


@dataclass(frozen=True, slots=True)
class Document:
    """What every format needs of one command's result: the JSON body, the records, the tables."""

    schema: str  # e.g. flywheel.inspect/1
    body: dict[str, Any]  # the JSON document without schema/version
    records: list[dict[str, Any]]  # one per row / finding: ndjson and csv
    # The tables, or what lays them out when a format for people is asked for (JSON needs none).
    tables: Tables = field(default=())
    csv_columns: list[str] | None = None
    # Formats only some commands have (github, junit, sarif) render through these.
    extra: dict[Format, Callable[[], str]] = field(default_factory=dict)


def render(document: Document, fmt: Format, width: int | None = None, color: bool | None = None) -> str:
    """`color`: None means 'only when stdout is a terminal'."""
    if color is None:
        import sys

        color = sys.stdout.isatty()
    if fmt in document.extra:
        return document.extra[fmt]()
    match fmt:
        case Format.JSON:
            return machine.json_document(document.schema, document.body)
        case Format.NDJSON:
            return machine.ndjson(document.records)
        case Format.CSV:
            return machine.csv_text(document.records, document.csv_columns)
        case Format.PLAIN:
            return plain(_tables(document))
        case Format.MARKDOWN:
            return plain(_tables(document), markdown=True)
        case Format.TABLE | Format.AUTO:
            return rich_text(_tables(document), width, color)
        case Format.GITHUB | Format.JUNIT | Format.SARIF | Format.SVG | Format.HTML:
            raise ValueError(f"format {fmt.value!r} is not available for this command")
        case _:
            assert_never(fmt)


def _tables(document: Document) -> Sequence[HumanTable]:
    return document.tables() if callable(document.tables) else document.tables
