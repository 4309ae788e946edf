"""Evaluating rules over metric rows.

Each (rule, scope) is one check with one outcome: an error, a warning, passed, or skipped. Levels
are tried error first. A check is *passed* only when every level could be evaluated and none holds;
a missing value, too small a sample, or a threshold metric with no value makes it *skipped*.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from flywheel_cli.checks.conditions import fires
from flywheel_cli.checks.message import by_unit, render, scope_text
from flywheel_cli.checks.rule import Effective, Level, LoadedRule, threshold_text
from flywheel_cli.checks.spec import MetricRef
from flywheel_cli.checks.table import Row, Table
from flywheel_cli.checks.where import describe
from flywheel_cli.core.findings import Basis, Evaluation, Finding, PassedCheck, Severity, SkippedCheck
from flywheel_cli.metrics.catalogue import METRICS
from flywheel_cli.metrics.rollup import TIME_GRAINS

Outcome = Finding | SkippedCheck | PassedCheck
SEVERITIES = (Severity.ERROR, Severity.WARNING)


def evaluate(rules: Sequence[LoadedRule], table: Table) -> Evaluation:
    findings: list[tuple[int, Finding]] = []
    skipped: list[SkippedCheck] = []
    passed: list[PassedCheck] = []
    for position, rule in enumerate(rules):
        for outcome in _outcomes(rule, table):
            if isinstance(outcome, PassedCheck):
                passed.append(outcome)
            elif isinstance(outcome, SkippedCheck):
                skipped.append(outcome)
            else:
                findings.append((position, outcome))
    # Errors first, then warnings; Amazon policy before the rest; then in rule order, then by scope.
    findings.sort(
        key=lambda item: (
            -item[1].severity.rank,
            item[1].basis is not Basis.OFFICIAL,
            item[0],
            _scope_key(item[1].scope),
        )
    )
    packs = tuple(dict.fromkeys(rule.pack for rule in rules))
    return Evaluation(
        tuple(finding for _, finding in findings), tuple(skipped), tuple(passed),
        tuple(rule.info() for rule in rules), packs,
    )  # fmt: skip


def needs_dated_payments(rules: Sequence[LoadedRule]) -> bool:
    """Whether a rule reads a series by day/week/month of a metric that Payments rows feed (sales,
    refunds, fees, profit; or spend, which Payments' advertising charges stand in for). Only then
    must the Payments report be folded by day, which costs time and memory on a large report."""

    def from_payments(name: str) -> bool:
        metric = METRICS[name]
        return bool({"payments", "cogs"} & set(metric.sources)) or "ad_spend" in metric.inputs or name in {
            "tacos", "ad_sales_share", "return_rate",
        }  # fmt: skip

    return any(
        any(from_payments(name) for name in rule.metrics())
        for rule in rules
        if rule.spec.streak is not None or rule.spec.grain in TIME_GRAINS
    )


def _scope_key(scope: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(value) for value in scope.values())


def _skip(rule: LoadedRule, scope: dict[str, Any], reason: str, missing: bool = False) -> SkippedCheck:
    return SkippedCheck(rule.id, rule.pack, scope, rule.spec.metric, reason, rule.location, missing)


def _outcomes(rule: LoadedRule, table: Table) -> Iterator[Outcome]:
    spec = rule.spec
    for name in (spec.metric, *spec.min_sample):
        reason = table.reason(name)
        if reason:
            yield _skip(rule, {}, f"{name}: {reason}", missing=True)
            return
    if spec.streak is not None:
        yield from _streaks(rule, table)
        return
    rows = table.rows(spec.grain, spec.where)
    if not rows:
        where = f" matching {describe(spec.where)}" if spec.where else ""
        yield _skip(rule, {}, f"no {spec.grain.value} rows{where} in the inputs", missing=not spec.where)
        return
    for row in rows:
        yield judge(rule, row)


def _short(effective: Effective, row: Row) -> str | None:
    """Why the row's sample is too small for `min_sample`, or None."""
    for name, minimum in effective.min_sample.items():
        have = row.value(name)
        if have is None or Decimal(have) < minimum:
            shown = "none" if have is None else by_unit(METRICS[name].unit, have)
            return f"insufficient data: {name} {shown} < {by_unit(METRICS[name].unit, minimum)}"
    return None


def _resolve(level: Level, row: Row) -> tuple[Decimal, ...] | str:
    """The level's numbers for this row, or the name of the threshold metric that has no value."""
    numbers = []
    for threshold in level.condition.thresholds:
        if isinstance(threshold, MetricRef):
            value = row.value(threshold.metric)
            if value is None:
                return threshold.metric
            numbers.append(Decimal(value))
        else:
            numbers.append(threshold)
    return tuple(numbers)


def judge(rule: LoadedRule, row: Row) -> Outcome:
    """One rule on one row (`evaluate` calls it for each row; the report's headline for the account)."""
    metric = rule.spec.metric
    effective = rule.select(row.members)
    value = row.value(metric)
    if value is None:
        return _skip(rule, row.scope, f"no {metric} value for {scope_text(row.scope)}")
    short = _short(effective, row)
    if short:
        return _skip(rule, row.scope, short)
    missing: list[str] = []
    for severity in SEVERITIES:
        level = effective.levels.get(severity)
        if level is None:
            continue
        numbers = _resolve(level, row)
        if isinstance(numbers, str):
            missing.append(numbers)
        elif fires(level.condition.kind, Decimal(value), numbers):
            return _finding(rule, effective, severity, level, row.scope, value, numbers)
    if missing:
        return _skip(rule, row.scope, f"threshold {missing[0]} has no value for {scope_text(row.scope)}")
    return PassedCheck(rule.id, rule.pack, row.scope, metric, value)


def _finding(
    rule: LoadedRule,
    effective: Effective,
    severity: Severity,
    level: Level,
    scope: dict[str, Any],
    value: Any,
    numbers: tuple[Decimal, ...],
    period: dict[str, Any] | None = None,
) -> Finding:
    spec = rule.spec
    kind = level.condition.kind
    threshold: Any = list(numbers) if kind.ranged else numbers[0]
    names = {
        "value": value, "threshold": threshold, "low": numbers[0], "high": numbers[-1],
        "metric": spec.metric, "scope": scope, "rule": rule.id, "severity": severity.value,
        "grain": spec.grain.value, "periods": period["periods"] if period else None,
    }  # fmt: skip
    unit = METRICS[spec.metric].unit
    if effective.message:
        text = render(effective.message, names, unit)
    else:
        shown = [
            f"{t.metric} ({threshold_text(spec.metric, n)})"
            if isinstance(t, MetricRef)
            else threshold_text(spec.metric, n)
            for t, n in zip(level.condition.thresholds, numbers, strict=True)
        ]
        text = f"{spec.metric} {by_unit(unit, value)} {kind.words} {'–'.join(shown)}"
        if period and spec.streak:
            text += f" for {period['periods']} {spec.streak.grain.value}s in a row"
    return Finding(
        rule=rule.id, pack=rule.pack, severity=severity, scope=scope, metric=spec.metric, value=value,
        threshold=threshold, condition=kind.value, message=text, source=f"{rule.file}:{level.line}",
        basis=spec.basis, grain=spec.grain.value, hint=effective.hint, period=period,
    )  # fmt: skip


def _streaks(rule: LoadedRule, table: Table) -> Iterator[Outcome]:
    spec = rule.spec
    assert spec.streak is not None
    need, period = spec.streak.periods, spec.streak.grain.value
    series = table.series(spec.grain, spec.streak.grain, spec.where)
    if not series:
        yield _skip(rule, {}, f"no values by {period}: a `for` streak needs reports with a row per {period}")
        return
    for points in series.values():
        yield _streak(rule, points, need, period)


def _runs(points: list[tuple[int, Any]]) -> list[list[tuple[int, Any]]]:
    """Split ordered (ordinal, item) points into runs of consecutive ordinals."""
    runs: list[list[tuple[int, Any]]] = []
    for point in points:
        if runs and runs[-1][-1][0] + 1 == point[0]:
            runs[-1].append(point)
        else:
            runs.append([point])
    return runs


def _streak(rule: LoadedRule, points: list[tuple[int, Row]], need: int, period: str) -> Outcome:
    metric = rule.spec.metric
    scope = points[0][1].scope
    effective = rule.select(frozenset(member for _, row in points for member in row.members))
    valued = [(n, row) for n, row in points if row.value(metric) is not None]
    if not valued:
        return _skip(
            rule,
            scope,
            f"no {metric} value for any {period}: a streak needs reports with a row per {period}",
            missing=True,
        )
    usable = [(n, row) for n, row in valued if not _short(effective, row)]
    if max((len(run) for run in _runs(usable)), default=0) < need:
        return _skip(rule, scope, f"insufficient data: no {need} {period}s in a row with a {metric} value")
    missing: list[str] = []
    for severity in SEVERITIES:
        level = effective.levels.get(severity)
        if level is None:
            continue
        holding: list[tuple[int, tuple[Row, tuple[Decimal, ...]]]] = []
        for n, row in usable:
            numbers = _resolve(level, row)
            if isinstance(numbers, str):
                missing.append(numbers)
            elif fires(level.condition.kind, Decimal(row.value(metric)), numbers):
                holding.append((n, (row, numbers)))
        longest = max(_runs(holding), key=lambda run: (len(run), run[-1][0]), default=[])
        if len(longest) >= need:
            last_row, numbers = longest[-1][1]
            span = {"start": longest[0][1][0].period, "end": last_row.period, "periods": len(longest)}
            return _finding(rule, effective, severity, level, scope, last_row.value(metric), numbers, span)
    if missing:
        return _skip(rule, scope, f"threshold {missing[0]} has no value for {scope_text(scope)}")
    return PassedCheck(rule.id, rule.pack, scope, metric, usable[-1][1].value(metric))
