"""Damaged and hostile inputs: each is one located error and exit 2 — never a traceback, an abort, exit 1
or 3, minutes of work or memory that grows with the input (docs/reports.md, "Bad input", "Limits").

Each file is built at test time from the example Payments report (or a small workbook), then broken
in one way. Payments reports are read by `kpis` through the bulk reader (reports/batches.py) and by
`inspect` through the csv module, so the errors raised while text is read are checked on both paths.
"""

from __future__ import annotations

import gzip
import io
import re
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from flywheel_cli.core.errors import InputError
from flywheel_cli.metrics.fold import month_span, week_span
from flywheel_cli.reports import source, values
from flywheel_cli.reports.reader import open_report
from tests.conftest import EXAMPLE, ROOT, Run, flywheel
from tests.test_xlsx import Cell, write_xlsx

PAYMENTS = (EXAMPLE / "payments-2026-10.csv").read_bytes()
LINES = PAYMENTS.splitlines(keepends=True)  # 7 preamble lines, the header (line 8), rows from line 9
COMMANDS = ["kpis", "inspect"]
DOWNLOAD_AGAIN = "hint: download the report again"


def refused(result: Run, first: str) -> None:
    """Exit 2, nothing on stdout, `first` as the first stderr line, at most a hint after it."""
    assert (result.code, result.out) == (2, ""), result.err
    line, *rest = result.err.splitlines()
    assert line == first
    assert len(rest) <= 1 and all(r.startswith("hint: ") for r in rest), result.err
    assert "Traceback" not in result.err


def many_rows(copies: int = 20) -> bytes:
    """The example report with its rows repeated: the damage below lies far past the header."""
    return b"".join(LINES[:8]) + b"".join(LINES[8:]) * copies


def _failure(data: bytes) -> Exception | None:
    """What Python's gzip raises for `data` (flywheel must catch it, whatever it is)."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            stream.read()
    except Exception as exc:
        return exc
    return None


# --- 1. damaged containers --------------------------------------------------------------------------


def _flipped(packed: bytes) -> bytes:
    """`packed` with two bytes flipped in the middle of its deflate stream, where zlib notices."""
    for offset in range(len(packed) // 2, len(packed) - 16, 97):
        damaged = bytearray(packed)
        damaged[offset] ^= 0x55
        damaged[offset + 1] ^= 0xAA
        if isinstance(_failure(bytes(damaged)), zlib.error):
            return bytes(damaged)
    raise AssertionError("no flip found that zlib reports")


def _gzip_cases() -> dict[str, tuple[bytes, str]]:
    packed = gzip.compress(many_rows(), mtime=0)
    bad_crc = bytearray(packed)
    bad_crc[-8] ^= 0xFF  # the CRC-32 in the trailer
    flipped = _flipped(packed)
    return {
        "bad-crc": (bytes(bad_crc), f"the gzip file is damaged: {_failure(bytes(bad_crc))}"),
        "flipped": (flipped, f"the gzip file is damaged: {_failure(flipped)}"),
        "trailing-garbage": (
            packed + b"garbage",
            "the gzip file is damaged: unexpected bytes after the compressed data",
        ),
        "truncated": (
            packed[: len(packed) * 2 // 3],
            "the gzip file is damaged: it ends early (the download was cut short?)",
        ),
    }


GZIP_CASES = _gzip_cases()


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", sorted(GZIP_CASES))
def test_a_damaged_gzip_is_located(tmp_path: Path, case: str, command: str) -> None:
    data, message = GZIP_CASES[case]
    path = tmp_path / "payments.csv.gz"
    path.write_bytes(data)
    result = flywheel(command, str(path))
    refused(result, f"{path}: error: {message}")
    assert result.err.splitlines()[1] == DOWNLOAD_AGAIN


def _zip(data: bytes, method: int = zipfile.ZIP_DEFLATED) -> bytearray:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr("payments.csv", data)
    return bytearray(buffer.getvalue())


def _patch_both_headers(archive: bytearray, local: int, central: int, value: int, flag: bool = False) -> None:
    """Set a field of the (only) member's local header and central directory entry."""
    directory = archive.find(b"PK\x01\x02")
    for at in (local, directory + central):
        if flag:
            archive[at] |= value
        else:
            archive[at] = value


