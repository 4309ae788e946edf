"""Opening an input: the one place that deals with bytes, containers and encodings.

`open_input` turns a path (or `-`) into an `Input`: either text lines (CSV/TSV, after un-gzipping or
un-zipping and decoding) or rows of cells (xlsx), or a parsed JSON document. Decoding is decided by
evidence: a BOM, then strict UTF-8, then the legacy code pages real exports use (cp1252 for EU/US
SP-API downloads, cp932 for Japan, GBK for files re-saved on Chinese Windows); among those, the reader
keeps the one whose header it recognises.
"""

from __future__ import annotations

import codecs
import functools
import gzip
import io
import itertools
import json
import math
import os
import posixpath
import re
import stat
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from flywheel_cli.core.errors import InputError

SAMPLE_BYTES = 1 << 16
READ_BYTES = 1 << 16  # the most one read asks of a container (a line's ends are found per read)

# --- Limits -------------------------------------------------------------------------------------------
# Sizes no real export reaches; past one, an input is refused as bad input (exit 2), so that a damaged
# or hostile file costs neither minutes nor memory. docs/reports.md ("Bad input", "Limits") gives the
# reasons; every limit is here.
MAX_DECOMPRESSED_BYTES = 4 << 30  # of a .gz, a .zip member, a workbook part (1M Payments rows: ~390 MB)
MAX_LINE_BYTES = 1 << 20  # per physical line, its end not counted (real rows are under 2 KB)
MAX_CELL_CHARS = 1 << 20  # per CSV cell, quoted line breaks included (csv.field_size_limit)
MAX_BLANK_LINES = 2_000_000  # lines in a row without data (Excel pads a CSV with at most 1,048,575)
MAX_JSON_BYTES = 64 << 20  # an SP-API JSON report is a few KB
MAX_JSON_DEPTH = 100  # nesting of arrays and objects (SP-API documents: under 10)
MAX_SHEET_COLUMNS = 500  # of a workbook's first sheet (reports have under 100; Excel allows 16,384)
MAX_SHEET_ROWS = 1_048_576  # Excel's own limit
MAX_SHEET_CELLS = 50_000_000  # rows × columns of the area from A1 to the last cell
MAX_VALUE_CHARS = 64  # an amount, count, percentage or date cell ("$ -1,234,567.89 USD" is 19)
MAX_AMOUNT_DIGITS = 18  # significant digits of an amount: sums stay exact in 28-digit Decimal
YEARS = (1990, 2100)  # dates outside these years are not an Amazon report's

LEGACY_ENCODINGS = ("cp1252", "cp932", "gbk")
ENCODING_HINT = (
    "pass --encoding (for example --encoding cp1252, cp932 or gbk) if you know the file's encoding"
)


@dataclass(slots=True)
class Input:
    """An opened input. Exactly one of `binary`, `rows`, `document` is set."""

    path: str
    container: str  # "" | "gzip" | "zip" | "xlsx" | "json"
    binary: IO[bytes] | None = None
    sample: bytes = b""
    rows: Iterator[list[str]] | None = None
    document: Any = None
    closers: list[Any] | None = None

    def close(self) -> None:
        for closer in self.closers or []:
            closer.close()

    def candidate_encodings(self, override: str | None) -> list[str]:
        """Encodings that decode the sample cleanly, most likely first."""
        if override:
            return [override]
        if self.sample.startswith(codecs.BOM_UTF8):
            return ["utf-8-sig"]
        if self.sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return ["utf-16"]  # Excel's "Unicode Text" export: UTF-16 with tabs
        if _decodes(self.sample, "utf-8"):
            return ["utf-8"]
        return [name for name in LEGACY_ENCODINGS if _decodes(self.sample, name)] or ["cp1252"]

    def text(self, encoding: str) -> IO[str]:
        assert self.binary is not None
        wrapper = io.TextIOWrapper(self.binary, encoding=encoding, newline="", errors="strict")
        self.closers = [wrapper, *(self.closers or [])]
        return wrapper


