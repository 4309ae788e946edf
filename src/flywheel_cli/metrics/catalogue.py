"""The KPI catalogue (DESIGN section 4): names are a public contract. Add, never rename.

Each metric is computed from additive *parts* (sums folded from the reports, see `fold.py`) at
whatever grain is asked for; ratios are always recomputed from summed parts, never averaged.
A metric returns None when its inputs are absent or its denominator is zero; `reason()` says which.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

Parts = Mapping[str, Any]

# Which report kinds feed each family of parts (for "needs …" reasons).
SOURCES = {
    "business": "a Business Report (business-report or business-report-by-date)",
    "ads": "a Sponsored Products report, or a Sponsored Brands or Display one (ads-sp-*, ads-sb-*, ads-sd-*)",
    "targeting": "a Sponsored Products search-term report with its Targeting column (ads-sp-search-term)",
    "brand": "a Sponsored Brands report (ads-sb-*)",
    "payments": "a Payments Date Range Report (payments)",
    "returns": "an FBA Customer Returns report (fba-returns)",
    "inventory": "an FBA Inventory report (fba-inventory)",
    "performance": "the seller performance report (seller-performance JSON)",
    "cogs": "a cost file (costs.cogs_file in flywheel.yaml)",
    "orders": "an All Orders report (orders)",
    "storage": "a storage fees report (storage-fees: monthly storage fees or long-term storage fee charges)",
    "listings": "a listings report (listings: All, Active or Inactive Listings, or the Inventory Report)",
    "feedback": "a Feedback Manager download (seller-feedback)",
    "stranded": "a Stranded Inventory report (stranded-inventory)",
}


@dataclass(frozen=True, slots=True)
class Metric:
    """One KPI of the catalogue: its unit and definition, the parts it reads, and how it computes."""

    name: str
    unit: str  # count | money | ratio | days | per_year | score
    definition: str
    inputs: tuple[str, ...]  # part names read
    sources: tuple[str, ...]  # keys of SOURCES
    compute: Callable[[Parts], Any]
    required: frozenset[str] = frozenset()  # the inputs not marked optional ("?name")

    def value(self, parts: Parts) -> Any:
        if not self.required <= parts.keys():
            return None
        return self.compute(parts)


def ratio(numerator: Any, denominator: Any) -> Decimal | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return Decimal(numerator) / Decimal(denominator)


def _sum(name: str) -> Callable[[Parts], Any]:
    return lambda p: p.get(name)


def _total_sales(p: Parts) -> Any:
    """`tacos` / `ad_sales_share` denominator: ordered product sales when a Business Report is given."""
    return p.get("ordered_product_sales") if "ordered_product_sales" in p else p.get("gross_sales")


def _ad_spend(p: Parts) -> Any:
    return p.get("ad_spend")


def _days_of_supply(p: Parts) -> Decimal | None:
    shipped = p.get("units_shipped_t30")
    if not shipped:
        return None
    return Decimal(p["available_units"]) / (Decimal(shipped) / 30)


def _turnover(p: Parts) -> Decimal | None:
    available = p.get("available_units")
    if not available:
        return None
    return Decimal(p["units_shipped_t90"]) * Decimal(365) / Decimal(90) / Decimal(available)


def _sell_through(p: Parts) -> Decimal | None:
    """Amazon's figure where the group holds exactly one: a ratio of the SKU's, never summed. The account's
    would be Σ units shipped t90 / Σ average units available, and the report has no average to add."""
    return p["sell_through"] if p["sell_through_skus"] == 1 else None


def _return_rate(p: Parts) -> Decimal | None:
    sold = p.get("units_sold") if "units_sold" in p else p.get("units_ordered")
    return ratio(p.get("units_returned"), sold)


def _layers(p: Parts) -> Any:
    """The spend of the playbook's three layers: SP auto + SP manual + Sponsored Brands."""
    return p["ad_spend_auto"] + p["ad_spend_manual"] + p["ad_spend_brand"]


