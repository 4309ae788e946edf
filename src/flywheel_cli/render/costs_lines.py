"""The cost lines as people read them, shared by the breakdown table (`costs_view`) and the
waterfall (`waterfall`): labels, signs (costs negative, income positive), which lines to show."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Protocol

from flywheel_cli.economics.lines import COST_LINES, LINES
from flywheel_cli.render.numbers import NONE, money, percent

LABELS = {
    "gross_sales": "Gross sales",
    "shipping_credits": "Shipping credits",
    "gift_wrap_credits": "Gift wrap credits",
    "refunds": "Refunds",
    "referral_fees": "Referral fees",
    "fba_fees": "FBA fees",
    "storage_fees": "Storage fees",
    "other_amazon_fees": "Other Amazon fees",
    "advertising": "Advertising",
    "promotions": "Promotions",
    "cogs": "COGS",
    "inbound_freight": "Inbound freight",
    "tools": "Tools",
    "labour": "Labour",
    "other_fixed": "Other fixed costs",
    "reimbursements": "Reimbursements",
    "taxes": "Taxes (pass-through)",
    "total_costs": "Total costs",
    "net_profit": "Net profit",
    "net_margin": "Net margin",
}
_NEGATIVE = frozenset({*COST_LINES, "total_costs"})


class LinesRow(Protocol):
    """Anything with a scope and the cost lines (core.results.CostRow, economics.plan.PlanRow)."""

    @property
    def scope(self) -> Mapping[str, Any]: ...

    @property
    def lines(self) -> Mapping[str, Any]: ...


def label(row: LinesRow) -> str:
    """`{}` → total; `{"sku": None}` → unallocated; else the scope's value."""
    if not row.scope:
        return "total"
    value = next(iter(row.scope.values()))
    return "unallocated" if value is None else str(value)


def signed(name: str, value: Any) -> Any:
    """A line as people read it: costs negative, income positive (None stays None)."""
    if value is None:
        return None
    return -Decimal(value) if name in _NEGATIVE else Decimal(value)


def shown_lines(rows: Sequence[LinesRow]) -> tuple[list[str], list[str]]:
    """(lines to show, cost lines left out because they are 0 in every row). Taxes pass through (not
    in the costs, not in the profit): shown last, and only when some row has them."""
    shown, hidden = [], []
    for name in LINES:
        if name in {"net_margin", "taxes"}:
            continue
        if name in _QUIET and all(row.lines.get(name) in (None, 0) for row in rows):
            continue
        if name in {*COST_LINES, "reimbursements"} and all(row.lines.get(name) == 0 for row in rows):
            hidden.append(name)
        else:
            shown.append(name)
    if any(row.lines.get("taxes") for row in rows):
        shown.append("taxes")
    return shown, hidden


# Lines most stores never have (FBA sellers rarely see shipping or gift-wrap credits): not shown at 0.
_QUIET = frozenset({"shipping_credits", "gift_wrap_credits"})


def zero_note(hidden: Sequence[str]) -> str:
    return "at 0, not shown: " + ", ".join(LABELS[name] for name in hidden)


def cell(name: str, value: Any, currency: str | None, places: int = 2) -> str:
    return money(signed(name, value), currency, places)


def share(name: str, value: Any, gross: Any) -> str:
    if value is None or not gross:
        return NONE
    amount = Decimal(value) if name == "net_profit" else abs(Decimal(value))
    return percent(amount / Decimal(gross))


def unallocated(row: LinesRow) -> bool:
    return bool(row.scope) and next(iter(row.scope.values())) is None


__all__ = [
    "LABELS",
    "LinesRow",
    "cell",
    "label",
    "share",
    "shown_lines",
    "signed",
    "unallocated",
    "zero_note",
]
