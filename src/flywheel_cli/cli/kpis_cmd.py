"""`flywheel kpis`."""

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
from flywheel_cli.core.errors import UsageError
from flywheel_cli.metrics.rollup import Grain
from flywheel_cli.render.formats import Format

FORMATS = frozenset({Format.TABLE, Format.PLAIN, Format.MARKDOWN, Format.JSON, Format.NDJSON, Format.CSV})
FormatArg = Annotated[Format, format_option(FORMATS)]


def kpis(
    paths: PathsArg,
    by: Annotated[
        Grain,
        option(
            "--by",
            help="Grain of the rows (campaign, search-term, targeting: the Ads metrics of each campaign, customer "
            "search term or target, from the Ads reports that carry it).",
            case_sensitive=False,
        ),
    ] = Grain.ACCOUNT,
    period: PeriodOpt = None,
    metrics: Annotated[
        str | None,
        option("--metrics", "-m", help="Comma-separated metrics to show (default: a curated set)."),
    ] = None,
    explain: Annotated[
        str | None,
        option("--explain", help="Show METRIC's definition, inputs and their values per row."),
    ] = None,
    fmt: FormatArg = Format.AUTO,
    output: OutputOpt = None,
    config: ConfigOpt = None,
    kind: KindOpt = None,
    encoding: EncodingOpt = None,
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """The KPI table at a grain: sales, traffic, conversion, Buy Box, advertising, refunds, returns,
    fees, inventory and account health, recomputed from the reports' own numbers.

    Ratios are recomputed from summed parts at every grain, never averaged. A metric whose reports
    are missing is empty (null in JSON) and the reason is listed; --explain shows the arithmetic.

    \b
    Examples:
      flywheel kpis examples/lumen-lighting/
      flywheel kpis examples/lumen-lighting/ --by sku
      flywheel kpis exports/ --by week --period 2026-10-01..2026-10-31
      flywheel kpis exports/ --by sku --explain acos
      flywheel kpis ads/ --by search-term -m ad_spend,ad_sales,acos
      flywheel kpis exports/ --by sku --format json | jq '.rows[] | select(.metrics.acos > 0.3)'
    """
    from flywheel_cli import api
    from flywheel_cli.config import discover
    from flywheel_cli.metrics.names import UnknownMetric, resolve
    from flywheel_cli.render.document import render
    from flywheel_cli.render.kpis_view import document

    resolved = check_format(fmt, FORMATS, output)
    try:  # seller words (conversion, ACoS, buy box) are accepted; a typo gets a suggestion
        requested = [resolve(name) for name in metrics.split(",") if name.strip()] if metrics else None
        explain = resolve(explain) if explain else None
    except UnknownMetric as exc:
        raise UsageError(exc.message, hint=exc.hint) from None
    with progress_bar(quiet) as progress:
        options = api.ReadOptions(kind=kind, encoding=encoding, cache=not no_cache)
        settings = discover(config, paths, cache=not no_cache)
        result = api.kpis(
            paths,
            options,
            by,
            parse_period(period),
            settings,
            progress=progress,
            requested=[*(requested or ()), *([explain] if explain else [])],
        )
    emit(render(document(result, requested, explain), resolved), output)
    warn_skipped(result.skipped, quiet, result.warnings)
