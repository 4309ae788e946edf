"""Storage-fee estimates are rounded to the cent as they are folded, and storage and Ads spend without a
SKU are shared out to the SKUs that sold, whichever report gives the sales (Payments, else All Orders)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.conftest import FIXTURES, flywheel

D = Decimal
REPORTS = FIXTURES / "reports"
MONTHLY = REPORTS / "storage-fees" / "monthly.txt"
ORDERS = REPORTS / "orders" / "us-32col.txt"
LINES = ("gross_sales", "storage_fees", "advertising", "cogs", "tools", "total_costs", "net_profit")


def _costs(*args: str) -> dict[str, Any]:
    result = flywheel("costs", *args, "--format", "json")
    assert result.code == 0, result.err
    document: dict[str, Any] = json.loads(result.out, parse_float=D)
    return document


def _by(document: dict[str, Any], line: str) -> dict[str | None, Any]:
    return {next(iter(row["scope"].values())): row["lines"][line] for row in document["rows"]}


def _adds_up(document: dict[str, Any]) -> None:
    for line in LINES:
        values = [row["lines"][line] for row in document["rows"]]
        if document["total"]["lines"][line] is not None:
            assert sum((value or D(0) for value in values), D(0)) == document["total"]["lines"][line], line


def test_storage_estimates_are_rounded_to_the_cent_so_every_grain_adds_up() -> None:
    """15.0384 → 15.04, 5.0232 → 5.02, 32.4000, 1.0800 (October), 6.0840 → 6.08 (September)."""
    by_month = _costs(str(MONTHLY), "--by", "month")
    assert _by(by_month, "storage_fees") == {"2026-09": D("6.08"), "2026-10": D("53.54")}
    assert by_month["total"]["lines"]["storage_fees"] == D("59.62")  # not 59.6256
    by_asin = _costs(str(MONTHLY), "--by", "asin")
    assert _by(by_asin, "storage_fees") == {"B0C1234567": D("26.14"), "B0C7654321": D("33.48")}
    csv = flywheel("costs", str(MONTHLY), "--format", "csv")
    assert csv.code == 0 and ",59.62," in csv.out and "59.6256" not in csv.out


def _store(tmp_path: Path) -> tuple[str, str, str]:
    """The storage fixture with the All Orders fixture's ASINs, the orders, and a cost file."""
    storage = tmp_path / "storage.txt"
    text = MONTHLY.read_text(encoding="utf-8")
    storage.write_text(text.replace("B0C1234567", "B0FW000001").replace("B0C7654321", "B0FW000002"), "utf-8")
    cogs = tmp_path / "cogs.csv"
    cogs.write_text("sku,unit_cost\nFW-MUG-BLU,3\nFW-MUG-GRN,3\nFW-LID-01,1\n", encoding="utf-8")
    return str(storage), str(ORDERS), str(cogs)


def test_storage_is_shared_out_by_the_sales_all_orders_gives(tmp_path: Path) -> None:
    """59.62 of storage over the All Orders sales by SKU (26.97, 59.97, 179.90 of 266.84), in cents by
    the largest remainder: 602.59, 1339.91, 4019.50 cents → 6.03, 13.40, 40.19 (2 cents to the largest
    remainders)."""
    document = _costs(*_store(tmp_path), "--by", "sku")
    assert _by(document, "gross_sales") == {
        "FW-LID-01": D("26.97"), "FW-MUG-BLU": D("59.97"), "FW-MUG-GRN": D("179.90"), None: D("0"),
    }  # fmt: skip
    assert _by(document, "storage_fees") == {
        "FW-LID-01": D("6.03"), "FW-MUG-BLU": D("13.40"), "FW-MUG-GRN": D("40.19"), None: D("0"),
    }  # fmt: skip
    assert document["total"]["lines"]["storage_fees"] == D("59.62")
    _adds_up(document)
    for grain in ("asin", "marketplace", "parent-asin", "fulfillment"):
        other = _costs(*_store(tmp_path), "--by", grain)
        assert other["total"]["lines"]["storage_fees"] == D("59.62")
        # The offset lies where the charge lies (its marketplace, its ASIN): no row is left negative.
        assert all(value is None or value >= 0 for value in _by(other, "storage_fees").values()), grain
        _adds_up(other)
    by_asin = _by(_costs(*_store(tmp_path), "--by", "asin"), "storage_fees")
    assert by_asin == {"B0FW000001": D("13.40"), "B0FW000002": D("40.19"), "B0FW000003": D("6.03")}


def test_sponsored_brands_spend_is_shared_out_by_the_sales_all_orders_gives(tmp_path: Path) -> None:
    """115.20 of Sponsored Brands spend (no SKU): 1164.35, 2588.98, 7766.63 cents → 11.64, 25.89, 77.67."""
    _, orders, cogs = _store(tmp_path)
    brands = str(REPORTS / "ads-sb-campaign" / "legacy-console.csv")
    document = _costs(brands, orders, cogs, "--by", "sku")
    assert _by(document, "advertising") == {
        "FW-LID-01": D("11.64"), "FW-MUG-BLU": D("25.89"), "FW-MUG-GRN": D("77.67"), None: D("0"),
    }  # fmt: skip
    assert document["total"]["lines"]["advertising"] == D("115.20")
    _adds_up(document)
