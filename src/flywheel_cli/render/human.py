"""Tables for people: rich on a terminal (`table`), tabulate for `plain` and `markdown`.

Data is never markup and never a terminal command: every cell, header, title and note reaches rich as
plain `Text` (a SKU `[bold]X[/bold]` is shown as written; `[link=…]` makes no link in `--format html`),
and control characters — an escape sequence in a SKU or a file name could clear the screen or
overwrite a finding — are shown as `\x1b`-style escapes (`visible`).
"""

from __future__ import annotations

import functools
import io
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table for people: its header, alignment, and how it may wrap or be left out."""

    header: str
    align: str = "left"  # left | right
    keep: bool = False  # never wrap or shorten (identifiers such as SKUs)
    drop: int = 0  # on a narrow screen, left out before columns with a lower number (0: never)
    min_width: int | None = None  # a text column wraps down to this before columns are left out
    path: bool = False  # on screen, written relative to the folder the column's files share


@dataclass(frozen=True, slots=True)
class HumanTable:
    """A table for people: a title, columns, rows of text, notes below it and, optionally, a totals row."""

    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[str]]
    notes: Sequence[str] = field(default=())
    footer: Sequence[str] | None = None  # a totals row
    show_header: bool = True


@functools.cache
def _control() -> re.Pattern[str]:
    """Made on first use (a class of non-ASCII ranges takes ~1 ms to compile; JSON output needs none)."""
    return re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def visible(text: str) -> str:
    """`text` with its control characters (ESC, CR, BEL, C1 …) written out as escapes; tabs and line
    feeds are kept."""
    return _control().sub(lambda found: f"\\x{ord(found[0]):02x}" if ord(found[0]) < 0x100 else
                        f"\\u{ord(found[0]):04x}", text)  # fmt: skip


def _markdown_cell(text: str) -> str:
    """A cell that cannot end its markdown table cell early (`|`) or start a new row (a line feed)."""
    return visible(text).replace("|", "\\|").replace("\n", "<br>")


def plain(tables: Sequence[HumanTable], markdown: bool = False) -> str:
    from tabulate import tabulate

    cell = _markdown_cell if markdown else visible
    out: list[str] = []
    for table in tables:
        rows = [[cell(str(value)) for value in row] for row in table.rows]
        if table.footer is not None:
            rows.append([cell(str(value)) for value in table.footer])
        text = tabulate(
            rows,
            # Markdown needs a header row; a headerless table gets an empty one there.
            headers=[cell(c.header) for c in table.columns] if table.show_header or markdown else (),
            tablefmt="github" if markdown else "simple",
            colalign=[c.align for c in table.columns],
            disable_numparse=True,
        )
        title = f"## {cell(table.title)}" if markdown else visible(table.title)
        out.append(f"{title}\n\n{text}" if table.title else text)
        out.extend(("- " if markdown else "  ") + cell(note) for note in table.notes)
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


def rich_table(table: HumanTable, width: int | None = None) -> Any:
    """A HumanTable as a rich Table (the `table` format's style). With `width`, fitted to it
    (`fit.layout`): text wraps, low-priority columns are left out (`screen` says which), or one
    block per row when even the essential columns do not fit; no value is ever cut."""
    return screen(table, width)[0]


def screen(table: HumanTable, width: int | None = None) -> tuple[Any, list[str]]:
    """(the renderable, the notes to print under it) for `table` on a screen `width` wide."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from flywheel_cli.render.fit import Layout, dropped_note, layout, natural_width, shorten_paths

    if width is not None:
        table = shorten_paths(table)
    every = range(len(table.columns))
    fitted = layout(table, width) if width is not None else Layout(tuple(every), tuple(
        natural_width(table, i) for i in every))  # fmt: skip
    notes = list(table.notes)
    if fitted.dropped:
        notes.insert(0, dropped_note(table, fitted.dropped, width or 0))
    if fitted.stacked:
        return stacked(table, width or 80), notes
    grid = Table(title=Text(visible(table.title)) if table.title else None, title_justify="left",
                 title_style="bold", box=box.SIMPLE_HEAD,
                 show_footer=table.footer is not None, header_style="bold", show_header=table.show_header,
                 show_edge=False, collapse_padding=True, pad_edge=False)  # fmt: skip
    for index, size in zip(fitted.shown, fitted.widths, strict=True):
        column = table.columns[index]
        footer = Text(visible(str(table.footer[index]))) if table.footer is not None else Text("")
        grid.add_column(Text(visible(column.header)), justify="right" if column.align == "right" else "left",
                        footer=footer, width=size if width is not None else None,
                        overflow="fold", no_wrap=False)  # fmt: skip
    for row in table.rows:
        grid.add_row(*(_cell(row[index]) for index in fitted.shown))
    return grid, notes


def _cell(value: Any) -> Any:
    from rich.text import Text

    return Text(visible(str(value)), style=status_style(str(value)))


def stacked(table: HumanTable, width: int) -> Any:
    """One block per row (the totals row last): its first cell (the first two when the first column
    has no header, as a finding's mark and rule) in bold, then each other column as `header  value`;
    values wrap within `width`."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    lead = 2 if len(table.columns) > 1 and not table.columns[0].header else 1
    headers = [visible(column.header) for column in table.columns]
    label_width = max((len(header) for header in headers[lead:]), default=0)
    blocks: list[Any] = [Text(visible(table.title), style="bold")] if table.title else []
    for row in [*table.rows, *([table.footer] if table.footer is not None else [])]:
        if len(blocks) > (1 if table.title else 0):
            blocks.append(Text(""))
        title = Text("  ".join(visible(str(cell)) for cell in row[:lead]), style="bold")
        title.stylize(status_style(str(row[0])), 0, len(visible(str(row[0]))))
        blocks.append(title)
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True, width=label_width)
        grid.add_column(overflow="fold", max_width=max(width - label_width - 4, 10))
        for header, cell in zip(headers[lead:], row[lead:], strict=True):
            if str(cell):
                grid.add_row(Text(header, style="dim"), _cell(cell))
        blocks.append(Padding(grid, (0, 0, 0, 2), expand=False))
    return Group(*blocks)


def status_style(cell: str) -> str:
    """A status cell's colour on a colour terminal (the ✗/!/✓ marks stay for NO_COLOR and pipes):
    errors red, warnings yellow, passes green; a value marked `9.1% ✗` takes its mark's colour."""
    if cell.startswith("✗") or cell.endswith(" ✗"):
        return "red"
    if cell.startswith("! ") or cell.endswith(" !"):
        return "yellow"
    if cell.startswith("✓"):
        return "green"
    return ""


def print_tables(out: Any, tables: Sequence[HumanTable]) -> None:
    """Print tables (each followed by its dim notes) on a rich Console, a blank line between them."""
    from rich.padding import Padding
    from rich.text import Text

    for position, table in enumerate(tables):
        if position:
            out.print()
        renderable, notes = screen(table, out.width)
        out.print(renderable)
        for note in notes:  # wrapped lines indented under the note's first
            out.print(Padding(Text(visible(note), style="dim"), (0, 0, 0, 2), expand=False), highlight=False)


def _terminal_width(on_terminal: bool) -> int:
    """The terminal's width; written to a file or pipe, wide enough that nothing is folded."""
    if not on_terminal:
        return int(os.environ.get("COLUMNS", "160"))
    try:
        return max(60, os.get_terminal_size().columns)
    except OSError:
        return 100
