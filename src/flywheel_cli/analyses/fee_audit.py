"""The FBA fee audit: the fee charged per unit against the fee expected, per SKU (docs/fees.md,
"Fee audit").

Charged: the `fba_fees` part of the financial reports (Payments `fba fees` on order rows, settlement
`FBAPerUnitFulfillmentFee`…), folded as `flywheel costs` folds them — duplicates once, overlaps once,
the period's rows only — divided by the FBA units of the order rows (`units_sold_fba`). The part is
net: an FBA fee a refund row credits back lowers it (docs/decisions.md, "Fee audit"). Expected: the
fee preview's expected fulfilment fee per unit (`Ledger.sku_fees`), or, where that cell is `--`, the
estimator's fee from the preview row's dimensions, weight and price on the SKU's last order day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flywheel_cli.analyses.fee_audit_result import AuditRow, FeeAudit, Unchecked
from flywheel_cli.config import Config
from flywheel_cli.core.errors import FlywheelError, UsageError
from flywheel_cli.fees.estimate import fulfillment_fee
from flywheel_cli.fees.loader import LoadedTable, in_force
from flywheel_cli.fees.tiers import Package
from flywheel_cli.metrics.engine import fold_reports, period_of
from flywheel_cli.metrics.fees_fold import ExpectedFees
from flywheel_cli.metrics.fold import Ledger, Window, day_span
from flywheel_cli.reports.inputs import Inputs
from flywheel_cli.reports.markets import CURRENCIES
from flywheel_cli.reports.tally import Progress

FINANCIAL = frozenset({"payments", "settlement"})
PREVIEW = "fba-fee-preview"
LENGTHS = {"inches": "in", "inch": "in", "in": "in", "centimeters": "cm", "centimetres": "cm", "cm": "cm"}
WEIGHTS = {"pounds": "lb", "pound": "lb", "lb": "lb", "ounces": "oz", "oz": "oz", "kilograms": "kg",
           "kg": "kg", "grams": "g", "g": "g"}  # fmt: skip


@dataclass
class Charged:
    """One SKU's FBA order rows in one marketplace."""

    fees: Decimal | None = Decimal(0)  # None: a counted input cannot give the part
    units: int = 0
    first: date | None = None
    last: date | None = None


def audit(
    inputs: Inputs, settings: Config, window: Window, tables: list[LoadedTable], today: date,
    progress: Progress | None = None,
) -> FeeAudit:  # fmt: skip
    kinds = inputs.kinds()
    if PREVIEW not in kinds:
        raise UsageError("no FBA fee preview report among the inputs: nothing says what the fees should be",
                         hint="download Reports → Fulfillment → Fee Preview and pass it with the Payments report")  # fmt: skip
    if not kinds & FINANCIAL:
        raise UsageError("no Payments or settlement report among the inputs: nothing says what was charged",
                         hint="download Reports → Payments → Date Range Reports (transaction view)")  # fmt: skip
    used = kinds & (FINANCIAL | {PREVIEW})
    combined = fold_reports(
        inputs.open(used),
        window,
        day_span,
        progress,
        settings.spans,
        settings.marketplaces,
        cache=inputs.cache,
    )
    warnings = list(combined.warnings)
    if kinds - used:
        warnings.append(f"not used by the fee audit: the {', '.join(sorted(kinds - used))} input(s)")
    ledger = combined.ledger
    rows: list[AuditRow] = []
    unchecked: list[Unchecked] = []
    for (sku, market), charged in sorted(_charged(ledger).items(), key=lambda i: (i[0][0], i[0][1] or "")):
        currency = CURRENCIES.get(market) if market else None
        if charged.fees is None or charged.units <= 0:
            why = ledger.absent.get("fba_fees", "the reports cannot give its FBA fees") if charged.fees is None \
                else "no FBA units on its order rows (fees of other rows only)"  # fmt: skip
            unchecked.append(Unchecked(sku, market, charged.units, charged.fees, why))
            continue
        fees = _preview_of(ledger, sku, currency)
        try:
            expected, source, caveats = _expected(fees, market, tables, charged.last or today)
        except FlywheelError as exc:
            unchecked.append(Unchecked(sku, market, charged.units, charged.fees, exc.message))
            continue
        warnings += [f"{sku}: its expected FBA fee is estimated: {caveat}" for caveat in caveats]
        row = AuditRow(sku, market, currency, charged.units, charged.fees, expected, source, charged.first,
                       charged.last, fees.size_tier if fees else None)  # fmt: skip
        rows.append(row)
    over = sorted((r for r in rows if r.over), key=lambda r: (-r.overcharge, r.sku))
    start, end = period_of(combined.summaries, window)
    return FeeAudit(tuple(over), len(rows), tuple(unchecked), tuple(combined.summaries), start, end,
                    tuple(inputs.skipped), tuple(warnings))  # fmt: skip


def _charged(ledger: Ledger) -> dict[tuple[str, str | None], Charged]:
    """Per (SKU, marketplace): the financial buckets' FBA fees and FBA units, and the days of its orders."""
    found: dict[tuple[str, str | None], Charged] = {}
    given = "fba_fees" in ledger.provided  # else a counted input's layout lacks the column: unknown
    for (source, market, sku, _, start, _), parts in ledger.parts.items():
        if source != "payments" or not sku:
            continue
        fees, units = parts.get("fba_fees", Decimal(0)), parts.get("units_sold_fba", 0)
        if not fees and not units:
            continue
        item = found.setdefault((sku, market), Charged())
        item.fees = item.fees + fees if given and item.fees is not None else None
        item.units += units
        if units and start is not None:
            item.first = min(item.first or start, start)
            item.last = max(item.last or start, start)
    return found


def _preview_of(ledger: Ledger, sku: str, currency: str | None) -> ExpectedFees | None:
    if currency is not None:
        return ledger.sku_fees.get((sku, currency))
    mine = [fees for (name, _), fees in ledger.sku_fees.items() if name == sku]
    return mine[0] if len(mine) == 1 else None


def _expected(
    fees: ExpectedFees | None, market: str | None, tables: list[LoadedTable], day: date
) -> tuple[Decimal, str, tuple[str, ...]]:
    """(the expected FBA fee per unit, where it comes from, the fee table's caveats for `day`); a
    FlywheelError says why there is none."""
    if fees is None:
        raise UsageError("no row in the fee preview for this SKU (in this currency)")
    if fees.expected_fba_fee_per_unit is not None:
        return fees.expected_fba_fee_per_unit, "fee-preview", ()
    row = fees.preview
    price = (row.sales_price or row.your_price) if row else None
    longest, median, shortest = (row.longest_side, row.median_side, row.shortest_side) if row else (None,) * 3
    weight = row.item_package_weight if row else None
    if (
        row is None
        or price is None
        or longest is None
        or median is None
        or shortest is None
        or weight is None
    ):
        raise UsageError("the fee preview has no expected FBA fee for it, nor the price, dimensions and weight "
                         "to estimate one")  # fmt: skip
    unit = LENGTHS.get((row.unit_of_dimension or "").strip().casefold())
    weight_unit = WEIGHTS.get((row.unit_of_weight or "").strip().casefold())
    if unit is None or weight_unit is None:
        raise UsageError(
            f"the fee preview's units ({row.unit_of_dimension}, {row.unit_of_weight}) are not known"
        )
    if market is None:
        raise UsageError("the marketplace of its orders is unknown: no fee table can be chosen")
    package = Package.of((longest, median, shortest), unit, weight, weight_unit)
    fee = fulfillment_fee(in_force(tables, market, "fulfillment", day), price, package, day)
    return fee.fee, "estimator", fee.caveats
