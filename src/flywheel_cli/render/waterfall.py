"""The waterfall of a cost breakdown, for a terminal (and the svg/html screens): one horizontal bar
per line, each cost hanging from where the previous one ended, down to net profit."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from flywheel_cli.render.costs_lines import LABELS, LinesRow, cell, share, shown_lines, signed, zero_note

# Bar colours by family: Amazon, advertising, goods, fixed costs.
_STYLES = {
    "gross_sales": "green",
    "refunds": "yellow",
    "referral_fees": "yellow",
    "fba_fees": "yellow",
    "storage_fees": "yellow",
    "other_amazon_fees": "yellow",
    "advertising": "magenta",
    "promotions": "magenta",
    "cogs": "blue",
    "inbound_freight": "blue",
    "tools": "cyan",
    "labour": "cyan",
    "other_fixed": "cyan",
    "reimbursements": "green",
    "shipping_credits": "green",
    "gift_wrap_credits": "green",
    "taxes": "dim",
    "total_costs": "red",
}
MIN_BAR = 8  # narrower than this, the waterfall has no bars


def waterfall(
    total: LinesRow,
    currency: str | None,
    width: int,
    *,
    title: str = "",
    notes: Sequence[str] = (),
    zero: bool = True,
) -> Any:
    """A rich renderable: each line with its amount, its share of gross sales and a bar; costs hang
    from where the previous line ended, so the bars step down from gross sales to net profit.
    `zero`: end with the note naming the lines left out at 0 (off when a table above has it)."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    lines = total.lines
    shown, hidden = shown_lines([total])
    flow = [name for name in shown if name not in {"total_costs", "net_profit", "taxes"}]
    gross = lines.get("gross_sales")
    # Cumulative position of each line's bar: (start, end) in money.
    spans: dict[str, tuple[Decimal, Decimal]] = {}
    level = Decimal(0)
    for name in flow:
        value = lines.get(name)
        if value is None:
            continue
        step = signed(name, value)
        spans[name] = (level, level + step)
        level += step
    profit = lines.get("net_profit")
    costs = lines.get("total_costs")
    if profit is not None:
        spans["net_profit"] = (Decimal(0), Decimal(profit))
        if costs is not None:
            spans["total_costs"] = (Decimal(profit), Decimal(profit) + Decimal(costs))
    points = [Decimal(0), *(p for span in spans.values() for p in span)]
    low, high = min(points), max(points)

    rows = [(LABELS[name], cell(name, lines.get(name), currency), share(name, lines.get(name), gross), name)
            for name in shown]  # fmt: skip
    label_w = max(len(r[0]) for r in rows)
    amount_w = max(len("amount"), *(len(r[1]) for r in rows))
    share_w = max(len("of gross sales"), *(len(r[2]) for r in rows))
    bar_w = width - label_w - amount_w - share_w - 6
    bars = bar_w >= MIN_BAR and high > low

    def bar(name: str) -> Text:
        text = Text()
        if not bars or name not in spans:
            return text
        start, end = sorted(spans[name])
        scale = Decimal(bar_w) / (high - low)
        first = int(((start - low) * scale).to_integral_value())
        last = int(((end - low) * scale).to_integral_value())
        if end == start:
            return text
        style = _STYLES.get(name, "green")
        if name == "net_profit" and spans[name][1] < 0:
            style = "red"
        if last <= first:  # too small for a whole character: a sliver where it is
            text.append(" " * min(first, bar_w - 1))
            text.append("▏", style=style)
            return text
        text.append(" " * first)
        text.append("█" * (last - first), style=style)
        return text

    out: list[Any] = []
    if title:
        out.append(Text(title, style="bold"))
    header = Text(f"{'line':<{label_w}}  {'amount':>{amount_w}}  {'of gross sales':>{share_w}}", style="bold")
    out.append(header)
    for text, amount, part, name in rows:
        if name == "total_costs":
            out.append(
                Text("─" * min(width, label_w + amount_w + share_w + 4 + (bar_w if bars else 0)), style="dim")
            )
        line = Text(f"{text:<{label_w}}  {amount:>{amount_w}}  {part:>{share_w}}  ",
                    style="bold" if name in {"net_profit", "gross_sales"} else "")  # fmt: skip
        line.append_text(bar(name))
        line.rstrip()
        out.append(line)
    extra = list(notes)
    if hidden and zero:
        extra.append(zero_note(hidden))
    for note in extra:
        out.append(Padding(Text(note, style="dim"), (0, 0, 0, 2)))
    return Group(*out)


__all__ = ["MIN_BAR", "waterfall"]
