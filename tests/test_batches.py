"""reports.batches (one regular expression per block, the csv module for the rest) against the csv module."""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flywheel_cli.core.errors import InputError
from flywheel_cli.metrics.fold import Ledger, Window
from flywheel_cli.metrics.payments_fold import PaymentsFold
from flywheel_cli.reports import batches as batches_module
from flywheel_cli.reports.batches import batches, unquote
from flywheel_cli.reports.reader import SAMPLE_ROWS, open_report
from tests.conftest import FIXTURES, flywheel

US = (FIXTURES / "reports" / "payments" / "us-32col.csv").read_text(encoding="utf-8").splitlines()
PREAMBLE, HEADER = US[:7], next(csv.reader([US[7]]))
HEADER_LINE, WIDTH = 8, 32
QUANTITY, PRODUCT_SALES, TOTAL = (HEADER.index(name) for name in ("quantity", "product sales", "total"))
TRICKY = ("Mug, 12 oz", 'a "Type"', "two\nlines", "12:30:45", "a:b", "Ünïcødé ✓ 日本語", "", "  ", '"',
          'Bulb 12"', '","', 'a",', ',"b', '""', 'Oct 1, 2026 "12":00')  # fmt: skip
STYLES: tuple[tuple[str, str], ...] = (("quoted", ","), ("quoted", ","), ("plain", "\t"), ("plain", ","))
STYLES += (("plain", ";"), ("excel", ","), ("excel", ";"), ("quoted", ";"), ("quoted", "\t"))
Read = tuple[int, tuple[str, ...], str]  # (line, chosen cells, date prefix)


def money(cents: int) -> str:
    return f"{Decimal(cents).scaleb(-2):,}"  # -1,234.56 as Seller Central writes it


def payment_row(rng: random.Random) -> list[str]:
    kind = rng.choice(("Order", "Order", "Order", "Order", "Refund", "Service Fee", "Transfer"))
    sign, sale = (-1 if kind == "Refund" else 1), kind in {"Order", "Refund"}
    when = f"Oct {rng.randint(1, 31)}, 2026 {rng.randint(1, 12)}:{rng.randint(0, 59):02}:07 PM PDT"
    sku = rng.choice(("FW-MUG-12OZ-BLU", "FW-BOTTLE-750-BLK", "FW-LAMP-DESK")) if sale else ""
    amounts = [sign * rng.randint(0, 250_000 if i == 0 else 900) for i in range(15)]
    return [when, "24681357901", kind, "112-4810573-2290615" if sale else "", sku,
            f"Flywheel {sku.lower()}, blue" if sale else "Cost of Advertising", str(rng.randint(1, 3)) if sale else "",
            "amazon.com", "Standard Orders", rng.choice(("Amazon", "Seller")), "Austin", "TX", "78701",
            "MarketplaceFacilitator", *map(money, amounts), money(sum(amounts)), "Released", when]  # fmt: skip


def table_of(count: int, seed: int, **options: Any) -> Table:
    rng = random.Random(seed)
    return Table([payment_row(rng) for _ in range(count)], **options)


def render(cells: list[str], style: str, delimiter: str) -> str:
    """One line: every field quoted, Excel's minimal quoting, or no quoting at all."""
    if style == "plain":
        return delimiter.join(cells)
    special = (delimiter, '"', "\n", "\r")
    quote = style == "quoted"
    return delimiter.join(
        '"' + c.replace('"', '""') + '"' if quote or any(s in c for s in special) else c for c in cells
    )


@dataclass
class Table:
    rows: list[list[str]]
    style: str = "quoted"
    delimiter: str = ","
    newline: str = "\n"
    extra: list[tuple[int, str]] = field(default_factory=list)  # raw lines, each before row `index`
    excel_rows: frozenset[int] = frozenset()  # rows written with minimal quoting in a quoted file

    def write(self, path: Path, end: str | None = None) -> None:
        lines = [*PREAMBLE, render(HEADER, self.style, self.delimiter)]
        for index, cells in enumerate(self.rows):
            lines += [raw for at, raw in self.extra if at == index]
            lines.append(render(cells, "excel" if index in self.excel_rows else self.style, self.delimiter))
        lines += [raw for at, raw in self.extra if at >= len(self.rows)]
        text = self.newline.join(lines)
        path.write_text(text + (self.newline if end is None else end), encoding="utf-8", newline="")


