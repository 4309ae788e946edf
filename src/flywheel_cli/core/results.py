"""Result objects shared by the api and the renderers: frozen, plain data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True)
class InputSummary:
    """What one input file is (the `inputs[]` entry of every JSON document)."""

    path: str
    sha256: str | None
    kind: str
    layout: str
    language: str
    encoding: str | None
    delimiter: str | None
    container: str
    header_line: int | None
    rows: int
    period_start: date | None
    period_end: date | None
    currency: str | None
    marketplace: str | None
    unknown_columns: tuple[str, ...] = ()

    def to_record(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "kind": self.kind,
            "layout": self.layout,
            "language": self.language,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "container": self.container or None,
            "header_line": self.header_line,
            "rows": self.rows,
            "period": {"start": _iso(self.period_start), "end": _iso(self.period_end)},
            "currency": self.currency,
            "marketplace": self.marketplace,
            "unknown_columns": list(self.unknown_columns),
        }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file met while walking a folder that is not a report flywheel knows."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class InspectResult:
    inputs: tuple[InputSummary, ...]
    skipped: tuple[Skipped, ...] = field(default=())

    schema = "flywheel.inspect/1"

    def to_records(self) -> list[dict[str, Any]]:
        return [summary.to_record() for summary in self.inputs]
