"""Opening an input: the one place that deals with bytes, containers and encodings.

`open_input` turns a path (or `-`) into an `Input`: either text lines (CSV/TSV, after un-gzipping or
un-zipping and decoding) or rows of cells (xlsx), or a parsed JSON document. Decoding is decided by
evidence: a BOM, then strict UTF-8, then the legacy code pages real exports use (cp1252 for EU/US
SP-API downloads, cp932 for Japan, GBK for files re-saved on Chinese Windows); among those, the reader
keeps the one whose header it recognises.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import math
import os
import stat
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from flywheel_cli.core.errors import InputError

SAMPLE_BYTES = 1 << 16
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
        raw = gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
        try:
            sample = _peek(raw)
        except (OSError, EOFError) as exc:
            raise InputError(f"cannot read the gzip file: {exc}", path=path) from None
        return _from_stream(path, "gzip", raw, sample)
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
        stdin: Any = sys.stdin.buffer
        return io.BufferedReader(stdin.raw, buffer_size=SAMPLE_BYTES)
    file = Path(path)
    if file.is_dir():
        raise InputError("is a folder, not a report file", path=path)
    try:
        return open(file, "rb", buffering=SAMPLE_BYTES)
    except FileNotFoundError:
        raise InputError(
            "no such file", path=path, hint="check the path; folders are searched recursively"
        ) from None
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror}", path=path) from None


def _peek(stream: IO[bytes]) -> bytes:
    peek = getattr(stream, "peek", None)
    data: bytes = peek(SAMPLE_BYTES) if peek else b""
    return data[:SAMPLE_BYTES]


def _from_stream(path: str, container: str, raw: IO[bytes], sample: bytes) -> Input:
    stripped = sample.lstrip(codecs.BOM_UTF8).lstrip()
    if stripped.startswith((b"{", b"[")):
        try:
            document = json.load(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            line = getattr(exc, "lineno", None)
            column = getattr(exc, "colno", None)
            raise InputError(
                f"not valid JSON: {getattr(exc, 'msg', exc)}", path=path, line=line, column=column
            ) from None
        return Input(path, "json", document=document)
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


def _open_zip(path: str, raw: IO[bytes]) -> Input:
    data = raw.read() if path == "-" else None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if data is not None else path)
        names = archive.namelist()
    except zipfile.BadZipFile as exc:
        raise InputError(f"damaged zip archive: {exc}", path=path, hint="download the report again") from None
    if "xl/workbook.xml" in names:
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
    member = archive.open(members[0])
    member_stream: Any = member
    buffered = io.BufferedReader(member_stream, buffer_size=SAMPLE_BYTES)
    opened = _from_stream(f"{path}!{members[0]}", "zip", buffered, _peek(buffered))
    opened.closers = [buffered, archive]
    return opened


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
