"""Roll-up rows (metrics/compact.py SlotSums, which keeps a row's only bucket as it is; rollup._fill_zeros,
which tests a family with `frozenset.isdisjoint`), written in review: a row built the roll-up's way — compact buckets through
SlotSums, plain buckets through add_parts, in any interleaving — holds exactly what adding every bucket's
values one by one gives (names in order, types, digits, places); and _fill_zeros equals the loop it
replaced for any parts dict and any set of provided parts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from flywheel_cli.metrics.catalogue import FAMILY_PARTS
from flywheel_cli.metrics.compact import CompactParts, SlotSums, slotted
from flywheel_cli.metrics.rollup import _fill_zeros, add_parts

NAMES = "abcdef"
coefficients = st.one_of(st.integers(-1000, 1000), st.integers(-(1 << 59), 1 << 59))
values = st.one_of(
    coefficients, st.builds(lambda n, places: Decimal(n).scaleb(-places), coefficients, st.integers(0, 5))
)
buckets = st.tuples(st.booleans(), st.dictionaries(st.sampled_from(NAMES), values, max_size=6))


def exactly(row: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(name, type(value).__name__, str(value)) for name, value in row.items()]


@settings(max_examples=400, deadline=None)
@given(st.lists(buckets, max_size=5))
def test_slot_sums_equal_value_by_value(spec: list[tuple[bool, dict[str, Any]]]) -> None:
    row: dict[str, Any] = {}
    sums = SlotSums(row)
    reference: dict[str, Any] = {}
    for compact, parts in spec:
        bucket = CompactParts(parts)
        add_parts(reference, parts)
        if compact and slotted(bucket):
            sums.add(bucket)
        else:
            add_parts(row, parts)
    sums.finish()
    assert exactly(row) == exactly(reference)


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
