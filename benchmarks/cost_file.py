"""The seller's cost file (`sku,unit_cost,effective_from,freight_per_unit,prep_per_unit`) that the
benchmark generator writes beside a Payments report, and whose COGS its expected figures include."""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from payments_layout import decimal_text


class Priced(Protocol):
    @property
    def sku(self) -> str: ...
    @property
    def price(self) -> int: ...


@dataclass(frozen=True, slots=True)
class UnitCost:
    start: int  # date ordinal of effective_from
    unit_cost: int  # cents
    landing: int  # freight + prep per unit, cents


def cost_table(skus: Sequence[Priced], seed: int, start: date, days: int) -> dict[str, list[UnitCost]]:
    """The seller's cost file: about a third of the list price; one SKU in five changes cost once mid-way.
    Its own random stream, so that the rows written do not depend on it."""
    rng = random.Random(seed * 1_000_003 + 17)
    table: dict[str, list[UnitCost]] = {}
    for item in skus:
        unit = item.price * rng.randrange(25, 40) // 100
        landing = rng.randrange(20, 120)
        entries = [UnitCost(start.toordinal(), unit, landing)]
        if days > 1 and rng.random() < 0.2:
            changed = start.toordinal() + rng.randrange(1, days)
            entries.append(UnitCost(changed, unit * rng.randrange(90, 115) // 100, landing))
        table[item.sku] = entries
    return table


def write_cost_file(path: Path, table: dict[str, list[UnitCost]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("sku", "unit_cost", "effective_from", "freight_per_unit", "prep_per_unit"))
        for sku, entries in sorted(table.items()):
            for entry in entries:
                freight = entry.landing * 3 // 4
                writer.writerow((sku, decimal_text(entry.unit_cost), date.fromordinal(entry.start).isoformat(),
                                 decimal_text(freight), decimal_text(entry.landing - freight)))  # fmt: skip
