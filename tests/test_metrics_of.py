"""`metrics_of` (metrics/rollup.py): what it takes from its caches is the catalogue's definition."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from flywheel_cli.metrics.catalogue import METRICS
from flywheel_cli.metrics.rollup import metrics_of, present

PARTS = sorted({part for metric in METRICS.values() for part in metric.required})
AMOUNTS = st.one_of(
    st.integers(0, 500),
    st.decimals(min_value=-5000, max_value=5000, places=2, allow_nan=False, allow_infinity=False),
)


def _defined(parts: dict[str, Any], names: list[str] | None) -> dict[str, Any]:
    """The definition: each chosen metric in order, computed when its parts are all there, else null."""
    out: dict[str, Any] = {}
    for metric in (METRICS[name] for name in (names or METRICS)):
        value = metric.compute(parts) if metric.required <= parts.keys() else None
        out[metric.name] = present(metric.unit, value) if type(value) is Decimal else value
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.dictionaries(st.sampled_from(PARTS), AMOUNTS, max_size=len(PARTS)), min_size=1, max_size=6),
    st.one_of(st.none(), st.lists(st.sampled_from(sorted(METRICS)), min_size=1, max_size=12)),
)
def test_metrics_of_is_the_catalogue_definition_whatever_rows_came_before(
    rows: list[dict[str, Any]], names: list[str] | None
) -> None:
    for parts in rows:  # rows of the same and of other sets of parts, one after the other
        try:
            want: dict[str, Any] | type[Exception] = _defined(parts, names)
        except (ArithmeticError, TypeError) as exc:  # amounts no report gives (a negative unit count)
            want = type(exc)
        try:
            got: dict[str, Any] | type[Exception] = metrics_of(parts, names)
        except (ArithmeticError, TypeError) as exc:
            got = type(exc)
        assert got == want
        if isinstance(got, dict) and isinstance(want, dict):
            assert list(got) == list(want)  # the same order
