"""`flywheel report`: the Monday screen, as a document of every format.

The JSON body (and the records of ndjson and csv) are built at once; the tables and the exports only
when a format shows them (render/report_screen.py): a JSON report imports none of the screen's
renderers and lays out no table (docs/decisions.md, "Start-up")."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from flywheel_cli.core.findings import Evaluation, Severity
from flywheel_cli.core.results import ReportResult
from flywheel_cli.render.document import Document
from flywheel_cli.render.findings import basis_label, scope_cell
from flywheel_cli.render.formats import Format

if TYPE_CHECKING:
    from flywheel_cli.render.report_screen import Screen


def document(result: ReportResult) -> Document:
    evaluation = result.evaluation or Evaluation((), (), (), (), ())
    body = result.body()
    body["attention"] = [
        f"{'✗' if f.severity is Severity.ERROR else '!'} {scope_cell(f)}: {f.message} ({basis_label(f.basis)})"
        for f in evaluation.findings
    ]

    @functools.cache
    def screen() -> Screen:
        from flywheel_cli.render.report_screen import screen as lay_out

        return lay_out(result)

    return Document(
        result.schema, body, result.to_records(), lambda: screen().tables,
        extra={Format.HTML: lambda: screen().export(Format.HTML), Format.SVG: lambda: screen().export(Format.SVG)},
    )  # fmt: skip
