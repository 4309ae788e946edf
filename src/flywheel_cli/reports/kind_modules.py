"""The modules that hold the report kinds, and what the generated header index is built from.

Kept apart from `registry.py`, which reads the generated `header_index.py`: `make header-index`
(tools/header_index.py) must rebuild that file from this one even when it is missing or damaged.
"""

from __future__ import annotations

import importlib
from typing import Any

from flywheel_cli.reports.kinds.base import Kind

# The modules under reports/kinds that hold kinds, in the order `KINDS` lists their kinds. Each holds
# one `KIND` or a tuple `KINDS`. A new kind module is added here, then `make header-index`.
MODULES = (
    "business",
    "business_by_date",
    "payments",
    "ads_sp",
    "ads_sb_sd",
    "inventory",
    "returns",
    "performance",
    "cogs",
    "settlement",
    "orders",
    "fee_preview",
    "storage_fees",
    "transaction_view",
    "ads_grid",
    "listings",
    "feedback",
    "stranded",
)

Table = tuple[dict[str, tuple[str, str]], dict[str, str], tuple[str, ...]]


def kinds_in(module: str) -> tuple[Kind, ...]:
    """The kinds the module `module` under reports/kinds holds (its `KINDS`, or its one `KIND`)."""
    loaded: Any = importlib.import_module(f"flywheel_cli.reports.kinds.{module}")
    found = getattr(loaded, "KINDS", None)
    return tuple(found) if found is not None else (loaded.KIND,)


def _all() -> list[tuple[str, Kind]]:
    return [(module, kind) for module in MODULES for kind in kinds_in(module)]


def index_tables() -> dict[str, Table]:
    """The tables `header_index.TABLES` must hold, built from the kinds themselves (all imported)."""
    return {
        kind.SPEC.name: (
            dict(kind.SPEC.lookup()),
            dict(kind.SPEC.ignored_names()),
            kind.SPEC.required(),
        )
        for _, kind in _all()
        if kind.SPEC.fields
    }


def index_modules() -> dict[str, str]:
    """The kind name → module map `header_index.MODULE_OF` must hold, in `MODULES` order."""
    return {kind.SPEC.name: module for module, kind in _all()}
