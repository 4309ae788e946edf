"""`flywheel costs`."""

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
from flywheel_cli.cli.params import option
from flywheel_cli.metrics.rollup import Grain
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


def costs(
    paths: PathsArg,
    by: Annotated[
        Grain,
        option(
            "--by", help="Grain of the rows (not campaign, search-term or targeting).", case_sensitive=False
        ),
    ] = Grain.ACCOUNT,
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
    """Where the money went: sales, then every cost line (refunds, commission, FBA fees, storage,
    other Amazon fees, advertising, promotions, COGS, inbound freight, tools, labour, other), then
    total costs, net profit and net margin, per account, SKU, category or month.

    COGS comes from your cost file (costs.cogs_file in flywheel.yaml), at the unit cost in force on
    each order's date. Fixed monthly costs are pro-rated to the period. Costs not tied to a SKU
    (storage, subscription, fixed costs) are shared out by costs.allocation; what cannot be shared
    shows as `unallocated`. Rows and unallocated add up to the total to the cent.

    \b
    Examples:
      flywheel costs examples/lumen-lighting/
      flywheel costs examples/lumen-lighting/ --by sku
      flywheel costs exports/ --by month --format csv --output pnl.csv
      flywheel costs exports/ --config flywheel.yaml --by category --format json | jq .total.lines
      flywheel costs examples/lumen-lighting/ --format svg --output october.svg
    """
    from flywheel_cli import api
    from flywheel_cli.config import discover
    from flywheel_cli.render.costs_table import document
    from flywheel_cli.render.document import render

    resolved = check_format(fmt, FORMATS, output)
    with progress_bar(quiet) as progress:
        options = api.ReadOptions(kind=kind, encoding=encoding, cache=not no_cache)
        result = api.costs(
            paths, options, by, parse_period(period), discover(config, paths, cache=not no_cache), progress
        )
    emit(render(document(result), resolved), output)
    warn_skipped(result.kpis.skipped, quiet, result.warnings)
