"""The report's previous period (analyses/period_compare.py): the same inputs read again for the
period of equal length before the report's, when their families cover it."""

from __future__ import annotations

from dataclasses import replace

from flywheel_cli.analyses import period_compare as analysis
from flywheel_cli.api import ReadOptions, open_reports
from flywheel_cli.config import Config
from flywheel_cli.core.comparison import PeriodComparison
from flywheel_cli.core.errors import InputError
from flywheel_cli.core.results import KpiResult
from flywheel_cli.economics import breakdown
from flywheel_cli.metrics.engine import tabulate
from flywheel_cli.metrics.fold import Window
from flywheel_cli.metrics.rollup import Grain
from flywheel_cli.reports.tally import Progress


def previous_period(
    paths: list[str],
    options: ReadOptions | None,
    settings: Config,
    current: KpiResult,
    progress: Progress | None = None,
) -> PeriodComparison:
    """`current` (the report's account totals and its inputs) against the period before it. The
    inputs are read a second time only when some compared metric's families cover that period."""
    if current.period_start is None or current.period_end is None:
        return analysis.uncompared(
            current, "the inputs have no dated rows, so there is no period before them"
        )
    start, end, basis = analysis.previous_period(current.period_start, current.period_end)
    kpis = analysis.chosen(current)
    reasons = analysis.gaps(current, kpis, start, end)
    if not analysis.touched(current.inputs, start, end) or len(reasons) == len(kpis):
        return analysis.uncompared(current, f"the inputs do not cover {start} → {end}", start, end, basis)
    window = Window(start, end)
    inputs = open_reports(paths, options or ReadOptions())
    try:
        costed = breakdown.build(inputs, settings, Grain.ACCOUNT, window, progress)
    except InputError as error:  # the period cannot be read on its own: say why, the report stands
        return analysis.uncompared(current, str(error.message), start, end, basis)
    finally:
        inputs.close()
    before = tabulate(costed.ledger, costed.summaries, Grain.ACCOUNT, window, settings.categories)
    return analysis.compare(current, replace(before, warnings=costed.warnings), start, end, basis, reasons)
