"""`flywheel restock`: replenishment per SKU and the IPI components (analyses/restock.py)."""

from __future__ import annotations

from flywheel_cli.analyses import restock as analysis
from flywheel_cli.analyses.restock_inputs import sales_periods, stock_facts, storage_rates
from flywheel_cli.analyses.restock_result import RestockResult, ipi_components
from flywheel_cli.analyses.restock_settings import settings_for
from flywheel_cli.api import ReadOptions, open_reports
from flywheel_cli.config import Config
from flywheel_cli.core.errors import InputError
from flywheel_cli.economics import breakdown
from flywheel_cli.metrics.engine import tabulate
from flywheel_cli.metrics.fold import Window
from flywheel_cli.metrics.rollup import Grain, Maps
from flywheel_cli.reports.tally import Progress


def restock(
    paths: list[str],
    options: ReadOptions | None = None,
    window: Window | None = None,
    config: Config | None = None,
    progress: Progress | None = None,
) -> RestockResult:
    """Every SKU of the FBA Inventory snapshot, most urgent first. One read of the inputs (the ledger of
    `flywheel kpis --by sku`), plus the storage-fees files' units on hand (analyses/restock_inputs.py)."""
    settings = config or Config()
    period = window or Window()
    inputs = open_reports(paths, options or ReadOptions())
    try:
        rates, warnings = storage_rates(inputs)
        costed = breakdown.build(inputs, settings, Grain.SKU, period, progress)
    finally:
        inputs.close()
    ledger = costed.ledger
    if not any(summary.family == "inventory" and summary.counted for summary in costed.summaries):
        raise InputError(
            "no FBA Inventory report among the inputs: restock needs each SKU's stock",
            path=paths[0] if len(paths) == 1 else None,
            hint="download Inventory > Inventory Planning (FBA Inventory) from Seller Central and add it",
        )
    table = tabulate(ledger, costed.summaries, Grain.SKU, period, settings.categories)
    maps = Maps(ledger.sku_asin, ledger.asin_parent, ledger.sku_group, dict(settings.categories))
    periods = sales_periods(ledger, costed.summaries, period)
    storage_given = any(s.kind == "storage-fees" for s in costed.summaries)
    sku_parts = {str(row.scope["sku"]): row.parts for row in table.rows if row.scope.get("sku") is not None}
    facts = stock_facts(ledger, sku_parts, maps, periods, rates, storage_given)
    rows = sorted(
        (analysis.plan(fact, settings_for(fact.sku, fact.category, settings.restock)) for fact in facts),
        key=analysis.urgency,
    )
    used = next(
        (p for p in periods if p.days and any(r.facts.velocity.basis == p.source.basis for r in rows)), None
    )
    ipi, ipi_reasons = ipi_components(table.total.metrics, table.unavailable)
    defaults = settings.restock.defaults
    return RestockResult(
        tuple(rows),
        {"lead_time_days": defaults.lead_time_days, "safety_days": defaults.safety_days,
         "cover_days": defaults.cover_days},
        ipi, ipi_reasons, tuple(costed.summaries), used.start if used else None, used.end if used else None,
        tuple(inputs.skipped), (*costed.warnings, *warnings),
    )  # fmt: skip
