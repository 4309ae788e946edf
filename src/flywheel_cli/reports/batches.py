"""Chosen cells of a table's rows, a batch at a time, for folds that read millions of rows.

A large Payments report is a million rows; a fold that needs a dozen of its 32 columns should spend
its time adding, not splitting lines. This module makes that reading cheap without giving up
exactness:

- A block of whole lines (about `BLOCK_CHARS` characters) is matched by one regular expression built
  from the header: a row is `width` fields, every field quoted (`"…","…"`, as Seller Central writes
  Payments reports; a quote inside is doubled, `12"" bulb`) or none (`…<TAB>…`, no quote inside). The
  expression captures only the chosen columns, so the work per row happens in C and a row costs a
  handful of strings.
- The block counts only if every line of it is exactly one such row (as many matches as lines, no row
  of empty cells, which the csv module path skips, and no lone CR, which the file reader counts as a
  line end). Under those conditions each captured cell is what the csv module would return, as the
  file writes it: a field without quotes cannot hide a delimiter, a quote or a newline, and in a
  quoted field every quote is doubled (`unquote` undoes that).
- Otherwise — a multi-line field, a blank line, a short row, mixed quoting — that block and everything
  after it is read by the csv module, row by row, with the same checks as every other report (blank
  rows skipped, short rows padded or refused, errors located); its cells are given with their quotes
  doubled, as the fast path gives them.
  tests/test_batches.py compares both paths with the csv module on generated files of every kind.

Rows from both paths have the same shape — (the prefix, then each chosen cell in file order) — so a
fold cannot tell them apart, and both give each row's line, for error messages.
"""

from __future__ import annotations

import csv
import io
import itertools
import operator
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO

from flywheel_cli.reports.reader import Report
from flywheel_cli.reports.rows import Tail, checked_rows, csv_rows, decoding_error

BLOCK_CHARS = 1 << 18
BATCH_ROWS = 2_000  # rows per batch on the csv module path
_LONE_CR = re.compile("\r(?!\n)")
QUOTED_CELL = (
    '[^"]*+(?:""[^"]*+)*+'  # a quoted field's text: a quote only doubled (possessive: no backtracking)
)

Row = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Selection:
    """The cells a fold needs, and optionally one column read up to its first ':' (a date-time's date
    and hour), which then comes first in every row."""

    columns: tuple[int, ...]
    prefix_column: int | None = None

    @classmethod
    def of(cls, columns: Sequence[int], prefix_column: int | None = None) -> Selection:
        """`columns` in the order of the file; a row is (prefix?, cell, cell, …)."""
        if prefix_column is not None and prefix_column in columns:
            raise ValueError("the prefix column cannot also be chosen whole")
        return cls(tuple(sorted(set(columns))), prefix_column)


def unquote(cell: str) -> str:
    """A chosen cell's text: its doubled quotes undone."""
    return cell.replace('""', '"') if '"' in cell else cell


@dataclass(frozen=True, slots=True)
class Batch:
    """Rows of chosen cells, as the file writes them (a quote doubled), and where each row is."""

    rows: list[Row]
    first_line: int
    lines: list[int] | None  # each row's line when rows may span lines (csv module path)
    delimiter: str
    text: str | None = None  # the block the rows were matched in (fast path)
    records: list[list[str]] | None = None  # every cell of every row (csv module path)

    def line(self, index: int) -> int:
        return self.lines[index] if self.lines is not None else self.first_line + index

    def cell(self, index: int, column: int) -> str:
        """Any cell of row `index`, chosen or not, as the csv module reads it (for error messages: it
        parses the line again)."""
        if self.records is not None:
            cells = self.records[index]
        else:
            assert self.text is not None
            line = self.text.split("\n")[index].rstrip("\r")
            cells = next(csv.reader([line], delimiter=self.delimiter))
        return cells[column] if column < len(cells) else ""


def batches(
    report: Report, selection: Selection, progress: Callable[[int], None] | None = None
) -> Iterator[Batch]:
    """The report's rows as batches of the chosen cells; closes the report when done."""
    try:
        tail = report.tail()
        done = 0
        for batch in _batches(report.path, tail, selection):
            done += len(batch.rows)
            if progress is not None:
                progress(done)
            yield batch
    finally:
        report.close()


