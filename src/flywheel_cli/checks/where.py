"""`where` filters: which data a rule sees, and which override applies to a row.

A row is made of *members*, one per (marketplace, SKU, ASIN, category, tags) it was summed from.
A filter matches a row when every member matches it: a SKU row matches `category: home` when the
SKU is in home; the account row matches `marketplace: US` only if everything in it is US.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass

from flywheel_cli.checks.spec import Where

ATTRIBUTES = ("marketplace", "sku", "asin", "category")


@dataclass(frozen=True, slots=True)
class Member:
    """One (marketplace, SKU, ASIN, category, tags) a row was summed from: what `where` filters match."""

    marketplace: str | None = None
    sku: str | None = None
    asin: str | None = None
    category: str | None = None
    tags: frozenset[str] = frozenset()


def _glob(value: str | None, patterns: tuple[str, ...], fold: bool = False) -> bool:
    if value is None:
        return False
    if fold:
        return any(fnmatch.fnmatchcase(value.upper(), pattern.upper()) for pattern in patterns)
    return any(fnmatch.fnmatchcase(value, pattern) for pattern in patterns)


def member_matches(where: Where, member: Member) -> bool:
    for name in ATTRIBUTES:
        patterns = getattr(where, name)
        if patterns is not None and not _glob(getattr(member, name), patterns, fold=name == "marketplace"):
            return False
    return where.tag is None or any(_glob(tag, where.tag) for tag in member.tags)


def matches(where: Where, members: Iterable[Member]) -> bool:
    seen = False
    for member in members:
        if not member_matches(where, member):
            return False
        seen = True
    return seen


def _literal(patterns: tuple[str, ...] | None) -> int:
    return sum(len(p) - sum(p.count(c) for c in "*?[]") for p in patterns or ())


def specificity(where: Where) -> tuple[int, ...]:
    """Higher is more specific: SKU/ASIN before tag before category before marketplace, then the
    number of literal (non-wildcard) characters, so `LL-BULB-SM4` beats `LL-BULB-*`."""
    identity = (where.sku is not None) + (where.asin is not None)
    literal = sum(_literal(getattr(where, name)) for name in (*ATTRIBUTES, "tag"))
    return (
        identity,
        where.tag is not None,
        where.category is not None,
        where.marketplace is not None,
        literal,
    )


def describe(where: Where | None) -> str:
    """`category home, marketplace US|CA` for messages."""
    if where is None:
        return ""
    parts = [
        f"{name} {'|'.join(getattr(where, name))}"
        for name in (*ATTRIBUTES, "tag")
        if getattr(where, name) is not None
    ]
    return ", ".join(parts)
