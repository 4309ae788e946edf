"""Why a SKU's net profit and net margin are null on the report (they are the same figures as
`flywheel costs --by sku`: the ledger's parts per SKU, fixed costs shared out as configured)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flywheel_cli.metrics.catalogue import METRICS

PROFIT = ("net_profit", "net_margin")
NO_COST_FILE = "no cost file: set costs.cogs_file in flywheel.yaml (`flywheel costs` explains the lines)"


def profit_reasons(
    groups: Mapping[str | None, Mapping[str, Any]], unavailable: Mapping[str, str], costed: bool
) -> dict[str, dict[str, str]]:
    """SKU → {metric: why it is null} for the SKUs whose net profit or net margin is null; `groups`: the
    ledger's parts per SKU (`rollup` at the SKU grain); `unavailable`: the account's reasons (no
    Payments report …), which every SKU shares; `costed`: whether a cost file is configured (without
    one, that is every SKU's reason)."""
    if not costed:
        unavailable = {**dict.fromkeys(PROFIT, NO_COST_FILE), **unavailable}
    reasons: dict[str, dict[str, str]] = {}
    for sku, parts in groups.items():
        if sku is None:
            continue
        found = {name: why for name in PROFIT if (why := _why(name, parts, unavailable)) is not None}
        if found:
            reasons[sku] = found
    return reasons


def _why(name: str, parts: Mapping[str, Any], unavailable: Mapping[str, str]) -> str | None:
    metric = METRICS[name]
    if metric.value(dict(parts)) is not None:
        return None
    if name in unavailable:
        return unavailable[name]
    missing = metric.required - parts.keys()
    if "cogs" in missing:
        return "the cost file has no unit cost for this SKU"
    if "gross_sales" in missing:
        return "no Payments order rows for this SKU in the period (its gross sales are unknown)"
    return "its gross sales are 0 in the period"