def _batches(path: str, tail: Tail, selection: Selection) -> Iterator[Batch]:
    yield from _slow(path, iter(tail.rows), tail, selection)
    if tail.stream is None or tail.delimiter is None:
        return
    delimiter, line = tail.delimiter, tail.first_line
    blocks = _blocks(tail.lines, tail.stream)
    matcher: BlockMatcher | None = None
    while True:
        try:
            text = next(blocks, None)
        except UnicodeDecodeError as exc:
            # The file is decoded ahead, a block at a time: the bad byte is at or after this line.
            raise decoding_error(path, line, exc) from None
        if text is None:
            return
        # A tab file read without CSV quoting (its header unquoted) has no quoted fields: a quote is text.
        quoted = text.startswith('"') and not tail.unquoted
        matcher = matcher or BlockMatcher(selection, tail.width, delimiter, quoted)
        rows = matcher.rows(text)
        if rows is not None:
            yield Batch(rows, line, None, delimiter, text=text)
            line += len(rows)
            continue
        # From here on the csv module reads the rest, line by line as from the file: this block, then
        # the stream. (StringIO with newline="" ends lines where the file reader does.)
        texts = itertools.chain([text], blocks)
        rest = itertools.chain.from_iterable(io.StringIO(t, newline="") for t in texts)
        yield from _slow(path, csv_rows(path, rest, delimiter, line, tail.unquoted), tail, selection)
        return


class BlockMatcher:
    """The fast path's test of a block of whole lines: its rows' chosen cells when every line of it is
    exactly one row of `width` fields of the file's quoting (all quoted or none), else None."""

    def __init__(self, selection: Selection, width: int, delimiter: str, quoted: bool) -> None:
        self.pattern = _pattern(selection, width, delimiter, quoted)
        self.blank = _blank_row(width, delimiter, quoted)
        # The expression captures in file order; a row gives the prefix column first.
        prefix = selection.prefix_column
        before = sum(column < prefix for column in selection.columns) if prefix is not None else 0
        order = [before, *(i for i in range(len(selection.columns) + 1) if i != before)]
        self.order = operator.itemgetter(*order) if before else None

    def rows(self, text: str) -> list[Row] | None:
        rows = self.pattern.findall(text)
        if self.pattern.groups == 1:  # findall gives strings, not tuples, for a single group
            rows = [(row,) for row in rows]
        elif self.order is not None:
            rows = list(map(self.order, rows))
        lines = text.count("\n") + (not text.endswith("\n"))  # the file's last line may have no newline
        # A lone CR ends a line for the file reader (and so for line numbers), not for the count.
        if len(rows) == lines and self.blank not in text and not ("\r" in text and _LONE_CR.search(text)):
            return rows
        return None


def _slow(
    path: str, rows: Iterator[tuple[int, list[str]]], tail: Tail, selection: Selection
) -> Iterator[Batch]:
    """Rows through the csv module and `checked_rows`, their cells' quotes doubled."""
    prefix_at, columns = selection.prefix_column, selection.columns
    checked = checked_rows(path, rows, tail.width, tail.match)
    while True:
        chunk = list(itertools.islice(checked, BATCH_ROWS))
        if not chunk:
            return
        out: list[Row] = []
        for _, cells in chunk:
            row = [cells[column].replace('"', '""') for column in columns]
            if prefix_at is not None:
                row.insert(0, cells[prefix_at].partition(":")[0])
            out.append(tuple(row))
        records = [cells for _, cells in chunk]
        yield Batch(out, chunk[0][0], [line for line, _ in chunk], tail.delimiter or ",", records=records)


def _blocks(lines: list[str], stream: IO[str]) -> Iterator[str]:
    """Text in blocks of whole lines (a block ends with a newline, except perhaps the file's last)."""
    carry = "".join(lines)
    while True:
        read = stream.read(BLOCK_CHARS)
        text = carry + read
        if not read:
            if text:
                yield text
            return
        cut = text.rfind("\n") + 1
        if cut == 0:
            carry = text
            continue
        block, carry = text[:cut], text[cut:]
        yield block


def _pattern(selection: Selection, width: int, delimiter: str, quoted: bool) -> re.Pattern[str]:
    """One row of `width` fields, all quoted or none, with the chosen cells captured."""
    if quoted:  # `[^"]*` is sre's fast single-character loop; a lone CR is caught by `_LONE_CR`
        cell, open_, close = QUOTED_CELL, '"', '"'
    else:
        d = re.escape(delimiter)
        cell, open_, close = f'[^{d}"\\r\\n]*', "", ""
    chosen = set(selection.columns)
    parts: list[str] = []
    for column in range(width):
        if column == selection.prefix_column:  # up to the first ':', which no quote may precede
            stop = '[^":]*' if quoted else cell.replace("]*", ":]*", 1)
            parts.append(f"{open_}({stop})(?::{cell})?{close}")
        elif column in chosen:
            parts.append(f"{open_}({cell}){close}")
        else:
            parts.append(f"{open_}{cell}{close}")
    return re.compile("^" + re.escape(delimiter).join(parts) + "\\r?$", re.MULTILINE)


def _blank_row(width: int, delimiter: str, quoted: bool) -> str:
    """A row of empty cells, which the csv module path skips. In a block whose lines are all rows of
    `width` fields, this text can only occur as a whole row (it is `width` empty fields itself)."""
    return delimiter.join(['""' if quoted else ""] * width)
