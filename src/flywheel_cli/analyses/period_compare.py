"""The report's period against the one of equal length just before it (docs/decisions.md, "The
Monday screen's previous period").

- The previous period: a calendar month's is the month before; any other period's is the same
  number of days ending the day before it starts.
- A metric is compared only when the inputs of every family it is read from cover each day of the
  previous period (their rows' or declared spans, counted or not in this period): a family that
  covers part of it would make a delta against a fraction of a period, and one that covers none a
  delta against nothing. Such a metric has no delta, with the reason, never a delta against 0.
- Deltas are `flywheel trend`'s changes (analyses/trend.py `change`), between exact values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from flywheel_cli.analyses.changes import change
from flywheel_cli.core.comparison import PeriodComparison
from flywheel_cli.core.results import InputSummary, KpiResult
from flywheel_cli.metrics.fees_fold import FINANCIAL_FAMILIES
from flywheel_cli.metrics.fold import month_span

# The compared headline metrics; of a group, the one the headline shows (the first with a value).
GROUPS: tuple[tuple[str, ...], ...] = (
    ("ordered_product_sales", "gross_sales"),
    ("units_ordered", "units_sold"),
    ("unit_session_pct",),
    ("acos",),
    ("net_profit",),
)
# The report families each metric is read from ("payments": Payments or settlement files). Net
# profit counts the ad spend as a cost, so it needs the Ads reports too when this period has them.
FAMILIES: dict[str, tuple[str, ...]] = {
    "ordered_product_sales": ("business",),
    "units_ordered": ("business",),
    "unit_session_pct": ("business",),
    "gross_sales": ("payments",),
    "units_sold": ("payments",),
    "acos": ("ads",),
    "net_profit": ("payments", "ads"),
}
FAMILY_WORDS = {"business": "Business Report", "payments": "Payments", "ads": "Ads"}


def chosen(current: KpiResult) -> tuple[str, ...]:
    total = current.total.metrics
    return tuple(next((n for n in group if total.get(n) is not None), group[0]) for group in GROUPS)


def previous_period(start: date, end: date) -> tuple[date, date, str]:
    """The period before `start`..`end`, and its basis (calendar_month | days)."""
    if start.day == 1 and end == month_span(start)[1]:
        last = start - timedelta(days=1)
        return last.replace(day=1), last, "calendar_month"
    days = (end - start).days + 1
    return start - timedelta(days=days), start - timedelta(days=1), "days"


def needed(name: str, current: KpiResult) -> tuple[str, ...]:
    families = FAMILIES.get(name, ())
    if name == "net_profit" and current.total.metrics.get("ad_spend") is None:
        families = tuple(f for f in families if f != "ads")
    return families


def covered(summaries: Iterable[InputSummary], family: str, start: date, end: date) -> bool:
    """Whether the inputs of `family` together cover every day of `start`..`end`."""
    accepted = FINANCIAL_FAMILIES if family == "payments" else frozenset({family})
    spans = sorted(
        (s.period_start, s.period_end or s.period_start)
        for s in summaries
        if s.family in accepted and s.dating in {"rows", "undated"} and s.period_start
    )
    reached = start - timedelta(days=1)  # every day up to here is covered
    for first, last in spans:
        if first > reached + timedelta(days=1):
            break
        reached = max(reached, last)
    return reached >= end


def touched(summaries: Iterable[InputSummary], start: date, end: date) -> bool:
    """Whether some dated input shares a day with `start`..`end` (else there is nothing to read)."""
    return any(
        s.period_start and s.period_start <= end and (s.period_end or s.period_start) >= start
        for s in summaries
        if s.dating in {"rows", "undated"}
    )


def gaps(current: KpiResult, kpis: Sequence[str], start: date, end: date) -> dict[str, str]:
    """Metric → why its family does not cover the previous period (only the metrics not covered)."""
    span = f"{start} → {end}"
    reasons = {}
    for name in kpis:
        missing = [f for f in needed(name, current) if not covered(current.inputs, f, start, end)]
        if missing:
            words = " and ".join(FAMILY_WORDS.get(f, f) for f in missing)
            reasons[name] = f"the {words} reports do not cover {span}"
    return reasons


def uncompared(current: KpiResult, reason: str, start: date | None = None, end: date | None = None,
               basis: str = "none") -> PeriodComparison:  # fmt: skip
    kpis = chosen(current)
    return PeriodComparison(
        start, end, basis, kpis, dict.fromkeys(kpis), dict.fromkeys(kpis), dict.fromkeys(kpis, reason), reason
    )


def compare(
    current: KpiResult, previous: KpiResult, start: date, end: date, basis: str, reasons: dict[str, str]
) -> PeriodComparison:
    """The comparison of `current` with `previous` (the same inputs read for `start`..`end`);
    `reasons`: the metrics whose families do not cover the previous period (`gaps`)."""
    kpis = chosen(current)
    values: dict[str, Any] = {}
    deltas: dict[str, dict[str, Any] | None] = {}
    unavailable: dict[str, str] = {}
    for name in kpis:
        if name in reasons:
            values[name], deltas[name], unavailable[name] = None, None, reasons[name]
            continue
        values[name] = previous.total.metrics.get(name)
        deltas[name] = change(name, current.total, previous.total)
        if deltas[name] is None:
            unavailable[name] = _why_none(name, current, previous)
    reason = "; ".join(dict.fromkeys(unavailable.values())) if not any(deltas.values()) else None
    return PeriodComparison(start, end, basis, kpis, values, deltas, unavailable, reason)


def _why_none(name: str, current: KpiResult, previous: KpiResult) -> str:
    if current.total.metrics.get(name) is None:
        return f"no value in this period: {current.unavailable.get(name, 'its denominator is 0')}"
    why = previous.unavailable.get(name, "its denominator is 0")
    return f"no value in the previous period: {why}"
