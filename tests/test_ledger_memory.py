"""The compact bucket of the Payments fold (metrics/compact.py) is the dict it stands for, and the fold
over forked workers that hand their buckets over as they go equals one process, to the decimal place.

Memory itself is measured by the benchmark (benchmarks/README.md), never by a test."""

from __future__ import annotations

import pickle
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flywheel_cli import api
from flywheel_cli.metrics import payments_fold, payments_parallel
from flywheel_cli.metrics.compact import CompactParts, SlotSums, add_sums, slotted
from flywheel_cli.metrics.rollup import Grain, add_parts
from tests.conftest import EXAMPLE

D = Decimal


def exactly(mapping: Any) -> list[tuple[str, str, str]]:
    """Items in order, each value with its type and its digits and places as written."""
    return [(name, type(value).__name__, str(value)) for name, value in mapping.items()]


# Values as a Payments bucket holds them, and ones no slot can: a negative zero, six places, an
# exponent, NaN, a float, a bool, ints and coefficients too large for 32 and for 64 bits.
VALUES = [D("1.50"), D("2"), D("3.5"), D("0.00"), D("0"), D("-12345.67"), 7, 0, -3, D("0.00001"),
          D("-0.00"), D("0.000001"), D("1E+2"), D("NaN"), 1.5, True, 1 << 40, D(1 << 40) / 100,
          D(1 << 62), 1 << 70]  # fmt: skip


@pytest.mark.parametrize("value", VALUES, ids=[repr(v) for v in VALUES])
def test_a_value_reads_back_as_it_was_set(value: Any) -> None:
    parts = CompactParts({"gross_sales": D("10.00")})
    parts["taxes"] = value
    parts["units_sold"] = 3
    assert exactly(parts) == [("gross_sales", "Decimal", "10.00"), ("taxes", type(value).__name__, str(value)),
                              ("units_sold", "int", "3")]  # fmt: skip
    assert parts["taxes"] is value or str(parts["taxes"]) == str(value)
    assert exactly(pickle.loads(pickle.dumps(parts))) == exactly(parts)


def test_every_mapping_operation_matches_a_dict() -> None:
    plain: dict[str, Any] = {}
    compact = CompactParts()
    for target in (plain, compact):
        target["shipping_credits"] = D("0.00")
        target["gross_sales"] = target.get("gross_sales", D(0)) + D("19.99")
        target["units_sold"] = target.get("units_sold", 0) + 2
        target["gross_sales"] += D("5.5")  # 25.49: the places of the most precise term
        target["taxes"] = D("1.60")
        target.setdefault("units_sold", 99)
        target.setdefault("promotions", D("-1.0"))
        del target["shipping_credits"]
        target.update({"fba_fees": D("-3.22"), "taxes": D("1.6")})
        target["units_sold"] = 1 << 40  # past 32 bits: the slots widen
        assert target.pop("promotions") == D("-1.0")
        target["other_fees"] = D("-0.00")  # no slot holds it: the bucket becomes a plain dict
        target["transfers"] = D("100.00")
    assert exactly(compact) == exactly(plain)
    assert compact == plain and list(compact) == list(plain) and len(compact) == len(plain)
    assert [str(v) for v in compact.values()] == [str(v) for v in plain.values()]
    assert compact.keys() & {"taxes", "cogs"} == {"taxes"} and "cogs" not in compact
    assert compact.get("cogs") is None and compact.get("cogs", 0) == 0
    with pytest.raises(KeyError):
        compact["cogs"]
    with pytest.raises(KeyError):
        del compact["cogs"]
    assert exactly(pickle.loads(pickle.dumps(compact))) == exactly(plain)