@st.composite
def tables(draw: st.DrawFn) -> Table:
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    count = draw(st.integers(SAMPLE_ROWS + 10, 200))
    rows = [payment_row(rng) for _ in range(count)]
    style, delimiter = draw(st.sampled_from(STYLES))
    cells = st.tuples(st.integers(0, count - 1), st.integers(0, WIDTH - 1), st.sampled_from(TRICKY))
    for index, column, text in draw(st.lists(cells, max_size=5)):
        rows[index][column] = text
    if style == "plain":  # a field without quotes cannot hold a delimiter, a quote or a newline
        unsafe = (delimiter, '"', "\n", "\r")
        rows = [["".join(" " if ch in unsafe else ch for ch in cell) for cell in row] for row in rows]
    blanks: tuple[str, ...] = ("", "   ", delimiter * (WIDTH - 1), delimiter * 4)
    if not (style == "plain" and delimiter == "\t"):  # an unquoted tab file has no quoting: `""` is text
        blanks += ('""', delimiter.join(['""'] * WIDTH))
    extra = draw(st.lists(st.tuples(st.integers(0, count), st.sampled_from(blanks)), max_size=3))
    excel_rows = (
        draw(st.frozensets(st.integers(0, count - 1), max_size=2)) if style == "quoted" else frozenset()
    )
    newline = draw(st.sampled_from(("\n", "\r\n")))
    return Table(rows, style, delimiter, newline, extra, excel_rows)


def read(path: Path) -> tuple[list[Read], list[bool], list[int]]:
    """What batches() gives the Payments fold's selection: rows, whether each came from the fast path,
    and the chosen columns."""
    report = open_report(str(path))
    selection = PaymentsFold(Ledger(), report, Window(), None, False).selection
    assert selection.prefix_column == 0
    rows: list[Read] = []
    fast: list[bool] = []
    for batch in batches(report, selection):
        for index, row in enumerate(batch.rows):
            prefix = row[0]
            assert isinstance(prefix, str)
            rows.append((batch.line(index), tuple(unquote(cell) for cell in row[1:]), prefix))
            fast.append(batch.lines is None)
    return rows, fast, list(selection.columns)


def oracle(path: Path, delimiter: str, columns: list[int]) -> list[Read]:
    """The same, from the csv module alone: data rows after the header, blank rows skipped, short rows
    padded; a tab file whose header is not quoted is read without quoting, as Amazon writes them."""
    rows: list[Read] = []
    with path.open(encoding="utf-8", newline="") as file:
        header = file.read().splitlines()[HEADER_LINE - 1]
        file.seek(0)
        unquoted = delimiter == "\t" and '"' not in header
        quoting = csv.QUOTE_NONE if unquoted else csv.QUOTE_MINIMAL
        reader = csv.reader(file, delimiter=delimiter, strict=True, quoting=quoting)
        line = 1
        for cells in reader:
            start, line = line, reader.line_num + 1
            if start <= HEADER_LINE or not any(cells) or (len(cells) == 1 and not cells[0].strip()):
                continue
            cells += [""] * (WIDTH - len(cells))
            rows.append((start, tuple(cells[c] for c in columns), cells[0].partition(":")[0]))
    return rows


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=tables(), block=st.sampled_from((200, 700, 2000)))
def test_batches_equal_the_csv_module(
    table: Table, block: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batches_module, "BLOCK_CHARS", block)
    path = tmp_path / "payments.csv"
    table.write(path)
    rows, _, columns = read(path)
    assert columns == [2, 4, 5, 6, 7, 9, 14, 16, 18, 22, 25, 26, 27, 28, 29]
    assert rows == oracle(path, table.delimiter, columns)
    assert len(rows) == len(table.rows)  # the generated blank lines and empty rows are the only rows dropped


