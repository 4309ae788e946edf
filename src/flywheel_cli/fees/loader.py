"""Finding the fee tables and the one in force on a day.

The shipped tables are `flywheel_cli/fees/tables/*.yaml` (package data, in the wheel); `--tables DIR`
reads a folder of the user's own instead (a new card before a flywheel release: docs/fees.md). Every
error is `file:line:col: error: …` (exit 2), located with core/yamldoc.py as rule files are.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from flywheel_cli.core import yamldoc
from flywheel_cli.core.errors import ConfigError, UsageError

if TYPE_CHECKING:
    from flywheel_cli.fees.schema import FeeTable

SHIPPED_DIR = Path(__file__).resolve().parent / "tables"


@dataclass(frozen=True, slots=True)
class LoadedTable:
    """A fee table, validated: how output names it, and the SHA-256 of its file."""

    table: FeeTable
    display: str  # how output names it: fees/tables/<file> for a shipped table, else the path given
    sha256: str

    def to_input(self) -> dict[str, object]:
        """The table as an `inputs[]` entry of the JSON documents."""
        return {"path": self.display, "sha256": self.sha256, "kind": f"fee-table-{self.table.kind}",
                "id": self.table.id, "marketplace": self.table.marketplace, "currency": self.table.currency,
                "effective": [{"from": p.start, "until": p.until} for p in self.table.effective]}  # fmt: skip


def load_file(path: Path, display: str) -> LoadedTable:
    from pydantic import ValidationError

    from flywheel_cli.fees.schema import FeeTable

    data, marks = yamldoc.load_mapping(path, "a fee table is a mapping with `schema`, `id`, `kind` …")
    try:
        table = FeeTable.model_validate(data)
    except ValidationError as exc:
        raise yamldoc.validation_error(Path(display), marks, exc) from None
    _check_order(table, display, marks)
    return LoadedTable(table, display, hashlib.sha256(path.read_bytes()).hexdigest())


def _check_order(table: FeeTable, display: str, marks: yamldoc.Marks) -> None:
    """Weight bands rise within a tier (a band below its predecessor could never be reached)."""
    if table.fulfillment is None:
        return
    for t, tier in enumerate(table.fulfillment.size_tiers):
        bounds = [band.up_to for band in tier.bands]
        for b, (low, high) in enumerate(itertools.pairwise(bounds), start=1):
            if low is None or (high is not None and high <= low):
                line, column = yamldoc.locate(marks, ("fulfillment", "size_tiers", t, "bands", b))
                raise ConfigError(
                    f"fulfillment.size_tiers[{t}].bands[{b}]: weight bands must rise, the open band last",
                    path=display, line=line, column=column,
                )  # fmt: skip


def load_tables(folder: Path | None = None) -> list[LoadedTable]:
    """Every table of `folder` (default: the shipped ones); two tables of one marketplace and kind
    whose dates overlap are an error (which would be in force?)."""
    base = folder or SHIPPED_DIR
    if not base.is_dir():
        raise UsageError("no such folder of fee tables", path=str(base))
    files = sorted(p for p in base.iterdir() if p.suffix in {".yaml", ".yml"} and p.is_file())
    if not files:
        raise UsageError("no fee tables (*.yaml) in this folder", path=str(base))
    tables = [load_file(p, f"fees/tables/{p.name}" if folder is None else str(p)) for p in files]
    _no_overlap(tables)
    return tables


def _no_overlap(tables: list[LoadedTable]) -> None:
    for index, one in enumerate(tables):
        for other in tables[:index]:
            same = (one.table.marketplace, one.table.kind) == (other.table.marketplace, other.table.kind)
            clash = same and any(
                a.start <= (b.until or date.max) and b.start <= (a.until or date.max)
                for a in one.table.effective for b in other.table.effective
            )  # fmt: skip
            if clash:
                raise ConfigError(
                    f"effective: the dates overlap those of {other.table.id} ({other.display})",
                    path=one.display,
                    hint="give the older table an `until` the day before the newer one's `from`",
                )


def in_force(tables: list[LoadedTable], marketplace: str, kind: str, day: date) -> LoadedTable:
    """The table of `kind` for `marketplace` in force on `day`; a usage error names those there are."""
    mine = [t for t in tables if t.table.marketplace == marketplace and t.table.kind == kind]
    if not mine:
        shipped = sorted({t.table.marketplace for t in tables})
        raise UsageError(
            f"no {kind} fee table for marketplace {marketplace}",
            hint=f"tables exist for: {', '.join(shipped)}; docs/fees.md says how to add one",
        )
    for loaded in mine:
        if any(period.holds(day) for period in loaded.table.effective):
            return loaded
    spans = "; ".join(f"{t.table.id} {', '.join(p.text() for p in t.table.effective)}" for t in mine)
    raise UsageError(
        f"no {marketplace} {kind} fee table is in force on {day}",
        hint=f"the tables cover: {spans}",
    )
