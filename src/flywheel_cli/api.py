"""One function per command. Each returns a result object and never prints (the CLI renders)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from flywheel_cli.config import Config
from flywheel_cli.core.errors import UnknownReportError
from flywheel_cli.core.results import HeadlineKpi, InspectResult, KpiResult, ReportResult, Skipped, SkuLine
from flywheel_cli.metrics.engine import compute
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
    reports, skipped = open_reports(paths, options or ReadOptions())
    try:
        categories = config.categories if config else None
        result, _ = compute(reports, grain, window or Window(), categories, progress=progress)
    finally:
        for report in reports:
            report.close()
    return replace(result, skipped=tuple(skipped))


def report(
    paths: list[str],
    options: ReadOptions | None = None,
    window: Window | None = None,
    progress: Progress | None = None,
    config: Config | None = None,
) -> ReportResult:
    """The Monday screen: headline KPIs against their targets, and every SKU with the targets it misses."""
    from flywheel_cli.metrics.targets import HEADLINE, SKU_TARGETS

    reports, skipped = open_reports(paths, options or ReadOptions())
    try:
        categories = config.categories if config else None
        result, ledger = compute(reports, Grain.ACCOUNT, window or Window(), categories, progress=progress)
        by_sku = _rollup_rows(ledger, Grain.SKU, categories)
    finally:
        for opened in reports:
            opened.close()
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
