"""Why `b2b_sales_share` is null everywhere: it has two sources, read in order (docs/metrics.md, "B2B").

The Business Report's `Ordered Product Sales – B2B` over its `Ordered Product Sales` comes first (the
share Amazon shows in Business Reports); All Orders' `is-business-order` items' price over all sold
items' price stands in when no Business Report gives the B2B column (an old 13-column layout has
none). One metric, one meaning — the B2B share of sales — with the source order documented.
"""

from __future__ import annotations

from collections.abc import Mapping

B2B_BUSINESS = "b2b_ordered_product_sales"  # the Business Report's part (metrics/parts.py)
B2B_ORDERS = "b2b_sales"  # All Orders' part (metrics/orders_fold.py)


def share_reason(have: set[str], absent: Mapping[str, str], excluded: Mapping[str, str]) -> str | None:
    """None when some source gives the share; else why not. `have`: the families of the inputs
    counted; `absent`: part → why its column is missing; `excluded`: family → why none of it counts."""
    if "business" in have and B2B_BUSINESS not in absent:
        return None
    if "orders" in have and B2B_ORDERS not in absent:
        return None
    for family, part in (("business", B2B_BUSINESS), ("orders", B2B_ORDERS)):
        if family in have:
            return (
                absent[part] + " (the B2B share also comes from an All Orders report with is-business-order)"
            )
        if family in excluded:
            return excluded[family]
    return (
        "needs a Business Report with its B2B columns (business-report or business-report-by-date), "
        "or an All Orders report (orders)"
    )
