"""The JSON writer keeps each dict shape's sorted keys (render/jsonout.py `_order`): what it writes for a
dict must not depend on what it wrote before. A key that is a str subclass (an enum's member) is
written as its value, as `json.dumps` writes it, whichever shape it meets first."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from flywheel_cli.render import jsonout
from flywheel_cli.render.jsonout import dumps


class Mixed(str, Enum):  # noqa: UP042  # the pre-3.11 string enum: its str() is "Mixed.day"
    day = "day"
    week = "week"


class Plain(StrEnum):
    day = "day"
    week = "week"


class Tagged(str):
    def __str__(self) -> str:
        return "tag:" + str.__str__(self)


def test_a_str_subclass_key_is_written_as_its_value_whatever_came_before() -> None:
    for key in (Mixed.day, Plain.day, Tagged("day")):
        jsonout._ORDERS.clear()
        alone = dumps({key: 1}, None)
        dumps({"day": 1}, None)  # a plain dict of the same shape, as a report writes thousands of
        assert dumps({key: 1}, None) == alone == json.dumps({key: 1}) == '{"day": 1}'


_KEYS = st.one_of(
    st.sampled_from(["day", "week", "a", "b", "1", "True", "None"]),
    st.sampled_from([Mixed.day, Mixed.week, Plain.day, Plain.week, Tagged("day"), Tagged("a")]),
    st.integers(-2, 2),
    st.booleans(),
    st.sampled_from([1.0, 0.5, Decimal("1"), Decimal("0.5"), date(2026, 10, 1), None]),
)
_VALUES = st.recursive(
    st.one_of(st.none(), st.integers(), st.text(max_size=3), st.just(Decimal("1.50"))),
    lambda children: st.dictionaries(_KEYS, children, max_size=4) | st.lists(children, max_size=3),
    max_leaves=12,
)


def _written(value: Any, indent: int | None) -> str:
    try:
        return dumps(value, indent)
    except TypeError as exc:  # keys that do not sort together (1 and "a"): an error either way
        return f"TypeError: {exc}"


@settings(max_examples=300, deadline=None)
@given(st.lists(_VALUES, min_size=1, max_size=4), st.sampled_from([None, 2]))
def test_a_document_is_written_the_same_after_any_others(values: list[Any], indent: int | None) -> None:
    in_a_row = [_written(value, indent) for value in values]
    alone = []
    for value in values:
        jsonout._ORDERS.clear()
        jsonout._KEYS.clear()
        alone.append(_written(value, indent))
    assert in_a_row == alone