def _zip_cases() -> dict[str, tuple[bytes, str]]:
    bad_crc = _zip(many_rows())
    directory = bad_crc.find(b"PK\x01\x02")
    bad_crc[14] ^= 0xFF  # the CRC-32, in the local header …
    bad_crc[directory + 16] ^= 0xFF  # … and in the central directory
    encrypted = _zip(PAYMENTS, zipfile.ZIP_STORED)
    _patch_both_headers(encrypted, 6, 8, 0x01, flag=True)  # general purpose flag bit 0: encrypted
    deflate64 = _zip(PAYMENTS, zipfile.ZIP_STORED)
    _patch_both_headers(deflate64, 8, 10, 9)  # compression method 9: Deflate64
    return {
        "bad-crc": (bytes(bad_crc), "the zip archive is damaged: Bad CRC-32 for file 'payments.csv'"),
        "encrypted": (bytes(encrypted), "the zip archive is encrypted"),
        "deflate64": (bytes(deflate64), "compressed with a method flywheel cannot read (deflate64)"),
    }


ZIP_CASES = _zip_cases()


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", sorted(ZIP_CASES))
def test_a_damaged_zip_member_is_located(tmp_path: Path, case: str, command: str) -> None:
    data, message = ZIP_CASES[case]
    path = tmp_path / "payments.zip"
    path.write_bytes(data)
    refused(flywheel(command, str(path)), f"{path}!payments.csv: error: {message}")


def test_a_damaged_gzip_on_standard_input_is_located() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flywheel_cli", "kpis", "-"],
        input=GZIP_CASES["truncated"][0],
        capture_output=True,
        cwd=ROOT,
        check=False,
    )
    refused(
        Run(done.returncode, done.stdout.decode(), done.stderr.decode()),
        "-: error: the gzip file is damaged: it ends early (the download was cut short?)",
    )


def test_sound_containers_give_byte_identical_output(tmp_path: Path) -> None:
    plain = tmp_path / "payments.csv"
    plain.write_bytes(PAYMENTS)
    (tmp_path / "payments.csv.gz").write_bytes(gzip.compress(PAYMENTS))
    (tmp_path / "payments.zip").write_bytes(bytes(_zip(PAYMENTS)))
    expected = flywheel("kpis", str(plain), "--by", "week")
    assert expected.code == 0, expected.err
    for name in ("payments.csv.gz", "payments.zip"):
        assert flywheel("kpis", str(tmp_path / name), "--by", "week").out == expected.out


# --- 2. JSON nested too deeply ------------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_json_nested_100000_levels_is_located(tmp_path: Path, command: str) -> None:
    path = tmp_path / "performance.json"
    path.write_text("\n" + "[" * 100_000 + "]" * 100_000, encoding="utf-8")
    refused(
        flywheel(command, str(path)), f"{path}:2:101: error: not valid JSON: nested more than 100 levels deep"
    )


def test_a_real_json_document_still_reads() -> None:
    result = flywheel("inspect", str(EXAMPLE / "seller-performance.json"), "--format", "json")
    assert result.code == 0, result.err


# --- 3. workbooks that would make calamine allocate the whole grid ------------------------------------

HEADER = ["Start Date", "End Date", "Campaign Name", "Advertised SKU", "Impressions", "Clicks", "Spend"]
ROWS: list[list[Cell]] = [list(HEADER), ["2026-09-01", "2026-09-30", "Lamps", "LL-1", 100, 5, 3.5]]


def _workbook(path: Path, edit: Callable[[str], str] | None = None) -> Path:
    """A small valid workbook (tests/test_xlsx.py's writer), its first sheet's XML edited by `edit`."""
    write_xlsx(path, ("Sheet1", ROWS))
    if edit is None:
        return path
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = edit(sheet).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


LIMITS = "flywheel reads sheets of at most 500 columns and 50,000,000 cells"


