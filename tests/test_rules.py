"""Rule files: the shipped packs, schema errors at file:line:col, `rules list|show|validate|test`.

The engine's behaviour (every condition kind, override precedence, min_sample, `for:` streaks) is
tested as data in tests/rules/*.test.yaml, run here through `flywheel rules test`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flywheel_cli import api
from flywheel_cli.checks.loader import SHIPPED_DIR, shipped_packs
from tests.conftest import EXAMPLE, ROOT, flywheel

PACKS = [
    "amazon-account-health",
    "flywheel",
    "advertising",
    "inventory",
    "profitability",
    "customer-service",
    "listing",
]
RULE_TESTS = ROOT / "tests" / "rules"


def test_the_five_packs_ship_in_the_package() -> None:
    assert shipped_packs() == PACKS
    assert sorted(p.name for p in SHIPPED_DIR.glob("*.yaml")) == sorted(f"{p}.yaml" for p in PACKS)


@pytest.mark.parametrize("pack", PACKS)
def test_every_shipped_pack_passes_validate(pack: str) -> None:
    by_name = flywheel("rules", "validate", pack, "--format", "json")
    by_path = flywheel("rules", "validate", str(SHIPPED_DIR / f"{pack}.yaml"), "--format", "json")
    for result in (by_name, by_path):
        assert (result.code, result.err) == (0, "1 rule file(s) valid\n")
        document = json.loads(result.out)
        assert document["schema"] == "flywheel.rules-validate/1"
        assert document["ok"] is True
        assert document["files"][0]["rules"] > 0
    assert json.loads(by_name.out)["files"][0]["path"] == f"rules/{pack}.yaml"


def test_every_shipped_threshold_has_basis_and_source() -> None:
    rules = api.rules_list(PACKS).rules
    assert {rule.pack for rule in rules} == set(PACKS)
    assert all(rule.source.strip() and rule.basis.value for rule in rules)
    # Amazon policy is the account-health pack, and only it: no rule of thumb is called official.
    official = {rule.id for rule in rules if rule.basis.value == "official"}
    assert official == {
        "order-defect-rate",
        "late-shipment-rate",
        "pre-fulfillment-cancel-rate",
        "valid-tracking-rate",
    }
    assert all(rule.pack == "amazon-account-health" for rule in rules if rule.id in official)
    assert all("Dashu Kuajing" in rule.source for rule in rules if rule.basis.value == "rule_of_thumb" and
               rule.id != "low-inventory-fee-risk")  # fmt: skip
    # Sources and hints cite what a user can look up, never the project's internal documents.
    for rule in rules:
        for text in (rule.source or "", rule.hint or ""):
            assert not any(word in text for word in ("seeds/", "DESIGN", "DIGEST", "../shared")), (
                rule.id,
                text,
            )


def test_rule_unit_tests_pass() -> None:
    result = flywheel("rules", "test", str(RULE_TESTS), "--format", "json")
    document = json.loads(result.out)
    failures = [case for case in document["cases"] if not case["passed"]]
    assert failures == []
    assert result.code == 0
    assert document["passed"] >= 30
    assert result.err == f"{document['passed']} passed, 0 failed\n"


def test_a_failing_rule_test_exits_1_and_says_why(tmp_path: Path) -> None:
    case = tmp_path / "wrong.test.yaml"
    case.write_text(
        f"rule_files: [{RULE_TESTS / 'conditions.yaml'}]\n"
        "tests:\n"
        "  - name: expects a warning that does not come, misses the error that does\n"
        "    rules: [t-above]\n"
        "    rows:\n"
        "      - {scope: {sku: A}, metrics: {acos: 0.5}}\n"
        "    expect:\n"
        "      - {rule: t-above, severity: warning, scope: {sku: A}}\n",
        encoding="utf-8",
    )
    result = flywheel("rules", "test", str(case), "--format", "plain")
    assert result.code == 1
    assert "✗ FAIL" in result.out
    assert "missing: t-above warning [sku=A]" in result.out
    assert "unexpected: t-above error [sku=A]: ACoS 50.0% above 40%" in result.out
    assert result.err == "0 passed, 1 failed\n"


def test_an_ill_formed_rule_test_exits_2(tmp_path: Path) -> None:
    case = tmp_path / "bad.test.yaml"
    case.write_text("rule_files: [advertising]\ntests:\n  - name: x\n    rows: [{metrics: {acoss: 1}}]\n")
    result = flywheel("rules", "test", str(case))
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"{case}:4:22: error: tests[0].rows[0].metrics: unknown metric 'acoss'")


RULE = """pack: mine
version: 1
rules:
  - id: my-acos
    metric: acos
    grain: sku
    warn: {above: 0.2}
    basis: seller_target
    source: me