def _m(name: str, unit: str, definition: str, inputs: tuple[str, ...], sources: tuple[str, ...],
       compute: Callable[[Parts], Any] | None = None) -> Metric:  # fmt: skip
    required = frozenset(i for i in inputs if not i.startswith("?"))
    return Metric(name, unit, definition, inputs, sources, compute or _sum(inputs[0]), required)


_CATALOGUE = [
    _m("sessions", "count", "Σ Sessions – Total", ("sessions",), ("business",)),
    _m("page_views", "count", "Σ Page Views – Total", ("page_views",), ("business",)),
    _m("units_ordered", "count", "Σ Units Ordered", ("units_ordered",), ("business",)),
    _m("order_items", "count", "Σ Total Order Items", ("order_items",), ("business",)),
    _m("ordered_product_sales", "money", "Σ Ordered Product Sales", ("ordered_product_sales",), ("business",)),
    _m("unit_session_pct", "ratio", "units_ordered / sessions (Amazon's conversion rate)",
       ("units_ordered", "sessions"), ("business",), lambda p: ratio(p["units_ordered"], p["sessions"])),
    _m("order_item_session_pct", "ratio", "order_items / sessions", ("order_items", "sessions"), ("business",),
       lambda p: ratio(p["order_items"], p["sessions"])),
    _m("buy_box_pct", "ratio", "Σ(Featured Offer % × page views) / Σ page views (page-view weighted)",
       ("bb_weighted", "bb_views"), ("business",), lambda p: ratio(p["bb_weighted"], p["bb_views"])),
    _m("impressions", "count", "Σ Impressions", ("impressions",), ("ads",)),
    _m("clicks", "count", "Σ Clicks", ("clicks",), ("ads",)),
    _m("ad_orders", "count", "Σ 7 Day Total Orders (SP)", ("ad_orders",), ("ads",)),
    _m("ad_units", "count", "Σ 7 Day Total Units (SP)", ("ad_units",), ("ads",)),
    _m("ad_spend", "money", "Σ Spend from the Ads reports (Payments 'Cost of Advertising' only when no Ads report)",
       ("ad_spend",), ("ads",)),
    _m("ad_sales", "money", "Σ 7 Day Total Sales (SP attributed sales)", ("ad_sales",), ("ads",)),
    _m("ctr", "ratio", "clicks / impressions", ("clicks", "impressions"), ("ads",),
       lambda p: ratio(p["clicks"], p["impressions"])),
    _m("cpc", "money", "ad_spend / clicks", ("ad_spend", "clicks"), ("ads",), lambda p: ratio(p["ad_spend"], p["clicks"])),
    _m("ad_conversion", "ratio", "ad_orders / clicks", ("ad_orders", "clicks"), ("ads",),
       lambda p: ratio(p["ad_orders"], p["clicks"])),
    _m("acos", "ratio", "ad_spend / ad_sales", ("ad_spend", "ad_sales"), ("ads",),
       lambda p: ratio(p["ad_spend"], p["ad_sales"])),
    _m("roas", "ratio", "ad_sales / ad_spend", ("ad_sales", "ad_spend"), ("ads",),
       lambda p: ratio(p["ad_sales"], p["ad_spend"])),
    _m("tacos", "ratio", "ad_spend / total sales (ordered_product_sales if present, else gross_sales)",
       ("ad_spend", "?sales"), ("ads", "business"), lambda p: ratio(_ad_spend(p), _total_sales(p))),
    _m("ad_sales_share", "ratio", "ad_sales / total sales (ordered_product_sales if present, else gross_sales)",
       ("ad_sales", "?sales"), ("ads", "business"), lambda p: ratio(p["ad_sales"], _total_sales(p))),
    _m("ad_spend_auto", "money", "Σ spend of search-term rows with automatic targeting (*, close-match, loose-match, "
       "substitutes, complements)", ("ad_spend_auto",), ("targeting",)),
    _m("ad_spend_manual", "money", "Σ spend of search-term rows with manual targeting (keywords, product and category "
       "targets)", ("ad_spend_manual",), ("targeting",)),
    _m("ad_spend_auto_share", "ratio", "ad_spend_auto / (ad_spend_auto + ad_spend_manual): automatic campaigns' share "
       "of Sponsored Products spend", ("ad_spend_auto", "ad_spend_manual"), ("targeting",),
       lambda p: ratio(p["ad_spend_auto"], p["ad_spend_auto"] + p["ad_spend_manual"])),
    # The playbook's three layers, auto : manual : brand = 5:3:2, as shares of their sum (SD is none of them).
    _m("ad_spend_brand", "money", "Σ spend of the Sponsored Brands report that counts (ads-sb-*)", ("ad_spend_brand",),
       ("brand",)),
    _m("ad_spend_brand_share", "ratio", "ad_spend_brand / (ad_spend_auto + ad_spend_manual + ad_spend_brand): "
       "Sponsored Brands' share of the auto + manual + brand spend (5:3:2 puts it at 0.2)",
       ("ad_spend_auto", "ad_spend_manual", "ad_spend_brand"), ("targeting", "brand"),
       lambda p: ratio(p["ad_spend_brand"], _layers(p))),
    _m("ad_spend_auto_layer_share", "ratio", "ad_spend_auto / (ad_spend_auto + ad_spend_manual + ad_spend_brand): "
       "automatic campaigns' share of the auto + manual + brand spend (5:3:2 puts it at 0.5)",
       ("ad_spend_auto", "ad_spend_manual", "ad_spend_brand"), ("targeting", "brand"),
       lambda p: ratio(p["ad_spend_auto"], _layers(p))),
    _m("ad_spend_manual_layer_share", "ratio", "ad_spend_manual / (ad_spend_auto + ad_spend_manual + "
       "ad_spend_brand): manual campaigns' share of the auto + manual + brand spend (5:3:2 puts it at 0.3)",
       ("ad_spend_auto", "ad_spend_manual", "ad_spend_brand"), ("targeting", "brand"),
       lambda p: ratio(p["ad_spend_manual"], _layers(p))),
    _m("gross_sales", "money", "Σ product sales of order rows (with no financial report: Σ All Orders item-price "
       "of sold items)", ("gross_sales",), ("payments",)),
    _m("units_sold", "count", "Σ quantity of order rows (with no financial report: Σ All Orders quantity of sold "
       "items)", ("units_sold",), ("payments",)),
    _m("refunded_sales", "money", "Σ product sales of refund rows, as a positive amount", ("refunded_sales",),
       ("payments",)),
    _m("units_refunded", "count", "Σ quantity of refund rows", ("units_refunded",), ("payments",)),
    _m("refund_rate", "ratio", "units_refunded / units_sold", ("units_refunded", "units_sold"), ("payments",),
       lambda p: ratio(p["units_refunded"], p["units_sold"])),
    _m("units_returned", "count", "Σ quantity in FBA Customer Returns", ("units_returned",), ("returns",)),
    _m("return_rate", "ratio", "units_returned / units_sold (units_ordered if no financial report)",
       ("units_returned",), ("returns", "payments"), _return_rate),
    _m("referral_fees", "money", "−Σ selling fees of order and refund rows (refunded commission nets in)",
       ("referral_fees",), ("payments",)),
    _m("fba_fees", "money", "−Σ fba fees of order and refund rows", ("fba_fees",), ("payments",)),
    _m("storage_fees", "money", "−Σ total of FBA Inventory Fee rows for storage and aged-inventory surcharges (with "
       "no financial report: Σ fees of the storage-fees report, per ASIN)", ("storage_fees",), ("payments",)),
    _m("other_fees", "money", "−Σ other transaction fees, service fees other than advertising, other inventory fees",
       ("other_fees",), ("payments",)),
    _m("promotions", "money", "−Σ promotional rebates of order and refund rows", ("promotions",), ("payments",)),
    _m("reimbursements", "money", "Σ total of positive adjustment rows (FBA reimbursements)", ("reimbursements",),
       ("payments",)),
    _m("net_proceeds", "money", "Σ total of all rows except transfers (what Amazon pays out for the period)",
       ("net_proceeds",), ("payments",)),
    _m("shipping_credits", "money", "Σ shipping credits of order and refund rows (what buyers paid for shipping, net of "
       "refunds)", ("shipping_credits",), ("payments",)),
    _m("gift_wrap_credits", "money", "Σ gift wrap credits of order and refund rows, net of refunds", ("gift_wrap_credits",),
       ("payments",)),
    _m("taxes", "money", "Σ of order and refund rows' total less every other column: tax collected less tax withheld "
       "by Amazon (0 under marketplace-facilitator rules), regulatory fees, TCS/TDS; passes through, not profit",
       ("taxes",), ("payments",)),
    _m("transfers", "money", "Σ total of transfer rows (payouts to your bank are negative); Σ total = net_proceeds + transfers",
       ("transfers",), ("payments",)),
    _m("available_units", "count", "Σ available (fulfillable) units, latest snapshot", ("available_units",),
       ("inventory",)),
    _m("inbound_units", "count", "Σ inbound units, latest snapshot", ("inbound_units",), ("inventory",)),
    _m("reserved_units", "count", "Σ reserved units, latest snapshot", ("reserved_units",), ("inventory",)),
    _m("unfulfillable_units", "count", "Σ unfulfillable units, latest snapshot", ("unfulfillable_units",),
       ("inventory",)),
    _m("units_shipped_t30", "count", "Σ units shipped in the 30 days before the snapshot", ("units_shipped_t30",),
       ("inventory",)),
    _m("units_shipped_t90", "count", "Σ units shipped in the 90 days before the snapshot", ("units_shipped_t90",),
       ("inventory",)),
    _m("days_of_supply", "days", "available_units / (units_shipped_t30 / 30); null when nothing shipped",
       ("available_units", "units_shipped_t30"), ("inventory",), _days_of_supply),
    _m("inventory_turnover", "per_year", "units_shipped_t90 × 365/90 / available_units",
       ("units_shipped_t90", "available_units"), ("inventory",), _turnover),
    _m("aged_181_plus_share", "ratio", "units aged ≥181 days / units in all age buckets",
       ("aged_181_plus", "aged_total"), ("inventory",), lambda p: ratio(p["aged_181_plus"], p["aged_total"])),
    _m("aged_365_plus_share", "ratio", "units aged >365 days / units in all age buckets",
       ("aged_365_plus", "aged_total"), ("inventory",), lambda p: ratio(p["aged_365_plus"], p["aged_total"])),
    _m("excess_units", "count", "Σ per SKU of max(0, available − 3 × units_shipped_t30): units beyond 90 days of "
       "supply at the last 30 days' pace (IPI excess inventory)", ("excess_units",), ("inventory",)),
    _m("excess_share", "ratio", "excess_units / available_units", ("excess_units", "available_units"),
       ("inventory",), lambda p: ratio(p["excess_units"], p["available_units"])),
    _m("sell_through", "ratio", "as reported for the SKU (Amazon's IPI sell-through: units shipped in the trailing "
       "90 days / average units available over them); null above one SKU's figure: the report gives no average "
       "units available to add up", ("sell_through", "sell_through_skus"), ("inventory",), _sell_through),
    _m("stranded_units", "count", "Σ fulfillable units of the Stranded Inventory report's rows: stock in Amazon's "
       "fulfillment centres without an active offer (IPI stranded inventory); 0 for a SKU it does not list",
       ("stranded_units",), ("stranded",)),
    _m("stranded_share", "ratio", "stranded_units / available_units (the FBA Inventory report's)",
       ("stranded_units", "available_units"), ("stranded", "inventory"),
       lambda p: ratio(p["stranded_units"], p["available_units"])),
    _m("order_defect_rate", "ratio", "as reported (AFN+MFN defects / orders); worst marketplace above that grain",
       ("order_defect_rate",), ("performance",)),
    _m("late_shipment_rate", "ratio", "as reported, FBM orders only (Amazon ships FBA orders); worst marketplace above "
       "that grain", ("late_shipment_rate",), ("performance",)),
    _m("pre_fulfillment_cancel_rate", "ratio", "as reported, FBM orders only (seller-cancelled before shipping); "
       "worst marketplace above that grain", ("pre_fulfillment_cancel_rate",), ("performance",)),
    _m("valid_tracking_rate", "ratio", "as reported, FBM shipments only (Amazon tracks FBA ones); worst marketplace "
       "above that grain", ("valid_tracking_rate",), ("performance",)),
    _m("on_time_delivery_rate", "ratio", "as reported; worst marketplace above that grain", ("on_time_delivery_rate",),
       ("performance",)),
    _m("account_health_rating", "score", "as reported (ahrScore); worst marketplace above that grain",
       ("account_health_rating",), ("performance",)),
]  # fmt: skip

