"""The condition kinds a rule level holds: when each one *fires* (is a finding)."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import assert_never


class Kind(StrEnum):
    ABOVE = "above"  # value > threshold
    BELOW = "below"  # value < threshold
    AT_OR_ABOVE = "at_or_above"  # value ≥ threshold
    AT_OR_BELOW = "at_or_below"  # value ≤ threshold
    BETWEEN = "between"  # low ≤ value ≤ high
    OUTSIDE = "outside"  # value < low or value > high

    @property
    def ranged(self) -> bool:
        return self in {Kind.BETWEEN, Kind.OUTSIDE}

    @property
    def words(self) -> str:
        """How the kind reads in a sentence: 'above', 'at or above', 'outside' …"""
        return self.value.replace("_", " ")


def fires(kind: Kind, value: Decimal, thresholds: tuple[Decimal, ...]) -> bool:
    """Whether `value` meets the condition (`thresholds` has one number, or low and high for ranges)."""
    match kind:
        case Kind.ABOVE:
            return value > thresholds[0]
        case Kind.BELOW:
            return value < thresholds[0]
        case Kind.AT_OR_ABOVE:
            return value >= thresholds[0]
        case Kind.AT_OR_BELOW:
            return value <= thresholds[0]
        case Kind.BETWEEN:
            return thresholds[0] <= value <= thresholds[1]
        case Kind.OUTSIDE:
            return value < thresholds[0] or value > thresholds[1]
        case _:
            assert_never(kind)
