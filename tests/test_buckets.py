"""metrics/buckets.py: a ledger's buckets a dict a day behave as one dict of them (but for order)."""

from __future__ import annotations

import pickle
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flywheel_cli.metrics.buckets import Buckets
from flywheel_cli.metrics.combine import absorb
from flywheel_cli.metrics.compact import CompactParts, pack, unpack
from flywheel_cli.metrics.engine import _place
from flywheel_cli.metrics.fold import Ledger
from flywheel_cli.metrics.payments_fold import PaymentsFold

DAYS = [None, date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 3)]
keys = st.builds(
    lambda source, sku, day: (source, "US", sku, None, day, day),
    st.sampled_from(["payments", "ads", "inventory"]),
    st.sampled_from(["LUM-1", "LUM-2", "LUM-3", None]),
    st.sampled_from(DAYS),
)
operations = st.lists(
    st.tuples(
        st.sampled_from(["set", "get", "pop", "pop-default", "del", "setdefault", "in"]),
        keys,
        st.integers(0, 9),
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(operations)
def test_the_same_answers_as_a_dict(steps: list[tuple[str, Any, int]]) -> None:
    held, plain = Buckets(), {}
    for operation, key, value in steps:
        outcomes = []
        for mapping in (held, plain):
            try:
                if operation == "set":
                    mapping[key] = {"units_sold": value}
                    outcome: Any = None
                elif operation == "get":
                    outcome = mapping.get(key, "absent")
                elif operation == "pop":
                    outcome = mapping.pop(key)
                elif operation == "pop-default":
                    outcome = mapping.pop(key, "absent")
                elif operation == "del":
                    del mapping[key]
                    outcome = None
                elif operation == "setdefault":
                    outcome = mapping.setdefault(key, {"units_sold": value})
                else:
                    outcome = key in mapping
            except KeyError as exc:
                outcome = ("KeyError", exc.args)
            outcomes.append(outcome)
        assert outcomes[0] == outcomes[1], operation
        assert len(held) == len(plain)
        assert bool(held) == bool(plain)
    assert held == plain
    assert dict(held.items()) == plain
    assert sorted(map(repr, held)) == sorted(map(repr, plain))
    # keys, values and items walk the same order: pack() zips the keys with the values
    assert list(zip(held, held.values(), strict=True)) == list(held.items())
    assert pickle.loads(pickle.dumps(held)) == plain


def test_order_is_days_first_met_then_keys_as_they_came() -> None:
    first, second = date(2026, 10, 1), date(2026, 10, 2)
    held = Buckets()
    held[("payments", "US", "B", None, second, second)] = {}
    held[("payments", "US", "A", None, first, first)] = {}
    held[("payments", "US", "C", None, second, second)] = {}
    assert [key[2] for key in held] == ["B", "C", "A"]


def test_an_emptied_day_is_dropped() -> None:
    day = date(2026, 10, 1)
    held = Buckets([(("payments", "US", "A", None, day, day), {"units_sold": 1})])
    assert held.pop(("payments", "US", "A", None, day, day)) == {"units_sold": 1}
    assert not held and len(held) == 0 and list(held.items()) == []
    assert held.get(("payments", "US", "A", None, day, day)) is None
    with pytest.raises(KeyError):
        del held[("payments", "US", "A", None, day, day)]


def test_not_a_key_is_not_in_it() -> None:
    held = Buckets([(("payments", "US", "A", None, None, None), {})])
    assert "payments" not in held and ("payments",) not in held and None not in held


def test_a_ledger_holds_buckets_and_packs_them_back_in_order() -> None:
    ledger = Ledger()
    assert isinstance(ledger.parts, Buckets)
    days = [date(2026, 10, d) for d in (3, 1, 2)]
    for number, day in enumerate(days):
        ledger.parts[("payments", "US", f"SKU-{number}", None, day, day)] = CompactParts(
            {"units_sold": number}
        )
    ledger.parts[("payments", "US", "SKU-9", None, None, None)] = {"gross_sales": 1}
    back = unpack(pack(ledger.parts))
    assert isinstance(back, Buckets)
    assert list(back) == list(ledger.parts)
    assert {key: dict(value) for key, value in back.items()} == {
        key: dict(value) for key, value in ledger.parts.items()
    }
    copied = pickle.loads(pickle.dumps(ledger))
    assert isinstance(copied.parts, Buckets) and list(copied.parts) == list(ledger.parts)


OCT1, OCT31 = date(2026, 10, 1), date(2026, 10, 31)


def _add(ledger: Ledger, buckets: dict[tuple[Any, ...], dict[str, Any]]) -> None:
    PaymentsFold._add_buckets(SimpleNamespace(ledger=ledger), buckets)  # type: ignore[arg-type]


def test_placing_undated_buckets_moves_them_to_the_declared_days() -> None:
    ledger = Ledger()
    ledger.parts[("business-item", "US", "A", None, None, None)] = {"sessions": 3}
    ledger.parts[("business-item", "US", "B", None, None, None)] = {"sessions": 4}
    ledger.parts[("payments", "US", "A", None, OCT1, OCT1)] = {"units_sold": 1}
    _place(ledger, (OCT1, OCT31))
    assert dict(ledger.parts.items()) == {
        ("business-item", "US", "A", None, OCT1, OCT31): {"sessions": 3},
        ("business-item", "US", "B", None, OCT1, OCT31): {"sessions": 4},
        ("payments", "US", "A", None, OCT1, OCT1): {"units_sold": 1},
    }
    assert len(ledger.parts) == 3 and None not in ledger.parts._days  # type: ignore[attr-defined]


def test_equal_days_that_are_not_the_same_object_add_into_one_bucket() -> None:
    ledger = Ledger()
    one, other = date(2026, 10, 2), date.fromisoformat("2026-10-02")
    assert one == other and one is not other
    _add(ledger, {("payments", "US", "A", None, one, one): {"units_sold": 1}})
    _add(ledger, {("payments", "US", "B", None, OCT1, OCT1): {"units_sold": 5},
                  ("payments", "US", "A", None, other, other): {"units_sold": 2}})  # fmt: skip
    assert len(ledger.parts) == 2
    assert ledger.parts[("payments", "US", "A", None, one, one)]["units_sold"] == 3


def test_a_plain_dict_of_buckets_is_taken_and_added_to() -> None:
    ledger = Ledger(parts={("payments", "US", "A", None, OCT1, OCT1): CompactParts({"units_sold": 1})})
    _add(ledger, {("payments", "US", "A", None, OCT1, OCT1): {"units_sold": 2}})
    assert isinstance(ledger.parts, Buckets)
    assert ledger.parts[("payments", "US", "A", None, OCT1, OCT1)]["units_sold"] == 3


def test_absorb_adopts_the_first_inputs_buckets_then_adds_the_next() -> None:
    target = Ledger()
    first, second = Ledger(), Ledger()
    first.parts[("payments", "US", "A", None, OCT1, OCT1)] = {"units_sold": 1}
    second.parts[("payments", "US", "A", None, OCT1, OCT1)] = {"units_sold": 2}
    second.parts[("payments", "US", "A", None, None, None)] = {"units_sold": 4}
    absorb(target, SimpleNamespace(ledger=first, path="a"))  # type: ignore[arg-type]
    absorb(target, SimpleNamespace(ledger=second, path="b"))  # type: ignore[arg-type]
    assert dict(target.parts.items()) == {
        ("payments", "US", "A", None, OCT1, OCT1): {"units_sold": 3},
        ("payments", "US", "A", None, None, None): {"units_sold": 4},
    }
    copied = pickle.loads(pickle.dumps(target))
    assert {k: dict(v) for k, v in copied.parts.items()} == {k: dict(v) for k, v in target.parts.items()}


# --- corners where Buckets first differed from a dict (found in review) ---


@pytest.mark.parametrize("key", [None, "payments", ("payments",)])
def test_get_and_pop_of_what_is_not_a_key_answer_as_a_dict_does(key: Any) -> None:
    held = Buckets([(("payments", "US", "A", None, OCT1, OCT1), {})])
    assert key not in held
    assert held.get(key) is None
    assert held.pop(key, "absent") == "absent"


def test_made_from_a_mapping_as_a_dict_is() -> None:
    plain = {("payments", "US", "A", None, OCT1, OCT1): {"units_sold": 1}}
    assert Buckets(plain) == plain  # type: ignore[arg-type]


def test_adding_a_key_of_another_day_while_iterating_is_an_error_as_in_a_dict() -> None:
    held = Buckets([(("payments", "US", "A", None, OCT1, OCT1), {})])
    with pytest.raises(RuntimeError):
        for key in held:  # as a dict does: not a key silently left out
            held[(*key[:4], OCT31, OCT31)] = {}


def test_a_day_asked_for_but_never_filled_leaves_it_empty() -> None:
    held = Buckets()
    held.day(OCT1)  # made when first asked, and left empty
    assert len(held) == 0
    assert not held