@pytest.mark.parametrize(
    ("style", "delimiter"),
    [("quoted", ","), ("quoted", ";"), ("quoted", "\t"), ("plain", "\t"), ("plain", ",")],
)
def test_a_uniformly_quoted_file_is_read_by_the_fast_path(
    style: str, delimiter: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batches_module, "BLOCK_CHARS", 1000)
    table = table_of(150, 7, style=style, delimiter=delimiter)
    if style == "plain":  # no field may hold the delimiter
        table.rows = [[cell.replace(delimiter, " ") for cell in row] for row in table.rows]
    table.write(path := tmp_path / "uniform.csv")
    rows, fast, columns = read(path)
    assert rows == oracle(path, delimiter, columns)
    assert [line for line, _, _ in rows] == list(range(HEADER_LINE + 1, HEADER_LINE + 151))
    assert fast == [False] * SAMPLE_ROWS + [True] * 100  # only the sample went through the csv module


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_quote_inside_a_field_stays_on_the_fast_path_and_a_line_break_leaves_it(
    newline: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batches_module, "BLOCK_CHARS", 1000)
    table = table_of(150, 11, newline=newline)
    table.rows[60][5] = 'Bulb 12" (inch mark), "warm" white'
    table.rows[61][5] = 'ends with a quote and a comma ",'
    table.rows[62][5] = '","'  # what a naive split of the run would take for a separator
    table.rows[120][5] = 'Mug "12 oz"'
    table.rows[121][5] = "two\nlines"
    table.write(path := tmp_path / "quote.csv")
    rows, fast, columns = read(path)
    assert rows == oracle(path, ",", columns)
    description = columns.index(5)
    assert [rows[i][1][description] for i in (60, 61, 62, 120)] == [
        'Bulb 12" (inch mark), "warm" white',
        'ends with a quote and a comma ",',
        '","',
        'Mug "12 oz"',
    ]
    assert rows[121][1][description] == "two\nlines"
    assert (rows[121][0], rows[122][0]) == (HEADER_LINE + 122, HEADER_LINE + 124)
    assert all(fast[SAMPLE_ROWS:116])  # quotes inside fields: still the fast path
    assert not any(fast[121:])  # from the block with the line break on, the csv module
    assert fast.index(False, SAMPLE_ROWS) >= 116  # ...from the start of that block (of 3 or 4 rows)


@pytest.mark.parametrize("last", ["quoted", "doubled-quote", "excel-quoting"])
def test_a_last_line_without_newline_is_read(last: str, tmp_path: Path) -> None:
    table = table_of(80, 3, excel_rows=frozenset({79} if last == "excel-quoting" else ()))
    if last == "doubled-quote":
        table.rows[79][5] = 'Mug "12 oz"'
    table.write(path := tmp_path / "end.csv", end="")
    rows, fast, columns = read(path)
    assert (len(rows), rows[-1][0]) == (80, HEADER_LINE + 80)
    assert fast[-1] is (last != "excel-quoting")  # a quoted last row stays on the fast path
    assert rows == oracle(path, ",", columns)


def test_a_cut_last_line_without_newline_is_refused(tmp_path: Path) -> None:
    table_of(80, 5).write(path := tmp_path / "cut.csv", end='\n"Oct 9, 2026 1:00:00 PM PDT","1","Order"')
    with pytest.raises(InputError, match="row has 3 fields; the header has 32") as error:
        read(path)
    assert error.value.line == HEADER_LINE + 81


NAMES = {0: "date/time", QUANTITY: "quantity", TOTAL: "total"}  # as the header writes them
BAD_CELLS = {  # {row: (column, text)}, what was expected, what is shown: the first row's cell is reported
    "amount": ({2500: (TOTAL, "12.3x")}, "an amount", "12.3x"),
    "first-of-two": ({2600: (QUANTITY, "1.5"), 2500: (TOTAL, "12.3x")}, "an amount", "12.3x"),
    "date": (
        {2000: (0, "not a date 12:00:00")},
        "a date",
        "not a date 12:00:00",
    ),  # the whole cell, as inspect shows it
    "quantity": ({2500: (QUANTITY, "1.5")}, "a whole number", "1.5"),
}


@pytest.mark.parametrize("fallback", [False, True], ids=["fast-path", "csv-module"])
@pytest.mark.parametrize(("bad", "expected", "found"), BAD_CELLS.values(), ids=BAD_CELLS)
def test_a_bad_cell_far_after_the_sample_is_located(
    bad: dict[int, tuple[int, str]], expected: str, found: str, fallback: bool, tmp_path: Path
) -> None:
    table = table_of(3000, 2026)
    for index, (at, text) in bad.items():
        table.rows[index][at] = text
    if fallback:  # the csv module reads from the block with this row on
        table.rows[1500][5] = 'Mug "12 oz"'
    table.write(path := tmp_path / "bad.csv")
    line, column = HEADER_LINE + 1 + min(bad), bad[min(bad)][0]
    result = flywheel("kpis", str(path))
    assert (result.code, result.out) == (2, "")
    message = f"{expected} was expected in column {NAMES[column]!r}, found {found!r}"
    assert result.err.startswith(f"{path}:{line}:{column + 1}: error: {message}\n"), result.err


