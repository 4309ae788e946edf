"""A Payments column's amounts as the fold adds them: each distinct cell text parsed once, into one
integer — its cents shifted left by SHIFT, plus a count of the cells written with two decimal places
and (shifted by 32) of those written with one. Sums of encoded values are encoded sums; the counts give
a group's sum the decimal places a row-by-row Decimal sum has (the most places among its cells: `0` +
`0` is 0, `0` + `1.50` is 1.50, `12.5` + `3` is 15.5). `Amounts.decimal` reads a sum back as that
Decimal. An amount of more than two places raises `SubCent`: the fold goes on in Decimals (`exact`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from flywheel_cli.metrics.payments_rows import ZERO


class BadCell(ValueError):
    """A cell that does not parse; `name` is the column's field name."""

    def __init__(self, name: str, text: str, error: ValueError) -> None:
        super().__init__(str(error))
        self.name, self.text = name, text


class SubCent(Exception):
    """An amount with more than two decimal places: the integer encoding cannot hold it exactly."""


# The encoding (module docstring).
SHIFT = 64
ONE = 1 << SHIFT  # an encoded value ≥ ONE is more than 0
TWO_PLACES, ONE_PLACE = 1, 1 << 32
_QUANTA = (Decimal(1), Decimal("0.1"), Decimal("0.01"))
_NOUGHT = Decimal(0)


class Amounts(dict[str, Any]):
    """One column's cell texts → its value, each text parsed once: encoded cents for money (0 for an
    empty cell), an int for a quantity, or — once the file has an amount with more than two decimal
    places (`exact`) — the Decimal itself."""

    def __init__(
        self, name: str, parse: Callable[[str], Any], cents: bool = True, plain: bool = True
    ) -> None:
        super().__init__()
        self.name, self.parse = name, parse
        self.cents, self.exact = cents, False
        self.plain = cents and plain  # `1,234.56` is 1234.56 (not in a decimal-comma file)

    def __missing__(self, text: str) -> Any:
        if self.plain and not self.exact and _CENTS.fullmatch(text):  # `-1,234.56`: most cells of a US file
            value = (int(text.replace(",", "").replace(".", "")) << SHIFT) + TWO_PLACES
        else:
            value = self._parse(text)
        if len(self) >= CACHE_LIMIT:
            self.clear()
        self[text] = value
        return value

    def _parse(self, text: str) -> Any:
        try:
            value = self.parse(text)
        except ValueError as exc:
            raise BadCell(self.name, text, exc) from None
        if self.exact:
            return ZERO if value is None else value
        if value is None:
            return 0
        if not self.cents:
            return value
        places = -value.as_tuple().exponent
        if places > 2:
            raise SubCent(text)
        flag = TWO_PLACES if places == 2 else ONE_PLACE if places == 1 else 0
        return (int(value.scaleb(2)) << SHIFT) + flag

    def decimal(self, encoded: Any) -> Decimal:
        """A sum of this column's values, as the Decimal a row-by-row sum gives."""
        if self.exact:
            return encoded  # type: ignore[no-any-return]
        if not encoded:  # no cents and no cell with places: an empty column's (most columns of a row)
            return _NOUGHT
        cents = encoded >> SHIFT
        counts = encoded - (cents << SHIFT)
        if counts & (ONE_PLACE - 1):  # a cell had two places: so has the sum, as scaleb(-2) writes it
            return Decimal(cents).scaleb(-2)
        return Decimal(cents).scaleb(-2).quantize(_QUANTA[1 if counts else 0])

    def go_exact(self) -> None:
        self.exact = True
        self.clear()


CACHE_LIMIT = 50_000  # distinct texts kept per column; past it the column's cache starts again
# An amount with two decimals and thousands commas or none, of at most 15 digits: its cents are its
# digits, exactly what values.parse_decimal makes of it (tests/test_payments_fold.py compares both).
_CENTS = re.compile(r"-?(?:[1-9]\d{0,2}(?:,\d{3}){1,4}|\d{1,15})\.\d\d")
