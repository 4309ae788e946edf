"""The FBA revenue calculator: fulfilment fee by size tier and shipping weight, referral fee by
category, from the tables in force on a day (docs/fees.md).

Money is exact: the table's amounts, the weight increments (whole steps × the step's amount), a
surcharge rounded to the cent (half up) and the referral fee rounded to the cent; net per unit is
the price less the fees, to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import Any

from flywheel_cli.core.errors import UsageError
from flywheel_cli.fees.loader import LoadedTable, in_force
from flywheel_cli.fees.referral import Referral, cents, find_category, referral_fee
from flywheel_cli.fees.schema import FulfillmentCard
from flywheel_cli.fees.tiers import Package, Placement, place

WEIGHT_PLACES = Decimal("0.0001")  # unit and dimensional weights are shown to 0.0001 lb


@dataclass(frozen=True, slots=True)
class Fulfillment:
    """One unit's FBA fulfilment fee: the package's tier, the price band, the base and each surcharge."""

    placement: Placement
    price_band: str
    base: Decimal  # the band's fee plus weight increments
    surcharges: tuple[tuple[str, Decimal, Decimal], ...]  # (id, rate, amount)
    fee: Decimal
    caveats: tuple[str, ...]  # of the day: an unannounced peak season …
    notes: tuple[str, ...]  # of the table: what it does not model


def fulfillment_fee(loaded: LoadedTable, price: Decimal, package: Package, day: date) -> Fulfillment:
    """The FBA fulfilment fee of one unit: also what the fee audit expects when the fee preview has
    the package's dimensions but no fee."""
    card = loaded.table.fulfillment
    assert card is not None  # in_force(kind="fulfillment") returns fulfilment tables only
    placement = place(card, package)
    band_id = _price_band(card, price)
    base = placement.band.fee[band_id]
    step = placement.band.increment
    if step is not None and placement.shipping_weight > step.above:
        count = ((placement.shipping_weight - step.above) / step.every).to_integral_value(ROUND_CEILING)
        base += count * step.add
    surcharges = tuple(
        (s.id, s.rate, cents(base * s.rate)) for s in card.surcharges if s.period.holds(day)
    )  # fmt: skip
    caveats = tuple(c.note for c in loaded.table.caveats if c.period.holds(day))
    return Fulfillment(placement, band_id, base, surcharges, base + sum(a for _, _, a in surcharges),
                       caveats, tuple(loaded.table.notes))  # fmt: skip


def _price_band(card: FulfillmentCard, price: Decimal) -> str:
    return next(band.id for band in card.price_bands if band.holds(price) or band is card.price_bands[-1])


def plain(value: Decimal) -> Decimal:
    """`0.3750` → `0.375`, `20.00` → `20` (no exponent, unlike `normalize()` alone)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


@dataclass(frozen=True, slots=True)
class Estimate:
    """`flywheel fees estimate`: one unit's fulfilment and referral fees at a price on a day."""

    day: date
    price: Decimal
    package: Package
    given: dict[str, Any]  # the dimensions and weight as the seller gave them, with their units
    fulfillment: Fulfillment
    referral: Referral
    tables: tuple[LoadedTable, LoadedTable]  # fulfilment, referral

    schema = "flywheel.fees-estimate/1"

    @property
    def total_fees(self) -> Decimal:
        return self.fulfillment.fee + self.referral.fee + self.referral.closing_fee

    @property
    def net_per_unit(self) -> Decimal:
        return self.price - self.total_fees

    def body(self) -> dict[str, Any]:
        placed, table = self.fulfillment.placement, self.tables[0].table
        return {
            "inputs": [loaded.to_input() for loaded in self.tables],
            "marketplace": table.marketplace, "currency": table.currency, "date": self.day,
            "price": self.price, "category": self.referral.category.id,
            "category_name": self.referral.category.name, "package": self.given,
            "sides_in": [side.quantize(Decimal("0.01"), ROUND_HALF_UP) for side in self.package.sides],
            "length_girth_in": self.package.length_girth.quantize(Decimal("0.01"), ROUND_HALF_UP),
            "unit_weight_lb": self.package.weight.quantize(WEIGHT_PLACES, ROUND_HALF_UP),
            "dimensional_weight_lb": placed.dimensional_weight.quantize(WEIGHT_PLACES, ROUND_HALF_UP),
            "shipping_weight_lb": plain(placed.shipping_weight),
            "weight_basis": placed.basis, "size_tier": placed.tier.id, "size_tier_name": placed.tier.name,
            "price_band": self.fulfillment.price_band, "fulfillment_fee_base": self.fulfillment.base,
            "surcharges": [{"id": i, "rate": r, "amount": a} for i, r, a in self.fulfillment.surcharges],
            "fulfillment_fee": self.fulfillment.fee, "referral_fee": self.referral.fee,
            "closing_fee": self.referral.closing_fee, "total_fees": self.total_fees,
            "net_per_unit": self.net_per_unit, "notes": [*self.fulfillment.caveats, *self.fulfillment.notes],
        }  # fmt: skip

    def to_records(self) -> list[dict[str, Any]]:
        """One flat row (ndjson, csv): the surcharges as their sum."""
        body = self.body()
        body.pop("inputs")
        body["surcharge"] = sum((item["amount"] for item in body.pop("surcharges")), Decimal(0))
        return [body]


def estimate(
    tables: list[LoadedTable], marketplace: str, day: date, price: Decimal, category: str,
    package: Package, given: dict[str, Any],
) -> Estimate:  # fmt: skip
    if price <= 0:
        raise UsageError("--price must be above 0", hint="the item's total sales price, e.g. --price 24.99")
    fulfilment_table = in_force(tables, marketplace, "fulfillment", day)
    referral_table = in_force(tables, marketplace, "referral", day)
    card = referral_table.table.referral
    assert card is not None
    referral = referral_fee(card, find_category(card, category), price)
    fulfilment = fulfillment_fee(fulfilment_table, price, package, day)
    return Estimate(day, price, package, given, fulfilment, referral, (fulfilment_table, referral_table))
