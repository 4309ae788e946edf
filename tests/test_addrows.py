"""The compiled per-row loop (metrics/_addrows.c) against the Python loop it replaces, on any cell text.

Both loops get the same rows — a real Payments file's, with their amount cells replaced by whatever
hypothesis writes (plain `-1,234.56`, commas in the wrong places, a third decimal, non-ASCII digits,
currency signs, cents past 2**63) — and must leave the same sums, raise the same exception at the
same row, and keep the rows before it.
"""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from flywheel_cli.metrics import payments_fold
from flywheel_cli.metrics.fold import Ledger, Window
from flywheel_cli.metrics.payments_amounts import ONE
from flywheel_cli.metrics.payments_fold import PaymentsFold
from flywheel_cli.reports.batches import batches
from flywheel_cli.reports.reader import open_report
from tests.conftest import EXAMPLE, flywheel

PATH = str(EXAMPLE / "payments-2026-10.csv")
QUANTITY, MONEY = 4, range(7, 16)  # where payments_fold.CELLS puts them


def new_fold(compiled: bool, monkeypatch: pytest.MonkeyPatch, path: str = PATH) -> PaymentsFold:
    """A fold of `path`'s report (closed: its rows are given by the test), with the compiled loop or not."""
    monkeypatch.setenv("FLYWHEEL_PURE_PYTHON", "" if compiled else "1")
    report = open_report(path)
    report.close()
    fold = PaymentsFold(Ledger(), report, Window(None, None), None, None)
    assert fold._compiled is compiled
    return fold


def _template_rows() -> list[tuple[str, ...]]:
    report = open_report(PATH)
    fold = PaymentsFold(Ledger(), report, Window(None, None), None, None)
    rows = [row for batch in batches(report, fold.selection) for row in batch.rows]
    rows = [row + fold.padding for row in rows]
    return list(map(fold.order, rows)) if fold.order is not None else rows


TEMPLATE = _template_rows()


def with_cell(at: int, text: str) -> tuple[str, ...]:
    """The first template row with cell `at` written as `text`."""
    return (*TEMPLATE[0][:at], text, *TEMPLATE[0][at + 1 :])


def _run(fold: PaymentsFold, rows: list[tuple[str, ...]]) -> tuple[Any, ...]:
    """What a batch of rows leaves: the exception (type, message, rows done), then every group's sums."""
    raised: tuple[Any, ...] = ()
    try:
        fold._add_rows(rows, 0, ONE - 1)
    except Exception as exc:  # BadCell, SubCent: the same one from both loops
        raised = (type(exc).__name__, str(exc), fold._done if type(exc).__name__ == "SubCent" else None)
    fold._python_from_now()  # the compiled loop's sums as the Python loop's
    return raised, dict(fold._groups)


plain = st.integers(-(10**17) + 1, 10**17 - 1).map(
    lambda n: f"{'-' if n < 0 else ''}{abs(n) // 100}.{abs(n) % 100:02d}"
)
with_commas = st.integers(-(10**17) + 1, 10**17 - 1).map(
    lambda n: f"{'-' if n < 0 else ''}{abs(n) // 100:,}.{abs(n) % 100:02d}"
)
odd = st.text(alphabet="0123456789,.-$ €٣+e", max_size=14)
near_plain = st.from_regex(r"-?[0-9][0-9,]{0,20}\.[0-9]{1,3}", fullmatch=True)
huge = st.integers(-(10**40), 10**40).map(lambda n: f"{n}.{abs(n) % 100:02d}")
amounts = st.one_of(
    plain, with_commas, near_plain, odd, huge, st.sampled_from(["", "0", "-0.00", "0.5", "1.234"])
)
quantities = st.one_of(st.integers(-(10**25), 10**25).map(str), st.sampled_from(["", "1", "2", "x", "1.5"]))


