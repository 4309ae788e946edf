"""Headline targets for `flywheel report`, with their provenance.

`official` thresholds are Amazon policy; `rule_of_thumb` ones come from the source documents
(seeds/DIGEST) and are never presented as policy. The rules engine (rules/*.yaml) is the full,
configurable version of these checks; this list is the report's fixed headline.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

D = Decimal


@dataclass(frozen=True, slots=True)
class Target:
    metric: str
    label: str
    below: Decimal | None  # the value should stay below this (warning at `warn_below`)
    above: Decimal | None  # the value should stay above this
    text: str
    basis: str  # official | rule_of_thumb
    source: str
    error_at: Decimal | None = None  # past this the miss is an error, not a warning

    def status(self, value: Any) -> str | None:
        """'ok', 'warning', 'error', or None when there is no value or no target.

        Missing an Amazon policy threshold is an error. Missing a rule of thumb is a warning, unless
        the source gives an error level too (returns 5%, 90 days of supply) and that is passed.
        """
        if value is None or (self.below is None and self.above is None):
            return None
        value = D(value)
        missed = (self.below is not None and value >= self.below) or (
            self.above is not None and value < self.above
        )
        if not missed:
            return "ok"
        if self.basis == "official":
            return "error"
        if self.error_at is not None and (
            value >= self.error_at if self.below is not None else value < self.error_at
        ):
            return "error"
        return "warning"


SEED_FLYWHEEL = "Amazon flywheel article (seeds/002, via DIGEST)"
SEED_OPERATIONS = "Amazon operations system article (seeds/003, via DIGEST)"
SELLER_PERFORMANCE = "Seller Central help 200370550 'Seller performance measurement' (US)"

HEADLINE = (
    Target("unit_session_pct", "Conversion", None, D("0.12"), "> 12%", "rule_of_thumb", SEED_FLYWHEEL),
    Target("buy_box_pct", "Buy Box", None, D("0.60"), "≥ 60%", "rule_of_thumb", SEED_OPERATIONS),
    Target("acos", "ACoS", D("0.25"), None, "18–25%", "rule_of_thumb", SEED_FLYWHEEL + "; home < 25% (seeds/003)"),
    Target("tacos", "TACoS", None, None, "", "rule_of_thumb", ""),
    Target("refund_rate", "Refund rate", D("0.03"), None, "< 3%", "rule_of_thumb", SEED_FLYWHEEL, D("0.05")),
    Target("return_rate", "Return rate", D("0.03"), None, "< 3% (5% error)", "rule_of_thumb", SEED_FLYWHEEL, D("0.05")),
    Target("days_of_supply", "Days of supply", D("45.01"), None, "≤ 45 (90 excess)", "rule_of_thumb", SEED_FLYWHEEL, D("90.01")),
    Target("aged_365_plus_share", "Aged > 365 days", D("0.05"), None, "< 5%", "rule_of_thumb", SEED_OPERATIONS),
    Target("order_defect_rate", "Order defect rate", D("0.01"), None, "< 1%", "official", SELLER_PERFORMANCE),
    Target("late_shipment_rate", "Late shipment rate", D("0.04"), None, "< 4%", "official", SELLER_PERFORMANCE),
    Target("pre_fulfillment_cancel_rate", "Pre-fulfilment cancel", D("0.025"), None, "< 2.5%", "official",
           SELLER_PERFORMANCE),
    Target("valid_tracking_rate", "Valid tracking rate", None, D("0.95"), "≥ 95%", "official", SELLER_PERFORMANCE),
)  # fmt: skip

# The per-SKU checks the report flags (account-health targets do not apply per SKU).
SKU_TARGETS = tuple(t for t in HEADLINE if t.metric in {"unit_session_pct", "buy_box_pct", "acos", "return_rate",
                                                         "days_of_supply"})  # fmt: skip
