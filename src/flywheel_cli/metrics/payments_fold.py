"""The Payments fold: rows are counted by their distinct raw cells, each distinct combination parsed once.

A Payments report repeats itself: the same SKUs, prices, fees and type words on row after row. So the
fold does not parse every cell of every row. `reports.batches` hands it, a batch at a time, only the
cells it needs (type, SKU, description, marketplace, fulfilment, the amounts, and the date's text up to
its first ':'); the fold counts rows by those cells in C, parses each new combination in the batch it
first appears in (runs of cells are parsed once and cached: payments_cells.py; a bad cell is reported
at the first line it is on), and every `FLUSH_AT` distinct combinations — and at the end — adds each
one times its count. Memory is bounded by `FLUSH_AT` whatever the row count;
the sums are the same exact Decimals as row by row (a test folds every Payments fixture both ways).
"""

from __future__ import annotations

import itertools
import operator
from collections import Counter
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from flywheel_cli.core.errors import InputError
from flywheel_cli.metrics.channels import vote
from flywheel_cli.metrics.fold import AD_CHARGE_WORDS, STORAGE_WORDS, Ledger, Span, Window
from flywheel_cli.metrics.payments_cells import AMOUNTS, TEXTS, BadCell, Cells
from flywheel_cli.reports.batches import Batch, Selection
from flywheel_cli.reports.kinds.base import excerpt
from flywheel_cli.reports.reader import Report
from flywheel_cli.reports.values import parse_date

FLUSH_AT = 20_000
ZERO = Decimal(0)
SALE_TYPES = frozenset({"order", "refund", "chargeback_refund"})
TRANSFER_TYPES = frozenset({"transfer", "debt"})  # money moved between Amazon and the seller's bank/card
NUMBER_HINT = "was the file edited by hand or re-saved with another number format? re-download the report"
_first = operator.itemgetter(0)
_after_first = operator.itemgetter(slice(1, None))


class PaymentsFold:
    """Fold one Payments report into `ledger`; afterwards `rows`, `first`, `last`, `marketplaces`."""

    def __init__(
        self, ledger: Ledger, report: Report, window: Window, market: str | None, span: Span | None
    ) -> None:
        assert report.match is not None
        self.ledger, self.report, self.window = ledger, report, window
        self.filtering = window.start is not None or window.end is not None
        self.span = span
        self.columns = {name: report.match.columns[name] for name in (*TEXTS, "date", *AMOUNTS)
                        if name in report.match.columns}  # fmt: skip
        date_at = self.columns.get("date")
        present = {name: column for name, column in self.columns.items() if name != "date"}
        self.selection = Selection.of(list(present.values()), date_at)
        self.cells = Cells(self.selection, present, report.context, market)
        # The date's text is part of the key when days matter (buckets or a window); otherwise only
        # the distinct dates are kept, for the period.
        self.dated = date_at is not None and (span is not None or self.filtering)
        self.day_first = report.context.day_first
        self.rows = 0
        self.first: date | None = None
        self.last: date | None = None
        self.marketplaces: set[str] = set()
        self._pending: Counter[Any] = Counter()  # Row, or (head, Row) when dated
        self._values: dict[Any, tuple[Any, ...] | None] = {}  # of pending keys; None: outside the window
        self._days: dict[str, date | None] = {}  # date text up to the first ':' → its day
        # When dated, a key is (head, runs): the head is the day (to test against the window) or, with
        # no window, the bucket the day goes in — so a month of rows makes one head, not 744 hours.
        self._heads: dict[str, Any] = {}

    def run(self, batches: Iterable[Batch]) -> None:
        pending, known, days, heads = self._pending, self._values, self._days, self._heads
        has_date, dated = "date" in self.columns, self.dated
        for batch in batches:
            rows = batch.rows
            self.rows += len(rows)
            try:
                if has_date:
                    for text in set(map(_first, rows)).difference(days):
                        days[text] = day = parse_date(text, self.day_first)
                        # The head of a dated key: the day while the window is to be tested, else its bucket.
                        heads[text] = day if self.filtering else self._bucket(day)
                if dated:
                    keys: list[Any] = list(
                        zip(map(heads.__getitem__, map(_first, rows)), map(_after_first, rows), strict=True)
                    )
                else:
                    keys = list(map(_after_first, rows)) if has_date else rows
                before = len(pending)
                pending.update(keys)
                # Keys new to `pending` are its last ones (dicts keep insertion order).
                for key in itertools.islice(reversed(pending), len(pending) - before):
                    known[key] = self._key_values(key, batch)
            except (BadCell, ValueError):
                raise self._first_error(batch) from None
            if len(pending) >= FLUSH_AT:
                self._flush()
        self._flush()
        found = [day for day in days.values() if day is not None]
        self.first, self.last = (min(found), max(found)) if found else (None, None)

    def _key_values(self, key: Any, batch: Batch) -> tuple[Any, ...] | None:
        """(bucket start, bucket end, VALUES…) of rows with this key; None when their day is outside the
        window. Without a span, every row of a SKU goes in one undated bucket."""
        if not self.dated:
            return (None, None, *self.cells.values(key, batch))
        head, runs = key
        if self.filtering:
            if not self.window.keeps(head, head):
                return None
            head = self._bucket(head)
        start, end = head or (None, None)
        return (start, end, *self.cells.values(runs, batch))

    def _bucket(self, day: date | None) -> tuple[date, date] | None:
        """The (start, end) of the bucket `day`'s rows go in (None without a span or a day)."""
        return self.span(day) if self.span is not None and day is not None else None

    def _first_error(self, batch: Batch) -> InputError:
        """The first bad cell of a batch that has one, located (rows are checked in file order)."""
        has_date = "date" in self.columns
        for index, row in enumerate(batch.rows):
            name, text, message = "", "", ""
            try:
                if has_date:
                    name, text = "date", batch.cell(index, self.columns["date"])
                    parse_date(
                        text, self.day_first
                    )  # the whole cell: its date is what the key's prefix holds
                runs = row[1:] if has_date else row
                for position, value in enumerate(runs):
                    self.cells.parse_run(position, batch.cells(value))
                continue
            except BadCell as exc:
                name, text, message = exc.name, exc.text, str(exc)
            except ValueError as exc:
                message = str(exc)
            expected = {"date": "a date", "quantity": "a whole number"}.get(name, "an amount")
            header = self.report.match.column(name) if self.report.match else name  # as the file writes it
            return InputError(f"{expected} was expected in column {header!r}, found {excerpt(text)}",
                              path=self.report.path, line=batch.line(index), column=self.columns[name] + 1,
                              hint=message[:200] if name == "date" else NUMBER_HINT)  # fmt: skip
        raise AssertionError("a batch that failed to parse has no bad cell")

    def _flush(self) -> None:
        buckets: dict[tuple[Any, ...], dict[str, Any]] = {}
        known = self._values
        for key, count in self._pending.items():
            values = known[key]
            if values is None:
                continue
            start, end, kind, sku, description, market, fulfillment, *amounts = values
            if market is not None:
                self.marketplaces.add(market)
            where = (market, sku, start, end)
            bucket = buckets.get(where)
            if bucket is None:
                bucket = buckets[where] = self.ledger.bucket(("payments", market, sku, None, start, end))
            apply_row(bucket, kind, description, fulfillment, count, *amounts)
            if kind in SALE_TYPES:  # the row's channel: the SKU's, for the fulfillment grain
                vote(self.ledger, sku, fulfillment, (amounts[0] or 0) * count if kind == "order" else 0)
        self._pending.clear()
        known.clear()


