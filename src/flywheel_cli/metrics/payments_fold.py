"""The Payments fold: rows are counted by their distinct raw cells, each distinct cell parsed once.

A Payments report repeats itself: the same SKUs, prices, fees and type words on row after row. So the
fold does not parse every cell of every row. It counts rows by the tuple of raw cells it needs (type,
SKU, marketplace, fulfilment, amounts, and the date when the grain needs it), and every `FLUSH_AT`
distinct tuples — and at the end — parses each tuple once and adds it times its count. Memory is
bounded by `FLUSH_AT`, whatever the row count; the sums are the same exact Decimals as row by row
(a test folds every Payments fixture both ways). A bad cell is reported at the first line it appeared.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from flywheel_cli.core.errors import InputError
from flywheel_cli.metrics.fold import AD_CHARGE_WORDS, STORAGE_WORDS, Ledger, Window
from flywheel_cli.reports.kind import parser_for
from flywheel_cli.reports.payments import _fulfillment as fulfillment_of
from flywheel_cli.reports.payments import _marketplace as marketplace_of
from flywheel_cli.reports.payments import canonical_type
from flywheel_cli.reports.reader import Report
from flywheel_cli.reports.values import CellError, parse_date, parse_text

FLUSH_AT = 50_000
ZERO = Decimal(0)
SALE_TYPES = frozenset({"order", "refund", "chargeback_refund"})
TRANSFER_TYPES = frozenset({"transfer", "debt"})  # money moved between Amazon and the seller's bank/card
AMOUNTS = ("quantity", "product_sales", "promotional_rebates", "selling_fees", "fba_fees",
           "other_transaction_fees", "other", "total")  # fmt: skip
KEYS = ("type", "sku", "marketplace", "fulfillment")


class PaymentsFold:
    """Fold one Payments report into `ledger`; afterwards `rows`, `first`, `last`, `marketplaces`."""

    def __init__(
        self, ledger: Ledger, report: Report, window: Window, market: str | None, by_day: bool
    ) -> None:
        assert report.match is not None
        self.ledger, self.report, self.window, self.market = ledger, report, window, market
        self.filtering = window.start is not None or window.end is not None
        self.by_day = by_day
        self.dated = by_day or self.filtering  # the date is part of the key (for buckets or the window)
        columns = report.match.columns
        self.index = {name: columns.get(name) for name in (*KEYS, "description", "date", *AMOUNTS)}
        self.parse = {
            name: parser_for("int" if name == "quantity" else "money", report.context) for name in AMOUNTS
        }
        self.day_first = report.context.day_first
        self.rows = 0
        self.first: date | None = None
        self.last: date | None = None
        self.marketplaces: set[str] = set()
        self._pending: dict[tuple[Any, ...], list[int]] = {}
        self._prefixes: dict[str, tuple[int, str]] = {}  # date text before the time → (first line, full text)

    def run(self, rows: Iterator[tuple[int, list[str]]]) -> None:
        # The key's cells, taken in C by one itemgetter; absent columns read an appended "" cell.
        names = (*KEYS, *AMOUNTS)
        blank = max(i for i in self.index.values() if i is not None) + 1
        positions = [self.index[name] for name in names]
        cells_of = operator.itemgetter(*[blank if i is None else i for i in positions])
        type_at, description_at = self.index["type"], self.index["description"]
        date_at = self.index["date"]
        pending, prefixes, dated = self._pending, self._prefixes, self.dated
        sale_types: dict[str, bool] = {}  # raw type word → is a sale row (cached: a dozen words)
        count = 0
        for line, cells in rows:
            count += 1
            cells.append("")
            text = cells[date_at] if date_at is not None else ""
            cut = text.find(":")
            prefix = text[:cut] if cut > 0 else text
            if prefix not in prefixes:
                prefixes[prefix] = (line, text)
            raw_type = cells[type_at] if type_at is not None else ""
            is_sale = sale_types.get(raw_type)
            if is_sale is None:
                is_sale = sale_types[raw_type] = canonical_type(raw_type.strip() or None) in SALE_TYPES
            description = None if is_sale or description_at is None else cells[description_at]
            key = (prefix if dated else None, description, *cells_of(cells))
            entry = pending.get(key)
            if entry is None:
                pending[key] = [1, line]
                if len(pending) >= FLUSH_AT:
                    self._flush()
            else:
                entry[0] += 1
        self._flush()
        self.rows = count
        days = [d for d in (self._date(line, text) for line, text in prefixes.values()) if d is not None]
        self.first, self.last = (min(days), max(days)) if days else (None, None)

    def _date(self, line: int, text: str) -> date | None:
        try:
            return parse_date(text, self.day_first)
        except ValueError as exc:
            column = (self.index["date"] or 0) + 1
            raise InputError(f"a date was expected in column 'date', found {text.strip()!r}", path=self.report.path,
                             line=line, column=column, hint=str(exc)) from None  # fmt: skip

    def _flush(self) -> None:
        buckets: dict[tuple[Any, ...], dict[str, Any]] = {}
        for key, (count, line) in self._pending.items():
            prefix, description, raw_type, raw_sku, raw_market, raw_fulfillment, *raw_amounts = key
            day = None
            if prefix is not None:
                day = self._date(line, self._prefixes[prefix][1])
                if self.filtering and not self.window.keeps(day, day):
                    continue
            amounts = self._amounts(raw_amounts, line)
            sku = parse_text(raw_sku)
            market = marketplace_of(parse_text(raw_market)) or self.market
            if market is not None:
                self.marketplaces.add(market)
            where = (market, sku, day if self.by_day else None)
            bucket = buckets.get(where)
            if bucket is None:
                bucket = buckets[where] = self.ledger.bucket(
                    ("payments", market, sku, None, where[2], where[2])
                )
            kind = canonical_type(raw_type.strip() or None)
            apply_row(bucket, kind, description, fulfillment_of(parse_text(raw_fulfillment)), count, *amounts)
        self._pending.clear()

    def _amounts(self, raw: list[str], line: int) -> list[Any]:
        parsed = []
        for name, text in zip(AMOUNTS, raw, strict=True):
            try:
                parsed.append(self.parse[name](text))
            except ValueError as exc:
                index = self.index[name] or 0
                kind = "a whole number" if name == "quantity" else "an amount"
                error = CellError(f"{kind} was expected in column {name!r}, found {text.strip()!r}", index)
                raise InputError(str(error), path=self.report.path, line=line, column=index + 1,
                                 hint="was the file edited by hand or re-saved with another number format? "
                                 "re-download the report") from exc  # fmt: skip
        return parsed


def apply_row(
    bucket: dict[str, Any], kind: str, description: str | None, fulfillment: str | None, count: int,
    quantity: int | None, product_sales: Decimal | None, rebates: Decimal | None, selling: Decimal | None,
    fba: Decimal | None, other_transaction: Decimal | None, other: Decimal | None, total: Decimal | None,
) -> None:  # fmt: skip
    """What `count` identical Payments rows add to their bucket (docs/metrics.md, 'Payments rows')."""
    total_all = (total or ZERO) * count
    if kind in SALE_TYPES:
        sales = (product_sales or ZERO) * count
        units = (quantity or 0) * count
        if kind == "order":
            bucket["gross_sales"] = bucket.get("gross_sales", ZERO) + sales
            bucket["units_sold"] = bucket.get("units_sold", 0) + units
            if fulfillment == "amazon":
                bucket["units_sold_fba"] = bucket.get("units_sold_fba", 0) + units
        else:
            bucket["refunded_sales"] = bucket.get("refunded_sales", ZERO) - sales
            bucket["units_refunded"] = bucket.get("units_refunded", 0) + units
        bucket["referral_fees"] = bucket.get("referral_fees", ZERO) - (selling or ZERO) * count
        bucket["fba_fees"] = bucket.get("fba_fees", ZERO) - (fba or ZERO) * count
        bucket["promotions"] = bucket.get("promotions", ZERO) - (rebates or ZERO) * count
        extra = ((other_transaction or ZERO) + (other or ZERO)) * count
        if extra:
            bucket["other_fees"] = bucket.get("other_fees", ZERO) - extra
        bucket["net_proceeds"] = bucket.get("net_proceeds", ZERO) + total_all
    elif kind in TRANSFER_TYPES:
        bucket["transfers"] = bucket.get("transfers", ZERO) + total_all
    else:
        words = (description or "").casefold()
        if kind == "service_fee" and any(word in words for word in AD_CHARGE_WORDS):
            name = "ad_charges"
        elif kind == "fba_inventory_fee" and any(word in words for word in STORAGE_WORDS):
            name = "storage_fees"
        elif kind == "adjustment" and (total or ZERO) > 0:
            name = "reimbursements"
        else:
            name = "other_fees"
        bucket[name] = bucket.get(name, ZERO) + (total_all if name == "reimbursements" else -total_all)
        bucket["net_proceeds"] = bucket.get("net_proceeds", ZERO) + total_all
