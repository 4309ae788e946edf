"""`flywheel metrics`."""

from __future__ import annotations

from typing import Annotated

from flywheel_cli.cli.common import DebugOpt, OutputOpt, QuietOpt, check_format, emit, format_option
from flywheel_cli.cli.params import argument
from flywheel_cli.render.formats import Format

FORMATS = frozenset({Format.TABLE, Format.PLAIN, Format.MARKDOWN, Format.JSON, Format.NDJSON, Format.CSV})
FormatArg = Annotated[Format, format_option(FORMATS)]


def metrics(
    name: Annotated[
        str | None,
        argument(help="One metric, by name or by a seller word (conversion, ACoS, buy box)."),
    ] = None,
    fmt: FormatArg = Format.AUTO,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """The KPI catalogue: every metric's name (the one JSON, rule files and `kpis -m` use), unit and
    definition; with NAME, one metric and the reports that feed it.

    \b
    Examples:
      flywheel metrics
      flywheel metrics conversion
      flywheel metrics acos --format json
    """
    from flywheel_cli import api
    from flywheel_cli.render.document import render
    from flywheel_cli.render.metrics_view import document

    resolved = check_format(fmt, FORMATS, output)
    emit(render(document(api.metrics(name)), resolved), output)
