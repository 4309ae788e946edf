"""Properties: the order of rows and how a report is split into files do not change any result."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flywheel_cli import api
from flywheel_cli.metrics.fold import Window
from flywheel_cli.metrics.rollup import Grain
from tests.conftest import EXAMPLE

SOURCE = (EXAMPLE / "payments-2026-10.csv").read_text(encoding="utf-8").splitlines(keepends=True)
HEADER_AT = next(i for i, line in enumerate(SOURCE) if line.startswith('"date/time"'))
HEAD, ROWS = SOURCE[: HEADER_AT + 1], SOURCE[HEADER_AT + 1 :]
BASELINE = {
    grain: api.kpis([str(EXAMPLE / "payments-2026-10.csv")], grain=grain) for grain in (Grain.SKU, Grain.DAY)
}
SETTINGS = settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _table(result: api.KpiResult) -> tuple[object, ...]:
    return (
        result.total.metrics,
        tuple((tuple(r.scope.items()), tuple(r.metrics.items())) for r in result.rows),
    )


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), grain=st.sampled_from([Grain.SKU, Grain.DAY]))
def test_row_order_does_not_matter(tmp_path: Path, seed: int, grain: Grain) -> None:
    rows = ROWS.copy()
    random.Random(seed).shuffle(rows)
    path = tmp_path / f"shuffled-{seed}.csv"
    path.write_text("".join(HEAD + rows), encoding="utf-8")
    assert _table(api.kpis([str(path)], grain=grain)) == _table(BASELINE[grain])


@SETTINGS
@given(cut=st.integers(0, len(ROWS)), grain=st.sampled_from([Grain.SKU, Grain.DAY]))
def test_splitting_a_report_in_two_files_gives_the_same_totals(
    tmp_path: Path, cut: int, grain: Grain
) -> None:
    first, second = tmp_path / f"a-{cut}.csv", tmp_path / f"b-{cut}.csv"
    first.write_text("".join(HEAD + ROWS[:cut]), encoding="utf-8")
    second.write_text("".join(HEAD + ROWS[cut:]), encoding="utf-8")
    assert _table(api.kpis([str(first), str(second)], grain=grain)) == _table(BASELINE[grain])


ADDITIVE = ("gross_sales", "units_sold", "refunded_sales", "referral_fees", "fba_fees", "net_proceeds")


def _two_months(tmp_path: Path) -> Path:
    """The example's October, and a copy of its rows dated November (day 31 has no twin)."""
    november = [
        '"Nov ' + row[len('"Oct ') :]
        for row in ROWS
        if row.startswith('"Oct ') and not row.startswith('"Oct 31,')
    ]
    path = tmp_path / "two-months.csv"
    path.write_text("".join(HEAD + ROWS + november), encoding="utf-8")
    return path


@pytest.mark.parametrize("grain", [Grain.WEEK, Grain.MONTH])
@pytest.mark.parametrize(
    "window", [Window(), Window(date(2026, 10, 20), date(2026, 11, 9))], ids=["all", "window"]
)
def test_week_and_month_rows_are_the_sums_of_their_days(tmp_path: Path, grain: Grain, window: Window) -> None:
    path = str(_two_months(tmp_path))
    days = api.kpis([path], grain=Grain.DAY, window=window)
    expected: dict[str, dict[str, object]] = {}
    for row in days.rows:
        day = date.fromisoformat(row.scope["day"])
        year, week, _ = day.isocalendar()
        label = f"{year}-W{week:02d}" if grain is Grain.WEEK else f"{day.year}-{day.month:02d}"
        sums = expected.setdefault(label, dict.fromkeys(ADDITIVE, 0))
        for name in ADDITIVE:
            sums[name] += row.metrics[name] or 0  # type: ignore[operator]
    result = api.kpis([path], grain=grain, window=window)
    got = {row.scope[grain.value]: {name: row.metrics[name] for name in ADDITIVE} for row in result.rows}
    assert got == expected
    assert len(got) == (2 if grain is Grain.MONTH else len({(d.isocalendar()[1]) for d in _days(days)}))
    assert result.total.metrics["gross_sales"] == days.total.metrics["gross_sales"] > 0


def _days(result: api.KpiResult) -> list[date]:
    return [date.fromisoformat(row.scope["day"]) for row in result.rows]
