"""`flywheel restock`."""

from __future__ import annotations

from typing import Annotated

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
    warn_skipped,
)
from flywheel_cli.render.formats import Format

FORMATS = frozenset({Format.TABLE, Format.PLAIN, Format.MARKDOWN, Format.JSON, Format.NDJSON, Format.CSV})
FormatArg = Annotated[Format, format_option(FORMATS)]


def restock(
    paths: PathsArg,
    period: PeriodOpt = None,
    fmt: FormatArg = Format.AUTO,
    output: OutputOpt = None,
    config: ConfigOpt = None,
    kind: KindOpt = None,
    encoding: EncodingOpt = None,
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """What to reorder and when, per SKU of your FBA Inventory report: units a day, days of supply,
    the projected stock-out date, the reorder point and the quantity to order, the excess (over 90
    days of supply) and aged (over 365 days) units with their monthly storage cost, and the IPI
    components the reports carry. The SKU that runs out first comes first.

    Units a day come from the inventory report's units shipped in 30 days, else from the period's
    sales (Payments, a Business Report with its span, All Orders). Lead time, safety stock and cover
    are days set under restock: in flywheel.yaml (defaults 30, 14, 45), per SKU pattern or category.
    A storage-fees report gives each ASIN's storage fee per unit. A value the reports cannot support
    is empty, with the reason.

    \b
    Examples:
      flywheel restock examples/lumen-lighting/
      flywheel restock fba-inventory.csv payments-2026-10.csv storage-fees-2026-10.txt
      flywheel restock exports/ --config flywheel.yaml --format csv --output restock.csv
      flywheel restock exports/ --format json | jq '.rows[] | select(.reorder_now)'
    """
    from flywheel_cli.api import ReadOptions
    from flywheel_cli.api.restock import restock as run
    from flywheel_cli.config import discover
    from flywheel_cli.render.document import render
    from flywheel_cli.render.restock_view import document

    resolved = check_format(fmt, FORMATS, output)
    with progress_bar(quiet) as progress:
        options = ReadOptions(kind=kind, encoding=encoding, cache=not no_cache)
        result = run(
            paths, options, parse_period(period), discover(config, paths, cache=not no_cache), progress
        )
    emit(render(document(result), resolved), output)
    warn_skipped(result.skipped, quiet, result.warnings)
