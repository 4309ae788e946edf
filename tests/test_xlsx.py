""".xlsx inputs (Amazon Ads console downloads), built at test time from hand-written SpreadsheetML.

The workbooks are made with the standard library only (zipfile + XML text), the way Excel stores
them: numbers as numbers, percentages as fractions with a percent number format (12.31% is 0.1231),
dates as day serials with a date format, text as shared or inline strings.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest

from flywheel_cli.reports.reader import open_report
from tests.conftest import Run, flywheel

# --- a minimal SpreadsheetML writer -----------------------------------------------------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# Cell formats (`s=` indexes cellXfs below): 0 General, 1 built-in 10 "0.00%", 2 a date,
# 3 a dollar amount, 4 a plain two-decimal number.
GENERAL, PERCENT, DATE, DOLLARS, NUMBER = range(5)
STYLES = (
    f'{XML_HEAD}<styleSheet xmlns="{MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="mmm dd, yyyy"/>'
    '<numFmt numFmtId="165" formatCode="&quot;$&quot;#,##0.00"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs></styleSheet>"
)


@dataclass(frozen=True)
class Num:
    """A number cell: `text` is written into `<v>` as is (Excel writes e.g. `5.0000000000000002E-5`)."""

    text: str
    style: int = GENERAL


@dataclass(frozen=True)
class Inline:
    """A text cell stored inline (`t="inlineStr"`) instead of in sharedStrings.xml."""

    text: str


Cell = str | int | float | date | Num | Inline | None  # str → shared string; None → no cell


def pct(fraction: str) -> Num:
    return Num(fraction, PERCENT)


def usd(amount: str) -> Num:
    return Num(amount, DOLLARS)


def day(value: date) -> Num:
    return Num(str((value - date(1899, 12, 30)).days), DATE)


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _sheet_xml(rows: Sequence[Sequence[Cell] | None], strings: dict[str, int]) -> str:
    lines = []
    for number, row in enumerate(rows, 1):
        if row is None:
            continue  # a row Excel does not write at all: an empty row
        cells = []
        for index, cell in enumerate(row):
            ref = f"{_column(index)}{number}"
            if cell is None:
                continue
            if isinstance(cell, str):
                position = strings.setdefault(cell, len(strings))
                cells.append(f'<c r="{ref}" t="s"><v>{position}</v></c>')
            elif isinstance(cell, Inline):
                text = escape(cell.text)
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
            elif isinstance(cell, Num):
                cells.append(f'<c r="{ref}" s="{cell.style}"><v>{cell.text}</v></c>')
            elif isinstance(cell, date):
                serial = day(cell)
                cells.append(f'<c r="{ref}" s="{serial.style}"><v>{serial.text}</v></c>')
            else:
                cells.append(f'<c r="{ref}"><v>{cell!r}</v></c>')
        lines.append(f'<row r="{number}">{"".join(cells)}</row>')
    return f'{XML_HEAD}<worksheet xmlns="{MAIN}"><sheetData>{"".join(lines)}</sheetData></worksheet>'


def write_xlsx(path: Path, *sheets: tuple[str, Sequence[Sequence[Cell] | None]]) -> Path:
    """Write a workbook with the given (name, rows) sheets; a None row is an empty row."""
    strings: dict[str, int] = {}
    sheet_parts = [_sheet_xml(rows, strings) for _, rows in sheets]
    count = len(sheets)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, count + 1)
    )
    content_types = (
        f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}"
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    )
    package_rels = (
        f'{XML_HEAD}<Relationships xmlns="{RELS}">'
        f'<Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    workbook = (
        f'{XML_HEAD}<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>'
        + "".join(
            f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>'
            for n, (name, _) in enumerate(sheets, 1)
        )
        + "</sheets></workbook>"
    )
    workbook_rels = (
        f'{XML_HEAD}<Relationships xmlns="{RELS}">'
        + "".join(
            f'<Relationship Id="rId{n}" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, count + 1)
        )
        + f'<Relationship Id="rId{count + 1}" Type="{DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
        + f'<Relationship Id="rId{count + 2}" Type="{DOC_RELS}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )
    ordered = sorted(strings, key=strings.__getitem__)
    shared = (
        f'{XML_HEAD}<sst xmlns="{MAIN}" count="{len(ordered)}" uniqueCount="{len(ordered)}">'
        + "".join(f'<si><t xml:space="preserve">{escape(text)}</t></si>' for text in ordered)
        + "</sst>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", package_rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        for n, part in enumerate(sheet_parts, 1):
            archive.writestr(f"xl/worksheets/sheet{n}.xml", part)
        archive.writestr("xl/sharedStrings.xml", shared)
        archive.writestr("xl/styles.xml", STYLES)
    return path


# --- the workbooks ----------------------------------------------------------------------------------

# Legacy console, Sponsored Products advertised product report (see docs/reports.md): the sales
# columns keep Amazon's trailing spaces.
LEGACY_HEADER = [
    "Start Date", "End Date", "Portfolio name", "Currency", "Campaign Name", "Ad Group Name",
    "Advertised SKU", "Advertised ASIN", "Impressions", "Clicks", "Click-Thru Rate (CTR)",
    "Cost Per Click (CPC)", "Spend", "7 Day Total Sales ", "Total Advertising Cost of Sales (ACOS) ",
    "Total Return on Advertising Spend (ROAS)", "7 Day Total Orders (#)", "7 Day Total Units (#)",
    "7 Day Conversion Rate", "7 Day Advertised SKU Units (#)", "7 Day Other SKU Units (#)",
    "7 Day Advertised SKU Sales ", "7 Day Other SKU Sales ",
]  # fmt: skip
SEP_1, SEP_30 = date(2026, 9, 1), date(2026, 9, 30)


def _legacy_row(sku: str, impressions: int, clicks: int, spend: str, sales: str | None) -> list[Cell]:
    return [
        SEP_1, SEP_30, "Not grouped", "USD", "SP - Lamps - Exact", "Desk lamps", sku, "B0CLAMP001",
        impressions, clicks, pct("0.01088"), usd("0.52"), usd(spend), usd(sales) if sales else None,
        pct("0.0552"), Num("18.12", NUMBER), 41, 43, pct("0.313"), 40, 3, usd("1200"), usd("34.5"),
    ]  # fmt: skip


LEGACY_ROWS: list[Sequence[Cell] | None] = [
    ["Sponsored Products Advertised product report"],  # a title row above the header
    None,  # an empty row between title and header
    LEGACY_HEADER,
    _legacy_row("LMP-DESK-01", 12040, 131, "68.12", "1234.5"),
    # Excel keeps binary noise that it only hides by showing 15 significant digits.
    _legacy_row("LMP-DESK-02", 310, 1, "0.30000000000000004", "0"),
    _legacy_row("LMP-DESK-03", 95, 0, "0", None),  # no sales: the cell is missing, not 0
]

# 2025+ console, Sponsored Products search term report, written with inline strings.
CONSOLE_HEADER = [
    "Budget currency", "Date range", "Campaign ID", "Campaign name", "Ad group name", "Targeting",
    "Targeting match type", "Search term", "Impressions", "Clicks", "CTR", "Total cost", "Purchases",
    "Sales", "Units sold", "ROAS",
]  # fmt: skip
JULY = "Jul 06, 2026 - Jul 29, 2026"


def _console_row(term: str, clicks: int, cost: str, purchases: int, sales: str | None) -> list[Cell]:
    return [
        Inline("USD"), Inline(JULY), Inline('="254927681919372"'), Inline("SP - Pliers - Auto"),
        Inline("Pliers"), Inline("close-match"), Inline("-"), Inline(term), 9582, clicks,
        pct("1.0436000000000001E-2"), Num(cost, NUMBER), purchases, Num(sales, NUMBER) if sales else None,
        purchases, Num("1.66559"),
    ]  # fmt: skip


CONSOLE_ROWS: list[Sequence[Cell] | None] = [
    [Inline(name) for name in CONSOLE_HEADER],
    _console_row("fishing pliers", 100, "108.61", 11, "180.9"),
    _console_row("pliers orange", 7, "5.25", 0, "0"),
    _console_row("b0gwcdx3hy", 0, "0", 0, None),
]


def _records(path: Path) -> list[Any]:
    report = open_report(str(path))
    try:
        return list(report.records())
    finally:
        report.close()


def _inspect(*paths: Path) -> list[dict[str, Any]]:
    # ResourceWarnings printed on stderr would show a file left open by the CLI.
    result = flywheel(
        "inspect", *map(str, paths), "--format", "json", env={"PYTHONWARNINGS": "always::ResourceWarning"}
    )
    assert result.code == 0, result.err
    assert result.err == ""
    inputs: list[dict[str, Any]] = json.loads(result.out)["inputs"]
    return inputs


# --- (a) legacy console advertised product ----------------------------------------------------------


def test_legacy_advertised_product_xlsx_is_described(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "Sponsored Products Advertised product report.xlsx", ("Sheet1", LEGACY_ROWS))
    [entry] = _inspect(path)
    assert entry["kind"] == "ads-sp-advertised-product"
    assert entry["layout"] == "legacy-console"
    assert entry["container"] == "xlsx"
    assert entry["rows"] == 3
    assert entry["period"] == {"start": "2026-09-01", "end": "2026-09-30"}
    assert entry["currency"] == "USD"
    assert entry["header_line"] == 3  # title on row 1, empty row 2
    assert entry["language"] == "en"
    assert (entry["encoding"], entry["delimiter"]) == (None, None)
    assert entry["unknown_columns"] == []


def test_legacy_advertised_product_xlsx_values(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "ads.xlsx", ("Sheet1", LEGACY_ROWS))
    records = _records(path)
    assert [r.line for r in records] == [4, 5, 6]  # rows of the sheet, as Excel numbers them
    assert sum(r.clicks for r in records) == 132
    assert sum(r.spend for r in records) == Decimal("68.42")
    assert [r.spend for r in records] == [Decimal("68.12"), Decimal("0.3"), Decimal("0")]
    assert sum(r.sales for r in records if r.sales is not None) == Decimal("1234.5")
    assert records[2].sales is None
    first = records[0]
    assert (first.date, first.end_date, first.currency) == (SEP_1, SEP_30, "USD")
    assert (first.sku, first.asin, first.impressions, first.orders, first.units) == (
        "LMP-DESK-01",
        "B0CLAMP001",
        12040,
        41,
        43,
    )


# --- (b) 2025+ console search term ------------------------------------------------------------------


def test_console_2025_search_term_xlsx_is_described(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "search-terms.xlsx", ("Search term report", CONSOLE_ROWS))
    [entry] = _inspect(path)
    assert entry["kind"] == "ads-sp-search-term"
    assert entry["layout"] == "console-2025"
    assert entry["container"] == "xlsx"
    assert entry["rows"] == 3
    assert entry["period"] == {"start": "2026-07-06", "end": "2026-07-29"}
    assert entry["currency"] == "USD"
    assert entry["header_line"] == 1
    assert entry["unknown_columns"] == []


def test_console_2025_search_term_xlsx_values(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "search-terms.xlsx", ("Search term report", CONSOLE_ROWS))
    records = _records(path)
    assert sum(r.clicks for r in records) == 107
    assert sum(r.spend for r in records) == Decimal("113.86")
    assert sum(r.sales for r in records if r.sales is not None) == Decimal("180.9")
    assert records[2].sales is None
    assert [r.search_term for r in records] == ["fishing pliers", "pliers orange", "b0gwcdx3hy"]
    assert (records[0].date, records[0].end_date) == (date(2026, 7, 6), date(2026, 7, 29))
    assert (records[0].orders, records[0].units, records[0].match_type) == (11, 11, None)


# --- how typed cells become values --------------------------------------------------------------------

BUSINESS_HEADER = [
    "(Parent) ASIN", "(Child) ASIN", "Title", "SKU", "Sessions - Total", "Sessions - Total - B2B",
    "Session Percentage - Total", "Session Percentage - Total - B2B", "Page Views - Total",
    "Page Views - Total - B2B", "Page Views Percentage - Total", "Page Views Percentage - Total - B2B",
    "Featured Offer (Buy Box) Percentage", "Featured Offer (Buy Box) Percentage - B2B", "Units Ordered",
    "Units Ordered - B2B", "Unit Session Percentage", "Unit Session Percentage - B2B",
    "Ordered Product Sales", "Ordered Product Sales - B2B", "Total Order Items", "Total Order Items - B2B",
]  # fmt: skip


def test_percent_cells_are_read_once_as_fractions(tmp_path: Path) -> None:
    """Excel stores 99.80% as 0.998: it must stay 0.998, not be divided by 100 again."""
    row: list[Cell] = [
        "B0CKPQNSHN", "B096MCMDPL", "Cast Net", "5K-SC4U-PO06", 12131, 261, pct("0.1202"), pct("0.0985"),
        17004, 336, pct("0.1257"), pct("0.0928"), pct("0.998"), pct("1"), 683, 5, pct("0.0563"),
        pct("0.0192"), usd("12905.25"), usd("94.5"), 668, 5,
    ]  # fmt: skip
    tiny = [*row[:12], pct("5.0000000000000002E-5"), *row[13:]]  # 0.005%: Excel writes an exponent
    path = write_xlsx(
        tmp_path / "business.xlsx", ("Detail Page Sales and Traffic", [BUSINESS_HEADER, row, tiny])
    )
    first, second = _records(path)
    assert (first.buy_box_pct, first.buy_box_pct_b2b) == (Decimal("0.998"), Decimal("1"))
    assert second.buy_box_pct == Decimal("0.00005")
    assert (first.sessions, first.units_ordered, first.ordered_product_sales) == (
        12131,
        683,
        Decimal("12905.25"),
    )


def test_a_german_workbook_keeps_its_decimal_points(tmp_path: Path) -> None:
    """Number cells are numbers in any language: 6.125 in a German workbook is not 6125."""
    header = [
        "Datum", "Währung", "Kampagnenname", "Anzeigengruppenname", "Beworbene SKU", "Beworbene ASIN",
        "Impressionen", "Klicks", "Ausgaben", "7 Tage, Umsatz gesamt (€)",
    ]  # fmt: skip
    rows: list[Sequence[Cell] | None] = [
        header,
        [date(2026, 9, 1), "EUR", "SP Lampen", "Tisch", "LMP-1", "B0CLAMP001", 1234, 49, Num("6.125"), 99.9],
        # A number typed as text keeps the German marks; both marks present say which is which.
        [
            date(2026, 9, 2),
            "EUR",
            "SP Lampen",
            "Tisch",
            "LMP-1",
            "B0CLAMP001",
            880,
            12,
            Num("1.5"),
            "1.049,95",
        ],
    ]
    path = write_xlsx(tmp_path / "de.xlsx", ("Tabelle1", rows))
    records = _records(path)
    assert [r.spend for r in records] == [Decimal("6.125"), Decimal("1.5")]
    assert [r.sales for r in records] == [Decimal("99.9"), Decimal("1049.95")]
    assert [r.date for r in records] == [date(2026, 9, 1), date(2026, 9, 2)]


def test_empty_rows_inside_the_data_are_skipped(tmp_path: Path) -> None:
    rows = [LEGACY_HEADER, LEGACY_ROWS[3], None, [""] * len(LEGACY_HEADER), LEGACY_ROWS[4]]
    path = write_xlsx(tmp_path / "gaps.xlsx", ("Sheet1", rows))
    records = _records(path)
    assert [r.line for r in records] == [2, 5]
    assert [entry["rows"] for entry in _inspect(path)] == [2]


def test_header_only_workbook_is_a_valid_empty_report(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "empty.xlsx", ("Sheet1", [LEGACY_HEADER]))
    [entry] = _inspect(path)
    assert (entry["kind"], entry["rows"], entry["container"]) == ("ads-sp-advertised-product", 0, "xlsx")


# --- bad workbooks: exit 2, one located line + hint, nothing on stdout, no traceback ----------------


def _assert_bad(result: Run, location: str, message: str, hint: str) -> None:
    assert result.code == 2, result.err
    assert result.out == ""
    assert "Traceback" not in result.err
    first, *rest = result.err.splitlines()
    assert first.startswith(f"{location}: error: "), result.err
    assert message in first, result.err
    assert len(rest) == 1 and rest[0].startswith("hint: ") and hint in rest[0], result.err


def test_a_cell_that_is_not_a_number_is_located_by_row_and_column(tmp_path: Path) -> None:
    bad = list(LEGACY_ROWS[4] or [])
    bad[9] = "12x"  # Clicks, column J
    path = write_xlsx(tmp_path / "ads.xlsx", ("Sheet1", [*LEGACY_ROWS, bad]))
    result = flywheel("inspect", str(path))
    _assert_bad(
        result, f"{path}:7:10", "a whole number was expected in column 'Clicks', found '12x'", "re-download"
    )


def test_first_sheet_that_is_not_a_report(tmp_path: Path) -> None:
    notes: list[Sequence[Cell] | None] = [["Campaign notes"], ["Raise bids on desk lamps", "Tuesday"]]
    path = write_xlsx(tmp_path / "notes-first.xlsx", ("Notes", notes), ("Report", LEGACY_ROWS))
    result = flywheel("inspect", str(path))
    _assert_bad(result, str(path), "not a report flywheel knows", "first sheet")


def test_workbook_that_is_not_a_report_is_skipped_in_a_folder(tmp_path: Path) -> None:
    write_xlsx(tmp_path / "ads.xlsx", ("Sheet1", LEGACY_ROWS))
    write_xlsx(tmp_path / "notes.xlsx", ("Notes", [["Campaign notes"], ["Raise bids", "Tuesday"]]))
    result = flywheel("inspect", str(tmp_path), "--format", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert [Path(e["path"]).name for e in document["inputs"]] == ["ads.xlsx"]
    assert [Path(s["path"]).name for s in document["skipped"]] == ["notes.xlsx"]
    assert result.err.startswith(f"{tmp_path / 'notes.xlsx'}: warning: skipped: not a report flywheel knows")


BROKEN_PARTS = {
    "sheet": ("xl/worksheets/sheet1.xml", f'{XML_HEAD}<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r='),
    "workbook": ("xl/workbook.xml", f'{XML_HEAD}<workbook xmlns="{MAIN}"><sheets><sheet name='),
    "shared-strings": ("xl/sharedStrings.xml", f'{XML_HEAD}<sst xmlns="{MAIN}"><si><t>Start Date</t'),
}


@pytest.mark.parametrize("part", sorted(BROKEN_PARTS))
def test_corrupted_workbook(tmp_path: Path, part: str) -> None:
    """A valid zip whose XML is broken: one located error line and a hint, never a traceback."""
    good = write_xlsx(tmp_path / "good.xlsx", ("Sheet1", LEGACY_ROWS))
    path = tmp_path / "broken.xlsx"
    member, text = BROKEN_PARTS[part]
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for name in source.namelist():
            target.writestr(name, text if name == member else source.read(name))
    result = flywheel("inspect", str(path))
    _assert_bad(result, str(path), "cannot read the .xlsx workbook", "save it again")
