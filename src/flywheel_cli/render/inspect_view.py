"""`flywheel inspect` output."""

from __future__ import annotations

from flywheel_cli.core.results import InputSummary, InspectResult
from flywheel_cli.render.document import Document
from flywheel_cli.render.human import Column, HumanTable

_DELIMITERS = {",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe"}


def _period(summary: InputSummary) -> str:
    """What the input covers: its rows' dates, `snapshot DAY`, or `undated` (a by-item Business Report)."""
    if summary.dating == "undated" and summary.span_from is None:
        return "undated"
    if summary.period_start is None:
        return "—"
    prefix = (
        "snapshot " if summary.dating == "snapshot" and summary.period_start == summary.period_end else ""
    )
    if summary.period_start == summary.period_end:
        return prefix + summary.period_start.isoformat()
    end = summary.period_end.isoformat() if summary.period_end else "?"
    return f"{prefix}{summary.period_start.isoformat()} → {end}"


def _format(summary: InputSummary) -> str:
    parts = [summary.encoding or "", _DELIMITERS.get(summary.delimiter or "", summary.container or "")]
    if summary.container and summary.container not in parts:
        parts.append(summary.container)
    return " ".join(p for p in parts if p)


def document(result: InspectResult) -> Document:
    rows = [
        [
            s.path, s.kind, s.layout, s.language, _format(s), f"{s.rows:,}", _period(s),
            s.currency or "—", s.marketplace or "—",
        ]
        for s in result.inputs
    ]  # fmt: skip
    notes = [
        f"{s.path}: {len(s.unknown_columns)} column(s) not recognised: {', '.join(s.unknown_columns)}"
        for s in result.inputs
        if s.unknown_columns
    ]
    notes += [
        f"{s.path}: no {', '.join(repr(c) for c in s.missing_columns)} column: the metrics it feeds are empty"
        for s in result.inputs
        if s.missing_columns
    ]
    notes += [f"{s.path}: {s.note}" for s in result.inputs if s.note]
    if any(s.dating == "undated" and s.span_from is None for s in result.inputs):
        notes.append("undated: the report has no dates; with --period it counts only once its span is declared "
                     "under spans: in flywheel.yaml")  # fmt: skip
    notes += [f"skipped {skip.path}: {skip.reason}" for skip in result.skipped]
    table = HumanTable(
        title=f"{len(result.inputs)} input(s)",
        columns=[
            Column("file", keep=True, path=True), Column("kind", keep=True), Column("layout", drop=4),
            Column("lang", drop=6), Column("format", drop=5), Column("rows", "right", drop=1),
            Column("covers", min_width=12), Column("cur", drop=2), Column("market", drop=3),
        ],
        rows=rows,
        notes=notes,
    )  # fmt: skip
    body = {
        "inputs": result.to_records(),
        "skipped": [{"path": s.path, "reason": s.reason, "hint": s.hint} for s in result.skipped],
    }
    return Document(result.schema, body, result.to_records(), [table])