# --- B2B: Amazon Business buyers, from the Business Report's `– B2B` columns (the 13-column layout has
# none: null with the reason, metrics/parts.py) and All Orders' `is-business-order` (b2b_units, b2b_sales).


def _b2b_sales_share(p: Parts) -> Decimal | None:
    """The Business Report's B2B share of ordered product sales where it gives its B2B column; else
    All Orders' share of the sold items' price. Never one source's B2B over the other's total."""
    if "b2b_ordered_product_sales" in p and "ordered_product_sales" in p:
        return ratio(p["b2b_ordered_product_sales"], p["ordered_product_sales"])
    if "b2b_sales" in p and "order_sales" in p:
        return ratio(p["b2b_sales"], p["order_sales"])
    return None


# --- All Orders (metrics/orders_fold.py): a *sold* item is on an Amazon marketplace, not cancelled, not pending.
_CATALOGUE += [
    _m("sold_order_items", "count", "number of sold order items (All Orders rows)", ("sold_order_items",), ("orders",)),
    _m("cancelled_units", "count", "Σ quantity of cancelled order items on Amazon marketplaces (order-status or "
       "item-status Cancelled)", ("cancelled_units",), ("orders",)),
    _m("cancelled_order_items", "count", "number of cancelled order items on Amazon marketplaces",
       ("cancelled_order_items",), ("orders",)),
    _m("pending_units", "count", "Σ quantity of pending order items (order-status Pending: not yet priced)",
       ("pending_units",), ("orders",)),
    _m("cancellation_rate", "ratio", "cancelled_units / (order_units + pending_units + cancelled_units): the share "
       "of units ordered on Amazon marketplaces that were cancelled", ("cancelled_units", "order_units",
       "pending_units"), ("orders",), lambda p: ratio(p["cancelled_units"],
       p["order_units"] + p["pending_units"] + p["cancelled_units"])),
    _m("b2b_units", "count", "Σ quantity of sold items of business orders (is-business-order true)", ("b2b_units",),
       ("orders",)),
    _m("b2b_sales", "money", "Σ item-price of sold items of business orders", ("b2b_sales",), ("orders",)),
    Metric("b2b_sales_share", "ratio", "B2B share of sales: b2b_ordered_product_sales / ordered_product_sales "
           "(Business Report) where a Business Report gives its B2B columns, else b2b_sales / order_sales (All "
           "Orders)", ("b2b_ordered_product_sales", "ordered_product_sales", "b2b_sales", "order_sales"),
           ("business", "orders"), _b2b_sales_share),
    _m("fbm_units", "count", "Σ quantity of sold items you fulfil yourself (fulfillment-channel Merchant)",
       ("fbm_units",), ("orders",)),
    _m("fbm_unit_share", "ratio", "fbm_units / order_units (both from All Orders)", ("fbm_units", "order_units"),
       ("orders",), lambda p: ratio(p["fbm_units"], p["order_units"])),
    _m("mcf_units", "count", "Σ quantity of Multi-Channel Fulfillment items (sales-channel Non-Amazon, not "
       "cancelled): Amazon ships them, they are not Amazon sales", ("mcf_units",), ("orders",)),
]  # fmt: skip

