"""One function per command. Each returns a result object and never prints (the CLI renders)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from flywheel_cli.config import Config
from flywheel_cli.core.errors import UnknownReportError
from flywheel_cli.core.results import (
    CostRow,
    CostsResult,
    HeadlineKpi,
    InspectResult,
    KpiResult,
    ReportResult,
    Skipped,
    SkuLine,
)
from flywheel_cli.economics import breakdown
from flywheel_cli.economics.lines import LINE_PARTS, lines_from_parts
from flywheel_cli.metrics.engine import tabulate
from flywheel_cli.metrics.fold import Ledger, Window
from flywheel_cli.metrics.rollup import Grain, Maps, metrics_of, rollup
from flywheel_cli.reports.discover import discover
from flywheel_cli.reports.reader import Report, open_report
from flywheel_cli.reports.tally import Progress, Tally


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read inputs: shared by every command that takes PATH…"""

    kind: str | None = None
    encoding: str | None = None


def open_reports(paths: list[str], options: ReadOptions) -> tuple[list[Report], list[Skipped]]:
    """Open every input (walking folders). Unknown files found in folders are skipped, not fatal."""
    reports: list[Report] = []
    skipped: list[Skipped] = []
    try:
        for candidate in discover(paths):
            try:
                reports.append(open_report(candidate.path, kind=options.kind, encoding=options.encoding))
            except UnknownReportError as exc:
                if candidate.explicit:
                    raise
                skipped.append(Skipped(candidate.path, exc.message))
    except BaseException:
        for report in reports:
            report.close()
        raise
    return reports, skipped


def inspect(paths: list[str], options: ReadOptions | None = None) -> InspectResult:
    """What each file is: kind, layout, language, encoding, rows, period, currency, marketplace."""
    reports, skipped = open_reports(paths, options or ReadOptions())
    summaries = []
    try:
        for report in reports:
            tally = Tally(report)
            for _ in tally.records():
                pass
            summaries.append(tally.summary())
    finally:
        for report in reports:
            report.close()
    return InspectResult(tuple(summaries), tuple(skipped))


def kpis(
    paths: list[str],
    options: ReadOptions | None = None,
    grain: Grain = Grain.ACCOUNT,
    window: Window | None = None,
    config: Config | None = None,
    progress: Progress | None = None,
) -> KpiResult:
    """The KPI table at a grain (DESIGN section 4)."""
    settings = config or Config()
    reports, skipped = open_reports(paths, options or ReadOptions())
    try:
        costed = breakdown.build(reports, settings, grain, window or Window(), progress)
    finally:
        for report in reports:
            report.close()
    result = tabulate(costed.ledger, costed.summaries, grain, window or Window(), settings.categories)
    return replace(result, skipped=tuple(skipped), warnings=costed.warnings)


def report(
    paths: list[str],
    options: ReadOptions | None = None,
    window: Window | None = None,
    progress: Progress | None = None,
    config: Config | None = None,
) -> ReportResult:
    """The Monday screen: headline KPIs against their targets, and every SKU with the targets it misses."""
    from flywheel_cli.metrics.targets import HEADLINE, SKU_TARGETS

    settings = config or Config()
    reports, skipped = open_reports(paths, options or ReadOptions())
    try:
        costed = breakdown.build(reports, settings, Grain.SKU, window or Window(), progress)
    finally:
        for opened in reports:
            opened.close()
    result = tabulate(costed.ledger, costed.summaries, Grain.ACCOUNT, window or Window(), settings.categories)
    result = replace(result, warnings=costed.warnings)
    by_sku = _rollup_rows(costed.ledger, Grain.SKU, settings.categories)
    total = result.total.metrics
    headline = tuple(
        HeadlineKpi(
            t.metric, t.label, total.get(t.metric), t.text, t.status(total.get(t.metric)), t.basis, t.source
        )
        for t in HEADLINE
    )
    skus = []
    for key, metrics in by_sku:
        misses = tuple(
            t.metric for t in SKU_TARGETS if t.status(metrics.get(t.metric)) in {"warning", "error"}
        )
        skus.append(SkuLine(key, metrics, misses))
    skus.sort(
        key=lambda line: (
            -(line.metrics.get("ordered_product_sales") or line.metrics.get("gross_sales") or 0),
            line.sku,
        )
    )
    return ReportResult(replace(result, skipped=tuple(skipped)), headline, tuple(skus))


def _rollup_rows(
    ledger: Ledger, grain: Grain, categories: dict[str, str] | None
) -> list[tuple[str, dict[str, Any]]]:
    maps = Maps(ledger.sku_asin, ledger.asin_parent, ledger.sku_group, dict(categories or {}))
    groups, _ = rollup(ledger, grain, maps)
    return [(key, metrics_of(parts)) for key, parts in groups.items() if key is not None]


def costs(
    paths: list[str],
    options: ReadOptions | None = None,
    grain: Grain = Grain.ACCOUNT,
    window: Window | None = None,
    config: Config | None = None,
    progress: Progress | None = None,
) -> CostsResult:
    """The cost breakdown (DESIGN section 5) per row of `grain`, plus `unallocated` and the total."""
    settings = config or Config()
    reports, skipped = open_reports(paths, options or ReadOptions())
    try:
        costed = breakdown.build(reports, settings, grain, window or Window(), progress)
    finally:
        for opened in reports:
            opened.close()
    result = tabulate(costed.ledger, costed.summaries, grain, window or Window(), settings.categories)
    warnings = list(costed.warnings)
    if not costed.costed:
        warnings.append(
            "no cost file: cogs, total_costs and net_profit are empty; set costs.cogs_file in flywheel.yaml"
        )
    rows = tuple(
        # The row without a SKU sold nothing: its cost of goods is zero, so its loss is its costs.
        CostRow(
            row.scope,
            lines_from_parts(
                {"cogs": 0, **row.parts}
                if costed.costed and row.scope and next(iter(row.scope.values())) is None
                else row.parts
            ),
        )
        for row in result.rows
        # A month holding only a stock snapshot has no money: no row. The unallocated row always shows.
        if any(row.parts.get(part) for part in LINE_PARTS.values()) or None in row.scope.values()
    )
    total = CostRow({}, lines_from_parts(result.total.parts))
    return CostsResult(
        grain=grain.value,
        rows=rows,
        total=total,
        kpis=replace(result, skipped=tuple(skipped)),
        allocation=settings.costs.allocation,
        fixed_costs=costed.fixed_costs,
        warnings=tuple(warnings),
    )
