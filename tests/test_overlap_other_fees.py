"""Two overlapping Payments downloads keep an 'other' fee that the row they share carries
(metrics/overlap.py `_subtract` with payments_fold.apply_row; found in review).

Rows (one SKU, one day, all Orders of $10.00, selling fee -1.00, FBA fee -2.00):
  r1 other +0.25 total 7.25, r2 other -0.25 total 6.75, r3 other -0.25 total 6.75.
a.csv holds r1, r2; b.csv holds r1, r3 (r1 is the row both downloads hold: counted once).
The unique rows r1, r2, r3 have other -0.25 in all, so other fees are 0.25 and the breakdown
30.00 - 3.00 - 6.00 - 0.25 = 20.75 equals the net proceeds 7.25 + 6.75 + 6.75 = 20.75.

Got: other_amazon_fees 0 and a reconciliation difference of -0.25. Each file's group nets its
'other' to 0, so the bulk fold writes no `other_fees` part (`if extra:`), and `_subtract` skips the
duplicate row's -0.25 because the combined bucket has no `other_fees` (`if name in held`)."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

from tests.conftest import EXAMPLE, flywheel

HEADER_LINES = 8


def _row(header: list[str], template: list[str], order: str, other: str, minute: int) -> str:
    cells = dict(zip(header, template, strict=True))
    total = Decimal("7.00") + Decimal(other)
    cells.update({
        "date/time": f"Oct 1, 2026 1:{minute:02d}:00 AM PDT", "order id": order, "quantity": "1",
        "product sales": "10.00", "product sales tax": "0", "marketplace withheld tax": "0",
        "selling fees": "-1.00", "fba fees": "-2.00", "other transaction fees": "0", "other": other,
        "total": str(total),
    })  # fmt: skip
    return ",".join(f'"{cells[name]}"' for name in header)


def test_overlapping_downloads_keep_an_other_fee_the_duplicate_row_carries(tmp_path: Path) -> None:
    lines = (EXAMPLE / "payments-2026-10.csv").read_text(encoding="utf-8").split("\n")
    header = next(csv.reader([lines[HEADER_LINES - 1]]))
    template = next(csv.reader([lines[HEADER_LINES]]))
    r1 = _row(header, template, "111-0000001-0000001", "0.25", 1)
    r2 = _row(header, template, "111-0000002-0000002", "-0.25", 2)
    r3 = _row(header, template, "111-0000003-0000003", "-0.25", 3)
    preamble = lines[:HEADER_LINES]
    (tmp_path / "a.csv").write_text("\n".join([*preamble, r1, r2]) + "\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("\n".join([*preamble, r1, r3]) + "\n", encoding="utf-8")
    done = flywheel("costs", str(tmp_path), "--format", "json", "-q", "--no-cache")
    assert done.code == 0, done.err
    document = json.loads(done.out, parse_float=Decimal)
    lines_out = document["total"]["lines"]
    assert lines_out["gross_sales"] == Decimal("30.00")
    assert lines_out["referral_fees"] == Decimal("3.00")
    assert lines_out["fba_fees"] == Decimal("6.00")
    assert document["reconciliation"]["net_proceeds"] == Decimal("20.75")
    assert lines_out["other_amazon_fees"] == Decimal("0.25")
    assert document["reconciliation"]["difference"] == 0
