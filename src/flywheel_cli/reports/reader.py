"""From an opened input to located, typed records: header search, detection, row iteration.

The header is found by scanning the first `HEADER_SCAN_LINES` lines for a row whose cells match a
known kind (Payments reports carry 3–9 preamble lines; some Ads CSVs a title line). The delimiter is
the one (`,` `\\t` `;` `|`) under which that row matches best. Records stream: only a small sample of
rows is buffered, to learn the file's date order and currency.
"""

from __future__ import annotations

import codecs
import csv
import functools
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from flywheel_cli.core.errors import InputError, UnknownReportError
from flywheel_cli.reports import values
from flywheel_cli.reports.context import Context
from flywheel_cli.reports.json_table import is_table, json_table
from flywheel_cli.reports.kinds.ads import HEADER_CURRENCIES
from flywheel_cli.reports.kinds.base import Kind
from flywheel_cli.reports.markets import preamble_currency
from flywheel_cli.reports.registry import KINDS
from flywheel_cli.reports.source import (
    ENCODING_HINT,
    MAX_BLANK_LINES,
    MAX_CELL_CHARS,
    Input,
    open_input,
    regular_file,
)
from flywheel_cli.reports.spec import HeaderMatch, KindSpec, best_match
from flywheel_cli.reports.unknown import unknown_table

HEADER_SCAN_LINES = 50
SAMPLE_ROWS = 50
DELIMITERS = (",", "\t", ";", "|")
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


@dataclass(slots=True)
class Report:
    """One recognised report, ready to stream its records."""

    path: str
    kind: str
    layout: str
    language: str
    encoding: str | None
    delimiter: str | None
    container: str
    header_line: int | None
    columns: list[str]
    unknown_columns: list[str]
    preamble: list[str]
    context: Context
    _records: Callable[[], Iterator[Any]] = field(repr=False)
    _source: Input | None = field(default=None, repr=False)
    _tail: Callable[[], Tail] | None = field(default=None, repr=False)
    match: HeaderMatch | None = field(default=None, repr=False)

    def tail(self) -> Tail:
        """The unread data, for folds that read cells in bulk (reports.batches); the caller closes."""
        if self._tail is None:
            raise TypeError(f"{self.kind} is not a table")
        return self._tail()

    def records(self) -> Iterator[Any]:
        """The records, once; the file is closed when they run out (or on `close()`)."""
        try:
            yield from self._records()
        finally:
            self.close()

    def close(self) -> None:
        if self._source is not None:
            self._source.close()
            self._source = None


def open_report(path: str, *, kind: str | None = None, encoding: str | None = None) -> Report:
    """Open, decode, detect and prepare a report. Raises `InputError` with a location on failure."""
    if kind is not None and kind not in KINDS:
        raise InputError(f"unknown report kind {kind!r}", hint=f"choose one of: {', '.join(sorted(KINDS))}")
    source = open_input(path)
    try:
        report = _open_report(source, path, kind, encoding)
    except BaseException:
        source.close()
        raise
    report._source = source
    return report


def _open_report(source: Input, path: str, kind: str | None, encoding: str | None) -> Report:
    if source.container == "json":
        return _json_report(source, kind)
    if source.rows is not None:  # xlsx: empty sheet rows are skipped, as blank CSV lines are
        rows = ((n, r) for n, r in enumerate(source.rows, 1) if any(c.strip() for c in r))
        return _table_report(source, kind, None, None, rows)
    failures: list[InputError] = []
    candidates = source.candidate_encodings(encoding)
    if len(candidates) > 1:  # the encodings under which the sample shows a known header go first
        candidates.sort(key=lambda name: not _header_in_sample(source.sample, name, kind))
    if regular_file(path) is None:
        candidates = candidates[:1]  # standard input or a pipe cannot be read again for another try
    for position, candidate in enumerate(candidates):
        if position:  # the previous attempt consumed the stream: start again from the top
            fresh = open_input(path)
            source.close()
            source.binary, source.closers = fresh.binary, fresh.closers
        try:
            return _text_report(source, kind, candidate)
        except _NotFound as exc:
            failures.append(exc.error)
        except UnicodeDecodeError as exc:  # in the first lines, while looking for the header: located too
            failures.append(decoding_error(path, 1, exc))
    raise failures[0]


def _header_in_sample(sample: bytes, encoding: str, kind: str | None) -> bool:
    """Whether the sample's first lines, decoded as `encoding`, hold a header flywheel knows."""
    try:
        text = codecs.getincrementaldecoder(encoding)(errors="strict").decode(sample, final=False)
    except (UnicodeDecodeError, LookupError):
        return False
    lines = text.splitlines()[:HEADER_SCAN_LINES]
    return any(_match_line(line, kind) is not None for line in lines)


