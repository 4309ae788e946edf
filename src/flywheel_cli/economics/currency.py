"""Currencies are never added together unconverted (DESIGN section 4).

Each bucket's amounts are in its marketplace's currency. When the inputs hold more than one currency,
flywheel.yaml must give `currency` (the reporting currency) and an `fx` rate for each other currency
(`fx: {CAD: 0.7312}` = 1 CAD is 0.7312 of the reporting currency); every money part of a bucket in
another currency is then converted and rounded to the cent. Without rates the run stops (exit 2):
adding dollars to euros would be a wrong number, not an approximate one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_EVEN, Decimal

from flywheel_cli.core.errors import ConfigError
from flywheel_cli.core.results import InputSummary
from flywheel_cli.metrics.fold import Ledger
from flywheel_cli.reports.markets import CURRENCIES

CENT = Decimal("0.01")
# Parts that are amounts of money (the others are counts, or a weighted Buy Box count).
MONEY_PARTS = frozenset({
    "gross_sales", "refunded_sales", "referral_fees", "fba_fees", "storage_fees", "other_fees", "promotions",
    "reimbursements", "net_proceeds", "transfers", "ad_charges", "ad_spend", "ad_sales", "ordered_product_sales",
    "cogs", "inbound_freight", "tools", "labour", "other_fixed", "shipping_credits", "gift_wrap_credits", "taxes",
    "ad_spend_auto", "ad_spend_manual", "ad_spend_brand",
    "order_sales", "b2b_sales",  # All Orders (gross_sales is above)
    "b2b_ordered_product_sales",  # the Business Report's B2B column
})  # fmt: skip


def currencies_of(summaries: Iterable[InputSummary]) -> set[str]:
    found: set[str] = set()
    for summary in summaries:
        if summary.currency and summary.kind != "cogs":
            found.update(code.strip() for code in summary.currency.split(","))
    return found


def convert(ledger: Ledger, summaries: list[InputSummary], reporting: str | None, fx: Mapping[str, Decimal],
            config_path: str | None) -> str | None:  # fmt: skip
    """Convert every bucket into the reporting currency; returns the reporting currency."""
    found = currencies_of(summaries)
    if len(found) <= 1 and (reporting is None or found <= {reporting}):
        return reporting or (next(iter(found)) if found else None)
    target = reporting
    missing = sorted(code for code in found if code != target and code not in fx)
    if target is None or missing:
        suggested = target or ("USD" if "USD" in found else sorted(found)[0])
        example = ", ".join(f"{code}: 0.0000" for code in sorted(found - {suggested}) if code not in fx)
        holders: dict[str, str] = {}  # currency → the first input that holds it
        for summary in summaries:
            for held in (summary.currency or "").split(","):
                if held.strip() in found:
                    holders.setdefault(held.strip(), summary.path)
        which = "; ".join(f"{held} in {holders[held]}" for held in sorted(holders))
        raise ConfigError(
            f"the inputs hold amounts in {', '.join(sorted(found))} ({which}); flywheel never adds different "
            "currencies",
            path=config_path,
            hint=f"set `currency: {suggested}` and `fx: {{{example}}}` in flywheel.yaml (what 1 unit of each is "
            f"worth in {suggested}), or read one marketplace's reports at a time",
        )
    for (_, market, *_), parts in ledger.parts.items():
        code = CURRENCIES.get(market or "")
        if code is None or code == target:
            continue
        rate = fx[code]
        ledger.converted, ledger.currency = True, target
        for name in MONEY_PARTS & parts.keys():
            parts[name] = (Decimal(parts[name]) * rate).quantize(CENT, ROUND_HALF_EVEN)
    return target
