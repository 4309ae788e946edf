"""`flywheel ads …`: the advertising analyses (analyses/search_terms.py)."""

from __future__ import annotations

from dataclasses import replace

from flywheel_cli.analyses.search_terms import DEFAULT_MIN_CLICKS, TermsResult, analyse
from flywheel_cli.analyses.term_inputs import read_terms
from flywheel_cli.api import ReadOptions, open_reports
from flywheel_cli.metrics.fold import Window
from flywheel_cli.reports.tally import Progress


def terms(
    paths: list[str],
    options: ReadOptions | None = None,
    window: Window | None = None,
    min_clicks: int = DEFAULT_MIN_CLICKS,
    progress: Progress | None = None,
) -> TermsResult:
    """Search-term waste, negative and harvest candidates, and the core terms' impressions, from the
    Sponsored Products and Brands search-term reports among `paths` (the other reports are not read)."""
    inputs = open_reports(paths, options or ReadOptions())
    try:
        read = read_terms(inputs, window or Window(), progress)
    finally:
        inputs.close()
    result = analyse(read, window or Window(), min_clicks)
    warnings = list(result.warnings)
    if read.others:
        warnings.append(
            f"{read.others} input{'s are' if read.others != 1 else ' is'} not a search-term report: not read "
            "(`flywheel ads terms` reads ads-sp-search-term and ads-sb-search-term)"
        )
    return replace(result, warnings=tuple(warnings), skipped=tuple(inputs.skipped))
