"""rollup._fill_zeros, which tests a family with `frozenset.isdisjoint`, equals the loop it replaced for any
parts dict and any set of provided parts (written in review; the roll-up's SlotSums against adding every
value one by one is tests/test_ledger_memory.py)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from flywheel_cli.metrics.catalogue import FAMILY_PARTS
from flywheel_cli.metrics.rollup import _fill_zeros


def _fill_zeros_before(parts: dict[str, Any], has_returns: bool, provided: set[str]) -> None:
    """rollup._fill_zeros as it was before 05c5959."""
    for names in FAMILY_PARTS.values():
        if any(name in parts for name in names):
            for name in names:
                if name not in parts and name in provided:
                    parts[name] = 0
    if has_returns and parts.get("units_sold_fba") and "units_returned" not in parts:
        parts["units_returned"] = 0


ALL_PARTS = sorted({name for names in FAMILY_PARTS.values() for name in names} | {"units_sold_fba", "x"})


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(ALL_PARTS), max_size=6, unique=True),
    st.sets(st.sampled_from(ALL_PARTS)),
    st.booleans(),
)
def test_fill_zeros_unchanged(present: list[str], provided: set[str], has_returns: bool) -> None:
    before = {name: 1 for name in present}
    after = dict(before)
    _fill_zeros_before(before, has_returns, provided)
    _fill_zeros(after, has_returns, provided)
    assert list(after.items()) == list(before.items())


def test_no_part_is_in_two_families() -> None:
    names = [name for family in FAMILY_PARTS.values() for name in family]
    assert len(names) == len(set(names))