# --- B2B from the Business Report (b2b_sales_share, above, reads these first).
_CATALOGUE += [
    _m("b2b_sessions", "count", "Σ Sessions – Total – B2B (sessions of Amazon Business buyers)", ("b2b_sessions",),
       ("business",)),
    _m("b2b_units_ordered", "count", "Σ Units Ordered – B2B", ("b2b_units_ordered",), ("business",)),
    _m("b2b_ordered_product_sales", "money", "Σ Ordered Product Sales – B2B", ("b2b_ordered_product_sales",),
       ("business",)),
]  # fmt: skip

# --- unit economics (DESIGN section 5) -------------------------------------------------------------
# Parts `cogs`, `inbound_freight`, `tools`, `labour`, `other_fixed` are added by economics/ (a cost file
# and flywheel.yaml); the profit formulas live here, once, and `flywheel costs` prints the same lines.


def _part(p: Parts, name: str) -> Decimal:
    return Decimal(p.get(name) or 0)


# The Payments parts a profit cannot do without: each is 0 when its column is there and nothing was
# charged, and absent when the layout lacks the column (a damaged header) — then no profit is shown.
PROFIT_NEEDS = ("gross_sales", "cogs", "refunded_sales", "referral_fees", "fba_fees", "promotions")


def _costable(p: Parts) -> bool:
    return (
        all(name in p for name in PROFIT_NEEDS)
        and not p.get("cogs_missing_units")
        and not p.get("ad_spend_unknown")
    )


