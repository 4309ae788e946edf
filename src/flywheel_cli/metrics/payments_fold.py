"""The Payments fold: rows summed in integer cents by their group, each group's cells parsed once.

A Payments report is a million rows of a few hundred SKUs; what varies from row to row is the money
(prices, taxes, totals), not what a row is (its day, type, SKU, description, marketplace, channel).
`reports.batches` hands the fold, a batch at a time, each row's chosen cells as written (the date's
text up to its first ':'); the fold keeps one accumulator per *group* — the row's day (or bucket) and
its text cells, parsed when the group is first seen — and adds each amount cell's value as an integer
(each distinct cell text parsed once per column, by the same exact parser as every report: `Amounts`;
the value is the cents and a count of the cell's decimal places, so a group's sum has the places a
row-by-row Decimal sum has). Every `FLUSH_AT` groups, and at the end, each group's sums go into the
ledger through `apply_row`, which is linear in the amounts: a group's sums add what its rows would add
one by one. The one exception, an Adjustment's sign (a positive one is a reimbursement), is kept by
summing positive and other totals apart. A file with an amount of more than two decimal places goes on
in Decimals from that row (`exact`). The figures are the exact Decimals of a row-by-row fold, digits
and places (a test folds every Payments fixture both ways). Memory is bounded by FLUSH_AT whatever the row count.
"""

from __future__ import annotations

import operator
import os
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from flywheel_cli.core.errors import InputError
from flywheel_cli.metrics.buckets import Buckets
from flywheel_cli.metrics.channels import merge_votes, vote
from flywheel_cli.metrics.compact import CompactParts, add_sums, pack, unpack
from flywheel_cli.metrics.fold import Key, Ledger, Span, Window
from flywheel_cli.metrics.payments_amounts import ONE, Amounts, BadCell, SubCent
from flywheel_cli.metrics.payments_rows import SALE_TYPES, TRANSFER_TYPES, ZERO, apply_row
from flywheel_cli.reports.batches import Batch, Selection, unquote
from flywheel_cli.reports.kinds.base import excerpt, parser_for
from flywheel_cli.reports.kinds.payments import _fulfillment as fulfillment_of
from flywheel_cli.reports.kinds.payments import _marketplace as marketplace_of
from flywheel_cli.reports.kinds.payments import canonical_type
from flywheel_cli.reports.reader import Report
from flywheel_cli.reports.values import parse_date, parse_text

try:  # the per-row loop compiled (built by `pip install` where a C compiler is found; optional)
    from flywheel_cli.metrics import _addrows
except ImportError:  # pragma: no cover - a build without it runs the Python loop
    _addrows = None  # type: ignore[assignment]


def compiled_loop() -> bool:
    """Whether to add rows with the compiled loop: when it is built and FLYWHEEL_PURE_PYTHON is unset
    (the tests run both ways)."""
    return _addrows is not None and os.environ.get("FLYWHEEL_PURE_PYTHON", "") in {"", "0"}


FLUSH_AT = 10_000
NUMBER_HINT = "was the file edited by hand or re-saved with another number format? re-download the report"
TEXTS = ("type", "sku", "description", "marketplace", "fulfillment")
MONEY = ("product_sales", "shipping_credits", "gift_wrap_credits", "promotional_rebates", "selling_fees",
         "fba_fees", "other_transaction_fees", "other", "total")  # fmt: skip
AMOUNTS = ("quantity", *MONEY)
# A row's cells, in the order the fold unpacks them: the order of the US and most other layouts, so
# that a row from `batches` needs no reordering there.
CELLS = ("date", "type", "sku", "description", "quantity", "marketplace", "fulfillment", *MONEY)
OUTSIDE = object()  # the head of a day outside the window: its rows are skipped
# A row's text cells, parsed as the Payments kind's records parse them (a marketplace it does not name
# is the fold's `market`).
TEXT_PARSERS: dict[str, Callable[[str], Any]] = {
    "type": lambda text: canonical_type(parse_text(text)),
    "sku": parse_text,
    "marketplace": lambda text: marketplace_of(parse_text(text)),
    "fulfillment": lambda text: fulfillment_of(parse_text(text)),
}


