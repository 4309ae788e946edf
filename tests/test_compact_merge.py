"""compact.add_sums: adding two compact buckets slot by slot (`_add_slots`) equals adding them value by
value — items (digits, places, type, order), spilt or not, 32/64-bit — for any two buckets: other
orders, other parts, other places, values at every slot limit (written in review of the slot path)."""

from __future__ import annotations

import pickle
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from flywheel_cli.metrics import compact
from flywheel_cli.metrics.compact import LIMIT, NARROW, CompactParts, add_sums, pack, unpack

D = Decimal


def exactly(mapping: Any) -> list[tuple[str, str, str]]:
    return [(name, type(value).__name__, str(value)) for name, value in mapping.items()]


def state(bucket: CompactParts) -> tuple[Any, ...]:
    spilt = bucket._spilt is not None
    return (exactly(bucket), spilt, None if spilt else bucket._slots.typecode,
            None if spilt else list(bucket._slots))  # fmt: skip


def generic(target: CompactParts, sums: CompactParts) -> None:
    for name, value in sums.items():
        target[name] = target[name] + value if name in target else value


def copy(bucket: CompactParts) -> CompactParts:
    return pickle.loads(pickle.dumps(bucket))


EDGE_INTS = [0, 1, -1, LIMIT - 1, 1 - LIMIT, LIMIT - 2, NARROW // 8 - 1, -(NARROW // 8), NARROW // 8,
             -(NARROW // 8) - 1, (LIMIT - 1) // 10, (LIMIT - 1) // 100000, -((LIMIT - 1) // 100000) - 1]  # fmt: skip
coefficients = st.one_of(
    st.integers(-(1 << 62), 1 << 62),
    st.integers(-1000, 1000),
    st.sampled_from(EDGE_INTS),
    st.sampled_from(EDGE_INTS).flatmap(lambda n: st.integers(n - 3, n + 3)),
)
values = st.one_of(
    coefficients,
    st.builds(lambda n, places: D(n).scaleb(-places), coefficients, st.integers(0, 6)),
    st.sampled_from([D("-0"), D("-0.00"), D("0.000"), D("1E+2"), True]),
)
buckets = st.dictionaries(st.sampled_from("abcdefgh"), values, max_size=8)


def build(parts: dict[str, Any], how: int) -> CompactParts:
    """A compact bucket of `parts` made one of several ways (adopt, set one by one, widened, unpacked)."""
    if how == 0:
        return CompactParts(parts)
    made = CompactParts()
    for name, value in parts.items():
        made[name] = value
    if how == 2 and made._spilt is None:
        made._widen()  # a 64-bit bucket whose values would all fit 32 bits
    if how == 3:
        made = unpack(pack({(0, 0, 0, 0, 0): made}))[(0, 0, 0, 0, 0)]  # type: ignore[assignment]
    return made


@settings(max_examples=400, deadline=None)
@given(mine=buckets, theirs=buckets, order=st.randoms(use_true_random=False), how=st.tuples(
    st.integers(0, 3), st.integers(0, 3)))  # fmt: skip
def test_slot_path_equals_generic_path(mine: dict[str, Any], theirs: dict[str, Any], order: Any,
                                       how: tuple[int, int]) -> None:  # fmt: skip
    names = list(theirs)
    order.shuffle(names)
    held, sums = build(mine, how[0]), build({n: theirs[n] for n in names}, how[1])
    reference, sums_before = copy(held), state(sums)
    generic(reference, copy(sums))
    add_sums(held, sums)
    assert state(held) == state(reference)
    assert state(sums) == sums_before
    assert len(compact._EMPTY) == 0
    if held._spilt is None:
        assert held._names is compact._shared(tuple(held._names))


@settings(max_examples=200, deadline=None)
@given(steps=st.lists(buckets, min_size=1, max_size=6), order=st.randoms(use_true_random=False))
def test_a_chain_of_merges_equals_the_generic_chain(steps: list[dict[str, Any]], order: Any) -> None:
    held, reference = CompactParts(), CompactParts()
    for step in steps:
        names = list(step)
        order.shuffle(names)
        sums = CompactParts({n: step[n] for n in names})
        add_sums(held, sums)
        generic(reference, copy(sums))
        assert state(held) == state(reference)
    assert len(compact._EMPTY) == 0


def test_same_bucket_added_to_itself() -> None:
    held = CompactParts({"a": D("1.5"), "b": 3})
    reference = copy(held)
    add_sums(held, held)
    generic(reference, copy(reference))
    assert state(held) == state(reference)


def test_every_pair_of_edge_values_in_both_orders() -> None:
    """Exhaustive over edge coefficients (slot limits before and after scaling by 10**1..10**5, the
    32-bit boundary, signs, zero) × (int, Decimal of 0, 1, 2, 5 or 6 places), against `c` in another order."""
    edges = {0, 1, 7, NARROW // 8 - 1, NARROW // 8, LIMIT - 1, LIMIT - 2}
    for k in range(1, 6):
        edges |= {(LIMIT - 1) // 10**k, (LIMIT - 1) // 10**k + 1, LIMIT // 10**k // 2}
    coefs = sorted(edges | {-n for n in edges})
    pool: list[Any] = [*coefs, *(D(n).scaleb(-p) for n in coefs for p in (0, 1, 2, 5, 6))]
    for a in pool:
        for b in pool:
            held = CompactParts({"c": D("0.10"), "x": a})
            sums = CompactParts({"x": b, "c": D("-0.1"), "n": 5})
            reference = copy(held)
            generic(reference, copy(sums))
            add_sums(held, sums)
            assert state(held) == state(reference), (a, b)