def revenue(p: Parts) -> Decimal:
    """Product sales plus what buyers paid Amazon for shipping and gift wrap (the seller's income)."""
    return _part(p, "gross_sales") + _part(p, "shipping_credits") + _part(p, "gift_wrap_credits")


def gross_profit(p: Parts) -> Decimal | None:
    """Revenue less refunds, Amazon's per-order fees, promotions and landed cost (before ads, storage,
    fixed costs)."""
    if not _costable(p):
        return None
    costs = ("refunded_sales", "referral_fees", "fba_fees", "promotions", "cogs", "inbound_freight")
    return revenue(p) - sum((_part(p, name) for name in costs), Decimal(0))


def total_costs(p: Parts) -> Decimal | None:
    if not _costable(p):
        return None
    costs = ("refunded_sales", "referral_fees", "fba_fees", "storage_fees", "other_fees", "ad_spend", "promotions",
             "cogs", "inbound_freight", "tools", "labour", "other_fixed")  # fmt: skip
    return sum((_part(p, name) for name in costs), Decimal(0)) - _part(p, "reimbursements")


def net_profit(p: Parts) -> Decimal | None:
    costs = total_costs(p)
    return None if costs is None else revenue(p) - costs


def _break_even_acos(p: Parts) -> Decimal | None:
    profit = net_profit(p)
    return None if profit is None else ratio(profit + _part(p, "ad_spend"), p.get("gross_sales"))


