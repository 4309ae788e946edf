"""The weekly flywheel health check: twelve headline KPIs per week (or month) with the change on the
period before, and the last 30 days' conversion trend (docs/analyses.md, "flywheel trend").

The rows are the KPI table at a time grain, exactly as `flywheel kpis --by week` computes it: a
report whose rows span more than a period (a monthly Ads report at `week`) cannot be split, so its
metrics are null in every period and its amounts sit in the row without a period. Nothing here
estimates: a change needs both periods' values, a trend needs every day of its 30.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from flywheel_cli.analyses.changes import POINTS, change
from flywheel_cli.core.results import KpiResult, KpiRow
from flywheel_cli.metrics.catalogue import METRICS
from flywheel_cli.metrics.fold import Ledger

# The twelve KPIs of the weekly checklist: the report's headline flow ratios (checks/headline.py:
# conversion, Buy Box, ACoS, TACoS, refund and return rate) and its summary lines (sales, units,
# sessions, ad spend, net profit, net margin). The headline's inventory and account-health KPIs are
# left out: they are snapshots or Amazon's own rolling windows, which no week can hold. Of a group,
# the first with data in any row is used (sales from Payments when there is no Business Report).
KPI_GROUPS: tuple[tuple[str, ...], ...] = (
    ("ordered_product_sales", "gross_sales"),
    ("units_ordered", "units_sold"),
    ("sessions",),
    ("unit_session_pct",),
    ("buy_box_pct",),
    ("ad_spend",),
    ("acos",),
    ("tacos",),
    ("refund_rate",),
    ("return_rate",),
    ("net_profit",),
    ("net_margin",),
)
TREND_DAYS = 30
FLAT_BAND = Decimal("0.1")  # |slope| below this many percentage points a week is "flat"


@dataclass(frozen=True, slots=True)
class TrendRow:
    """One week (or month) of the twelve KPIs, each with its change on the period before."""

    scope: dict[str, Any]  # {"week": "2026-W40"}; the value is None for what no period holds
    metrics: dict[str, Any]
    change: dict[str, dict[str, Any] | None]  # on the period before; None where either value is null
    unavailable: dict[str, str]  # why a metric of the row is null

    def to_record(self) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "metrics": self.metrics,
            "change": self.change,
            "unavailable": self.unavailable,
        }


@dataclass(frozen=True, slots=True)
class ConversionTrend:
    """The last 30 days' conversion (unit_session_pct) fitted to a line: slope a week, up, down or flat."""

    start: date | None
    end: date | None
    direction: str | None  # up | down | flat; None with `reason`
    slope: Decimal | None  # percentage points of unit_session_pct a week
    days: int  # days with a conversion the slope is fitted to
    reason: str | None = None

    def to_record(self) -> dict[str, Any]:
        return {
            "metric": "unit_session_pct",
            "method": "least_squares",
            "unit": "percentage_points_per_week",
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "direction": self.direction,
            "slope": self.slope,
            "days": self.days,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class TrendResult:
    """`flywheel trend`: the KPIs by week or month, the conversion trend, and the KPI table behind them."""

    grain: str  # week | month
    kpis: tuple[str, ...]  # the twelve metric names, in column order
    rows: tuple[TrendRow, ...]
    conversion: ConversionTrend
    table: KpiResult  # the KPI table the rows come from: inputs, period, currency, warnings

    schema = "flywheel.trend/1"

    def to_records(self) -> list[dict[str, Any]]:
        return [row.to_record() for row in self.rows]

    def body(self) -> dict[str, Any]:
        table = self.table
        return {
            "grain": self.grain,
            "period": {
                "start": table.period_start.isoformat() if table.period_start else None,
                "end": table.period_end.isoformat() if table.period_end else None,
            },
            "currency": table.currencies[0] if len(table.currencies) == 1 else None,
            "kpis": list(self.kpis),
            "rows": self.to_records(),
            "conversion_trend": self.conversion.to_record(),
            "inputs": [summary.to_record() for summary in table.inputs],
            "unavailable": {name: why for name, why in table.unavailable.items() if name in self.kpis},
            "warnings": list(table.warnings),
        }


def build(table: KpiResult, ledger: Ledger) -> TrendResult:
    """The trend of `table` (a KPI table at `week` or `month`) and of the ledger it was rolled up from."""
    kpis = chosen_kpis(table)
    field = table.grain
    by_key = {row.scope.get(field): row for row in table.rows}
    unplaced = by_key.get(None)
    rows = []
    for row in table.rows:
        key = row.scope.get(field)
        before = by_key.get(previous(table.grain, key)) if key is not None else None
        rows.append(
            TrendRow(
                row.scope,
                {name: row.metrics.get(name) for name in kpis},
                {name: change(name, row, before) for name in kpis},
                _reasons(table, row, unplaced, kpis),
            )
        )
    return TrendResult(table.grain, kpis, tuple(rows), conversion_trend(ledger, table.period_end), table)


def chosen_kpis(table: KpiResult) -> tuple[str, ...]:
    """Of each group, the first metric with a value in some period; else in any row; else the first.
    Periods come first: sales from Payments by week beat a by-item Business Report no week can hold."""
    dated = [row for row in table.rows if row.scope.get(table.grain) is not None]
    every = [*table.rows, table.total]

    def has(name: str, rows: list[KpiRow]) -> bool:
        return any(row.metrics.get(name) is not None for row in rows)

    return tuple(
        next((n for n in group if has(n, dated)), next((n for n in group if has(n, every)), group[0]))
        for group in KPI_GROUPS
    )


def previous(grain: str, key: str | None) -> str | None:
    """The label of the period before `key` (`2026-W40` → `2026-W39`, `2026-01` → `2025-12`)."""
    if key is None:
        return None
    if grain == "week":
        iso_year, iso_week = key.split("-W")
        monday = date.fromisocalendar(int(iso_year), int(iso_week), 1) - timedelta(days=7)
        iso = monday.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    year, month = (int(part) for part in key.split("-"))
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


def _reasons(table: KpiResult, row: KpiRow, unplaced: KpiRow | None, kpis: tuple[str, ...]) -> dict[str, str]:
    grain = table.grain
    reasons = {}
    for name in kpis:
        if row.metrics.get(name) is not None:
            continue
        metric = METRICS[name]
        if name in table.unavailable:
            reasons[name] = table.unavailable[name]
        elif row.scope.get(grain) is None:
            reasons[name] = f"every row of its reports lies within one {grain}"
        elif unplaced is not None and (metric.required - row.parts.keys()) & unplaced.parts.keys():
            reasons[name] = (
                f"its report's rows span more than one {grain} and cannot be split: "
                f"they are in the (no {grain}) row"
            )
        elif metric.required <= row.parts.keys():
            reasons[name] = f"{metric.definition}: the denominator is 0 in this {grain}"
        else:
            reasons[name] = f"no row of its reports falls in this {grain}"
    return reasons


def conversion_trend(ledger: Ledger, end: date | None) -> ConversionTrend:
    """The least-squares slope of daily unit_session_pct (in percent) over the 30 days that end on
    the period's last day, times 7: percentage points a week. Only daily rows of a Business Report by
    date count; every one of the 30 days must have one, else the trend is null with the reason."""
    if end is None:
        return ConversionTrend(None, None, None, None, 0, "the inputs have no dated rows")
    start = end - timedelta(days=TREND_DAYS - 1)
    daily = _daily_traffic(ledger, start, end)
    window = f"the {TREND_DAYS} days {start.isoformat()}..{end.isoformat()}"
    if len(daily) < TREND_DAYS:
        reason = (
            f"needs daily rows of a Business Report by date (business-report-by-date) for {window}"
            if not daily
            else f"the Business Report by date has daily rows for {len(daily)} of {window}"
        )
        return ConversionTrend(start, end, None, None, 0, reason)
    points = [
        ((day - start).days, Decimal(units) * 100 / Decimal(sessions))
        for day, (sessions, units) in sorted(daily.items())
        if sessions
    ]
    if len(points) < 2:
        return ConversionTrend(start, end, None, None, len(points), f"fewer than 2 of {window} have sessions")
    slope = _slope(points) * 7
    direction = "up" if slope >= FLAT_BAND else "down" if slope <= -FLAT_BAND else "flat"
    rounded = slope.quantize(POINTS, ROUND_HALF_EVEN)
    return ConversionTrend(start, end, direction, rounded.normalize() if rounded else Decimal(0), len(points))


def _daily_traffic(ledger: Ledger, start: date, end: date) -> dict[date, tuple[int, int]]:
    """Sessions and units ordered per day, from the daily rows of Business Reports by date (a row of
    a week or a month is not a day, and a by-item report has no dates)."""
    daily: dict[date, tuple[int, int]] = {}
    for (source, _, _, _, first, last), parts in ledger.parts.items():
        if source != "business-date" or first is None or first != last or not start <= first <= end:
            continue
        if not {"sessions", "units_ordered"} <= parts.keys():
            continue
        sessions, units = daily.get(first, (0, 0))
        daily[first] = (sessions + parts["sessions"], units + parts["units_ordered"])
    return daily


def _slope(points: list[tuple[int, Decimal]]) -> Decimal:
    """Ordinary least squares: Σ(x − x̄)(y − ȳ) / Σ(x − x̄)², exact but for the division's 28 digits."""
    count = Decimal(len(points))
    mean_x = sum(Decimal(x) for x, _ in points) / count
    mean_y = sum((y for _, y in points), Decimal(0)) / count
    spread = sum(((Decimal(x) - mean_x) ** 2 for x, _ in points), Decimal(0))
    covariance = sum(((Decimal(x) - mean_x) * (y - mean_y) for x, y in points), Decimal(0))
    return covariance / spread