@st.composite
def batches_of_rows(draw: st.DrawFn) -> list[tuple[str, ...]]:
    rows = []
    for _ in range(draw(st.integers(1, 12))):
        cells = list(draw(st.sampled_from(TEMPLATE)))
        if draw(st.booleans()):
            cells[QUANTITY] = draw(quantities)
        for at in MONEY:
            if draw(st.integers(0, 3)) == 0:
                cells[at] = draw(amounts)
        rows.append(tuple(cells))
    return rows


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=batches_of_rows())
@example(rows=[with_cell(QUANTITY, "99999999999999999999")])  # more digits than an amount may have
@example(rows=[with_cell(7, "999999999999999999"), TEMPLATE[1]])  # 10**20 cents: past 2**63
@example(rows=[TEMPLATE[2], with_cell(15, "-99999999999999999.9")])  # a total past -2**63 cents, one place
@example(rows=[TEMPLATE[1], with_cell(7, "12.345"), TEMPLATE[2]])  # a third decimal
@example(rows=[with_cell(7, "1,234,567,890,123.45")])  # four commas: plain
@example(rows=[with_cell(7, "12,345,678,901,234.56")])  # 17 digits, four commas
@example(rows=[with_cell(7, "1,234,567,890,123,456.78")])  # five commas: not plain
@example(rows=[with_cell(7, "0,123.45")])  # a leading zero before a comma
@example(rows=[with_cell(7, "١٢.٣٤")])  # Arabic-Indic digits: Python's int reads them
def test_the_compiled_loop_leaves_what_the_python_loop_leaves(
    rows: list[tuple[str, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    if payments_fold._addrows is None:
        pytest.fail("the compiled loop is not built (no C compiler at install?)")
    compiled = _run(new_fold(True, monkeypatch), rows)
    python = _run(new_fold(False, monkeypatch), rows)
    assert compiled == python


def test_an_amount_past_a_machine_integer_goes_on_in_python(monkeypatch: pytest.MonkeyPatch) -> None:
    fold = new_fold(True, monkeypatch)
    # 18 significant digits (the most an amount may have) are 10**20 cents: past 2**63
    big = with_cell(7, "999999999999999999")
    fold._add_rows([TEMPLATE[1], big, TEMPLATE[2]], 0, ONE - 1)
    assert fold._compiled is False  # the rest of the file in Python
    sales = fold.money[0]
    total = sum(sales.decimal(sums[2]) for sums in fold._groups.values())
    expected = sum(Decimal(row[7] or 0) for row in (TEMPLATE[1], TEMPLATE[2])) + Decimal("999999999999999999")
    assert total == expected


def test_plain_amounts_with_commas_are_read_by_the_compiled_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    # Read in C, a plain text never reaches the column's dict; the others are parsed there, once.
    texts = ["1,234.56", "-12,345,678.90", "1,234,567,890,123.45", "0,123.45", "1,23.45", "12,3456.78"]
    fold = new_fold(True, monkeypatch)
    fold._add_rows([with_cell(7, text) for text in texts], 0, ONE - 1)
    assert [text for text in texts if text in fold.money[0]] == ["0,123.45", "1,23.45", "12,3456.78"]


cell_texts = st.one_of(
    st.just(""),
    st.builds(
        lambda n, places: str(Decimal(n).scaleb(-places)), st.integers(-(10**12), 10**12), st.integers(0, 2)
    ),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(cell_texts, max_size=8))
def test_a_sum_of_encoded_cells_reads_back_as_the_decimal_sum(
    texts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # What `_flush` reads out of a group (`Amounts.decimal`): the digits and the places a row-by-row sum
    # of the cells' Decimals has (an empty cell adds nothing and no places: 0 + 0 is 0, 0 + 1.50 is 1.50).
    sales = new_fold(False, monkeypatch).money[0]
    encoded = sum((sales[text] for text in texts), 0)
    expected = sum((Decimal(text) for text in texts if text), Decimal(0))
    got = sales.decimal(encoded)
    assert (str(got), got.as_tuple().exponent) == (str(expected), expected.as_tuple().exponent)


WITHOUT_THE_EXTENSION = """
import sys
from importlib.abc import MetaPathFinder

class NotBuilt(MetaPathFinder):  # as on a machine where `pip install` found no C compiler
    def find_spec(self, name, path=None, target=None):
        if name == "flywheel_cli.metrics._addrows":
            raise ImportError("not built")
        return None

sys.meta_path.insert(0, NotBuilt())
from flywheel_cli.cli import main
from flywheel_cli.metrics import payments_fold
print("compiled loop:", payments_fold._addrows, file=sys.stderr)
main(sys.argv[1:])
"""


def test_without_the_extension_flywheel_runs_the_python_loop_to_the_same_figures() -> None:
    args = ["kpis", str(EXAMPLE), "--by", "sku", "--format", "json", "--no-cache"]
    built = flywheel(*args)
    plain = subprocess.run(
        [sys.executable, "-c", WITHOUT_THE_EXTENSION, *args], capture_output=True, text=True, check=False
    )
    assert (plain.returncode, plain.stdout) == (built.code, built.out) and built.code == 0
    assert "compiled loop: None" in plain.stderr
