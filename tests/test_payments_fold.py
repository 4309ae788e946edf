"""The Payments fold (distinct raw cells, parsed once) against plain record-by-record sums."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from flywheel_cli import api
from flywheel_cli.metrics import payments_fold
from flywheel_cli.reports.reader import open_report
from tests.conftest import EXAMPLE, FIXTURES, flywheel

MANIFEST = yaml.safe_load((FIXTURES / "reports" / "manifest.yaml").read_text(encoding="utf-8"))
PAYMENTS = [FIXTURES / "reports" / c["file"] for c in MANIFEST if c["kind"] == "payments"] + [
    EXAMPLE / "payments-2026-10.csv"
]
D = Decimal


def record_sums(path: Path) -> dict[str, Any]:
    """The same figures, record by record, from the read layer's PaymentRow records."""
    sums: dict[str, Any] = {"gross_sales": D(0), "units_sold": 0, "refunded_sales": D(0), "net_proceeds": D(0),
                            "transfers": D(0), "referral_fees": D(0), "fba_fees": D(0)}  # fmt: skip
    for row in open_report(str(path)).records():
        total = row.total or D(0)
        if row.type in {"transfer", "debt"}:
            sums["transfers"] += total
            continue
        sums["net_proceeds"] += total
        if row.type in {"order", "refund", "chargeback_refund"}:
            sums["referral_fees"] -= row.selling_fees or D(0)
            sums["fba_fees"] -= row.fba_fees or D(0)
        if row.type == "order":
            sums["gross_sales"] += row.product_sales or D(0)
            sums["units_sold"] += row.quantity or 0
        elif row.type in {"refund", "chargeback_refund"}:
            sums["refunded_sales"] -= row.product_sales or D(0)
    return sums


@pytest.mark.parametrize("path", PAYMENTS, ids=[p.name for p in PAYMENTS])
def test_fold_equals_record_sums(path: Path) -> None:
    metrics = api.kpis([str(path)]).total.metrics
    for name, expected in record_sums(path).items():
        assert (metrics[name] or 0) == expected, name


def test_flushing_often_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    path = str(EXAMPLE / "payments-2026-10.csv")
    whole = api.kpis([path])
    monkeypatch.setattr(payments_fold, "FLUSH_AT", 3)
    flushed = api.kpis([path])
    assert flushed.total.metrics == whole.total.metrics
    assert [r.metrics for r in flushed.rows] == [r.metrics for r in whole.rows]


def test_a_bad_amount_is_located_at_its_first_line() -> None:
    bad = FIXTURES / "bad" / "bad-money.csv"
    result = flywheel("kpis", str(bad))
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(
        f"{bad}:12:30: error: an amount was expected in column 'total', found '12.3x'"
    )


@pytest.mark.parametrize(
    ("name", "location", "message"),
    [
        ("truncated-payments.csv", ":11: error: ", "the file ends inside a quoted field"),
        ("bad-money.csv", ":12:30: error: ", "an amount was expected in column 'total'"),
    ],
)
def test_kpis_locates_bad_rows_like_inspect(name: str, location: str, message: str) -> None:
    bad = FIXTURES / "bad" / name
    result = flywheel("kpis", str(bad))
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"{bad}{location}{message}"), result.err


def test_blank_and_cut_rows(tmp_path: Path) -> None:
    lines = (EXAMPLE / "payments-2026-10.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    blank = tmp_path / "blank.csv"
    blank.write_text("".join([*lines[:20], "\n", ",,,\n", *lines[20:]]), encoding="utf-8")
    assert (
        api.kpis([str(blank)]).total.metrics
        == api.kpis([str(EXAMPLE / "payments-2026-10.csv")]).total.metrics
    )
    cut = tmp_path / "cut.csv"
    cut.write_text(
        "".join([*lines[:30], '"Oct 9, 2026 1:00:00 PM PDT","1","Order"\n', *lines[30:]]), encoding="utf-8"
    )
    result = flywheel("kpis", str(cut))
    assert result.code == 2
    assert result.err.startswith(f"{cut}:31: error: row has 3 fields; the header has 32")
