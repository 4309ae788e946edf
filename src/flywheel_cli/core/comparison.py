"""The report's headline against the period of equal length just before it (`previous` in the
report's JSON; analyses/period_compare.py builds it). Plain data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True)
class PeriodComparison:
    """`start`..`end` is the previous period (None when the report has no dated rows); `metrics` its
    values of the compared headline metrics (`kpis`, in order); `deltas` this period's value minus
    the previous one (ratios: `points`, percentage points; money and counts: `absolute` and
    `relative`, a share of the previous value's size); `unavailable` why a metric has no delta;
    `reason` one line when no metric has one."""

    start: date | None
    end: date | None
    basis: str  # calendar_month | days | none
    kpis: tuple[str, ...]
    metrics: dict[str, Any] = field(default_factory=dict)
    deltas: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    unavailable: dict[str, str] = field(default_factory=dict)
    reason: str | None = None

    @property
    def compared(self) -> bool:
        return any(delta is not None for delta in self.deltas.values())

    def to_record(self) -> dict[str, Any]:
        return {
            "period": {
                "start": self.start.isoformat() if self.start else None,
                "end": self.end.isoformat() if self.end else None,
            },
            "basis": self.basis,
            "kpis": list(self.kpis),
            "metrics": {name: self.metrics.get(name) for name in self.kpis},
            "deltas": {name: self.deltas.get(name) for name in self.kpis},
            "unavailable": dict(self.unavailable),
            "reason": self.reason,
        }