def test_adding_sums_keeps_places_and_order_and_pickles_small() -> None:
    held = CompactParts({"gross_sales": D("12.5"), "units_sold": 1})
    add_sums(held, {"gross_sales": D("3"), "net_proceeds": D("0.10"), "units_sold": 2})
    add_sums(held, {"gross_sales": D("0.01")})
    assert exactly(held) == [("gross_sales", "Decimal", "15.51"), ("units_sold", "int", "3"),
                             ("net_proceeds", "Decimal", "0.10")]  # fmt: skip
    # 13 parts as a Payments bucket has them: the pickle is the names (once a pickle) and the slots.
    names = [f"part_{n}" for n in range(13)]
    buckets = [CompactParts({name: D(f"{n * 7 + i}.{i % 100:02d}") for i, name in enumerate(names)})
               for n in range(1000)]  # fmt: skip
    dicts = [dict(bucket.items()) for bucket in buckets]
    assert [exactly(b) for b in pickle.loads(pickle.dumps(buckets))] == [exactly(d) for d in dicts]
    assert len(pickle.dumps(buckets)) * 3 < len(pickle.dumps(dicts))  # 75 bytes a bucket, not 236


# A part's value as the fold makes them: ints, Decimals of 0-5 places, near and past the slot limits.
part_values = st.one_of(
    st.integers(-(1 << 62), 1 << 62),
    st.builds(lambda n, places: D(n).scaleb(-places), st.integers(-(1 << 61), 1 << 61), st.integers(0, 6)),
    st.sampled_from([D("0.00"), D("-0.00"), 0, D("1.5"), D((1 << 60) - 1), D(-(1 << 31)), (1 << 31) - 1]),
)


@settings(max_examples=300, deadline=None)
@given(pairs=st.lists(st.tuples(part_values, part_values), min_size=1, max_size=12))
def test_adding_two_compact_buckets_equals_adding_their_values(pairs: list[tuple[Any, Any]]) -> None:
    # The parent adds a worker's bucket slot by slot when both hold the same names and kinds of value;
    # the result must be the Decimal (or int) sums, to the digit and place, as the generic path gives.
    names = [f"part_{n}" for n in range(len(pairs))]
    held = CompactParts(dict(zip(names, (a for a, _ in pairs), strict=True)))
    sums = CompactParts(dict(zip(names, (b for _, b in pairs), strict=True)))
    expected = [(name, type(a + b).__name__, str(a + b)) for name, (a, b) in zip(names, pairs, strict=True)]
    add_sums(held, sums)
    assert exactly(held) == expected


@settings(max_examples=400, deadline=None)
@given(
    mine=st.dictionaries(st.sampled_from("abcdefg"), part_values, max_size=7),
    theirs=st.dictionaries(st.sampled_from("abcdefg"), part_values, max_size=7),
    order=st.randoms(use_true_random=False),
)
def test_adding_buckets_of_other_names_orders_and_places_equals_adding_their_values(
    mine: dict[str, Any], theirs: dict[str, Any], order: Any
) -> None:
    # Two workers' buckets of one SKU list their parts in the order each met them, some parts in one
    # only, and a sum of empty cells is 0 where the other's is 0.00: added slot by slot all the same,
    # the result is what adding the values one by one gives — each part's sum to the digit and place,
    # the bucket's own parts first, then the others in their order.
    names = list(theirs)
    order.shuffle(names)
    held, sums = CompactParts(mine), CompactParts({name: theirs[name] for name in names})
    expected = dict(mine)
    for name in names:
        expected[name] = expected[name] + theirs[name] if name in expected else theirs[name]
    add_sums(held, sums)
    assert exactly(held) == [(name, type(value).__name__, str(value)) for name, value in expected.items()]
    assert [name for name, *_ in exactly(sums)] == names  # the added bucket is left as it was


