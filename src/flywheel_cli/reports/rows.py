"""Rows of CSV text, located: each record with its first line, a CSV or decoding error as a located
`InputError` (the exact byte found by reading the file again), blank rows skipped within a bound, and
short rows padded or refused; and a table's `Tail`, the data not yet handed out. The reader
(reports/reader.py) and the bulk reader (reports/batches.py) both go through these."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from flywheel_cli.core.errors import InputError
from flywheel_cli.reports.registry import KINDS
from flywheel_cli.reports.source import (
    ENCODING_HINT,
    MAX_BLANK_LINES,
    MAX_CELL_CHARS,
    open_input,
    regular_file,
)
from flywheel_cli.reports.spec import HeaderMatch

csv.field_size_limit(MAX_CELL_CHARS)


@dataclass(frozen=True, slots=True)
class Tail:
    """A table's data not yet handed out: rows already split into cells, then raw text (CSV/TSV only).

    `rows` come first (the sample read to learn the file's conventions; every row of a workbook); then
    `lines`, whose first line is number `first_line`, then the rest of `stream`. Rows are unchecked.
    """

    rows: list[tuple[int, list[str]]] | Iterator[tuple[int, list[str]]]
    lines: list[str]
    first_line: int
    stream: IO[str] | None
    delimiter: str | None
    width: int
    match: HeaderMatch
    unquoted: bool = False  # a tab file read without CSV quoting (see _text_report)


class CsvRows:
    """Records of CSV text (`lines` already read, then `stream`) as (first line, cells)."""

    def __init__(
        self, path: str, lines: list[str], stream: IO[str], delimiter: str, first_line: int, unquoted: bool
    ) -> None:
        self.path, self.lines, self.stream, self.delimiter = path, lines, stream, delimiter
        self.first_line, self.unquoted = first_line, unquoted
        self.reader = csv.reader(
            itertools.chain(lines, stream),
            delimiter=delimiter,
            strict=True,
            quoting=csv.QUOTE_NONE if unquoted else csv.QUOTE_MINIMAL,
        )

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        return located_rows(self.path, self.reader, self.first_line)

    def tail(self, sample: list[tuple[int, list[str]]], width: int, match: HeaderMatch) -> Tail:
        """What is left after `sample`, the records read so far. The csv module reads no further than
        the records it returned: the lines it has not read (`line_num` counts those it has) are the
        rest of `lines`, then the stream."""
        consumed = self.reader.line_num
        rest, first = self.lines[consumed:], self.first_line + consumed
        return Tail(sample, rest, first, self.stream, self.delimiter, width, match, self.unquoted)


def csv_rows(
    path: str, lines: Iterator[str], delimiter: str, first_line: int, unquoted: bool = False
) -> Iterator[tuple[int, list[str]]]:
    """Records of CSV text as (first line, cells), with CSV and decoding errors located."""
    reader = csv.reader(
        lines, delimiter=delimiter, strict=True, quoting=csv.QUOTE_NONE if unquoted else csv.QUOTE_MINIMAL
    )
    return located_rows(path, reader, first_line)


def located_rows(path: str, reader: Any, first_line: int) -> Iterator[tuple[int, list[str]]]:
    """The records of a csv reader whose first line is `first_line`, as (first line, cells)."""
    consumed = data = 0  # lines read; lines read up to the last record with cells
    try:
        for cells in reader:
            start = first_line + consumed
            consumed = reader.line_num
            if cells:
                data = consumed
                yield start, cells
            elif consumed - data > MAX_BLANK_LINES:
                raise blank_lines(path, start)
    except csv.Error as exc:
        truncated = "end of data" in str(exc)
        message = "the file ends inside a quoted field" if truncated else f"malformed CSV: {exc}"
        if "field limit" in str(exc):
            message = f"a cell is longer than {MAX_CELL_CHARS:,} characters; report cells are short"
        raise InputError(
            message,
            path=path,
            line=first_line + consumed,
            hint="the file looks truncated or was damaged; download it again" if truncated else None,
        ) from None
    except UnicodeDecodeError as exc:
        raise decoding_error(path, first_line + consumed, exc) from None


def blank_lines(path: str, line: int) -> InputError:
    return InputError(
        f"more than {MAX_BLANK_LINES:,} lines in a row without data; no report has that many",
        path=path,
        line=line,
        hint="the file is damaged or padded; download the report again",
    )


def decoding_error(path: str, line: int, exc: UnicodeDecodeError) -> InputError:
    """A byte that does not decode. Text is decoded ahead of the reader, a block at a time, so `line`
    is only where that block starts: the file is read again, as bytes, to find the exact place."""
    found = _undecodable(path, exc.encoding)
    if found is None:
        message = f"cannot decode byte 0x{exc.object[exc.start]:02x} ({exc.encoding}) at or after this line"
        return InputError(message, path=path, line=line, hint=ENCODING_HINT)
    line, column, byte = found
    message = f"cannot decode byte 0x{byte:02x} ({exc.encoding})"
    return InputError(message, path=path, line=line, column=column, hint=ENCODING_HINT)


def _undecodable(path: str, encoding: str) -> tuple[int, int, int] | None:
    """(line, column, byte) of the first byte of `path` that does not decode; None when the input
    cannot be opened again (standard input, a pipe, a zip member) or split into lines as bytes
    (UTF-16)."""
    if regular_file(path) != path or "16" in encoding:
        return None
    try:
        source = open_input(path)
    except InputError:
        return None
    try:
        for number, raw in enumerate(source.binary or (), 1):
            try:
                raw.decode(encoding)
            except UnicodeDecodeError as exc:
                column = len(raw[: exc.start].decode(encoding, errors="replace")) + 1
                return number, column, raw[exc.start]
    finally:
        source.close()
    return None


def checked_rows(
    path: str, rows: Iterator[tuple[int, list[str]]], width: int, match: HeaderMatch
) -> Iterator[tuple[int, list[str]]]:
    """Data rows as cells, blank rows skipped, short rows padded or (when cut) refused."""
    needed = 1 if KINDS[match.kind].SHORT_ROWS else max(match.columns.values(), default=0) + 1
    data = 0  # the line of the last row with data (or of the first row skipped before any)
    for line, cells in rows:
        if not cells[0] and not any(cells):
            # A row of delimiters only (`,,,,`), as spreadsheets leave at the end.
            data = _skip(path, line, data)
            continue
        if len(cells) < width:
            if len(cells) == 1 and not cells[0].strip():
                data = _skip(path, line, data)  # a blank line
                continue
            if len(cells) < needed:
                raise InputError(
                    f"row has {len(cells)} fields; the header has {width}",
                    path=path,
                    line=line,
                    hint="the file looks truncated or a line was broken; download the report again",
                )
            cells = cells + [""] * (width - len(cells))  # trailing empty cells are sometimes dropped
        data = line
        yield line, cells


def _skip(path: str, line: int, data: int) -> int:
    """A row without data at `line`: refused when too many lines have gone by since one with data."""
    if data and line - data > MAX_BLANK_LINES:
        raise blank_lines(path, line)
    return data or line