def apply_row(
    bucket: dict[str, Any], kind: str, description: str | None, fulfillment: str | None, count: int,
    quantity: int | None, product_sales: Decimal | None, shipping: Decimal | None, gift_wrap: Decimal | None,
    rebates: Decimal | None, selling: Decimal | None, fba: Decimal | None, other_transaction: Decimal | None,
    other: Decimal | None, total: Decimal | None,
) -> None:  # fmt: skip
    """What `count` identical Payments rows add to their bucket (docs/metrics.md, 'Payments rows').
    A part whose column the layout lacks is added as if the cells were empty, and taken out of the
    input's buckets afterwards (metrics/parts.py): absent is never zero."""
    total_all = (total or ZERO) * count
    if kind in SALE_TYPES:
        sales = (product_sales or ZERO) * count
        units = (quantity or 0) * count
        credits = (shipping or ZERO) * count, (gift_wrap or ZERO) * count
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
        bucket["referral_fees"] = bucket.get("referral_fees", ZERO) - (selling or ZERO) * count
        bucket["fba_fees"] = bucket.get("fba_fees", ZERO) - (fba or ZERO) * count
        bucket["promotions"] = bucket.get("promotions", ZERO) - (rebates or ZERO) * count
        extra = ((other_transaction or ZERO) + (other or ZERO)) * count
        if extra:
            bucket["other_fees"] = bucket.get("other_fees", ZERO) - extra
        # Tax collected less tax withheld (0 under marketplace-facilitator rules), regulatory fees,
        # TCS/TDS, points: whatever the total holds beyond the columns above. It passes through.
        taxes = (
            total_all
            - sales
            - sum(credits)
            - ((rebates or ZERO) + (selling or ZERO) + (fba or ZERO)) * count
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
        elif kind == "adjustment" and (total or ZERO) > 0:
            name = "reimbursements"
        else:
            name = "other_fees"
        bucket[name] = bucket.get(name, ZERO) + (total_all if name == "reimbursements" else -total_all)
        bucket["net_proceeds"] = bucket.get("net_proceeds", ZERO) + total_all


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
