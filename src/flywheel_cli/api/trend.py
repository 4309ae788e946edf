"""`flywheel trend`: the weekly health check (analyses/trend.py)."""

from __future__ import annotations

from dataclasses import replace

from flywheel_cli.analyses import trend as analysis
from flywheel_cli.api import ReadOptions, open_reports
from flywheel_cli.config import Config
from flywheel_cli.core.errors import UsageError
from flywheel_cli.economics import breakdown
from flywheel_cli.metrics.engine import tabulate
from flywheel_cli.metrics.fold import Window
from flywheel_cli.metrics.rollup import Grain
from flywheel_cli.reports.tally import Progress

GRAINS = frozenset({Grain.WEEK, Grain.MONTH})


def trend(
    paths: list[str],
    options: ReadOptions | None = None,
    grain: Grain = Grain.WEEK,
    window: Window | None = None,
    config: Config | None = None,
    progress: Progress | None = None,
) -> analysis.TrendResult:
    """The twelve headline KPIs per week (or month) with the change on the one before, and the last
    30 days' conversion trend. One read of the inputs: the KPI table is `flywheel kpis --by week`'s,
    and the daily conversion comes from the same ledger."""
    if grain not in GRAINS:
        raise UsageError(
            f"--by {grain.value}: the trend is by week or by month", hint="--by week or --by month"
        )
    settings = config or Config()
    period = window or Window()
    inputs = open_reports(paths, options or ReadOptions())
    try:
        costed = breakdown.build(inputs, settings, grain, period, progress)
    finally:
        inputs.close()
    table = tabulate(costed.ledger, costed.summaries, grain, period, settings.categories)
    table = replace(table, skipped=tuple(inputs.skipped), warnings=costed.warnings)
    return analysis.build(table, costed.ledger)