def test_kpis_are_the_same_through_the_fast_path_and_the_csv_module(tmp_path: Path) -> None:
    table = table_of(3000, 2026)
    table.write(quoted := tmp_path / "quoted.csv")
    table.style = "excel"
    table.write(excel := tmp_path / "excel.csv")
    assert all(read(quoted)[1][SAMPLE_ROWS:]) and not any(read(excel)[1])
    outputs = [flywheel("kpis", str(path), "--format", "json") for path in (quoted, excel)]
    assert [(r.code, r.err) for r in outputs] == [(0, "")] * 2
    fast, slow = (json.loads(r.out, parse_float=Decimal) for r in outputs)
    assert fast["total"]["metrics"] == slow["total"]["metrics"]
    assert fast["inputs"][0]["rows"] == slow["inputs"][0]["rows"] == 3000
    orders = [row for row in table.rows if row[2] == "Order"]
    gross = sum(Decimal(row[PRODUCT_SALES].replace(",", "")) for row in orders)
    assert fast["total"]["metrics"]["gross_sales"] == gross
    assert fast["total"]["metrics"]["units_sold"] == sum(int(row[QUANTITY]) for row in orders)


@pytest.mark.parametrize("command", ["kpis", "inspect"])
def test_an_undecodable_byte_far_after_the_sample_is_located_exactly(command: str, tmp_path: Path) -> None:
    table = table_of(3000, 2026)
    table.rows[2500][4] = "SKU-MARK"
    table.write(path := tmp_path / "latin.csv")
    path.write_bytes(path.read_bytes().replace(b"SKU-MARK", b"SKU-\xff", 1))
    result = flywheel(command, str(path))
    column = len(render(table.rows[2500][:4], "quoted", ",")) + len(',"SKU-') + 1
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(
        f"{path}:{HEADER_LINE + 2501}:{column}: error: cannot decode byte 0xff (utf-8)\nhint: "
    ), result.err


def test_an_undecodable_byte_on_standard_input_is_located_at_its_block(tmp_path: Path) -> None:
    table = table_of(3000, 2026)
    table.rows[2500][4] = "SKU-MARK"
    table.write(path := tmp_path / "latin.csv")
    data = path.read_bytes().replace(b"SKU-MARK", b"SKU-\xff", 1)
    done = subprocess.run([sys.executable, "-m", "flywheel_cli", "kpis", "-"], input=data, capture_output=True,
                          env={**os.environ, "NO_COLOR": "1"}, check=False)  # fmt: skip
    assert (done.returncode, done.stdout) == (2, b"")
    first = done.stderr.decode().splitlines()[0]
    prefix, _, message = first.partition(": error: ")
    assert message == "cannot decode byte 0xff (utf-8) at or after this line"
    assert prefix.startswith("-:") and SAMPLE_ROWS < int(prefix[2:]) <= HEADER_LINE + 2501  # read once


def test_a_lone_carriage_return_in_a_field_counts_as_a_line_break_as_in_inspect(tmp_path: Path) -> None:
    table = table_of(3000, 2026)
    table.rows[1200][5] = "Mug\r12 oz"  # the file reader ends a line there, inside the quotes
    table.rows[2500][TOTAL] = "12.3x"
    table.write(path := tmp_path / "cr.csv")
    located = [flywheel(command, str(path)).err.splitlines()[0] for command in ("kpis", "inspect")]
    line = HEADER_LINE + 2501 + 1  # one more line: the row with the carriage return spans two
    assert (
        located
        == [f"{path}:{line}:{TOTAL + 1}: error: an amount was expected in column 'total', found '12.3x'"] * 2
    )


def test_a_pipe_is_read_once_and_has_no_digest(tmp_path: Path) -> None:
    table = table_of(3000, 2026)
    table.write(path := tmp_path / "plain.csv")
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(path.read_bytes()))
    writer.start()
    piped = flywheel("kpis", str(fifo), "--format", "json")
    writer.join()
    plain = flywheel("kpis", str(path), "--format", "json")
    assert (piped.code, piped.err, plain.code) == (0, "", 0)
    piped_doc, plain_doc = json.loads(piped.out), json.loads(plain.out)
    assert piped_doc["inputs"][0]["sha256"] is None  # a second reader would have taken the parser's data
    assert len(plain_doc["inputs"][0]["sha256"]) == 64
    assert piped_doc["total"] == plain_doc["total"] and piped_doc["inputs"][0]["rows"] == 3000
