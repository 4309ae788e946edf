"""Which parts a report's layout can give: absent is never zero.

A part (a sum folded from the reports) is 0 only when the report's layout has the column behind it
and its rows add up to 0. When the layout lacks the column (Manage FBA Inventory has no units-shipped
columns; a damaged `fba fees` header), the part is absent — null, with the reason — at every grain.
Each input says which parts it *provides*; the roll-up fills only those with 0 (fold.py, rollup.py).
"""

from __future__ import annotations

from collections.abc import Mapping

from flywheel_cli.reports.kinds.base import Kind

_AGES = (
    "age_0_90",
    "age_91_180",
    "age_181_270",
    "age_271_365",
    "age_365_plus",
    "age_366_455",
    "age_456_plus",
)
_INBOUND = ("inbound", "inbound_working", "inbound_shipped", "inbound_receiving")

# family → part → the fields (any one of them) a layout needs to give the part. A part listed with
# no fields comes from every layout of the family (Payments' row types and totals).
PART_FIELDS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "business": {
        "sessions": ("sessions",), "page_views": ("page_views",), "units_ordered": ("units_ordered",),
        "order_items": ("order_items",), "ordered_product_sales": ("ordered_product_sales",),
        "bb_weighted": ("buy_box_pct",), "bb_views": ("buy_box_pct",),
        # The B2B columns: 22-column and later layouts (and by-date ones) have them, the old 13-column none.
        "b2b_sessions": ("sessions_b2b",), "b2b_units_ordered": ("units_ordered_b2b",),
        "b2b_ordered_product_sales": ("ordered_product_sales_b2b",),
    },
    "ads": {
        "impressions": ("impressions",), "clicks": ("clicks",), "ad_spend": ("spend",), "ad_sales": ("sales", "sales_14d"),
        "ad_orders": ("orders",), "ad_units": ("units",),
    },
    "targeting": {"ad_spend_auto": ("targeting",), "ad_spend_manual": ("targeting",)},
    "returns": {"units_returned": ("quantity",)},
    "inventory": {
        "available_units": ("available",), "inbound_units": _INBOUND, "reserved_units": ("reserved",),
        "unfulfillable_units": ("unfulfillable",), "units_shipped_t30": ("units_shipped_t30",),
        "units_shipped_t90": ("units_shipped_t90",), "excess_units": ("units_shipped_t30",),
        "aged_total": _AGES, "aged_181_plus": _AGES,
        "aged_365_plus": _AGES,
        "sell_through": ("sell_through",), "sell_through_skus": ("sell_through",),
    },
    "payments": {
        "gross_sales": ("product_sales",), "units_sold": ("quantity",), "refunded_sales": ("product_sales",),
        "units_refunded": ("quantity",), "referral_fees": ("selling_fees",), "fba_fees": ("fba_fees",),
        "promotions": ("promotional_rebates",), "other_fees": (), "storage_fees": (), "reimbursements": (),
        "net_proceeds": (), "transfers": (), "shipping_credits": ("shipping_credits",),
        "gift_wrap_credits": ("gift_wrap_credits",), "taxes": (),
    },
    # listings (metrics/listings_fold.py): the Inventory Report has no title and no status; only All Listings
    # has a `status` column (Active Listings are all active; inactive ones are in no other layout).
    "listings": {
        "listings": (), "listing_price": (), "listing_fba": (), "listing_own_stock": (),
        "listings_active": ("status", "item_name"), "listings_inactive": ("status",),
        "listings_title_over_200": ("item_name",), "listings_title_missing_brand": ("brand",),
    },
    "feedback": {"feedback_count": (), "negative_feedback_count": (), "negative_feedback_unanswered": ()},
    # storage-fees (metrics/fees_fold.py): every layout has a fee column (the kind accepts no other).
    "storage": {"storage_fees": ()},
    # All Orders (metrics/orders_fold.py): B2B needs `is-business-order` (32 columns on), FBM `fulfillment-channel`.
    "orders": {
        "gross_sales": (), "units_sold": (), "order_units": (), "order_sales": (), "sold_order_items": (),
        "cancelled_units": (), "cancelled_order_items": (), "pending_units": (), "pending_order_items": (),
        "mcf_units": (), "b2b_units": ("is_business_order",), "b2b_sales": ("is_business_order",),
        "fbm_units": ("fulfillment",),
    },
}  # fmt: skip

# Payments parts that need more than one column: the `other fees` of order rows are two columns.
# `taxes` is what is left of an order row's total once every other column is taken: it needs them all.
_ALL_OF = {
    "other_fees": ("other_transaction_fees", "other"),
    "taxes": ("product_sales", "shipping_credits", "gift_wrap_credits", "promotional_rebates", "selling_fees",
              "fba_fees", "other_transaction_fees", "other"),
}  # fmt: skip


def provided(
    kind: Kind, columns: Mapping[str, int] | None
) -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """(the parts this layout gives, the parts it lacks → the fields it would need)."""
    family = kind.FAMILY
    table = dict(PART_FIELDS.get(family, {}))
    if family == "ads":
        table.update(PART_FIELDS["targeting"] if kind.SPEC.name == "ads-sp-search-term" else {})
    if columns is None or kind.SPEC.name == "settlement":
        # A JSON document: every part it has is given. A settlement file: its one `amount` column
        # carries every Payments part, whatever the layout (metrics/settlement_fold.py).
        return frozenset(table), {}
    gives: set[str] = set()
    lacks: dict[str, tuple[str, ...]] = {}
    for part, fields in table.items():
        some = not fields or any(name in columns for name in fields)
        short = tuple(name for name in _ALL_OF.get(part, ()) if name not in columns)
        if some and not short:
            gives.add(part)
        else:
            lacks[part] = (() if some else fields) + short
    return frozenset(gives), lacks
