"""Converting each input's amounts into the reporting currency, before the inputs are combined.

A bucket's key names a marketplace, not a currency, and rows without a marketplace (a settlement's
storage fee, Payments' `Cost of Advertising`, an Ads report without a Country column) fall in buckets
whose marketplace is empty. Two inputs in two currencies can both have such a bucket: once combined,
nothing could tell their amounts apart. So each input's ledger is converted on its own, before
metrics/combine.py adds it to the others, every bucket by the currency it is in:

1. the currency its rows name (a settlement row's `currency`: `Ledger.currencies`);
2. else the input's own currency, when it holds one and its marketplaces agree with it;
3. else its marketplace's currency;
4. else the one currency the file states (`All amounts in USD` in a file of US and CA rows).

A bucket with money in none of these, in an input that holds another currency than the reporting one
(a file of two currencies whose row names neither), stops the run: its amounts cannot be converted,
and adding them unconverted would be a wrong number. Each converted amount is
rounded to the cent (half even); totals are sums of those cents. economics/currency.py checks that
every currency has a rate; the cost file and the fee preview hold no amounts that are added.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal

from flywheel_cli.core.errors import InputError
from flywheel_cli.core.results import InputSummary
from flywheel_cli.metrics.fold import Ledger
from flywheel_cli.reports.markets import CURRENCIES

CENT = Decimal("0.01")
# Kinds whose amounts are never added to the ledger: the cost file (taken to be in the reporting
# currency) and the fee preview (rates per unit, metrics/fees_fold.py). They take no part in the
# currency check.
NOT_SUMMED = frozenset({"cogs", "fba-fee-preview"})
# Parts that are amounts of money (the others are counts, or a weighted Buy Box count).
MONEY_PARTS = frozenset({
    "gross_sales", "refunded_sales", "referral_fees", "fba_fees", "storage_fees", "other_fees", "promotions",
    "reimbursements", "net_proceeds", "transfers", "ad_charges", "ad_spend", "ad_sales", "ordered_product_sales",
    "cogs", "inbound_freight", "tools", "labour", "other_fixed", "shipping_credits", "gift_wrap_credits", "taxes",
    "ad_spend_auto", "ad_spend_manual", "ad_spend_brand",
    "order_sales", "b2b_sales",  # All Orders (gross_sales is above)
    "b2b_ordered_product_sales",  # the Business Report's B2B column
})  # fmt: skip


def codes(text: str | None) -> set[str]:
    """`CAD,USD` → {CAD, USD}."""
    return {code.strip() for code in (text or "").split(",") if code.strip()}


def held_currencies(summary: InputSummary) -> set[str]:
    """The currencies an input holds: those it names, and those of its marketplaces."""
    markets = {CURRENCIES.get(market) for market in codes(summary.marketplace)}
    return codes(summary.currency) | {code for code in markets if code}


def own_currency(summary: InputSummary) -> str | None:
    """The one currency every amount of an input is in, when it has one."""
    found = held_currencies(summary)
    return next(iter(found)) if len(found) == 1 else None


@dataclass
class Rates:
    """The reporting currency and flywheel.yaml's `fx:` rates; what the conversion met on the way."""

    target: str
    fx: Mapping[str, Decimal]
    used: bool = False  # some amount was converted
    missing: dict[str, str] = field(default_factory=dict)  # a currency without a rate → an input holding it

    def convert(self, ledger: Ledger, summary: InputSummary) -> None:
        """Convert one input's buckets in place (each bucket's currency: see the module)."""
        own, named = own_currency(summary), codes(summary.currency)
        stated = next(iter(named)) if len(named) == 1 else None  # `All amounts in USD`, a currency column
        holds = held_currencies(summary)
        others = holds - {self.target}
        for key, parts in ledger.parts.items():
            code = ledger.currencies.get(key) or own or CURRENCIES.get(key[1] or "") or stated
            if code is None:
                if others and any(parts.get(name) for name in MONEY_PARTS):
                    raise InputError(
                        f"amounts without a marketplace in a report that holds {', '.join(sorted(holds))}: "
                        "flywheel cannot tell which currency they are in, so cannot convert them",
                        path=summary.path,
                        hint="download one marketplace's report at a time",
                    )
                continue
            if code == self.target:
                continue
            rate = self.fx.get(code)
            if rate is None:
                self.missing.setdefault(code, summary.path)
                continue
            self.used = True
            for name in MONEY_PARTS & parts.keys():
                parts[name] = (Decimal(parts[name]) * rate).quantize(CENT, ROUND_HALF_EVEN)
