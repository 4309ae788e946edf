"""Folding the fee reports: storage fees per ASIN, and the fee preview's expected fees per SKU.

- **storage-fees** rows become the part `storage_fees` (a positive cost) in buckets of the source
  `storage-report`, keyed by ASIN (and SKU for long-term charges) and dated by the month of charge or
  the long-term charge's snapshot day. Each row's fee is rounded to the cent (half up) as it is folded:
  the monthly report estimates to 4 places, Amazon charges cents. A financial report (Payments) carries the same money as its
  `FBA Inventory Fee` storage rows, so the storage report counts only when no financial report does
  (metrics/combine.py; docs/decisions.md, "Fee preview and storage fees").
- **fba-fee-preview** rows are rates, not sums: they add no part to any bucket. Each SKU's expected
  fees are kept in `Ledger.sku_fees` (by SKU and currency), with the ASIN and product group it names,
  for the fee audit to compare with what was charged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # fold.py imports this module for its folds; a kind is imported when read
    from flywheel_cli.metrics.fold import Ledger, Window
    from flywheel_cli.reports.kinds.fee_preview import FeePreviewRow
    from flywheel_cli.reports.kinds.storage_fees import StorageFeeRow

STORAGE_SOURCE = "storage-report"
CENT = Decimal("0.01")
# Families of the financial reports, which hold the money paid: the storage charges themselves, and
# the sales ahead of the All Orders report (rollup.py). The settlement kind is of family `payments`.
FINANCIAL_FAMILIES = frozenset({"payments", "settlement"})


@dataclass(frozen=True, slots=True)
class ExpectedFees:
    """What the fee preview expects one unit of a SKU to cost, in `currency`. Rates: never summed."""

    currency: str | None
    asin: str | None
    size_tier: str | None  # as written: legacy (`Large Standard`) or 2024+ (`Large standard-size`)
    product_group: str | None
    expected_referral_fee_per_unit: Decimal | None
    expected_fba_fee_per_unit: Decimal | None  # US expected fulfilment fee, UK/EU domestic one; CA: None
    expected_fee_total: Decimal | None  # Amazon's `estimated-fee-total` (referral + closing + fulfilment)
    # The row itself: where the fee cell is `--`, the fee audit estimates the fee from its dimensions,
    # weight and price (fees/estimate.py). Not part of equality: the figures above are what it states.
    preview: FeePreviewRow | None = field(default=None, compare=False)


def fold_storage_fees(
    ledger: Ledger, records: Iterable[StorageFeeRow], window: Window, market: str | None
) -> None:
    for row in records:
        if not window.keeps(row.period_start, row.period_end):
            ledger.clipped += window.clips(row.period_start, row.period_end)
            continue
        if row.sku and row.asin:
            ledger.sku_asin.setdefault(row.sku, row.asin)
        key = (STORAGE_SOURCE, row.marketplace or market, row.sku, row.asin, row.period_start, row.period_end)
        bucket = ledger.bucket(key)
        if row.fee is not None:  # a `--` fee adds nothing: the part stays absent where no row has one
            # An estimate to 4 places (15.0384): Amazon charges cents, so each row is rounded once, here,
            # and every grain adds up to the total (half up, as fees/referral.py rounds a fee).
            bucket["storage_fees"] = bucket.get("storage_fees", 0) + row.fee.quantize(CENT, ROUND_HALF_UP)


def fold_fee_preview(
    ledger: Ledger, records: Iterable[FeePreviewRow], window: Window, market: str | None
) -> None:
    """Today's rates: not placed in any period (the window does not apply), never added to a bucket.
    A SKU listed twice for one currency keeps its first row, as the identifier maps do."""
    for row in records:
        if not row.sku:
            continue
        if row.asin:
            ledger.sku_asin.setdefault(row.sku, row.asin)
        if row.product_group:
            ledger.sku_group.setdefault(row.sku, row.product_group)
        fees = ExpectedFees(
            row.currency, row.asin, row.size_tier, row.product_group, row.referral_fee_per_unit,
            row.fulfillment_fee_per_unit, row.estimated_fee_total, row,
        )  # fmt: skip
        ledger.sku_fees.setdefault((row.sku, row.currency), fees)


def storage_note(financial: list[str]) -> str:
    """Why a storage-fees report is not counted next to a financial report."""
    return (
        f"not counted: its storage fees are the same money as the storage charges in {', '.join(financial)}, "
        "which count (one source per number)"
    )
