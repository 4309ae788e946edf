"""The referral fee of a category at a price (docs/fees.md, "Referral fee").

`flat` is one rate on the whole price; `whole-price` takes the rate of the tier the whole price falls
in; `marginal` charges each tier's rate on the portion of the price within it. The fee is rounded to
the cent (half up, as the fee preview's 18.99 × 15% = 2.85 shows), then raised to the per-item
minimum unless the category has none; a media closing fee is added separately.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from flywheel_cli.core.errors import UsageError
from flywheel_cli.fees.schema import Category, ReferralCard

CENT = Decimal("0.01")
ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Referral:
    """One unit's referral fee in a category at a price, with the per-item minimum and a closing fee."""

    category: Category
    percentage_fee: Decimal  # the rate(s) on the price, to the cent
    fee: Decimal  # with the per-item minimum
    closing_fee: Decimal


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, ROUND_HALF_UP)


def _key(text: str) -> str:
    """`Home & Kitchen`, `home-kitchen` and `home_kitchen` are one name."""
    return "-".join(re.findall(r"[a-z0-9]+", text.casefold().replace("&", " ")))


def find_category(card: ReferralCard, name: str) -> Category:
    names: dict[str, Category] = {}
    for category in card.categories:
        for word in (category.id, category.name, *category.aliases):
            names.setdefault(_key(word), category)
    found = names.get(_key(name))
    if found is not None:
        return found
    matches = difflib.get_close_matches(_key(name), list(names), n=3)
    close = list(dict.fromkeys(names[match].id for match in matches))
    listed = ", ".join(c.id for c in card.categories)
    hint = (f"did you mean {', '.join(close)}? " if close else "") + f"categories: {listed}"
    raise UsageError(f"--category {name!r} is not a referral-fee category of the fee table", hint=hint)


def referral_fee(card: ReferralCard, category: Category, price: Decimal) -> Referral:
    amount = ZERO
    if category.mode == "marginal":
        floor = ZERO
        for tier in category.tiers:
            top = price if tier.up_to is None else min(price, tier.up_to)
            if top > floor:
                amount += (top - floor) * tier.rate
            if tier.up_to is None or price <= tier.up_to:
                break
            floor = tier.up_to
    else:  # flat (one tier) or whole-price: the tier the whole price falls in
        tier = next((t for t in category.tiers if t.up_to is None or price <= t.up_to), category.tiers[-1])
        amount = price * tier.rate
    percentage = cents(amount)
    minimum = (
        ZERO if category.no_minimum else (category.minimum if category.minimum is not None else card.minimum)
    )
    return Referral(category, percentage, max(percentage, minimum), category.closing_fee or ZERO)
