"""Properties: the order of rows and how a report is split into files do not change any result."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flywheel_cli import api
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
