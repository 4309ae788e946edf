"""The cost breakdown's lines (DESIGN section 5): names and order are a public contract.

Every breakdown — from exports (`flywheel costs`) or from assumptions (`flywheel plan`) — is built
from the same additive parts as the KPIs, through `lines_from_parts`, so a plan and a real month are
read the same way and `net_profit` here is the `net_profit` metric.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from flywheel_cli.metrics.catalogue import net_profit, ratio, total_costs
from flywheel_cli.metrics.rollup import present

# line → the part it is read from (costs are positive amounts; reimbursements are income).
LINE_PARTS: dict[str, str] = {
    "gross_sales": "gross_sales",
    "refunds": "refunded_sales",
    "referral_fees": "referral_fees",
    "fba_fees": "fba_fees",
    "storage_fees": "storage_fees",
    "other_amazon_fees": "other_fees",
    "advertising": "ad_spend",
    "promotions": "promotions",
    "cogs": "cogs",
    "inbound_freight": "inbound_freight",
    "tools": "tools",
    "labour": "labour",
    "other_fixed": "other_fixed",
    "reimbursements": "reimbursements",
}
COST_LINES = tuple(name for name in LINE_PARTS if name not in {"gross_sales", "reimbursements"})
LINES = (*LINE_PARTS, "total_costs", "net_profit", "net_margin")


def lines_from_parts(parts: Mapping[str, Any]) -> dict[str, Any]:
    """The breakdown of one row. Lines whose parts are absent are 0 once any money is present;
    the totals are null without a cost of goods (profit without COGS would flatter every seller)."""
    lines: dict[str, Any] = {name: Decimal(parts.get(part) or 0) for name, part in LINE_PARTS.items()}
    costs = total_costs(parts)
    profit = net_profit(parts)
    lines["total_costs"] = costs
    lines["net_profit"] = profit
    margin = ratio(profit, parts.get("gross_sales")) if profit is not None else None
    lines["net_margin"] = present("ratio", margin)
    return lines
