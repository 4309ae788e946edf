"""A KPI's change from one period to the next, between exact values: `flywheel trend`'s weekly changes
and the report's previous period (analyses/period_compare.py), which needs nothing else of
analyses/trend.py (docs/decisions.md, "Start-up")."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from flywheel_cli.core.results import KpiRow
from flywheel_cli.metrics.catalogue import METRICS

POINTS = Decimal("0.0001")  # percentage points, to 4 places
RELATIVE = Decimal("0.000001")  # a relative change, to 6 places


def _exact(name: str, row: KpiRow) -> Any:
    """The metric before rounding for output: changes are taken between exact values."""
    return METRICS[name].value(row.parts)


def change(name: str, row: KpiRow, before: KpiRow | None) -> dict[str, Any] | None:
    """A ratio's change in percentage points; money's and counts' absolute and relative (a fraction of
    the earlier value's size, null when it was 0)."""
    if before is None:
        return None
    now, then = _exact(name, row), _exact(name, before)
    if now is None or then is None:
        return None
    if METRICS[name].unit == "ratio":
        points = ((Decimal(now) - Decimal(then)) * 100).quantize(POINTS, ROUND_HALF_EVEN)
        return {"points": points.normalize() if points else Decimal(0)}
    difference = now - then
    relative = None
    if then:
        relative = (Decimal(difference) / abs(Decimal(then))).quantize(RELATIVE, ROUND_HALF_EVEN)
        relative = relative.normalize() if relative else Decimal(0)
    return {"absolute": difference, "relative": relative}
