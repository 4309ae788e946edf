"""What a kind's record builder knows about the file it reads (its number and date conventions).

Its own module so that kinds depend on it without importing the reader, which imports every kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Context:
    """What a kind's record builder needs to know about the file it reads."""

    path: str
    decimal_comma: bool
    day_first: bool
    percent_as_fraction: bool  # xlsx cells hold 0.125 where the CSV says 12.5%
    currency: str | None
    marketplace: str | None
    # The span the file states outside its records (a settlement's summary row): what it covers when
    # no record is dated (a settlement without amount rows). See `Kind.stated`.
    span: tuple[date, date] | None = None
