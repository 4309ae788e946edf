"""`flywheel inspect`."""

from __future__ import annotations

from typing import Annotated

from flywheel_cli.cli.common import (
    DebugOpt,
    EncodingOpt,
    KindOpt,
    OutputOpt,
    PathsArg,
    QuietOpt,
    check_format,
    emit,
    format_option,
    warn_skipped,
)
from flywheel_cli.render.formats import Format

FORMATS = frozenset({Format.TABLE, Format.PLAIN, Format.MARKDOWN, Format.JSON, Format.NDJSON, Format.CSV})
FormatArg = Annotated[Format, format_option(FORMATS)]


def inspect(
    paths: PathsArg,
    fmt: FormatArg = Format.AUTO,
    output: OutputOpt = None,
    kind: KindOpt = None,
    encoding: EncodingOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Say what each export is: kind, layout, language, encoding, rows, period, currency, marketplace.

    Folders are searched recursively; files there that are not reports are skipped with a note.
    Unrecognised columns are listed, so a changed export layout is seen at once.

    \b
    Examples:
      flywheel inspect examples/lumen-lighting/
      flywheel inspect payments.csv --format json | jq '.inputs[].period'
      flywheel inspect report.txt --kind fba-returns --encoding cp1252
    """
    from flywheel_cli import api
    from flywheel_cli.render.document import render
    from flywheel_cli.render.inspect_view import document

    resolved = check_format(fmt, FORMATS, output)
    result = api.inspect(paths, api.ReadOptions(kind=kind, encoding=encoding))
    emit(render(document(result), resolved), output)
    warn_skipped(result.skipped, quiet)
