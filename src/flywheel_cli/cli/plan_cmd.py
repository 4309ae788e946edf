"""`flywheel plan`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from flywheel_cli.cli.common import (
    ConfigOpt,
    DebugOpt,
    OutputOpt,
    QuietOpt,
    check_format,
    emit,
    format_option,
)
from flywheel_cli.cli.params import option
from flywheel_cli.render.formats import Format

FORMATS = frozenset(
    {
        Format.TABLE,
        Format.PLAIN,
        Format.MARKDOWN,
        Format.JSON,
        Format.NDJSON,
        Format.CSV,
        Format.SVG,
        Format.HTML,
    }
)
FormatArg = Annotated[Format, format_option(FORMATS)]


def _money(flag: str, text: str) -> Any:
    return option(flag, metavar="AMOUNT", help=text, show_default=False)


def _rate(flag: str, text: str) -> Any:
    return option(flag, metavar="PCT", help=text + "; 15% or 0.15.", show_default=False)


Amount = str | None


def plan(
    sales: Annotated[Amount, _money("--sales", "Gross product sales per month.")] = None,
    units: Annotated[Amount, option("--units", metavar="N", help="Units sold per month.")] = None,
    price: Annotated[
        Amount, _money("--price", "Average selling price; with --units it gives the sales.")
    ] = None,
    commission: Annotated[Amount, _rate("--commission", "Referral fee rate")] = None,
    fba_fee: Annotated[Amount, _money("--fba-fee", "FBA fulfilment fee per unit.")] = None,
    ad_share: Annotated[Amount, _rate("--ad-share", "Advertising as a share of sales (TACoS)")] = None,
    ad_spend: Annotated[Amount, _money("--ad-spend", "Advertising per month, instead of --ad-share.")] = None,
    promo_share: Annotated[
        Amount, _rate("--promo-share", "Coupons and promotions as a share of sales")
    ] = None,
    return_rate: Annotated[Amount, _rate("--return-rate", "Share of sales refunded")] = None,
    cogs_per_unit: Annotated[Amount, _money("--cogs-per-unit", "Cost of goods per unit.")] = None,
    freight_per_unit: Annotated[
        Amount, _money("--freight-per-unit", "Inbound freight and prep per unit.")
    ] = None,
    storage: Annotated[Amount, _money("--storage", "FBA storage fees per month.")] = None,
    amazon_fees: Annotated[
        Amount, _money("--amazon-fees", "Other Amazon fees per month (selling plan $39.99, …).")
    ] = None,
    tools: Annotated[Amount, _money("--tools", "Software subscriptions per month.")] = None,
    labour: Annotated[Amount, _money("--labour", "Labour per month.")] = None,
    other: Annotated[Amount, _money("--other", "Other fixed costs per month.")] = None,
    vary: Annotated[
        list[str] | None,
        option(
            "--vary",
            metavar="NAME=VALUES",
            help="What if: try other values of one assumption (repeatable): LOW..HIGH[:STEP] or a list A,B.",
            show_default=False,
        ),
    ] = None,
    scenario: Annotated[
        Path | None,
        option("--scenario", "-s", help="Read the assumptions from a YAML file (flags win).", dir_okay=False),
    ] = None,
    currency: Annotated[
        str | None,
        option(
            "--currency", metavar="CODE", help="Currency of the amounts (default: flywheel.yaml's, else USD)."
        ),
    ] = None,
    fmt: FormatArg = Format.AUTO,
    output: OutputOpt = None,
    config: ConfigOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """The cost breakdown of a month from assumptions instead of exports: the same lines as
    `flywheel costs`, net profit and margin, break-even ACoS, and what-if rows.

    Percentages are 15% or 0.15. Any two of --sales, --units and --price give the third. Refunds
    are sales × --return-rate; Amazon credits the referral fee on them less its 20% refund
    administration fee, and keeps the FBA fee (docs/costs.md). Fixed monthly costs in flywheel.yaml
    are used unless given here. --format svg or html saves the terminal screen.

    \b
    Examples:
      flywheel plan --sales 50000 --units 800 --commission 15% --fba-fee 1.80 --ad-share 20% --tools 200
      flywheel plan --price 24.99 --units 2000 --commission 15% --fba-fee 4.10 --cogs-per-unit 6 --ad-share 12%
      flywheel plan --scenario launch.yaml --vary ad-share=15%..25%:5%
      flywheel plan --scenario launch.yaml --vary commission=8%,15% --format json | jq .rows
      flywheel plan --scenario launch.yaml --format svg --output plan.svg
    """
    from flywheel_cli import api
    from flywheel_cli.config import discover
    from flywheel_cli.render.document import render
    from flywheel_cli.render.plan_view import document

    resolved = check_format(fmt, FORMATS, output)
    flags = {
        "sales": sales, "units": units, "price": price, "commission": commission, "fba_fee": fba_fee,
        "ad_share": ad_share, "ad_spend": ad_spend, "promo_share": promo_share, "return_rate": return_rate,
        "cogs_per_unit": cogs_per_unit, "freight_per_unit": freight_per_unit, "storage": storage,
        "amazon_fees": amazon_fees, "tools": tools, "labour": labour, "other": other,
    }  # fmt: skip
    result = api.plan(flags, scenario, vary or [], currency, discover(config, []))
    emit(render(document(result), resolved), output)
