"""The cost breakdown's lines (DESIGN section 5): names and order are a public contract.

Every breakdown — from exports (`flywheel costs`) or from assumptions (`flywheel plan`) — is built
from the same additive parts as the KPIs, through `lines_from_parts`, so a plan and a real month are
read the same way and `net_profit` here is the `net_profit` metric.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from flywheel_cli.metrics.catalogue import PAYMENT_PARTS, net_profit, ratio, total_costs
from flywheel_cli.metrics.rollup import present

# line → the part it is read from (costs are positive amounts; credits and reimbursements are income;
# taxes pass through: collected from buyers for the tax authorities, never the seller's).
LINE_PARTS: dict[str, str] = {
    "gross_sales": "gross_sales",
    "shipping_credits": "shipping_credits",
    "gift_wrap_credits": "gift_wrap_credits",
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
    "taxes": "taxes",
}
INCOME_LINES = frozenset({"gross_sales", "shipping_credits", "gift_wrap_credits", "reimbursements"})
COST_LINES = tuple(name for name in LINE_PARTS if name not in INCOME_LINES | {"taxes"})
LINES = (*LINE_PARTS, "total_costs", "net_profit", "net_margin")


def lines_from_parts(parts: Mapping[str, Any]) -> dict[str, Any]:
    """The breakdown of one row. A Payments line is null where the report's layout lacks its column
    (absent is never 0); other lines whose parts are absent are 0. The totals are null without a
    cost of goods (profit without COGS would flatter every seller)."""
    financial = "gross_sales" in parts
    lines: dict[str, Any] = {
        name: None
        if parts.get(part) is None and financial and part in PAYMENT_PARTS
        else Decimal(parts.get(part) or 0)
        for name, part in LINE_PARTS.items()
    }
    if parts.get("ad_spend_unknown"):
        lines["advertising"] = None
    costs = total_costs(parts)
    profit = net_profit(parts)
    lines["total_costs"] = costs
    lines["net_profit"] = profit
    margin = ratio(profit, parts.get("gross_sales")) if profit is not None else None
    lines["net_margin"] = present("ratio", margin)
    return lines


def reconciliation(parts: Mapping[str, Any], converted: bool = False) -> dict[str, Any] | None:
    """Amazon's net proceeds (Σ total of every row but transfers) against the breakdown's Amazon lines,
    with advertising as Payments charged it: they agree to the cent when every line is read right.
    Amounts converted at fx rates are each rounded to the cent, so there a few cents are rounding
    (`converted`). None without a financial report."""
    if parts.get("net_proceeds") is None:
        return None
    income = ("gross_sales", "shipping_credits", "gift_wrap_credits", "taxes", "reimbursements")
    charges = (
        "refunded_sales",
        "referral_fees",
        "fba_fees",
        "storage_fees",
        "other_fees",
        "ad_charges",
        "promotions",
    )
    if any(parts.get(name) is None for name in (*income, *charges) if name != "ad_charges"):
        return {
            "net_proceeds": parts["net_proceeds"],
            "breakdown": None,
            "difference": None,
            "converted": converted,
        }
    lines = sum((Decimal(parts[name]) for name in income), Decimal(0)) - sum(
        (Decimal(parts.get(name) or 0) for name in charges), Decimal(0)
    )
    return {
        "net_proceeds": parts["net_proceeds"],
        "breakdown": lines,
        "advertising_charged": Decimal(parts.get("ad_charges") or 0),
        "difference": Decimal(parts["net_proceeds"]) - lines,
        "converted": converted,
    }
