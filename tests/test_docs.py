"""The documentation lists what the code has."""

from __future__ import annotations

from flywheel_cli.metrics.catalogue import METRICS
from flywheel_cli.reports.registry import KINDS
from tests.conftest import ROOT


def test_every_metric_is_documented() -> None:
    text = (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8")
    missing = [name for name in METRICS if f"`{name}`" not in text]
    assert missing == []


def test_every_report_kind_is_documented() -> None:
    text = (ROOT / "docs" / "record-fields.md").read_text(encoding="utf-8")
    missing = [name for name in KINDS if f"`{name}`" not in text]
    assert missing == []
