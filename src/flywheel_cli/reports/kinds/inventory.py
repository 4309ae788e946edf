"""`fba-inventory`: FBA Inventory / Inventory Planning (old tab and 2025+ quoted CSV), Manage FBA Inventory,
the old Inventory Age report, and the old Inventory Health report (`sellable-quantity`, 2019 and before).

The age buckets overlap: the coarse 0–90 / 91–180 / 181–270 / 271–365 / 365+ buckets cover all units,
and the fine 0–30 / 31–60 / 61–90 / 181–330 / 331–365 buckets split some of them again. Only the coarse
ones are read, so no unit is counted twice. 2025+ files split 365+ into 366–455 and 456+.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from flywheel_cli.reports.kinds.base import Kind, add_int
from flywheel_cli.reports.markets import marketplace_code
from flywheel_cli.reports.spec import Field, HeaderMatch, KindSpec, aliases, normalise_header


@dataclass(frozen=True, slots=True)
class InventoryRow:
    """One SKU of an FBA Inventory report on its snapshot date: units by state and age, units shipped."""

    line: int
    snapshot_date: date | None
    sku: str | None
    fnsku: str | None
    asin: str | None
    product_name: str | None
    condition: str | None
    available: int | None
    inbound: int | None
    reserved: int | None
    unfulfillable: int | None
    age_0_90: int | None
    age_91_180: int | None
    age_181_270: int | None
    age_271_365: int | None
    age_366_plus: int | None
    units_shipped_t7: int | None
    units_shipped_t30: int | None
    units_shipped_t60: int | None
    units_shipped_t90: int | None
    days_of_supply: Decimal | None
    sell_through: Decimal | None  # Amazon's, as reported: units shipped t90 / average units available
    product_group: str | None
    marketplace: str | None
    currency: str | None
    your_price: Decimal | None


def _f(name: str, parse: str = "int", *names: str, required: bool = False) -> Field:
    return Field(name, aliases(en=list(names)), parse, required)


FIELDS = [
    _f("snapshot_date", "date", "snapshot-date"),
    _f("sku", "text", "sku", "seller-sku", required=True),
    _f("fnsku", "text", "fnsku", "fulfillment-channel-sku"),
    _f("asin", "text", "asin"),
    _f("product_name", "text", "product-name"),
    _f("condition", "text", "condition"),
    _f(
        "available",
        "int",
        "available",
        "afn-fulfillable-quantity",
        "avaliable-quantity(sellable)",
        "sellable-quantity",
        required=True,
    ),
    _f("inbound", "int", "inbound-quantity", "in-bound-quantity"),
    _f("inbound_working", "int", "afn-inbound-working-quantity"),
    _f("inbound_shipped", "int", "afn-inbound-shipped-quantity"),
    _f("inbound_receiving", "int", "afn-inbound-receiving-quantity"),
    _f("reserved", "int", "reserved-quantity", "Total Reserved Quantity", "afn-reserved-quantity"),
    _f("unfulfillable", "int", "unfulfillable-quantity", "afn-unsellable-quantity", "unsellable-quantity"),
    _f("age_0_90", "int", "inv-age-0-to-90-days"),
    _f("age_91_180", "int", "inv-age-91-to-180-days"),
    _f("age_181_270", "int", "inv-age-181-to-270-days"),
    _f("age_271_365", "int", "inv-age-271-to-365-days"),
    _f("age_365_plus", "int", "inv-age-365-plus-days"),
    _f("age_366_455", "int", "inv-age-366-to-455-days"),
    _f("age_456_plus", "int", "inv-age-456-plus-days"),
    _f("units_shipped_t7", "int", "units-shipped-t7", "units-shipped-last-7-days"),
    _f("units_shipped_t30", "int", "units-shipped-t30", "units-shipped-last-30-days"),
    _f("units_shipped_t60", "int", "units-shipped-t60", "units-shipped-last-60-days"),
    _f("units_shipped_t90", "int", "units-shipped-t90", "units-shipped-last-90-days"),
    _f("days_of_supply", "money", "days-of-supply"),
    _f("sell_through", "money", "sell-through"),
    _f("product_group", "text", "product-group"),
    _f("marketplace", "text", "marketplace"),
    _f("currency", "text", "currency"),
    _f("your_price", "money", "your-price"),
]

# The old Inventory Health report's other columns (its `weeks-of-cover-*` may hold `Infinite`).
_HEALTH = ("total-quantity", "units-shipped-last-24-hrs", "units-shipped-last-180-days", "units-shipped-last-365-days",
           "weeks-of-cover-t7", "weeks-of-cover-t180", "weeks-of-cover-t365", "num-afn-new-sellers",
           "num-afn-used-sellers", "lowest-afn-new-price", "lowest-afn-used-price", "lowest-mfn-new-price",
           "lowest-mfn-used-price", "qty-in-long-term-storage-program", "is-hazmat", "asin-limit",
           "inbound-recommend-quantity")  # fmt: skip
_AIS = ("181-210", "211-240", "241-270", "271-300", "301-330", "331-365", "366-455", "456-plus")
# Columns known and deliberately not read (the fine age buckets among them: see the module docstring).
IGNORED = aliases(
    en=[
        "fc-transfer",
        "pending-removal-quantity",
        "qty-with-removals-in-progress",
        "qty-to-be-charged-ltsf-11-mo",
        "projected-ltsf-11-mo",
        "qty-to-be-charged-ltsf-12-mo",
        "estimated-ltsf-next-charge",
        "qty-to-be-charged-ltsf-6-mo",
        "projected-ltsf-6-mo",
        "projected-ltsf-12-mo",
        "alert",
        "sales-price",
        "sales_price",
        "lowest-price-new-plus-shipping",
        "lowest-price-used",
        "lowest_price_new",
        "lowest_price_used",
        "recommended-action",
        "healthy-inventory-level",
        "recommended-sales-price",
        "recommended-sale-duration-days",
        "recommended-removal-quantity",
        "estimated-cost-savings-of-recommended-actions",
        "item-volume",
        "volume-unit-measurement",
        "storage-type",
        "storage-volume",
        "sales-rank",
        "estimated-excess-quantity",
        "weeks-of-cover-t30",
        "weeks-of-cover-t90",
        "featuredoffer-price",
        "sales-shipped-last-7-days",
        "sales-shipped-last-30-days",
        "sales-shipped-last-60-days",
        "sales-shipped-last-90-days",
        "inv-age-0-to-30-days",
        "inv-age-31-to-60-days",
        "inv-age-61-to-90-days",
        "inv-age-181-to-330-days",
        "inv-age-331-to-365-days",
        "estimated-storage-cost-next-month",
        "inbound-working",
        "inbound-shipped",
        "inbound-received",
        "no-sale-last-6-months",
        "historical-days-of-supply",
        "fba-minimum-inventory-level",
        "fba-inventory-level-health-status",
        "supplier",
        "is-seasonal-in-next-3-months",
        "season-name",
        "season-start-date",
        "season-end-date",
        "cubic-feet",
        "mfn-listing-exists",
        "mfn-fulfillable-quantity",
        "afn-listing-exists",
        "afn-warehouse-quantity",
        "afn-total-quantity",
        "per-unit-volume",
        "afn-researching-quantity",
        "afn-reserved-future-supply",
        "afn-future-supply-buyable",
        *_HEALTH,
    ]
    + [f"quantity-to-be-charged-ais-{b}-days" for b in _AIS]
    + [f"estimated-ais-{b}-days" for b in _AIS]
    + [
        "DEPRECATED healthy-inventory-level",
        "Recommended ship-in quantity",
        "Recommended ship-in date",
        "Last updated date for Historical Days of Supply",
        "Exempted from Low-Inventory-Level fee?",
        "Low-Inventory-Level fee applied in current week?",
        "Short term historical days of supply",
        "Long term historical days of supply",
        "Inventory age snapshot date",
        "Inventory Supply at FBA",
        "Reserved FC Processing",
        "Reserved Customer Order",
        "Reserved Staging",
        "Total Days of Supply (including units from open shipments)",
        "Recommended action",
        "Healthy Inventory Level",
        "Recommended sales price",
        "Recommended sale duration (days)",
        "Recommended Removal Quantity",
        "Estimated cost savings of removal",
    ],
)


def _layout(match: HeaderMatch, header: Any) -> str:
    if "inbound_working" in match.columns or "inbound_receiving" in match.columns:
        return "manage-inventory"
    if normalise_header(header[match.columns["available"]]) == "sellable-quantity":
        return "inventory-health"
    if "age_366_455" in match.columns:
        return "planning-csv"
    if "inbound" not in match.columns and "age_0_90" in match.columns:
        return "inventory-age"
    return "planning-tab"


def _accepts(match: HeaderMatch) -> bool:
    # The Recommended Removal report also has `sellable-quantity`, beside `sellable-271-365-days` …: it
    # says what to remove, it is not a count of stock.
    removal = any(normalise_header(name).startswith(("sellable-", "unsellable-")) for name in match.unknown)
    return "return_date" not in match.columns and not removal


class FbaInventory(Kind):
    SPEC = KindSpec(
        "fba-inventory",
        "FBA Inventory (Inventory Planning / Manage FBA Inventory)",
        FIELDS,
        IGNORED,
        layout=_layout,
        accepts=_accepts,
    )
    RECORD = InventoryRow
    DATE_FIELDS = ("snapshot_date",)
    PERIOD_FIELD = "snapshot_date"
    FAMILY = "inventory"
    DATING = "snapshot"

    def make(self, line: int, row: dict[str, Any]) -> InventoryRow:
        inbound = row["inbound"]
        if inbound is None:
            inbound = add_int(row["inbound_working"], row["inbound_shipped"], row["inbound_receiving"])
        aged = row["age_365_plus"]
        if aged is None:
            aged = add_int(row["age_366_455"], row["age_456_plus"])
        market = row["marketplace"]
        return InventoryRow(
            line, row["snapshot_date"], row["sku"], row["fnsku"], row["asin"], row["product_name"], row["condition"],
            row["available"], inbound, row["reserved"], row["unfulfillable"], row["age_0_90"], row["age_91_180"],
            row["age_181_270"], row["age_271_365"], aged, row["units_shipped_t7"], row["units_shipped_t30"],
            row["units_shipped_t60"], row["units_shipped_t90"], row["days_of_supply"], row["sell_through"],
            row["product_group"],
            marketplace_code(market) or market, row["currency"], row["your_price"],
        )  # fmt: skip


KIND = FbaInventory()
