"""`flywheel trend` output: one row per week (or month), each KPI with its change on the one before,
and the 30-day conversion trend."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from flywheel_cli.analyses.trend import ConversionTrend, TrendResult, TrendRow
from flywheel_cli.metrics.catalogue import METRICS
from flywheel_cli.render.document import Document
from flywheel_cli.render.human import Column, HumanTable
from flywheel_cli.render.numbers import NONE, by_unit, grouped_reasons, money

HEADERS = {
    "ordered_product_sales": "ordered sales", "gross_sales": "gross sales", "units_ordered": "units", "units_sold": "units",
    "sessions": "sessions", "unit_session_pct": "conv", "buy_box_pct": "buy box", "ad_spend": "ad spend",
    "acos": "ACoS", "tacos": "TACoS", "refund_rate": "refunds", "return_rate": "returns",
    "net_profit": "net profit", "net_margin": "net margin",
}  # fmt: skip
# On a narrow screen columns go from the end of this list first (render/fit.py); the first KEPT stay.
IMPORTANCE = [
    "ordered_product_sales", "gross_sales", "unit_session_pct", "sessions", "units_ordered", "units_sold",
    "ad_spend", "acos", "net_profit", "buy_box_pct", "tacos", "refund_rate", "return_rate", "net_margin",
]  # fmt: skip
KEPT = 3


def document(result: TrendResult) -> Document:
    currency = result.table.currencies[0] if len(result.table.currencies) == 1 else None
    tables = [_rows_table(result, currency), _conversion_table(result.conversion)]
    columns = [f"scope.{result.grain}", *(f"metrics.{name}" for name in result.kpis)]
    for name in result.kpis:
        parts = ("points",) if METRICS[name].unit == "ratio" else ("absolute", "relative")
        columns += [f"change.{name}.{part}" for part in parts]
    return Document(result.schema, result.body(), result.to_records(), tables, columns)


def _rows_table(result: TrendResult, currency: str | None) -> HumanTable:
    grain, table = result.grain, result.table
    shown = [name for name in result.kpis if any(row.metrics.get(name) is not None for row in result.rows)]
    ranked = sorted(shown, key=IMPORTANCE.index)
    ranks = {name: rank for rank, name in enumerate(ranked)}
    notes = [
        f"change on the {grain} before: ratios in percentage points (pp), money and counts in % of the "
        f"earlier value (--format json or csv also gives the absolute change)"
    ]
    if any(row.scope.get(grain) is None for row in result.rows):
        notes.append(
            f"(no {grain}): amounts of reports whose rows span more than one {grain} (a monthly report) or "
            f"are undated: no {grain} can hold them"
        )
    hidden = [name for name in result.kpis if name not in shown]
    notes.extend(
        f"not shown: {note}"
        for note in grouped_reasons(
            [(HEADERS[name], table.unavailable.get(name, "no data in any row")) for name in hidden]
        )
    )
    period = f"{table.period_start} → {table.period_end}" if table.period_start else "no dated rows"
    return HumanTable(
        title=f"Flywheel health check by {grain} · {period} · {currency or 'mixed currencies'}",
        columns=[
            Column(grain, keep=True),
            *(
                Column(HEADERS[name], "right", drop=0 if ranks[name] < KEPT else ranks[name])
                for name in shown
            ),
        ],
        rows=[[_label(row, grain), *(_cell(row, name, currency) for name in shown)] for row in result.rows],
        notes=notes,
    )


def _label(row: TrendRow, grain: str) -> str:
    value = row.scope.get(grain)
    return f"(no {grain})" if value is None else str(value)


def _cell(row: TrendRow, name: str, currency: str | None) -> str:
    unit = METRICS[name].unit
    text = by_unit(unit, row.metrics.get(name), currency)
    moved = row.change.get(name)
    return text if moved is None else f"{text} {_change(unit, moved, currency)}"


def _arrow(value: Any) -> str:
    return "▲+" if value > 0 else "▼-" if value < 0 else "="


def _change(unit: str, moved: dict[str, Any], currency: str | None) -> str:
    if unit == "ratio":
        points = Decimal(moved["points"])
        return f"{_arrow(points)}{abs(points).quantize(Decimal('0.01'), ROUND_HALF_EVEN)}pp"
    relative, absolute = moved["relative"], moved["absolute"]
    if relative is not None:
        share = (abs(Decimal(relative)) * 100).quantize(Decimal("0.1"), ROUND_HALF_EVEN)
        return f"{_arrow(relative)}{share}%"
    amount = money(abs(absolute), currency) if unit == "money" else f"{abs(absolute):,}"
    return f"{_arrow(absolute)}{amount}"  # the earlier value was 0: no percentage


def _conversion_table(trend: ConversionTrend) -> HumanTable:
    window = f" ({trend.start} → {trend.end})" if trend.start else ""
    if trend.direction is None or trend.slope is None:
        rows = [["direction", NONE]]
        notes = [trend.reason or ""]
    else:
        mark = {"up": "▲ up", "down": "▼ down", "flat": "= flat"}[trend.direction]
        sign = "+" if trend.slope > 0 else ""
        rows = [
            ["direction", mark],
            ["slope", f"{sign}{trend.slope.quantize(Decimal('0.01'), ROUND_HALF_EVEN)} pp a week"],
            ["days", str(trend.days)],
        ]
        notes = [
            "least-squares slope of the daily conversion (unit_session_pct) of the Business Report by date; "
            "flat within ±0.1 pp a week"
        ]
    return HumanTable(
        title=f"Conversion trend, last 30 days{window}",
        columns=[Column("", keep=True), Column("", "right")],
        rows=rows,
        notes=notes,
        show_header=False,
    )
