"""`flywheel check`: exit codes 0/1/2, every format, skipped-not-passed, streaks on real reports, and
the findings in `flywheel report`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLE, FIXTURES, ROOT, flywheel

STORE = "examples/lumen-lighting/"
BUY_BOX_BY_DATE = FIXTURES / "checks" / "business-report-by-date-buy-box.csv"
SUMMARY = (
    "2 errors, 17 warnings, 19 passed, 3 skipped (1 for missing data)\n"
    "skipped for missing data: no buy_box_pct value for any day: a streak needs reports with a row per day\n"
)  # flywheel + amazon-account-health (flywheel.yaml)


def _json(*args: str) -> tuple[int, dict[str, Any], str]:
    result = flywheel("check", *args, "--format", "json")
    return result.code, json.loads(result.out, parse_float=Decimal), result.err


def test_the_demo_store_fails_on_its_late_shipment_rate() -> None:
    code, document, err = _json(STORE)
    assert (code, err) == (1, SUMMARY)
    assert document["schema"] == "flywheel.check/1"
    assert document["packs"] == ["flywheel", "amazon-account-health"]  # the rules: of its flywheel.yaml
    assert document["summary"] == {
        "errors": 2,
        "warnings": 17,
        "passed": 19,
        "skipped": 3,
        "skipped_missing_data": 1,
    }
    first = document["findings"][0]
    assert first == {
        "rule": "late-shipment-rate", "pack": "amazon-account-health", "severity": "error",
        "scope": {"marketplace": "US"}, "metric": "late_shipment_rate", "value": Decimal("0.0462"),
        "threshold": Decimal("0.04"), "condition": "at_or_above",
        "message": "Late shipment rate 4.62%: Amazon's target is under 4%",
        "source": "rules/amazon-account-health.yaml:22", "basis": "official", "grain": "marketplace",
        "hint": first["hint"], "period": None,
    }  # fmt: skip
    assert [f["severity"] for f in document["findings"]] == ["error"] * 2 + ["warning"] * 17
    assert {(s["rule"], s["reason"]) for s in document["skipped"]} >= {
        ("buy-box-streak", "no buy_box_pct value for any day: a streak needs reports with a row per day"),
        ("return-rate-by-sku", "no return_rate value for sku LL-FLOOR-ARC65"),
    }
    assert document["period"] == {"start": "2026-10-01", "end": "2026-10-31"}
    assert len(document["inputs"]) == 11  # 8 reports, the fee preview, listings and feedback


def test_findings_match_the_ledger_figures() -> None:
    ledger = json.loads((ROOT / "tests" / "data" / "lumen_expected.json").read_text(encoding="utf-8"))
    _, document, _ = _json(STORE)
    by_rule = {(f["rule"], tuple(f["scope"].values())): f for f in document["findings"]}
    late = Decimal(str(ledger["seller_performance"]["late_shipment_rate"]))
    assert by_rule[("late-shipment-rate", ("US",))]["value"] == late
    returns = ledger["fba_returns"]["by_sku"]["LL-STR-WW33"]["units_returned"]
    sold = ledger["payments"]["by_sku"]["LL-STR-WW33"]["units_sold"]
    expected = (Decimal(returns) / Decimal(sold)).quantize(Decimal("0.000001"))
    assert by_rule[("return-rate-by-sku", ("LL-STR-WW33",))]["value"] == expected


def test_exit_0_when_nothing_reaches_fail_on() -> None:
    result = flywheel("check", STORE, "--rules", "inventory", "--format", "plain")
    assert result.code == 0
    assert result.err == "0 errors, 3 warnings, 13 passed, 2 skipped\n"
    assert "! warning  aged-inventory" in result.out
    strict = flywheel("check", STORE, "--rules", "inventory", "--strict", "--format", "plain")
    assert (strict.code, strict.out, strict.err) == (1, result.out.replace("on any error", "on any warning or error"),
                                                     result.err)  # fmt: skip
    fail_on = flywheel("check", STORE, "--rules", "inventory", "--fail-on", "warning", "--format", "json")
    assert fail_on.code == 1


def test_exit_2_on_bad_input() -> None:
    missing = flywheel("check", "no-such-folder/")
    assert (missing.code, missing.out) == (2, "")
    assert missing.err.startswith("no-such-folder/: error:")
    usage = flywheel("check", STORE, "--fail-on", "never")
    assert usage.code == 2


def test_skipped_is_never_passed() -> None:
    """Without the reports a rule needs, it is skipped once with the reason, not counted as passed."""
    result = flywheel(
        "check", str(EXAMPLE / "seller-performance.json"), "--rules", "profitability", "--format", "json"
    )
    document = json.loads(result.out)
    assert result.code == 0
    assert document["summary"] == {
        "errors": 0,
        "warnings": 0,
        "passed": 0,
        "skipped": 3,
        "skipped_missing_data": 3,
    }
    assert {s["reason"] for s in document["skipped"]} == {
        "gross_margin: needs a cost file (costs.cogs_file in flywheel.yaml) and a Payments Date Range Report (payments)",
        "net_margin: needs a cost file (costs.cogs_file in flywheel.yaml) and a Payments Date Range Report (payments)",
    }


def test_buy_box_streak_from_a_business_report_by_date() -> None:
    code, document, _ = _json(str(BUY_BOX_BY_DATE), "--rules", "flywheel", "--fail-on", "warning")
    streaks = [f for f in document["findings"] if f["rule"] == "buy-box-streak"]
    assert streaks == [
        {
            "rule": "buy-box-streak", "pack": "flywheel", "severity": "warning", "scope": {},
            "metric": "buy_box_pct", "value": Decimal("0.579"), "threshold": Decimal("0.60"), "condition": "below",
            "message": "Buy Box below 60% for 3 days in a row (last 57.9%)", "source": "rules/flywheel.yaml:52",
            "basis": "rule_of_thumb", "grain": "account", "hint": streaks[0]["hint"],
            "period": {"start": "2026-10-03", "end": "2026-10-05", "periods": 3},
        }
    ]  # fmt: skip
    assert code == 1


def test_streaks_per_sku_by_day_from_payments(tmp_path: Path) -> None:
    """`for:` at grain sku × day, from the daily rows of the Payments report."""
    rules = tmp_path / "daily.yaml"
    rules.write_text(
        "pack: daily\nversion: 1\nrules:\n"
        "  - id: daily-sales\n    metric: units_sold\n    grain: sku\n    for: {periods: 3, grain: day}\n"
        "    warn: {at_or_above: 1}\n    basis: seller_target\n    source: test\n",
        encoding="utf-8",
    )
    code, document, _ = _json(str(EXAMPLE / "payments-2026-10.csv"), "--rules", str(rules))
    assert code == 0
    streaks = {f["scope"]["sku"]: f["period"] for f in document["findings"]}
    assert len(streaks) == 8
    assert all(p["periods"] >= 3 for p in streaks.values())
    assert all(p["start"] >= "2026-10-01" and p["end"] <= "2026-10-31" for p in streaks.values())


def test_a_rule_by_day_reads_the_daily_search_term_rows(tmp_path: Path) -> None:
    """The advertised-product report is monthly; daily ACoS comes from the daily search-term report."""
    import csv

    rules = tmp_path / "daily.yaml"
    rules.write_text(
        "pack: daily\nversion: 1\nrules:\n  - id: daily-acos\n    metric: acos\n    grain: day\n"
        "    warn: {above: 0.5}\n    basis: seller_target\n    source: test\n",
        encoding="utf-8",
    )
    _, document, _ = _json(STORE, "--rules", str(rules))
    found = {f["scope"]["day"]: f["value"] for f in document["findings"]}
    with (EXAMPLE / "sp-search-term-2026-10.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["Date"] == "Oct 15, 2026"]
    spend = sum(Decimal(r["Spend"].strip("$").replace(",", "")) for r in rows)
    sales = sum(Decimal(r["7 Day Total Sales "].strip("$").replace(",", "")) for r in rows)
    assert found["2026-10-15"] == (spend / sales).quantize(Decimal("0.000001"))
    checked = document["summary"]["passed"] + document["summary"]["warnings"] + document["summary"]["skipped"]
    assert (
        checked == 32
    )  # every day of October, and 2026-11-01: the inventory snapshot's day (no ACoS: skipped)


def test_where_filters_the_data_by_category() -> None:
    """An account-grain rule with `where: {category: electronics}` sees only the electronics SKUs."""
    rules = ROOT / "tests" / "rules" / "conditions.yaml"
    document = json.loads(flywheel("kpis", STORE, "--by", "category", "--format", "json").out)
    electronics = next(r for r in document["rows"] if r["scope"]["category"] == "electronics")["metrics"]
    code, checked, _ = _json(STORE, "--rules", str(rules))
    assert code == 1
    where = [f for f in checked["findings"] if f["rule"] == "t-where"]
    assert {f["scope"]["sku"] for f in where} <= {"LL-BULB-SM4", "LL-DESK-LED01", "LL-FLOOR-ARC65", "LL-NITE-2PK",
                                                   "LL-SHADE-DRUM10", "LL-SOLAR-PATH8", "LL-STR-WW33", "LL-UCAB-12IN2"}  # fmt: skip
    overrides = {f["scope"]["sku"]: f for f in checked["findings"] if f["rule"] == "t-overrides"}
    assert overrides["LL-BULB-SM4"]["threshold"] == Decimal("0.12")  # the exact SKU beats glob and category
    assert Decimal(str(electronics["acos"])) == overrides["LL-BULB-SM4"]["value"]


# --- formats -------------------------------------------------------------------------------------


def test_ndjson_is_one_finding_per_line() -> None:
    result = flywheel("check", STORE, "--format", "ndjson")
    lines = [json.loads(line) for line in result.out.splitlines()]
    assert (result.code, len(lines)) == (1, 19)
    assert {"rule", "severity", "scope", "metric", "value", "threshold", "message", "source"} <= set(lines[0])


def test_csv_and_human_formats() -> None:
    csv = flywheel("check", STORE, "--format", "csv")
    assert csv.code == 1
    assert csv.out.splitlines()[0].startswith("rule,pack,severity,scope.marketplace,metric,value,threshold")
    plain = flywheel("check", STORE, "--format", "plain")
    assert plain.out.startswith(
        "Findings · 2 errors, 17 warnings, 19 passed, 3 skipped (1 for missing data)\n"
    )
    assert "✗ error    late-shipment-rate" in plain.out
    assert "Skipped: too little data (3)" in plain.out
    markdown = flywheel("check", STORE, "--format", "markdown")
    assert markdown.out.startswith("## Findings · 2 errors")
    assert re.search(r"^\| ✗ error +\| late-shipment-rate ", markdown.out, re.MULTILINE)
    table = flywheel("check", STORE, "--format", "table")
    assert "late-shipment-rate" in table.out and "\x1b[" not in table.out


def test_github_annotations() -> None:
    result = flywheel("check", STORE, "--format", "github")
    assert result.code == 1
    lines = result.out.splitlines()
    assert len(lines) == 19
    pattern = re.compile(r"^::(error|warning) file=[^,:]+,line=\d+,title=[^:]+::.+$")
    assert all(pattern.match(line) for line in lines), lines
    assert lines[0].startswith(
        "::error file=rules/amazon-account-health.yaml,line=22,title=late-shipment-rate · marketplace US::"
        "Late shipment rate 4.62%25: Amazon's target is under 4%25%0A"
    )
    env = {**os.environ, "GITHUB_ACTIONS": "true", "NO_COLOR": "1"}
    auto = subprocess.run([sys.executable, "-m", "flywheel_cli", "check", STORE], capture_output=True, text=True,
                          env=env, cwd=ROOT, check=False)  # fmt: skip
    assert auto.stdout == result.out  # --format auto under GitHub Actions


def test_junit_has_the_required_structure() -> None:
    result = flywheel("check", STORE, "--format", "junit")
    assert result.code == 1
    assert result.out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(result.out)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("skipped"), root.get("errors")) == (
        "41",
        "2",
        "3",
        "0",
    )
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["flywheel", "amazon-account-health"]
    for suite in suites:
        cases = suite.findall("testcase")
        assert suite.get("tests") == str(len(cases))
        assert suite.get("failures") == str(sum(1 for c in cases if c.find("failure") is not None))
        assert suite.get("skipped") == str(sum(1 for c in cases if c.find("skipped") is not None))
        for case in cases:
            assert case.get("name") and case.get("classname", "").startswith(f"{suite.get('name')}.")
            failure = case.find("failure")
            if failure is not None:
                assert failure.get("message") and failure.get("type") in {"error", "warning"}
    late = root.find("testsuite/testcase[@classname='amazon-account-health.late-shipment-rate']/failure")
    assert late is not None and late.get("message") == "Late shipment rate 4.62%: Amazon's target is under 4%"
    strict = ET.fromstring(flywheel("check", STORE, "--format", "junit", "--strict").out)
    assert strict.get("failures") == "19"


def test_sarif_has_the_required_structure() -> None:
    result = flywheel("check", STORE, "--format", "sarif")
    assert result.code == 1
    log = json.loads(result.out)
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "flywheel" and driver["informationUri"].startswith("https://")
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids)) == 13
    assert all(rule["shortDescription"]["text"] for rule in driver["rules"])
    assert len(run["results"]) == 19
    for item in run["results"]:
        assert item["level"] in {"error", "warning"}
        assert item["message"]["text"]
        assert rule_ids[item["ruleIndex"]] == item["ruleId"]
        (location,) = item["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"].startswith("rules/")
        assert physical["region"]["startLine"] >= 1


def test_output_file_is_written_even_when_the_gate_fails(tmp_path: Path) -> None:
    target = tmp_path / "flywheel.xml"
    result = flywheel("check", STORE, "--format", "junit", "--output", str(target), "--quiet")
    assert (result.code, result.out, result.err) == (1, "", "")
    assert target.read_text(encoding="utf-8").startswith("<?xml")


def test_json_is_byte_identical_between_runs() -> None:
    assert (
        flywheel("check", STORE, "--format", "json").out == flywheel("check", STORE, "--format", "json").out
    )


@pytest.mark.parametrize("args", [["check", "--help"], ["rules", "--help"], ["rules", "list", "--help"]])
def test_help_imports_nothing_heavy(args: list[str]) -> None:
    from tests.test_cli_startup import test_no_heavy_imports

    test_no_heavy_imports(args)


# --- report ----------------------------------------------------------------------------------------


def test_report_takes_its_findings_from_the_rules() -> None:
    report = json.loads(flywheel("report", STORE, "--format", "json").out)
    _, check, _ = _json(STORE)
    assert report["summary"] == {
        "errors": 2,
        "warnings": 17,
        "passed": 19,
        "skipped": 3,
        "skipped_missing_data": 1,
    }
    assert [f["rule"] for f in report["findings"]] == [f["rule"] for f in check["findings"]]
    assert report["attention"][0] == (
        "✗ marketplace US: Late shipment rate 4.62%: Amazon's target is under 4% (Amazon policy)"
    )
    only = json.loads(flywheel("report", STORE, "--rules", "amazon-account-health", "--format", "json").out)
    assert only["summary"] == {
        "errors": 1,
        "warnings": 0,
        "passed": 3,
        "skipped": 0,
        "skipped_missing_data": 0,
    }
    assert flywheel("report", STORE, "--rules", "nope").code == 2
