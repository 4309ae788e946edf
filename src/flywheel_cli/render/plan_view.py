"""`flywheel plan` output: the assumptions, the breakdown (costs_view), break-even ACoS, what-if rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flywheel_cli.economics.lines import LINES
from flywheel_cli.economics.plan import ASSUMPTIONS, BY_NAME, COUNT, RATIO, PlanResult, show_value
from flywheel_cli.render.costs_view import costs_view
from flywheel_cli.render.document import Document
from flywheel_cli.render.human import Column, HumanTable
from flywheel_cli.render.numbers import NONE, money, percent

DERIVED = {"sales": "price × units", "units": "sales ÷ price", "price": "sales ÷ units"}


def _value(name: str, value: Decimal, currency: str) -> str:
    kind = BY_NAME[name].kind
    if kind == RATIO:
        return show_value(name, value)
    if kind == COUNT:
        return f"{value:,f}" if value != value.to_integral_value() else f"{int(value):,}"
    return money(value, currency)


def _signed_money(value: Any, currency: str) -> str:
    if value is None:
        return NONE
    text = money(value, currency)
    return "+" + text if value > 0 else text


def _points(value: Any) -> str:
    if value is None:
        return NONE
    points = Decimal(value) * 100
    return f"{'+' if points > 0 else ''}{points:.1f} pts"


def document(result: PlanResult) -> Document:
    currency = result.currency
    base = result.base
    assumptions = HumanTable(
        title=f"Plan assumptions (per month, {currency})",
        columns=[Column("assumption"), Column("value", "right"), Column("from")],
        rows=[
            [a.label, _value(a.name, value, currency),
             f"derived: {DERIVED[a.name]}" if a.name in result.derived else result.sources.get(a.name, "")]
            for a in ASSUMPTIONS
            if (value := base.values.get(a.name)) is not None
        ],
    )  # fmt: skip
    notes = [
        f"break-even ACoS {percent(base.break_even_acos)}: (net profit + advertising) / sales; "
        "ad spend above this share of sales loses money",
        *result.notes,
    ]
    after = [_what_if(result)] if len(result.rows) > 1 else []
    view = costs_view(
        base,
        currency,
        title="Plan: where the money goes (per month)",
        notes=notes,
        before=[assumptions],
        after=after,
        export_title="flywheel plan",
    )
    columns = ["scope.scenario", "vary.assumption", "vary.value", *(f"lines.{name}" for name in LINES),
               "break_even_acos", "delta.net_profit", "delta.net_margin", "delta.total_costs"]  # fmt: skip
    return view.document(result.schema, result.body(), result.to_records(), columns)


def _what_if(result: PlanResult) -> HumanTable:
    currency, base = result.currency, result.base
    return HumanTable(
        title="What if (one assumption changed at a time)",
        columns=[Column("scenario", keep=True), Column("net profit", "right"), Column("net margin", "right"),
                 Column("Δ net profit", "right"), Column("Δ margin", "right"), Column("break-even ACoS", "right")],
        rows=[
            [row.scenario, money(row.lines["net_profit"], currency), percent(row.lines["net_margin"]),
             "" if row is base else _signed_money(row.delta["net_profit"], currency),
             "" if row is base else _points(row.delta["net_margin"]), percent(row.break_even_acos)]
            for row in result.rows
        ],
        notes=["Δ against the base; sales or units change at the same price, a price at the same units"],
    )  # fmt: skip