class _Heads(dict[str, Any]):
    """Date texts → their heads, each worked out once by `head_of`."""

    def __init__(self, head_of: Callable[[str], Any]) -> None:
        super().__init__()
        self.head_of = head_of

    def __missing__(self, text: str) -> Any:
        self[text] = head = self.head_of(text)
        return head


class PaymentsFold:
    """Fold one Payments report into `ledger`; afterwards `rows`, `first`, `last`, `marketplaces`."""

    def __init__(
        self, ledger: Ledger, report: Report, window: Window, market: str | None, span: Span | None
    ) -> None:
        assert report.match is not None
        self.ledger, self.report, self.window, self.market = ledger, report, window, market
        self.filtering = window.start is not None or window.end is not None
        self.span = span
        self.columns = {name: report.match.columns[name] for name in CELLS if name in report.match.columns}
        date_at = self.columns.get("date")
        present = sorted((column, name) for name, column in self.columns.items() if name != "date")
        self.selection = Selection.of([column for column, _ in present], date_at)
        # A row as batches give it: (date?, the present cells in file order); `order` puts its cells in
        # CELLS order, an absent column reading as an empty cell.
        given = (["date"] if date_at is not None else []) + [name for _, name in present]
        self.padding = ("",) * (len(CELLS) - len(given))
        absent = iter(range(len(given), len(CELLS)))
        order = [given.index(n) if n in given else next(absent) for n in CELLS]
        self.order = None if order == list(range(len(CELLS))) else operator.itemgetter(*order)
        context = report.context
        self.day_first = context.day_first
        self.quantities = Amounts("quantity", parser_for("int", context), cents=False)
        money = parser_for("money", context)
        self.money = [Amounts(name, money, plain=not context.decimal_comma) for name in MONEY]
        # The compiled loop (`_addrows.c`): its look-ups in cell order, and which columns it may read
        # as plain `-1,234.56` itself (the columns whose `Amounts` would).
        self._compiled = compiled_loop()
        self._columns = (self.quantities, *self.money)
        self._plain = tuple(amounts.plain for amounts in self._columns)
        self.rows = 0
        self.first: date | None = None
        self.last: date | None = None
        self.marketplaces: set[str] = set()
        self._heads = _Heads(self._head)  # date text up to the first ':' → its bucket, None, or OUTSIDE
        self._days: set[date] = set()
        self._groups: dict[tuple[Any, ...], list[Any]] = {}
        self._skus: dict[str | None, Any] = {}
        self.worker = False  # a worker of payments_parallel.py: an amount of 3+ places stops it instead
        self._done = 0  # rows of the batch added when SubCent was raised

    def run(self, batches: Iterable[Batch]) -> None:
        for batch in batches:
            self.rows += len(batch.rows)
            try:
                self.add(batch)
            except (BadCell, ValueError):
                raise self._first_error(batch) from None
            if len(self._groups) >= FLUSH_AT:
                self._flush()
        self.finish()

    def finish(self) -> None:
        self._flush()
        self.first, self.last = (min(self._days), max(self._days)) if self._days else (None, None)

    @property
    def groups(self) -> int:
        """How many groups are held, not yet flushed."""
        return len(self._groups)

    def handover(self) -> tuple[Any, ...]:
        """In a worker of payments_parallel.py: what it folded since its last handover, flushed, for the
        parent's `merge` (rows, days, marketplaces, channel votes, buckets), and forgotten here."""
        self._flush()
        ledger = self.ledger
        state = self.rows, self._days, self.marketplaces, ledger.sku_channel, pack(ledger.parts)
        self.rows, self._days, self.marketplaces, ledger.sku_channel = 0, set(), set(), {}
        ledger.parts = Buckets()
        return state

    def merge(self, state: tuple[Any, ...]) -> None:
        """Add a worker's `handover` to this fold's ledger: a bucket both hold is added to (the sums of
        two sets of rows are the sums of their union, to the digit and place: metrics/compact.py)."""
        rows, days, marketplaces, votes, packed = state
        parts = unpack(packed)
        self.rows += rows
        self._days |= days
        self.marketplaces |= marketplaces
        merge_votes(self.ledger.sku_channel, votes)
        self._add_buckets(parts)

    def reset(self) -> None:
        """Forget everything folded, the ledger's buckets too: the workers of payments_parallel.py
        failed, and the one-process path reads the report again. The ledger is this report's own."""
        vars(self.ledger).update(vars(Ledger()))
        self.rows, self._days, self._groups, self.marketplaces = 0, set(), {}, set()

    def add(self, batch: Batch) -> None:
        """Add a batch's rows to their groups. The first amount with more than two decimal places turns
        the fold exact (`_go_exact`) and the rest of the rows are added as Decimals."""
        rows: list[tuple[str, ...]] = batch.rows
        if self.padding:
            padding = self.padding
            rows = [row + padding for row in rows]
        if self.order is not None:
            rows = list(map(self.order, rows))
        if self.money[0].exact:  # amounts are Decimals, not encoded cents (an amount had 3+ places)
            self._add_rows(rows, ZERO, 0)
            return
        try:
            self._add_rows(rows, 0, ONE - 1)
        except SubCent:
            if self.worker:
                raise
            done = self._done
            self._go_exact()
            self._add_rows(rows[done:], ZERO, 0)

    def _add_rows(self, rows: list[tuple[str, ...]], zero: Any, above: Any) -> None:
        """The loop every row goes through, kept to dict look-ups and additions. A row is added whole or
        not at all (its look-ups first), so that `_done` rows are in when one raises. `zero` is an empty
        sum; a total more than `above` is more than 0. The compiled loop (`_addrows.c`) does the same
        operations on the same objects when it is built; this one is the reference."""
        if self._compiled:
            where = [0]
            try:
                _addrows.add_rows(rows, self._groups, self._heads, OUTSIDE, self._columns, self._plain,
                                  self._texts, where)  # fmt: skip
                return
            except SubCent:
                self._done = where[0]
                raise
            except _addrows.Unfit:  # a value past a machine integer: the rest in Python
                self._python_from_now()
            start = where[0]
            try:
                self._add_rows(rows[start:], zero, above)
            except SubCent:
                self._done += start
                raise
            return
        groups, heads = self._groups, self._heads
        quantities = self.quantities
        sales, shipping, gift, rebates, selling, fba, transaction, other, totals = self.money
        row: tuple[str, ...] = ()
        try:
            for row in rows:
                (when, kind, sku, description, quantity, market, channel, sales_t, shipping_t, gift_t,
                 rebates_t, selling_t, fba_t, transaction_t, other_t, total_t) = row  # fmt: skip
                head = heads[when]
                if head is OUTSIDE:
                    continue
                q, a, b, c = quantities[quantity], sales[sales_t], shipping[shipping_t], gift[gift_t]
                d, e, f, g = rebates[rebates_t], selling[selling_t], fba[fba_t], transaction[transaction_t]
                h, total = other[other_t], totals[total_t]
                key = (head, kind, sku, description, market, channel)
                sums = groups.get(key)
                # [texts, quantity, 8 amounts, totals ≤ 0, totals > 0, rows with a total ≤ 0]
                if sums is None:
                    sums = groups[key] = [self._texts(kind, sku, description, market, channel), 0, zero, zero,
                                          zero, zero, zero, zero, zero, zero, zero, zero, 0]  # fmt: skip
                if total > above:
                    sums[11] += total
                else:
                    sums[10] += total
                    sums[12] += 1
                sums[1] += q
                sums[2] += a
                sums[3] += b
                sums[4] += c
                sums[5] += d
                sums[6] += e
                sums[7] += f
                sums[8] += g
                sums[9] += h
        except SubCent:
            self._done = next(i for i, r in enumerate(rows) if r is row)  # added whole: the ones before
            raise

    def _python_from_now(self) -> None:
        """Go on with the Python loop: the compiled loop's groups become the Python loop's sums."""
        if self._compiled:
            _addrows.export(self._groups)
            self._compiled = False

    def _go_exact(self) -> None:
        """From encoded cents to Decimals: every group's sums so far, and the columns' values from now on."""
        self._python_from_now()
        totals = self.money[-1]
        for sums in self._groups.values():
            sums[2:10] = [amounts.decimal(v) for amounts, v in zip(self.money[:-1], sums[2:10], strict=True)]
            sums[10], sums[11] = totals.decimal(sums[10]), totals.decimal(sums[11])
        for amounts in self.money:
            amounts.go_exact()

    def _head(self, text: str) -> Any:
        """The head of a row dated `text`: its bucket (None without a span), or OUTSIDE the window."""
        day = parse_date(text, self.day_first)
        if day is not None:
            self._days.add(day)
        if self.filtering and not self.window.keeps(day, day):
            head: Any = OUTSIDE
        else:
            head = self.span(day) if self.span is not None and day is not None else None
        return head

    def _texts(self, kind: str, sku: str, description: str, market: str, channel: str) -> tuple[Any, ...]:
        """A group's text cells parsed (as written: a quote doubled); a bad one raises ValueError, which
        `run` locates."""
        return (TEXT_PARSERS["type"](unquote(kind)), TEXT_PARSERS["sku"](unquote(sku)), unquote(description),
                TEXT_PARSERS["marketplace"](unquote(market)) or self.market,
                TEXT_PARSERS["fulfillment"](unquote(channel)))  # fmt: skip

    def _first_error(self, batch: Batch) -> InputError:
        """The first bad cell of a batch that has one, located (rows are checked in file order)."""
        parsers: dict[str, Callable[[str], Any]] = {
            "date": lambda text: parse_date(text, self.day_first),
            **TEXT_PARSERS,
            "quantity": self.quantities.parse,
            **{amounts.name: amounts.parse for amounts in self.money},
        }
        for index in range(len(batch.rows)):
            for name, column in self.columns.items():
                if name not in parsers:
                    continue
                text = batch.cell(index, column)
                try:
                    parsers[name](text)
                except ValueError as exc:
                    expected = {"date": "a date", "quantity": "a whole number"}.get(name, "an amount")
                    header = (
                        self.report.match.column(name) if self.report.match else name
                    )  # as the file writes it
                    return InputError(f"{expected} was expected in column {header!r}, found {excerpt(text)}",
                                      path=self.report.path, line=batch.line(index), column=column + 1,
                                      hint=str(exc)[:200] if name == "date" else NUMBER_HINT)  # fmt: skip
        raise AssertionError("a batch that failed to parse has no bad cell")

    def _flush(self) -> None:
        if self._compiled:
            _addrows.export(self._groups)
        buckets: dict[tuple[Any, ...], dict[str, Any]] = {}
        money, skus = self.money, self._skus
        for (head, *_), sums in self._groups.items():
            kind, sku, description, market, fulfillment = sums[0]
            sku = skus.setdefault(sku, sku)  # one string a SKU, not one a group: bucket keys keep it
            start, end = head or (None, None)
            if market is not None:
                self.marketplaces.add(market)
            where = ("payments", market, sku, None, start, end)
            bucket = buckets.get(where)
            if bucket is None:
                bucket = buckets[where] = {}
            amounts = [amounts.decimal(cents) for amounts, cents in zip(money, sums[2:11], strict=True)]
            units = sums[1]
            positive = money[-1].decimal(sums[11])
            if kind in SALE_TYPES or kind in TRANSFER_TYPES:
                amounts[-1] += positive
                apply_row(bucket, kind, description, fulfillment, 1, units, *amounts)
            else:  # only the total counts; an Adjustment's sign decides what it is
                if sums[11]:
                    apply_row(bucket, kind, description, fulfillment, 1, units, *amounts[:-1], positive)  # type: ignore[call-arg]
                if sums[12]:
                    apply_row(bucket, kind, description, fulfillment, 1, units, *amounts)
            if kind in SALE_TYPES:  # the row's channel: the SKU's, for the fulfillment grain
                vote(self.ledger, sku, fulfillment, units if kind == "order" else 0)
        self._groups.clear()
        self._add_buckets(buckets)

    def _add_buckets(self, buckets: Mapping[Key, Mapping[str, Any]]) -> None:
        """A flush's (or a worker's) sums, added to the ledger's buckets: a bucket first met here is
        adopted whole, as a compact bucket (a dict of them is 4× the memory: metrics/compact.py)."""
        parts = self.ledger.parts
        start: Any = _UNSET
        held_day: dict[Key, Any] = {}
        for key, values in buckets.items():
            if key[4] is not start:  # a file's rows, so a flush's buckets, come mostly a day at a time
                start = key[4]
                held_day = parts.day(start)
            held = held_day.get(key)
            if held is None:
                held_day[key] = values if isinstance(values, CompactParts) else CompactParts(values)
            else:
                add_sums(held, values)
        if buckets:
            self.ledger.sources.add("payments")


_UNSET = object()  # no day yet: `_add_buckets`' first key
