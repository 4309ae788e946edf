"""The report's comparison with the previous period, for people: one table of the compared headline
metrics (this period, the previous one, the signed change with ▲/▼), or one line saying why there is
none. Ratios change in percentage points, money in money (and in % of the previous amount)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flywheel_cli.core.comparison import PeriodComparison
from flywheel_cli.metrics.catalogue import METRICS
from flywheel_cli.render.human import Column, HumanTable
from flywheel_cli.render.numbers import NONE, by_unit, grouped_reasons, money, percent

LABELS = {
    "ordered_product_sales": "Ordered product sales", "gross_sales": "Gross sales (Payments)",
    "units_ordered": "Units ordered", "units_sold": "Units sold (Payments)", "unit_session_pct": "Conversion",
    "acos": "ACoS", "net_profit": "Net profit",
}  # fmt: skip
BASIS = {"calendar_month": "the calendar month before", "days": "the {days} days before"}


def comparison_table(
    previous: PeriodComparison, totals: dict[str, Any], currency: str | None
) -> HumanTable | None:
    """None when no metric has a delta (`missing_line` says why, under the headline)."""
    if not previous.compared or previous.start is None or previous.end is None:
        return None
    days = (previous.end - previous.start).days + 1
    rows = [
        [LABELS.get(name, name), by_unit(METRICS[name].unit, totals.get(name), currency),
         by_unit(METRICS[name].unit, previous.metrics.get(name), currency),
         delta_text(name, previous.deltas.get(name), currency)]
        for name in previous.kpis
    ]  # fmt: skip
    notes = grouped_reasons([(LABELS.get(name, name), why) for name, why in previous.unavailable.items()])
    return HumanTable(
        title=f"Against {previous.start} → {previous.end} ({BASIS[previous.basis].format(days=days)})",
        columns=[Column("", keep=True), Column("this period", "right"), Column("previous", "right"),
                 Column("change", "right")],
        rows=rows,
        notes=notes,
    )  # fmt: skip


def missing_line(previous: PeriodComparison | None) -> str | None:
    """`no comparison with the previous period: …` when no metric has a delta."""
    if previous is None or previous.compared:
        return None
    return f"no comparison with the previous period: {previous.reason or 'no compared metric has a value'}"


def delta_text(name: str, delta: dict[str, Any] | None, currency: str | None) -> str:
    """`▲ +$3,907.30 (+9.0%)`, `▼ −0.8 pp`, `= 0`; `—` without a delta."""
    if delta is None:
        return NONE
    if "points" in delta:
        points = Decimal(delta["points"])
        return f"{_arrow(points)} {_sign(points)}{abs(points):.1f} pp"
    amount = Decimal(delta["absolute"])
    size = money(abs(amount), currency) if METRICS[name].unit == "money" else f"{abs(amount):,}"
    text = f"{_arrow(amount)} {_sign(amount)}{size}"
    relative = delta.get("relative")
    if relative is not None and amount:
        text += f" ({_sign(Decimal(relative))}{percent(abs(Decimal(relative)))})"
    return text


def _arrow(value: Decimal) -> str:
    return "▲" if value > 0 else "▼" if value < 0 else "="


def _sign(value: Decimal) -> str:
    return "+" if value > 0 else "−" if value < 0 else ""
