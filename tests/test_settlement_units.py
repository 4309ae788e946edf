"""Settlement units through the CLI: an order item shipped twice counts both shipments, a refund without
a quantity leaves units refunded unknown (never 0), and a settlement with no amount rows still states
the span and currency of its summary row."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from tests.conftest import FIXTURES, flywheel

D = Decimal
US = FIXTURES / "reports" / "settlement" / "us-v2-24col.txt"
HEADER = US.read_text(encoding="utf-8").splitlines()[0]
SUMMARY = (
    "24688001231\t2026-03-01 08:00:00 UTC\t2026-03-15 08:00:00 UTC\t2026-03-17 08:00:00 UTC\t{total}\tUSD"
)


def _row(shipment: str, time: str, description: str, amount: str, quantity: str = "1") -> str:
    """One V2 amount row of order item OI1 (FW-MUG) of order 112-1111111-0000001."""
    cells = ["24688001231", "", "", "", "", "", "Order", "112-1111111-0000001", "", "", shipment, "Amazon.com",
             "ItemPrice", description, amount, "AFN", "03/02/26", f"2026-03-02 {time} UTC", "OI1", "", "",
             "FW-MUG", quantity, ""]  # fmt: skip
    return "\t".join(cells)


def _settlement(tmp_path: Path, total: str, *rows: str) -> str:
    path = tmp_path / "split-ship.txt"
    path.write_text("\n".join([HEADER, SUMMARY.format(total=total), *rows]) + "\n", encoding="utf-8")
    return str(path)


def test_one_item_in_two_shipments_on_one_day_counts_both(tmp_path: Path) -> None:
    # S1 and S2 each ship 1 unit of OI1 on 2 March; V2 repeats S1's quantity on its Tax row: once.
    path = _settlement(
        tmp_path, "41.60",
        _row("S1", "14:05:11", "Principal", "20.00"), _row("S1", "14:05:11", "Tax", "1.60"),
        _row("S2", "18:40:02", "Principal", "20.00"),
    )  # fmt: skip
    result = flywheel("kpis", path, "-m", "gross_sales,units_sold", "-f", "csv")
    assert (result.code, result.out, result.err) == (
        0,
        "metrics.gross_sales,metrics.units_sold\n40.00,2\n",
        "",
    )


def _refunds(tmp_path: Path, keep: int) -> str:
    """The US fixture with the refund's quantity-purchased left on its first `keep` rows only."""
    lines = US.read_text(encoding="utf-8").splitlines(keepends=True)
    seen = 0
    for index, line in enumerate(lines):
        cells = line.split("\t")
        if len(cells) > 22 and cells[6] == "Refund":
            if seen >= keep:
                cells[22] = ""
            seen += 1
            lines[index] = "\t".join(cells)
    path = tmp_path / f"refund-{keep}.txt"
    path.write_text("".join(lines), encoding="utf-8")
    return str(path)


def test_a_refund_without_a_quantity_leaves_units_refunded_unknown(tmp_path: Path) -> None:
    path = _refunds(tmp_path, keep=0)
    result = flywheel("kpis", path, "-m", "refunded_sales,units_refunded,refund_rate", "-f", "csv")
    assert result.code == 0, result.err
    assert result.out == "metrics.refunded_sales,metrics.units_refunded,metrics.refund_rate\n19.99,,\n"
    document = json.loads(flywheel("kpis", path, "-f", "json").out, parse_float=D)
    reason = f"{path} has 1 refunded order item without a 'quantity-purchased' (settlement): the units refunded are unknown"
    assert document["unavailable"]["units_refunded"] == document["unavailable"]["refund_rate"] == reason
    assert document["total"]["metrics"]["units_sold"] == 14  # the orders' units are known


def test_a_refund_item_needs_its_quantity_on_one_row_only(tmp_path: Path) -> None:
    # Four of the item's five refund rows lack it (as V1 lays an item out): the item's unit is known.
    path = _refunds(tmp_path, keep=1)
    result = flywheel("kpis", path, "-m", "refunded_sales,units_refunded,refund_rate", "-f", "csv")
    assert (result.code, result.out) == (0, "metrics.refunded_sales,metrics.units_refunded,metrics.refund_rate\n"
                                            "19.99,1,0.071429\n"), result.err  # fmt: skip


def test_a_period_without_the_refund_has_a_true_zero(tmp_path: Path) -> None:
    path = _refunds(tmp_path, keep=0)  # the refund is posted on 10 March
    result = flywheel("kpis", path, "-m", "units_refunded", "-f", "csv", "--period", "2026-03-01..2026-03-05")
    assert (result.code, result.out) == (0, "metrics.units_refunded\n0\n"), result.err


def test_a_settlement_without_amount_rows_shows_its_span_and_currency(tmp_path: Path) -> None:
    path = _settlement(tmp_path, "0.00")
    result = flywheel("inspect", path, "-f", "json")
    assert result.code == 0, result.err
    (summary,) = json.loads(result.out)["inputs"]
    assert (summary["rows"], summary["period"], summary["currency"], summary["coverage"]["from"]) == (
        0, {"start": "2026-03-01", "end": "2026-03-15"}, "USD", "rows",
    )  # fmt: skip
    human = flywheel("inspect", path)
    assert "2026-03-01 → 2026-03-15  USD" in human.out


def _damaged(tmp_path: Path, column: int, text: str) -> Path:
    """The US fixture with one cell of line 5 (its 4th amount row) replaced."""
    lines = US.read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[4].split("\t")
    cells[column] = text
    lines[4] = "\t".join(cells)
    path = tmp_path / "settlement.txt"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_a_bad_cell_names_its_column_as_the_header_writes_it(tmp_path: Path) -> None:
    dates = "hint: flywheel reads Amazon's date forms (Jan 5, 2026 / 05.01.2026 / 2026-01-05 …); re-download the report\n"
    numbers = (
        "hint: was the file edited by hand or re-saved with another number format? re-download the report\n"
    )
    path = _damaged(tmp_path, 17, "2026-13-45 14:05:11 UTC")
    result = flywheel("kpis", str(path))
    assert (result.code, result.out, result.err) == (2, "", (
        f"{path}:5:18: error: a date was expected in column 'posted-date-time', found '2026-13-45 14:05:11 UTC'\n"
        + dates
    ))  # fmt: skip
    path = _damaged(tmp_path, 22, "two")
    result = flywheel("inspect", str(path))
    assert (result.code, result.out, result.err) == (2, "", (
        f"{path}:5:23: error: a whole number was expected in column 'quantity-purchased', found 'two'\n" + numbers
    ))  # fmt: skip