def _decodes(sample: bytes, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        decoder.decode(sample, final=False)  # a multi-byte character cut at the sample's end is fine
    except UnicodeDecodeError:
        return False
    return True


class _Guarded(io.RawIOBase):
    """The bytes of an input as they are read, wherever that happens (the sample, the decoder, the csv
    reader, the block reader): a damaged container or a failed read becomes a located `InputError`, and
    the limits hold — at most `limit` bytes and, while `lines` is on, lines of at most MAX_LINE_BYTES,
    found per read, before a decoder holds such a line. Lines end as the text reader ends them (LF,
    CRLF, a lone CR). Finding a line's ends costs two `memchr`s a read; counting them (for the line
    number of an error) is done only when there is an error, on a second reader from `reopen` — or, for
    what cannot be read twice (standard input, a pipe), as the bytes go by."""

    def __init__(self, inner: Any, path: str, what: str, limit: int | None = None) -> None:
        super().__init__()
        self.inner, self.path, self.what, self.limit = inner, path, what, limit
        self.lines = True
        self.reopen: Callable[[], Any] | None = None  # a second reader of the same bytes
        self.total = 0  # bytes read
        self.start = 0  # where the line being read starts
        self.ends = 0  # line ends before `start` (counted only without `reopen`)
        self.after_cr = False  # the last byte read was a CR: an LF next ends no other line

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")[:READ_BYTES]
        try:
            count: int | None = self.inner.readinto(view)
        except (OSError, EOFError, zlib.error, zipfile.BadZipFile) as exc:
            raise self._damaged(exc) from None
        if not count:
            return 0
        self.total += count
        if self.limit is not None and self.total > self.limit:
            raise InputError(
                f"the {self.what} holds more than {_size(self.limit)} of data; no report is that large",
                path=self.path,
                hint="it is damaged or not a report; download the report again",
            )
        if self.lines:
            self._line_ends(view[:count].tobytes(), self.total - count)
        return count

    def _line_ends(self, chunk: bytes, offset: int) -> None:
        last = max(chunk.rfind(b"\n"), chunk.rfind(b"\r"))
        if last < 0:
            if offset + len(chunk) - self.start > MAX_LINE_BYTES:
                raise self._too_long()
            return
        first = min(i for i in (chunk.find(b"\n"), chunk.find(b"\r")) if i >= 0)
        if offset + first - self.start > MAX_LINE_BYTES:  # lines within one read are shorter than it
            raise self._too_long()
        if self.reopen is None:
            self.ends += _line_end_count(chunk, self.after_cr)
            self.after_cr = chunk[-1] == 0x0D
        self.start = offset + last + 1

    def _too_long(self) -> InputError:
        ends = self.ends
        if self.reopen is not None:
            with self.reopen() as again:
                ends, after_cr, done = 0, False, 0
                while done < self.start and (block := again.read(min(self.start - done, 1 << 20))):
                    ends += _line_end_count(block, after_cr)
                    after_cr, done = block[-1] == 0x0D, done + len(block)
        return InputError(
            f"line is longer than {_size(MAX_LINE_BYTES)}; report lines are a few KB",
            path=self.path,
            line=ends + 1,
            hint="the file is damaged or not a report; download the report again",
        )

    def _damaged(self, exc: BaseException) -> InputError:
        if self.what == "file":
            return InputError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", path=self.path)
        if isinstance(exc, EOFError):
            detail = "it ends early (the download was cut short?)"
        elif str(exc).startswith("Not a gzipped file"):
            detail = "unexpected bytes after the compressed data"
        else:
            detail = " ".join(str(exc).split()) or type(exc).__name__
        return InputError(
            f"the {self.what} is damaged: {detail}", path=self.path, hint="download the report again"
        )

    def close(self) -> None:
        if not self.closed:
            self.inner.close()
        super().close()


def _line_end_count(chunk: bytes, after_cr: bool) -> int:
    """Line ends in `chunk` (LF, CRLF, lone CR); `after_cr`: the byte before it was a CR."""
    ends = chunk.count(b"\n")
    if b"\r" in chunk:
        ends += chunk.count(b"\r") - chunk.count(b"\r\n")
    return ends - (after_cr and chunk[:1] == b"\n")  # a CRLF split between two reads


def _size(limit: int) -> str:
    return f"{limit >> 30} GiB" if limit >= 1 << 30 else f"{limit >> 20} MiB"


def _guarded(inner: Any, path: str, what: str, limit: int | None = None) -> io.BufferedReader:
    return io.BufferedReader(_Guarded(inner, path, what, limit), buffer_size=SAMPLE_BYTES)


def _guard(stream: IO[bytes]) -> _Guarded:
    guard = getattr(stream, "raw", None)
    assert isinstance(guard, _Guarded)
    return guard


def open_input(path: str) -> Input:
    """Open `path`; the caller must `close()` the result (the reader does, when records run out)."""
    raw = _open_bytes(path)
    try:
        opened = _open(path, raw)
    except BaseException:
        raw.close()
        raise
    opened.closers = [*(opened.closers or []), raw]
    return opened


def _open(path: str, raw: IO[bytes]) -> Input:
    sample = _peek(raw)
    if sample.startswith(b"\x1f\x8b"):
        _guard(raw).lines = False  # compressed bytes have no lines
        unpacked = _guarded(gzip.GzipFile(fileobj=raw, mode="rb"), path, "gzip file", MAX_DECOMPRESSED_BYTES)
        if regular_file(path) == path:
            _guard(unpacked).reopen = functools.partial(gzip.GzipFile, path, "rb")
        try:
            opened = _from_stream(path, "gzip", unpacked, _peek(unpacked))
        except BaseException:
            unpacked.close()
            raise
        opened.closers = [unpacked]
        return opened
    if sample.startswith(b"PK\x03\x04"):
        return _open_zip(path, raw)
    if path.lower().endswith((".xlsx", ".xlsm", ".zip")):
        raise InputError(
            f"not a real {Path(path).suffix} file: it is not a zip archive",
            path=path,
            hint="the file may have been renamed; open it in Excel and save it again as .xlsx or .csv",
        )
    return _from_stream(path, "", raw, sample)


def _open_bytes(path: str) -> IO[bytes]:
    if path == "-":
        stdin: Any = getattr(sys.stdin, "buffer", None)  # None when flywheel was started without one
        if stdin is None or stdin.closed:
            raise InputError(
                "standard input is closed",
                path=path,
                hint="name the report file, or give it on standard input: `- < report.csv`",
            )
        return _guarded(stdin.raw, path, "file")
    file = Path(path)
    if file.is_dir():
        raise InputError("is a folder, not a report file", path=path)
    try:
        raw = _guarded(io.FileIO(file, "rb"), path, "file")
    except FileNotFoundError:
        raise InputError(
            "no such file", path=path, hint="check the path; folders are searched recursively"
        ) from None
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror}", path=path) from None
    if regular_file(path) == path:  # not a FIFO: a second reader takes no data from the first
        _guard(raw).reopen = functools.partial(io.FileIO, file, "rb")
    return raw


