"""Currencies are never added together unconverted (DESIGN section 4).

When the inputs hold more than one currency, flywheel.yaml must give `currency` (the reporting
currency) and an `fx` rate for each other currency (`fx: {CAD: 0.7312}` = 1 CAD is 0.7312 of the
reporting currency); every money part of every bucket in another currency is then converted and
rounded to the cent — each input on its own, by the currency of its rows or of the file, before the
inputs are combined (metrics/money.py). Without rates the run stops (exit 2): adding dollars to
euros would be a wrong number, not an approximate one. The cost file and the fee preview (rates,
never added) take no part in this check.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from flywheel_cli.core.errors import ConfigError
from flywheel_cli.core.results import InputSummary
from flywheel_cli.metrics.fold import Ledger
from flywheel_cli.metrics.money import CENT, MONEY_PARTS, NOT_SUMMED, Rates, codes

__all__ = ["CENT", "MONEY_PARTS", "check", "currencies_of", "rates"]


def currencies_of(summaries: Iterable[InputSummary]) -> set[str]:
    found: set[str] = set()
    for summary in summaries:
        if summary.kind not in NOT_SUMMED:
            found |= codes(summary.currency)
    return found


def rates(reporting: str | None, fx: Mapping[str, Decimal]) -> Rates | None:
    """What each input is converted with as it is combined (None: no reporting currency, nothing to do)."""
    return Rates(reporting, fx) if reporting else None


def check(ledger: Ledger, summaries: list[InputSummary], reporting: str | None, fx: Mapping[str, Decimal],
          config_path: str | None, converted: Rates | None) -> str | None:  # fmt: skip
    """Stop when the inputs hold currencies that were not converted; returns the reporting currency."""
    found = currencies_of(summaries)
    holders: dict[str, str] = {}  # currency → the first input that holds it
    for summary in summaries:
        for held in sorted(codes(summary.currency)) if summary.kind not in NOT_SUMMED else ():
            holders.setdefault(held, summary.path)
    if converted is not None:  # a marketplace's currency that no input names (a `$` file of two marketplaces)
        for code, path in converted.missing.items():
            found.add(code)
            holders.setdefault(code, path)
    if len(found) <= 1 and (reporting is None or found <= {reporting}):
        return reporting or (next(iter(found)) if found else None)
    target = reporting
    missing = sorted(code for code in found if code != target and code not in fx)
    if target is None or missing:
        suggested = target or ("USD" if "USD" in found else sorted(found)[0])
        example = ", ".join(f"{code}: 0.0000" for code in sorted(found - {suggested}) if code not in fx)
        which = "; ".join(f"{held} in {holders[held]}" for held in sorted(holders))
        raise ConfigError(
            f"the inputs hold amounts in {', '.join(sorted(found))} ({which}); flywheel never adds different "
            "currencies",
            path=config_path,
            hint=f"set `currency: {suggested}` and `fx: {{{example}}}` in flywheel.yaml (what 1 unit of each is "
            f"worth in {suggested}), or read one marketplace's reports at a time",
        )
    if converted is not None and converted.used:
        ledger.converted, ledger.currency = True, target
    return target
