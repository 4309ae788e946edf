"""The six modules of the operations map (docs/analyses.md, "The operations map").

The Dashu Kuajing operations article (2026-01-16) organises a seller's business as six modules —
product selection, supply chain, listing optimisation, advertising, inventory control, customer
service — and triages in the order account health → ad reports → inventory performance. Account
health is part of customer service here (Amazon's account-health rates are what customers
experience: defects, late shipments, tracking), so the map starts with `customer_service`, then
`advertising`, then `inventory`, then the rest in the article's order.

A module lists its KPIs (metric, label) and the reports that feed it (`Source`). A rule's finding
belongs to the module of its metric (`module_of`): the explicit `METRIC_MODULE`, else the module of
the metric's first catalogue source (so a metric added to the catalogue later still lands somewhere).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass

ORDER = ("customer_service", "advertising", "inventory", "selection", "supply_chain", "listing")


@dataclass(frozen=True, slots=True)
class Source:
    """A download that feeds a module: how a seller names it, the kind to ask for, and the kind
    names (globs) that count as having it."""

    label: str
    kind: str  # the kind named in `needs` when no registered kind matches `matches`
    matches: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Module:
    """One module of the operations map: its KPIs, the reports that feed it, and what to do first."""

    id: str
    label: str
    kpis: tuple[tuple[str, str], ...]  # (metric, label); a metric not in the catalogue is not shown
    sources: tuple[Source, ...]
    first_step: str  # what to do first when no finding says (the article's advice for the module)


BUSINESS = Source("a Business Report", "business-report", ("business-report*",))
INVENTORY = Source("the FBA Inventory report", "fba-inventory", ("fba-inventory",))

MODULES: dict[str, Module] = {
    module.id: module
    for module in (
        Module("customer_service", "Customer service · account health", (
            ("order_defect_rate", "Order defect rate"), ("late_shipment_rate", "Late shipment rate"),
            ("pre_fulfillment_cancel_rate", "Pre-fulfilment cancel"), ("valid_tracking_rate", "Valid tracking rate"),
            ("on_time_delivery_rate", "On-time delivery"), ("account_health_rating", "Account health rating"),
            ("return_rate", "Return rate"), ("refund_rate", "Refund rate"), ("feedback_count", "Feedback"),
            ("negative_feedback_count", "Negative feedback"), ("negative_feedback_share", "Negative feedback share"),
            ("negative_feedback_unanswered", "Negative feedback unanswered")),
            (Source("the seller performance report", "seller-performance", ("seller-performance",)),
             Source("the Feedback Manager download", "seller-feedback", ("*feedback*",)),
             Source("the FBA Customer Returns report", "fba-returns", ("fba-returns",))),
            "Open Account Health first: keep order defects under 1% and valid tracking at 95% or more; "
            "answer negative feedback within 24 hours."),
        Module("advertising", "Advertising", (
            ("ad_spend", "Ad spend"), ("acos", "ACoS"), ("tacos", "TACoS"),
            ("ad_spend_auto_layer_share", "Auto layer share"), ("ad_spend_manual_layer_share", "Manual layer share"),
            ("ad_spend_brand_share", "Brand layer share")),
            (Source("a Sponsored Products report", "ads-sp-advertised-product", ("ads-sp-*",)),
             Source("a Sponsored Brands report", "ads-sb-campaign", ("ads-sb-*",))),
            "Read the search-term report: add terms with spend and no orders as negatives, and keep the "
            "auto / manual / brand budget near 5:3:2."),
        Module("inventory", "Inventory control", (
            ("days_of_supply", "Days of supply"), ("aged_365_plus_share", "Aged > 365 days"),
            ("inventory_turnover", "Turnover"), ("excess_units", "Excess units"), ("excess_share", "Excess share")),
            (INVENTORY,),
            "Keep days of supply at 45 or less and stock aged over 12 months under 5%; turn inventory 4–6 "
            "times a year."),
        Module("selection", "Product selection", (
            ("skus_below_sales_band", "SKUs under 500 units/30 days"),
            ("skus_in_sales_band", "SKUs at 500–2,000 units/30 days"),
            ("skus_above_sales_band", "SKUs over 2,000 units/30 days"), ("gross_margin", "Gross margin")),
            (BUSINESS, Source("your cost file", "cogs", ("cogs",))),
            "Build a portfolio, not one hit: products selling 500–2,000 units a month at a gross margin of "
            "30% or more."),
        Module("supply_chain", "Supply chain", (
            ("lead_time_days", "Lead time (days)"), ("skus_under_lead_time", "SKUs under lead time"),
            ("stockout_skus", "SKUs out of stock")),
            (INVENTORY, BUSINESS),
            "Replenish in small batches, often: reorder before days of supply falls under the lead time "
            "(`flywheel restock`)."),
        Module("listing", "Listing optimisation", (
            ("listings_active", "Active listings"), ("listings_title_over_200", "Titles over 200 characters"),
            ("unit_session_pct", "Conversion"), ("buy_box_pct", "Buy Box")),
            (Source("the All Listings report", "listings", ("*listing*",)), BUSINESS),
            "Titles of 200 characters or less with keyword, brand and key attributes; main image on white "
            "filling 85% of the frame; A+ content."),
    )
}  # fmt: skip

# Derived KPIs (not catalogue metrics): their unit for people.
DERIVED_UNITS = {
    "skus_below_sales_band": "count", "skus_in_sales_band": "count", "skus_above_sales_band": "count",
    "lead_time_days": "count", "skus_under_lead_time": "count", "stockout_skus": "count",
}  # fmt: skip

# Which module a finding on a metric belongs to (docs/analyses.md lists it).
METRIC_MODULE = {
    **dict.fromkeys(("order_defect_rate", "late_shipment_rate", "pre_fulfillment_cancel_rate",
                     "valid_tracking_rate", "on_time_delivery_rate", "account_health_rating", "return_rate",
                     "units_returned", "refund_rate", "units_refunded", "refunded_sales", "cancellation_rate",
                     "feedback_count", "negative_feedback_count", "negative_feedback_share",
                     "negative_feedback_unanswered"), "customer_service"),
    **dict.fromkeys(("days_of_supply", "inventory_turnover", "aged_181_plus_share", "aged_365_plus_share",
                     "excess_units", "excess_share", "available_units", "unfulfillable_units", "storage_fees",
                     "reserved_units"), "inventory"),
    **dict.fromkeys(("inbound_units", "cogs", "landed_cost", "fbm_units", "fbm_unit_share", "mcf_units"),
                    "supply_chain"),
    **dict.fromkeys(("unit_session_pct", "order_item_session_pct", "buy_box_pct", "sessions", "page_views",
                     "listings_active", "listings_title_over_200"), "listing"),
    **dict.fromkeys(("gross_margin", "net_margin", "roi", "gross_profit", "net_profit", "units_ordered",
                     "ordered_product_sales", "gross_sales", "units_sold"), "selection"),
}  # fmt: skip
# A metric not named above: the module of its first catalogue source.
SOURCE_MODULE = {"business": "listing", "ads": "advertising", "targeting": "advertising", "brand": "advertising",
                 "payments": "selection", "returns": "customer_service", "inventory": "inventory",
                 "storage": "inventory", "performance": "customer_service", "cogs": "supply_chain",
                 "orders": "selection"}  # fmt: skip


def module_of(metric: str) -> str:
    """The module a finding on `metric` belongs to (`selection` when nothing says otherwise)."""
    from flywheel_cli.metrics.catalogue import METRICS

    if metric in METRIC_MODULE:
        return METRIC_MODULE[metric]
    if "feedback" in metric:
        return "customer_service"
    known = METRICS.get(metric)
    sources = known.sources if known is not None else ()
    return next((SOURCE_MODULE[s] for s in sources if s in SOURCE_MODULE), "selection")


def present(source: Source, kinds: set[str]) -> bool:
    return any(_matches(kind, pattern) for kind in kinds for pattern in source.matches)


def _matches(kind: str, pattern: str) -> bool:
    """`fnmatchcase(kind, pattern)`. A glob of `*` alone (all of those here) is matched with string
    methods: `fnmatchcase` compiles each pattern to a regular expression, ~0.15 ms each, more than
    the whole check; `?` and `[…]` go to fnmatch."""
    if "?" in pattern or "[" in pattern:
        return fnmatch.fnmatchcase(kind, pattern)
    head, *rest = pattern.split("*")
    if not rest:
        return kind == pattern
    *middle, tail = rest
    if len(kind) < len(head) + len(tail) or not kind.startswith(head) or not kind.endswith(tail):
        return False
    at, end = len(head), len(kind) - len(tail)
    for piece in middle:  # each as early as it can be: leaves the most room for the rest
        at = kind.find(piece, at, end)
        if at < 0:
            return False
        at += len(piece)
    return True


def kind_name(source: Source) -> str:
    """The registered kind the source names (the first that matches), else its planned name."""
    from flywheel_cli.reports.registry import KINDS

    return next((k for k in KINDS if any(_matches(k, p) for p in source.matches)), source.kind)
