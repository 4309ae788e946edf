"""`settlement`: the settlement report flat file, V2 (24 or 23 columns) and the legacy V1 (36 columns).

Tab-delimited, English header in every marketplace. The first data row of a settlement is its summary
(settlement id, start, end, deposit date, total-amount, currency; the rest empty, trailing tabs often
missing): it is not a record. Its total and currency ride on every amount row of the settlement that
follows, so that the fold can check the amounts against the total. V2 has one amount per row
(`amount-type`, `amount-description`, `amount`); V1 spreads it over typed pairs (`price-type` /
`price-amount`, `item-related-fee-type` / `-amount`, …), each kept as an amount of its own.
EU files write decimal commas and `DD.MM.YYYY` dates under the same English header: the reader learns
the decimal mark from the amounts of a sample of rows (`Kind.SAMPLED_MONEY`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date as Day
from decimal import Decimal
from typing import Any

from flywheel_cli.reports import values
from flywheel_cli.reports.context import Context
from flywheel_cli.reports.kinds.base import Kind, excerpt
from flywheel_cli.reports.markets import marketplace_code
from flywheel_cli.reports.spec import Field, HeaderMatch, KindSpec, aliases

# One amount of a row: (amount-type, amount-description, amount). V1 pairs get the V2 amount-type
# word their pair stands for (`price-*` → ItemPrice, `item-related-fee-*` → ItemFees, …).
Amount = tuple[str | None, str | None, Decimal]


@dataclass(frozen=True, slots=True)
class SettlementRow:
    """One row of a settlement report (not its summary), carrying the summary's dates and total."""

    line: int
    date: Day | None  # posted-date-time, else posted-date
    settlement_id: str | None
    settlement_start: Day | None  # the summary row's, on every row of its settlement
    settlement_end: Day | None
    deposit_date: Day | None
    settlement_total: Decimal | None  # the summary row's total-amount
    currency: str | None
    transaction_type: str | None
    order_id: str | None
    adjustment_id: str | None
    shipment_id: str | None
    marketplace: str | None
    fulfillment: str | None  # amazon (AFN) | seller (MFN) | None
    order_item_code: str | None
    sku: str | None
    quantity: int | None
    promotion_id: str | None
    amounts: tuple[Amount, ...]
    amount: Decimal | None  # Σ of `amounts` (None when the row has none)


def _f(name: str, header: str, parse: str = "text", required: bool = False) -> Field:
    return Field(name, aliases(en=header), parse, required)


# V1 (amount-type word, type column or None, amount column) — misc-fee and other-amount carry no type.
V1_PAIRS = (
    ("ItemPrice", "price_type", "price_amount"),
    ("ItemFees", "item_fee_type", "item_fee_amount"),
    ("ShipmentFees", "shipment_fee_type", "shipment_fee_amount"),
    ("OrderFees", "order_fee_type", "order_fee_amount"),
    ("Promotion", "promotion_type", "promotion_amount"),
    ("MiscFee", None, "misc_fee_amount"),
    ("OtherFee", "other_fee_reason", "other_fee_amount"),
    ("DirectPayment", "direct_payment_type", "direct_payment_amount"),
    ("Other", None, "other_amount"),
)

FIELDS = [
    _f("settlement_id", "settlement-id", required=True),
    _f("settlement_start", "settlement-start-date", "date", True),
    _f("settlement_end", "settlement-end-date", "date", True),
    _f("deposit_date", "deposit-date", "date"),
    _f("total_amount", "total-amount", "money", True),
    _f("currency", "currency", required=True),
    _f("transaction_type", "transaction-type", required=True),
    _f("order_id", "order-id"),
    _f("merchant_order_id", "merchant-order-id"),
    _f("adjustment_id", "adjustment-id"),
    _f("shipment_id", "shipment-id"),
    _f("marketplace", "marketplace-name"),
    _f("amount_type", "amount-type"),
    _f("amount_description", "amount-description"),
    _f("amount", "amount", "money"),
    _f("fulfillment", "fulfillment-id"),
    # Parsed only when posted-date-time is empty (`Settlement.posted`): its day order is disputed.
    _f("posted_date", "posted-date", required=True),
    _f("posted_date_time", "posted-date-time", "date"),
    _f("order_item_code", "order-item-code"),
    _f("merchant_order_item_id", "merchant-order-item-id"),
    _f("merchant_adjustment_item_id", "merchant-adjustment-item-id"),
    Field("sku", aliases(any="sku")),
    _f("quantity", "quantity-purchased", "int"),
    _f("promotion_id", "promotion-id"),
    _f("shipment_fee_type", "shipment-fee-type"),
    _f("shipment_fee_amount", "shipment-fee-amount", "money"),
    _f("order_fee_type", "order-fee-type"),
    _f("order_fee_amount", "order-fee-amount", "money"),
    _f("price_type", "price-type"),
    _f("price_amount", "price-amount", "money"),
    _f("item_fee_type", "item-related-fee-type"),
    _f("item_fee_amount", "item-related-fee-amount", "money"),
    _f("misc_fee_amount", "misc-fee-amount", "money"),
    _f("other_fee_amount", "other-fee-amount", "money"),
    _f("other_fee_reason", "other-fee-reason-description"),
    _f("promotion_type", "promotion-type"),
    _f("promotion_amount", "promotion-amount", "money"),
    _f("direct_payment_type", "direct-payment-type"),
    _f("direct_payment_amount", "direct-payment-amount", "money"),
    _f("other_amount", "other-amount", "money"),
]
_FULFILLMENT = {"afn": "amazon", "mfn": "seller"}
_POSTED_HINT = "a settlement's amount rows carry posted-date-time or posted-date; re-download the report"


