"""The JSON writer: every Decimal written with its exact digits and no exponent, whatever shortcut the
writer takes (render/jsonout.py uses str() unless it chose an exponent)."""

from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from flywheel_cli.render.jsonout import dumps, number


def _plain(value: Decimal) -> str:
    """The definition: positional notation, every digit the Decimal holds; -0 as 0."""
    if not value.is_finite():
        return "null"
    text = format(value, "f")
    return "0" if text in {"-0", "-0.0"} else text


@given(st.decimals(allow_nan=True, allow_infinity=True))
def test_a_decimal_is_written_in_positional_notation_with_its_digits(value: Decimal) -> None:
    assert number(value) == _plain(value)


def test_exponents_and_specials_are_expanded_or_null() -> None:
    assert [number(Decimal(t)) for t in ("1E+2", "1E-7", "0E-8", "-0", "-0.0", "NaN", "-Infinity")] == [
        "100", "0.0000001", "0.00000000", "0", "0", "null", "null",
    ]  # fmt: skip


def test_a_document_round_trips_through_the_json_module() -> None:
    document = {"b": [Decimal("12.50"), None, 'x\u00e9"', True, 3], "a": {"z": Decimal("1E+3"), "y": {}}}
    text = dumps(document)
    assert json.loads(text, parse_float=Decimal) == {
        "a": {"y": {}, "z": 1000}, "b": [Decimal("12.50"), None, "x\u00e9\"", True, 3],
    }  # fmt: skip
    assert text.index('"a"') < text.index('"b"')  # keys sorted
    assert '"z": 1000' in text and "12.50" in text


_NATIVE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=4)),
    lambda children: (
        st.dictionaries(st.text(max_size=3), children, max_size=5) | st.lists(children, max_size=4)
    ),
    max_leaves=30,
)


@given(_NATIVE, st.sampled_from([None, 2]))
def test_a_document_of_json_values_is_written_as_the_json_module_writes_it(
    document: object, indent: int | None
) -> None:
    """Nulls, booleans, integers, strings, lists and objects: byte for byte what `json.dumps` writes
    with sorted keys, whatever shortcuts the writer takes for the commonest values."""
    written = json.dumps(document, indent=indent, sort_keys=True, ensure_ascii=False, separators=(",", ": "))
    assert dumps(document, indent) == written
