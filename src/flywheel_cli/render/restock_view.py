"""`flywheel restock` output: one row per SKU, the stock-out soonest first; the IPI components under it.

Whole SKUs, dates and numbers at any width (render/fit.py): on a narrow terminal the least needed
columns are left out (a note names them), never cut; `plain`, `markdown` and the machine formats keep
every column."""

from __future__ import annotations

from typing import Any

from flywheel_cli.analyses.restock_result import RestockResult
from flywheel_cli.render.document import Document
from flywheel_cli.render.human import Column, HumanTable
from flywheel_cli.render.numbers import NONE, count, grouped_reasons, money, number, percent

# (field, header, drop): on a narrow screen the highest `drop` goes first; 0 is never left out.
COLUMNS = [
    ("stockout_date", "stock-out", 0),
    ("days_of_supply", "days supply", 0),
    ("suggested_quantity", "order qty", 0),
    ("reorder_now", "reorder", 1),
    ("velocity", "units/day", 2),
    ("available", "available", 3),
    ("inbound", "inbound", 4),
    ("reorder_point", "reorder point", 5),
    ("excess_units", "excess", 6),
    ("aged_units", "aged >365d", 7),
    ("excess_storage_cost", "excess storage/mo", 8),
    ("aged_storage_cost", "aged storage/mo", 9),
    ("sell_through", "sell-through", 10),
    ("stranded_units", "stranded", 11),
]
CSV_COLUMNS = [
    "sku", "asin", "category", "snapshot_date", "available", "inbound", "velocity", "velocity_basis",
    "velocity_units", "velocity_days", "days_of_supply", "stockout_date", "lead_time_days", "safety_days",
    "cover_days", "settings_from", "reorder_point", "reorder_now", "suggested_quantity", "excess_units",
    "sell_through", "aged_units", "stranded_units", "storage_month", "storage_fee_per_unit", "currency", "excess_storage_cost",
    "aged_storage_cost", "reasons.velocity", "reasons.snapshot_date", "reasons.inbound", "reasons.aged_units",
    "reasons.storage",
]  # fmt: skip
BASIS = {
    "units_shipped_t30": "units shipped in the 30 days before the snapshot",
    "payments_units_sold": "units sold in the Payments report",
    "business_units_ordered": "units ordered in the Business Report",
    "orders_units_sold": "units sold in the All Orders report",
}


def document(result: RestockResult) -> Document:
    return Document(result.schema, result.body(), result.to_records(), _tables(result), CSV_COLUMNS)


def _cell(name: str, value: Any, currency: str | None) -> str:
    if value is None:
        return NONE
    if name == "reorder_now":
        return "yes" if value else "no"
    if name == "stockout_date":
        return str(value)
    if name.endswith("_cost"):
        return money(value, currency)
    if name == "sell_through":
        return number(value, 2)
    if name in {"days_of_supply", "velocity"}:
        return number(value, 1 if name == "days_of_supply" else 2)
    return count(value)


def _tables(result: RestockResult) -> list[HumanTable]:
    records = result.to_records()
    total = result.total()
    currencies = {record["currency"] for record in records if record["currency"]}
    single = next(iter(currencies)) if len(currencies) == 1 else None
    # The stranded column only when a Stranded Inventory report is given (else null in every row).
    given = any(record["stranded_units"] is not None for record in records)
    columns = [column for column in COLUMNS if given or column[0] != "stranded_units"]
    footer = ["total", *(_total_cell(name, total, single) for name, _, _ in columns)]
    table = HumanTable(
        title=f"Restock · snapshot {result.snapshot_date() or 'undated'} · stock-out soonest first",
        columns=[
            Column("sku", keep=True),
            *(Column(header, "right", drop=drop) for _, header, drop in columns),
        ],
        rows=[
            [record["sku"], *(_cell(name, record[name], record["currency"]) for name, _, _ in columns)]
            for record in records
        ],
        footer=footer if records else None,
        notes=_notes(result, records),
    )
    return [table, _ipi_table(result)]


def _total_cell(name: str, total: dict[str, Any], currency: str | None) -> str:
    if name == "reorder_now":
        return f"{total['reorder_now']} yes"
    if name not in total:
        return ""
    return _cell(name, total[name], currency)


def _notes(result: RestockResult, records: list[dict[str, Any]]) -> list[str]:
    settings = result.defaults
    notes = [
        f"days: lead time {settings['lead_time_days']}, safety {settings['safety_days']}, cover "
        f"{settings['cover_days']} (restock: in flywheel.yaml; overrides by SKU or category apply per row)",
        "order qty = units/day × (lead time + cover) − (available + inbound), rounded up; reorder = yes when "
        "available + inbound is at or below the reorder point",
    ]
    bases = sorted({record["velocity_basis"] for record in records if record["velocity_basis"]})
    for basis in bases:
        where = BASIS.get(basis, basis)
        if basis != "units_shipped_t30" and result.period_start:
            where += f" ({result.period_start} → {result.period_end})"
        notes.append(f"units/day from {where}")
    if any(record["currency"] for record in records):
        notes.append(
            "storage/mo: the units × the ASIN's monthly storage fee per unit on hand, latest month of charge"
        )
    pairs = [(record["sku"], why) for record in records for why in record["reasons"].values()]
    every = ", ".join(record["sku"] for record in records)
    notes.extend(note.replace(every + ":", "every SKU:", 1) if len(records) > 1 else note
                 for note in grouped_reasons(pairs))  # fmt: skip
    return notes


def _ipi_table(result: RestockResult) -> HumanTable:
    ipi = result.ipi
    shown = {
        "excess_units": count(ipi["excess_units"]) if ipi["excess_units"] is not None else NONE,
        "excess_share": percent(ipi["excess_share"]),
        "sell_through": NONE,
        "stranded_units": count(ipi["stranded_units"]) if ipi["stranded_units"] is not None else NONE,
        "in_stock_rate": NONE,
    }
    return HumanTable(
        title="IPI components (Amazon's Inventory Performance Index)",
        columns=[Column("component", keep=True), Column("value", "right"), Column("why empty", min_width=30)],
        rows=[[name, value, result.ipi_reasons.get(name, "")] for name, value in shown.items()],
        notes=[
            "excess: units beyond 90 days of supply at the last 30 days' pace, as `flywheel kpis` counts them"
        ],
    )
