"""`flywheel kpis` output: the KPI table, and `--explain METRIC`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flywheel_cli.core.results import KpiResult, KpiRow
from flywheel_cli.metrics.catalogue import METRICS
from flywheel_cli.render.document import Document
from flywheel_cli.render.human import Column, HumanTable
from flywheel_cli.render.numbers import by_unit, grouped_reasons, money

# Columns a person sees by default (JSON/CSV carry every metric). The first that has data is kept
# from each group, so a store without a Business Report still shows sales from Payments.
DEFAULT_COLUMNS: list[tuple[str, ...]] = [
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
    ("net_profit", "net_proceeds"),  # profit once a cost file is configured, else Amazon's payout
    ("days_of_supply",),
]
SHORT = {
    "ordered_product_sales": "ordered sales", "gross_sales": "gross sales", "units_ordered": "units", "units_sold": "units",
    "unit_session_pct": "conv", "buy_box_pct": "buy box", "ad_spend": "ad spend", "refund_rate": "refunds",
    "return_rate": "returns", "net_proceeds": "net proceeds", "net_profit": "net profit", "days_of_supply": "days supply",
}  # fmt: skip
LABELS = {None: "(none)"}
# On a narrow screen, columns are left out from the end of this list first (fit.py); the first three
# present are always shown.
IMPORTANCE = [
    "ordered_product_sales", "gross_sales", "units_ordered", "units_sold", "net_profit", "net_proceeds",
    "ad_spend", "acos", "unit_session_pct", "sessions", "days_of_supply", "buy_box_pct", "tacos",
    "refund_rate", "return_rate",
]  # fmt: skip
KEPT = 3


def _column(name: str, rank: int) -> Column:
    """A metric's column; `rank` is its place among the columns shown, most important first."""
    return Column(SHORT.get(name, name), "right", drop=0 if rank < KEPT else rank)


def _ranks(columns: list[str], requested: bool) -> dict[str, int]:
    """Columns asked for with --metrics keep their order of importance; the defaults follow IMPORTANCE."""
    order = (
        columns
        if requested
        else sorted(columns, key=lambda n: IMPORTANCE.index(n) if n in IMPORTANCE else 99)
    )
    return {name: rank for rank, name in enumerate(order)}


def chosen_columns(result: KpiResult, requested: list[str] | None) -> list[str]:
    if requested:
        return requested
    rows = [*result.rows, result.total]
    columns = []
    for group in DEFAULT_COLUMNS:
        for name in group:
            if any(row.metrics.get(name) is not None for row in rows):
                columns.append(name)
                break
    return columns


def _label(result: KpiResult, row: KpiRow) -> str:
    if not row.scope:
        return "account"
    value = next(iter(row.scope.values()))
    label = "(no " + result.grain.replace("-", " ") + ")" if value is None else str(value)
    if "ad_product" in row.scope:  # --by search-term / targeting: "water bottle (SP, exact)"
        qualifiers = [row.scope["ad_product"], row.scope.get("match_type")]
        label += " (" + ", ".join(str(q) for q in qualifiers if q) + ")"
    return label


def _cells(row: KpiRow, columns: list[str], currency: str | None) -> list[str]:
    return [by_unit(METRICS[name].unit, row.metrics.get(name), currency) for name in columns]


def document(result: KpiResult, requested: list[str] | None = None, explain: str | None = None) -> Document:
    currency = result.currencies[0] if len(result.currencies) == 1 else None
    columns = chosen_columns(result, requested)
    ranks = _ranks(columns, bool(requested))
    notes = []
    if result.period_start:
        notes.append(f"period {result.period_start} → {result.period_end}")
    if any(next(iter(r.scope.values())) is None for r in result.rows if r.scope):
        notes.append(
            f"(no {result.grain}): amounts the reports do not attribute to a {result.grain} (account fees, undated rows)"
        )
    notes.extend(
        grouped_reasons([(name, why) for name, why in sorted(result.unavailable.items()) if name in columns])
    )
    table = HumanTable(
        title=f"KPIs by {result.grain}" if result.grain != "account" else "KPIs",
        columns=[Column(result.grain, keep=True), *(_column(name, ranks[name]) for name in columns)],
        rows=[[_label(result, row), *_cells(row, columns, currency)] for row in result.rows],
        footer=["total", *_cells(result.total, columns, currency)] if result.grain != "account" else None,
        notes=notes,
    )
    body = result.body()
    tables = [table]
    if explain:
        body["explain"] = _explain_body(result, explain)
        tables.append(_explain_table(result, explain, currency))
    csv_columns = [f"scope.{result.grain.replace('-', '_')}"] if result.grain != "account" else []
    csv_columns += {
        "search-term": ["scope.ad_product"],
        "targeting": ["scope.match_type", "scope.ad_product"],
    }.get(result.grain, [])
    csv_columns += [f"metrics.{name}" for name in (requested or list(result.total.metrics))]
    records = result.to_records()
    return Document(result.schema, body, records, tables, csv_columns)


def _explain_body(result: KpiResult, metric: str) -> dict[str, Any]:
    from flywheel_cli.metrics.engine import explain_rows

    definition = METRICS[metric]
    return {
        "metric": metric,
        "unit": definition.unit,
        "definition": definition.definition,
        "sources": list(definition.sources),
        "unavailable": result.unavailable.get(metric),
        "rows": explain_rows(result, metric),
    }


def _explain_table(result: KpiResult, metric: str, currency: str | None) -> HumanTable:
    from flywheel_cli.metrics.engine import explain_rows

    definition = METRICS[metric]
    inputs = [name for name in definition.inputs if not name.startswith("?")]
    rows = []
    for entry, row in zip(explain_rows(result, metric), [*result.rows, result.total], strict=True):
        label = "total" if row is result.total else _label(result, row)
        cells = [_part(entry["inputs"][name], currency) for name in inputs]
        rows.append([label, *cells, by_unit(definition.unit, entry["value"], currency)])
    notes = [f"sources: {', '.join(definition.sources)}"]
    if metric in result.unavailable:
        notes.append(result.unavailable[metric])
    return HumanTable(
        title=f"{metric} = {definition.definition}",
        columns=[
            Column(result.grain, keep=True),
            *(Column(name, "right") for name in inputs),
            Column(metric, "right"),
        ],
        rows=rows,
        notes=notes,
    )


def _part(value: Any, currency: str | None) -> str:
    """Counts as counts; Decimal parts are money except the Buy Box numerator (a weighted count)."""
    if value is None:
        return "—"
    if isinstance(value, int):
        return f"{value:,}"
    return money(value, currency, places=2 if value == value.quantize(Decimal("0.01")) else 4)
