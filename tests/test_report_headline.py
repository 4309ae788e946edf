"""The report's headline targets and SKU marks come from the rules evaluated, not from a second list."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flywheel_cli import api
from flywheel_cli.checks.headline import HEADLINE, target_rule, target_text
from tests.conftest import EXAMPLE, flywheel

SELLER_PACK = """\
pack: my-targets
version: 1
rules:
  - id: my-acos
    metric: acos
    grain: account
    warn: {above: 0.35}
    error: {above: 0.50}
    basis: seller_target
    source: "our 2027 plan"
  - id: my-acos-by-sku
    metric: acos
    grain: sku
    warn: {above: 0.38}
    basis: seller_target
    source: "our 2027 plan"
  - id: my-conversion
    metric: unit_session_pct
    grain: account
    warn: {below: 0.10}
    min_sample: {sessions: 1000000}
    basis: seller_target
    source: "our 2027 plan"
"""


def _report(tmp_path: Path, *rules: str) -> dict[str, Any]:
    (tmp_path / "mine.yaml").write_text(SELLER_PACK, encoding="utf-8")
    arguments = [
        a for name in rules for a in ("--rules", str(tmp_path / name) if name == "mine.yaml" else name)
    ]
    result = flywheel("report", str(EXAMPLE), *arguments, "--format", "json")
    assert result.code == 0, result.err
    document: dict[str, Any] = json.loads(result.out)
    return document


def test_a_sellers_own_thresholds_set_the_headline(tmp_path: Path) -> None:
    document = _report(tmp_path, "mine.yaml", "amazon-account-health")
    headline = {h["metric"]: h for h in document["headline"]}
    assert [h["metric"] for h in document["headline"]] == [metric for metric, _ in HEADLINE]
    acos = headline["acos"]  # 30.7%: under the seller's 35%, where the shipped pack's 25% warns
    assert (acos["target"], acos["status"], acos["basis"], acos["source"]) == (
        "≤ 35% (error > 50%)", "ok", "seller_target", "our 2027 plan"
    )  # fmt: skip
    conversion = headline["unit_session_pct"]  # 10,562 sessions: under the rule's sample floor
    assert (conversion["target"], conversion["status"]) == ("≥ 10%", None)
    for metric in ("buy_box_pct", "return_rate", "days_of_supply", "tacos"):  # no rule reads them
        assert (headline[metric]["target"], headline[metric]["status"], headline[metric]["basis"]) == (
            "",
            None,
            "",
        )
    late = headline["late_shipment_rate"]  # a marketplace-grain policy rule, judged on the account
    assert (late["target"], late["status"], late["basis"]) == ("< 4%", "error", "official")


def test_sku_marks_are_the_findings_on_each_sku(tmp_path: Path) -> None:
    document = _report(tmp_path, "mine.yaml", "flywheel")
    skus = {line["sku"]: line for line in document["skus"]}
    by_sku: dict[str, dict[str, str]] = {}
    for finding in document["findings"]:
        if finding["grain"] == "sku":
            marks = by_sku.setdefault(finding["scope"]["sku"], {})
            if marks.get(finding["metric"]) != "error":
                marks[finding["metric"]] = finding["severity"]
    assert {sku: line["marks"] for sku, line in skus.items() if line["marks"]} == by_sku
    assert all(sorted(line["misses"]) == sorted(line["marks"]) for line in skus.values())
    # ACoS per SKU is judged by the seller's 38%: 39.5% warns, 34.9% does not
    assert skus["LL-FLOOR-ARC65"]["marks"]["acos"] == "warning"
    assert "acos" not in skus["LL-STR-WW33"]["marks"]
    assert skus["LL-STR-WW33"]["marks"]["return_rate"] == "error"  # flywheel pack: 9.1% ≥ 5%


def test_the_table_says_which_kpis_have_no_target(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(SELLER_PACK, encoding="utf-8")
    result = flywheel("report", str(EXAMPLE), "--rules", str(tmp_path / "mine.yaml"), "--format", "plain")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert next(line for line in lines if line.startswith("ACoS ")).split()[2:5] == ["≤", "35%", "(error"]
    # A KPI no evaluated rule reads has no target and no status: a dash, never a ✓ it did not earn.
    for label in ("TACoS", "Order defect rate", "Return rate", "Days of supply"):
        row = next(line for line in lines if line.startswith(label + " "))
        assert row.split()[len(label.split()) + 1 :] == ["—"], row


@pytest.mark.parametrize(
    ("metric", "rule_id", "text"),
    [
        ("acos", "acos-target", "≤ 25%"),  # account grain wins over the SKU rules
        ("buy_box_pct", "buy-box-by-sku", "≥ 60%"),  # a plain rule wins over a `for:` streak
        ("return_rate", "return-rate", "< 3% (error ≥ 5%)"),
        ("inventory_turnover", "inventory-turnover", "4–6"),  # warn outside 4–6
        ("valid_tracking_rate", "valid-tracking-rate", "≥ 95%"),  # an error level alone
        ("net_margin", "net-margin", "≥ 0%"),
    ],
)
def test_the_target_rule_of_a_metric_and_its_text(metric: str, rule_id: str, text: str) -> None:
    rules = api.load_rules([])  # every shipped pack
    rule = target_rule(rules, metric)
    assert rule is not None
    assert (rule.id, target_text(rule)) == (rule_id, text)
    assert target_rule(rules, "tacos") is None


OVERRIDES = """\
pack: scoped
version: 1
rules:
  - id: acos-by-market
    metric: acos
    grain: account
    warn: {above: 0.25}
    basis: seller_target
    source: "plan"
    overrides:
      - where: {marketplace: US}
        warn: {above: 0.40}
  - id: conversion-de
    metric: unit_session_pct
    grain: account
    where: {marketplace: DE}
    warn: {below: 0.50}
    basis: seller_target
    source: "plan"
  - id: buy-box-streak
    metric: buy_box_pct
    grain: account
    warn: {below: 0.95}
    for: {periods: 3, grain: day}
    basis: seller_target
    source: "plan"
"""


def test_the_headline_applies_overrides_and_ignores_partial_or_streak_rules(tmp_path: Path) -> None:
    (tmp_path / "scoped.yaml").write_text(OVERRIDES, encoding="utf-8")
    result = flywheel("report", str(EXAMPLE), "--rules", str(tmp_path / "scoped.yaml"), "--format", "json")
    assert result.code == 0, result.err
    headline = {h["metric"]: h for h in json.loads(result.out)["headline"]}
    assert (headline["acos"]["target"], headline["acos"]["status"]) == ("≤ 40%", "ok")  # the US override
    assert (headline["unit_session_pct"]["target"], headline["unit_session_pct"]["status"]) == ("", None)
    assert (headline["buy_box_pct"]["target"], headline["buy_box_pct"]["status"]) == ("", None)
    checked = flywheel("check", str(EXAMPLE), "--rules", str(tmp_path / "scoped.yaml"), "--format", "json")
    assert checked.code in (0, 1), checked.err
    assert "acos-by-market" not in {f["rule"] for f in json.loads(checked.out)["findings"]}  # check agrees
