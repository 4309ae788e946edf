"""Hostile YAML (flywheel.yaml, rule files, scenarios, rule tests): refused at `file:line:col`, exit 2,
quickly, never a traceback or an internal error (exit 3)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from flywheel_cli.core import yamldoc
from tests.conftest import EXAMPLE, Run, flywheel

PAYMENTS = str(EXAMPLE / "payments-2026-10.csv")

RULES = """\
pack: mine
version: 1
rules:
  - id: acos-high
    metric: acos
    grain: sku
    warn: {above: 0.25}
    basis: rule_of_thumb
    source: "my own target"
    message: "ACoS {value:.1%} above {threshold:.0%}"
"""

SCENARIO = """\
currency: USD
sales: 50000
units: 800
commission: 15%
fba_fee: 1.80
ad_share: 0.2
"""

ALIAS = "write the value out where it is used"
BOUNDS = "is out of bounds: at most 15 digits before the point and 15 after it"


def bounded(*args: str, seconds: float = 20) -> Run:
    """`flywheel(*args)` that must finish within a generous bound (a regression is killed, not waited for)."""
    return flywheel(*args, timeout=seconds)


def refused(result: Run, first: str, *, report: bool = False) -> None:
    """Exit 2 with `first` as the first line of stderr; stdout empty (`rules validate` prints its report)."""
    assert result.code == 2, result.err
    assert result.err.splitlines()[0] == first, result.err
    assert "Traceback" not in result.err
    if not report:
        assert result.out == ""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


# --- 1. aliases -----------------------------------------------------------------------------------


def test_a_billion_laughs_config_is_refused_before_expanding(tmp_path: Path) -> None:
    bomb = write(tmp_path, "flywheel.yaml", billion_laughs())
    assert len(bomb.read_bytes()) < 1024
    refused(
        bounded("kpis", PAYMENTS, "-c", str(bomb)), f"{bomb}:2:8: error: YAML aliases are not allowed (*a)"
    )


def test_a_recursive_alias_in_a_rule_file_is_refused(tmp_path: Path) -> None:
    rules = write(tmp_path, "mine.yaml", RULES.replace("grain: sku", "grain: &g [*g]"))
    first = f"{rules}:6:16: error: YAML aliases are not allowed (*g)"
    refused(bounded("rules", "validate", str(rules)), first, report=True)
    refused(bounded("check", str(EXAMPLE), "--rules", str(rules)), first)


def test_any_alias_is_refused_in_a_scenario_and_a_rule_test(tmp_path: Path) -> None:
    scenario = write(tmp_path, "plan.yaml", SCENARIO.replace("sales: 50000", "sales: &s 50000\nprice: *s"))
    refused(
        flywheel("plan", "--scenario", str(scenario)),
        f"{scenario}:3:8: error: YAML aliases are not allowed (*s)",
    )
    write(tmp_path, "mine.yaml", RULES)
    test = write(tmp_path, "mine.test.yaml", "rule_files: &f [mine.yaml]\nalso: *f\ntests: []\n")
    result = flywheel("rules", "test", str(test))
    refused(result, f"{test}:2:7: error: YAML aliases are not allowed (*f)", report=True)
    assert f"hint: {ALIAS}" in result.err


# --- 2. duplicate keys ----------------------------------------------------------------------------


def test_a_duplicate_key_in_the_config_names_the_first(tmp_path: Path) -> None:
    config = write(tmp_path, "flywheel.yaml", "currency: USD\nmarketplace: US\ncurrency: EUR\n")
    refused(
        flywheel("kpis", PAYMENTS, "-c", str(config)),
        f"{config}:3:1: error: duplicate key 'currency' (first at line 1)",
    )


def test_a_duplicate_key_in_a_rule_and_a_scenario(tmp_path: Path) -> None:
    rules = write(tmp_path, "mine.yaml", RULES.replace("    basis:", "    warn: {above: 0.5}\n    basis:"))
    first = f"{rules}:8:5: error: duplicate key 'warn' (first at line 7)"
    refused(flywheel("rules", "validate", str(rules)), first, report=True)
    refused(flywheel("check", str(EXAMPLE), "--rules", str(rules)), first)
    inline = write(tmp_path, "inline.yaml", RULES.replace("{above: 0.25}", "{above: 0.25, above: 0.3}"))
    refused(flywheel("rules", "validate", str(inline)), f"{inline}:7:25: error: duplicate key 'above' (first at line 7)", report=True)  # fmt: skip
    scenario = write(tmp_path, "plan.yaml", SCENARIO + "sales: 60000\n")
    refused(
        flywheel("plan", "--scenario", str(scenario)),
        f"{scenario}:7:1: error: duplicate key 'sales' (first at line 2)",
    )


# --- 3. control characters ------------------------------------------------------------------------


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\x85"])
def test_control_characters_are_located(tmp_path: Path, char: str) -> None:
    config = write(tmp_path, "flywheel.yaml", f"currency: US{char}D\n")
    name = f"U+{ord(char):04X}"
    refused(
        flywheel("kpis", PAYMENTS, "-c", str(config)),
        f"{config}:1:13: error: control character {name} in the text",
    )


def test_a_nul_in_a_rule_file_and_a_scenario(tmp_path: Path) -> None:
    rules = write(tmp_path, "mine.yaml", RULES.replace("my own", "my\x00own"))
    first = f"{rules}:9:16: error: control character U+0000 in the text"
    refused(flywheel("rules", "validate", str(rules)), first, report=True)
    refused(flywheel("check", str(EXAMPLE), "--rules", str(rules)), first)
    scenario = write(tmp_path, "plan.yaml", SCENARIO.replace("\nunits", "\r\n\tunits\x01"))
    refused(
        flywheel("plan", "--scenario", str(scenario)),
        f"{scenario}:3:7: error: control character U+0001 in the text",
    )


# --- 4. deep nesting ------------------------------------------------------------------------------


def test_ten_thousand_nested_lists_are_refused_quickly(tmp_path: Path) -> None:
    rules = write(tmp_path, "mine.yaml", RULES.replace("grain: sku", "grain: " + "[" * 10_000 + "]" * 10_000))
    # the document, `rules` and the rule are three levels: the 48th `[` is the 51st
    first = f"{rules}:6:{12 + 47}: error: nested more than 50 levels deep"
    refused(bounded("rules", "validate", str(rules)), first, report=True)
    refused(bounded("check", str(EXAMPLE), "--rules", str(rules)), first)


def test_ten_thousand_nested_mappings_are_refused_quickly(tmp_path: Path) -> None:
    config = write(tmp_path, "flywheel.yaml", "a: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n")
    # the document is the first level: the 50th `{` is the 51st
    refused(
        bounded("kpis", PAYMENTS, "-c", str(config)),
        f"{config}:1:{4 + 49 * 4}: error: nested more than 50 levels deep",
    )
    scenario = write(tmp_path, "plan.yaml", "tools:\n" + "".join(f"{'  ' * i}a{i}:\n" for i in range(1, 60)))
    refused(
        bounded("plan", "--scenario", str(scenario)),
        f"{scenario}:51:101: error: nested more than 50 levels deep",
    )


def test_nesting_up_to_the_cap_still_parses(tmp_path: Path) -> None:
    ok = write(tmp_path, "ok.yaml", "a: " + "[" * 49 + "]" * 49 + "\n")
    data, _ = yamldoc.load(ok)
    assert isinstance(data["a"], list)


# --- 5. numbers -----------------------------------------------------------------------------------


def test_an_int_past_pythons_digit_limit_is_located(tmp_path: Path) -> None:
    config = write(tmp_path, "flywheel.yaml", "costs: {monthly: {tools: " + "9" * 5000 + "}}\n")
    refused(
        flywheel("kpis", PAYMENTS, "-c", str(config)),
        f"{config}:1:26: error: the number 99999999999999999999… {BOUNDS}",
    )


def test_a_thirty_digit_cost_is_located(tmp_path: Path) -> None:
    config = write(tmp_path, "flywheel.yaml", "costs: {monthly: {tools: 123456789012345678901234567890}}\n")
    refused(
        flywheel("kpis", PAYMENTS, "-c", str(config)),
        f"{config}:1:26: error: the number 12345678901234567890… {BOUNDS}",
    )


@pytest.mark.parametrize(
    "number", ["1.0e+999999999", "1.0e999999999", "1e+16", "0.0e-999999999", "0.0000000000000001"]
)
def test_a_huge_or_tiny_threshold_fails_validation_not_the_check(tmp_path: Path, number: str) -> None:
    rules = write(tmp_path, "mine.yaml", RULES.replace("above: 0.25", f"above: {number}"))
    first = f"{rules}:7:19: error: the number {number} {BOUNDS}"
    refused(flywheel("rules", "validate", str(rules)), first, report=True)
    refused(flywheel("check", str(EXAMPLE), "--rules", str(rules)), first)


def test_out_of_bounds_numbers_in_a_scenario(tmp_path: Path) -> None:
    scenario = write(tmp_path, "plan.yaml", SCENARIO.replace("sales: 50000", "sales: 1000000000000000"))
    refused(
        flywheel("plan", "--scenario", str(scenario)),
        f"{scenario}:2:8: error: the number 1000000000000000 {BOUNDS}",
    )
    hexadecimal = write(tmp_path, "hex.yaml", SCENARIO.replace("units: 800", "units: 0x" + "f" * 5000))
    refused(flywheel("plan", "--scenario", str(hexadecimal)), f"{hexadecimal}:3:8: error: the number 0xffffffffffffffffff… {BOUNDS}")  # fmt: skip


def test_numbers_within_bounds_load_exactly(tmp_path: Path) -> None:
    ok = write(
        tmp_path, "ok.yaml", "a: 999999999999999\nb: -999_999.000000000000001\nc: 1.5e+3\nd: 1e9\ne: '1e99'\n"
    )
    data, _ = yamldoc.load(ok)
    assert data == {"a": 999999999999999, "b": Decimal("-999999.000000000000001"), "c": Decimal(1500),
                    "d": "1e9", "e": "1e99"}  # fmt: skip


# --- 6. message format specs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "part"), [("999999999", "width"), (".999999999f", "precision"), ("0>41", "width")]
)
def test_a_huge_format_width_fails_validation(tmp_path: Path, spec: str, part: str) -> None:
    rules = write(tmp_path, "mine.yaml", RULES.replace("{value:.1%}", f"{{value:{spec}}}"))
    first = (
        f"{rules}:10:14: error: rules[0].message: placeholder {{value:{spec}}}: the {part} is more than 40"
    )
    refused(flywheel("rules", "validate", str(rules)), first, report=True)
    refused(bounded("check", str(EXAMPLE), "--rules", str(rules)), first)


def test_format_widths_up_to_forty_still_render(tmp_path: Path) -> None:
    rules = write(tmp_path, "mine.yaml", RULES.replace("{value:.1%}", "{value:>40.1%}"))
    result = flywheel("rules", "validate", str(rules))
    assert result.code == 0, result.err


# --- dates that do not exist ----------------------------------------------------------------------


def test_an_impossible_date_is_located(tmp_path: Path) -> None:
    config = write(tmp_path, "flywheel.yaml", "currency: USD\nspans:\n  x.csv: 2026-13-45\n")
    refused(
        flywheel("kpis", PAYMENTS, "-c", str(config)),
        f"{config}:3:10: error: '2026-13-45' is not a valid date",
    )


def test_numbers_in_quotes_are_bounded_too(tmp_path: Path) -> None:
    """YAML leaves `"1e999999999"` a string and the schema turns it into a Decimal: still refused."""
    config = write(tmp_path, "flywheel.yaml", 'costs:\n  monthly:\n    tools: "1e999999999"\n')
    refused(flywheel("kpis", PAYMENTS, "-c", str(config)),
            f"{config}:3:12: error: costs.monthly.tools: 1E+999999999 {BOUNDS}")  # fmt: skip
    rules = write(tmp_path, "mine.yaml", RULES.replace("above: 0.25", "above: '1e999999999'"))
    refused(flywheel("check", str(EXAMPLE), "--rules", str(rules)),
            f"{rules}:7:19: error: rules[0].warn.above: 1E+999999999 {BOUNDS}")  # fmt: skip


def test_a_byte_that_is_not_utf8_is_located(tmp_path: Path) -> None:
    config = tmp_path / "flywheel.yaml"
    config.write_bytes('currency: USD\nmarketplace: "M\xe9xico"\n'.encode("cp1252"))
    refused(flywheel("kpis", PAYMENTS, "-c", str(config)), f"{config}:2:16: error: not UTF-8 text: byte 0xe9")
