"""From opened reports to a KPI table at a grain: fold, roll up, compute."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from pathlib import PurePath
from typing import Any, TypeVar

from flywheel_cli.core.errors import UsageError
from flywheel_cli.core.parse_cache import ParseCache
from flywheel_cli.core.results import InputSummary, KpiResult, KpiRow
from flywheel_cli.metrics.ads_fold import (
    FIGURE_PARTS,
    SOURCE_OF_KIND,
    ads_spans,
    ads_warnings,
    campaign_rows,
    unstated,
)
from flywheel_cli.metrics.catalogue import shown_metrics
from flywheel_cli.metrics.channels import sku_channels
from flywheel_cli.metrics.combine import Combined, Folded, combine
from flywheel_cli.metrics.fold import Ledger, Span, Window, fold
from flywheel_cli.metrics.money import NOT_SUMMED, Rates, held_currencies
from flywheel_cli.metrics.overlap import count_once
from flywheel_cli.metrics.parts import provided
from flywheel_cli.metrics.payments_fold import PaymentsFold
from flywheel_cli.metrics.payments_parallel import fold_in_parallel
from flywheel_cli.metrics.rollup import (
    ADS_GRAINS,
    CAMPAIGN_METRICS,
    CAMPAIGN_REASON,
    SCOPE_FIELD,
    Grain,
    Maps,
    metrics_of,
    rollup,
    unavailable,
)
from flywheel_cli.metrics.settlement_fold import SettlementFold
from flywheel_cli.metrics.term_grains import REASONS as TERM_REASONS
from flywheel_cli.metrics.term_grains import term_rows
from flywheel_cli.reports.markets import CURRENCIES
from flywheel_cli.reports.reader import Report
from flywheel_cli.reports.registry import KINDS
from flywheel_cli.reports.source import regular_file
from flywheel_cli.reports.tally import Progress, Tally, column_name

T = TypeVar("T")


def fold_reports(
    reports: Iterable[Report],
    window: Window,
    span: Span | None,
    progress: Progress | None = None,
    spans: Mapping[str, tuple[date, date]] | None = None,
    markets: Mapping[str, str] | None = None,
    rates: Rates | None = None,
    cache: ParseCache | None = None,
) -> Combined:
    """Read every report once, each into its own ledger, and combine them honestly (metrics/combine.py):
    duplicates once, overlapping rows once, the period's rows only. Payments rows go into buckets of
    `span` (a day, a week, a month), or one bucket per SKU when `span` is None; other reports keep
    their own dates. `spans` places undated reports (flywheel.yaml `spans:`, file glob → first and
    last day); `markets` names the marketplace of reports that do not (file glob → code). With `rates`,
    each input is converted into the reporting currency before it is combined (metrics/money.py). With
    `cache`, an input folded before with the same bytes and settings is not read again (core/parse_cache.py)."""
    spans, markets = spans or {}, markets or {}

    def one(report: Report) -> Folded:
        def build(digest: str | None = None) -> Folded:
            return _fold_one(report, window, span, progress, spans, markets, digest)

        file = regular_file(report.path)
        if cache is None or file is None:
            return build(None)
        member = report.path[len(file) + 1 :] if file != report.path else None
        facts = (report.path, report.kind, report.layout, report.encoding, report.delimiter,
                 window.start, window.end, getattr(span, "__name__", None),
                 declared_for(report.path, spans), declared_for(report.path, markets))  # fmt: skip
        return cache.fold(file, member, facts, build, Folded, lambda folded: folded.summary.sha256)

    items = [one(report) for report in reports]
    counted, combined = combine(items, window, rates)
    combined.warnings += count_once(counted, combined.ledger, window, span, rates)
    combined.summaries = [item.summary for item in items]
    combined.ledger.finish()
    _fill_marketplace(combined.ledger, [s for s in combined.summaries if s.counted])
    # Ads spend a less granular report alone holds but that cannot count: said, never silent.
    combined.warnings += ads_warnings(ads_spans(combined.ledger.parts))
    return combined


def _fold_one(
    report: Report, window: Window, span: Span | None, progress: Progress | None,
    spans: Mapping[str, tuple[date, date]], markets: Mapping[str, str], digest: str | None = None,
) -> Folded:  # fmt: skip
    ledger = Ledger()
    tally = Tally(report, progress, digest)
    gaps: dict[str, int] = {}  # Ads figure → the first JSON row without it
    settlement: SettlementFold | None = None
    if report.kind == "payments" and report.match is not None:
        payments = PaymentsFold(ledger, report, window, None, span)
        if not fold_in_parallel(payments, report):
            payments.run(tally.batches(payments.selection))
        tally.rows, tally.first, tally.last = payments.rows, payments.first, payments.last
        tally.marketplaces |= payments.marketplaces
    elif report.kind == "settlement":  # the same money as Payments: bucketed by the same span
        settlement = SettlementFold(ledger, window, span)
        settlement.run(tally.records())
    else:
        records = tally.records()
        if report.container == "json" and report.kind in SOURCE_OF_KIND:
            records = unstated(records, gaps)  # a null or missing figure is absent, never 0
        fold(ledger, report.kind, records, window, None)
    ledger.finish()
    summary = tally.summary()
    declared = declared_for(report.path, spans) if summary.dating == "undated" else None
    if declared is not None:
        _place(ledger, declared)
        summary = replace(summary, period_start=declared[0], period_end=declared[1], span_from="config")
    market = declared_for(report.path, markets) if summary.marketplace is None else None
    if market is not None:
        for key in [key for key in ledger.parts if key[1] is None]:
            ledger.parts[(key[0], market, *key[2:])] = ledger.parts.pop(key)
        summary = replace(summary, marketplace=market, currency=summary.currency or CURRENCIES.get(market))
    module = KINDS[report.kind]
    _, lacks = provided(module, report.match.columns if report.match else None)
    fields = {spec.name: spec for spec in module.SPEC.fields}
    reasons = {
        part: f"{report.path} has no {column_name(fields[names[0]], report.language)!r} column "
        f"({report.kind}, {report.layout} layout)"
        for part, names in lacks.items()
        if names and names[0] in fields
    }
    for name, line in gaps.items():
        held = report.match
        column = held.column(name if name in held.columns else "sales_14d") if held else name
        reasons.setdefault(FIGURE_PARTS[name], f"{report.path}: item [{line - 1}] has {column!r} null or missing: "
                           "an unknown value, not 0, so its rows do not add up to a total")  # fmt: skip
    folded = Folded(summary, ledger, reasons, report.encoding)
    if settlement is not None:
        folded.warnings, folded.settlements = settlement.warnings(report.path), settlement.settlements
        folded.lacks["transfers"] = (
            f"{report.path} is a settlement report: its payout is its total, not a transfer row"
        )
        folded.lacks.update(settlement.lacks(report.path))
    return folded


def declared_for(path: str, declared: Mapping[str, T]) -> T | None:
    """What flywheel.yaml declares for a file (`spans:`, `marketplaces:`): a glob matched against its
    name, its path, and for a zip member the member's name and the archive's."""
    names = {path, PurePath(path.split("!", 1)[0]).name, PurePath(path.split("!", 1)[-1]).name}
    for pattern, value in declared.items():
        if any(fnmatch.fnmatch(name, pattern) for name in names):
            return value
    return None


def _place(ledger: Ledger, span: tuple[date, date]) -> None:
    """Give an undated input's buckets the span declared for it."""
    for key in [key for key in ledger.parts if key[4] is None]:
        ledger.parts[(*key[:4], span[0], span[1])] = ledger.parts.pop(key)