_CATALOGUE += [
    _m("cogs", "money", "Σ units sold × unit cost in force on the order date (cost file); null if a SKU has no cost",
       ("cogs",), ("cogs",), lambda p: None if p.get("cogs_missing_units") else p.get("cogs")),
    _m("landed_cost", "money", "cogs + inbound freight and prep per unit (cost file)", ("cogs",), ("cogs",),
       lambda p: _part(p, "cogs") + _part(p, "inbound_freight")),
    _m("gross_profit", "money", "gross_sales + shipping_credits + gift_wrap_credits − refunded_sales − referral_fees − "
       "fba_fees − promotions − landed_cost",
       ("cogs", "gross_sales"), ("payments", "cogs"), gross_profit),
    _m("net_profit", "money", "gross_sales + shipping_credits + gift_wrap_credits − total_costs (every cost line of "
       "`flywheel costs`, reimbursements netted; taxes pass through)",
       ("cogs", "gross_sales"), ("payments", "cogs"), net_profit),
    _m("gross_margin", "ratio", "gross_profit / gross_sales", ("cogs", "gross_sales"), ("payments", "cogs"),
       lambda p: ratio(gross_profit(p), p.get("gross_sales"))),
    _m("net_margin", "ratio", "net_profit / gross_sales", ("cogs", "gross_sales"), ("payments", "cogs"),
       lambda p: ratio(net_profit(p), p.get("gross_sales"))),
    _m("roi", "ratio", "net_profit / cogs", ("cogs", "gross_sales"), ("payments", "cogs"),
       lambda p: ratio(net_profit(p), p.get("cogs"))),
    _m("break_even_acos", "ratio", "(net_profit + ad_spend) / gross_sales: the ACoS at which ads eat all the profit",
       ("cogs", "gross_sales"), ("payments", "cogs"), _break_even_acos),
]  # fmt: skip

