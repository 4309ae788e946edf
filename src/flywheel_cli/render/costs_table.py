"""`flywheel costs` output: the cost lines as rows, one column per SKU/category/month, and a total."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flywheel_cli.core.results import CostsResult
from flywheel_cli.economics.lines import LINES
from flywheel_cli.render.document import Document
from flywheel_cli.render.human import Column, HumanTable
from flywheel_cli.render.numbers import NONE, money, percent

MAX_COLUMNS = 8  # beyond this many rows, the table shows the largest by gross sales


def _cell(name: str, value: Any, currency: str | None) -> str:
    if name == "net_margin":
        return percent(value)
    return money(value, currency) if value is not None else NONE


def document(result: CostsResult) -> Document:
    currency = result.kpis.currencies[0] if len(result.kpis.currencies) == 1 else None
    rows = list(result.rows)
    if len(rows) > MAX_COLUMNS:
        rows.sort(key=lambda r: -(r.lines.get("gross_sales") or Decimal(0)))
        rows = rows[:MAX_COLUMNS]
    labels = [("unallocated" if next(iter(r.scope.values())) is None else str(next(iter(r.scope.values()))))
              if r.scope else "account" for r in rows]  # fmt: skip
    gross = result.total.lines.get("gross_sales") or Decimal(0)
    body_rows = []
    for name in LINES:
        share = ""
        value = result.total.lines.get(name)
        if gross and value is not None and name not in {"gross_sales", "net_margin"}:
            share = percent(Decimal(value) / gross)
        cells = [_cell(name, r.lines.get(name), currency) for r in rows] if result.grain != "account" else []
        body_rows.append([name, *cells, _cell(name, value, currency), share])
    notes = [
        f"period {result.kpis.period_start} → {result.kpis.period_end}; shared costs allocated by {result.allocation}"
    ]
    if result.fixed_costs:
        fixed = ", ".join(f"{k} {money(v, currency)}" for k, v in result.fixed_costs.items())
        notes.append(f"fixed monthly costs pro-rated to the period: {fixed}")
    if len(result.rows) > len(rows):
        notes.append(f"{len(result.rows) - len(rows)} more {result.grain} rows in --format json/csv")
    notes.extend(result.warnings)
    table = HumanTable(
        title=f"Costs by {result.grain}" if result.grain != "account" else "Costs",
        columns=[Column("line", keep=True), *(Column(label, "right") for label in (labels if result.grain != "account" else [])),
                 Column("total", "right"), Column("% of sales", "right")],
        rows=body_rows,
        notes=notes,
    )  # fmt: skip
    return Document(result.schema, result.body(), result.to_records(), [table])
