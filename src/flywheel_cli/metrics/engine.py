"""From opened reports to a KPI table at a grain: fold, roll up, compute."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from flywheel_cli.core.results import InputSummary, KpiResult, KpiRow
from flywheel_cli.metrics.fold import Ledger, Span, Window, fold
from flywheel_cli.metrics.payments_fold import PaymentsFold
from flywheel_cli.metrics.rollup import SCOPE_FIELD, Grain, Maps, metrics_of, rollup, unavailable
from flywheel_cli.reports.reader import Report
from flywheel_cli.reports.tally import Progress, Tally


def fold_reports(
    reports: Iterable[Report], window: Window, span: Span | None, progress: Progress | None = None
) -> tuple[Ledger, list[InputSummary]]:
    """Read every report once into a ledger of parts. Payments rows go into buckets of `span` (a day,
    a week, a month), or one bucket per SKU when `span` is None; other reports keep their own dates."""
    ledger = Ledger()
    summaries: list[InputSummary] = []
    for report in reports:
        tally = Tally(report, progress)
        if report.kind == "payments" and report.match is not None:
            payments = PaymentsFold(ledger, report, window, None, span)
            payments.run(tally.batches(payments.selection))
            tally.rows, tally.first, tally.last = payments.rows, payments.first, payments.last
            tally.marketplaces |= payments.marketplaces
        else:
            fold(ledger, report.kind, tally.records(), window, None)
        summaries.append(tally.summary())
    ledger.finish()
    _fill_marketplace(ledger, summaries)
    return ledger, summaries


def tabulate(
    ledger: Ledger,
    summaries: list[InputSummary],
    grain: Grain,
    window: Window,
    categories: Mapping[str, str] | None = None,
    metric_names: list[str] | None = None,
) -> KpiResult:
    """Roll the ledger up to `grain` and compute the metrics of every row and of the total."""
    _fill_marketplace(ledger, summaries)
    maps = Maps(ledger.sku_asin, ledger.asin_parent, ledger.sku_group, dict(categories or {}))
    groups, total_parts = rollup(ledger, grain, maps)
    field = SCOPE_FIELD[grain]
    ordered = sorted(groups.items(), key=lambda item: (item[0] is None, item[0] or ""))
    rows = tuple(
        KpiRow({} if grain is Grain.ACCOUNT else {field: key}, metrics_of(parts, metric_names), parts)
        for key, parts in ordered
    )
    total = KpiRow({}, metrics_of(total_parts, metric_names), total_parts)
    start, end = period_of(summaries, window)
    currencies = tuple(sorted({s.currency for s in summaries if s.currency and "," not in s.currency}))
    return KpiResult(
        grain=grain.value,
        rows=rows,
        total=total,
        inputs=tuple(summaries),
        unavailable=unavailable(ledger.sources),
        period_start=start,
        period_end=end,
        currencies=currencies,
    )


def _fill_marketplace(ledger: Ledger, summaries: list[InputSummary]) -> None:
    """Reports without a marketplace column (Business Reports, returns) belong to the only one seen."""
    known = {key[1] for key in ledger.parts if key[1] is not None}
    known |= {s.marketplace for s in summaries if s.marketplace and "," not in s.marketplace}
    if len(known) != 1:
        return
    only = next(iter(known))
    for key in [key for key in ledger.parts if key[1] is None]:
        parts = ledger.parts.pop(key)
        target = ledger.parts.setdefault((key[0], only, *key[2:]), {})
        for name, value in parts.items():
            target[name] = target.get(name, 0) + value if name in target else value


def period_of(summaries: list[InputSummary], window: Window) -> tuple[date | None, date | None]:
    """The period the flow reports cover (snapshots and undated reports do not widen it)."""
    flows = [s for s in summaries if s.kind not in {"fba-inventory", "seller-performance", "cogs"}]
    starts = [s.period_start for s in flows if s.period_start]
    ends = [s.period_end for s in flows if s.period_end]
    start = max([d for d in (min(starts, default=None), window.start) if d], default=None)
    end = min([d for d in (max(ends, default=None), window.end) if d], default=None)
    return start, end


def explain_rows(result: KpiResult, metric: str) -> list[dict[str, Any]]:
    from flywheel_cli.metrics.catalogue import METRICS

    definition = METRICS[metric]
    out = []
    for row in [*result.rows, result.total]:
        inputs = {name: row.parts.get(name) for name in definition.inputs if not name.startswith("?")}
        out.append({"scope": row.scope, "inputs": inputs, "value": row.metrics.get(metric)})
    return out
