"""`flywheel check`: the CI gate."""

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
    warn,
    warn_skipped,
)
from flywheel_cli.cli.params import option
from flywheel_cli.core.errors import ExitCode
from flywheel_cli.core.findings import Severity
from flywheel_cli.render.formats import Format

FORMATS = frozenset(
    {Format.TABLE, Format.PLAIN, Format.MARKDOWN, Format.JSON, Format.NDJSON, Format.CSV, Format.GITHUB,
     Format.JUNIT, Format.SARIF}
)  # fmt: skip
FormatArg = Annotated[Format, format_option(FORMATS)]


def check(
    paths: PathsArg,
    rules: RulesOpt = None,
    fail_on: Annotated[
        Severity,
        option("--fail-on", help="Exit 1 when a finding is at least this severe.", case_sensitive=False),
    ] = Severity.ERROR,
    strict: Annotated[
        bool,
        option(
            "--strict",
            help="Same as --fail-on warning; also exit 1 when a file among the inputs is not read.",
        ),
    ] = False,
    fail_on_missing: Annotated[
        bool,
        option(
            "--fail-on-missing",
            help="Exit 1 also when a rule is skipped because a report it needs is not among the inputs "
            "(a forgotten seller-performance file must not turn the account-health rules green), or when a "
            "file among the inputs is not read.",
        ),
    ] = False,
    period: PeriodOpt = None,
    fmt: FormatArg = Format.AUTO,
    output: OutputOpt = None,
    config: ConfigOpt = None,
    kind: KindOpt = None,
    encoding: EncodingOpt = None,
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> int:
    """Check the KPIs of your exports against rule files: the gate for cron and CI.

    Every rule is evaluated for every scope it covers (the account, each SKU, each marketplace …):
    an error, a warning, passed, or skipped when there is too little data (never passed). Findings
    go to standard output; the summary line to standard error. Exit code 0: nothing at or above
    --fail-on (default error); 1: at least one such finding (or, with --fail-on-missing, a rule
    skipped because its report is missing; with --strict or --fail-on-missing, a file in a folder that
    is not a report flywheel reads); 2: bad input or rule file, or no report among the inputs.

    Formats: table, plain, markdown, json (flywheel.check/1), ndjson, csv, github (workflow
    annotations), junit (XML for CI dashboards), sarif (code scanning).

    \b
    Examples:
      flywheel check examples/lumen-lighting/
      flywheel check exports/ --rules amazon-account-health --rules my-rules.yaml
      flywheel check exports/ --strict --format junit --output flywheel.xml
      flywheel check exports/ --fail-on-missing       # every rule must have its data
      flywheel check exports/ --format github          # in a GitHub Actions step
      flywheel check exports/ --format json | jq '.findings[] | select(.severity == "error")'
    """
    from flywheel_cli import api
    from flywheel_cli.config import discover
    from flywheel_cli.render.check_view import document
    from flywheel_cli.render.document import render

    resolved = check_format(fmt, FORMATS, output)
    threshold = Severity.WARNING if strict else fail_on
    with progress_bar(quiet) as progress:
        options = api.ReadOptions(kind=kind, encoding=encoding, cache=not no_cache)
        settings = discover(config, paths, cache=not no_cache)
        result = api.check(paths, options, rules, parse_period(period), settings, progress)
    emit(render(document(result, threshold), resolved), output)
    warn_skipped(result.kpis.skipped, quiet, result.warnings)
    summary = result.evaluation.summary
    warn(summary.line(), quiet)
    note = summary.missing_note()
    if note:
        warn(note, quiet)
    missing = fail_on_missing and any(s.missing_data for s in result.evaluation.skipped)
    # A file the gate could not read is data it did not check: strict gates fail on it.
    unread = (strict or fail_on_missing) and bool(result.kpis.skipped)
    if unread:
        count = len(result.kpis.skipped)
        option = "--strict" if strict else "--fail-on-missing"
        warn(f"{count} input file{'s were' if count != 1 else ' was'} not read (see above): {option} fails the gate on "
             "them; move them out of the folder, or read them with --kind if flywheel misjudged them", quiet)  # fmt: skip
    if result.evaluation.failing(threshold) or missing or unread:
        return int(ExitCode.FINDINGS)  # the exit status (cli/__init__.py `_run`)
    return int(ExitCode.OK)