def _peek(stream: IO[bytes]) -> bytes:
    peek = getattr(stream, "peek", None)
    data: bytes = peek(SAMPLE_BYTES) if peek else b""
    return data[:SAMPLE_BYTES]


def _from_stream(path: str, container: str, raw: IO[bytes], sample: bytes) -> Input:
    stripped = sample.lstrip(codecs.BOM_UTF8).lstrip()
    if stripped.startswith((b"{", b"[")):
        return Input(path, "json", document=_json_document(path, raw))
    if not sample:
        raise InputError(
            "the file is empty",
            path=path,
            hint="download the report again; a report has at least a header line",
        )
    if b"\x00" in sample and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(
            "this is a binary file, not a text report",
            path=path,
            hint="flywheel reads CSV/TSV/TXT exports (optionally .gz or .zip), .xlsx and SP-API JSON",
        )
    return Input(path, container, binary=raw, sample=sample)


def _read_at_most(stream: IO[bytes], limit: int) -> bytes | None:
    """All of `stream`, or None when it holds more than `limit` bytes (read a MiB at a time: one
    `read(limit)` would ask for all of `limit` at once)."""
    blocks: list[bytes] = []
    size = 0
    while block := stream.read(1 << 20):
        size += len(block)
        if size > limit:
            return None
        blocks.append(block)
    return b"".join(blocks)


