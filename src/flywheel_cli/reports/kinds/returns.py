"""`fba-returns`: FBA Customer Returns (tab flat file, or the CSV download), one row per returned line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Day

from flywheel_cli.reports.kinds.base import Kind
from flywheel_cli.reports.spec import Field, KindSpec, aliases


@dataclass(frozen=True, slots=True)
class ReturnRow:
    """One returned line of the FBA Customer Returns report."""

    line: int
    date: Day | None
    order_id: str | None
    sku: str | None
    asin: str | None
    fnsku: str | None
    product_name: str | None
    quantity: int | None
    fulfillment_center: str | None
    disposition: str | None
    reason: str | None
    status: str | None


FIELDS = [
    Field("date", aliases(en="return-date"), "date", required=True),
    Field("order_id", aliases(en="order-id")),
    Field("sku", aliases(any="sku")),
    Field("asin", aliases(any="asin")),
    Field("fnsku", aliases(any="fnsku")),
    Field("product_name", aliases(en="product-name")),
    Field("quantity", aliases(en="quantity"), "int", required=True),
    Field("fulfillment_center", aliases(en="fulfillment-center-id")),
    Field("disposition", aliases(en="detailed-disposition"), required=True),
    Field("reason", aliases(en="reason")),
    Field("status", aliases(en="status")),
]


class FbaReturns(Kind):
    SPEC = KindSpec(
        "fba-returns",
        "FBA Customer Returns",
        FIELDS,
        aliases(en=["license-plate-number", "customer-comments"]),
        layout=lambda match, header: "returns",
    )
    RECORD = ReturnRow
    DATE_FIELDS = ("date",)
    FAMILY = "returns"


KIND = FbaReturns()
