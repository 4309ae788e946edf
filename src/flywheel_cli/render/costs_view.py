"""The cost breakdown for people, shared by `flywheel plan` and `flywheel costs`.

Input: rows that have a `scope` (`{"sku": "A"}`, `{"scenario": "base"}`, `{"sku": None}` for the
unallocated row, `{}` for the total) and `lines` (the dict `economics.lines.lines_from_parts` returns:
every name of `LINES`, money as Decimal with costs as positive amounts, `None` where unknown).

Output, through `costs_view(...)`:

- `plain` / `markdown`: a table with the lines down the side, one column per row, the total and each
  line's share of gross sales;
- `table` (rich, on a terminal): the same table when there are rows, then a waterfall of the total:
  one horizontal bar per line, each cost hanging from where the previous one ended, down to net
  profit; fits the terminal width (80 columns and up);
- `svg` / `html`: that rich screen recorded (`Console(record=True)`) and exported, for reports and
  slides (`--format svg --output costs.svg`).

People see costs as negative amounts (money leaving) and income as positive; JSON keeps the
contract's positive cost amounts. Cost lines that are 0 in every row are left out of the human views
(a note says which); `None` shows as `—`.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from flywheel_cli.economics.lines import COST_LINES, LINES
from flywheel_cli.render.document import Document
from flywheel_cli.render.formats import Format
from flywheel_cli.render.human import Column, HumanTable, console, print_tables
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
_NEGATIVE = frozenset({*COST_LINES, "total_costs"})
MIN_BAR = 8  # narrower than this, the waterfall has no bars
EXPORT_WIDTH = 100  # columns of the svg/html screen


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


def _zero_note(hidden: Sequence[str]) -> str:
    return "at 0, not shown: " + ", ".join(LABELS[name] for name in hidden)


def _cell(name: str, value: Any, currency: str | None, places: int = 2) -> str:
    return money(signed(name, value), currency, places)


def _share(name: str, value: Any, gross: Any) -> str:
    if value is None or not gross:
        return NONE
    amount = Decimal(value) if name == "net_profit" else abs(Decimal(value))
    return percent(amount / Decimal(gross))


def _unallocated(row: LinesRow) -> bool:
    return bool(row.scope) and next(iter(row.scope.values())) is None


def _chosen(rows: Sequence[LinesRow], limit: int) -> list[LinesRow]:
    """At most `limit` rows: the unallocated row always, then the largest by gross sales; in the
    original order."""
    if len(rows) <= limit:
        return list(rows)
    ranked = sorted(
        range(len(rows)), key=lambda i: (not _unallocated(rows[i]), -(rows[i].lines.get("gross_sales") or 0))
    )
    return [rows[i] for i in sorted(ranked[: max(limit, 1)])]


def breakdown_table(
    total: LinesRow,
    currency: str | None,
    *,
    rows: Sequence[LinesRow] = (),
    title: str = "Costs",
    notes: Sequence[str] = (),
    max_rows: int = 8,
    places: int = 2,
) -> HumanTable:
    """Lines down the side; one column per row (at most `max_rows`, the largest by gross sales), the
    total, and the total's share of gross sales (net profit's share is the net margin)."""
    chosen = _chosen(rows, max_rows)
    shown, hidden = shown_lines([*rows, total])
    gross = total.lines.get("gross_sales")
    body = []
    for name in shown:
        cells = [_cell(name, row.lines.get(name), currency, places) for row in chosen]
        value = total.lines.get(name)
        body.append([LABELS[name], *cells, _cell(name, value, currency, places), _share(name, value, gross)])
    extra = list(notes)
    if len(rows) > len(chosen):
        more = len(rows) - len(chosen)
        extra.append(f"{more} more row{'s' if more > 1 else ''} not shown; --format json or csv has them all")
    if hidden:
        extra.append(_zero_note(hidden))
    columns = [
        Column("line", keep=True),
        *(Column(label(row), "right") for row in chosen),
        Column("total" if rows else "amount", "right"),
        Column("% of sales", "right"),
    ]
    return HumanTable(title=title, columns=columns, rows=body, notes=extra)


def waterfall(
    total: LinesRow, currency: str | None, width: int, *, title: str = "", notes: Sequence[str] = ()
) -> Any:
    """A rich renderable: each line with its amount, its share of gross sales and a bar; costs hang
    from where the previous line ended, so the bars step down from gross sales to net profit."""
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

    rows = [(LABELS[name], _cell(name, lines.get(name), currency), _share(name, lines.get(name), gross), name)
            for name in shown]  # fmt: skip
    label_w = max(len(r[0]) for r in rows)
    amount_w = max(len("amount"), *(len(r[1]) for r in rows))
    share_w = max(len("of sales"), *(len(r[2]) for r in rows))
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
    header = Text(f"{'line':<{label_w}}  {'amount':>{amount_w}}  {'of sales':>{share_w}}", style="bold")
    out.append(header)
    for text, amount, share, name in rows:
        if name == "total_costs":
            out.append(
                Text("─" * min(width, label_w + amount_w + share_w + 4 + (bar_w if bars else 0)), style="dim")
            )
        line = Text(f"{text:<{label_w}}  {amount:>{amount_w}}  {share:>{share_w}}  ",
                    style="bold" if name in {"net_profit", "gross_sales"} else "")  # fmt: skip
        line.append_text(bar(name))
        line.rstrip()
        out.append(line)
    extra = list(notes)
    if hidden:
        extra.append(_zero_note(hidden))
    for note in extra:
        out.append(Padding(Text(note, style="dim"), (0, 0, 0, 2)))
    return Group(*out)


@dataclass(frozen=True, slots=True)
class CostsView:
    """What `costs_view` builds: the tables for plain/markdown, and the rich/svg/html screens."""

    tables: list[HumanTable]
    extra: dict[Format, Callable[[], str]] = field(default_factory=dict)

    def document(
        self,
        schema: str,
        body: dict[str, Any],
        records: list[dict[str, Any]],
        csv_columns: list[str] | None = None,
    ) -> Document:
        return Document(schema, body, records, self.tables, csv_columns, dict(self.extra))


def costs_view(
    total: LinesRow,
    currency: str | None,
    *,
    rows: Sequence[LinesRow] = (),
    title: str = "Costs",
    notes: Sequence[str] = (),
    before: Sequence[HumanTable] = (),
    after: Sequence[HumanTable] = (),
    max_rows: int = 8,
    export_title: str = "flywheel",
) -> CostsView:
    """The breakdown of `total` (and of each of `rows`, when given) in every human format.

    - `rows`: per-SKU/category/month rows, the `unallocated` row among them (scope value None);
      empty for a single breakdown (`flywheel plan`). `total`: the row the waterfall shows.
    - `title`: of the breakdown; `notes`: lines printed under it (period, allocation, warnings …).
    - `before` / `after`: the command's own tables, printed before / after the breakdown in every
      human format (plan: assumptions before, what-if table after).
    - `max_rows`: row columns in plain/markdown: the unallocated row always, then the largest by
      gross sales, in the order given; a note counts the rest. On a terminal, as many as fit the
      width, in whole currency units below 120 columns.
    - `export_title`: the window title of the SVG.

    Returns a `CostsView`: `.tables` for plain/markdown, `.extra` renders `table`, `svg` and `html`;
    `.document(schema, body, records, csv_columns)` makes the command's Document (JSON, NDJSON and
    CSV come from `body` and `records`, as for every command). Add `Format.SVG` and `Format.HTML`
    to the command's formats. Usage (`flywheel costs`):

        view = costs_view(result.total, currency, rows=result.rows, title="Costs by sku", notes=notes)
        return view.document(result.schema, result.body(), result.to_records())
    """
    plain_tables = [
        *before,
        breakdown_table(total, currency, rows=rows, title=title, notes=notes, max_rows=max_rows),
        *after,
    ]

    def screen(width: int) -> list[Any]:
        items: list[Any] = list(before)
        heading = title
        if rows:
            fitted = _fit(total, rows, currency, width)
            items.append(breakdown_table(total, currency, rows=rows, title=title, notes=notes, max_rows=fitted,
                                         places=0 if width < 120 else 2))  # fmt: skip
            heading = f"{title}: total, where the money went"
            items.append(waterfall(total, currency, width, title=heading))
        else:
            items.append(waterfall(total, currency, width, title=heading, notes=notes))
        items.extend(after)
        return items

    def terminal() -> str:
        color = sys.stdout.isatty()
        buffer = io.StringIO()
        out = console(buffer, None, color)
        _print(out, screen(out.width))
        return buffer.getvalue()

    def export(fmt: Format) -> str:
        out = console(io.StringIO(), EXPORT_WIDTH, record=True)
        _print(out, screen(EXPORT_WIDTH))
        if fmt is Format.SVG:
            return str(out.export_svg(title=export_title))
        return str(out.export_html(inline_styles=True))

    extra: dict[Format, Callable[[], str]] = {
        Format.TABLE: terminal,
        Format.SVG: lambda: export(Format.SVG),
        Format.HTML: lambda: export(Format.HTML),
    }
    return CostsView(plain_tables, extra)


def _print(out: Any, items: list[Any]) -> None:
    for position, item in enumerate(items):
        if position:
            out.print()
        if isinstance(item, HumanTable):
            print_tables(out, [item])
        else:
            out.print(item, overflow="crop", no_wrap=False)


def _fit(total: LinesRow, rows: Sequence[LinesRow], currency: str | None, width: int) -> int:
    """How many row columns fit `width` (rich puts two spaces between columns; whole-currency amounts
    below 120 columns)."""
    places = 0 if width < 120 else 2
    shown, _ = shown_lines([*rows, total])

    def col_width(row: LinesRow, header: str) -> int:
        return max(len(header), *(len(_cell(n, row.lines.get(n), currency, places)) for n in shown))

    used = max(len(LABELS[n]) for n in shown) + 2 + col_width(total, "total") + 2 + len("% of sales")
    count = 0
    for row in sorted(rows, key=lambda r: (not _unallocated(r), -(r.lines.get("gross_sales") or 0))):
        used += col_width(row, label(row)) + 2
        if used > width:
            break
        count += 1
    return max(count, 1)


__all__ = ["CostsView", "LinesRow", "breakdown_table", "costs_view", "label", "waterfall"]