# --- listings and seller feedback (metrics/listings_fold.py): counts of listings, per SKU; feedback,
# for the account. A count that would leave a listing out (its stock unknown) is null, never short.


def _unless_unknown(count: str, unknown: str) -> Callable[[Parts], Any]:
    return lambda p: None if p[unknown] else p[count]


def _feedback_share(days: int) -> Metric:
    suffix = f"_{days}d"
    return _m(f"negative_feedback_share{suffix}", "ratio", f"negative_feedback_count / feedback_count over the "
              f"{days} days up to the inputs' last date", (f"negative_feedback_count{suffix}",
              f"feedback_count{suffix}"), ("feedback",),
              lambda p: ratio(p[f"negative_feedback_count{suffix}"], p[f"feedback_count{suffix}"]))  # fmt: skip


_CATALOGUE += [
    _m("listings_active", "count", "number of active listings (status Active; every listing of an Active Listings "
       "Report)", ("listings_active",), ("listings",)),
    _m("listings_title_over_200", "count", "number of listings whose title is longer than 200 characters",
       ("listings_title_over_200",), ("listings",)),
    _m("listings_title_missing_brand", "count", "number of listings whose title does not contain their brand "
       "(needs a brand column)", ("listings_title_missing_brand",), ("listings",)),
    _m("listings_active_no_stock", "count", "number of active listings with no stock: quantity 0 (merchant-"
       "fulfilled) or 0 available units in the FBA inventory report (FBA); null when a listing's stock is unknown",
       ("listings_active", "listings_active_no_stock", "listings_active_stock_unknown"), ("listings",),
       _unless_unknown("listings_active_no_stock", "listings_active_stock_unknown")),
    _m("listings_inactive_with_stock", "count", "number of inactive listings that still hold stock (quantity or FBA "
       "available units above 0); null when a listing's stock is unknown",
       ("listings_inactive", "listings_inactive_with_stock", "listings_inactive_stock_unknown"), ("listings",),
       _unless_unknown("listings_inactive_with_stock", "listings_inactive_stock_unknown")),
    _m("listings_price_gap_count", "count", "number of listings whose price is more than 20% away from the SKU's "
       "average selling price (ordered_product_sales / units_ordered, Business Report); null when no listed SKU sold",
       ("listings_price_gap", "listings_price_compared"), ("listings", "business"),
       lambda p: p["listings_price_gap"] if p["listings_price_compared"] else None),
    _m("feedback_count", "count", "number of feedback ratings (1–5)", ("feedback_count",), ("feedback",)),
    _m("negative_feedback_count", "count", "number of negative feedback ratings (1–2)", ("negative_feedback_count",),
       ("feedback",)),
    _m("negative_feedback_share", "ratio", "negative_feedback_count / feedback_count", ("negative_feedback_count",
       "feedback_count"), ("feedback",), lambda p: ratio(p["negative_feedback_count"], p["feedback_count"])),
    _m("negative_feedback_unanswered", "count", "number of negative ratings (1–2) with an empty response",
       ("negative_feedback_unanswered",), ("feedback",)),
    *(_feedback_share(days) for days in (30, 90, 365)),
]  # fmt: skip

