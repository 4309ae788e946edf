"""`cogs`: the seller's own cost file (not an Amazon export).

`sku,unit_cost[,effective_from][,freight_per_unit][,prep_per_unit]`. A SKU may have several rows with
different `effective_from` dates; the cost in force on an order's date applies (see docs/costs.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flywheel_cli.reports.kinds.base import Kind
from flywheel_cli.reports.spec import Field, KindSpec, aliases


@dataclass(frozen=True, slots=True)
class CogsRow:
    """One row of the seller's cost file: a SKU's unit cost from `effective_from`, freight and prep."""

    line: int
    sku: str | None
    unit_cost: Decimal | None
    effective_from: date | None
    freight_per_unit: Decimal | None
    prep_per_unit: Decimal | None


class Cogs(Kind):
    SPEC = KindSpec(
        "cogs",
        "Cost of goods (your own file)",
        [
            Field("sku", aliases(any="sku"), required=True),
            Field("unit_cost", aliases(en=["unit_cost", "unit cost", "cogs"]), "money", required=True),
            Field("effective_from", aliases(en=["effective_from", "effective from"]), "date"),
            Field("freight_per_unit", aliases(en=["freight_per_unit", "freight per unit"]), "money"),
            Field("prep_per_unit", aliases(en=["prep_per_unit", "prep per unit"]), "money"),
        ],
        layout=lambda match, header: "cogs",
    )
    RECORD = CogsRow
    DATE_FIELDS = ("effective_from",)
    PERIOD_FIELD = None
    FAMILY = "cogs"
    DATING = "none"


KIND = Cogs()
