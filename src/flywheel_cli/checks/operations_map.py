"""The operations map of `flywheel report`: the six modules (checks/modules.py) in triage order, each
with its KPIs judged by their rules, its findings, a status and what to do first.

- status: the worst of the module's findings (`error`, `warning`), `ok` without one, `no_data` when
  none of the downloads that feed the module is among the inputs;
- selection (derived): each SKU's units per 30 days of the period (units ordered, else units sold)
  against the article's 500–2,000 a month band, counted below / in / above. The seller's own catalogue
  only: market data (competitors' review counts) is not in any export and is out of scope;
- supply chain (derived): a SKU whose days of supply is under its lead time (`restock:` in
  flywheel.yaml, as `flywheel restock` reads it) and a SKU out of stock — sessions in the period with
  no Buy Box or no available units — each give a warning on that SKU.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from flywheel_cli.analyses.restock_settings import settings_for
from flywheel_cli.checks.headline import headline
from flywheel_cli.checks.modules import DERIVED_UNITS, MODULES, ORDER, Module, kind_name, module_of, present
from flywheel_cli.checks.rule import LoadedRule
from flywheel_cli.checks.table import Table
from flywheel_cli.config import Config
from flywheel_cli.core.findings import Basis, Finding, Severity
from flywheel_cli.core.operations import ModuleReport
from flywheel_cli.metrics.catalogue import METRICS

BAND = (500, 2000)  # units a month: the operations article's selection band
PACK = "operations-map"


def operations_map(
    rules: Sequence[LoadedRule],
    table: Table,
    total: Mapping[str, Any],
    findings: Sequence[Finding],
    skus: Sequence[tuple[str, Mapping[str, Any]]],
    kinds: set[str],
    period: tuple[date | None, date | None],
    settings: Config,
) -> tuple[ModuleReport, ...]:
    """The six modules in triage order (see the module docstring)."""
    derived = {**_selection(skus, period), **_supply_totals(skus, settings)}
    supply_findings = _supply_findings(skus, settings)
    values = {**total, **derived}
    reports = []
    for module_id in ORDER:
        module = MODULES[module_id]
        chosen = [(m, label) for m, label in module.kpis if m in METRICS or m in DERIVED_UNITS]
        judged = headline(rules, table, values, chosen)
        own = [f for f in findings if module_of(f.metric) == module_id]
        if module_id == "supply_chain":
            own = sorted([*own, *supply_findings], key=lambda f: -f.severity.rank)
        reports.append(_report(module, judged, tuple(own), kinds))
    return tuple(reports)


def _report(
    module: Module, kpis: Sequence[Any], findings: tuple[Finding, ...], kinds: set[str]
) -> ModuleReport:
    absent = [source for source in module.sources if not present(source, kinds)]
    needs = tuple(dict.fromkeys(kind_name(source) for source in absent))
    needs_text = " and ".join(f"{source.label} ({kind_name(source)})" for source in absent)
    units = {kpi.metric: DERIVED_UNITS.get(kpi.metric) or METRICS[kpi.metric].unit for kpi in kpis}
    if len(absent) == len(module.sources):
        first = f"no data: add {needs_text}"
        return ModuleReport(
            module.id, module.label, "no_data", tuple(kpis), units, findings, needs, needs_text, first
        )
    worst = findings[0] if findings else None
    status = worst.severity.value if worst is not None else "ok"
    first = worst.hint if worst is not None and worst.hint else module.first_step
    return ModuleReport(
        module.id, module.label, status, tuple(kpis), units, findings, needs, needs_text, first
    )


def _units(metrics: Mapping[str, Any]) -> Any:
    units = metrics.get("units_ordered")
    return units if units is not None else metrics.get("units_sold")


def _selection(
    skus: Sequence[tuple[str, Mapping[str, Any]]], period: tuple[date | None, date | None]
) -> dict[str, Any]:
    """SKUs below / in / above the band, by units per 30 days; None without a dated period."""
    start, end = period
    counted = [(sku, _units(metrics)) for sku, metrics in skus]
    counted = [(sku, units) for sku, units in counted if units is not None]
    if start is None or end is None or not counted:
        return dict.fromkeys(("skus_below_sales_band", "skus_in_sales_band", "skus_above_sales_band"))
    days = (end - start).days + 1
    # units × 30 / days against the band, compared without dividing: exact for any period length.
    below = sum(1 for _, units in counted if units * 30 < BAND[0] * days)
    above = sum(1 for _, units in counted if units * 30 > BAND[1] * days)
    return {"skus_below_sales_band": below, "skus_in_sales_band": len(counted) - below - above,
            "skus_above_sales_band": above}  # fmt: skip


def _lead_time(sku: str, settings: Config) -> int:
    import fnmatch

    category = next((c for glob, c in settings.categories.items() if fnmatch.fnmatchcase(sku, glob)), None)
    return settings_for(sku, category, settings.restock).lead_time_days


def _under_lead_time(
    skus: Sequence[tuple[str, Mapping[str, Any]]], settings: Config
) -> list[tuple[str, Any, int]]:
    rows = [(sku, m.get("days_of_supply"), _lead_time(sku, settings)) for sku, m in skus]
    return [(sku, days, lead) for sku, days, lead in rows if days is not None and days < lead]


def _stockouts(skus: Sequence[tuple[str, Mapping[str, Any]]]) -> list[tuple[str, str, Any, Any]]:
    """(sku, metric, value, sessions) for each SKU with sessions and no Buy Box or no available units."""
    out = []
    for sku, m in skus:
        sessions = m.get("sessions")
        if not sessions:
            continue
        if m.get("available_units") == 0:
            out.append((sku, "available_units", 0, sessions))
        elif m.get("buy_box_pct") is not None and m.get("buy_box_pct") == 0:
            out.append((sku, "buy_box_pct", m["buy_box_pct"], sessions))
    return out


def _supply_totals(skus: Sequence[tuple[str, Mapping[str, Any]]], settings: Config) -> dict[str, Any]:
    has_supply = any(m.get("days_of_supply") is not None for _, m in skus)
    has_stock = any(m.get("available_units") is not None or m.get("buy_box_pct") is not None for _, m in skus)
    return {
        "lead_time_days": settings.restock.defaults.lead_time_days,
        "skus_under_lead_time": len(_under_lead_time(skus, settings)) if has_supply else None,
        "stockout_skus": len(_stockouts(skus)) if has_stock else None,
    }


def _supply_findings(skus: Sequence[tuple[str, Mapping[str, Any]]], settings: Config) -> list[Finding]:
    source = f"{settings.path.name if settings.path else 'flywheel.yaml'} restock.lead_time_days"
    found = [
        Finding("days-of-supply-under-lead-time", PACK, Severity.WARNING, {"sku": sku}, "days_of_supply", days,
                lead, "below", f"Days of supply {Decimal(days):.1f} under the {lead}-day lead time: it runs out before a reorder arrives",
                source, Basis.SELLER_TARGET, "sku", "Reorder now: `flywheel restock` gives the quantity.")
        for sku, days, lead in _under_lead_time(skus, settings)
    ]  # fmt: skip
    for sku, metric, value, sessions in _stockouts(skus):
        what = "no available units" if metric == "available_units" else "no Buy Box"
        found.append(Finding(
            "stockout", PACK, Severity.WARNING, {"sku": sku}, metric, value, Decimal(0), "at_or_below",
            f"Out of stock: {what} with {sessions} sessions in the period", "the Dashu Kuajing operations article",
            Basis.RULE_OF_THUMB, "sku",
            "Pause auto campaigns for it and keep the exact-match manual groups until stock is back."))  # fmt: skip
    return found