def test_buckets_of_other_orders_and_places_are_added_slot_by_slot(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not value by value (decoding and encoding each: a fifth of the parent's merge in a month's report)."""
    held = CompactParts({"gross_sales": Decimal("10.50"), "promotions": Decimal(0), "units_sold": 2})
    sums = CompactParts({"units_sold": 1, "promotions": Decimal("-1.25"), "other_fees": Decimal("0.000")})

    def refused(*_: Any) -> None:
        raise AssertionError("added value by value")

    monkeypatch.setattr(CompactParts, "__setitem__", refused)
    add_sums(held, sums)
    assert exactly(held) == [
        ("gross_sales", "Decimal", "10.50"),
        ("promotions", "Decimal", "-1.25"),
        ("units_sold", "int", "3"),
        ("other_fees", "Decimal", "0.000"),
    ]


def _kpis(path: str, grain: str) -> list[Any]:
    result = api.kpis([path], grain=Grain(grain), options=api.ReadOptions(cache=False))
    rows = [*result.rows, result.total]
    return [
        (row.scope, repr(row.metrics), sorted((k, repr(v)) for k, v in row.parts.items())) for row in rows
    ]


def _in_workers(monkeypatch: pytest.MonkeyPatch, taken: list[bool]) -> None:
    real = payments_parallel.fold_in_parallel

    def spy(fold: Any, report: Any) -> bool:
        taken.append(real(fold, report))
        return taken[-1]

    monkeypatch.setattr(payments_fold, "FLUSH_AT", 7)  # many handovers, a group split between them
    monkeypatch.setattr(payments_parallel, "MIN_BYTES", 0)
    monkeypatch.setattr(payments_parallel, "workers", lambda: 3)
    monkeypatch.setattr("flywheel_cli.metrics.engine.fold_in_parallel", spy)


@pytest.mark.parametrize("grain", ["day", "sku"])
def test_workers_handing_buckets_over_as_they_go_equal_one_process(
    monkeypatch: pytest.MonkeyPatch, grain: str
) -> None:
    path = str(EXAMPLE / "payments-2026-10.csv")
    one = _kpis(path, grain)
    taken: list[bool] = []
    _in_workers(monkeypatch, taken)
    assert _kpis(path, grain) == one
    assert taken == [True]


def test_a_worker_failing_after_handovers_leaves_nothing_behind(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    lines = (EXAMPLE / "payments-2026-10.csv").read_bytes().split(b"\n")
    at = len(lines) - 3  # near the end: the workers have handed buckets over before it is met
    lines[at] = lines[at].replace(b'","', b' two\nlines","', 1)
    path = tmp_path / "payments.csv"
    path.write_bytes(b"\n".join(lines))
    one = _kpis(str(path), "day")
    taken: list[bool] = []
    _in_workers(monkeypatch, taken)
    monkeypatch.setattr(payments_parallel, "READ_BYTES", 4096)  # blocks of a few rows: handovers first
    held_at_reset: list[int] = []
    reset = payments_fold.PaymentsFold.reset

    def spy(fold: payments_fold.PaymentsFold) -> None:
        held_at_reset.append(len(fold.ledger.parts))
        reset(fold)

    monkeypatch.setattr(payments_fold.PaymentsFold, "reset", spy)
    assert _kpis(str(path), "day") == one
    assert taken == [False]
    assert held_at_reset[0] > 0  # the parent had taken buckets in before the worker failed


NAMES = ["gross_sales", "units_sold", "fba_fees", "taxes", "cogs"]
coefficients = st.one_of(st.integers(-(10**12), 10**12), st.integers(-(1 << 59), 1 << 59))
bucket_values = st.one_of(
    st.integers(-(10**9), 10**9),
    st.integers(-(1 << 59), 1 << 59),
    st.builds(lambda n, places: D(n).scaleb(-places), coefficients, st.integers(0, 5)),
)
buckets = st.lists(
    st.tuples(st.dictionaries(st.sampled_from(NAMES), bucket_values), st.booleans()), max_size=30
)


@settings(max_examples=300, deadline=None)
@given(given_buckets=buckets)
def test_a_roll_up_of_compact_buckets_as_integers_equals_adding_their_values(
    given_buckets: list[tuple[dict[str, Any], bool]],
) -> None:
    # rollup.py adds compact buckets up as integers (SlotSums) and other buckets (a dict, a spilt one)
    # at once; the row must be what adding every bucket's values in turn gives: the same names in the
    # same order, the same values to the digit and place.
    one_by_one: dict[str, Any] = {}
    as_integers: dict[str, Any] = {}
    sums = SlotSums(as_integers)
    for values, compact in given_buckets:
        bucket = CompactParts(values)
        add_parts(one_by_one, dict(bucket.items()))
        if compact and slotted(bucket):
            sums.add(bucket)
        else:
            add_parts(as_integers, values)
    sums.finish()
    assert exactly(as_integers) == exactly(one_by_one)
