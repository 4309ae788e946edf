"""The All Orders report (`orders`): read in every layout, folded into sales and order counts, and never
added to a financial report's sales. Every case runs the CLI as a user does; expected values are
worked out by hand from the fixtures (tests/fixtures/reports/orders/manifest.yaml lists the rows)."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.conftest import FIXTURES, flywheel

D = Decimal
ORDERS = FIXTURES / "reports" / "orders"
US32 = ORDERS / "us-32col.txt"

# us-32col.txt, by hand. Sold (an Amazon marketplace, not cancelled, not pending):
#   112-2000001 FW-MUG-BLU 2 × 39.98 and FW-LID-01 1 × 8.99 (one order, two items, Oct 10)
#   112-2000002 FW-MUG-GRN 10 × 179.90, a business order (Oct 11)
#   112-2000005 FW-LID-01 2 × 17.98, fulfilled by the seller (Merchant) (Oct 12)
#   112-2000007 FW-MUG-BLU 1 × 19.99 (Oct 12; its FW-MUG-GRN item is cancelled)
# Cancelled: 112-2000003 FW-MUG-BLU 1 (Oct 11), the FW-MUG-GRN item of 112-2000007 1 (Oct 12).
# Pending: 112-2000004 FW-MUG-GRN 2, amounts empty (Oct 13). Non-Amazon (MCF): FW-MUG-BLU 1 (Oct 14).
US32_TOTAL = {
    "gross_sales": D("266.84"),  # 39.98 + 8.99 + 179.90 + 17.98 + 19.99
    "units_sold": 16,  # 2 + 1 + 10 + 2 + 1
    "sold_order_items": 5,
    "cancelled_units": 2,
    "cancelled_order_items": 2,
    "pending_units": 2,
    "cancellation_rate": D("0.1"),  # 2 / (16 + 2 + 2)
    "b2b_units": 10,
    "b2b_sales": D("179.90"),
    "b2b_sales_share": D("0.674187"),  # 179.90 / 266.84
    "fbm_units": 2,
    "fbm_unit_share": D("0.125"),  # 2 / 16
    "mcf_units": 1,
}


def _kpis(*args: str) -> tuple[int, dict[str, Any], str]:
    result = flywheel("kpis", *args, "--format", "json")
    document = json.loads(result.out, parse_float=D) if result.out else {}
    return result.code, document, result.err


def _pick(metrics: dict[str, Any], names: Any) -> dict[str, Any]:
    return {name: metrics[name] for name in names}


def _rows(document: dict[str, Any], field: str, names: Any) -> dict[str, dict[str, Any]]:
    return {row["scope"][field]: _pick(row["metrics"], names) for row in document["rows"]}


def test_the_account_counts_sales_cancellations_b2b_fbm_and_mcf_apart() -> None:
    code, document, err = _kpis(str(US32))
    assert (code, err) == (0, "")
    assert _pick(document["total"]["metrics"], US32_TOTAL) == US32_TOTAL
    assert document["period"] == {"start": "2026-10-10", "end": "2026-10-14"}
    (source,) = document["inputs"]
    assert (source["kind"], source["layout"], source["rows"], source["currency"]) == (
        "orders",
        "32-col",
        9,
        "USD",
    )


def test_orders_have_no_fees_so_profit_is_null_with_the_reason() -> None:
    code, document, _ = _kpis(str(US32))
    metrics, unavailable = document["total"]["metrics"], document["unavailable"]
    assert code == 0
    for name in ("net_profit", "gross_profit", "referral_fees", "fba_fees", "refunded_sales", "net_proceeds"):
        assert metrics[name] is None, name
    assert unavailable["referral_fees"] == "needs a Payments Date Range Report (payments)"
    assert unavailable["net_profit"].endswith("a Payments Date Range Report (payments)")
    assert "gross_sales" not in unavailable and "units_sold" not in unavailable


def test_by_sku() -> None:
    names = (
        "gross_sales",
        "units_sold",
        "cancelled_units",
        "pending_units",
        "b2b_units",
        "fbm_units",
        "mcf_units",
    )
    code, document, _ = _kpis(str(US32), "--by", "sku")
    assert code == 0
    assert _rows(document, "sku", names) == {
        "FW-LID-01": dict(zip(names, (D("26.97"), 3, 0, 0, 0, 2, 0), strict=True)),
        "FW-MUG-BLU": dict(zip(names, (D("59.97"), 3, 1, 0, 0, 0, 1), strict=True)),
        "FW-MUG-GRN": dict(zip(names, (D("179.90"), 10, 1, 2, 10, 0, 0), strict=True)),
    }
    assert _pick(document["total"]["metrics"], names) == _pick(US32_TOTAL, names)


def test_by_day_dates_rows_by_purchase_date_as_written() -> None:
    names = ("gross_sales", "units_sold", "cancelled_units", "pending_units", "mcf_units")
    code, document, _ = _kpis(str(US32), "--by", "day")
    assert code == 0
    # 112-2000007 was bought 2026-10-12T18:30:00-07:00: the day its timestamp writes.
    assert _rows(document, "day", names) == {
        "2026-10-10": dict(zip(names, (D("48.97"), 3, 0, 0, 0), strict=True)),
        "2026-10-11": dict(zip(names, (D("179.90"), 10, 1, 0, 0), strict=True)),
        "2026-10-12": dict(zip(names, (D("37.97"), 3, 1, 0, 0), strict=True)),
        "2026-10-13": dict(zip(names, (D("0"), 0, 0, 2, 0), strict=True)),  # pending only: nothing sold
        "2026-10-14": dict(zip(names, (D("0"), 0, 0, 0, 1), strict=True)),  # MCF only: not a sale
    }


def test_period_keeps_the_rows_bought_inside_it() -> None:
    code, document, _ = _kpis(str(US32), "--period", "2026-10-11..2026-10-12")
    metrics = document["total"]["metrics"]
    assert code == 0
    assert _pick(metrics, ("gross_sales", "units_sold", "cancelled_units", "b2b_units", "fbm_units")) == {
        "gross_sales": D("217.87"),  # 179.90 + 17.98 + 19.99
        "units_sold": 13,
        "cancelled_units": 2,
        "b2b_units": 10,
        "fbm_units": 2,
    }
    assert metrics["cancellation_rate"] == D("0.133333")  # 2 / 15
    assert document["period"] == {"start": "2026-10-11", "end": "2026-10-12"}


def test_the_29_column_layout_has_no_b2b_column_so_b2b_is_null_not_zero() -> None:
    path = ORDERS / "us-29col.txt"
    code, document, _ = _kpis(str(path))
    metrics = document["total"]["metrics"]
    assert code == 0
    assert _pick(
        metrics, ("gross_sales", "units_sold", "cancelled_units", "fbm_units", "cancellation_rate")
    ) == {
        "gross_sales": D("86.94"),  # 39.98 + 19.99 + 26.97; the cancelled order's amounts are empty
        "units_sold": 6,
        "cancelled_units": 1,
        "fbm_units": 3,
        "cancellation_rate": D("0.142857"),  # 1 / 7
    }
    assert (metrics["b2b_units"], metrics["b2b_sales"], metrics["b2b_sales_share"]) == (None, None, None)
    reason = f"{path} has no 'is-business-order' column (orders, 29-col layout)"
    assert document["unavailable"]["b2b_units"] == reason


def test_eu_marketplaces_read_dot_decimals_per_row() -> None:
    names = ("gross_sales", "units_sold", "cancelled_units", "b2b_sales", "fbm_units")
    code, document, _ = _kpis(str(ORDERS / "eu-32col.txt"), "--by", "marketplace")
    assert code == 0
    assert _rows(document, "marketplace", names) == {
        "DE": dict(zip(names, (D("1049.90"), 2, 1, D("1049.90"), 0), strict=True)),
        "IT": dict(zip(names, (D("116.80"), 4, 0, D("0"), 3), strict=True)),  # 89.95 + 26.85
    }
    assert [source["currency"] for source in document["inputs"]] == ["EUR"]


def test_north_america_in_one_file_is_never_summed_across_currencies(tmp_path: Path) -> None:
    path = ORDERS / "na-sp-api.txt"
    result = flywheel("kpis", str(path), "--format", "json")
    assert (result.code, result.out) == (2, "")
    assert "the inputs hold amounts in CAD, USD" in result.err
    assert "flywheel never adds different currencies" in result.err
    config = tmp_path / "flywheel.yaml"
    config.write_text("currency: USD\nfx: {CAD: 0.7300}\n", encoding="utf-8")
    code, document, _ = _kpis(str(path), "-c", str(config), "--by", "marketplace")
    assert code == 0
    assert _rows(document, "marketplace", ("gross_sales", "units_sold", "b2b_sales")) == {
        "CA": {"gross_sales": D("40.14"), "units_sold": 2, "b2b_sales": D("0")},  # 54.98 CAD × 0.73
        "US": {"gross_sales": D("39.98"), "units_sold": 2, "b2b_sales": D("19.99")},
    }
    assert document["total"]["metrics"]["gross_sales"] == D("80.12")
    assert document["total"]["metrics"]["b2b_sales_share"] == D("0.249501")  # 19.99 / 80.12


PAYMENTS_HEADER = (
    '"date/time","settlement id","type","order id","sku","description","quantity","marketplace","account type",'
    '"fulfillment","order city","order state","order postal","tax collection model","product sales",'
    '"product sales tax","shipping credits","shipping credits tax","gift wrap credits","giftwrap credits tax",'
    '"promotional rebates","promotional rebates tax","marketplace withheld tax","selling fees","fba fees",'
    '"other transaction fees","other","total"'
)
# Two of us-32col.txt's orders as Payments charged them (the others were not charged yet).
PAYMENTS_ROWS = (
    '"Oct 10, 2026 4:05:33 PM PDT","24000000001","Order","112-2000001-0000001","FW-MUG-BLU","Mug","2","amazon.com",'
    '"Standard Orders","Amazon","Seattle","WA","98109","MarketplaceFacilitator","39.98","3.20","0","0","0","0","0","0",'
    '"-3.20","-6.00","-7.38","0","0","26.60"',
    '"Oct 13, 2026 10:30:00 AM PDT","24000000001","Order","112-2000002-0000002","FW-MUG-GRN","Mug","10","amazon.com",'
    '"Business Orders","Amazon","Chicago","IL","60601","MarketplaceFacilitator","179.90","0","0","0","0","0","0","0",'
    '"0","-26.99","-36.90","0","0","116.01"',
)


def _payments(folder: Path) -> Path:
    path = folder / "payments-2026-10.csv"
    lines = ['"Includes Amazon Marketplace, Fulfillment by Amazon (FBA), and Amazon Webstore transactions"',
             '"All amounts in USD, unless specified"', PAYMENTS_HEADER, *PAYMENTS_ROWS]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_with_payments_sales_come_from_payments_only(tmp_path: Path) -> None:
    payments = _payments(tmp_path)
    orders = shutil.copy(US32, tmp_path / "all-orders.txt")
    code, document, _ = _kpis(str(payments), str(orders))
    metrics = document["total"]["metrics"]
    assert code == 0
    assert [(i["kind"], i["counted"]) for i in document["inputs"]] == [("payments", True), ("orders", True)]
    # Payments' 39.98 + 179.90, never All Orders' 266.84 added to it (nor 486.72 = both).
    assert (metrics["gross_sales"], metrics["units_sold"]) == (D("219.88"), 12)
    assert metrics["net_proceeds"] == D("142.61")  # 26.60 + 116.01
    # What only All Orders knows still counts, over its own sales.
    assert _pick(
        metrics, ("cancelled_units", "pending_units", "b2b_sales", "b2b_sales_share", "mcf_units")
    ) == {
        "cancelled_units": 2,
        "pending_units": 2,
        "b2b_sales": D("179.90"),
        "b2b_sales_share": D("0.674187"),
        "mcf_units": 1,
    }
    code, by_sku, _ = _kpis(str(payments), str(orders), "--by", "sku")
    assert _rows(by_sku, "sku", ("gross_sales", "units_sold", "cancelled_units"))["FW-MUG-BLU"] == {
        "gross_sales": D("39.98"),
        "units_sold": 2,
        "cancelled_units": 1,
    }


def test_inspect_shows_the_kind_layout_and_each_rows_marketplaces() -> None:
    result = flywheel("inspect", str(ORDERS), "--format", "json")
    assert result.code == 0
    found = {Path(i["path"]).name: (i["kind"], i["layout"], i["currency"], i["marketplace"])
             for i in json.loads(result.out)["inputs"]}  # fmt: skip
    assert found == {
        "eu-32col.txt": ("orders", "32-col", "EUR", "DE,IT"),
        "na-sp-api.txt": ("orders", "sp-api", "CAD,USD", "CA,US"),
        "us-29col.txt": ("orders", "29-col", "USD", "US"),
        "us-32col.txt": ("orders", "32-col", "USD", "US"),
    }


def test_an_extra_column_of_a_newer_layout_is_listed_not_an_error(tmp_path: Path) -> None:
    lines = (ORDERS / "na-sp-api.txt").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "orders-newer.txt"
    path.write_text("\n".join([lines[0] + "\tfuture-column", *(line + "\tx" for line in lines[1:])]) + "\n")
    result = flywheel("inspect", str(path), "--format", "json")
    (source,) = json.loads(result.out)["inputs"]
    assert result.code == 0
    assert (source["kind"], source["layout"], source["unknown_columns"]) == (
        "orders",
        "sp-api",
        ["future-column"],
    )


def test_a_bad_quantity_is_one_located_error(tmp_path: Path) -> None:
    lines = US32.read_text(encoding="utf-8").splitlines()
    cells = lines[2].split("\t")
    cells[14] = "two"  # quantity, the 15th column
    path = tmp_path / "orders.txt"
    path.write_text("\n".join([lines[0], lines[1], "\t".join(cells)]) + "\n", encoding="utf-8")
    result = flywheel("kpis", str(path))
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"{path}:3:15: error: a whole number was expected in column 'quantity', found 'two'\n"
        "hint: was the file edited by hand or re-saved with another number format? re-download the report\n"
    )


def test_two_downloads_that_overlap_count_each_order_item_once(tmp_path: Path) -> None:
    """An older download holds 112-2000004 as Pending; the newer one, Shipped and priced: the newer counts."""
    lines = US32.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    older = tmp_path / "orders-older.txt"
    # Oct 10..13, with 112-2000004 pending.
    older.write_text("\n".join([header, *rows[:5]]) + "\n", encoding="utf-8")
    shipped = rows[4].split("\t")
    shipped[3], shipped[4], shipped[13], shipped[15], shipped[16] = (
        "2026-10-15T08:00:00+00:00", "Shipped", "Shipped", "USD", "35.98")  # fmt: skip
    newer = tmp_path / "orders-newer.txt"
    newer.write_text("\n".join([header, *rows[2:4], "\t".join(shipped), *rows[5:]]) + "\n", encoding="utf-8")
    code, document, err = _kpis(str(older), str(newer))
    metrics = document["total"]["metrics"]
    assert code == 0
    assert "orders rows found in more than one of" in err
    # us-32col.txt's sales, plus 112-2000004 now shipped (2 units, a line total of 35.98); nothing twice.
    assert (metrics["gross_sales"], metrics["units_sold"]) == (D("302.82"), 18)
    assert (metrics["pending_units"], metrics["cancelled_units"]) == (0, 2)


def test_a_quote_in_a_tab_file_is_a_character_of_the_cell(tmp_path: Path) -> None:
    """Amazon's tab flat files quote nothing: a product name may start with a quote or hold one."""
    lines = (ORDERS / "us-32col.txt").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    name_at = header.index("product-name")
    edited = [lines[0]]
    for number, line in enumerate(lines[1:]):
        cells = line.split("\t")
        cells[name_at] = ['"Best" Mug, Blue', '12" ruler "steel', "Plain name"][number % 3]
        edited.append("\t".join(cells))
    path = tmp_path / "orders.txt"
    path.write_text("\n".join(edited) + "\n", encoding="utf-8")
    original = _kpis(str(ORDERS / "us-32col.txt"))
    quoted = _kpis(str(path))
    assert quoted[0] == 0, quoted[2]
    assert quoted[1]["total"]["metrics"] == original[1]["total"]["metrics"]
    assert quoted[1]["total"]["metrics"]["gross_sales"] == D("266.84")
    inspected = json.loads(flywheel("inspect", str(path), "--format", "json").out)
    assert inspected["inputs"][0]["rows"] == len(lines) - 1
