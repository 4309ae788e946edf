"""`flywheel trend`."""

from __future__ import annotations

from enum import StrEnum
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

FORMATS = frozenset({Format.TABLE, Format.PLAIN, Format.MARKDOWN, Format.JSON, Format.NDJSON, Format.CSV})
FormatArg = Annotated[Format, format_option(FORMATS)]


class TrendGrain(StrEnum):
    WEEK = "week"
    MONTH = "month"


def trend(
    paths: PathsArg,
    by: Annotated[
        TrendGrain,
        option("--by", help="One row per ISO week (Monday–Sunday) or per month.", case_sensitive=False),
    ] = TrendGrain.WEEK,
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
    """The weekly flywheel health check: twelve headline KPIs (sales, units, sessions, conversion,
    Buy Box, ad spend, ACoS, TACoS, refund rate, return rate, net profit, net margin) per week or
    month, each with its change on the one before, and the last 30 days' conversion trend.

    Point it at the folder where you keep every download: duplicates and overlapping downloads are
    counted once. A report whose rows span more than a week (a monthly Ads report) cannot be split
    into weeks: its KPIs are empty there and its amounts show in the `(no week)` row. Ratios change in
    percentage points; money and counts in percent (JSON and CSV also give the absolute change).

    \b
    Examples:
      flywheel trend ~/amazon-exports/
      flywheel trend exports/ --by month
      flywheel trend exports/ --period 2026-09-01..2026-11-01 --format markdown
      flywheel trend exports/ --format json | jq .conversion_trend
      flywheel trend exports/ --format csv --output weekly.csv
    """
    from flywheel_cli.api import ReadOptions
    from flywheel_cli.api.trend import trend as build
    from flywheel_cli.config import discover
    from flywheel_cli.render.document import render
    from flywheel_cli.render.trend_view import document

    resolved = check_format(fmt, FORMATS, output)
    with progress_bar(quiet) as progress:
        options = ReadOptions(kind=kind, encoding=encoding, cache=not no_cache)
        settings = discover(config, paths, cache=not no_cache)
        result = build(paths, options, Grain(by.value), parse_period(period), settings, progress)
    emit(render(document(result), resolved), output)
    warn_skipped(result.table.skipped, quiet, result.table.warnings)