def _json_document(path: str, raw: IO[bytes]) -> Any:
    """The parsed document: at most MAX_JSON_BYTES, nested at most MAX_JSON_DEPTH deep (deeper, the
    json module's recursion would fail without saying where)."""
    _guard(raw).lines = False  # a JSON document may well be one long line
    data = _read_at_most(raw, MAX_JSON_BYTES)
    if data is None:
        raise InputError(
            f"the JSON document is larger than {_size(MAX_JSON_BYTES)}; no report is that large", path=path
        )
    try:
        text = data.decode(json.detect_encoding(data), "surrogatepass")  # as json.load does
        deep = _too_deep(text)
        if deep is not None:
            message = f"not valid JSON: nested more than {MAX_JSON_DEPTH} levels deep"
            at = text.count("\n", 0, deep) + 1, deep - text.rfind("\n", 0, deep)
            raise InputError(message, path=path, line=at[0], column=at[1])
        return json.loads(text, parse_float=Decimal)  # exact: an amount is never a binary float
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        column = getattr(exc, "colno", None)
        raise InputError(
            f"not valid JSON: {getattr(exc, 'msg', exc)}", path=path, line=line, column=column
        ) from None
    except RecursionError:
        raise InputError(
            f"not valid JSON: nested more than {MAX_JSON_DEPTH} levels deep", path=path
        ) from None


_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')  # a string (skipped) or a bracket