def tabulate(
    ledger: Ledger,
    summaries: list[InputSummary],
    grain: Grain,
    window: Window,
    categories: Mapping[str, str] | None = None,
    metric_names: list[str] | None = None,
) -> KpiResult:
    """Roll the ledger up to `grain` and compute the metrics of every row and of the total."""
    _fill_marketplace(ledger, [s for s in summaries if s.counted])
    maps = Maps(ledger.sku_asin, ledger.asin_parent, ledger.sku_group, dict(categories or {}),
                sku_channels(ledger.sku_channel))  # fmt: skip
    groups, total_parts = rollup(ledger, grain, maps)
    metric_names = metric_names or shown_metrics(ledger.sources)  # listings/feedback: opt-in (catalogue.py)
    reasons = {name: why for name, why in unavailable(ledger).items() if name in metric_names}
    row_metrics = metric_names
    if grain in ADS_GRAINS:
        why = CAMPAIGN_REASON if grain is Grain.CAMPAIGN else TERM_REASONS[grain.value]
        row_metrics = [n for n in metric_names if n in CAMPAIGN_METRICS]
        reasons.update({n: why for n in metric_names if n not in CAMPAIGN_METRICS and n not in reasons})
    if grain is Grain.CAMPAIGN:
        groups = _campaign_groups(ledger)
    field = SCOPE_FIELD[grain]
    ordered = [
        ({} if grain is Grain.ACCOUNT else {field: key}, parts)
        for key, parts in sorted(groups.items(), key=lambda item: (item[0] is None, item[0] or ""))
    ]
    if grain in {Grain.SEARCH_TERM, Grain.TARGETING}:
        ordered = term_rows(ledger, grain.value)  # most spend first (metrics/term_grains.py)
    rows = tuple(
        KpiRow(
            scope,
            {name: None for name in metric_names} | metrics_of(parts, row_metrics)
            if row_metrics
            else dict.fromkeys(metric_names),
            parts,
        )
        for scope, parts in ordered
    )
    total = KpiRow({}, metrics_of(total_parts, metric_names), total_parts)
    start, end = period_of(summaries, window)
    currencies = tuple(sorted({
        s.currency for s in summaries if s.currency and "," not in s.currency and s.kind not in NOT_SUMMED
    }))  # fmt: skip
    if ledger.currency is not None:  # amounts were converted: they are all in the reporting currency
        currencies = (ledger.currency,)
    return KpiResult(
        grain=grain.value,
        rows=rows,
        total=total,
        inputs=tuple(summaries),
        unavailable=reasons,
        period_start=start,
        period_end=end,
        currencies=currencies,
    )


