"""The fee-table schema (docs/fees.md, "Table files"): validated with pydantic at the trust boundary;
`loader.py` turns a validation error into `file:line:col: error: …`.

Weights are written with their unit (`2 oz`, `1.25 lb`) and held in pounds; lengths are inches; money
and rates are Decimals (YAML numbers with a fraction are read as Decimal by core/yamldoc.py).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from flywheel_cli.core.yamldoc import bounded

KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
OUNCES_PER_POUND = Decimal(16)
_WEIGHT = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(oz|lb)\s*$")


def _weight(value: Any) -> Any:
    """`2 oz` → 0.125 (pounds, exact); `1.25 lb` → 1.25. A bare number is refused: say the unit."""
    if not isinstance(value, str):
        raise ValueError("a weight with its unit, such as `4 oz` or `1.5 lb`")
    found = _WEIGHT.match(value)
    if found is None:
        raise ValueError(f"{value!r} is not a weight such as `4 oz` or `1.5 lb`")
    amount = Decimal(found[1])
    return amount / OUNCES_PER_POUND if found[2] == "oz" else amount


def _money(value: Any) -> Any:
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            pass
    raise ValueError("a number such as 3.32")


def _non_negative(value: Decimal) -> Decimal:
    bounded(value)
    if value < 0:
        raise ValueError("must not be negative")
    return value


def _kebab(value: str) -> str:
    if not KEBAB.match(value):
        raise ValueError(f"{value!r} is not a kebab-case id such as `large-standard`")
    return value


Weight = Annotated[Decimal, BeforeValidator(_weight)]
Amount = Annotated[Decimal, BeforeValidator(_money), AfterValidator(_non_negative)]
Id = Annotated[str, AfterValidator(_kebab)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Period(_Strict):
    """Dates the table is in force: `from` inclusive, `until` inclusive (none: still in force)."""

    start: date = Field(alias="from")
    until: date | None = None

    def holds(self, day: date) -> bool:
        return self.start <= day and (self.until is None or day <= self.until)

    def text(self) -> str:
        return f"{self.start}..{self.until or ''}"


class Source(_Strict):
    title: str
    url: str


class Caveat(_Strict):
    """A note the estimate carries for dates in `period` (e.g. an unannounced peak season)."""

    period: Period
    note: str


class PriceBand(_Strict):
    """Prices `below` (strictly) or `up_to` (inclusive) a bound; the last band has neither."""

    id: Id
    below: Amount | None = None
    up_to: Amount | None = None

    def holds(self, price: Decimal) -> bool:
        if self.below is not None:
            return price < self.below
        return self.up_to is None or price <= self.up_to


class Increment(_Strict):
    """`add` for every `every` (or part of one) of shipping weight above `above`."""

    above: Weight
    every: Weight
    add: Amount


class WeightBand(_Strict):
    up_to: Weight | None = None  # inclusive; none: no upper bound
    fee: dict[Id, Amount]  # price band id → fee
    increment: Increment | None = None
    weight: Literal["unit", "shipping"] | None = None  # overrides the tier's (XL 150+ lb: unit weight)


class Rounding(_Strict):
    """Shipping weight is rounded up to a multiple of `step` (up to `up_to`, then the next rule)."""

    up_to: Weight | None = None
    step: Weight


class SizeTier(_Strict):
    id: Id
    name: str
    max_sides: tuple[Amount, Amount, Amount] | None = None  # longest, median, shortest (in)
    max_length_girth: Amount | None = None  # longest + 2 × (median + shortest), in
    max_weight: Weight | None = None
    weight: Literal["unit", "shipping"]  # unit weight, or the greater of unit and dimensional weight
    dimensional_minimum_side: Amount | None = None  # in: median and shortest taken as at least this
    rounding: list[Rounding]
    bands: list[WeightBand] = Field(min_length=1)


class Surcharge(_Strict):
    id: Id
    period: Period
    rate: Amount  # a fraction of the fulfilment fee


class FulfillmentCard(_Strict):
    dimensional_divisor: Amount
    price_bands: list[PriceBand] = Field(min_length=1)
    size_tiers: list[SizeTier] = Field(min_length=1)  # tested in order: the first that holds the item
    surcharges: list[Surcharge] = []

    @model_validator(mode="after")
    def _bands_known(self) -> FulfillmentCard:
        known = {band.id for band in self.price_bands}
        for tier in self.size_tiers:
            for band in tier.bands:
                if set(band.fee) != known:
                    raise ValueError(
                        f"size tier {tier.id!r}: every weight band needs a fee for each price band "
                        f"({', '.join(sorted(known))})"
                    )
        return self


class ReferralTier(_Strict):
    up_to: Amount | None = None  # inclusive price bound; none: the rest
    rate: Amount


class Category(_Strict):
    id: Id
    name: str
    aliases: list[str] = []
    mode: Literal["flat", "whole-price", "marginal"] = "flat"
    tiers: list[ReferralTier] = Field(min_length=1)
    minimum: Amount | None = None  # none: the table's `minimum`
    no_minimum: bool = False
    closing_fee: Amount | None = None

    @model_validator(mode="after")
    def _tiers_rise(self) -> Category:
        bounds = [tier.up_to for tier in self.tiers]
        if bounds[-1] is not None or None in bounds[:-1] or bounds[:-1] != sorted(set(bounds[:-1])):  # type: ignore[type-var]
            raise ValueError("tiers rise by `up_to`, and only the last has none")
        if self.mode == "flat" and len(self.tiers) != 1:
            raise ValueError("a flat category has one tier; give `mode: whole-price` or `mode: marginal`")
        return self


class ReferralCard(_Strict):
    minimum: Amount
    categories: list[Category] = Field(min_length=1)


class FeeTable(_Strict):
    """One table file: a fulfilment card or a referral card of one marketplace, with its dates."""

    schema_: Literal["flywheel.fee-table/1"] = Field(alias="schema")
    id: Id
    marketplace: str
    currency: str
    kind: Literal["fulfillment", "referral"]
    effective: list[Period] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    caveats: list[Caveat] = []
    notes: list[str] = []
    fulfillment: FulfillmentCard | None = None
    referral: ReferralCard | None = None

    @model_validator(mode="after")
    def _card_of_kind(self) -> FeeTable:
        if (self.kind == "fulfillment") != (self.fulfillment is not None) or (self.kind == "referral") != (
            self.referral is not None
        ):
            raise ValueError(f"a table of kind {self.kind!r} has the key {self.kind!r} and no other card")
        return self
