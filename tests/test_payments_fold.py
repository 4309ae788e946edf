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

pytestmark = pytest.mark.usefixtures("both_loops")  # each test with both per-row loops

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


def _fold_both_ways(monkeypatch: pytest.MonkeyPatch, path: str, grain: str) -> tuple[Any, Any, list[bool]]:
    """kpis by one process and by byte ranges in forked workers (every file large enough, two cores)."""
    from flywheel_cli.metrics import payments_parallel
    from flywheel_cli.metrics.rollup import Grain

    taken: list[bool] = []
    real = payments_parallel.fold_in_parallel

    def spy(fold: Any, report: Any) -> bool:
        taken.append(real(fold, report))
        return taken[-1]

    one = api.kpis([path], grain=Grain(grain), options=api.ReadOptions(cache=False))
    monkeypatch.setattr(payments_parallel, "MIN_BYTES", 0)
    monkeypatch.setattr(payments_parallel, "workers", lambda: 3)
    monkeypatch.setattr("flywheel_cli.metrics.engine.fold_in_parallel", spy)
    many = api.kpis([path], grain=Grain(grain), options=api.ReadOptions(cache=False))
    return one, many, taken


@pytest.mark.parametrize("path", PAYMENTS, ids=[p.name for p in PAYMENTS])
def test_the_fold_over_several_processes_equals_one_process(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for grain in ("sku", "day"):
        one, many, taken = _fold_both_ways(monkeypatch, str(path), grain)
        assert [(r.scope, r.metrics) for r in many.rows] == [(r.scope, r.metrics) for r in one.rows]
        assert many.total.metrics == one.total.metrics
        assert [s.rows for s in many.inputs] == [s.rows for s in one.inputs]
        assert taken == [not path.name.endswith(".gz")]  # a gzipped file cannot be cut in byte ranges


def test_a_line_break_in_a_field_sends_the_file_back_to_one_process(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source = (EXAMPLE / "payments-2026-10.csv").read_bytes()
    lines = source.split(b"\n")
    at = next(i for i, line in enumerate(lines) if b'"Order"' in line) + 40
    lines[at] = lines[at].replace(
        b'","Standard', b' two\nlines","Standard', 1
    )  # in the description? any field
    path = tmp_path / "payments.csv"
    path.write_bytes(b"\n".join(lines))
    one, many, taken = _fold_both_ways(monkeypatch, str(path), "sku")
    assert taken == [False]
    assert many.total.metrics == one.total.metrics


def test_a_bad_cell_read_by_a_worker_is_located_by_the_one_process_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from flywheel_cli.core.errors import InputError
    from flywheel_cli.metrics import payments_parallel

    lines = (EXAMPLE / "payments-2026-10.csv").read_text(encoding="utf-8").split("\n")
    at = len(lines) - 5
    lines[at] = lines[at].replace('","0","', '","12..5","', 1)
    path = tmp_path / "payments.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.setattr(payments_parallel, "MIN_BYTES", 0)
    monkeypatch.setattr(payments_parallel, "workers", lambda: 2)
    with pytest.raises(InputError) as raised:
        api.kpis([str(path)], options=api.ReadOptions(cache=False))
    assert raised.value.line == at + 1
    assert "'12..5'" in raised.value.message
