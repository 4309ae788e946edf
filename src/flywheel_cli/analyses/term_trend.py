"""Core terms' impressions: the inputs' last two weeks against the two weeks before.

The operations article's first step when traffic drops is to compare the Search Term Report's
core-keyword impressions over the past two weeks. A *core* term is one of the `CORE_EACH` terms with
the most spend or one of the `CORE_EACH` with the most orders over the whole inputs, summed across
campaigns, ad groups and match types (the shopper's words, whatever reached them).

The windows end on the inputs' last day (the period's end when it comes first): recent is its last
14 days, prior the 14 before. Both need daily rows on every one of those 28 days: a summary row (one
date range) cannot be split, and a day no input covers is unknown, not zero impressions. Otherwise
each term's impressions and change are null and `reason` says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from flywheel_cli.analyses.term_inputs import TermRows
from flywheel_cli.metrics.fold import Window
from flywheel_cli.metrics.rollup import present

if TYPE_CHECKING:
    from flywheel_cli.analyses.search_terms import Term

CORE_EACH = 5
WINDOW_DAYS = 14


@dataclass(frozen=True, slots=True)
class CoreTerm:
    """A core term: its spend and orders over the inputs, its impressions in each two-week window."""

    term: str
    spend: Decimal | None
    orders: int | None
    prior: int | None  # impressions in the two weeks before
    recent: int | None  # impressions in the last two weeks

    @property
    def change(self) -> int | None:
        return None if self.prior is None or self.recent is None else self.recent - self.prior

    @property
    def change_ratio(self) -> Decimal | None:
        if self.change is None or not self.prior:
            return None
        return Decimal(self.change) / Decimal(self.prior)

    def to_record(self) -> dict[str, Any]:
        return {"term": self.term, "spend": self.spend, "orders": self.orders, "impressions_prior": self.prior,
                "impressions_recent": self.recent, "change": self.change,
                "change_ratio": present("ratio", self.change_ratio)}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Trend:
    """The core terms' impressions in the last two weeks and the two before; `reason`: why they are null."""

    prior: tuple[date, date] | None
    recent: tuple[date, date] | None
    terms: tuple[CoreTerm, ...]
    reason: str | None = None  # why the impressions are null

    def to_record(self) -> dict[str, Any]:
        def span(days: tuple[date, date] | None) -> dict[str, str] | None:
            return {"start": days[0].isoformat(), "end": days[1].isoformat()} if days else None

        return {"prior": span(self.prior), "recent": span(self.recent), "reason": self.reason,
                "terms": [term.to_record() for term in self.terms]}  # fmt: skip


def core_trend(terms: Sequence[Term], read: TermRows, window: Window, last: date | None) -> Trend:
    core = core_terms(terms)
    reason = _unsupported(read, window, last)
    if reason is not None or last is None:
        blank = tuple(CoreTerm(term, spend, orders, None, None) for term, spend, orders in core)
        return Trend(None, None, blank, reason or "the inputs have no dated rows")
    recent = (last - timedelta(days=WINDOW_DAYS - 1), last)
    prior = (recent[0] - timedelta(days=WINDOW_DAYS), recent[0] - timedelta(days=1))
    wanted = {_normal(term): index for index, (term, _, _) in enumerate(core)}
    sums: list[list[int | None]] = [[0, 0] for _ in core]
    for _, row, times in read.rows:
        index = wanted.get(_normal(row.search_term or ""))
        if index is None or row.date is None:
            continue
        slot = 1 if recent[0] <= row.date <= recent[1] else 0 if prior[0] <= row.date <= prior[1] else None
        if slot is not None:
            held = sums[index][slot]
            sums[index][slot] = (
                None if held is None or row.impressions is None else held + row.impressions * times
            )
    made = tuple(CoreTerm(term, spend, orders, *sums[i]) for i, (term, spend, orders) in enumerate(core))
    return Trend(prior, recent, made)


def core_terms(terms: Sequence[Term]) -> list[tuple[str, Decimal | None, int | None]]:
    """(term, spend, orders) of the core terms, by spend (largest first)."""
    totals: dict[str, list[Any]] = {}
    for term in terms:
        held = totals.setdefault(_normal(term.term), [term.term, Decimal(0), 0])
        held[1] = None if held[1] is None or term.spend is None else held[1] + term.spend
        held[2] = None if held[2] is None or term.orders is None else held[2] + term.orders
    found = list(totals.values())

    def top(index: int) -> list[str]:
        ranked = [t for t in found if t[index]]
        ranked.sort(key=lambda t: (-t[index], -(t[1] or 0), t[0]))
        return [t[0] for t in ranked[:CORE_EACH]]

    chosen = set(top(1)) | set(top(2))
    core: list[tuple[str, Decimal | None, int | None]] = [(t[0], t[1], t[2]) for t in found if t[0] in chosen]
    return sorted(core, key=lambda t: (-(t[1] or 0), t[0]))


def _unsupported(read: TermRows, window: Window, last: date | None) -> str | None:
    """Why the inputs cannot give the two windows' impressions (None: they can)."""
    counted = read.counted
    for item in counted:
        if item.summary.dating == "undated":
            return f"{item.path} has no dates: the two-week comparison needs the search term report by day"
        span = item.multi_day()
        if span is not None:
            return (f"{item.path} has rows that span {span[0]}..{span[1]}: a summary report cannot be split into "
                    "weeks; download the search term report by day")  # fmt: skip
    if last is None:
        return None
    first_needed = last - timedelta(days=2 * WINDOW_DAYS - 1)
    covered = sorted(
        (max(s.period_start, window.start) if window.start else s.period_start,
         min(s.period_end or s.period_start, window.end) if window.end else s.period_end or s.period_start)
        for s in (item.summary for item in counted) if s.period_start is not None
    )  # fmt: skip
    day = first_needed
    for start, end in covered:
        if start > day:
            break
        day = max(day, end + timedelta(days=1))
    if day <= last:
        have = f"{covered[0][0]}..{max(end for _, end in covered)}" if covered else "no days"
        return (f"the inputs cover {have} and not {day}: comparing the last two weeks with the two before needs "
                f"daily rows for every day of {first_needed}..{last}")  # fmt: skip
    return None


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())