def _too_deep(text: str) -> int | None:
    """The offset of the first bracket nested deeper than MAX_JSON_DEPTH, if any."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return None
    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        bracket = text[token.start()]
        if bracket in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return token.start()
        elif bracket in "]}":
            depth -= 1
    return None


def _open_zip(path: str, raw: IO[bytes]) -> Input:
    data = None
    if path == "-":  # standard input cannot be read twice: hold the archive
        _guard(raw).lines = False
        data = _read_at_most(raw, MAX_DECOMPRESSED_BYTES)
        if data is None:
            raise InputError(f"the zip archive is larger than {_size(MAX_DECOMPRESSED_BYTES)}", path=path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if data is not None else path)
        names = archive.namelist()
    except zipfile.BadZipFile as exc:
        raise InputError(f"damaged zip archive: {exc}", path=path, hint="download the report again") from None
    if "xl/workbook.xml" in names:
        try:
            _check_workbook(path, archive)
        finally:
            archive.close()
        return Input(path, "xlsx", rows=_xlsx_rows(path, data))
    members = [n for n in names if not n.endswith("/") and not n.startswith("__MACOSX/")]
    if len(members) != 1:
        archive.close()
        raise InputError(
            f"the zip archive holds {len(members)} files; flywheel reads a zip with exactly one report",
            path=path,
            hint="unzip it and pass the report files (or their folder) instead",
        )
    name = f"{path}!{members[0]}"
    try:
        buffered = _guarded(
            _open_member(archive, members[0], name), name, "zip archive", MAX_DECOMPRESSED_BYTES
        )
        _guard(buffered).reopen = lambda: _reopen_member(path, data, members[0])
        opened = _from_stream(name, "zip", buffered, _peek(buffered))
    except BaseException:
        archive.close()
        raise
    opened.closers = [buffered, archive]
    return opened


def _reopen_member(path: str, data: bytes | None, member: str) -> IO[bytes]:
    return zipfile.ZipFile(io.BytesIO(data) if data is not None else path).open(member)


def _open_member(archive: zipfile.ZipFile, member: str, path: str, what: str = "zip archive") -> IO[bytes]:
    """A member of a zip archive (or a part of a workbook), opened; what Python's zipfile cannot read
    is located."""
    try:
        return archive.open(member)
    except NotImplementedError:  # Deflate64, PPMd … (a RuntimeError, so caught first)
        names: dict[int, str] = getattr(zipfile, "compressor_names", {})
        method = names.get(archive.getinfo(member).compress_type, "unknown")
        raise InputError(
            f"compressed with a method flywheel cannot read ({method})",
            path=path,
            hint="unzip it and pass the file inside, or zip it again with standard compression",
        ) from None
    except RuntimeError:  # zipfile's "password required for extraction"
        raise InputError(
            f"the {what} is encrypted",
            path=path,
            hint="unzip it with its password and pass the file inside",
        ) from None
    except (OSError, EOFError, zlib.error, zipfile.BadZipFile) as exc:
        raise InputError(
            f"the {what} is damaged: {exc}", path=path, hint="download the report again"
        ) from None


# --- Workbooks: what python-calamine would allocate, checked first -------------------------------------
# calamine allocates the whole area from the first to the last cell of the sheet before handing out one
# row, and a failed allocation aborts the process. So the first sheet's cell references are read first:
# one pass that only looks for references beyond the bounds the sheet's start suggests (its declared
# <dimension> and the cells of its first MiB), and, when it finds one, an exact pass that follows
# calamine's rules (a cell without a reference is the one after the previous cell).

_HEAD_BYTES = 1 << 20
_MAX_UNTAGGED = 16 << 20
_DIMENSION = re.compile(
    rb'<(?:[\w.-]+:)?dimension\b[^>]*?\sref\s*=\s*["\']([A-Za-z]{1,7})(\d{1,12})(?::([A-Za-z]{1,7})(\d{1,12}))?'
)
_HEAD_COLUMNS = re.compile(rb'r="([A-Za-z]{1,7})\d')
_PREFIXED = re.compile(rb":(?:c|row)[\s/>]")  # `<x:c …>`: left to the exact pass
_TAG = re.compile(rb"<(?:[\w.-]+:)?(row|c)(?=[\s/>])([^>]*)>")
_REF = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Za-z]{0,7})(\d{0,12})""")
_SHEET = re.compile(rb"<(?:[\w.-]+:)?sheet\b([^>]*)>")
_RELATIONSHIP = re.compile(rb"<(?:[\w.-]+:)?Relationship\b([^>]*)>")


def _attribute(attributes: bytes, name: bytes) -> str | None:
    found = re.search(rb"(?:^|\s)" + name + rb"""\s*=\s*["']([^"']*)""", attributes)
    return found[1].decode("utf-8", "replace") if found else None


def _check_workbook(path: str, archive: zipfile.ZipFile) -> None:
    if sum(info.file_size for info in archive.infolist()) > MAX_DECOMPRESSED_BYTES:
        raise InputError(
            f"the workbook holds more than {_size(MAX_DECOMPRESSED_BYTES)} of data; no report is that large",
            path=path,
            hint="export the report as CSV instead",
        )
    names = set(archive.namelist())
    first = _first_sheet(path, archive, names)
    sheets = (
        [first]
        if first
        else sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    )
    for sheet in sheets:
        _check_sheet(path, archive, sheet)


def _small_part(path: str, archive: zipfile.ZipFile, name: str) -> bytes:
    with _guarded(
        _open_member(archive, name, path, "workbook"), path, "workbook", MAX_DECOMPRESSED_BYTES
    ) as part:
        _guard(part).lines = False
        return part.read(16 << 20)


