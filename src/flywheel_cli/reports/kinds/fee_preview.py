"""`fba-fee-preview`: the FBA Fee Preview (`GET_FBA_ESTIMATED_FBA_FEES_TXT_DATA`), tab-delimited.

One row per SKU with Amazon's *expected* fees per unit: referral, fulfilment, closing, and (EU/UK) the
fulfilment fee of each European Fulfilment Network country. The column set differs by region — US 25,
US with the future-fee columns, CA 22, UK 29 (British `fulfilment`, `product-size-weight-band`), EU 28
(the UK set without order handling; newer files add `…-se`), UK_TEMP 37 (the UK set with future
fees) — and is matched by names only. The file has no marketplace column: it lists every marketplace's
listings, told apart by `currency`. `--` is a missing value (null), never 0. Size tiers are kept as
text, in both the legacy names (`Large Standard`) and the 2024+ ones (`Large standard-size`).

The report is a state, not a flow: today's estimated rates, with no date (`DATING = "snapshot"`, no
period field). Its rates are never added up (docs/decisions.md, "Fee preview and storage fees").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from flywheel_cli.reports.kinds.base import Kind
from flywheel_cli.reports.markets import marketplace_code
from flywheel_cli.reports.spec import HeaderMatch, KindSpec, english

FUTURE_FEE = "estimated-future-fee (Current Selling on Amazon + Future Fulfillment fees)"
EFN = ("uk", "de", "fr", "it", "es", "se")


@dataclass(frozen=True, slots=True)
class FeePreviewRow:
    """One SKU of the FBA Fee Preview: its package and price, and Amazon's expected fees per unit."""

    line: int
    sku: str | None
    fnsku: str | None
    asin: str | None
    marketplace: str | None  # only from the UNCERTAIN `amazon-store` column; usually None
    product_name: str | None
    product_group: str | None
    brand: str | None
    fulfilled_by: str | None
    has_local_inventory: str | None
    your_price: Decimal | None
    sales_price: Decimal | None
    longest_side: Decimal | None
    median_side: Decimal | None
    shortest_side: Decimal | None
    length_and_girth: Decimal | None
    unit_of_dimension: str | None
    item_package_weight: Decimal | None
    unit_of_weight: str | None
    size_tier: str | None  # `product-size-tier` (US/CA) or `product-size-weight-band` (UK/EU)
    currency: str | None
    estimated_fee_total: Decimal | None
    referral_fee_per_unit: Decimal | None
    variable_closing_fee: Decimal | None
    order_handling_fee_per_order: Decimal | None
    pick_pack_fee_per_unit: Decimal | None
    weight_handling_fee_per_unit: Decimal | None
    fulfillment_fee_per_unit: (
        Decimal | None
    )  # US `expected-fulfillment-…`, UK/EU `expected-domestic-fulfilment-…`
    efn_fee_uk: Decimal | None
    efn_fee_de: Decimal | None
    efn_fee_fr: Decimal | None
    efn_fee_it: Decimal | None
    efn_fee_es: Decimal | None
    efn_fee_se: Decimal | None
    future_fee_total: Decimal | None
    future_order_handling_fee_per_order: Decimal | None
    future_pick_pack_fee_per_unit: Decimal | None
    future_weight_handling_fee_per_unit: Decimal | None
    future_fulfillment_fee_per_unit: Decimal | None
    future_referral_fee_per_unit: Decimal | None
    future_efn_fee_uk: Decimal | None
    future_efn_fee_de: Decimal | None
    future_efn_fee_fr: Decimal | None
    future_efn_fee_it: Decimal | None
    future_efn_fee_es: Decimal | None
    current_fee_category: str | None
    future_fee_category: str | None
    future_fee_effective_date: date | None


