"""Payments cells to values, each distinct run of cells parsed once.

`reports.batches` hands the Payments fold rows of *runs*: adjacent chosen columns read together
(`-7.50","-7.70","0","0","34.79` for selling fees … total). A run's text repeats across rows far more
than whole rows do, so `Cells` parses each distinct run once and keeps the result; a row's values are
the concatenation of its runs' results, put in a fixed order by one `itemgetter`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import Any

from flywheel_cli.reports.batches import Batch, Selection
from flywheel_cli.reports.context import Context
from flywheel_cli.reports.kinds.base import parser_for
from flywheel_cli.reports.kinds.payments import _fulfillment as fulfillment_of
from flywheel_cli.reports.kinds.payments import _marketplace as marketplace_of
from flywheel_cli.reports.kinds.payments import canonical_type
from flywheel_cli.reports.values import parse_text

AMOUNTS = ("quantity", "product_sales", "shipping_credits", "gift_wrap_credits", "promotional_rebates",
           "selling_fees", "fba_fees", "other_transaction_fees", "other", "total")  # fmt: skip
TEXTS = ("type", "sku", "description", "marketplace", "fulfillment")
VALUES = (*TEXTS, *AMOUNTS)  # the order of `Cells.values()`
CACHE_LIMIT = 100_000  # distinct texts kept per run; past it the run's cache starts again


class BadCell(ValueError):
    """A cell that does not parse; `name` is the column's field name."""

    def __init__(self, name: str, text: str, error: ValueError) -> None:
        super().__init__(str(error))
        self.name, self.text = name, text


class Cells:
    """Parses runs of Payments cells (chosen by `selection`) with per-run caches."""

    def __init__(
        self, selection: Selection, columns: dict[str, int], context: Context, market: str | None
    ) -> None:
        parsers: dict[str, Callable[[str], Any]] = {
            "type": lambda text: canonical_type(text.strip() or None),
            "sku": parse_text,
            "description": lambda text: text,
            "marketplace": lambda text: marketplace_of(parse_text(text)) or market,
            "fulfillment": lambda text: fulfillment_of(parse_text(text)),
        }
        for name in AMOUNTS:
            parsers[name] = parser_for("int" if name == "quantity" else "money", context)
        by_column = {column: name for name, column in columns.items() if name in parsers}
        self.runs: list[list[tuple[str, Callable[[str], Any]]]] = [
            [(by_column[c], parsers[by_column[c]]) for c in range(first, last + 1)]
            for first, last in selection.runs
        ]
        self.parsers = [tuple(parse for _, parse in run) for run in self.runs]
        self.caches: list[dict[Any, tuple[Any, ...]]] = [{} for _ in self.runs]
        # Names not in the file take the value of an empty cell, from a tail after the runs.
        flat = [name for run in self.runs for name, _ in run]
        missing = [name for name in VALUES if name not in flat]
        self.tail = tuple(parsers[name]("") for name in missing)
        order = flat + missing
        self.assemble = operator.itemgetter(*[order.index(name) for name in VALUES])

    def values(self, runs: Sequence[Any], batch: Batch) -> tuple[Any, ...]:
        """The VALUES of a row made of these runs (raises BadCell)."""
        flat: list[Any] = []
        for position, (cache, value) in enumerate(zip(self.caches, runs, strict=True)):
            part = cache.get(value)
            if part is None:
                part = self.parse_run(position, batch.cells(value))
                if len(cache) >= CACHE_LIMIT:
                    cache.clear()
                cache[value] = part
            flat += part
        flat += self.tail
        return self.assemble(flat)  # type: ignore[no-any-return]

    def parse_run(self, position: int, cells: Sequence[str]) -> tuple[Any, ...]:
        parsers = self.parsers[position]
        if len(cells) != len(parsers):
            raise AssertionError(f"a run of {len(parsers)} cells has {len(cells)}")
        try:
            return tuple(map(operator.call, parsers, cells))  # the usual case, without a Python loop
        except ValueError:
            pass
        for (name, parse), text in zip(self.runs[position], cells, strict=True):
            try:
                parse(text)
            except ValueError as exc:
                raise BadCell(name, text, exc) from None
        raise AssertionError("a run failed to parse but none of its cells does")
