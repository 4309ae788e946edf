"""The replenishment days that apply to a SKU (flywheel.yaml `restock:`), apart from the rest of
analyses/restock.py: the operations map of every `flywheel report` reads a SKU's lead time, and needs
none of the replenishment arithmetic and record types (docs/decisions.md, "Start-up")."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass

from flywheel_cli.config import Restock, RestockDays


@dataclass(frozen=True, slots=True)
class Settings:
    """The replenishment days that apply to one SKU, and the level of flywheel.yaml that set them."""

    lead_time_days: int
    safety_days: int
    cover_days: int
    source: str  # the most specific level that set a value: `sku GLOB`, `category NAME` or `defaults`


def settings_for(sku: str, category: str | None, restock: Restock) -> Settings:
    """A SKU glob's days (the first that matches, in file order) over its category's over the defaults."""
    levels: list[tuple[str, RestockDays]] = []
    glob = next(((g, d) for g, d in restock.skus if fnmatch.fnmatchcase(sku, g)), None)
    if glob is not None:
        levels.append((f"sku {glob[0]}", glob[1]))
    named = next((d for name, d in restock.categories if category is not None and name == category), None)
    if named is not None:
        levels.append((f"category {category}", named))
    levels.append(("defaults", restock.defaults))

    def pick(name: str) -> int:
        values: list[int | None] = [getattr(days, name) for _, days in levels]
        return next(value for value in values if value is not None)  # the defaults set every field

    return Settings(pick("lead_time_days"), pick("safety_days"), pick("cover_days"), levels[0][0])
