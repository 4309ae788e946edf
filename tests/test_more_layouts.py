"""More layouts and locales of kinds flywheel already reads, as users run them: the old Inventory Health
report, Sales and Orders by Month, the legacy by-date Business Reports and by-date rows that are weeks
or months, Payments in Brazilian Portuguese, Dutch and Swedish and from AE, AU and SG, and the Payments
Transaction View download, which is refused. Every figure below was computed by hand from the fixture
rows (tests/fixtures/reports/*/manifest.yaml lists them)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLE, FIXTURES, flywheel

D = Decimal
REPORTS = FIXTURES / "reports"
BY_DATE = REPORTS / "business-report-by-date"
PAYMENTS = REPORTS / "payments"


def _kpis(*args: str) -> tuple[dict[str, Any], str]:
    result = flywheel("kpis", *args, "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out, parse_float=D), result.err


def _total(document: dict[str, Any]) -> dict[str, Any]:
    return document["total"]["metrics"]  # type: ignore[no-any-return]


# file → (kind, layout, language, the account's metrics as `flywheel kpis` gives them)
CASES: dict[str, tuple[str, str, str, dict[str, Any]]] = {
    "fba-inventory/inventory-health-2019.csv": ("fba-inventory", "inventory-health", "en", {
        "available_units": 165, "inbound_units": 200, "unfulfillable_units": 17, "reserved_units": None,
        "units_shipped_t30": 60, "units_shipped_t90": 182, "days_of_supply": D("82.50"),
        "inventory_turnover": D("4.47"), "aged_181_plus_share": D("0.148352"), "aged_365_plus_share": D("0.043956"),
    }),
    "business-report-by-date/us-sales-orders-month.csv": ("business-report-by-date", "sales-orders-month", "en", {
        "ordered_product_sales": D("24091.92"), "units_ordered": 2383, "order_items": 2295, "sessions": None,
        "page_views": None, "unit_session_pct": None, "buy_box_pct": None,
    }),
    "business-report-by-date/us-legacy-detail-page-weekly.csv": ("business-report-by-date", "date-legacy-detail-page",
                                                                 "en", {
        "ordered_product_sales": D("3600.35"), "units_ordered": 154, "order_items": 149, "sessions": 5737,
        "page_views": 7150, "unit_session_pct": D("0.026843"), "buy_box_pct": D("0.994462"),
    }),
    "business-report-by-date/us-legacy-sales-traffic-daily.csv": ("business-report-by-date", "date-legacy", "en", {
        "ordered_product_sales": D("1500.70"), "units_ordered": 64, "order_items": 61, "sessions": 2356,
        "page_views": None, "unit_session_pct": D("0.027165"), "order_item_session_pct": D("0.025891"),
        "buy_box_pct": None,
    }),
    "business-report-by-date/us-by-date-monthly.csv": ("business-report-by-date", "date-total", "en", {
        "ordered_product_sales": D("25556.00"), "units_ordered": 1065, "order_items": 1028, "sessions": 29560,
        "page_views": 37320, "unit_session_pct": D("0.036028"), "buy_box_pct": D("0.990787"),
    }),
    "payments/br-25col.csv": ("payments", "25-col", "pt", {
        "gross_sales": D("239.70"), "units_sold": 3, "refunded_sales": D("79.90"), "units_refunded": 1,
        "referral_fees": D("21.10"), "fba_fees": D("32.10"), "promotions": D("5.00"), "shipping_credits": D("12.50"),
        "storage_fees": D("63.25"), "reimbursements": D("35.10"), "other_fees": D("19.00"), "taxes": D("0.00"),
        "net_proceeds": D("66.95"), "transfers": D("-1234.56"),
    }),
    "payments/nl-18col-derived.csv": ("payments", "18-col", "nl", {
        "gross_sales": D("39.98"), "units_sold": 2, "refunded_sales": D("19.99"), "units_refunded": 1,
        "referral_fees": D("3.60"), "fba_fees": D("6.50"), "shipping_credits": D("4.99"), "other_fees": D("39.00"),
        "taxes": D("0.00"), "net_proceeds": D("-24.12"), "transfers": D("-1024.12"),
    }),
    "payments/se-9col-partial.csv": ("payments", "9-col", "sv", {
        "gross_sales": D("249.00"), "refunded_sales": D("249.00"), "fba_fees": D("45.50"),
        "net_proceeds": D("-45.50"), "transfers": D("-1200.00"),
        # the columns the sources do not name are absent, so their figures are null, never 0
        "units_sold": None, "referral_fees": None, "shipping_credits": None, "taxes": None,
    }),
    "payments/ae-27col.csv": ("payments", "27-col", "en", {
        "gross_sales": D("165.00"), "units_sold": 3, "refunded_sales": D("55.00"), "referral_fees": D("18.15"),
        "fba_fees": D("30.60"), "taxes": D("0.00"), "net_proceeds": D("61.25"), "transfers": D("-1061.25"),
    }),
    "payments/au-28col.csv": ("payments", "28-col", "en", {
        "gross_sales": D("49.90"), "units_sold": 2, "referral_fees": D("7.49"), "fba_fees": D("11.30"),
        "taxes": D("4.99"), "ad_spend": D("12.40"), "net_proceeds": D("23.70"),
    }),
    "payments/sg-27col.csv": ("payments", "27-col", "en", {
        "gross_sales": D("32.00"), "units_sold": 1, "shipping_credits": D("3.50"), "promotions": D("2.00"),
        "referral_fees": D("4.80"), "fba_fees": D("0"), "storage_fees": D("5.15"), "net_proceeds": D("23.55"),
    }),
}  # fmt: skip
CURRENCY = {"br-25col.csv": "BRL", "nl-18col-derived.csv": "EUR", "se-9col-partial.csv": "SEK",
            "ae-27col.csv": "AED", "au-28col.csv": "AUD", "sg-27col.csv": "SGD"}  # fmt: skip


@pytest.mark.parametrize("name", sorted(CASES))
def test_kpis_of_each_new_layout_and_locale(name: str) -> None:
    _, _, _, expected = CASES[name]
    document, _ = _kpis(str(REPORTS / name))
    total = _total(document)
    assert {metric: total[metric] for metric in expected} == expected
    for metric, value in expected.items():
        if value is None:  # absent is never zero: a null says why
            assert document["unavailable"][metric], metric
    [entry] = document["inputs"]
    if name.startswith("payments/"):
        assert entry["currency"] == CURRENCY[Path(name).name]


@pytest.mark.parametrize("name", sorted(CASES))
def test_inspect_names_kind_layout_and_language(name: str) -> None:
    kind, layout, language, _ = CASES[name]
    result = flywheel("inspect", str(REPORTS / name), "--format", "json")
    assert result.code == 0, result.err
    [entry] = json.loads(result.out)["inputs"]
    assert (entry["kind"], entry["layout"], entry["language"]) == (kind, layout, language)


def test_the_swedish_partial_file_names_each_column_it_lacks() -> None:
    document, err = _kpis(str(PAYMENTS / "se-9col-partial.csv"))
    assert "has no 'selling fees' column: the metrics it feeds are empty, not 0" in err
    assert "se-9col-partial.csv has no 'selling fees' column" in document["unavailable"]["referral_fees"]


# --- by-date rows that are weeks or months --------------------------------------------------------


def test_inspect_shows_the_span_a_weekly_report_covers() -> None:
    result = flywheel("inspect", str(BY_DATE / "us-legacy-detail-page-weekly.csv"), "--format", "json")
    [entry] = json.loads(result.out)["inputs"]
    # Three weeks dated by their Sunday: the last one runs to Saturday 26 January.
    assert entry["period"] == {"start": "2019-01-06", "end": "2019-01-26"}


def test_a_month_row_counts_in_a_period_that_holds_the_whole_month() -> None:
    document, _ = _kpis(str(BY_DATE / "us-by-date-monthly.csv"), "--period", "2026-08-01..2026-08-31")
    assert {name: _total(document)[name] for name in ("sessions", "units_ordered", "ordered_product_sales")} == {
        "sessions": 10400, "units_ordered": 380, "ordered_product_sales": D("9120.40"),
    }  # fmt: skip


def test_whole_weeks_inside_the_period_count_and_nothing_else() -> None:
    document, _ = _kpis(
        str(BY_DATE / "us-legacy-detail-page-weekly.csv"), "--period", "2019-01-06..2019-01-19"
    )
    total = _total(document)
    assert (total["sessions"], total["units_ordered"], total["ordered_product_sales"]) == (
        3532,
        93,
        D("2184.60"),
    )
    assert total["buy_box_pct"] == D("0.990979")


@pytest.mark.parametrize(
    ("name", "period", "covers"),
    [
        ("us-by-date-monthly.csv", "2026-08-01..2026-08-07", "2026-07-01..2026-09-30"),
        ("us-legacy-detail-page-weekly.csv", "2019-01-06..2019-01-15", "2019-01-06..2019-01-26"),
    ],
)
def test_a_month_or_week_row_is_never_split_to_fit_a_shorter_period(
    name: str, period: str, covers: str
) -> None:
    result = flywheel("kpis", str(BY_DATE / name), "--period", period, "--format", "json")
    assert result.code == 2
    assert result.out == ""
    assert result.err.splitlines() == [
        f"flywheel: error: no input can be placed in the period {period}: {BY_DATE / name} covers {covers} "
        "in rows that span past the period's edges, and a span cannot be split",
        f"hint: choose a --period that contains {covers}, or download the report by day",
    ]


def test_a_month_report_is_left_out_of_a_week_beside_a_report_that_fits(tmp_path: Path) -> None:
    payments = str(EXAMPLE / "payments-2026-10.csv")
    month = str(BY_DATE / "us-sales-orders-month.csv")
    week = "2026-10-05..2026-10-11"
    document, _ = _kpis(payments, month, "--period", week)
    alone, _ = _kpis(payments, "--period", week)
    total = _total(document)
    assert total["ordered_product_sales"] is None and total["units_ordered"] is None
    assert document["unavailable"]["ordered_product_sales"] == (
        f"{month} covers 2026-10-01..2026-12-31 in rows that span past the period's edges"
    )
    assert total["gross_sales"] == _total(alone)["gross_sales"]
    counted = {entry["path"]: entry["counted"] for entry in document["inputs"]}
    assert counted == {payments: True, month: False}
    # The whole of October holds its month row: 5,066.17 of sales.
    october, _ = _kpis(payments, month, "--period", "2026-10-01..2026-10-31")
    assert (_total(october)["ordered_product_sales"], _total(october)["units_ordered"]) == (D("5066.17"), 212)


# --- Payments: currency from a localised preamble; refused downloads -------------------------------


def test_the_brazilian_preamble_gives_the_currency_when_no_row_names_the_marketplace(tmp_path: Path) -> None:
    lines = (PAYMENTS / "br-25col.csv").read_text(encoding="utf-8-sig").splitlines(keepends=True)
    # The preamble, the header and the FBA storage fee row only: `mercado` is empty on it.
    path = tmp_path / "br-fees.csv"
    path.write_text("".join([*lines[:10], lines[13]]), encoding="utf-8")
    result = flywheel("inspect", str(path), "--format", "json")
    [entry] = json.loads(result.out)["inputs"]
    assert (entry["currency"], entry["marketplace"], entry["language"], entry["rows"]) == (
        "BRL",
        None,
        "pt",
        1,
    )


TRANSACTION_VIEW = [
    "Transaction Summary for February 1, 2020 to March 8, 2020",
    "Transactions: 2",
    "",
    "Date\tOrder ID\tSKU\tTransaction type\tPayment Type\tPayment Detail\tAmount\tQuantity\tProduct Title",
    "Mar 8, 2020\t113-0000001-0000001\tFW-MUG-12OZ-BLU\tOrder Payment\tProduct charges\t\t$45.59\t2\tFlywheel Mug",
    "Mar 8, 2020\t113-0000001-0000001\tFW-MUG-12OZ-BLU\tOrder Payment\tAmazon fees\tFBA Pick & Pack Fee\t$-3.22\t\tFlywheel Mug",
    "Mar 7, 2020\t\t\tOther\tOther\tCurrent Reserve Amount \t$-1,102.04\t\t",
]


@pytest.mark.parametrize("command", ["kpis", "inspect"])
def test_the_transaction_view_download_is_refused_with_the_download_to_use(
    tmp_path: Path, command: str
) -> None:
    path = tmp_path / "report.txt"  # tab, UTF-8 with BOM, CRLF, no newline after the last row (REAL shape)
    path.write_bytes("\r\n".join(TRANSACTION_VIEW).encode("utf-8-sig"))
    result = flywheel(command, str(path))
    assert result.code == 2
    assert result.out == ""
    assert result.err.splitlines() == [
        f"{path}:5:5: error: this is the Payments Transaction View download ('Transaction Summary for …'): one row "
        "per fee or charge, without settlement id, time, marketplace or fulfilment, so flywheel cannot count it "
        "honestly",
        "hint: download the Date Range Report instead: Seller Central › Reports › Payments › Date Range Reports › "
        "Generate Report › Transaction (CSV); it has the same transactions, one row each, with every column",
    ]


def test_a_polish_payments_report_is_not_read_without_its_type_words(tmp_path: Path) -> None:
    # The Polish column names the sources give (DERIVED); Polish `typ` words are known from none, so
    # flywheel cannot tell an order from a fee and does not read the file (docs/reports.md).
    path = tmp_path / "pl.csv"
    path.write_text(
        '"data/godzina","identyfikator rozliczenia","typ","identyfikator zamówienia","sku","rynek",'
        '"sprzedaż produktów","opłaty za fba","suma"\n'
        '"2 mar 2026 10:15:00 UTC","7000000001","Zamówienie","404-0000001-0000001","FW-MUG","amazon.pl",'
        '"99,00","-12,30","86,70"\n',
        encoding="utf-8",
    )
    result = flywheel("kpis", str(path))
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith(f"{path}: error: not a report flywheel knows")
    assert "Polish" in result.err and "English" in result.err


def test_a_recommended_removal_report_is_not_read_as_inventory(tmp_path: Path) -> None:
    # It has `sellable-quantity` and `unsellable-quantity` like Inventory Health, but lists what to remove.
    path = tmp_path / "removal.csv"
    path.write_text(
        '"snapshot-date","sku","fnsku","asin","product-name","condition","sellable-quantity",'
        '"sellable-271-365-days","sellable-365+-days","sellable-removal-quantity","unsellable-quantity",'
        '"unsellable-0-7-days","unsellable-8-60-days","unsellable-61-90-days","sellable-121-180-days",'
        '"sellable-181-270-days"\n'
        '"2019-12-20","FW-MUG","X0019ABCDE","B0C1234567","Mug","New","12","0","4","4","1","0","1","0","0","0"\n',
        encoding="utf-8",
    )
    result = flywheel("inspect", str(path), "--format", "json")
    kinds = [entry["kind"] for entry in json.loads(result.out)["inputs"]] if result.code == 0 else []
    assert "fba-inventory" not in kinds
