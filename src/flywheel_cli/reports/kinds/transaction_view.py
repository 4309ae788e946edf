"""`payments-transaction-view`: the Payments Transaction View download ("Transaction Summary for …").

Recognised so that it can be refused with a useful message, never read into figures. It is a tab file
with one row per *money component* of a transaction (the price, each fee, the tax, a promotion: 3–7 rows
an order), three lines before its header, and:

- no settlement id and no time of day, so two downloads (or this one and a Date Range Report of the
  same days) cannot have their shared rows counted once;
- no marketplace and no fulfilment channel, so FBA units and per-marketplace figures are unknown;
- components named by free-text `Payment Detail` values (only those of one US file are known), mixed
  with reserve rows (`Current Reserve Amount `) that are not revenue.

The Payments Date Range Report holds the same transactions, a row each with every column: that is the
download to use (docs/decisions.md, "The Transaction View download is refused").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from flywheel_cli.reports import values
from flywheel_cli.reports.context import Context
from flywheel_cli.reports.kinds.base import Kind
from flywheel_cli.reports.spec import Field, HeaderMatch, KindSpec, aliases

REFUSAL = (
    "this is the Payments Transaction View download ('Transaction Summary for …'): one row per fee or charge, "
    "without settlement id, time, marketplace or fulfilment, so flywheel cannot count it honestly"
)
HINT = (
    "download the Date Range Report instead: Seller Central › Reports › Payments › Date Range Reports › "
    "Generate Report › Transaction (CSV); it has the same transactions, one row each, with every column"
)


@dataclass(frozen=True, slots=True)
class TransactionViewRow:
    """A Payments Transaction View row: never built, the kind refuses its first row."""

    line: int


# Only the columns no other table has are fields: `Date` and `Amount` alone (a bank statement) are not
# close to this kind. The others are known, and never read.
FIELDS = [
    Field("transaction_type", aliases(en="Transaction type"), required=True),
    Field("payment_type", aliases(en="Payment Type"), required=True),
    Field("payment_detail", aliases(en="Payment Detail"), required=True),
]
IGNORED = aliases(en=["Date", "Order ID", "Amount", "Quantity", "Product Title"], any="SKU")


class TransactionView(Kind):
    SPEC = KindSpec("payments-transaction-view", "Payments Transaction View (refused)", FIELDS, IGNORED,
                    layout=lambda match, header: "transaction-summary")  # fmt: skip
    RECORD = TransactionViewRow
    PERIOD_FIELD = None
    # Not part of any family: its rows are refused, and a header-only file adds nothing to anything.
    FAMILY = ""
    DATING = "none"

    def builder(
        self, match: HeaderMatch, context: Context, sample: Sequence[Sequence[str]] = ()
    ) -> Callable[[int, list[str]], Any]:
        column = match.columns["payment_type"]

        def refuse(line: int, cells: list[str]) -> Any:
            raise values.CellError(REFUSAL, column, hint=HINT)

        return refuse


KIND = TransactionView()
