"""`flywheel fees estimate` (fees/estimate.py) and `flywheel fees audit` (analyses/fee_audit.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from flywheel_cli.analyses.fee_audit import audit as run_audit
from flywheel_cli.analyses.fee_audit_result import FeeAudit
from flywheel_cli.api import ReadOptions, open_reports
from flywheel_cli.config import Config
from flywheel_cli.core.errors import UsageError
from flywheel_cli.fees.estimate import Estimate
from flywheel_cli.fees.estimate import estimate as run_estimate
from flywheel_cli.fees.loader import load_tables
from flywheel_cli.fees.tiers import Package
from flywheel_cli.metrics.fold import Window
from flywheel_cli.reports.markets import marketplace_code
from flywheel_cli.reports.tally import Progress


def estimate(
    price: Decimal,
    sides: tuple[Decimal, Decimal, Decimal],
    weight: Decimal,
    category: str,
    unit: str = "in",
    weight_unit: str = "lb",
    marketplace: str = "US",
    day: date | None = None,
    tables: Path | None = None,
) -> Estimate:
    """The fees of one unit from the tables in force on `day` (default: today)."""
    code = marketplace_code(marketplace)
    if code is None:
        raise UsageError(f"--marketplace {marketplace!r} is not a marketplace", hint="a code such as US")
    package = Package.of(sides, unit, weight, weight_unit)
    given = {"length": sides[0], "width": sides[1], "height": sides[2], "unit": unit, "weight": weight,
             "weight_unit": weight_unit}  # fmt: skip
    return run_estimate(load_tables(tables), code, day or date.today(), price, category, package, given)


def audit(
    paths: list[str],
    options: ReadOptions | None = None,
    window: Window | None = None,
    config: Config | None = None,
    tables: Path | None = None,
    progress: Progress | None = None,
) -> FeeAudit:
    """SKUs charged more FBA fee per unit than expected (the fee preview, or the estimator)."""
    loaded = load_tables(tables)  # before reading the inputs: a bad table fails fast
    inputs = open_reports(paths, options or ReadOptions())
    try:
        return run_audit(inputs, config or Config(), window or Window(), loaded, date.today(), progress)
    finally:
        inputs.close()
