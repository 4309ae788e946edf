"""`flywheel report`."""

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
    RulesOpt,
    check_format,
    emit,
    format_option,
    parse_period,
    progress_bar,
    warn_skipped,
)
from flywheel_cli.render.formats import Format

FORMATS = frozenset(
    {Format.TABLE, Format.PLAIN, Format.MARKDOWN, Format.JSON, Format.NDJSON, Format.CSV, Format.HTML,
     Format.SVG}
)  # fmt: skip
FormatArg = Annotated[Format, format_option(FORMATS)]


def report(
    paths: PathsArg,
    period: PeriodOpt = None,
    rules: RulesOpt = None,
    fmt: FormatArg = Format.AUTO,
    output: OutputOpt = None,
    config: ConfigOpt = None,
    kind: KindOpt = None,
    encoding: EncodingOpt = None,
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """The Monday screen: sales, ad spend and payout, and their change on the period before (when
    the inputs cover it); the operations map — six modules in triage
    order (customer service and account health, advertising, inventory, product selection, supply
    chain, listing), each with its status, what to do first, its KPIs against their targets (each
    with its basis: Amazon policy, rule of thumb or your target) and its findings, errors first; a
    module with no input names the download that would fill it. Then every SKU with its net profit
    and margin, marked where a rule finds something.

    The period is --period (YYYY-MM for a calendar month) or the inputs' span; the period before is
    the calendar month before a calendar month, else as many days just before. --format svg (or
    --output FILE.svg) saves the screen with the cost waterfall, loading nothing from the web.

    Point it at the folder you download your exports into; every report found is used. The rules are
    --rules, else `rules:` in flywheel.yaml, else every shipped pack; the headline's targets are
    those rules' thresholds, so your own rule files set them too.

    \b
    Examples:
      flywheel report examples/lumen-lighting/
      flywheel report ~/amazon/2026-10/ --format markdown --output weekly.md
      flywheel report examples/lumen-lighting/ --format html --output map.html
      flywheel report examples/lumen-lighting/ --output monday.svg
      flywheel report examples/lumen-lighting examples/lumen-lighting-2026-09 --period 2026-10
      flywheel report exports/ --period 2026-10-19..2026-10-25
      flywheel report exports/ --rules amazon-account-health --rules advertising
    """
    from flywheel_cli import api
    from flywheel_cli.config import discover
    from flywheel_cli.render.document import render
    from flywheel_cli.render.report_view import document

    resolved = check_format(fmt, FORMATS, output)
    with progress_bar(quiet) as progress:
        options = api.ReadOptions(kind=kind, encoding=encoding, cache=not no_cache)
        settings = discover(config, paths, cache=not no_cache)
        result = api.report(paths, options, parse_period(period), progress, settings, rules)
    emit(render(document(result), resolved), output)
    warn_skipped(result.kpis.skipped, quiet, result.kpis.warnings)
