"""Every report kind, by name. Detection tries them all; `--kind` picks one."""

from __future__ import annotations

from flywheel_cli.reports.kinds import (
    ads_grid,
    ads_sb_sd,
    ads_sp,
    business,
    business_by_date,
    cogs,
    fee_preview,
    feedback,
    inventory,
    listings,
    orders,
    payments,
    performance,
    returns,
    settlement,
    storage_fees,
    stranded,
    transaction_view,
)
from flywheel_cli.reports.kinds.base import Kind

KINDS: dict[str, Kind] = {
    kind.SPEC.name: kind
    for kind in (
        business.BUSINESS_REPORT,
        business_by_date.KIND,
        payments.KIND,
        *ads_sp.KINDS,
        *ads_sb_sd.KINDS,
        inventory.KIND,
        returns.KIND,
        performance.KIND,
        cogs.KIND,
        settlement.KIND,
        orders.KIND,
        fee_preview.KIND,
        storage_fees.KIND,
        transaction_view.KIND,
        ads_grid.KIND,
        listings.KIND,
        feedback.KIND,
        stranded.KIND,
    )
}
