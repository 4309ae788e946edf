"""The containers of an input that are zip archives: a zip of one report, and .xlsx workbooks (checked
for what python-calamine would allocate before it is asked for a row). The other half of
reports/source.py, imported only when an input starts as a zip archive does."""

from __future__ import annotations

import io
import itertools
import math
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from decimal import Decimal
from typing import IO

from flywheel_cli.core.errors import InputError
from flywheel_cli.reports.source import (
    MAX_DECOMPRESSED_BYTES,
    MAX_SHEET_CELLS,
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
    Input,
    _from_stream,
    _guard,
    _guarded,
    _peek,
    _read_at_most,
    _size,
)

# What reading a member may raise, as a located "damaged" error rather than a traceback.
ZIP_ERRORS = (OSError, EOFError, zlib.error, zipfile.BadZipFile)


def open_zip(path: str, raw: IO[bytes]) -> Input:
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
        buffered = _member_reader(_open_member(archive, members[0], name), name, "zip archive")
        _guard(buffered).reopen = lambda: _reopen_member(path, data, members[0])
        opened = _from_stream(name, "zip", buffered, _peek(buffered))
    except BaseException:
        archive.close()
        raise
    opened.closers = [buffered, archive]
    return opened


def _member_reader(member: IO[bytes], path: str, what: str) -> io.BufferedReader:
    """A member's bytes, guarded as every input's are (reports/source.py), zipfile's errors included."""
    reader = _guarded(member, path, what, MAX_DECOMPRESSED_BYTES)
    _guard(reader).errors = ZIP_ERRORS
    return reader


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
    except ZIP_ERRORS as exc:
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
    with _member_reader(_open_member(archive, name, path, "workbook"), path, "workbook") as part:
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
    with _member_reader(_open_member(archive, sheet, path, "workbook"), path, "workbook") as part:
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
    with _member_reader(_open_member(archive, sheet, path, "workbook"), path, "workbook") as part:
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
