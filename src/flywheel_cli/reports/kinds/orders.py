"""`orders`: the All Orders report (`GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE_GENERAL`), tab flat file.

One row per order item (a SKU line of an order). Headers are English and hyphenated in every
marketplace, amounts use a dot decimal even on EU marketplaces, dates are ISO-8601 with an offset.
Layouts grew from 29 columns (MWS) to 32 (`is-business-order`, `purchase-order-number`,
`price-designation`); newer SP-API files drop `url` and append columns: everything is matched by name.

The report ignores the marketplace it is asked for and returns a whole region (all of North America),
so each row carries its own marketplace (`sales-channel`) and currency; Tally collects both, and a file
that holds two currencies is never summed without flywheel.yaml rates (economics/currency.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date as Day
from decimal import Decimal
from typing import Any

from flywheel_cli.reports.kinds.base import Kind
from flywheel_cli.reports.markets import marketplace_code
from flywheel_cli.reports.spec import Field, HeaderMatch, KindSpec, aliases, normalise_header


@dataclass(frozen=True, slots=True)
class OrderRow:
    """One order item (a SKU line of an order) of the All Orders report."""

    line: int
    order_id: str | None
    purchase_date: Day | None
    last_updated: Day | None
    order_status: str | None
    fulfillment: str | None  # `amazon` | `merchant` (Amazon's `Amazon` / `Merchant`), else as written
    sales_channel: str | None  # as written: `Amazon.com`, `Amazon.it`, `Non-Amazon`
    marketplace: str | None  # the sales channel's marketplace code; None off Amazon (MCF)
    sku: str | None
    asin: str | None
    item_status: str | None
    quantity: int | None
    currency: str | None
    item_price: Decimal | None  # the line total (quantity × unit price); empty while an order is pending
    item_tax: Decimal | None
    shipping_price: Decimal | None
    item_promotion_discount: Decimal | None
    ship_promotion_discount: Decimal | None
    is_business_order: bool | None  # None when the layout has no `is-business-order` column

    @property
    def cancelled(self) -> bool:
        """Cancelled as a whole order or as this item (a partly cancelled order keeps its other items)."""
        return _is(self.order_status, "cancelled") or _is(self.item_status, "cancelled")

    @property
    def pending(self) -> bool:
        """Placed but not yet confirmed: Amazon leaves the amounts empty until it is."""
        return _is(self.order_status, "pending")


def _is(status: str | None, word: str) -> bool:
    return status is not None and status.strip().casefold() == word


def _f(name: str, header: str, parse: str = "text", required: bool = False) -> Field:
    return Field(name, aliases(en=header), parse, required)


FIELDS = [
    _f("order_id", "amazon-order-id", required=True),
    _f("purchase_date", "purchase-date", "date", required=True),
    _f("last_updated", "last-updated-date", "date"),
    _f("order_status", "order-status", required=True),
    _f("fulfillment", "fulfillment-channel"),
    _f("sales_channel", "sales-channel", required=True),
    Field("sku", aliases(any="sku"), required=True),
    Field("asin", aliases(any="asin")),
    _f("item_status", "item-status"),
    _f("quantity", "quantity", "int", required=True),
    _f("currency", "currency"),
    _f("item_price", "item-price", "money", required=True),
    _f("item_tax", "item-tax", "money"),
    _f("shipping_price", "shipping-price", "money"),
    _f("item_promotion_discount", "item-promotion-discount", "money"),
    _f("ship_promotion_discount", "ship-promotion-discount", "money"),
    _f("is_business_order", "is-business-order"),
]

# Columns flywheel knows and does not use (so that they are not reported as unknown). Columns newer
# files append beyond these are listed as unknown by `inspect`, never an error.
IGNORED = aliases(
    en=["merchant-order-id", "order-channel", "url", "ship-service-level", "product-name", "shipping-tax",
        "gift-wrap-price", "gift-wrap-tax", "ship-city", "ship-state", "ship-postal-code", "ship-country",
        "promotion-ids", "purchase-order-number", "price-designation", "cpf", "signature-confirmation-recommended"],
)  # fmt: skip

_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0"})
_FULFILMENT = {"amazon": "amazon", "afn": "amazon", "merchant": "merchant", "mfn": "merchant"}


def _layout(match: HeaderMatch, header: Sequence[str]) -> str:
    """`29-col` (MWS), `32-col` (with `is-business-order`), `sp-api` (no `url`: newer files)."""
    names = {normalise_header(cell) for cell in header}
    if "url" not in names:
        return "sp-api"
    return "32-col" if "is_business_order" in match.columns else "29-col"


def _flag(raw: str | None) -> bool | None:
    if raw is None:
        return None
    word = raw.casefold()
    return True if word in _TRUE else False if word in _FALSE else None


def _fulfilment(raw: str | None) -> str | None:
    return _FULFILMENT.get(raw.casefold(), raw) if raw else None


class AllOrders(Kind):
    SPEC = KindSpec("orders", "All Orders report", FIELDS, IGNORED, layout=_layout)
    RECORD = OrderRow
    DATE_FIELDS = ("purchase_date", "last_updated")
    PERIOD_FIELD = "purchase_date"
    FAMILY = "orders"
    DATING = "rows"
    # Every documented layout has these; one missing is a damaged header (warned, its parts null).
    EXPECTED = ("asin", "item_status", "currency", "fulfillment")

    def make(self, line: int, row: dict[str, Any]) -> OrderRow:
        channel = row["sales_channel"]
        return OrderRow(
            line, row["order_id"], row["purchase_date"], row["last_updated"], row["order_status"],
            _fulfilment(row["fulfillment"]), channel, marketplace_code(channel), row["sku"], row["asin"],
            row["item_status"], row["quantity"], row["currency"], row["item_price"], row["item_tax"],
            row["shipping_price"], row["item_promotion_discount"], row["ship_promotion_discount"],
            _flag(row["is_business_order"]),
        )  # fmt: skip


KIND = AllOrders()
