"""Amazon's size tier and shipping weight of an item package (docs/fees.md, "Size tier").

The sides are sorted (longest, median, shortest); length + girth is longest + 2 × (median + shortest);
dimensional weight is longest × median × shortest / the card's divisor (139), with the median and
shortest sides taken as at least 2 in for the tiers that say so (bulky, extra-large). The tier is the
first of the card's tiers, in order, whose side, length + girth and weight limits hold; its weight is
the unit weight (small standard, and extra-large over 150 lb) or the greater of unit and dimensional
weight, rounded up as the tier says (1 oz, 4 oz, 1 lb) to give the shipping weight.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from flywheel_cli.core.errors import UsageError
from flywheel_cli.fees.schema import FulfillmentCard, Rounding, SizeTier, WeightBand

CM_PER_INCH = Decimal("2.54")
KG_PER_POUND = Decimal("0.45359237")
# What a length or a weight is divided by to give inches or pounds (divided, not multiplied by an
# inverse, so that 16 oz is exactly 1 lb).
LENGTH_UNITS = {"in": Decimal(1), "cm": CM_PER_INCH}
WEIGHT_UNITS = {"lb": Decimal(1), "oz": Decimal(16), "kg": KG_PER_POUND, "g": KG_PER_POUND * 1000}


@dataclass(frozen=True, slots=True)
class Package:
    """An item package: sides in inches, longest first; weight in pounds."""

    sides: tuple[Decimal, Decimal, Decimal]
    weight: Decimal

    @classmethod
    def of(
        cls, sides: tuple[Decimal, Decimal, Decimal], unit: str, weight: Decimal, weight_unit: str
    ) -> Package:
        """From the seller's units (`in`/`cm`, `lb`/`oz`/`kg`/`g`); every number must be above 0."""
        if any(side <= 0 for side in sides) or weight <= 0:
            raise UsageError(
                "the dimensions and the weight must be above 0",
                hint="give the item package's sides and weight as Amazon measures them",
            )
        scale = LENGTH_UNITS[unit]
        longest, median, shortest = sorted((side / scale for side in sides), reverse=True)
        return cls((longest, median, shortest), weight / WEIGHT_UNITS[weight_unit])

    @property
    def length_girth(self) -> Decimal:
        longest, median, shortest = self.sides
        return longest + 2 * (median + shortest)

    def dimensional_weight(self, divisor: Decimal, minimum_side: Decimal | None) -> Decimal:
        longest, median, shortest = self.sides
        if minimum_side is not None:
            median, shortest = max(median, minimum_side), max(shortest, minimum_side)
        return longest * median * shortest / divisor


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a package falls on a card: its tier and weight band, and the weights that put it there."""

    tier: SizeTier
    band: WeightBand
    dimensional_weight: Decimal
    shipping_weight: Decimal  # rounded up: the weight the fee is priced on
    basis: str  # unit | dimensional: which weight the shipping weight is


def place(card: FulfillmentCard, package: Package) -> Placement:
    for tier in card.size_tiers:
        dimensional = package.dimensional_weight(card.dimensional_divisor, tier.dimensional_minimum_side)
        if _holds(tier, package, dimensional):
            return _in_band(tier, package, dimensional)
    raise UsageError(
        "the package is larger than every size tier of the fee table",
        hint="check the dimensions and their unit (--unit in|cm)",
    )


def _holds(tier: SizeTier, package: Package, dimensional: Decimal) -> bool:
    if tier.max_sides is not None and any(s > m for s, m in zip(package.sides, tier.max_sides, strict=True)):
        return False
    if tier.max_length_girth is not None and package.length_girth > tier.max_length_girth:
        return False
    weight = package.weight if tier.weight == "unit" else max(package.weight, dimensional)
    return tier.max_weight is None or weight <= tier.max_weight


def _in_band(tier: SizeTier, package: Package, dimensional: Decimal) -> Placement:
    for band in tier.bands:
        by_unit = (band.weight or tier.weight) == "unit" or package.weight >= dimensional
        shipping = round_up(package.weight if by_unit else dimensional, tier.rounding)
        if band.up_to is None or shipping <= band.up_to:
            return Placement(tier, band, dimensional, shipping, "unit" if by_unit else "dimensional")
    raise UsageError(
        f"the package is heavier than the heaviest {tier.name} band of the fee table",
        hint="check the weight and its unit (--weight-unit lb|oz|kg|g)",
    )


def round_up(weight: Decimal, rules: list[Rounding]) -> Decimal:
    """`weight` rounded up to a multiple of the first rule's step that applies to it."""
    for rule in rules:
        if rule.up_to is None or weight <= rule.up_to:
            return (weight / rule.step).to_integral_value(ROUND_CEILING) * rule.step
    return weight
