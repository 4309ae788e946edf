"""The report's headline KPIs, each judged by the loaded rule that sets its target.

`flywheel report` shows a fixed set of KPIs (HEADLINE). Their targets are not kept here: for each
KPI the target comes from the rules being evaluated (the shipped packs, or the seller's own through
`--rules` or flywheel.yaml), so a threshold changed in a rule file changes the headline too. The rule
chosen for a KPI is the first loaded rule on that metric, preferring account grain, then marketplace,
then SKU; rules that see only part of the data (`where:`) or judge streaks (`for:`) do not describe
the account's total and are not used. The rule is judged on the account's row exactly as
`flywheel check` judges a row (overrides, levels, `min_sample`, thresholds that name another
metric). A KPI with no such rule has no target and no status.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flywheel_cli.checks.conditions import Kind
from flywheel_cli.checks.engine import judge
from flywheel_cli.checks.rule import Level, LoadedRule, condition_text, threshold_text
from flywheel_cli.checks.table import Row, Table
from flywheel_cli.core.findings import Evaluation, Finding, PassedCheck, Severity
from flywheel_cli.core.results import HeadlineKpi
from flywheel_cli.metrics.rollup import Grain

HEADLINE = (
    ("unit_session_pct", "Conversion"),
    ("buy_box_pct", "Buy Box"),
    ("acos", "ACoS"),
    ("tacos", "TACoS"),
    ("refund_rate", "Refund rate"),
    ("return_rate", "Return rate"),
    ("days_of_supply", "Days of supply"),
    ("aged_365_plus_share", "Aged > 365 days"),
    ("order_defect_rate", "Order defect rate"),
    ("late_shipment_rate", "Late shipment rate"),
    ("pre_fulfillment_cancel_rate", "Pre-fulfilment cancel"),
    ("valid_tracking_rate", "Valid tracking rate"),
)
GRAIN_ORDER = {"account": 0, "marketplace": 1, "sku": 2}
# What a level's condition says the value should be (the condition is what fires), and the
# condition itself, in symbols: the target column stays narrow enough for 80 columns.
_WANTED = {Kind.ABOVE: "≤", Kind.AT_OR_ABOVE: "<", Kind.BELOW: "≥", Kind.AT_OR_BELOW: ">"}
_FIRES = {Kind.ABOVE: ">", Kind.AT_OR_ABOVE: "≥", Kind.BELOW: "<", Kind.AT_OR_BELOW: "≤"}


def headline(
    rules: Sequence[LoadedRule],
    table: Table,
    total: Mapping[str, Any],
    chosen: Sequence[tuple[str, str]] = HEADLINE,
) -> tuple[HeadlineKpi, ...]:
    """The headline KPIs (or the `chosen` (metric, label) pairs: the operations map's) of `total`
    (the account's metrics), each with its rule's target and status, judged on `table`'s account row
    (which knows the marketplaces, SKUs and tags overrides match)."""
    rows = table.rows(Grain.ACCOUNT, None)
    row = rows[0] if rows else Row({}, frozenset(), total.get)
    kpis = []
    for metric, label in chosen:
        value = total.get(metric)
        rule = target_rule(rules, metric)
        if rule is None:
            kpis.append(HeadlineKpi(metric, label, value, "", None, "", ""))
            continue
        outcome = judge(rule, row)
        status = (
            outcome.severity.value
            if isinstance(outcome, Finding)
            else ("ok" if isinstance(outcome, PassedCheck) else None)
        )
        text = target_text(rule, rule.select(row.members).levels)  # an override may apply to the account
        kpis.append(
            HeadlineKpi(metric, label, value, text, status, rule.spec.basis.value, rule.spec.source or "")
        )
    return tuple(kpis)


def target_rule(rules: Sequence[LoadedRule], metric: str) -> LoadedRule | None:
    """The rule whose levels are `metric`'s headline target (see the module docstring)."""
    candidates = [
        (GRAIN_ORDER.get(rule.spec.grain.value, 3), position, rule)
        for position, rule in enumerate(rules)
        if rule.spec.metric == metric
        and rule.base.levels
        and rule.spec.where is None
        and rule.spec.streak is None
    ]
    return min(candidates, key=lambda item: item[:2])[2] if candidates else None


def target_text(rule: LoadedRule, levels: Mapping[Severity, Level] | None = None) -> str:
    """`≤ 25%`, `< 3% (error ≥ 5%)`, `≥ 95%`, `4–6` — the target the rule's levels set
    (its own, or `levels`: an override's)."""
    metric = rule.spec.metric
    levels = rule.base.levels if levels is None else levels
    first = levels.get(Severity.WARNING) or levels.get(Severity.ERROR)
    if first is None:
        return ""
    text = _wanted(metric, first)
    error = levels.get(Severity.ERROR)
    if error is not None and error is not first:
        text += f" (error {_fires(metric, error)})"
    return text


def _fires(metric: str, level: Level) -> str:
    condition = level.condition
    if condition.kind.ranged:
        return condition_text(metric, condition)  # `outside 4–6`
    return f"{_FIRES[condition.kind]} {threshold_text(metric, condition.thresholds[0])}"


def _wanted(metric: str, level: Level) -> str:
    condition = level.condition
    numbers = [threshold_text(metric, t) for t in condition.thresholds]
    if condition.kind is Kind.OUTSIDE:
        return "–".join(numbers)
    if condition.kind is Kind.BETWEEN:
        return f"outside {'–'.join(numbers)}"
    return f"{_WANTED[condition.kind]} {numbers[0]}"


def sku_marks(evaluation: Evaluation | None) -> dict[tuple[str, str], str]:
    """(sku, metric) → the worst severity of the findings on that SKU's row."""
    marks: dict[tuple[str, str], str] = {}
    for finding in evaluation.findings if evaluation is not None else ():
        sku = finding.scope.get("sku")
        if finding.grain != "sku" or sku is None:
            continue
        key = (sku, finding.metric)
        if marks.get(key) != Severity.ERROR.value:
            marks[key] = finding.severity.value
    return marks
