"""`flywheel metrics`, and metric names as sellers type them (the screens issue)."""

from __future__ import annotations

import json

from flywheel_cli.metrics.catalogue import METRICS
from tests.conftest import EXAMPLE, flywheel


def test_the_catalogue_lists_every_metric() -> None:
    result = flywheel("metrics", "--format", "json")
    document = json.loads(result.out)
    assert result.code == 0 and document["schema"] == "flywheel.metrics/1"
    assert [m["name"] for m in document["metrics"]] == list(METRICS)


def test_one_metric_by_a_seller_word() -> None:
    result = flywheel("metrics", "Conversion", "--format", "json")
    (metric,) = json.loads(result.out)["metrics"]
    assert (metric["name"], metric["unit"]) == ("unit_session_pct", "ratio")
    assert metric["reports"] == ["a Business Report (business-report or business-report-by-date)"]
    assert "conversion" in metric["aliases"]


def test_a_typo_gets_a_suggestion_everywhere_a_metric_is_taken() -> None:
    for args in (
        ["metrics", "acoss"],
        ["kpis", str(EXAMPLE), "-m", "acoss"],
        ["kpis", str(EXAMPLE), "--explain", "acoss"],
    ):
        result = flywheel(*args)
        assert (result.code, result.out) == (2, ""), args
        assert (
            result.err == "flywheel: error: unknown metric 'acoss'\nhint: did you mean 'acos', 'tacos'?\n"
        ), args


def test_kpis_takes_seller_words_and_answers_with_catalogue_names() -> None:
    result = flywheel("kpis", str(EXAMPLE), "-m", "ACoS,buy box", "--format", "csv")
    assert result.code == 0
    header, row = result.out.splitlines()
    assert header == "metrics.acos,metrics.buy_box_pct"
    assert row == "0.307146,0.890622"
