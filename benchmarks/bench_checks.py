"""Every run's figures against the generator's expected JSON, to the cent.

flywheel's JSON is read with `json.loads(..., parse_float=Decimal)`, so a figure is compared as the
exact decimal it prints. The peers' JSON is checked the same way, so that a broken baseline cannot
pass: a peer that sums floats, or drops a row type, fails the run.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from bench_measure import Check

HEADLINE = ("gross_sales", "units_sold", "refunded_sales", "units_refunded", "referral_fees", "fba_fees",
            "net_proceeds")  # fmt: skip
MAX_PROBLEMS = 20


def dec(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    return Decimal(value) if isinstance(value, int | Decimal) else Decimal(str(value))


def compare(where: str, got: Mapping[str, Any], want: Mapping[str, Any], names: Iterable[str]) -> list[str]:
    """`got[name] == want[name]` as exact decimals; a missing figure counts as 0 only on the got side
    of a SKU or day without rows of that kind (the caller passes {} then)."""
    problems = []
    for name in names:
        expected, value = Decimal(str(want.get(name, 0))), dec(got.get(name))
        if (value if value is not None else Decimal(0)) != expected:
            problems.append(f"{where}{name} = {value}, expected {expected}")
    return problems


def capped(problems: list[str]) -> list[str]:
    extra = len(problems) - MAX_PROBLEMS
    return problems[:MAX_PROBLEMS] + ([f"... and {extra} more"] if extra > 0 else [])


def document(stdout: str, schema: str | None) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(stdout, parse_float=Decimal)
    if schema is not None and parsed.get("schema") != schema:
        raise ValueError(f"schema is {parsed.get('schema')!r}, not {schema!r}")
    return parsed


def per_key(got: Mapping[str, Mapping[str, Any]], want: Mapping[str, Mapping[str, Any]], what: str,
            names: tuple[str, ...]) -> list[str]:  # fmt: skip
    problems = []
    for key in sorted(set(want) | {key for key in got if key}):
        problems += compare(f"{what} {key}: ", got.get(key, {}), want.get(key, {}), names)
    return problems


def kpis_totals(expected: dict[str, Any]) -> Check:
    """`flywheel kpis --format json`: the account's headline figures."""

    def check(stdout: str) -> list[str]:
        try:
            metrics = document(stdout, "flywheel.kpis/1")["total"]["metrics"]
        except (ValueError, KeyError, TypeError) as exc:
            return [f"unreadable kpis JSON: {exc}"]
        return compare("total.", metrics, expected, HEADLINE)

    return check


def kpis_by_day(expected: dict[str, Any]) -> Check:
    """`flywheel kpis --by day --format json`: each day's gross sales, units and net proceeds, and the total."""

    def check(stdout: str) -> list[str]:
        try:
            parsed = document(stdout, "flywheel.kpis/1")
            days = {row["scope"].get("day"): row["metrics"] for row in parsed["rows"]}
            problems = compare("total.", parsed["total"]["metrics"], expected, HEADLINE)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            return [f"unreadable kpis JSON: {exc}"]
        problems += per_key(days, expected["days"], "day", ("gross_sales", "units_sold", "net_proceeds"))
        return capped(problems)

    return check


def costs(expected: dict[str, Any]) -> Check:
    """`flywheel costs --format json` with the generator's cost file: gross sales, refunds, fees, COGS
    (at the unit cost in force on each order's day) and inbound freight in total, and per day at
    `--by day`."""

    def check(stdout: str) -> list[str]:
        try:
            parsed = document(stdout, None)
            total = parsed["total"]["lines"]
            days = {row["scope"].get("day"): row["lines"] for row in parsed["rows"] if row["scope"]}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            return [f"unreadable costs JSON: {exc}"]
        want_total = {**expected, "refunds": expected["refunded_sales"]}
        problems = compare("total.", total, want_total,
                           ("gross_sales", "refunds", "referral_fees", "fba_fees", "cogs", "inbound_freight"))  # fmt: skip
        if parsed.get("grain") == "day":
            problems += per_key(days, expected["days"], "day", ("gross_sales", "cogs"))
        return capped(problems)

    return check


def report(expected: dict[str, Any]) -> Check:
    """`flywheel report --format json`: the headline totals and each SKU's gross sales and units."""

    def check(stdout: str) -> list[str]:
        try:
            parsed = document(stdout, "flywheel.report/1")
            skus = {row["sku"]: row["metrics"] for row in parsed["skus"]}
            problems = compare("totals.", parsed["totals"], expected, HEADLINE)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            return [f"unreadable report JSON: {exc}"]
        problems += per_key(skus, expected["skus"], "sku", ("gross_sales", "units_sold"))
        return capped(problems)

    return check


def peer(expected: dict[str, Any]) -> Check:
    """A peer script's JSON (benchmarks/peers/): the same figures as `flywheel report`'s."""

    def check(stdout: str) -> list[str]:
        try:
            parsed = document(stdout, None)
            problems = compare("", parsed, expected, HEADLINE)
            problems += per_key(parsed["skus"], expected["skus"], "sku", ("gross_sales", "units_sold"))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            return [f"unreadable peer JSON: {exc}"]
        return capped(problems)

    return check
