"""The result of `flywheel restock` (JSON `flywheel.restock/1`, docs/json.md): the SKU rows, most
urgent first, their totals, and the IPI components the reports carry (null with the reason where
they do not)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from flywheel_cli.analyses.restock import RestockRow
from flywheel_cli.core.results import InputSummary, Skipped

# What Amazon's Inventory Performance Index is made of, beyond excess: no report flywheel reads carries
# them for the account, so they are null with these reasons (docs/analyses.md, "IPI components").
# Sell-through is in each row where the FBA Inventory report gives Amazon's figure per SKU.
IPI_UNKNOWN = {
    "sell_through": "Amazon's sell-through divides the units shipped in 90 days by the average units available "
    "over those days; the FBA Inventory report gives it per SKU (each row's sell_through) but not that average, "
    "so the account's cannot be added up from the SKUs'",
    "stranded_units": "needs a Stranded Inventory report (stranded-inventory): no inventory layout carries "
    "stranded units",
    "in_stock_rate": "Amazon's in-stock rate is the share of days a replenishable ASIN was in stock over 30 days; "
    "a snapshot does not say which days a SKU was out of stock",
}
# Row fields the total adds up (a count, or money in one currency).
SUMMED = ("available", "inbound", "suggested_quantity", "excess_units", "aged_units", "excess_storage_cost",
          "aged_storage_cost")  # fmt: skip


@dataclass(frozen=True, slots=True)
class RestockResult:
    """`flywheel restock`: the SKU rows, most urgent first, the settings, and the IPI components."""

    rows: tuple[RestockRow, ...]
    defaults: dict[str, int | None]  # lead_time_days, safety_days, cover_days of flywheel.yaml (or built in)
    ipi: dict[str, Any]  # excess_units, excess_share (the catalogue's), and the components left null
    ipi_reasons: dict[str, str]
    inputs: tuple[InputSummary, ...]
    period_start: date | None = None  # the days the sales behind a velocity cover
    period_end: date | None = None
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple[str, ...] = ()

    schema = "flywheel.restock/1"

    def to_records(self) -> list[dict[str, Any]]:
        return [row.to_record() for row in self.rows]

    def snapshot_date(self) -> date | None:
        return max((row.facts.snapshot_date for row in self.rows if row.facts.snapshot_date), default=None)

    def total(self) -> dict[str, Any]:
        """Each summed field over every row; null, with the reason, when a row lacks it (a total of
        the rows that have it would pass for the whole) or the costs are in several currencies."""
        records = self.to_records()
        total: dict[str, Any] = {}
        reasons: dict[str, str] = {}
        currencies = {record["currency"] for record in records if record["currency"]}
        for name in SUMMED:
            missing = sum(record[name] is None for record in records)
            if missing:
                total[name] = None
                reasons[name] = f"{missing} of {len(records)} SKUs have no value"
            elif name.endswith("_cost") and len(currencies) > 1:
                total[name] = None
                reasons[name] = f"in several currencies ({', '.join(sorted(currencies))}): never added"
            else:
                zero: Any = Decimal("0.00") if name.endswith("_cost") else 0
                total[name] = sum((record[name] for record in records), zero)
        total["reorder_now"] = sum(record["reorder_now"] is True for record in records)
        total["reasons"] = reasons
        return total

    def body(self) -> dict[str, Any]:
        return {
            "snapshot_date": _iso(self.snapshot_date()),
            "period": {"start": _iso(self.period_start), "end": _iso(self.period_end)},
            "settings": self.defaults,
            "rows": self.to_records(),
            "total": self.total(),
            "ipi": {**self.ipi, "reasons": self.ipi_reasons},
            "inputs": [summary.to_record() for summary in self.inputs],
            "warnings": list(self.warnings),
        }


def ipi_components(
    total_metrics: dict[str, Any], unavailable: dict[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The account's IPI components: excess from the catalogue (as `flywheel kpis` shows it), the
    others null with the reason (for sell-through, the layout's lack of the column when it has none)."""
    values: dict[str, Any] = {}
    reasons: dict[str, str] = {}
    for name in ("excess_units", "excess_share"):
        values[name] = total_metrics.get(name)
        if values[name] is None:
            reasons[name] = unavailable.get(name, "the inventory report has no units-shipped-t30 column")
    for name, why in IPI_UNKNOWN.items():
        if name == "stranded_units" and total_metrics.get(name) is not None:
            values[name] = total_metrics[name]  # the Stranded Inventory report's, every SKU it lists
            continue
        values[name] = None
        reasons[name] = unavailable.get(name, why)
    return values, reasons


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
