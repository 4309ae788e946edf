"""Fitting a table to the terminal's width without cutting a value (docs/decisions.md, "Screens at
any width").

A column is *whole* or *wrapping*. Whole columns (identifiers, `keep=True`; numbers and money,
right-aligned) are never shortened: each cell is shown in full on one line; only their header may
wrap at its spaces. Wrapping columns (titles, messages) wrap at spaces, down to the column's
`min_width` and never below their longest word. A table wider than the screen:

1. wraps its text columns, the widest first;
2. then leaves out columns, the highest `drop` first (`drop=0`: never), and `layout` names them so
   the screen can say which (`plain`, `markdown` and the machine formats keep every column);
3. when even the columns that are never left out do not fit, or a table of one row would lose a
   column, it is printed `stacked`: one block per row, every value on its own line.

`shorten_paths` writes a `path=True` column relative to the folder its files share, and says so.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flywheel_cli.render.human import HumanTable

GAP = 2  # rich's space between two columns (SIMPLE_HEAD box, collapsed padding, no edges)
WRAP_MIN = 20  # a wrapping column is not narrowed below this (or its longest word) before columns go


@dataclass(frozen=True, slots=True)
class Layout:
    """How a table fits the screen: the columns shown and their widths, those left out, or stacked."""

    shown: tuple[int, ...]  # indexes of the columns shown, in order
    widths: tuple[int, ...]  # the width of each shown column
    dropped: tuple[int, ...] = ()  # indexes of the columns left out
    stacked: bool = False  # one block per row instead of a table


def _length(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def _texts(table: HumanTable, index: int) -> list[str]:
    from flywheel_cli.render.human import visible

    cells = [row[index] for row in table.rows]
    if table.footer is not None:
        cells.append(table.footer[index])
    return [visible(str(cell)) for cell in cells]


def _longest(texts: Iterable[str], words: bool = False) -> int:
    parts = (
        part for text in texts for line in text.split("\n") for part in (line.split() if words else [line])
    )
    return max((_length(part) for part in parts), default=0)


def natural_width(table: HumanTable, index: int) -> int:
    """The width the column takes when nothing wraps: its longest cell or header line."""
    header = table.columns[index].header if table.show_header else ""
    return max(_longest(_texts(table, index)), _longest([header]), 1)


def minimum_width(table: HumanTable, index: int) -> int:
    """The narrowest the column may get: a whole column's longest cell (its header may wrap at
    spaces); a wrapping column's `min_width` (or `WRAP_MIN`), never below its longest word."""
    column = table.columns[index]
    header = [column.header] if table.show_header else []
    texts = _texts(table, index)
    if whole(column):
        return max(_longest(texts), _longest(header, words=True), 1)
    comfortable = min(natural_width(table, index), column.min_width or WRAP_MIN)
    return max(_longest([*texts, *header], words=True), comfortable, 1)


def whole(column: Any) -> bool:
    return bool(column.keep or column.align == "right")


def total_width(widths: Iterable[int]) -> int:
    values = list(widths)
    return sum(values) + GAP * max(len(values) - 1, 0)


def layout(table: HumanTable, width: int) -> Layout:
    """Which columns to show at `width`, and how wide; or `stacked` when the table cannot fit."""
    count = len(table.columns)
    naturals = [natural_width(table, i) for i in range(count)]
    minimums = [min(minimum_width(table, i), naturals[i]) for i in range(count)]
    shown = list(range(count))
    order = sorted((i for i in shown if table.columns[i].drop), key=lambda i: (-table.columns[i].drop, -i))
    dropped: list[int] = []
    while total_width(minimums[i] for i in shown) > width and order:
        index = order.pop(0)
        shown.remove(index)
        dropped.append(index)
    single = len(table.rows) + (table.footer is not None) <= 1  # one block shows every column
    if total_width(minimums[i] for i in shown) > width or (dropped and single):
        return Layout(tuple(range(count)), tuple(naturals), stacked=True)
    widths = {i: naturals[i] for i in shown}
    excess = total_width(widths.values()) - width
    while excess > 0:
        widest = max((i for i in shown if widths[i] > minimums[i]), key=lambda i: widths[i] - minimums[i])
        widths[widest] -= 1
        excess -= 1
    return Layout(tuple(shown), tuple(widths[i] for i in shown), tuple(sorted(dropped)))


def dropped_note(table: HumanTable, dropped: Sequence[int], width: int) -> str:
    names = ", ".join(table.columns[i].header for i in dropped)
    many = "s" if len(dropped) > 1 else ""
    return f"+{len(dropped)} column{many} left out to fit {width} columns ({names}): --format plain or markdown shows every column"


def shorten_paths(table: HumanTable) -> HumanTable:
    """`path=True` columns written relative to the folder all their files are in, with a note that
    names it; the table as it is when the paths share no folder."""
    columns = [i for i, column in enumerate(table.columns) if column.path]
    rows = [list(row) for row in table.rows]
    folders = []
    for index in columns:
        paths = [str(row[index]) for row in rows]
        try:
            folder = os.path.commonpath([os.path.dirname(path) for path in paths]) if paths else ""
        except ValueError:  # absolute and relative paths mixed
            folder = ""
        if not folder or any(not path.startswith(folder + os.sep) for path in paths):
            continue
        for row in rows:
            row[index] = str(row[index])[len(folder) + len(os.sep) :]
        folders.append(f"{table.columns[index].header}: paths relative to {folder}{os.sep}")
    if not folders:
        return table
    return replace(table, rows=rows, notes=[*folders, *table.notes])


__all__ = [
    "Layout",
    "dropped_note",
    "layout",
    "minimum_width",
    "natural_width",
    "shorten_paths",
    "total_width",
]
