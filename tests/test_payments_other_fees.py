"""Payments 'other' fees that cancel out are summed as the rows add up one by one, however the rows
are grouped (found in review: `if extra:` and `amount or ZERO` in payments_rows.apply_row made a
group's 0.00 absent, 0 or 0.00 depending on where it was cut).

- Where a flush or a worker's byte range cuts a group (one SKU's Order rows of one day with the same
  description) changes nothing: +0.25 on 40 rows and -0.25 on 40 give `other_fees` 0.00 in one
  process, with workers, and whatever FLUSH_AT is.
- Two overlapping downloads keep an 'other' fee that the row they share carries
  (metrics/overlap.py `_subtract`)."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from flywheel_cli import api
from flywheel_cli.metrics import payments_fold, payments_parallel
from flywheel_cli.metrics.rollup import Grain
from tests.conftest import EXAMPLE, flywheel

pytestmark = pytest.mark.usefixtures("both_loops")  # each test with both per-row loops

HEADER_LINES = 8  # the Payments report's preamble and its header row


def _layout() -> tuple[list[str], list[str], list[str]]:
    """The demo Payments report's preamble and header lines, its header cells, its first row's cells."""
    lines = (EXAMPLE / "payments-2026-10.csv").read_text(encoding="utf-8").split("\n")
    header = next(csv.reader([lines[HEADER_LINES - 1]]))
    return lines[:HEADER_LINES], header, next(csv.reader([lines[HEADER_LINES]]))


def _order(header: list[str], template: list[str], other: str, minute: int, order: str | None = None) -> str:
    """A line of a $10.00 one-unit order (selling fee -1.00, FBA fee -2.00) with `other` in 'other'."""
    cells = dict(zip(header, template, strict=True))
    cells.update({
        "date/time": f"Oct 1, 2026 1:{minute:02d}:00 AM PDT", "quantity": "1", "product sales": "10.00",
        "product sales tax": "0", "marketplace withheld tax": "0", "selling fees": "-1.00", "fba fees": "-2.00",
        "other transaction fees": "0", "other": other, "total": str(Decimal("7.00") + Decimal(other)),
    })  # fmt: skip
    if order is not None:
        cells["order id"] = order
    return ",".join(f'"{cells[name]}"' for name in header)


def _file(tmp_path: Path) -> Path:
    """80 orders of one SKU on one day: 'other' +0.25 on the first 40, -0.25 on the rest."""
    preamble, header, template = _layout()
    rows = [_order(header, template, "0.25" if n < 40 else "-0.25", n % 60) for n in range(80)]
    path = tmp_path / "payments.csv"
    path.write_text("\n".join(preamble + rows) + "\n", encoding="utf-8")
    return path


def _kpis(path: str) -> list[Any]:
    result = api.kpis([path], grain=Grain.SKU, options=api.ReadOptions(cache=False))
    return [(row.scope, repr(row.metrics), sorted((k, repr(v)) for k, v in row.parts.items()))
            for row in [*result.rows, result.total]]  # fmt: skip


def test_a_group_split_between_workers_keeps_the_parts_of_one_process(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = str(_file(tmp_path))
    one = _kpis(path)
    assert dict(one[-1][2])["other_fees"] == "Decimal('0.00')"  # 40 × 0.25 − 40 × 0.25, places kept
    taken: list[bool] = []
    real = payments_parallel.fold_in_parallel

    def spy(fold: Any, report: Any) -> bool:
        taken.append(real(fold, report))
        return taken[-1]

    monkeypatch.setattr(payments_parallel, "MIN_BYTES", 0)
    monkeypatch.setattr(payments_parallel, "workers", lambda: 2)
    monkeypatch.setattr("flywheel_cli.metrics.engine.fold_in_parallel", spy)
    assert _kpis(path) == one
    assert taken == [True]


def test_flush_boundaries_do_not_change_the_parts_of_one_process(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The same cause in one process: a flush while the group is half added."""
    path = _file(tmp_path)
    one = _kpis(str(path))
    monkeypatch.setattr(payments_fold, "FLUSH_AT", 1)  # a flush after the first batch (the 50 sampled rows)
    assert _kpis(str(path)) == one


def test_overlapping_downloads_keep_an_other_fee_the_duplicate_row_carries(tmp_path: Path) -> None:
    """r1 (other +0.25, total 7.25) is in both downloads and counts once; r2 and r3 have -0.25 (6.75).
    Other fees 0.25, and 30.00 - 3.00 - 6.00 - 0.25 = 20.75 = 7.25 + 6.75 + 6.75, the net proceeds."""
    preamble, header, template = _layout()
    r1 = _order(header, template, "0.25", 1, "111-0000001-0000001")
    r2 = _order(header, template, "-0.25", 2, "111-0000002-0000002")
    r3 = _order(header, template, "-0.25", 3, "111-0000003-0000003")
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