def _campaign_groups(ledger: Ledger) -> dict[str | None, dict[str, Any]]:
    """The rows of `--by campaign`: the Ads parts per campaign (metrics/ads_fold.py campaign_rows).
    They are kept in the reports' own currencies, so a converted ledger has no campaign rows."""
    if ledger.converted:
        raise UsageError(
            "--by campaign adds the Ads reports' amounts as reported: it reads one currency at a time",
            hint="read one marketplace's reports at a time, or drop `currency:` from flywheel.yaml",
        )
    return campaign_rows(ledger)


def _fill_marketplace(ledger: Ledger, summaries: list[InputSummary]) -> None:
    """Reports without a marketplace column (Business Reports, returns) belong to the only one seen —
    unless an input holds another currency than that marketplace's (an EUR Ads report without Country
    beside a US report): it is then of another marketplace, which its rows do not name."""
    known = {key[1] for key in ledger.parts if key[1] is not None}
    known |= {s.marketplace for s in summaries if s.marketplace and "," not in s.marketplace}
    if len(known) != 1:
        return
    only = next(iter(known))
    currency = CURRENCIES.get(only)
    others = [held_currencies(s) - {currency} for s in summaries if s.kind not in NOT_SUMMED]
    if currency is not None and any(others):
        return
    for key in [key for key in ledger.parts if key[1] is None]:
        parts = ledger.parts.pop(key)
        target = ledger.parts.setdefault((key[0], only, *key[2:]), {})
        for name, value in parts.items():
            target[name] = target.get(name, 0) + value if name in target else value


def period_of(summaries: list[InputSummary], window: Window) -> tuple[date | None, date | None]:
    """The period the flow reports cover (snapshots and undated reports do not widen it)."""
    flows = [s for s in summaries if s.counted and s.dating in {"rows", "undated"}]
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
