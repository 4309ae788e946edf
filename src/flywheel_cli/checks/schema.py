"""The rule-file schema (DESIGN section 6; every key documented in docs/rules.md).

Validated with pydantic at the trust boundary; `loader.py` turns a validation error into
`file:line:col: error: …`. Nothing in a rule file is evaluated as code.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from flywheel_cli.checks import spec
from flywheel_cli.checks.conditions import Kind
from flywheel_cli.checks.message import check_template
from flywheel_cli.core.findings import Basis
from flywheel_cli.core.yamldoc import bounded
from flywheel_cli.metrics.rollup import TIME_GRAINS, Grain

KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def known_metric(name: str) -> str:
    """The catalogue name (a seller word such as `conversion` is accepted); a typo gets a suggestion."""
    from flywheel_cli.metrics.names import resolve

    return resolve(name)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class MetricRef(_Strict):
    """A threshold read from another metric of the same row, e.g. `{metric: break_even_acos}`."""

    metric: str

    @field_validator("metric")
    @classmethod
    def _known(cls, value: str) -> str:
        return known_metric(value)


def _percent(value: Any) -> Any:
    """`40%` is 0.40, as `flywheel plan` reads it."""
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            return Decimal(value.strip()[:-1].strip()) / 100
        except ArithmeticError:
            return value
    return value


Threshold = (
    Annotated[Decimal, BeforeValidator(_percent), AfterValidator(bounded)] | MetricRef
)  # bounded in quotes too


class Condition(_Strict):
    """One level (`warn` or `error`): exactly one condition kind."""

    above: Threshold | None = None
    below: Threshold | None = None
    at_or_above: Threshold | None = None
    at_or_below: Threshold | None = None
    between: tuple[Threshold, Threshold] | None = None
    outside: tuple[Threshold, Threshold] | None = None

    @model_validator(mode="before")
    @classmethod
    def _a_mapping(cls, data: Any) -> Any:
        if isinstance(data, (int, float, Decimal, str)):
            raise ValueError(
                f"a level is a condition, not a number: write {{above: {data}}} or {{below: {data}}} "
                "(or at_or_above, at_or_below, between, outside)"
            )
        return data

    @model_validator(mode="after")
    def _one_kind(self) -> Condition:
        given = [kind for kind in Kind if getattr(self, kind.value) is not None]
        if len(given) != 1:
            names = ", ".join(kind.value for kind in Kind)
            raise ValueError(f"give exactly one condition ({names})")
        low_high = getattr(self, given[0].value)
        if given[0].ranged:
            low, high = low_high
            if isinstance(low, Decimal) and isinstance(high, Decimal) and low > high:
                raise ValueError("the range is [low, high]: low is above high")
        return self

    @property
    def kind(self) -> Kind:
        return next(kind for kind in Kind if getattr(self, kind.value) is not None)

    @property
    def thresholds(self) -> tuple[Threshold, ...]:
        given = getattr(self, self.kind.value)
        return tuple(given) if self.kind.ranged else (given,)


Patterns = Annotated[list[str], Field(min_length=1)]


class Where(_Strict):
    """Scope filters; each takes a value or a list of values, with shell globs (`LL-BULB-*`)."""

    category: Patterns | None = None
    marketplace: Patterns | None = None
    sku: Patterns | None = None
    asin: Patterns | None = None
    tag: Patterns | None = None

    @model_validator(mode="before")
    @classmethod
    def _lists(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {key: [value] if isinstance(value, str) else value for key, value in data.items()}
        return data

    @model_validator(mode="after")
    def _not_empty(self) -> Where:
        if not self.model_fields_set:
            raise ValueError("name at least one of category, marketplace, sku, asin, tag")
        return self


MinSample = dict[str, Annotated[Decimal, AfterValidator(bounded)]]


def _check_min_sample(value: MinSample | None) -> MinSample | None:
    for name in value or {}:
        known_metric(name)
    return value


class Override(_Strict):
    """Other levels where `where` matches; the most specific matching override wins."""

    where: Where
    warn: Condition | None = None
    error: Condition | None = None
    min_sample: MinSample | None = None
    message: str | None = None
    hint: str | None = None

    @field_validator("min_sample")
    @classmethod
    def _samples(cls, value: MinSample | None) -> MinSample | None:
        return _check_min_sample(value)

    @field_validator("message")
    @classmethod
    def _message(cls, value: str | None) -> str | None:
        return _template(value)


class Streak(_Strict):
    """`for:` the condition must hold this many consecutive periods of a time grain."""

    periods: int = Field(ge=1)
    grain: Grain = Grain.DAY

    @field_validator("grain")
    @classmethod
    def _time(cls, value: Grain) -> Grain:
        if value not in TIME_GRAINS:
            raise ValueError("a streak counts periods: day, week or month")
        return value


def _template(value: str | None) -> str | None:
    if value is not None:
        check_template(value)
    return value


class Rule(_Strict):
    id: str
    metric: str
    grain: Grain = Grain.ACCOUNT
    description: str | None = None
    warn: Condition | None = None
    error: Condition | None = None
    where: Where | None = None
    overrides: list[Override] = Field(default_factory=list)
    min_sample: MinSample = Field(default_factory=dict)
    streak: Streak | None = Field(default=None, alias="for")
    # A seller's own rule needs neither: its basis is their own target, its source their file (the
    # loader fills it in). The shipped packs give both for every rule (a test holds them to it).
    basis: Basis = Basis.SELLER_TARGET
    source: str | None = Field(default=None, min_length=1)
    message: str | None = None
    hint: str | None = None

    @field_validator("metric")
    @classmethod
    def _known(cls, value: str) -> str:
        return known_metric(value)

    @field_validator("min_sample")
    @classmethod
    def _samples(cls, value: MinSample) -> MinSample:
        return _check_min_sample(value) or {}

    @field_validator("message")
    @classmethod
    def _message(cls, value: str | None) -> str | None:
        return _template(value)

    @field_validator("grain")
    @classmethod
    def _not_campaign(cls, value: Grain) -> Grain:
        if value is Grain.CAMPAIGN:
            raise ValueError(
                "rules have no campaign grain: `flywheel kpis --by campaign` shows the campaigns"
            )
        if value in {Grain.SEARCH_TERM, Grain.TARGETING}:
            raise ValueError(
                f"rules have no {value.value} grain: `flywheel kpis --by {value.value}` shows them"
            )
        return value

    @field_validator("id")
    @classmethod
    def _kebab(cls, value: str) -> str:
        if not KEBAB.match(value):
            raise ValueError("rule ids are kebab-case: lower-case letters, digits and single dashes")
        return value

    @model_validator(mode="after")
    def _levels(self) -> Rule:
        if self.warn is None and self.error is None:
            raise ValueError("give a `warn` level, an `error` level or both")
        if self.streak and self.grain in TIME_GRAINS and self.streak.grain != self.grain:
            raise ValueError(f"`for` counts {self.streak.grain} periods but the rule's grain is {self.grain}")
        return self


class RuleFile(_Strict):
    pack: str
    version: int = Field(ge=1)
    description: str | None = None
    rules: list[Rule] = Field(min_length=1)

    @field_validator("pack")
    @classmethod
    def _kebab(cls, value: str) -> str:
        if not KEBAB.match(value):
            raise ValueError("pack names are kebab-case: lower-case letters, digits and single dashes")
        return value


def runtime(rule: Rule) -> spec.Rule:
    """The validated rule as the checks run it (checks/spec.py: plain values the cache keeps)."""
    return spec.Rule(
        id=rule.id, metric=rule.metric, grain=rule.grain, description=rule.description,
        warn=_level(rule.warn), error=_level(rule.error),
        where=where_of(rule.where) if rule.where is not None else None,
        overrides=tuple(
            spec.Override(where_of(o.where), _level(o.warn), _level(o.error),
                          dict(o.min_sample) if o.min_sample is not None else None, o.message, o.hint,
                          frozenset(o.model_fields_set))
            for o in rule.overrides
        ),
        min_sample=dict(rule.min_sample),
        streak=spec.Streak(rule.streak.periods, rule.streak.grain) if rule.streak is not None else None,
        basis=rule.basis, source=rule.source, message=rule.message, hint=rule.hint,
        document=rule.model_dump(mode="json", by_alias=True, exclude_none=True),
    )  # fmt: skip


def _level(condition: Condition | None) -> spec.Condition | None:
    return condition_of(condition) if condition is not None else None


def condition_of(condition: Condition) -> spec.Condition:
    thresholds = tuple(
        spec.MetricRef(t.metric) if isinstance(t, MetricRef) else t for t in condition.thresholds
    )
    return spec.Condition(condition.kind, thresholds)


def where_of(where: Where) -> spec.Where:
    def given(patterns: list[str] | None) -> tuple[str, ...] | None:
        return tuple(patterns) if patterns is not None else None

    return spec.Where(given(where.category), given(where.marketplace), given(where.sku), given(where.asin),
                      given(where.tag))  # fmt: skip