@pytest.mark.parametrize("command", COMMANDS)
def test_a_declared_huge_dimension_is_refused(tmp_path: Path, command: str) -> None:
    path = _workbook(
        tmp_path / "ads.xlsx",
        lambda xml: xml.replace("<sheetData>", '<dimension ref="A1:XFD1048576"/><sheetData>'),
    )
    refused(
        flywheel(command, str(path)),
        f"{path}: error: the first sheet declares the range A1:XFD1048576 (16,384 columns × 1,048,576 rows); {LIMITS}",
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_a_far_away_cell_is_refused_before_calamine_allocates(tmp_path: Path, command: str) -> None:
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    path = _workbook(tmp_path / "ads.xlsx", lambda xml: xml.replace("</sheetData>", far))
    refused(
        flywheel(command, str(path)),
        f"{path}: error: the first sheet reaches cell XFD1048576 (16,384 columns × 1,048,576 rows); {LIMITS}",
    )


def test_a_sheet_whose_only_cell_is_far_away_is_refused(tmp_path: Path) -> None:
    only = '<sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    path = _workbook(
        tmp_path / "ads.xlsx", lambda xml: xml[: xml.index("<sheetData>")] + only + "</worksheet>"
    )
    refused(
        flywheel("inspect", str(path)),
        f"{path}: error: the first sheet reaches cell XFD1048576 (16,384 columns × 1,048,576 rows); {LIMITS}",
    )


def test_too_many_cells_in_a_narrow_sheet_are_refused(tmp_path: Path) -> None:
    # 100 columns (CV) and 600,000 rows is 60,000,000 cells: each limit alone is kept, not their product.
    far = '<row r="600000"><c r="CV600000"><v>1</v></c></row></sheetData>'
    path = _workbook(tmp_path / "ads.xlsx", lambda xml: xml.replace("</sheetData>", far))
    refused(
        flywheel("inspect", str(path)),
        f"{path}: error: the first sheet reaches cell CV600000 (100 columns × 600,000 rows); {LIMITS}",
    )


def test_workbooks_within_the_limits_still_read(tmp_path: Path) -> None:
    plain = _workbook(tmp_path / "plain.xlsx")
    expected = [r.impressions for r in open_report(str(plain)).records()]
    # Cells without references (placed one after the other) and lower-case references, as some
    # writers leave them, go through the exact pass and read the same.
    unreferenced = _workbook(tmp_path / "bare.xlsx", lambda xml: re.sub(r' r="[A-Z]+\d+"', "", xml))
    lower = _workbook(tmp_path / "lower.xlsx", lambda xml: xml.replace('r="A', 'r="a'))
    for path in (unreferenced, lower):
        assert [r.impressions for r in open_report(str(path)).records()] == expected == [100]


# --- 4. limits no real export reaches -----------------------------------------------------------------


def _long_row(size: int) -> bytes:
    """Row 9 of the example report with its description padded to make a line of `size` bytes (its
    line end not counted)."""
    row = LINES[8].rstrip(b"\r\n")
    padding = size - len(row)
    return row.replace(b'"Lumen Linen', b'"' + b"x" * padding + b"Lumen Linen", 1) + b"\n"


@pytest.mark.parametrize("command", COMMANDS)
def test_a_line_longer_than_1_mib_is_located(tmp_path: Path, command: str) -> None:
    path = tmp_path / "payments.csv"
    path.write_bytes(b"".join(LINES[:9]) + _long_row(source.MAX_LINE_BYTES + 1) + LINES[9])
    refused(
        flywheel(command, str(path)),
        f"{path}:10: error: line is longer than 1 MiB; report lines are a few KB",
    )


def test_a_line_of_exactly_1_mib_is_read(tmp_path: Path) -> None:
    path = tmp_path / "payments.csv"
    path.write_bytes(b"".join(LINES[:9]) + _long_row(source.MAX_LINE_BYTES) + LINES[9])
    result = flywheel("inspect", str(path), "--format", "json")
    assert result.code == 0, result.err


