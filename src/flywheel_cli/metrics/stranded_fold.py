"""Folding the Stranded Inventory report (kinds/stranded.py) into the ledger: source `stranded`, one
undated bucket per SKU, part `stranded_units`.

`stranded_units` is the fulfillable quantity of the SKU's rows: Amazon's stranded inventory is the
stock in its fulfillment centres that could ship but has no active offer (Seller Central, "Fix stranded
inventory"). The unfulfillable units of the same rows are not added: they could not sell with an
offer either, and the FBA Inventory report counts them as `unfulfillable_units`. Reserved and
inbound units are stock on its way, not stranded. A SKU the report does not list has no stranded
units: when the report is given, a row with FBA stock and no stranded row has 0 (rollup._complete).

The report is a state, not a flow: the window does not apply, and it states no snapshot date. Two
different Stranded Inventory downloads are never added (`one_report`): flywheel cannot tell which is
the newer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from flywheel_cli.core.errors import InputError

if TYPE_CHECKING:  # fold.py imports this module for its fold; a kind is imported when read
    from flywheel_cli.metrics.fold import Ledger, Window
    from flywheel_cli.reports.kinds.stranded import StrandedRow

STRANDED_SOURCE = "stranded"
KIND = "stranded-inventory"


def fold_stranded(ledger: Ledger, records: Iterable[StrandedRow], window: Window, market: str | None) -> None:
    for row in records:
        if row.sku and row.asin:
            ledger.sku_asin.setdefault(row.sku, row.asin)
        bucket = ledger.bucket((STRANDED_SOURCE, market, row.sku, row.asin, None, None))
        if row.fulfillable is not None:
            bucket["stranded_units"] = bucket.get("stranded_units", 0) + row.fulfillable


def one_report(summaries: Sequence[Any]) -> None:
    """Two different Stranded Inventory downloads would add each SKU's stranded units twice (the
    same content twice is a duplicate, counted once before this): an error naming both. Two reports of
    two marketplaces (named under `marketplaces:` in flywheel.yaml) add up."""
    held: dict[str | None, str] = {}
    for summary in (summary for summary in summaries if summary.kind == KIND):
        market = summary.marketplace  # one without a marketplace could be any
        other = next(
            (path for where, path in held.items() if where == market or None in (where, market)), None
        )
        if other is not None:
            raise InputError(
                f"{other} and {summary.path} are two different stranded-inventory reports: the report lists "
                "what is stranded now and states no date, so flywheel cannot tell which is newer, and never "
                "adds them",
                hint="keep the latest download only (for two marketplaces, name each file's under marketplaces: "
                "in flywheel.yaml)",
            )
        held[market] = summary.path
