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
from typing import Any

from flywheel_cli.core.errors import InputError, UnknownReportError
from flywheel_cli.reports import values
from flywheel_cli.reports.context import Context
from flywheel_cli.reports.json_table import is_table, json_table
from flywheel_cli.reports.kinds.base import Kind
from flywheel_cli.reports.markets import HEADER_CURRENCIES, preamble_currency
from flywheel_cli.reports.registry import KINDS, document_kinds, header_tables, table_specs
from flywheel_cli.reports.rows import CsvRows, Tail, checked_rows, decoding_error
from flywheel_cli.reports.source import (
    Input,
    open_input,
    regular_file,
)
from flywheel_cli.reports.spec import HeaderMatch, best_match
from flywheel_cli.reports.unknown import unknown_table

HEADER_SCAN_LINES = 50
SAMPLE_ROWS = 50
DELIMITERS = (",", "\t", ";", "|")


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
    if encoding:  # `--encoding ""` is no choice: detected, as the candidates take it
        _known_encoding(encoding)
    source = open_input(path)
    try:
        report = _open_report(source, path, kind, encoding)
    except BaseException:
        source.close()
        raise
    report._source = source
    return report


def _known_encoding(encoding: str) -> None:
    """`--encoding` names a text encoding Python has (not a compression codec such as `zlib`)."""
    try:
        "x".encode(encoding)  # LookupError for a name Python does not know, and for `zlib_codec`
    except UnicodeError:  # a text encoding that cannot write an "x"
        pass
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        raise InputError(
            f"unknown encoding {encoding!r}",
            hint="for example utf-8, utf-16, cp1252 (Windows, western Europe), cp932 (Japan), gbk (China)",
        ) from None


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
            rows = CsvRows(source.path, head[index + 1 :], text, delimiter, index + 2, unquoted)
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


def _detect(cells: Sequence[str], kind: str | None) -> HeaderMatch | None:
    match, _ = best_match(header_tables(kind), cells)
    return match


def _unknown_table(path: str, rows: list[list[str]], kind: str | None) -> InputError:
    return unknown_table(path, rows, table_specs(kind), kind, HEADER_SCAN_LINES)


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
# A currency inside a header name (`Spend(USD)`): compiled when a header is first searched (re's own
# cache keeps it), since most files name theirs in a preamble or show the sign.
_HEADER_CURRENCY = rf"\(({'|'.join(HEADER_CURRENCIES)})\)\s*$"
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
        in_name = re.compile(_HEADER_CURRENCY)
        currency = next((found[1] for cell in header if (found := in_name.search(cell))), None)
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


def _document_records(module: Kind, source: Input) -> Iterator[Any]:
    return module.document_records(source.document, source.path)


def _json_report(source: Input, kind: str | None) -> Report:
    if is_table(source.document):  # an array of row objects (Ads API GZIP_JSON): a table, keys = header
        cells, rows = json_table(source.document, source.path)
        match = _detect(cells, kind)
        if match is None:
            raise _unknown_table(source.path, [cells], kind)
        return _table_report(source, kind, "utf-8", None, iter(rows), (None, cells, match, []))
    for name in document_kinds(kind):
        module = KINDS[name]
        if module.accepts_document(source.document):
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
