"""Warnings about what was combined: ratios over different spans, columns a header lacks.

Neither stops a run: the figures are still computed (a missing column's are null), and the warning
says what to look at. Both go to stderr and to JSON `warnings`.
"""

from __future__ import annotations

from datetime import date

from flywheel_cli.core.results import InputSummary
from flywheel_cli.metrics.fold import Window
from flywheel_cli.reports.spec import normalise_header

# Ratios whose parts come from two families: (metric, numerator family, denominator families in order
# of preference — the first one among the inputs is the one the metric reads).
MIXED = (
    ("tacos", "ads", ("business", "payments", "orders")),
    ("ad_sales_share", "ads", ("business", "payments", "orders")),
    ("return_rate", "returns", ("payments", "orders", "business")),
    ("net_profit", "ads", ("payments",)),
)
SLACK_DAYS = 3  # a dated report's first and last rows may fall a day or two inside what it covers


def mixed_periods(summaries: list[InputSummary], window: Window) -> list[str]:
    """A warning for each ratio whose two families cover spans that differ by more than SLACK_DAYS at
    either end (a 3-month Payments report with a 4-day search-term report): it is still computed."""
    spans: dict[str, tuple[date, date]] = {}
    for summary in summaries:
        if summary.dating not in {"rows", "undated"} or summary.period_start is None:
            continue
        start = max(summary.period_start, window.start) if window.start else summary.period_start
        end = summary.period_end or summary.period_start
        end = min(end, window.end) if window.end else end
        if start > end:
            continue  # wholly outside the period: it adds nothing
        held = spans.get(summary.family)
        spans[summary.family] = (min(held[0], start), max(held[1], end)) if held else (start, end)
    mixed: dict[tuple[str, str], list[str]] = {}
    for metric, numerator, denominators in MIXED:
        other = next((family for family in denominators if family in spans), None)
        if numerator not in spans or other is None:
            continue
        (a0, a1), (b0, b1) = spans[numerator], spans[other]
        if abs((a0 - b0).days) > SLACK_DAYS or abs((a1 - b1).days) > SLACK_DAYS:
            mixed.setdefault((numerator, other), []).append(metric)
    return [
        f"{', '.join(metrics)} mix{'es' if len(metrics) == 1 else ''} periods: the {one} reports cover "
        f"{spans[one][0]}..{spans[one][1]} and the {other} reports {spans[other][0]}..{spans[other][1]}; "
        "compare like with like (--period, or reports of the same days)"
        for (one, other), metrics in mixed.items()
    ]


def missing_columns(summary: InputSummary) -> list[str]:
    """One warning per column every layout of the kind has and this header lacks, naming the header
    cell that looks like it (a damaged or hand-edited header): the parts it feeds are null, not 0."""
    if not summary.missing_columns:
        return []
    import difflib  # only for a header that lacks a column (its import is ~1 ms of every start)

    notes = []
    unknown = {normalise_header(cell): cell for cell in summary.unknown_columns}
    for column in summary.missing_columns:
        close = difflib.get_close_matches(normalise_header(column), list(unknown), n=1, cutoff=0.6)
        looks = f" (the column {unknown[close[0]]!r} looks like it: damaged or edited?)" if close else ""
        notes.append(f"{summary.path} has no {column!r} column{looks}: the metrics it feeds are empty, not 0")
    return notes
