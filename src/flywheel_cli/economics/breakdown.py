"""One pass from opened reports and the store's settings to a ledger with every cost in it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from flywheel_cli.config import Config
from flywheel_cli.core.results import InputSummary
from flywheel_cli.economics import currency
from flywheel_cli.economics.costs import CostTable, add_fixed_costs, allocate, apply_cogs, prorate
from flywheel_cli.metrics.channels import channel_warnings
from flywheel_cli.metrics.engine import fold_reports, period_of
from flywheel_cli.metrics.fold import Ledger, Window
from flywheel_cli.metrics.rollup import TIME_GRAINS, Grain, payments_span
from flywheel_cli.reports.inputs import Inputs
from flywheel_cli.reports.reader import open_report
from flywheel_cli.reports.tally import Progress, Tally

if TYPE_CHECKING:  # the cost file's kind is imported when one is read
    from flywheel_cli.reports.kinds.cogs import CogsRow


@dataclass(frozen=True, slots=True)
class Costed:
    """The ledger with every cost in it, the inputs' summaries, and whether a cost file was read."""

    ledger: Ledger
    summaries: list[InputSummary]
    warnings: tuple[str, ...]
    fixed_costs: dict[str, Decimal]
    costed: bool  # a cost file was found: profit metrics can be computed


def build(
    inputs: Inputs, config: Config, grain: Grain, window: Window, progress: Progress | None = None
) -> Costed:
    """Read every input once, one at a time: the cost files first (whether there is one decides how
    finely Payments are bucketed), then the reports, folded and combined."""
    table_rows: list[CogsRow] = []
    summaries_cogs: list[InputSummary] = []
    for report in inputs.open({"cogs"}):
        tally = Tally(report)
        table_rows.extend(tally.records())
        summaries_cogs.append(tally.summary())
    if config.costs.cogs_file is not None:
        path = config.resolve(config.costs.cogs_file)
        if not any(Path(s.path).resolve() == path.resolve() for s in summaries_cogs):
            tally = Tally(open_report(str(path), kind="cogs"))
            table_rows.extend(tally.records())
            summaries_cogs.append(tally.summary())
    costed = bool(table_rows)
    flows = inputs.open(inputs.kinds() - {"cogs"})
    # Day buckets when costs need the order date, and when amounts may be converted: each bucket is
    # rounded to the cent once converted, so the buckets must not depend on the grain, or neither
    # would the totals.
    daily = costed or bool(config.fx)
    rates = currency.rates(config.currency, config.fx)  # each input converted as it is combined
    combined = fold_reports(
        flows,
        window,
        payments_span(grain, daily),
        progress,
        config.spans,
        config.marketplaces,
        rates,
        inputs.cache,
    )
    ledger, summaries = combined.ledger, combined.summaries
    config_path = str(config.path) if config.path else None
    counted = [s for s in summaries if s.counted]
    currency.check(ledger, counted, config.currency, config.fx, config_path, rates)
    warnings: list[str] = list(combined.warnings)
    if grain is Grain.FULFILLMENT:
        warnings += channel_warnings(ledger)
    if costed:
        ledger.costed = True
        missing = apply_cogs(ledger, CostTable.from_rows(table_rows))
        if missing:
            warnings.append(
                f"no unit cost in force for {', '.join(missing)}: their profit (and the total's) is left empty; "
                "add them to the cost file"
            )
    monthly = {name: config.costs.monthly.total(name) for name in ("tools", "labour", "other")}
    monthly = {
        ("other_fixed" if name == "other" else name): amount for name, amount in monthly.items() if amount
    }
    start, end = period_of(summaries, window)
    fixed: dict[str, Decimal] = {}
    if monthly and start and end:
        by_day = prorate(monthly, start, end)
        for amounts in by_day.values():
            for name, amount in amounts.items():
                fixed[name] = fixed.get(name, Decimal(0)) + amount
        add_fixed_costs(ledger, by_day, dated=grain in TIME_GRAINS)
    elif monthly:
        warnings.append(
            "fixed monthly costs are not included: the inputs have no dated rows to pro-rate them to"
        )
    if costed and grain not in TIME_GRAINS:
        allocate(ledger, config.costs.allocation)
    read = summaries_cogs + summaries
    order = {item.source: position for position, item in enumerate(inputs.found)}
    ordered = sorted(read, key=lambda s: order.get(s.path.split("!", 1)[0], len(order)))  # as discovered
    return Costed(ledger, ordered, tuple(warnings), fixed, costed)
