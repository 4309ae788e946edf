"""Folding All Orders rows (reports/kinds/orders.py) into parts (docs/metrics.md, "All Orders rows").

A row is *sold* when its sales channel is an Amazon marketplace, it is not cancelled (order or item)
and not pending. Two sources keep the one-source-per-number rule workable (metrics/rollup.py):

- `orders` holds `gross_sales` and `units_sold`: the same numbers a financial report gives, so the
  roll-up drops this source whenever a Payments (or settlement) report is counted.
- `orders-detail` holds what only this report knows — cancelled, pending, B2B, FBM and off-Amazon
  (MCF) counts, and its own sold units and sales (`order_units`, `order_sales`) so that its ratios
  never divide one report's numbers by another's. It always counts.

Every part is additive: counts of units and of order items (rows), sums of item prices. Distinct
orders are not counted: they do not add across SKUs or days.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from flywheel_cli.metrics.channels import vote
from flywheel_cli.reports.kinds.orders import OrderRow

if TYPE_CHECKING:  # fold.py registers this fold: importing it here at run time would be a cycle
    from flywheel_cli.metrics.fold import Ledger, Window

ZERO = Decimal(0)
SALES_SOURCE = "orders"
DETAIL_SOURCE = "orders-detail"


def fold_orders(ledger: Ledger, records: Iterable[OrderRow], window: Window, market: str | None) -> None:
    for row in records:
        day = row.purchase_date
        if not window.keeps(day, day):
            continue
        if row.sku and row.asin:
            ledger.sku_asin.setdefault(row.sku, row.asin)
        where = row.marketplace  # None off Amazon: an MCF row belongs to no marketplace
        sales = ledger.bucket((SALES_SOURCE, where, row.sku, row.asin, day, day))
        detail = ledger.bucket((DETAIL_SOURCE, where, row.sku, row.asin, day, day))
        units = row.quantity or 0
        # The report covers this SKU and day: what it did not sell there is 0, not unknown.
        sales.setdefault("gross_sales", ZERO)
        sales.setdefault("units_sold", 0)
        if row.marketplace is None:
            if not row.cancelled:  # Multi-Channel Fulfillment: Amazon ships another channel's order
                _add(detail, "mcf_units", units)
            continue
        sold = not (row.cancelled or row.pending)
        # The SKU's channel (metrics/channels.py): a cancelled or pending item names it, selling nothing.
        vote(ledger, row.sku, row.fulfillment, units if sold else 0)
        if row.cancelled:
            _add(detail, "cancelled_units", units)
            _add(detail, "cancelled_order_items", 1)
            continue
        if row.pending:
            _add(detail, "pending_units", units)
            _add(detail, "pending_order_items", 1)
            continue
        price = row.item_price  # an empty price adds nothing (it is not a price of 0)
        sales["units_sold"] += units
        _add(sales, "gross_sales", price)
        _add(detail, "order_units", units)
        _add(detail, "order_sales", price or ZERO)
        _add(detail, "sold_order_items", 1)
        if row.is_business_order is not None:
            _add(detail, "b2b_units", units if row.is_business_order else 0)
            _add(detail, "b2b_sales", (price or ZERO) if row.is_business_order else ZERO)
        if row.fulfillment is not None:
            _add(detail, "fbm_units", units if row.fulfillment == "merchant" else 0)


def _add(bucket: dict[str, Any], name: str, value: Any) -> None:
    if value is not None:
        bucket[name] = bucket.get(name, 0) + value
