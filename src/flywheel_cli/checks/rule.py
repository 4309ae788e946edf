"""A validated rule with its file positions, and the levels that apply to a row (overrides resolved).

No `__slots__`: the parse cache keeps these, and checks/spec.py says why that is faster without."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flywheel_cli.checks.message import by_unit, trim
from flywheel_cli.checks.spec import Condition, MetricRef, Override, Rule
from flywheel_cli.checks.where import Member, matches, specificity
from flywheel_cli.core import yamldoc
from flywheel_cli.core.findings import RuleInfo, Severity
from flywheel_cli.metrics.catalogue import METRICS

LEVEL_KEYS = {Severity.ERROR: "error", Severity.WARNING: "warn"}


@dataclass(frozen=True)
class Level:
    """A level's condition, and the line of the `warn:` / `error:` key that set it."""

    condition: Condition
    line: int  # of the `warn:` / `error:` key that set it


@dataclass(frozen=True)
class Effective:
    """What applies to one row: the rule's own settings, or its most specific matching override."""

    levels: dict[Severity, Level]
    min_sample: dict[str, Decimal]
    message: str | None
    hint: str | None


@dataclass(frozen=True)
class LoadedRule:
    """A validated rule, where its file writes it, and its settings with each override resolved."""

    spec: Rule
    pack: str
    file: str
    line: int
    column: int
    index: int  # position in its file's `rules:`
    base: Effective
    overrides: tuple[tuple[Override, Effective], ...]  # most specific first

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}"

    def metrics(self) -> set[str]:
        """Every metric the rule reads: its own, its sample floors', its threshold metrics'."""
        names = {self.spec.metric}
        for effective in (self.base, *(e for _, e in self.overrides)):
            names.update(effective.min_sample)
            for level in effective.levels.values():
                names.update(t.metric for t in level.condition.thresholds if isinstance(t, MetricRef))
        return names

    def select(self, members: Iterable[Member]) -> Effective:
        chosen = frozenset(members)
        for override, effective in self.overrides:
            if matches(override.where, chosen):
                return effective
        return self.base

    def info(self) -> RuleInfo:
        return RuleInfo(
            id=self.id, pack=self.pack, metric=self.spec.metric, grain=self.spec.grain.value,
            levels=levels_text(self.spec.metric, self.base.levels) + _more(len(self.overrides)), basis=self.spec.basis,
            source=self.spec.source or "", location=self.location, hint=self.spec.hint,
            description=self.spec.description,
        )  # fmt: skip


def _more(overrides: int) -> str:
    return "" if not overrides else f" (+{overrides} override{'s' if overrides > 1 else ''})"


def _line(marks: yamldoc.Marks, path: tuple[Any, ...]) -> int:
    line, _ = yamldoc.locate(marks, path)
    return line or 1


def _levels(owner: Rule | Override, marks: yamldoc.Marks, at: tuple[Any, ...]) -> dict[Severity, Level]:
    levels: dict[Severity, Level] = {}
    for severity, key in LEVEL_KEYS.items():
        condition = getattr(owner, key)
        if condition is not None:
            levels[severity] = Level(condition, marks.get((*at, key, "__key__"), (_line(marks, at), 0))[0])
    return levels


def build(rule: Rule, pack: str, file: str, marks: yamldoc.Marks, index: int) -> LoadedRule:
    at = ("rules", index)
    line, column = marks.get((*at, "id", "__key__"), yamldoc.locate(marks, at))
    base = Effective(_levels(rule, marks, at), dict(rule.min_sample), rule.message, rule.hint)
    overrides = []
    for position, override in enumerate(rule.overrides):
        where = (*at, "overrides", position)
        given = _levels(override, marks, where)
        levels = dict(base.levels)
        for severity, key in LEVEL_KEYS.items():
            if key in override.given:
                levels.pop(severity, None)  # `error: null` in an override removes the level there
                if severity in given:
                    levels[severity] = given[severity]
        effective = Effective(
            levels,
            dict(override.min_sample) if override.min_sample is not None else base.min_sample,
            override.message if override.message is not None else base.message,
            override.hint if override.hint is not None else base.hint,
        )
        overrides.append((position, override, effective))
    # Most specific first; among equals, the one listed first wins.
    overrides.sort(key=lambda item: (tuple(-n for n in specificity(item[1].where)), item[0]))
    return LoadedRule(
        rule, pack, file, line or 1, column or 1, index, base, tuple((o, e) for _, o, e in overrides)
    )


def threshold_text(metric: str, threshold: Decimal | MetricRef) -> str:
    if isinstance(threshold, MetricRef):
        return threshold.metric
    unit = METRICS[metric].unit
    return trim(by_unit(unit, threshold))


def condition_text(metric: str, condition: Condition) -> str:
    """`above 25%`, `outside 4.0–6.0`, `above break_even_acos`."""
    parts = [threshold_text(metric, t) for t in condition.thresholds]
    return f"{condition.kind.words} {'–'.join(parts)}"


def levels_text(metric: str, levels: dict[Severity, Level]) -> str:
    order = [(Severity.WARNING, "warn"), (Severity.ERROR, "error")]
    return " · ".join(
        f"{word} {condition_text(metric, levels[s].condition)}" for s, word in order if s in levels
    )