class _NotFound(Exception):
    def __init__(self, error: InputError) -> None:
        self.error = error


def _text_report(source: Input, kind: str | None, encoding: str) -> Report:
    text = source.text(encoding)
    head = list(itertools.islice(text, HEADER_SCAN_LINES))
    for index, line in enumerate(head):
        found = _match_line(line, kind)
        if found is not None:
            delimiter, cells, match = found
            # Amazon's tab-delimited flat files (All Orders, settlement, returns, fee preview …) quote
            # nothing: a quote is a character of the cell (`12" ruler`, `"Best" mug`). Only a tab file
            # whose header is quoted, or a CSV, follows the CSV quoting rules.
            unquoted = delimiter == "\t" and '"' not in line
            rows = _CsvRows(source.path, head[index + 1 :], text, delimiter, index + 2, unquoted)
            header = (index + 1, cells, match, head[:index])
            tail = functools.partial(rows.tail, width=len(cells), match=match)
            return _table_report(source, kind, encoding, delimiter, iter(rows), header, tail)
    raise _NotFound(_unknown_table(source.path, [_split(line) for line in head], kind))


def _split(line: str) -> list[str]:
    best: list[str] = []
    for delimiter in DELIMITERS:
        cells = next(csv.reader([line], delimiter=delimiter), [])
        if len(cells) > len(best):
            best = cells
    return best


def _match_line(line: str, kind: str | None) -> tuple[str, list[str], HeaderMatch] | None:
    best: tuple[str, list[str], HeaderMatch] | None = None
    for delimiter in DELIMITERS:
        if delimiter not in line:
            continue
        cells = next(csv.reader([line], delimiter=delimiter), [])
        if len(cells) < 2:
            continue
        match = _detect(cells, kind)
        if match is not None and (best is None or match.score > best[2].score):
            best = (delimiter, cells, match)
    return best


def _table_specs(kind: str | None) -> list[KindSpec]:
    """Specs that describe tables (JSON-document kinds have no columns to match)."""
    chosen = [KINDS[kind]] if kind else list(KINDS.values())
    return [module.SPEC for module in chosen if module.SPEC.fields]


def _detect(cells: Sequence[str], kind: str | None) -> HeaderMatch | None:
    match, _ = best_match(_table_specs(kind), cells)
    return match


def _unknown_table(path: str, rows: list[list[str]], kind: str | None) -> InputError:
    return unknown_table(path, rows, _table_specs(kind), kind, HEADER_SCAN_LINES)


class _CsvRows:
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


_CURRENCY_SIGNS = (
    ("MX$", "MXN"),
    ("C$", "CAD"),
    ("CA$", "CAD"),
    ("£", "GBP"),
    ("€", "EUR"),
    ("₹", "INR"),
    ("¥", "JPY"),
    ("￥", "JPY"),
    ("$", "USD"),
)
_HEADER_CURRENCY = re.compile(rf"\(({'|'.join(HEADER_CURRENCIES)})\)\s*$")
_SLASHED = re.compile(r"\s*(\d{1,2})/(\d{1,2})/\d{2,4}")


def _table_report(
    source: Input,
    kind: str | None,
    encoding: str | None,
    delimiter: str | None,
    rows: Iterator[tuple[int, list[str]]],
    header: tuple[int | None, list[str], HeaderMatch, list[str]] | None = None,
    text_tail: Callable[[list[tuple[int, list[str]]]], Tail] | None = None,
) -> Report:
    if header is None:  # xlsx: scan rows, not lines
        scanned: list[tuple[int, list[str]]] = []
        for number, cells in rows:
            match = _detect(cells, kind) if sum(1 for c in cells if c) >= 2 else None
            if match is not None:
                header = (number, cells, match, [" ".join(c for c in r if c) for _, r in scanned])
                break
            scanned.append((number, cells))
            if len(scanned) >= HEADER_SCAN_LINES:
                break
        if header is None:
            error = _unknown_table(source.path, [r for _, r in scanned], kind)
            error.hint = f"{error.hint}; only the first sheet of a workbook is read"
            raise error
    line, cells, match, preamble = header
    module = KINDS[match.kind]
    refused = module.refusal(match)
    if refused is not None:  # a screen export, not a report: skipped when met in a folder (reports/inputs.py)
        why, column, hint = refused
        raise UnknownReportError(why, path=source.path, line=line, column=None if column is None else column + 1,
                                 hint=hint)  # fmt: skip
    sample = list(itertools.islice(rows, SAMPLE_ROWS))
    context = _context(source, module, match, preamble, sample, delimiter, cells)
    all_rows = itertools.chain(sample, rows)

    def records() -> Iterator[Any]:
        # The kind sees the first rows too: a by-date Business Report's rows are days, weeks or months.
        build = module.builder(match, context, [cells for _, cells in sample])
        return _records(source.path, all_rows, build, len(cells), match)

    def tail() -> Tail:
        if text_tail is not None:
            return text_tail(sample)
        return Tail(all_rows, [], 0, None, None, len(cells), match)

    return Report(
        path=source.path,
        kind=match.kind,
        layout=module.SPEC.layout(match, cells),
        language=match.language,
        encoding=encoding,
        delimiter=delimiter,
        container=source.container,
        header_line=line,
        columns=[c.strip() for c in cells],
        unknown_columns=list(match.unknown),
        preamble=[p.strip().strip('"') for p in preamble],
        context=context,
        _records=records,
        _tail=tail,
        match=match,
    )


