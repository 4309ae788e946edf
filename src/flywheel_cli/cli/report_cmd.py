"""`flywheel report`."""

from __future__ import annotations

from flywheel_cli.cli.common import (
    ConfigOpt,
    DebugOpt,
    EncodingOpt,
    FormatOpt,
    KindOpt,
    OutputOpt,
    PathsArg,
    PeriodOpt,
    QuietOpt,
    check_format,
    emit,
    parse_period,
    progress_bar,
    warn,
)
from flywheel_cli.render.formats import Format

FORMATS = frozenset({Format.TABLE, Format.PLAIN, Format.MARKDOWN, Format.JSON, Format.NDJSON, Format.CSV})


def report(
    paths: PathsArg,
    period: PeriodOpt = None,
    fmt: FormatOpt = Format.AUTO,
    output: OutputOpt = None,
    config: ConfigOpt = None,
    kind: KindOpt = None,
    encoding: EncodingOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """The Monday screen: sales, ad spend and payout; the headline KPIs against their targets (each
    with its basis: Amazon policy or rule of thumb); every SKU with the targets it misses; and what
    needs attention first.

    Point it at the folder you download your exports into; every report found is used.

    \b
    Examples:
      flywheel report examples/lumen-lighting/
      flywheel report ~/amazon/2026-10/ --format markdown --output weekly.md
      flywheel report exports/ --period 2026-10-19..2026-10-25
    """
    from flywheel_cli import api
    from flywheel_cli.config import discover
    from flywheel_cli.render.document import render
    from flywheel_cli.render.report_view import document

    resolved = check_format(fmt, FORMATS)
    with progress_bar(quiet) as progress:
        options = api.ReadOptions(kind=kind, encoding=encoding)
        result = api.report(paths, options, parse_period(period), progress, discover(config, paths))
    emit(render(document(result), resolved), output)
    for skipped in result.kpis.skipped:
        warn(f"{skipped.path}: warning: skipped: {skipped.reason}", quiet)
