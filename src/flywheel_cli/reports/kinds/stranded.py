"""`stranded-inventory`: the Stranded Inventory report (`GET_STRANDED_INVENTORY_UI_DATA`, Seller Central
Inventory > Fix stranded inventory > download), tab-delimited, one row per stranded SKU and condition.

Stranded inventory is stock in Amazon's fulfillment centres without an active offer: it cannot sell
until the listing is fixed or the units are removed. The report is a state, not a flow (`DATING =
"snapshot"`) and states no snapshot date: `date-stranded` is when each listing became stranded.

Two layouts (docs/reports.md, `stranded-inventory`): the SP-API one (18 columns, `Date-to-take-auto-
removal`, `fulfillable-qty`, `stranded-reason`; a 2026 schema adds `program`) and the one Seller
Central's help page names (`date-classified-as-unsellable`, `fulfillable-quantity`, no
`stranded-reason`): the same fields under other names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from flywheel_cli.reports.kinds.base import Kind
from flywheel_cli.reports.spec import HeaderMatch, KindSpec, aliases, english, normalise_header


@dataclass(frozen=True, slots=True)
class StrandedRow:
    """One stranded SKU and condition of the Stranded Inventory report: why, and its units."""

    line: int
    primary_action: str | None  # Relist, Create removal order, Change to Fulfilled by Amazon …
    date_stranded: date | None
    auto_removal_date: date | None  # `Date-to-take-auto-removal` / `date-classified-as-unsellable`
    status_primary: str | None
    status_secondary: str | None
    error_message: str | None
    stranded_reason: str | None
    asin: str | None
    sku: str | None
    fnsku: str | None
    product_name: str | None
    condition: str | None
    fulfilled_by: str | None
    fulfillable: int | None  # units that could ship, held without an offer: Amazon's stranded units
    your_price: Decimal | None
    unfulfillable: int | None
    reserved: int | None
    inbound_shipped: int | None


FIELDS = [
    english("primary_action", "text", "primary-action", required=True),
    english("date_stranded", "date", "date-stranded"),
    english("auto_removal_date", "date", "Date-to-take-auto-removal", "date-classified-as-unsellable"),
    english("status_primary", "text", "status-primary"),
    english("status_secondary", "text", "status-secondary"),
    english("error_message", "text", "error-message"),
    english("stranded_reason", "text", "stranded-reason"),
    english("asin", "text", "asin"),
    english("sku", "text", "sku", required=True),
    english("fnsku", "text", "fnsku"),
    english("product_name", "text", "product-name"),
    english("condition", "text", "condition"),
    english("fulfilled_by", "text", "fulfilled-by"),
    english("fulfillable", "int", "fulfillable-qty", "fulfillable-quantity", required=True),
    english("your_price", "money", "your-price"),
    english("unfulfillable", "int", "unfulfillable-qty"),
    english("reserved", "int", "reserved-quantity"),
    english("inbound_shipped", "int", "inbound-shipped-qty"),
]
IGNORED = aliases(en=["program"])  # the 2026 schema's: which programme the listing is in, not a count


def _layout(match: HeaderMatch, header: Any) -> str:
    named = normalise_header(header[match.columns["fulfillable"]])
    return "help-page" if named == "fulfillable-quantity" else "sp-api"


class StrandedInventory(Kind):
    SPEC = KindSpec(
        "stranded-inventory",
        "Stranded Inventory (Fix stranded inventory)",
        FIELDS,
        IGNORED,
        layout=_layout,
    )
    RECORD = StrandedRow
    DATE_FIELDS = ("date_stranded", "auto_removal_date")
    PERIOD_FIELD = None  # no snapshot date: a list of what is stranded now
    FAMILY = "stranded"
    DATING = "snapshot"


KIND = StrandedInventory()
