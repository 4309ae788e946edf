"""A validated rule as the checks run it: plain frozen values, no pydantic.

schema.py validates a rule file with pydantic at the trust boundary and hands over these values
(`schema.runtime`). They are what the parse cache keeps, so a run whose rule packs were validated
before imports no pydantic at all (a tenth of a second of a small run's start-up). The attribute names
are the rule-file keys, as in schema.py.

They have no `__slots__`, as checks/rule.py's: an instance with a `__dict__` is unpickled by the pickle
module's C code, one with slots through `dataclasses`' `__setstate__`, in Python, a field at a time — a
third of the time taken to load the five shipped packs from the cache (docs/decisions.md, "Start-up").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flywheel_cli.checks.conditions import Kind
from flywheel_cli.core.findings import Basis
from flywheel_cli.metrics.rollup import Grain


@dataclass(frozen=True)
class MetricRef:
    """A threshold read from another metric of the same row, e.g. `{metric: break_even_acos}`."""

    metric: str


Threshold = Decimal | MetricRef


@dataclass(frozen=True)
class Condition:
    """One level (`warn` or `error`): exactly one of the condition kinds is given."""

    kind: Kind
    thresholds: tuple[Threshold, ...]  # one, or low and high for a ranged kind


@dataclass(frozen=True)
class Where:
    """Scope filters, each a tuple of shell globs, or None when not given. Hashable: a table keeps
    one filtered ledger per distinct filter (checks/table.py)."""

    category: tuple[str, ...] | None = None
    marketplace: tuple[str, ...] | None = None
    sku: tuple[str, ...] | None = None
    asin: tuple[str, ...] | None = None
    tag: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Override:
    """One of a rule's `overrides:`: its `where` filter, and the settings it gives the rows that match."""

    where: Where
    warn: Condition | None
    error: Condition | None
    min_sample: Mapping[str, Decimal] | None
    message: str | None
    hint: str | None
    given: frozenset[str]  # the keys the file writes: `error: null` removes the level there


@dataclass(frozen=True)
class Streak:
    """`for:` the condition must hold this many consecutive periods of a time grain."""

    periods: int
    grain: Grain


@dataclass(frozen=True, eq=False)
class Rule:
    """One rule of a rule file as validated: its metric, grain, levels, scope, overrides and basis."""

    id: str
    metric: str
    grain: Grain
    description: str | None
    warn: Condition | None
    error: Condition | None
    where: Where | None
    overrides: tuple[Override, ...]
    min_sample: Mapping[str, Decimal]
    streak: Streak | None
    basis: Basis
    source: str | None
    message: str | None
    hint: str | None
    document: Mapping[str, Any]  # the rule as validated, keys as the file writes them (`rules show`)
