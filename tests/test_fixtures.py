"""Every fixture in tests/fixtures/reports (kind × layout × locale), against hand-computed facts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import yaml

from flywheel_cli.reports.reader import open_report
from flywheel_cli.reports.tally import Tally
from tests.conftest import FIXTURES

REPORTS = FIXTURES / "reports"
# The main manifest, plus one `manifest.yaml` per kind folder for the kinds added since (each lists
# its files relative to tests/fixtures/reports, like the main one).
MANIFESTS = sorted(REPORTS.rglob("manifest.yaml"))
MANIFEST = [case for path in MANIFESTS for case in yaml.safe_load(path.read_text(encoding="utf-8"))]


def _value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, date):
        return value.isoformat()
    return value


@pytest.mark.parametrize("case", MANIFEST, ids=[case["file"] for case in MANIFEST])
def test_fixture(case: dict[str, Any]) -> None:
    path = FIXTURES / "reports" / case["file"]
    report = open_report(str(path))
    tally = Tally(report)
    records = list(tally.records())
    summary = tally.summary()
    assert summary.kind == case["kind"]
    assert summary.layout == case["layout"]
    assert summary.language == case["language"]
    if case.get("delimiter") is not None:
        assert summary.delimiter == case["delimiter"]
    assert summary.encoding == case["encoding"] or case["kind"] == "seller-performance"
    assert summary.rows == case["rows"]
    period = case.get("period")
    if period:
        assert (summary.period_start.isoformat(), summary.period_end.isoformat()) == tuple(period)  # type: ignore[union-attr]
    else:
        assert summary.period_start is None
    assert summary.currency == case.get("currency")
    assert summary.marketplace == case.get("marketplace")
    for name, expected in (case.get("sums") or {}).items():
        present = [getattr(r, name) for r in records if getattr(r, name) is not None]
        if isinstance(expected, str):
            assert sum(present, Decimal(0)) == Decimal(expected), name
        else:
            assert sum(present) == expected, name
    for name, expected in (case.get("first") or {}).items():
        actual = _value(getattr(records[0], name))
        if isinstance(actual, Decimal):
            expected = Decimal(str(expected))
        assert actual == expected, name


def test_every_fixture_file_is_in_the_manifest() -> None:
    listed = [case["file"] for case in MANIFEST]
    assert len(listed) == len(set(listed)), "a fixture is listed twice"
    on_disk = {
        str(p.relative_to(FIXTURES / "reports"))
        for p in (FIXTURES / "reports").rglob("*")
        if p.is_file() and p.name != "manifest.yaml"
    }
    assert on_disk == set(listed)


def test_kinds_covered() -> None:
    kinds = {case["kind"] for case in MANIFEST}
    assert kinds >= {
        "business-report", "business-report-by-date", "payments", "ads-sp-advertised-product",
        "ads-sp-search-term", "fba-inventory", "fba-returns", "seller-performance",
    }  # fmt: skip
