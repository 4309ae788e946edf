"""The grouped Payments fold (payments_fold.py) and its fast path (batches.py) on inputs a review found where
the fold's figures differ from the row-by-row sums. Each test is a bug report; expected values are
computed by hand from the rows written here (US 32-column layout)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from flywheel_cli import api
from flywheel_cli.metrics import payments_fold
from flywheel_cli.metrics.rollup import Grain
from flywheel_cli.reports.reader import open_report
from tests.conftest import flywheel

pytestmark = pytest.mark.usefixtures("both_loops")  # each test with both per-row loops

HEADER = ["date/time", "settlement id", "type", "order id", "sku", "description", "quantity", "marketplace",
          "account type", "fulfillment", "order city", "order state", "order postal", "tax collection model",
          "product sales", "product sales tax", "shipping credits", "shipping credits tax", "gift wrap credits",
          "giftwrap credits tax", "Regulatory Fee", "Tax On Regulatory Fee", "promotional rebates",
          "promotional rebates tax", "marketplace withheld tax", "selling fees", "fba fees",
          "other transaction fees", "other", "total", "Transaction Status", "Transaction Release Date"]  # fmt: skip
ROW = {"date/time": "Oct 1, 2026 12:15:07 AM PDT", "type": "Order", "sku": "S1", "description": "Mug",
       "quantity": "1", "marketplace": "amazon.com", "fulfillment": "Amazon", "product sales": "10.00",
       "selling fees": "-1.50", "fba fees": "-3.00", "total": "5.50"}  # fmt: skip


def payments(path: Path, rows: list[dict[str, str]], header: list[str] = HEADER) -> str:
    def line(cells: list[str]) -> str:
        return ",".join('"' + c.replace('"', '""') + '"' for c in cells)

    body = [line([{**ROW, **row}.get(name, "0" if "tax" in name or "credits" in name else "") for name in header])
            for row in rows]  # fmt: skip
    path.write_text(
        "\n".join(['"All amounts in USD, unless specified"', line(header), *body]) + "\n", encoding="utf-8"
    )
    return str(path)


def test_a_date_column_after_a_chosen_column_is_read_past_the_sample(tmp_path: Path) -> None:
    # Columns are matched by name; here `type` comes first and `date/time` third. 60 orders of $10.00
    # (total $5.50): gross sales $600.00, 60 units, net proceeds $330.00. The first 50 rows (the sample,
    # csv module path) put the date first in each row; the fast path must too (it once left it where
    # the file has it, and every row after the sample failed).
    header = ["type", "settlement id", "date/time", *HEADER[3:]]
    path = payments(tmp_path / "payments.csv", [{}] * 60, header)
    assert [r.type for r in open_report(path).records()] == ["order"] * 60  # the reader reads it
    result = flywheel("kpis", "--no-cache", "--format", "json", path)
    assert (result.code, result.err) == (0, "")
    total = json.loads(result.out, parse_float=Decimal)["total"]["metrics"]
    assert (total["gross_sales"], total["units_sold"], total["net_proceeds"]) == (
        Decimal("600.00"), 60, Decimal("330.00"))  # fmt: skip


def test_an_excel_wrapped_type_is_the_type_the_reader_reads(tmp_path: Path) -> None:
    # `="Order"` (Excel's protected text) is `Order` for the reader (values.parse_text), so the record
    # fold counts two orders: gross sales $20.00, 2 units. The grouped fold once sent the raw text to
    # canonical_type and booked the row as an unknown fee.
    path = payments(tmp_path / "payments.csv", [{}, {"type": '="Order"'}])
    assert [r.type for r in open_report(path).records()] == ["order", "order"]
    total = api.kpis([path], options=api.ReadOptions(cache=False)).total.metrics
    assert (total["gross_sales"], total["units_sold"]) == (Decimal("20.00"), 2)


def test_a_sku_keeps_the_decimal_places_its_rows_write(tmp_path: Path) -> None:
    # S1's cells are written without decimals (10, -2, -3, 5): row by row its gross sales are 10 and its
    # net proceeds 5 (docs/json.md: money keeps its exact digits). S2's `5.50` must not turn them into
    # 10.00 / 5.00 (as when the column's places were applied to every group).
    path = payments(tmp_path / "payments.csv", [
        {"product sales": "10", "selling fees": "-2", "fba fees": "-3", "total": "5"},
        {"sku": "S2"},
    ])  # fmt: skip
    result = flywheel("kpis", "--no-cache", "--by", "sku", "--format", "json", path)
    assert result.code == 0, result.err
    rows = {r["scope"]["sku"]: r["metrics"] for r in json.loads(result.out, parse_float=Decimal)["rows"]}
    assert (str(rows["S1"]["gross_sales"]), str(rows["S1"]["net_proceeds"])) == ("10", "5")


def test_flushing_does_not_change_the_decimal_places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 50 rows of S1 written without decimals (the first batch), then S2 with `5.50`: the same file must
    # give the same Decimals whatever FLUSH_AT is (row by row S1's gross sales are 500; they once read
    # 500.00 with the default FLUSH_AT, 500 with FLUSH_AT = 1).
    rows = [{"product sales": "10", "selling fees": "-2", "fba fees": "-3", "total": "5"}] * 50 + [
        {"sku": "S2"}
    ] * 10
    path = payments(tmp_path / "payments.csv", rows)

    def figures() -> list[str]:
        result = api.kpis([path], grain=Grain.SKU, options=api.ReadOptions(cache=False))
        return [repr(row.metrics["gross_sales"]) for row in result.rows]

    whole = figures()
    monkeypatch.setattr(payments_fold, "FLUSH_AT", 1)
    assert figures() == whole


def _record_totals(path: str) -> dict[str, str]:
    """Row-by-row sums of the records, as text: digits and decimal places."""
    gross, fba, net = Decimal(0), Decimal(0), Decimal(0)
    for row in open_report(path).records():
        gross += row.product_sales or Decimal(0)
        fba -= row.fba_fees or Decimal(0)
        net += row.total or Decimal(0)
    return {"gross_sales": str(gross), "fba_fees": str(fba), "net_proceeds": str(net)}


@pytest.mark.parametrize("parallel", [False, True])
def test_an_amount_of_three_decimal_places_is_summed_exactly_from_its_row_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    # 60 orders of $10.00; the 55th (past the 50-row sample, inside a fast-path block) has an FBA fee of
    # $3.005 and a total of $5.495: integer cents cannot hold them, so the fold goes on in Decimals.
    # FBA fees 59 × 3.00 + 3.005 = 180.005; net proceeds 59 × 5.50 + 5.495 = 329.995.
    from flywheel_cli.metrics import payments_parallel

    rows: list[dict[str, str]] = [{}] * 60
    rows[54] = {"fba fees": "-3.005", "total": "5.495"}
    path = payments(tmp_path / "payments.csv", rows)
    if parallel:  # a worker that meets one gives the file back to one process
        monkeypatch.setattr(payments_parallel, "MIN_BYTES", 0)
        monkeypatch.setattr(payments_parallel, "workers", lambda: 2)
    total = api.kpis([path], options=api.ReadOptions(cache=False)).total.metrics
    figures = {name: str(total[name]) for name in ("gross_sales", "fba_fees", "net_proceeds")}
    assert figures == _record_totals(path) == {
        "gross_sales": "600.00", "fba_fees": "180.005", "net_proceeds": "329.995"}  # fmt: skip