FIELDS = [
    english("sku", "text", "sku", required=True),
    english("fnsku", "text", "fnsku"),
    english("asin", "text", "asin", required=True),
    english("marketplace", "text", "amazon-store"),
    english("product_name", "text", "product-name"),
    english("product_group", "text", "product-group"),
    english("brand", "text", "brand"),
    english("fulfilled_by", "text", "fulfilled-by"),
    english("has_local_inventory", "text", "has-local-inventory"),
    english("your_price", "money", "your-price"),
    english("sales_price", "money", "sales-price"),
    english("longest_side", "money", "longest-side"),
    english("median_side", "money", "median-side"),
    english("shortest_side", "money", "shortest-side"),
    english("length_and_girth", "money", "length-and-girth"),
    english("unit_of_dimension", "text", "unit-of-dimension"),
    english("item_package_weight", "money", "item-package-weight"),
    english("unit_of_weight", "text", "unit-of-weight"),
    english("size_tier", "text", "product-size-tier", "product-size-weight-band"),
    english("currency", "text", "currency", required=True),
    english("estimated_fee_total", "money", "estimated-fee-total", required=True),
    english("referral_fee_per_unit", "money", "estimated-referral-fee-per-unit", required=True),
    english("variable_closing_fee", "money", "estimated-variable-closing-fee"),
    english("order_handling_fee_per_order", "money", "estimated-order-handling-fee-per-order"),
    english("pick_pack_fee_per_unit", "money", "estimated-pick-pack-fee-per-unit"),
    english("weight_handling_fee_per_unit", "money", "estimated-weight-handling-fee-per-unit"),
    english("fulfillment_fee_per_unit", "money", "expected-fulfillment-fee-per-unit",
       "expected-domestic-fulfilment-fee-per-unit"),
    *(english(f"efn_fee_{c}", "money", f"expected-efn-fulfilment-fee-per-unit-{c}") for c in EFN),
    english("future_fee_total", "money", FUTURE_FEE),
    english("future_order_handling_fee_per_order", "money", "estimated-future-order-handling-fee-per-order"),
    english("future_pick_pack_fee_per_unit", "money", "estimated-future-pick-pack-fee-per-unit"),
    english("future_weight_handling_fee_per_unit", "money", "estimated-future-weight-handling-fee-per-unit"),
    english("future_fulfillment_fee_per_unit", "money", "expected-future-fulfillment-fee-per-unit",
       "expected-future-domestic-fulfilment-fee-per-unit"),
    english("future_referral_fee_per_unit", "money", "estimated-future-referral-fee-per-unit"),
    *(english(f"future_efn_fee_{c}", "money", f"expected-future-efn-fulfilment-fee-per-unit-{c}") for c in EFN[:5]),
    english("current_fee_category", "text", "current-fee-category"),
    english("future_fee_category", "text", "future-fee-category"),
    english("future_fee_effective_date", "date", "future-fee-category-effective-date"),
]  # fmt: skip


def _layout(match: HeaderMatch, header: Any) -> str:
    """The region's column set, named as docs/record-fields.md lists it."""
    columns = match.columns
    european = "efn_fee_uk" in columns or "has_local_inventory" in columns
    future = "future_fee_total" in columns
    if european:
        if future:
            return "uk-future"
        if "order_handling_fee_per_order" in columns:
            return "uk-29col"
        return "eu-29col-se" if "efn_fee_se" in columns else "eu-28col"
    if future:
        return "us-future"
    return "us-25col" if "fulfillment_fee_per_unit" in columns else "ca-22col"


class FbaFeePreview(Kind):
    SPEC = KindSpec("fba-fee-preview", "FBA Fee Preview", FIELDS, layout=_layout)
    RECORD = FeePreviewRow
    PERIOD_FIELD = None  # the file has no date: today's estimates
    FAMILY = "fees"
    DATING = "snapshot"  # a state (rates in force), never placed in a period nor summed over one
    EXPECTED = ("product_group", "fulfilled_by")  # every region has them (CA has no size tier)

    def make(self, line: int, row: dict[str, Any]) -> FeePreviewRow:
        store = row["marketplace"]
        row["marketplace"] = (marketplace_code(store) or store) if store else None
        return super().make(line, row)  # type: ignore[no-any-return]


KIND = FbaFeePreview()