def test_a_huge_line_in_a_gzip_stops_at_1_mib(tmp_path: Path) -> None:
    # 256 MiB of one line, compressed to a quarter MiB: refused after reading about 1 MiB of it.
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [packer.compress(b"".join(LINES[:12]))]
    parts += [packer.compress(b"x" * (1 << 24)) for _ in range(16)]
    path = tmp_path / "payments.csv.gz"
    path.write_bytes(b"".join([*parts, packer.flush()]))
    refused(
        flywheel("kpis", str(path)), f"{path}:13: error: line is longer than 1 MiB; report lines are a few KB"
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_millions_of_blank_lines_are_refused_early(tmp_path: Path, command: str) -> None:
    # What 10 GB of blank lines in 10 MB of gzip does, in small: stopped after 2,000,000 of them.
    path = tmp_path / "payments.csv.gz"
    path.write_bytes(gzip.compress(b"".join(LINES[:9]) + b"\n" * 2_100_000 + LINES[9]))
    refused(
        flywheel(command, str(path)),
        f"{path}:2000010: error: more than 2,000,000 lines in a row without data; no report has that many",
    )


def test_rows_of_empty_cells_count_as_blank(tmp_path: Path) -> None:
    path = tmp_path / "payments.csv"
    path.write_bytes(b"".join(LINES[:9]) + b",,,\n" * 2_000_001 + LINES[9])
    refused(
        flywheel("inspect", str(path)),
        f"{path}:2000010: error: more than 2,000,000 lines in a row without data; no report has that many",
    )


def test_a_cell_longer_than_the_limit_is_located(tmp_path: Path) -> None:
    # Every line is short, but one quoted cell spans many of them.
    cell = b'"' + b"x" * 1000 + (b"\n" + b"x" * 1000) * 1100 + b'"'
    row = LINES[8].replace(b'"Lumen Linen Drum Lamp Shade', cell, 1)
    path = tmp_path / "payments.csv"
    path.write_bytes(b"".join(LINES[:8]) + row)
    refused(
        flywheel("inspect", str(path)),
        f"{path}:9: error: a cell is longer than 1,048,576 characters; report cells are short",
    )


def test_the_decompressed_size_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 4 GiB is too much to inflate in a test: the same check, with a smaller cap.
    monkeypatch.setattr(source, "MAX_DECOMPRESSED_BYTES", 1 << 20)
    path = tmp_path / "payments.csv.gz"
    path.write_bytes(gzip.compress(many_rows(10)))
    with pytest.raises(InputError) as caught:
        for _ in open_report(str(path)).records():
            pass
    assert caught.value.render() == (
        f"{path}: error: the gzip file holds more than 1 MiB of data; no report is that large\n"
        "hint: it is damaged or not a report; download the report again"
    )


# --- 5. amounts ----------------------------------------------------------------------------------------


def _with_total(total: str) -> bytes:
    return b"".join(LINES[:8]) + LINES[8].replace(b'"15.54"', f'"{total}"'.encode(), 1)


@pytest.mark.parametrize("command", COMMANDS)
def test_an_amount_of_29_digits_is_located(tmp_path: Path, command: str) -> None:
    path = tmp_path / "payments.csv"
    path.write_bytes(_with_total("12345678901234567890123456789.12"))
    refused(
        flywheel(command, str(path)),
        f"{path}:9:30: error: an amount was expected in column 'total', found '12345678901234567890123456789.12'",
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_a_long_money_cell_is_refused_at_once(tmp_path: Path, command: str) -> None:
    path = tmp_path / "payments.csv"
    path.write_bytes(_with_total("$" * 80_000 + "15.54"))
    refused(
        flywheel(command, str(path)),
        f"{path}:9:30: error: an amount was expected in column 'total', found '{'$' * 60}'… (80,005 characters)",
    )


def test_currency_affixes_are_stripped_in_linear_time() -> None:
    # Quadratic, this took minutes; and a long cell is refused before any of it.
    assert values._strip_currency("$" * 200_000 + "15.54" + " USD" * 50_000) == "15.54"
    with pytest.raises(ValueError, match="longer than 64"):
        values.parse_decimal("$" * 65)
    assert values.parse_decimal("-12,345,678,901,234.5678 USD") == values.parse_decimal(
        "-12345678901234.5678"
    )


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        ("123456789012345678", True),  # 18 digits
        ("1234567890123456789", False),
        ("1234567890.12345678", True),
        ("1234567890.123456789", False),
        ("0.000000000000000001", True),  # one significant digit
        ("1000000000000000000", False),  # an integer's trailing zeros count
        ("12.50000000000000000000", True),  # a fraction's trailing zeros do not
    ],
)
def test_amounts_keep_to_18_significant_digits(text: str, accepted: bool) -> None:
    if accepted:
        assert values.parse_decimal(text) is not None
        assert values.parse_decimal("$" + text) is not None
    else:
        with pytest.raises(ValueError):
            values.parse_decimal(text)
        with pytest.raises(ValueError):
            values.parse_int(text)