def _first_sheet(path: str, archive: zipfile.ZipFile, names: set[str]) -> str | None:
    """The part of the workbook's first sheet (the one read), or None when it cannot be told."""
    if "xl/_rels/workbook.xml.rels" not in names:
        return None
    sheet = _SHEET.search(_small_part(path, archive, "xl/workbook.xml"))
    ident = _attribute(sheet[1], rb"(?:[\w.-]+:)?id") if sheet else None
    for relationship in _RELATIONSHIP.finditer(_small_part(path, archive, "xl/_rels/workbook.xml.rels")):
        target = _attribute(relationship[1], b"Target")
        if ident is not None and target and _attribute(relationship[1], b"Id") == ident:
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            return part if part in names else None
    return None


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _column_name(number: int) -> str:
    name = ""
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(65 + rest) + name
    return name


def _beyond(columns: int, rows: int) -> re.Pattern[bytes]:
    """A cell (`<c r="…"`) past column `columns` or row `rows`, or one that does not start `<c r="`
    (left to the exact pass). The letters are read once (possessively) and judged by look-behinds, which
    keeps the pattern about as fast as finding `<c`. Rows' own references do not matter: calamine places
    a cell by its reference, and only a cell without one by its row's."""
    letters = _column_name(columns)
    size = len(letters)
    after = [f"(?<=[A-Za-z]{{{size + 1}}})"]  # more letters
    for index, letter in enumerate(letters):  # as many letters, a later one at `index`
        if letter != "Z":
            same = "".join(f"[{c}{c.lower()}]" for c in letters[:index])
            later = chr(ord(letter) + 1)
            after.append(f'(?<="{same}[{later}-Z{later.lower()}-z][A-Za-z]{{{size - index - 1}}})')
    if rows >= 999_999:  # seven digits or more (a sheet that long is read the slow way)
        below = r"\d{7}"
    else:
        digits = str(rows)
        choices = [f"[1-9]\\d{{{len(digits)},}}"]
        for index, digit in enumerate(digits):
            if digit != "9":
                choices.append(f"{digits[:index]}[{int(digit) + 1}-9]\\d{{{len(digits) - index - 1}}}")
        below = f'0*+(?:{"|".join(choices)})"'
    return re.compile(f'<c(?: r="[A-Za-z]*+(?:{"|".join(after)}|{below})|(?! r=")[\\s/>])'.encode())


def _refuse_sheet(path: str, what: str, columns: int, rows: int) -> InputError:
    return InputError(
        f"the first sheet {what} ({columns:,} columns × {rows:,} rows); flywheel reads sheets of at most "
        f"{MAX_SHEET_COLUMNS:,} columns and {MAX_SHEET_CELLS:,} cells",
        path=path,
        hint="a report is never that large: save the sheet without the stray cells, or export the report as CSV",
    )


def _too_large(columns: int, rows: int) -> bool:
    return columns > MAX_SHEET_COLUMNS or rows > MAX_SHEET_ROWS or columns * rows > MAX_SHEET_CELLS


