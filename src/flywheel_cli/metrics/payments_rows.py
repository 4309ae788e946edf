"""What a Payments row adds to its bucket (docs/metrics.md, 'Payments rows').

`apply_row` is linear in the amounts: `count` identical rows add `count` times one row, and a group's
sums (metrics/payments_fold.py) add what its rows would add one by one. `fold_records` applies it row
by row, for the rows of overlapping inputs that are counted once (metrics/overlap.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from flywheel_cli.metrics.channels import vote
from flywheel_cli.metrics.fold import AD_CHARGE_WORDS, STORAGE_WORDS, Ledger, Span, Window

ZERO = Decimal(0)
SALE_TYPES = frozenset({"order", "refund", "chargeback_refund"})
TRANSFER_TYPES = frozenset({"transfer", "debt"})  # money moved between Amazon and the seller's bank/card


def apply_row(
    bucket: dict[str, Any], kind: str, description: str | None, fulfillment: str | None, count: int,
    quantity: int | None, product_sales: Decimal | None, shipping: Decimal | None, gift_wrap: Decimal | None,
    rebates: Decimal | None, selling: Decimal | None, fba: Decimal | None, other_transaction: Decimal | None,
    other: Decimal | None, total: Decimal | None,
) -> None:  # fmt: skip
    """What `count` identical Payments rows add to their bucket (docs/metrics.md, 'Payments rows').
    A part whose column the layout lacks is added as if the cells were empty, and taken out of the
    input's buckets afterwards (metrics/parts.py): absent is never zero."""
    total_all = _value(total) * count
    if kind in SALE_TYPES:
        sales = _value(product_sales) * count
        units = (quantity or 0) * count
        credits = _value(shipping) * count, _value(gift_wrap) * count
        bucket["shipping_credits"] = bucket.get("shipping_credits", ZERO) + credits[0]
        bucket["gift_wrap_credits"] = bucket.get("gift_wrap_credits", ZERO) + credits[1]
        if kind == "order":
            bucket["gross_sales"] = bucket.get("gross_sales", ZERO) + sales
            bucket["units_sold"] = bucket.get("units_sold", 0) + units
            if fulfillment == "amazon":
                bucket["units_sold_fba"] = bucket.get("units_sold_fba", 0) + units
        else:
            bucket["refunded_sales"] = bucket.get("refunded_sales", ZERO) - sales
            bucket["units_refunded"] = bucket.get("units_refunded", 0) + units
        bucket["referral_fees"] = bucket.get("referral_fees", ZERO) - _value(selling) * count
        bucket["fba_fees"] = bucket.get("fba_fees", ZERO) - _value(fba) * count
        bucket["promotions"] = bucket.get("promotions", ZERO) - _value(rebates) * count
        # Added whatever its value, as every column above: `if extra:` made a group's 0.00 (+0.25 and
        # -0.25 rows) absent or 0.00 depending on where a flush or a worker's range cut the group.
        extra = (_value(other_transaction) + _value(other)) * count
        bucket["other_fees"] = bucket.get("other_fees", ZERO) - extra
        # Tax collected less tax withheld (0 under marketplace-facilitator rules), regulatory fees,
        # TCS/TDS, points: whatever the total holds beyond the columns above. It passes through.
        taxes = (
            total_all
            - sales
            - sum(credits)
            - (_value(rebates) + _value(selling) + _value(fba)) * count
            - extra
        )
        bucket["taxes"] = bucket.get("taxes", ZERO) + taxes
        bucket["net_proceeds"] = bucket.get("net_proceeds", ZERO) + total_all
    elif kind in TRANSFER_TYPES:
        bucket["transfers"] = bucket.get("transfers", ZERO) + total_all
    else:
        words = (description or "").casefold()
        if kind == "service_fee" and any(word in words for word in AD_CHARGE_WORDS):
            name = "ad_charges"
        elif kind == "fba_inventory_fee" and any(word in words for word in STORAGE_WORDS):
            name = "storage_fees"
        elif kind == "adjustment" and _value(total) > 0:
            name = "reimbursements"
        else:
            name = "other_fees"
        bucket[name] = bucket.get(name, ZERO) + (total_all if name == "reimbursements" else -total_all)
        bucket["net_proceeds"] = bucket.get("net_proceeds", ZERO) + total_all


def _value(amount: Decimal | None) -> Decimal:
    """An amount, or 0 for an empty cell. Not `amount or ZERO`: a group's sum of 0.00 keeps its places."""
    return ZERO if amount is None else amount


def fold_records(ledger: Ledger, records: Iterable[Any], window: Window, span: Span | None) -> None:
    """Payments records (reports.payments.PaymentRow) one by one, into the buckets the bulk fold uses:
    for the rows of overlapping inputs that are counted once (metrics/overlap.py)."""
    for row in records:
        day = row.date
        if not window.keeps(day, day):
            continue
        start, end = span(day) if span is not None and day is not None else (None, None)
        bucket = ledger.bucket(("payments", row.marketplace, row.sku, None, start, end))
        apply_row(bucket, row.type, row.description, row.fulfillment, 1, row.quantity, row.product_sales,
                  row.shipping_credits, row.gift_wrap_credits, row.promotional_rebates, row.selling_fees,
                  row.fba_fees, row.other_transaction_fees, row.other, row.total)  # fmt: skip
        if row.type in SALE_TYPES:
            vote(ledger, row.sku, row.fulfillment, (row.quantity or 0) if row.type == "order" else 0)
