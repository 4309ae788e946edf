"""The settlement fold: every amount of a settlement file into the parts the Payments fold fills.

A settlement file is the same money as the Payments report, one amount per row instead of one
transaction per row, so it goes into the same buckets (source `payments`) with the same signs: income
(sales, credits, taxes, reimbursements) as it is, costs (refunds, fees, promotions) as positives. Every
amount lands in exactly one part and in `net_proceeds`, so the cost breakdown reconciles to the cent.
An amount this module does not know is kept in `other_fees`, never dropped, and named in a warning.
Each settlement's amounts must add up to its summary row's total (docs/reports.md, `settlement`).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from flywheel_cli.core.errors import InputError
from flywheel_cli.metrics.channels import vote

if TYPE_CHECKING:  # fold.py imports this fold (a cycle at run time); a kind is imported when read
    from flywheel_cli.metrics.fold import Key, Ledger, Span, Window
    from flywheel_cli.reports.kinds.settlement import SettlementRow

ZERO = Decimal(0)
INCOME = frozenset({"gross_sales", "shipping_credits", "gift_wrap_credits", "taxes", "reimbursements"})

# amount-description (or V1 `*-type`) → part, for the amounts of Order and Refund transactions.
_PRICES = {"principal": "sales", "shipping": "shipping_credits", "giftwrap": "gift_wrap_credits"}
_TAXES = frozenset({"tax", "shippingtax", "giftwraptax", "product tax", "taxdiscount", "shippingtaxdiscount"})
_TAX_PREFIXES = ("tcs-", "marketplacefacilitatortax-", "marketplacefacilitatorvat-", "lowvaluegoodstax-")
_REFERRAL = frozenset({"commission", "refundcommission", "variableclosingfee", "fixedclosingfee"})
_FBA = frozenset({"fbaperunitfulfillmentfee", "fbaperorderfulfillmentfee", "fbaweightbasedfee"})
# Amounts known to be Amazon fees the breakdown has no line of their own for (Payments puts them in
# `other transaction fees` / `other`), and reserve movements: `other_fees`, without a warning.
KNOWN_OTHER = frozenset({
    "shippingchargeback", "giftwrapchargeback", "shippinghb", "salestaxcollectionfee", "getpaidfasterfee",
    "restockingfee", "exportcharge", "inbound defect fee", "fbainboundtransportationfee",
    "inbound transportation fee", "fbaremovalfee", "fbadisposalfee", "fbacustomerreturnperunitfee",
    "subscription fee", "vine enrollment fee", "current reserve amount", "previous reserve amount balance",
    "payable to amazon", "successful charge", "fba inventory reimbursement", "balance adjustment",
})  # fmt: skip
_STORAGE = ("storage", "surcharge")


def transaction_kind(raw: str | None) -> str:
    """`Order` → order; `Refund`, `Chargeback Refund`, `A-to-z Guarantee Refund` → refund; else other."""
    text = (raw or "").strip().casefold()
    return "order" if text == "order" else "refund" if "refund" in text else "other"


@functools.cache
def part_of(
    kind: str, transaction: str | None, amount_type: str | None, description: str | None, positive: bool
) -> tuple[str, bool]:
    """(the part an amount goes in, whether flywheel knows the amount) — see docs/reports.md."""
    word, what = (amount_type or "").strip().casefold(), (description or "").strip().casefold()
    whole = (transaction or "").strip().casefold()
    if kind != "other":
        if word == "promotion":
            return "promotions", True
        if word == "itemwithheldtax" or what in _TAXES or what.startswith(_TAX_PREFIXES):
            return "taxes", True
        if what in _PRICES:
            price = _PRICES[what]
            if price == "sales":
                return ("gross_sales" if kind == "order" else "refunded_sales"), True
            return price, True
        if what in _REFERRAL:
            return "referral_fees", True
        if what in _FBA:
            return "fba_fees", True
    words = f"{whole} {word} {what}"
    if any(name in words for name in _STORAGE):
        return "storage_fees", True
    if "advertising" in words:
        return "ad_charges", True
    if positive and ("reimburse" in words or "adjustment" in words):
        return "reimbursements", True
    return "other_fees", bool({whole, word, what} & KNOWN_OTHER)


@dataclass
class SettlementFold:
    """Fold one settlement file into `ledger`; afterwards `warnings(path)` and `settlements`."""

    ledger: Ledger
    window: Window
    span: Span | None
    totals: dict[str, Decimal | None] = field(default_factory=dict)  # settlement id → summary total
    sums: dict[str, Decimal] = field(default_factory=dict)  # settlement id → Σ amounts (whole file)
    unknown: Counter[str] = field(default_factory=Counter)  # unknown amount → rows
    _items: set[tuple[Any, ...]] = field(default_factory=set)  # order items whose units are counted
    _refunds: set[tuple[Any, ...]] = field(default_factory=set)  # refunded items in the window

    @property
    def settlements(self) -> frozenset[str]:
        return frozenset(self.totals)

    def run(self, records: Iterable[SettlementRow]) -> None:
        for row in records:
            self.add(row)

    def add(self, row: SettlementRow) -> None:
        settlement = row.settlement_id or ""
        self.totals.setdefault(settlement, row.settlement_total)
        self.sums[settlement] = self.sums.get(settlement, ZERO) + (row.amount or ZERO)
        day, kind = row.date, transaction_kind(row.transaction_type)
        units = kind != "other" and row.quantity is not None
        if not self.window.keeps(day, day) or not (row.amounts or units):
            return
        if kind == "refund":
            self._refunds.add(_item(row))
        start, end = self.span(day) if self.span is not None and day is not None else (None, None)
        key: Key = ("payments", row.marketplace, row.sku, None, start, end)
        bucket = self.ledger.bucket(key)
        if row.currency:  # a row names its currency: the conversion goes by it (metrics/money.py)
            held = self.ledger.currencies.setdefault(key, row.currency)
            if held != row.currency:
                raise InputError(
                    f"settlement {row.settlement_id} is in {row.currency}, but amounts of the same day and SKU "
                    f"({row.sku or 'none'}) in this file are in {held}: flywheel never adds different currencies",
                    line=row.line,
                    hint="download each settlement in a file of its own",
                )
        if units:
            self._units(bucket, kind, row)
        for amount_type, description, amount in row.amounts:
            part, known = part_of(kind, row.transaction_type, amount_type, description, amount > 0)
            if not known:
                names = dict.fromkeys(t for t in (row.transaction_type, amount_type, description) if t)
                self.unknown[" / ".join(names)] += 1
            bucket[part] = bucket.get(part, ZERO) + (amount if part in INCOME else -amount)
            bucket["net_proceeds"] = bucket.get("net_proceeds", ZERO) + amount

    def _units(self, bucket: dict[str, Any], kind: str, row: SettlementRow) -> None:
        """An order item's quantity is counted once per shipment (or refund): V2 repeats it on every
        amount row of the item-shipment, V1 puts it on one of them."""
        item = _item(row)
        if item in self._items:
            return
        self._items.add(item)
        units = row.quantity or 0
        vote(self.ledger, row.sku, row.fulfillment, units if kind == "order" else 0)  # metrics/channels.py
        if kind == "order":
            bucket["units_sold"] = bucket.get("units_sold", 0) + units
            if row.fulfillment == "amazon":
                bucket["units_sold_fba"] = bucket.get("units_sold_fba", 0) + units
        else:
            bucket["units_refunded"] = bucket.get("units_refunded", 0) + units

    def lacks(self, path: str) -> dict[str, str]:
        """The parts this file cannot give (absent, with why): units refunded when a refunded item of
        the period carries no quantity-purchased on any of its rows (docs/reports.md, `settlement`)."""
        unknown = len(self._refunds - self._items)
        if not unknown:
            return {}
        items = f"{unknown} refunded order item{'s' if unknown != 1 else ''}"
        return {
            "units_refunded": f"{path} has {items} without a 'quantity-purchased' (settlement): "
            "the units refunded are unknown"
        }

    def warnings(self, path: str) -> list[str]:
        """A settlement whose amounts do not add up to its total (a damaged file), and unknown amounts."""
        notes = []
        for settlement, total in sorted(self.totals.items()):
            counted = self.sums[settlement]
            if total is None:
                notes.append(
                    f"{path}: settlement {settlement} has no summary row, so its amounts ({counted}) cannot be "
                    "checked against a total; download the report again"
                )
            elif counted != total:
                notes.append(
                    f"{path}: settlement {settlement} does not add up: its amount rows sum to {counted}, its summary "
                    f"row's total-amount is {total} (difference {total - counted}); the file looks damaged or cut, "
                    "download it again"
                )
        if self.unknown:
            kinds = ", ".join(f"{name} ({count})" for name, count in sorted(self.unknown.items()))
            rows = sum(self.unknown.values())
            notes.append(
                f"{path}: {rows} amount row{'s' if rows != 1 else ''} of a type flywheel does not know, kept in "
                f"other_fees: {kinds}"
            )
        return notes


def _item(row: SettlementRow) -> tuple[Any, ...]:
    """One order item's shipment (an order) or adjustment (a refund): the rows that share a quantity.
    An item shipped in two shipments on one day is two: their units add."""
    return (row.settlement_id, row.transaction_type, row.order_id, row.adjustment_id, row.shipment_id,
            row.order_item_code, row.sku, row.date)  # fmt: skip


def fold_settlement(
    ledger: Ledger,
    records: Iterable[SettlementRow],
    window: Window,
    market: str | None,
    span: Span | None = None,
) -> None:
    """The registered fold (metrics/fold.py). The engine uses `SettlementFold` itself, for its warnings."""
    SettlementFold(ledger, window, span).run(records)
