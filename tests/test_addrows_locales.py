"""The compiled Payments loop (metrics/_addrows.c) on what the US file of tests/test_addrows.py does not
hold: a decimal-comma file (every money value looked up, `0,00` and `0,0` among them) and quantities
whose sum passes 2**63. Found in review; each test runs the same rows through both loops.
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flywheel_cli.metrics.fold import Ledger, Window
from flywheel_cli.metrics.payments_amounts import ONE
from flywheel_cli.metrics.payments_fold import PaymentsFold
from flywheel_cli.reports.batches import batches
from flywheel_cli.reports.reader import open_report
from tests.conftest import EXAMPLE, flywheel
from tests.test_addrows import new_fold

ROOT = EXAMPLE.parents[1]
US = str(EXAMPLE / "payments-2026-10.csv")
DE = str(ROOT / "tests/fixtures/reports/payments/de-29col.csv")  # a decimal-comma file
QUANTITY, MONEY = 4, range(7, 16)


def _first_row(path: str) -> tuple[str, ...]:
    report = open_report(path)
    fold = PaymentsFold(Ledger(), report, Window(None, None), None, None)
    row = next(iter(batches(report, fold.selection))).rows[0] + fold.padding
    report.close()
    return fold.order(row) if fold.order is not None else row


def _sums(path: str, rows: list[tuple[str, ...]], compiled: bool, mp: pytest.MonkeyPatch) -> list[Any]:
    """Each group's quantity, amounts, totals <= 0, totals > 0 (as Decimals) and count."""
    fold = new_fold(compiled, mp, path)
    fold._add_rows(rows, 0, ONE - 1)
    fold._python_from_now()
    money = fold.money
    return [
        (s[1], [money[i].decimal(v) for i, v in enumerate(s[2:11])], money[-1].decimal(s[11]), s[12])
        for s in fold._groups.values()
    ]


def test_zero_amounts_with_places_in_a_decimal_comma_file(monkeypatch: pytest.MonkeyPatch) -> None:
    # "0,00" is encoded 1 (no cents, one cell of two places), "0,0" 1 << 32; the compiled loop reads a
    # non-plain column's value as a quantity (plain[i] == 0) and adds 1 cent / 2**32 cents instead.
    row = list(_first_row(DE))
    zeros = row.copy()
    for at in MONEY:
        zeros[at] = "0,00"
    one_place = row.copy()
    for at in MONEY:
        one_place[at] = ""
    one_place[7] = "0,0"
    rows = [tuple(zeros), tuple(zeros), tuple(one_place)]
    python = _sums(DE, rows, False, monkeypatch)
    # by hand: 0.00 in every column, every total <= 0 (three rows)
    assert python == [(3, [Decimal("0.00")] * 9, Decimal(0), 3)]
    assert _sums(DE, rows, True, monkeypatch) == python


def test_quantities_whose_sum_is_past_a_machine_integer(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each quantity fits (18 digits, the most parse_int takes); ten of them in one group do not.
    row = list(_first_row(US))
    row[QUANTITY] = "999999999999999999"
    rows = [tuple(row)] * 10
    python = _sums(US, rows, False, monkeypatch)
    assert python[0][0] == 9_999_999_999_999_999_990
    assert _sums(US, rows, True, monkeypatch) == python


_DE_ROW = _first_row(DE)
de_amounts = st.one_of(
    st.integers(-(10**9), 10**9).map(lambda n: f"{'-' if n < 0 else ''}{abs(n) // 100},{abs(n) % 100:02d}"),
    st.sampled_from(["", "0", "0,00", "-0,00", "0,0", "1.234,56", "12,5", "7"]),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amounts=st.lists(st.lists(de_amounts, min_size=9, max_size=9), min_size=1, max_size=6))
def test_decimal_comma_rows_leave_what_the_python_loop_leaves(
    amounts: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [(*_DE_ROW[:7], *cells) for cells in amounts]
    assert _sums(DE, rows, True, monkeypatch) == _sums(DE, rows, False, monkeypatch)


def test_a_row_of_zero_amounts_changes_no_money_through_the_cli(tmp_path: Path, both_loops: str) -> None:
    # The DE fixture with its first order line repeated first, quantity 0 and every amount "0,00":
    # the figures stay the fixture's (manifest.yaml: 16,80 + 1.008,40 sales, -180,60 selling fees,
    # -3,45 FBA fees), whichever loop adds the rows.
    text = Path(DE).read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith('"Datum/Uhrzeit"'))
    header, first = next(csv.reader([lines[at]])), next(csv.reader([lines[at + 1]]))
    zero = list(first)
    zero[header.index("Menge")] = "0"
    for column in range(header.index("Umsätze"), header.index("Gesamt") + 1):
        zero[column] = "0,00"
    line = ",".join(f'"{cell}"' for cell in zero) + "\n"
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "payments.csv").write_text("".join([*lines[: at + 1], line, *lines[at + 1 :]]))
    done = flywheel("kpis", str(tmp_path / "store"), "--format", "json", "--no-cache")
    assert done.code == 0, done.err
    metrics = json.loads(done.out, parse_float=Decimal)["rows"][0]["metrics"]
    assert (metrics["gross_sales"], metrics["referral_fees"], metrics["fba_fees"]) == (
        Decimal("1025.20"),
        Decimal("180.60"),
        Decimal("3.45"),
    )
