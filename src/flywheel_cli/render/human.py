"""Tables for people: rich on a terminal (`table`), tabulate for `plain` and `markdown`."""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    align: str = "left"  # left | right
    keep: bool = False  # never wrap or shorten (identifiers such as SKUs)


@dataclass(frozen=True, slots=True)
class HumanTable:
    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[str]]
    notes: Sequence[str] = field(default=())
    footer: Sequence[str] | None = None  # a totals row
    show_header: bool = True


def plain(tables: Sequence[HumanTable], markdown: bool = False) -> str:
    from tabulate import tabulate

    out: list[str] = []
    for table in tables:
        rows = [list(row) for row in table.rows]
        if table.footer is not None:
            rows.append(list(table.footer))
        text = tabulate(
            rows,
            # Markdown needs a header row; a headerless table gets an empty one there.
            headers=[c.header for c in table.columns] if table.show_header or markdown else (),
            tablefmt="github" if markdown else "simple",
            colalign=[c.align for c in table.columns],
            disable_numparse=True,
        )
        title = f"## {table.title}" if markdown else table.title
        out.append(f"{title}\n\n{text}" if table.title else text)
        out.extend(("- " if markdown else "  ") + note for note in table.notes)
    return "\n\n".join(out) + "\n"


def rich_text(tables: Sequence[HumanTable], width: int | None = None, color: bool = False) -> str:
    buffer = io.StringIO()
    out = console(buffer, width, color)
    print_tables(out, tables)
    return buffer.getvalue()


def console(file: io.StringIO, width: int | None = None, color: bool = False, record: bool = False) -> Any:
    """A rich Console writing to `file`: `NO_COLOR` honoured; `record=True` keeps colours for export."""
    from rich.console import Console

    colored = record or (color and not os.environ.get("NO_COLOR"))
    return Console(
        file=file,
        width=width or _terminal_width(color),
        force_terminal=colored,
        no_color=not colored,
        color_system=("truecolor" if record else "standard") if colored else None,
        highlight=False,
        record=record,
    )


def rich_table(table: HumanTable) -> Any:
    """A HumanTable as a rich Table (the `table` format's style)."""
    from rich import box
    from rich.table import Table

    grid = Table(title=table.title or None, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
                 show_footer=table.footer is not None, header_style="bold", show_header=table.show_header,
                 show_edge=False, collapse_padding=True, pad_edge=False)  # fmt: skip
    for position, column in enumerate(table.columns):
        footer = table.footer[position] if table.footer is not None else ""
        grid.add_column(column.header, justify="right" if column.align == "right" else "left", footer=footer)
    for row in table.rows:
        grid.add_row(*row)
    return grid


def print_tables(out: Any, tables: Sequence[HumanTable]) -> None:
    """Print tables (each followed by its dim notes) on a rich Console, a blank line between them."""
    for position, table in enumerate(tables):
        if position:
            out.print()
        out.print(rich_table(table))
        for note in table.notes:
            out.print(f"  [dim]{note}[/dim]", highlight=False)


def _terminal_width(on_terminal: bool) -> int:
    """The terminal's width; written to a file or pipe, wide enough that nothing is folded."""
    if not on_terminal:
        return int(os.environ.get("COLUMNS", "160"))
    try:
        return max(60, os.get_terminal_size().columns)
    except OSError:
        return 100
