"""`flywheel ads terms`."""

from __future__ import annotations

from typing import Annotated

import typer

from flywheel_cli.cli.common import (
    DebugOpt,
    EncodingOpt,
    KindOpt,
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

ads_app = typer.Typer(
    name="ads",
    rich_markup_mode=None,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@ads_app.callback()
def _ads() -> None:
    """Advertising analyses from the Amazon Ads reports (docs/analyses.md).

    \b
    Examples:
      flywheel ads terms exports/ads/
      flywheel ads terms exports/ads/ --min-clicks 15 --format csv --output negatives.csv
    """


@ads_app.command("terms")
def terms(
    paths: PathsArg,
    min_clicks: Annotated[
        int,
        typer.Option(
            "--min-clicks", min=1, help="Clicks without an order that make a term a negative candidate."
        ),
    ] = 10,
    period: PeriodOpt = None,
    fmt: FormatArg = Format.AUTO,
    output: OutputOpt = None,
    kind: KindOpt = None,
    encoding: EncodingOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Search-term waste, negative-keyword and harvest candidates, and the core terms' impressions over
    the last two weeks against the two before, from the Sponsored Products and Brands search-term reports.

    Wasted spend is the spend of terms with no orders. A term with no orders and at least --min-clicks
    clicks is a negative candidate; its spend is what a negative exact keyword would save. A term from
    automatic, broad or phrase targeting with 2 or more orders at an ACoS at or under the account's,
    not yet targeted as an exact keyword, is a harvest candidate. The impressions trend needs the
    report by day over 28 days. --format csv writes the negative candidates as bulk sheet rows.

    \b
    Examples:
      flywheel ads terms exports/ads/
      flywheel ads terms sp-search-term.csv sb-search-term.csv --period 2026-09-01..2026-09-30
      flywheel ads terms exports/ads/ --min-clicks 15 --format csv --output negatives.csv
      flywheel ads terms exports/ads/ --format json | jq '.terms[] | select(.action == "harvest") | .term'
    """
    from flywheel_cli.api import ReadOptions
    from flywheel_cli.api.ads import terms as analyse_terms
    from flywheel_cli.render.document import render
    from flywheel_cli.render.terms_view import document

    resolved = check_format(fmt, FORMATS, output)
    with progress_bar(quiet) as progress:
        options = ReadOptions(kind=kind, encoding=encoding)
        result = analyse_terms(paths, options, parse_period(period), min_clicks, progress)
    emit(render(document(result), resolved), output)
    warn_skipped(result.skipped, quiet, result.warnings)
