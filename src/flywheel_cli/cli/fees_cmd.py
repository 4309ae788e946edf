"""`flywheel fees estimate|audit`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from flywheel_cli.cli.common import (
    ConfigOpt,
    DebugOpt,
    EncodingOpt,
    KindOpt,
    NoCacheOpt,
    OutputOpt,
    PathsArg,
    PeriodOpt,
    QuietOpt,
    check_format,
    emit,
    format_option,
    parse_period,
    progress_bar,
    warn,
    warn_skipped,
)
from flywheel_cli.core.errors import UsageError
from flywheel_cli.render.formats import Format

FORMATS = frozenset({Format.TABLE, Format.PLAIN, Format.MARKDOWN, Format.JSON, Format.NDJSON, Format.CSV})
FormatArg = Annotated[Format, format_option(FORMATS)]


class LengthUnit(StrEnum):
    IN = "in"
    CM = "cm"


class WeightUnit(StrEnum):
    LB = "lb"
    OZ = "oz"
    KG = "kg"
    G = "g"


TablesOpt = Annotated[
    Path | None,
    typer.Option("--tables", help="A folder of fee tables to use instead of the shipped ones (docs/fees.md).",
                 file_okay=False),
]  # fmt: skip


def _number(name: str, help_text: str) -> object:
    return typer.Option(name, help=help_text, show_default=False)


fees_app = typer.Typer(
    name="fees",
    rich_markup_mode=None,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@fees_app.callback()
def _fees() -> None:
    """Amazon's FBA and referral fees from versioned tables (docs/fees.md): estimate one item's
    fees, or audit what your financial reports were charged against the fee preview.

    \b
    Examples:
      flywheel fees estimate --price 24.99 --length 10 --width 6 --height 3 --weight 1.2 --category home
      flywheel fees audit payments-2026-10.csv fee-preview.txt
    """


def _decimal(text: str, option: str) -> Decimal:
    """A number as the seller types it (`24.99`, `$24.99`), exact; never a float."""
    from flywheel_cli.core.yamldoc import bounded

    try:
        return bounded(Decimal(text.strip().removeprefix("$")))
    except (InvalidOperation, ValueError):
        raise UsageError(f"{option} {text!r} is not a number", hint=f"for example {option} 24.99") from None


@fees_app.command("estimate")
def estimate(
    price: Annotated[str, _number("--price", "The item's total sales price (price + shipping + gift wrap).")],
    length: Annotated[str, _number("--length", "One side of the item package.")],
    width: Annotated[str, _number("--width", "Another side.")],
    height: Annotated[str, _number("--height", "The third side (the order does not matter).")],
    weight: Annotated[str, _number("--weight", "The item package's unit weight.")],
    category: Annotated[
        str, _number("--category", "Referral-fee category: an id, name or alias (home, toys …).")
    ],
    unit: Annotated[LengthUnit, typer.Option("--unit", help="Unit of the sides.")] = LengthUnit.IN,
    weight_unit: Annotated[
        WeightUnit, typer.Option("--weight-unit", help="Unit of the weight.")
    ] = WeightUnit.LB,
    marketplace: Annotated[str, typer.Option("--marketplace", help="Marketplace of the tables.")] = "US",
    on: Annotated[
        str | None, typer.Option("--date", help="The day whose tables apply (default: today).")
    ] = None,
    tables: TablesOpt = None,
    fmt: FormatArg = Format.AUTO,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """FBA revenue calculator: the size tier and shipping weight of an item package, its FBA
    fulfilment fee (by tier, weight and price band, with the surcharges in force), its referral fee
    (by category, with the per-item minimum) and what is left of the price per unit.

    The fees come from the fee tables in force on --date, shipped with flywheel with their sources
    and effective dates (docs/fees.md); apparel, dangerous goods and the bulky packaging fee are not
    modelled. The source article's example ($1.80 per unit) is no 2026 US fee: docs/fees.md.

    \b
    Examples:
      flywheel fees estimate --price 24.99 --length 10 --width 6 --height 3 --weight 1.2 --category home-kitchen
      flywheel fees estimate --price 9.99 --length 6 --width 4 --height 0.5 --weight 3 --weight-unit oz --category toys
      flywheel fees estimate --price 62.50 --length 30 --width 20 --height 15 --unit cm --weight 1.5 --weight-unit kg --category tools
      flywheel fees estimate --price 18.99 --length 5.1 --width 4.3 --height 4.1 --weight 0.95 --category kitchen --date 2025-06-01
      flywheel fees estimate … --format json | jq .net_per_unit
    """
    from flywheel_cli.api.fees import estimate as run
    from flywheel_cli.render.document import render
    from flywheel_cli.render.fees_view import estimate_document

    resolved = check_format(fmt, FORMATS, output)
    try:
        day = date.fromisoformat(on) if on else None
    except ValueError:
        raise UsageError(f"--date {on!r} is not YYYY-MM-DD", hint="for example --date 2026-10-01") from None
    sides = (_decimal(length, "--length"), _decimal(width, "--width"), _decimal(height, "--height"))
    result = run(_decimal(price, "--price"), sides, _decimal(weight, "--weight"), category, unit.value,
                 weight_unit.value, marketplace, day, tables)  # fmt: skip
    emit(render(estimate_document(result), resolved), output)
    for caveat in result.fulfillment.caveats:  # of the day: an unannounced peak season …
        warn(f"warning: {caveat}", quiet)


@fees_app.command("audit")
def audit(
    paths: PathsArg,
    period: PeriodOpt = None,
    tables: TablesOpt = None,
    fmt: FormatArg = Format.AUTO,
    output: OutputOpt = None,
    config: ConfigOpt = None,
    kind: KindOpt = None,
    encoding: EncodingOpt = None,
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """FBA fees charged per unit against the fees expected: the SKUs Amazon charged more than it
    should, with units, charged and expected fee per unit, the difference, the overcharge and the
    orders' period, ready for a reimbursement case.

    Charged: the FBA fees of each SKU's rows in the Payments (or settlement) reports ÷ its FBA units
    shipped; fees a refund row credits back are netted. Expected: the FBA Fee Preview report's
    expected fulfilment fee, or, where it is `--`, the estimator's fee from the preview's dimensions,
    weight and price. A SKU is listed when it was charged more than $0.01 a unit over the expected
    fee; overcharge = (charged − expected) per unit × units. SKUs that cannot be checked are named.

    \b
    Examples:
      flywheel fees audit payments-2026-10.csv fee-preview.txt
      flywheel fees audit exports/ --period 2026-10-01..2026-10-31
      flywheel fees audit exports/ --format csv --output fee-claims.csv
      flywheel fees audit exports/ --format json | jq .total.overcharge
    """
    from flywheel_cli.api import ReadOptions
    from flywheel_cli.api.fees import audit as run
    from flywheel_cli.config import discover
    from flywheel_cli.render.document import render
    from flywheel_cli.render.fees_view import audit_document

    resolved = check_format(fmt, FORMATS, output)
    with progress_bar(quiet) as progress:
        options = ReadOptions(kind=kind, encoding=encoding, cache=not no_cache)
        result = run(
            paths,
            options,
            parse_period(period),
            discover(config, paths, cache=not no_cache),
            tables,
            progress,
        )
    emit(render(audit_document(result), resolved), output)
    warn_skipped(result.skipped, quiet, result.warnings)