# --- 6. dates outside the years reports cover ----------------------------------------------------------


@pytest.mark.parametrize(("day", "args"), [("Dec 31, 9999", ("--by", "week")), ("Dec 31, 9999", ("--by", "month")),
                                           ("Jan 1, 0001", ("--by", "week")), ("Dec 31, 1989", ())])  # fmt: skip
def test_a_date_outside_1990_to_2100_is_located(tmp_path: Path, day: str, args: tuple[str, ...]) -> None:
    cell = f"{day} 11:59:59 PM PST"
    path = tmp_path / "payments.csv"
    path.write_bytes(b"".join(LINES[:8]) + LINES[8].replace(b"Oct 1, 2026 1:10:01 AM PDT", cell.encode(), 1))
    for command in (("kpis", str(path), *args), ("inspect", str(path))):
        refused(
            flywheel(*command),
            f"{path}:9:1: error: a date was expected in column 'date/time', found '{cell}'",
        )


def test_weeks_and_months_exist_at_the_ends_of_the_calendar() -> None:
    assert week_span(date.max) == (date(9999, 12, 27), date.max)
    assert month_span(date.max) == (date(9999, 12, 1), date.max)
    assert week_span(date.min) == (date.min, date(1, 1, 7))
    assert month_span(date(2024, 2, 10)) == (date(2024, 2, 1), date(2024, 2, 29))


# --- 7. standard input closed --------------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_closed_standard_input_is_bad_input(command: str) -> None:
    done = subprocess.run(
        ["sh", "-c", f'exec "$0" -m flywheel_cli {command} - <&-', sys.executable],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    refused(Run(done.returncode, done.stdout, done.stderr), "-: error: standard input is closed")


@pytest.mark.parametrize("name", ["nope", "zlib_codec", "rot13"])
def test_an_encoding_python_has_no_text_codec_for_is_a_usage_error(name: str) -> None:
    """`--encoding nope` once ended as an internal error (exit 3, LookupError); `zlib_codec` is a codec
    but no text encoding."""
    result = flywheel("kpis", str(EXAMPLE), "--encoding", name)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"flywheel: error: unknown encoding {name!r}\n"
        "hint: for example utf-8, utf-16, cp1252 (Windows, western Europe), cp932 (Japan), gbk (China)\n"
    )


def test_an_encoding_written_another_way_is_still_read() -> None:
    assert flywheel("kpis", str(EXAMPLE), "--encoding", "UTF8", "--format", "json").code == 0


def test_a_config_path_too_long_for_the_file_system_is_said(tmp_path: Path) -> None:
    """A 5,000-character `--config` once ended as an internal error (OSError: File name too long)."""
    long = str(tmp_path / ("x" * 5000))
    result = flywheel("kpis", str(EXAMPLE), "--config", long)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"{long}: error: cannot be read: File name too long\n")


def test_an_empty_encoding_is_no_choice() -> None:
    """`--encoding "$ENC"` with ENC unset: detected, as before the names were checked."""
    result = flywheel("inspect", "--encoding=", str(EXAMPLE), "--format", "json")
    assert (result.code, result.err) == (0, "")