def _check_sheet(path: str, archive: zipfile.ZipFile, sheet: str) -> None:
    with _guarded(
        _open_member(archive, sheet, path, "workbook"), path, "workbook", MAX_DECOMPRESSED_BYTES
    ) as part:
        _guard(part).lines = False
        blocks = _tagged_blocks(path, part)
        head = next(blocks, b"")
        declared = _DIMENSION.search(head)
        columns = 1
        if declared:
            last_column = _column_number(declared[3] or declared[1])
            last_row = int(declared[4] or declared[2])
            if _too_large(last_column, last_row):
                area = f"{declared[1].decode()}{declared[2].decode()}:{_column_name(last_column)}{last_row}"
                raise _refuse_sheet(path, f"declares the range {area}", last_column, last_row)
            columns = last_column
        columns = max([columns, *map(_column_number, set(_HEAD_COLUMNS.findall(head)))])
        if columns <= MAX_SHEET_COLUMNS:
            beyond = _beyond(columns, min(MAX_SHEET_ROWS, MAX_SHEET_CELLS // columns))
            if not any(
                beyond.search(text) or _PREFIXED.search(text) for text in itertools.chain([head], blocks)
            ):
                return  # every cell is within `columns` × `rows`
    _exact_sheet(path, archive, sheet)


def _exact_sheet(path: str, archive: zipfile.ZipFile, sheet: str) -> None:
    """The area calamine would allocate, cell by cell; refused when beyond the limits."""
    row = column = last_row = last_column = 0
    with _guarded(
        _open_member(archive, sheet, path, "workbook"), path, "workbook", MAX_DECOMPRESSED_BYTES
    ) as part:
        _guard(part).lines = False
        for text in _tagged_blocks(path, part):
            for tag in _TAG.finditer(text):
                ref = _REF.search(tag[2])
                if tag[1] == b"row":
                    row, column = (int(ref[2]) if ref and ref[2] else row + 1), 0
                    continue
                if ref and ref[1]:
                    column = _column_number(ref[1])
                    cell_row = int(ref[2]) if ref[2] else row
                else:
                    column, cell_row = column + 1, row
                if column > last_column or cell_row > last_row:
                    last_column, last_row = max(last_column, column), max(last_row, cell_row)
                    if _too_large(last_column, last_row):
                        where = f"reaches cell {_column_name(last_column)}{last_row}"
                        raise _refuse_sheet(path, where, last_column, last_row)


def _tagged_blocks(path: str, part: IO[bytes]) -> Iterator[bytes]:
    """A sheet's XML in blocks of about a MiB that end after a `>`, so that no tag is split."""
    carry = b""
    while block := part.read(_HEAD_BYTES):
        text = carry + block
        cut = text.rfind(b">") + 1
        if cut:
            yield text[:cut]
        carry = text[cut:]
        if len(carry) > _MAX_UNTAGGED:  # Excel keeps a cell's text under 32,767 characters
            raise InputError(
                f"the first sheet holds more than {_size(_MAX_UNTAGGED)} of text without markup: not a worksheet",
                path=path,
                hint="open it in Excel and save it again, or export the report as CSV",
            )


def _xlsx_rows(path: str, data: bytes | None) -> Iterator[list[str]]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = (
            CalamineWorkbook.from_filelike(io.BytesIO(data))
            if data is not None
            else CalamineWorkbook.from_path(path)
        )
        try:
            rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        finally:
            close = getattr(workbook, "close", None)  # python-calamine < 0.3 has no close()
            if close is not None:
                close()
    except Exception as exc:  # calamine raises its own error types for broken workbooks
        raise InputError(
            f"cannot read the .xlsx workbook: {' '.join(str(exc).split())}",
            path=path,
            hint="open it in Excel and save it again",
        ) from None
    for row in rows:
        yield [_cell_text(value) for value in row]


def _cell_text(value: object) -> str:
    """Excel cells come typed; turn them back into the text the CSV export would have had."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and math.isfinite(value):
        # Excel shows (and saves to CSV) at most 15 significant digits; beyond that a double holds
        # binary noise (0.30000000000000004). Write it out without an exponent (5e-05 → 0.00005).
        return format(Decimal(format(value, ".15g")), "f") if value else "0"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def regular_file(path: str) -> str | None:
    """The regular file behind `path` (`archive.zip!member` → the archive), or None for standard
    input, pipes and FIFOs: what can be opened again without taking another reader's data."""
    if path == "-":
        return None
    for candidate in (path, path.split("!", 1)[0]):
        try:
            if stat.S_ISREG(os.stat(candidate).st_mode):
                return candidate
        except OSError:
            continue
    return None