def _v1(match: HeaderMatch) -> bool:
    return "price_amount" in match.columns


def _layout(match: HeaderMatch, header: Any) -> str:
    return f"{'v1' if _v1(match) else 'v2'}-{len(header)}col"


class _Settlement:
    """Turns one file's parsed rows into records: holds each settlement's summary while its rows pass."""

    def __init__(self, match: HeaderMatch, context: Context) -> None:
        self.v1 = _v1(match)
        self.day_first = context.day_first
        self.posted_column = match.columns["posted_date"]
        self.posted = match.column("posted_date")  # as the header writes it, for messages
        timed = match.column("posted_date_time") if "posted_date_time" in match.columns else None
        self.empty = f" (and {timed!r} is empty)" if timed else ""  # V1 has no posted-date-time
        self.summaries: dict[str | None, tuple[Any, ...]] = {}

    def record(self, line: int, row: dict[str, Any]) -> SettlementRow | None:
        settlement = row["settlement_id"]
        if row["transaction_type"] is None and row["total_amount"] is not None:
            self.summaries[settlement] = (row["settlement_start"], row["settlement_end"], row["deposit_date"],
                                          row["total_amount"], row["currency"])  # fmt: skip
            return None
        amounts = self._amounts(row)
        start, end, deposit, total, currency = self.summaries.get(settlement, (None,) * 5)
        day = row["posted_date_time"] or self._posted(row["posted_date"])
        if day is None and amounts:
            raise values.CellError(
                f"a posted date was expected in column {self.posted!r}{self.empty}",
                self.posted_column,
                hint=_POSTED_HINT,
            )
        fulfillment = row["fulfillment"]
        return SettlementRow(
            line, day, settlement, start, end, deposit, total, row["currency"] or currency, row["transaction_type"],
            row["order_id"], row["adjustment_id"], row["shipment_id"],
            (marketplace_code(row["marketplace"]) or row["marketplace"]) if row["marketplace"] else None,
            _FULFILLMENT.get(fulfillment.casefold(), fulfillment) if fulfillment else None,
            row["order_item_code"] or row["merchant_adjustment_item_id"], row["sku"], row["quantity"],
            row["promotion_id"], amounts, sum((a for *_, a in amounts), Decimal(0)) if amounts else None,
        )  # fmt: skip

    def _amounts(self, row: dict[str, Any]) -> tuple[Amount, ...]:
        if not self.v1:
            amount = row["amount"]
            return () if amount is None else ((row["amount_type"], row["amount_description"], amount),)
        return tuple(
            (word, row[kind] if kind else None, row[column])
            for word, kind, column in V1_PAIRS
            if row[column] is not None
        )

    def _posted(self, text: str | None) -> Day | None:
        if text is None:
            return None
        try:
            return values.parse_date(text, self.day_first)
        except ValueError as exc:
            raise values.CellError(
                f"a date was expected in column {self.posted!r}, found {excerpt(text)}",
                self.posted_column,
                hint=_POSTED_HINT,
            ) from exc


class Settlement(Kind):
    SPEC = KindSpec(
        "settlement",
        "Settlement report (flat file V2, legacy V1)",
        FIELDS,
        layout=_layout,
        accepts=lambda match: "amount" in match.columns or "price_amount" in match.columns,
    )
    RECORD = SettlementRow
    DATE_FIELDS = ("posted_date",)  # the reader learns its day order from a sample (`09/06/25`)
    SAMPLED_MONEY = ("total_amount", "amount", "price_amount", "item_fee_amount")
    FAMILY = "payments"  # the same money as the Payments report (metrics/settlement_fold.py)
    EXPECTED = ("sku", "quantity", "order_id", "marketplace")
    SHORT_ROWS = True  # summary rows lose their trailing tabs

    def make(self, line: int, row: dict[str, Any]) -> Any:
        return line, row  # finished by `builder`, which knows the file's summary rows

    def stated(
        self, match: HeaderMatch, sample: Sequence[Sequence[str]], day_first: bool
    ) -> tuple[tuple[Day, Day] | None, str | None]:
        """The first summary row's settlement-start/-end dates and currency: what a settlement without
        amount rows covers (a bad cell here is left to the row's own, located, error)."""
        columns = match.columns

        def cell(cells: Sequence[str], name: str) -> str:
            index = columns.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        for cells in sample:
            if cell(cells, "transaction_type") or not cell(cells, "total_amount"):
                continue
            try:
                start = values.parse_date(cell(cells, "settlement_start"), day_first)
                end = values.parse_date(cell(cells, "settlement_end"), day_first)
            except ValueError:
                start = end = None
            span = (start, end) if start is not None and end is not None and start <= end else None
            return span, cell(cells, "currency") or None
        return None, None

    def builder(
        self, match: HeaderMatch, context: Context, sample: Sequence[Sequence[str]] = ()
    ) -> Callable[[int, list[str]], Any]:
        parse = super().builder(match, context, sample)
        settlement = _Settlement(match, context)

        def build(line: int, cells: list[str]) -> SettlementRow | None:
            number, row = parse(line, cells)
            return settlement.record(number, row)

        return build


KIND = Settlement()