"""
BAD = [
    ("unknown metric", RULE.replace("metric: acos", "metric: acoss"),
     "5:13: error: rules[0].metric: unknown metric 'acoss'; did you mean 'acos', 'tacos'?"),
    ("unknown key", RULE.replace("    basis:", "    severity: high\n    basis:"), "8:5: error: rules[0].severity: unknown key"),
    ("bad number", RULE.replace("0.2}", "twenty}"), "7:19: error: rules[0].warn.above: input should be a valid decimal"),
    ("bad basis", RULE.replace("seller_target", "policy"),
     "8:12: error: rules[0].basis: input should be 'official', 'rule_of_thumb' or 'seller_target'"),
    ("bad grain", RULE.replace("grain: sku", "grain: skus"), "6:12: error: rules[0].grain: input should be 'account'"),
    ("two kinds", RULE.replace("{above: 0.2}", "{above: 0.2, below: 0.1}"),
     "7:11: error: rules[0].warn: give exactly one condition"),
    ("no level", RULE.replace("    warn: {above: 0.2}\n", ""), "4:5: error: rules[0]: give a `warn` level"),
    ("bad id", RULE.replace("my-acos", "My_ACoS"), "4:9: error: rules[0].id: rule ids are kebab-case"),
    ("bad placeholder", RULE + '    message: "{value.__class__}"\n',
     "10:14: error: rules[0].message: unknown placeholder {value.__class__}"),
    ("bad spec", RULE + '    message: "{value:.1q}"\n', "10:14: error: rules[0].message: placeholder {value:.1q}: bad format spec"),
    ("streak grain", RULE + "    for: {periods: 3, grain: sku}\n", "10:30: error: rules[0].for.grain: a streak counts periods"),
    ("not a number", RULE.replace("0.2}", ".nan}"), "7:19: error: '.nan' is not a finite number"),
    ("unsafe yaml", RULE.replace("pack: mine", "pack: !!python/object/apply:os.system [echo]"),
     "1:7: error: invalid YAML: could not determine a constructor"),
    ("duplicate id", RULE + RULE.split("rules:\n")[1], "10:5: error: rules[1].id: rule 'my-acos' is already defined at"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "error"), [(t, e) for _, t, e in BAD], ids=[name for name, _, _ in BAD])
def test_rule_file_errors_are_located(tmp_path: Path, text: str, error: str) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    validated = flywheel("rules", "validate", str(path), "--format", "json")
    assert validated.code == 2
    assert json.loads(validated.out)["ok"] is False
    assert validated.err.startswith(f"{path}:{error}"), validated.err
    checked = flywheel("check", "examples/lumen-lighting/", "--rules", str(path))
    assert (checked.code, checked.out) == (2, "")
    assert checked.err.startswith(f"{path}:{error}"), checked.err


def test_validate_reports_every_schema_error(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(RULE.replace("acos", "acoss").replace("seller_target", "policy"), encoding="utf-8")
    result = flywheel("rules", "validate", str(path))
    assert result.code == 2
    assert [line.split(": error")[0] for line in result.err.splitlines()] == [f"{path}:5:13", f"{path}:8:12"]


def test_unknown_pack_and_missing_file_are_usage_errors() -> None:
    result = flywheel("check", "examples/lumen-lighting/", "--rules", "advertisin")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "flywheel: error: no rule file, folder or shipped pack named 'advertisin'\n"
        "hint: shipped packs: amazon-account-health, flywheel, advertising, inventory, profitability, "
        "customer-service, listing\n"
    )
    missing = flywheel("rules", "validate", "nope/mine.yaml")
    assert (missing.code, missing.err) == (2, "nope/mine.yaml: error: no such rule file or folder\n")


def test_a_folder_of_rules_loads_every_file_but_rule_tests() -> None:
    result = api.rules_list([str(RULE_TESTS)])
    assert {rule.pack for rule in result.rules} == {"test-conditions"}


def test_rules_list() -> None:
    result = flywheel("rules", "list", "--rules", "advertising", "--format", "json")
    assert (result.code, result.err) == (0, "")
    rules = {rule["id"]: rule for rule in json.loads(result.out)["rules"]}
    assert list(rules) == ["acos-by-category", "acos-above-break-even", "ad-spend-auto-share"]
    assert rules["acos-by-category"]["levels"] == "warn above 25% (+2 overrides)"
    assert rules["acos-above-break-even"]["levels"] == "error above break_even_acos"
    assert rules["acos-by-category"]["location"] == "rules/advertising.yaml:7"
    table = flywheel("rules", "list", "--format", "plain", cwd=ROOT / "tests")  # no flywheel.yaml: every pack
    assert table.code == 0
    assert "order-defect-rate" in table.out and "Amazon policy" in table.out
    assert "net-margin-by-sku" in table.out


def test_rules_show() -> None:
    result = flywheel("rules", "show", "acos-by-category", "--format", "plain")
    assert (result.code, result.err) == (0, "")
    for text in ("rules/advertising.yaml:7", "acos (ratio): ad_spend / ad_sales", "warn above 25%",
                 "category electronics: warn above 18%", "clicks: 30", "rule of thumb", "Tinuiti Q1 2024",
                 "Review search terms"):  # fmt: skip
        assert text in result.out, text
    document = json.loads(flywheel("rules", "show", "buy-box-streak", "--format", "json").out)
    assert document["schema"] == "flywheel.rule/1"
    assert document["rule"]["for"] == {"periods": 3, "grain": "day"}
    unknown = flywheel("rules", "show", "acos-by-categroy")
    assert (unknown.code, unknown.err) == (
        2,
        "flywheel: error: no rule 'acos-by-categroy'\nhint: did you mean acos-by-category?\n",
    )


@pytest.mark.parametrize("args", [["check"], ["rules"], ["rules", "list"], ["rules", "show"], ["rules", "validate"],
                                  ["rules", "test"]])  # fmt: skip
def test_help_has_examples(args: list[str]) -> None:
    result = flywheel(*args, "--help")
    assert result.code == 0
    assert "Examples:" in result.out


def test_a_sellers_own_rule_needs_only_an_id_a_metric_and_a_level(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text("pack: mine\nversion: 1\nrules:\n  - id: my-acos\n    metric: ACoS\n    warn: {above: 20%}\n",
                    encoding="utf-8")  # fmt: skip
    result = flywheel("check", str(EXAMPLE), "--rules", str(mine), "--format", "json")
    (finding,) = json.loads(result.out)["findings"]
    assert result.code == 0
    assert (finding["metric"], finding["threshold"], finding["basis"]) == ("acos", 0.2, "seller_target")
    listed = json.loads(flywheel("rules", "list", "--rules", str(mine), "--format", "json").out)["rules"]
    assert listed[0]["source"] == f"your rule file {mine}"


def test_a_bare_number_as_a_level_says_what_a_level_is(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text("pack: mine\nversion: 1\nrules:\n  - id: my-acos\n    metric: acos\n    warn: 0.30\n",
                    encoding="utf-8")  # fmt: skip
    result = flywheel("rules", "validate", str(mine))
    assert result.code == 2
    assert result.err.startswith(
        f"{mine}:6:11: error: rules[0].warn: a level is a condition, not a number: write {{above: 0.30}} or "
        "{below: 0.30} (or at_or_above, at_or_below, between, outside)"
    )


def test_missing_keys_are_named(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text("pack: mine\nversion: 1\nrules:\n  - warn: {above: 0.3}\n", encoding="utf-8")
    result = flywheel("rules", "validate", str(mine))
    assert result.code == 2
    assert result.err.startswith(
        f"{mine}:4:5: error: rules[0]: missing key 'id' (a kebab-case name, e.g. acos-target), and missing key "
        "'metric'\n"
    )


def test_every_shipped_rule_gives_its_basis_and_source() -> None:
    """A seller's rule may leave them out; the shipped packs' thresholds always carry their provenance."""
    import yaml

    for pack in sorted((ROOT / "src" / "flywheel_cli" / "rules").glob("*.yaml")):
        for rule in yaml.safe_load(pack.read_text(encoding="utf-8"))["rules"]:
            assert rule.get("basis") and rule.get("source"), (pack.name, rule["id"])