def _context(
    source: Input,
    module: Kind,
    match: HeaderMatch,
    preamble: list[str],
    sample: list[tuple[int, list[str]]],
    delimiter: str | None,
    header: Sequence[str] = (),
) -> Context:
    currency = None
    for text in preamble:
        currency = preamble_currency(text) or currency
    if currency is None:  # a currency inside the header names: `Spend(USD)` (Ads, 2019 ad-group download)
        currency = next((found[1] for cell in header if (found := _HEADER_CURRENCY.search(cell))), None)
    if currency is None:
        joined = " ".join(" ".join(cells) for _, cells in sample[:20])
        currency = next((code for sign, code in _CURRENCY_SIGNS if sign in joined), None)
    # European Excel saves CSV with `;` precisely because `,` is its decimal mark.
    decimal_comma = module.decimal_comma(match) or delimiter == ";"
    sampled = [match.columns[name] for name in module.SAMPLED_MONEY if name in match.columns]
    learned = values.sample_decimal_comma(c[i] for _, c in sample for i in sampled if i < len(c))
    decimal_comma = decimal_comma if learned is None else learned  # an English header in an EU file
    day_first = decimal_comma or currency in {"INR", "GBP", "EUR", "AED"}
    dates = [match.columns[name] for name in module.DATE_FIELDS if name in match.columns]
    for _, cells in sample:
        for index in dates:
            found = _SLASHED.match(cells[index]) if index < len(cells) else None
            if found and int(found[1]) > 12:
                day_first = True
            elif found and int(found[2]) > 12:
                day_first = False
    xlsx = source.container == "xlsx"
    span, stated = module.stated(match, [cells for _, cells in sample], day_first)
    # Number cells reach us as dot-decimal text whatever the workbook's language (source._cell_text):
    # in a German workbook 6.125 is six point one two five, not six thousand.
    return Context(source.path, decimal_comma and not xlsx, day_first, xlsx, currency or stated, None, span)


def _records(
    path: str,
    rows: Iterator[tuple[int, list[str]]],
    builder: Callable[[int, list[str]], Any],
    width: int,
    match: HeaderMatch,
) -> Iterator[Any]:
    for line, cells in checked_rows(path, rows, width, match):
        try:
            record = builder(line, cells)
        except values.CellError as exc:
            raise InputError(str(exc), path=path, line=line, column=exc.column + 1, hint=exc.hint) from None
        if record is not None:
            yield record


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


def _document_records(module: Kind, source: Input) -> Iterator[Any]:
    return module.document_records(source.document, source.path)


def _json_report(source: Input, kind: str | None) -> Report:
    if is_table(source.document):  # an array of row objects (Ads API GZIP_JSON): a table, keys = header
        cells, rows = json_table(source.document, source.path)
        match = _detect(cells, kind)
        if match is None:
            raise _unknown_table(source.path, [cells], kind)
        return _table_report(source, kind, "utf-8", None, iter(rows), (None, cells, match, []))
    for name, module in KINDS.items():
        if (kind is None or kind == name) and module.accepts_document(source.document):
            context = Context(source.path, False, False, False, None, None)
            return Report(
                path=source.path,
                kind=name,
                layout=module.SPEC.layout(module.SPEC.match([]), []),
                language="en",
                encoding="utf-8",
                delimiter=None,
                container="json",
                header_line=None,
                columns=[],
                unknown_columns=[],
                preamble=[],
                context=context,
                _records=functools.partial(_document_records, module, source),
            )
    raise UnknownReportError(
        "a JSON document flywheel does not know",
        path=source.path,
        hint="flywheel reads the SP-API seller performance report (GET_V2_SELLER_PERFORMANCE_REPORT) as JSON",
    )
