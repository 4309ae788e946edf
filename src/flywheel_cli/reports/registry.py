"""Every report kind, by name. Detection tries them all; `--kind` picks one."""

from __future__ import annotations

from flywheel_cli.reports.kinds import ads, business, cogs, inventory, payments, performance, returns
from flywheel_cli.reports.kinds.base import Kind

KINDS: dict[str, Kind] = {
    kind.SPEC.name: kind
    for kind in (
        business.BUSINESS_REPORT,
        business.BY_DATE,
        payments.KIND,
        ads.ADVERTISED_PRODUCT,
        ads.SEARCH_TERM,
        inventory.KIND,
        returns.KIND,
        performance.KIND,
        cogs.KIND,
    )
}
