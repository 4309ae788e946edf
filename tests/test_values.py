"""Property and example tests for the locale-aware value parsers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flywheel_cli.reports.values import parse_date, parse_date_range, parse_decimal, parse_int, parse_percent

amounts = st.decimals(min_value=Decimal("-9999999.99"), max_value=Decimal("9999999.99"), places=2)


def group(digits: str, sep: str, indian: bool = False) -> str:
    if indian and len(digits) > 3:
        head, tail = digits[:-3], digits[-3:]
        parts = []
        while len(head) > 2:
            parts.insert(0, head[-2:])
            head = head[:-2]
        if head:
            parts.insert(0, head)
        return sep.join([*parts, tail])
    parts = []
    while len(digits) > 3:
        parts.insert(0, digits[-3:])
        digits = digits[:-3]
    parts.insert(0, digits)
    return sep.join(parts)


def styles(value: Decimal) -> list[tuple[str, bool]]:
    """The same amount written the ways real exports write it: (text, file uses decimal comma)."""
    negative = value < 0
    units, cents = f"{abs(value):.2f}".split(".")
    us = f"{group(units, ',')}.{cents}"
    de = f"{group(units, '.')},{cents}"
    fr = f"{group(units, chr(0xA0))},{cents}"
    india = f"{group(units, ',', indian=True)}.{cents}"
    sign = "-" if negative else ""
    forms = [
        (f"{sign}{units}.{cents}", False),
        (f"{sign}${us}", False),
        (f"{sign}$ {us}", False),
        (f"({us})" if negative else us, False),
        (f"\u2212{us}" if negative else us, False),
        (f"{sign}{de} €", True),
        (f"{sign}{de}", True),
        (f"{sign}{fr}", True),
        (f"{sign}₹{india}", False),
        (f"{sign}MX${us}", False),
        (f'="{sign}{units}.{cents}"', False),
    ]
    return forms


@given(amounts)
def test_every_money_style_round_trips(value: Decimal) -> None:
    for text, comma in styles(value):
        assert parse_decimal(text, comma) == value, text


@given(st.integers(min_value=0, max_value=10**9))
def test_counts_round_trip_with_any_grouping(value: int) -> None:
    digits = str(value)
    for text, comma in [
        (digits, False),
        (group(digits, ","), False),
        (group(digits, "."), True),
        (group(digits, " "), True),
    ]:
        assert parse_int(text, comma) == value, text


@pytest.mark.parametrize("text", ["", "--", "—", "-", "<5%", "  "])
def test_placeholders_are_missing_not_zero(text: str) -> None:
    assert parse_decimal(text) is None
    assert parse_int(text) is None
    assert parse_percent(text) is None


@pytest.mark.parametrize("text", ["12.3x", "abc", "1,2,3.4.5", "NaN", "1e5", "Infinity", "$"])
def test_junk_is_an_error(text: str) -> None:
    with pytest.raises(ValueError):
        parse_decimal(text)


@pytest.mark.parametrize(
    ("text", "comma", "expected"),
    [
        ("1,234", False, Decimal("1234")),  # US thousands
        ("1.234", True, Decimal("1234")),  # DE thousands
        ("1.234", False, Decimal("1.234")),  # US decimal with three places
        ("0,97", True, Decimal("0.97")),
        ("6,00", False, Decimal("6.00")),  # a lone comma without three digits is a decimal mark
        ("5.255,61 €", True, Decimal("5255.61")),
        ("9.87364", False, Decimal("9.87364")),
        ("$-4.00", False, Decimal("-4.00")),
    ],
)
def test_ambiguous_separators(text: str, comma: bool, expected: Decimal) -> None:
    assert parse_decimal(text, comma) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12.5%", Decimal("0.125")),
        ("0,97%", Decimal("0.0097")),
        ("100.00%", Decimal("1")),
        ("0.0935%", Decimal("0.000935")),
    ],
)
def test_percent_is_a_fraction(text: str, expected: Decimal) -> None:
    assert parse_percent(text, "," in text) == expected


_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_FR = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
_DE = ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sep.", "Okt.", "Nov.", "Dez."]
_IT = ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"]
_ES = ["ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.", "nov.", "dic."]


def date_styles(day: date) -> list[tuple[str, bool]]:
    m, d, y = day.month, day.day, day.year
    en = _EN[m - 1]
    return [
        (f"{en} {d}, {y} 1:23:45 PM PST", False),  # US Payments
        (f"{en}. {d}, {y} 1:23:45 p.m. PST", False),  # CA
        (f"{d} {en} {y} 4:24:44 am UTC", False),  # IN
        (f"{d} {'Sept' if m == 9 else en} {y} 15:22:08 GMT", True),  # UK
        (f"{d:02d}.{m:02d}.{y} 00:15:32 UTC", True),  # DE settlement
        (f"{y}-{m:02d}-{d:02d}T07:03:57+00:00", False),  # returns, ISO
        (f"{y}/{m:02d}/{d:02d} 0:15:32JST", False),  # JP
        (f"{m}/{d}/{y % 100:02d}", False),  # US by-date business report
        (f"{d:02d}/{m:02d}/{y % 100:02d}", True),  # IN by-date business report
        (f"{en} {d:02d}, {y}", False),  # Ads console
        (f"{d} {_FR[m - 1]} {y} 08:23:51 UTC", True),
        (f"{d}. {_DE[m - 1]} {y}", True),
        (f"{d} {_IT[m - 1]} {y} 10:00:00 UTC", True),
        (f"{d} {_ES[m - 1]} {y} 10:00:00 UTC", True),
    ]


@given(st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31)))
def test_every_date_style_round_trips(day: date) -> None:
    for text, day_first in date_styles(day):
        assert parse_date(text, day_first) == day, text


def test_date_range_cell() -> None:
    assert parse_date_range("Jul 06, 2026 - Jul 29, 2026") == (date(2026, 7, 6), date(2026, 7, 29))


@pytest.mark.parametrize("text", ["yesterday", "32/13/26", "Foo 5, 2026", "2026-13-01"])
def test_bad_dates_are_errors(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize("text", ["12.5", "1,2345", "3,5"])
def test_counts_with_a_fraction_are_errors(text: str) -> None:
    with pytest.raises(ValueError):
        parse_int(text)


def test_counts_resaved_with_decimals_keep_their_value() -> None:
    assert parse_int("1.234,00", True) == 1234  # once read as 123400
    assert parse_int("1,234.00") == 1234


def test_counts_keep_their_grouping() -> None:
    assert [parse_int(t) for t in ("12,131", "1.234", "1,08,218", "6,00", "1,000,000")] == [
        12131,
        1234,
        108218,
        6,
        1000000,
    ]
