"""The search-term reports among the inputs, read with the ledger's honesty (metrics/combine.py and
metrics/overlap.py), row by row, because the ledger keeps no search term:

- the same content twice counts once (`duplicate_note`);
- with `--period`, only rows dated inside it are kept, and an input with a row that spans past an
  edge (a month's summary row in a week) is left out whole, with the reason, as the ledger does;
- two inputs of one kind whose days overlap count their shared rows once, and must agree: the same
  term with other figures for the same days is an error naming both files;
- two currencies are never added.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from flywheel_cli.core.errors import InputError
from flywheel_cli.core.results import InputSummary
from flywheel_cli.metrics.combine import EDGES, OUTSIDE, duplicate_note, shared_days
from flywheel_cli.metrics.fold import Window
from flywheel_cli.reports.inputs import Inputs
from flywheel_cli.reports.kinds.ads import AdRow
from flywheel_cli.reports.tally import Progress, Tally

TERM_KINDS = frozenset({"ads-sp-search-term", "ads-sb-search-term"})
# What a row is about (not its figures): two overlapping downloads must agree on each.
_SCOPE = ("portfolio", "campaign_name", "ad_group_name", "sku", "asin", "targeting", "match_type", "search_term",
          "marketplace", "currency", "placement")  # fmt: skip


@dataclass
class TermInput:
    """One search-term report: its summary, and its rows inside the period by identity (every field
    but the line number) with how many times each was met."""

    summary: InputSummary
    rows: Counter[AdRow] = field(default_factory=Counter)
    clipped: int = 0  # rows that span past an edge of the period

    @property
    def path(self) -> str:
        return self.summary.path

    def multi_day(self) -> tuple[date, date] | None:
        """The span of a row that covers more than one day (a summary report), if any."""
        for row in self.rows:
            if row.date is not None and row.end_date is not None and row.end_date != row.date:
                return row.date, row.end_date
        return None


@dataclass(frozen=True, slots=True)
class TermRows:
    """The search-term reports among the inputs, and the rows that count (overlaps counted once)."""

    inputs: tuple[TermInput, ...]  # every search-term input; `summary.counted` says which count
    rows: tuple[tuple[str, AdRow, int], ...]  # (kind, row, times counted), overlaps counted once
    warnings: tuple[str, ...]
    others: int  # inputs of other kinds, not read

    @property
    def counted(self) -> list[TermInput]:
        return [item for item in self.inputs if item.summary.counted]

    @property
    def currency(self) -> str | None:
        return next((item.summary.currency for item in self.counted if item.summary.currency), None)


def read_terms(inputs: Inputs, window: Window, progress: Progress | None = None) -> TermRows:
    """Read the search-term reports among `inputs`; the others are counted, not read."""
    others = sum(1 for item in inputs.found if item.kind not in TERM_KINDS and item.kind != "cogs")
    items: list[TermInput] = []
    for report in inputs.open(set(TERM_KINDS)):
        tally = Tally(report, progress)
        rows: Counter[AdRow] = Counter()
        clipped = 0
        for row in tally.records():
            if not window.keeps(row.date, row.end_date):
                clipped += window.clips(row.date, row.end_date)
                continue
            rows[dataclasses.replace(row, line=0)] += 1
        items.append(TermInput(tally.summary(), rows, clipped))
    if not items:
        raise InputError(
            "no search-term report among the inputs",
            path=", ".join(item.source for item in inputs.found) or None,
            hint="download Sponsored Products (or Brands) > Reports > Search term, by day; `flywheel inspect "
            "PATH` says what each file is",
        )
    warnings = _select(items, window)
    counted = [item for item in items if item.summary.counted]
    _one_currency(counted)
    kept: list[tuple[str, AdRow, int]] = []
    for kind, group in _groups(counted).items():
        union, repeated = _count_once(group)
        if repeated:
            names = ", ".join(item.path for item in group)
            warnings.append(
                f"{repeated:,} {kind[0]} rows found in more than one of {names} were counted once"
            )
        kept.extend((kind[0], row, times) for row, times in union.items())
    return TermRows(tuple(items), tuple(kept), tuple(warnings), others)


def _select(items: list[TermInput], window: Window) -> list[str]:
    """Mark duplicates and inputs the period cannot hold as not counted; the warnings to print."""
    warnings: list[str] = []
    seen: dict[str, str] = {}
    for item in items:
        note = duplicate_note(seen, item.summary)
        why = _outside(item, window) if note is None and window.active else None
        if note is not None:
            warnings.append(f"{item.path} is {note}")
        elif why is not None and not why.endswith(OUTSIDE):
            warnings.append(f"{why}: left out")
        if note or why:
            item.summary = dataclasses.replace(item.summary, counted=False, note=note or why)
    if window.active and not any(item.summary.counted and item.rows for item in items):
        left = [
            item.summary.note
            for item in items
            if item.summary.note and not item.summary.note.endswith(OUTSIDE)
        ]
        raise InputError(
            f"no search-term report can be placed in the period {window.text()}"
            + (f": {left[0]}" if left else ": the reports cover other days"),
            hint="choose a --period inside the reports' days, or download the search term report by day",
        )
    return warnings


def _outside(item: TermInput, window: Window) -> str | None:
    """Why an input adds nothing to the period (the ledger's reasons, metrics/combine.py)."""
    summary = item.summary
    span = f"{summary.period_start}..{summary.period_end}"
    if summary.dating == "undated":
        return f"{summary.path} has no dates, so the span it covers is unknown and cannot be placed in the period"
    if item.clipped:
        return f"{summary.path} covers {span} {EDGES}"
    if summary.period_start is not None and not window.touches(summary.period_start, summary.period_end):
        return f"{summary.path} covers {span}, {OUTSIDE}"
    return None


def _one_currency(counted: list[TermInput]) -> None:
    found = {row.currency or item.summary.currency for item in counted for row in item.rows}
    found.discard(None)
    if len(found) > 1:
        raise InputError(
            f"the search-term reports hold amounts in {', '.join(sorted(str(c) for c in found))}: "
            "flywheel never adds two currencies",
            path=", ".join(item.path for item in counted),
            hint="run `flywheel ads terms` on one marketplace's reports at a time",
        )


def _groups(counted: list[TermInput]) -> dict[tuple[str, str | None], list[TermInput]]:
    groups: dict[tuple[str, str | None], list[TermInput]] = {}
    for item in counted:
        groups.setdefault((item.summary.kind, item.summary.marketplace), []).append(item)
    return groups


def _count_once(group: list[TermInput]) -> tuple[Counter[AdRow], int]:
    """The rows of one kind's inputs, a row held by several counted once (a multiset union: aggregate
    rows are the same figures, not more of them), and how many were held twice."""
    for position, later in enumerate(group):
        for earlier in group[:position]:
            shared = shared_days(earlier.summary, later.summary)
            if shared is not None:
                _agree(earlier, later, shared)
    union: Counter[AdRow] = Counter()
    for item in group:
        union |= item.rows
    return union, sum(sum(item.rows.values()) for item in group) - sum(union.values())


def _agree(a: TermInput, b: TermInput, shared: tuple[date, date]) -> None:
    """Two downloads of the same days either hold the same rows or rows about other things; the same
    term with other figures (a revised day, a month against its days) cannot be counted once."""
    low, high = shared

    def inside(item: TermInput) -> Counter[AdRow]:
        return Counter({row: n for row, n in item.rows.items() if row.date and row.date <= high
                        and (row.end_date or row.date) >= low})  # fmt: skip

    left, right = inside(a), inside(b)
    only_left, only_right = left - right, right - left
    if not only_left or not only_right:
        return
    spans: dict[tuple[str | None, ...], list[tuple[date, date]]] = {}
    for row in only_right:
        spans.setdefault(_scope(row), []).append((row.date or low, row.end_date or row.date or low))
    for row in only_left:
        first, last = row.date or low, row.end_date or row.date or low
        if any(
            first <= other_last and last >= other_first
            for other_first, other_last in spans.get(_scope(row), ())
        ):
            raise InputError(
                f"{a.path} and {b.path} are two {a.summary.kind} reports that both cover {low}..{high} with "
                "different rows: Amazon revises advertising figures after the day, so flywheel cannot tell "
                "which to count",
                hint="keep the newer download, or download ranges that do not overlap",
            )


def _scope(row: AdRow) -> tuple[str | None, ...]:
    return tuple(getattr(row, name) for name in _SCOPE)
