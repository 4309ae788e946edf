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
import io
import json
import os
import re
import stat
import sys
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

    # What a failed read of `inner` raises (a zip member's reader adds zipfile's error: reports/archive.py).
    errors: tuple[type[BaseException], ...] = (OSError, EOFError, zlib.error)

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
        except self.errors as exc:
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
        import gzip  # only for a .gz input: most runs read none

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
        from flywheel_cli.reports.archive import open_zip  # zip archives and workbooks: read on demand

        return open_zip(path, raw)
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