METRICS: dict[str, Metric] = {metric.name: metric for metric in _CATALOGUE}
# Families whose metrics a KPI table shows only when an input of theirs is given (or they are asked for
# by name): added after the KPI documents' golden layout, they stay out of the tables of everyone else.
OPT_IN = {
    "listings": frozenset({"listings"}),
    "feedback": frozenset({"feedback"}),
    "stranded": frozenset({"stranded"}),
}


def shown_metrics(sources: set[str]) -> list[str]:
    """The metrics a KPI table shows by default, given the ledger's sources."""
    hidden = {family for family, names in OPT_IN.items() if not sources & names}
    return [name for name, metric in METRICS.items() if not hidden & set(metric.sources)]


# Account-health values are levels, not sums: rolled up by taking the worst marketplace.
WORST_IS_HIGHEST = frozenset({"order_defect_rate", "late_shipment_rate", "pre_fulfillment_cancel_rate"})
WORST_IS_LOWEST = frozenset({"valid_tracking_rate", "on_time_delivery_rate", "account_health_rating"})
LEVEL_PARTS = WORST_IS_HIGHEST | WORST_IS_LOWEST


def register(metric: Metric) -> None:
    """Later layers (economics) add their metrics here; names stay unique."""
    if metric.name in METRICS:
        raise ValueError(f"metric {metric.name!r} is already defined")
    METRICS[metric.name] = metric


# Additive parts by the report family that produces them. Within a group where a family is present,
# a part it did not produce is zero (a SKU with sales and no refund rows has 0 refunds, not null).
FAMILY_PARTS = {
    "business": ("sessions", "page_views", "units_ordered", "order_items", "ordered_product_sales", "b2b_sessions",
                 "b2b_units_ordered", "b2b_ordered_product_sales"),
    "ads": ("impressions", "clicks", "ad_spend", "ad_sales", "ad_orders", "ad_units"),
    "targeting": ("ad_spend_auto", "ad_spend_manual"),
    "payments": ("gross_sales", "units_sold", "refunded_sales", "units_refunded", "referral_fees", "fba_fees",
                 "storage_fees", "other_fees", "promotions", "reimbursements", "net_proceeds", "shipping_credits",
                 "gift_wrap_credits", "taxes"),
    "inventory": ("available_units", "inbound_units", "reserved_units", "unfulfillable_units",
                  "units_shipped_t30", "units_shipped_t90", "excess_units"),
    "orders": ("order_units", "order_sales", "sold_order_items", "cancelled_units", "cancelled_order_items",
               "pending_units", "pending_order_items", "mcf_units", "b2b_units", "b2b_sales", "fbm_units"),
}  # fmt: skip
PAYMENT_PARTS = frozenset(FAMILY_PARTS["payments"])
# Parts that are money of the cost breakdown: a row holding any of them is a row of the P&L.
MONEY_PARTS = frozenset({*PAYMENT_PARTS, "ad_spend", "ad_charges", "tools", "labour", "other_fixed", "cogs",
                         "inbound_freight"}) - {"units_sold", "units_refunded", "net_proceeds"}  # fmt: skip
