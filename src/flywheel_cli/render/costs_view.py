"""The cost breakdown for people, shared by `flywheel plan` and `flywheel costs`.

Input: rows that have a `scope` (`{"sku": "A"}`, `{"scenario": "base"}`, `{"sku": None}` for the
unallocated row, `{}` for the total) and `lines` (the dict `economics.lines.lines_from_parts` returns:
every name of `LINES`, money as Decimal with costs as positive amounts, `None` where unknown).

Output, through `costs_view(...)`:

- with rows (`costs --by sku|month|category`): a table with one ROW per SKU (month, category), a
  column per line, then net margin, and the total as its last row (`rows_table`). `plain` and
  `markdown` have every row and every column; on a terminal the lines that do not fit the width are
  left out, the smallest first, and a note names them; gross sales, total costs, net profit and net
  margin always stay (docs/decisions.md, "Screens at any width"). Then the total's breakdown: a
  table of lines down the side in `plain`/`markdown`, the waterfall on a terminal;
- without rows (`flywheel plan`): the total's breakdown only;
- the waterfall (`waterfall.py`): one horizontal bar per line, each cost hanging from where the
  previous one ended, down to net profit; fits the terminal width;
- `svg` / `html`: the terminal screen recorded (`Console(record=True)`) and exported, for reports
  and slides, at least `EXPORT_WIDTH` columns and as wide as every column needs (never cut).

People see costs as negative amounts (money leaving) and income as positive; JSON keeps the
contract's positive cost amounts. Cost lines that are 0 in every row are left out of the human views
(a note says which), and so is an unallocated row that is 0 on every line; `None` shows as `—`.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from flywheel_cli.economics.lines import LINES
from flywheel_cli.render.costs_lines import (
    LABELS,
    LinesRow,
    cell,
    label,
    share,
    shown_lines,
    unallocated,
    zero_note,
)
from flywheel_cli.render.document import Document
from flywheel_cli.render.fit import natural_width, total_width
from flywheel_cli.render.formats import Format
from flywheel_cli.render.human import Column, HumanTable, console, print_tables
from flywheel_cli.render.numbers import percent
from flywheel_cli.render.svg_export import export_svg
from flywheel_cli.render.waterfall import waterfall

EXPORT_WIDTH = 100  # columns of the svg/html screen, at least
ESSENTIAL = frozenset({"gross_sales", "total_costs", "net_profit"})  # never left out of a narrow screen


def breakdown_table(
    total: LinesRow,
    currency: str | None,
    *,
    rows: Sequence[LinesRow] = (),
    title: str = "Costs",
    notes: Sequence[str] = (),
    zero: bool = True,
) -> HumanTable:
    """The total's lines down the side: amount and share of gross sales (net profit's share is the
    net margin). `rows`: only to choose the lines (those not 0 in every row); `zero`: add the note
    naming the lines left out at 0."""
    shown, hidden = shown_lines([*rows, total])
    gross = total.lines.get("gross_sales")
    body = [[LABELS[name], cell(name, total.lines.get(name), currency), share(name, total.lines.get(name), gross)]
            for name in shown]  # fmt: skip
    extra = [*notes, zero_note(hidden)] if hidden and zero else list(notes)
    columns = [Column("line", keep=True), Column("amount", "right"), Column("% of gross sales", "right")]
    return HumanTable(title=title, columns=columns, rows=body, notes=extra)


def _quiet(row: LinesRow) -> bool:
    """The unallocated row with nothing in it: 0 on every line."""
    return unallocated(row) and all(row.lines.get(name) == 0 for name in LINES if name != "net_margin")


def rows_table(
    total: LinesRow, rows: Sequence[LinesRow], currency: str | None, *, title: str, notes: Sequence[str] = ()
) -> HumanTable:
    """One row per SKU (month, category …) and the total as the last row; a column per line, then
    net margin. On a narrow screen the lines other than gross sales, total costs and net profit are
    left out, the smallest in the total first."""
    shown, hidden = shown_lines([*rows, total])
    listed = [row for row in rows if not _quiet(row)]
    optional = sorted((name for name in shown if name not in ESSENTIAL),
                      key=lambda name: abs(Decimal(total.lines.get(name) or 0)))  # fmt: skip
    drop = {name: len(optional) - rank for rank, name in enumerate(optional)}
    grain = next(iter(rows[0].scope), "row") if rows else "row"

    def cells(row: LinesRow) -> list[str]:
        amounts = [cell(name, row.lines.get(name), currency) for name in shown]
        return [*amounts, percent(row.lines.get("net_margin"))]

    extra = list(notes)
    if hidden:
        extra.append(zero_note(hidden))
    if len(listed) < len(rows):
        extra.append("unallocated: 0 on every line, not shown")
    return HumanTable(
        title=title,
        columns=[
            Column(grain, keep=True),
            *(Column(LABELS[name], "right", drop=drop.get(name, 0)) for name in shown),
            Column(LABELS["net_margin"], "right"),
        ],
        rows=[[label(row), *cells(row)] for row in listed],
        footer=["total", *cells(total)],
        notes=extra,
    )


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
    export_title: str = "flywheel",
) -> CostsView:
    """The breakdown of `total` (and of each of `rows`, when given) in every human format.

    - `rows`: per-SKU/category/month rows, the `unallocated` row among them (scope value None);
      empty for a single breakdown (`flywheel plan`). `total`: the row the waterfall shows.
    - `title`: of the breakdown; `notes`: lines printed under it (period, allocation, warnings …).
    - `before` / `after`: the command's own tables, printed before / after the breakdown in every
      human format (plan: assumptions before, what-if table after).
    - `export_title`: the window title of the SVG.

    Returns a `CostsView`: `.tables` for plain/markdown, `.extra` renders `table`, `svg` and `html`;
    `.document(schema, body, records, csv_columns)` makes the command's Document (JSON, NDJSON and
    CSV come from `body` and `records`, as for every command). Add `Format.SVG` and `Format.HTML`
    to the command's formats. Usage (`flywheel costs`):

        view = costs_view(result.total, currency, rows=result.rows, title="Costs by sku", notes=notes)
        return view.document(result.schema, result.body(), result.to_records())
    """
    heading = f"{title}: total, where the money went"
    first = rows_table(total, rows, currency, title=title, notes=notes) if rows else None
    if first is not None:
        breakdown = breakdown_table(total, currency, rows=rows, title=heading, zero=False)
        plain_tables = [*before, first, breakdown, *after]
    else:
        plain_tables = [*before, breakdown_table(total, currency, title=title, notes=notes), *after]

    def screen(width: int) -> list[Any]:
        items: list[Any] = list(before)
        if first is not None:
            items += [first, waterfall(total, currency, width, title=heading, zero=False)]
        else:
            items.append(waterfall(total, currency, width, title=title, notes=notes))
        items.extend(after)
        return items

    def terminal() -> str:
        color = sys.stdout.isatty()
        buffer = io.StringIO()
        out = console(buffer, None, color)
        _print(out, screen(out.width))
        return buffer.getvalue()

    def export(fmt: Format) -> str:
        # A file is never cut to a screen: as wide as the widest table needs.
        width = max(EXPORT_WIDTH, *(_natural(table) for table in plain_tables))
        out = console(io.StringIO(), width, record=True)
        _print(out, screen(width))
        if fmt is Format.SVG:
            return export_svg(out, export_title)  # no web font: nothing leaves the machine
        return str(out.export_html(inline_styles=True))

    extra: dict[Format, Callable[[], str]] = {
        Format.TABLE: terminal,
        Format.SVG: lambda: export(Format.SVG),
        Format.HTML: lambda: export(Format.HTML),
    }
    return CostsView(plain_tables, extra)


def _natural(table: HumanTable) -> int:
    return total_width(natural_width(table, index) for index in range(len(table.columns)))


def _print(out: Any, items: list[Any]) -> None:
    for position, item in enumerate(items):
        if position:
            out.print()
        if isinstance(item, HumanTable):
            print_tables(out, [item])
        else:
            out.print(item, overflow="crop", no_wrap=False)


__all__ = [
    "LABELS",
    "CostsView",
    "LinesRow",
    "breakdown_table",
    "costs_view",
    "label",
    "rows_table",
    "waterfall",
]
