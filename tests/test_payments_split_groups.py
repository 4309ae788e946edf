"""Where a flush or a worker's byte range cuts a group (one SKU's Order rows of one day with the same
description) changes nothing: a group whose 'other' cells cancel out (+0.25 on 40 rows, -0.25 on 40)
has `other_fees` 0.00 — as the rows add up one by one — in one process, with workers, and whatever
FLUSH_AT is. (Found in review: `if extra:` and `amount or ZERO` in apply_row made it absent, 0 or
0.00 depending on the cut.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from flywheel_cli import api
from flywheel_cli.metrics import payments_fold, payments_parallel
from flywheel_cli.metrics.rollup import Grain
from tests.conftest import EXAMPLE

HEADER_LINES = 8  # the Payments report's preamble and its header row


def _row(template: list[str], header: list[str], other: str, minute: int) -> str:
    cells = dict(zip(header, template, strict=True))
    total = 10 - 1 - 2 + (1 if other.startswith("0") else -1) * 0.25
    cells.update({
        "date/time": f"Oct 1, 2026 1:{minute:02d}:00 AM PDT", "quantity": "1", "product sales": "10.00",
        "product sales tax": "0", "marketplace withheld tax": "0", "selling fees": "-1.00", "fba fees": "-2.00",
        "other transaction fees": "0", "other": other, "total": f"{total:.2f}",
    })  # fmt: skip
    return ",".join(f'"{cells[name]}"' for name in header)


def _file(tmp_path: Path) -> Path:
    import csv

    lines = (EXAMPLE / "payments-2026-10.csv").read_text(encoding="utf-8").split("\n")
    header = next(csv.reader([lines[HEADER_LINES - 1]]))
    template = next(csv.reader([lines[HEADER_LINES]]))
    rows = [_row(template, header, "0.25" if n < 40 else "-0.25", n % 60) for n in range(80)]
    path = tmp_path / "payments.csv"
    path.write_text("\n".join(lines[:HEADER_LINES] + rows) + "\n", encoding="utf-8")
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
    """The same root cause in one process (older than 679ab1b, but FLUSH_AT is now half): a second
    group in between makes the fold flush while the first group is half added."""
    path = _file(tmp_path)
    one = _kpis(str(path))
    monkeypatch.setattr(payments_fold, "FLUSH_AT", 1)  # a flush after the first batch (the 50 sampled rows)
    assert _kpis(str(path)) == one
