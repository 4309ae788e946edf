"""`flywheel plan` and `flywheel init`: the worked example to the cent, percentages, what-if rows,
scenario-file errors at their line, the shared cost renderer at 80 columns, SVG/HTML export."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from flywheel_cli import config
from flywheel_cli.economics.plan import parse_ratio, parse_vary, plan
from flywheel_cli.render.costs_view import costs_view
from flywheel_cli.render.document import render
from flywheel_cli.render.formats import Format
from tests.conftest import ROOT, flywheel

D = Decimal
WORKED = ["--sales", "50000", "--units", "800", "--commission", "15%", "--fba-fee", "1.80",
          "--ad-share", "20%", "--tools", "200"]  # fmt: skip
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _json(*args: str, cwd: Path | None = None) -> dict[str, Any]:
    result = flywheel("plan", *args, "--format", "json", cwd=cwd)
    assert result.code == 0, result.err
    document: dict[str, Any] = json.loads(result.out, parse_float=Decimal)
    return document


def test_the_worked_example_to_the_cent() -> None:
    document = _json(*WORKED)
    assert document["schema"] == "flywheel.plan/1"
    lines = document["total"]["lines"]
    assert lines["gross_sales"] == D("50000")
    assert lines["referral_fees"] == D("7500")
    assert lines["fba_fees"] == D("1440")
    assert lines["advertising"] == D("10000")
    assert lines["tools"] == D("200")
    assert lines["total_costs"] == D("19140")
    assert lines["net_profit"] == D("30860")
    assert lines["net_margin"] == D("0.6172")
    assert document["break_even_acos"] == D("0.8172")  # (30,860 + 10,000) / 50,000
    assert document["rows"] == [
        {"scope": {"scenario": "base"}, "lines": lines, "break_even_acos": D("0.8172"), "vary": None,
         "delta": {"net_profit": 0, "net_margin": 0, "total_costs": 0}},
    ]  # fmt: skip
    assumptions = document["assumptions"]
    assert assumptions["price"] == D("62.5") and assumptions["derived"] == ["price"]
    assert assumptions["sources"]["commission"] == "--commission"
    assert document["notes"] == ["no cost of goods (--cogs-per-unit): profit is before COGS"]


def test_the_worked_example_in_plain_text() -> None:
    result = flywheel("plan", *WORKED, "--format", "plain")
    assert result.code == 0 and result.err == ""
    for line in ["Referral fees   -$7,500.00               15.0%", "Total costs    -$19,140.00               38.3%",
                 "Net profit      $30,860.00               61.7%", "break-even ACoS 81.7%"]:  # fmt: skip
        assert line in result.out


@pytest.mark.parametrize(
    ("text", "value"),
    [("15%", "0.15"), ("0.15", "0.15"), ("17.5%", "0.175"), (" 15 % ", "0.15"), ("0%", "0"), ("1", "1"),
     (D("0.2"), "0.2"), (0, "0"), ("100%", "1"), ("250%", "2.5")],
)  # fmt: skip
def test_percentages(text: Any, value: str) -> None:
    assert parse_ratio(text) == D(value)


@pytest.mark.parametrize("text", ["15", "abc", "15 percent", "-5%", "%", "1e1%", "", D("15")])
def test_bad_percentages(text: Any) -> None:
    with pytest.raises(ValueError):
        parse_ratio(text)


def test_commission_cannot_exceed_100_percent() -> None:
    with pytest.raises(ValueError, match="more than 100%"):
        parse_ratio("150%", bounded=True)
    result = flywheel("plan", "--sales", "100", "--commission", "150%")
    assert result.code == 2 and "more than 100%" in result.err


def test_both_spellings_of_a_percentage_give_the_same_plan() -> None:
    as_fraction = [arg.replace("15%", "0.15").replace("20%", "0.2") for arg in WORKED]
    assert _json(*as_fraction)["total"] == _json(*WORKED)["total"]


def test_a_bare_number_above_one_is_refused_with_a_hint() -> None:
    result = flywheel("plan", "--sales", "50000", "--commission", "15")
    assert (result.code, result.out) == (2, "")
    assert "write 15% for a percentage" in result.err


def test_vary_a_range_with_a_step() -> None:
    document = _json(*WORKED, "--vary", "ad-share=15%..25%:5%")
    rows = {row["scope"]["scenario"]: row for row in document["rows"]}
    assert list(rows) == ["base", "ad-share=15%", "ad-share=20%", "ad-share=25%"]
    assert [rows[name]["lines"]["net_profit"] for name in rows] == [D(30860), D(33360), D(30860), D(28360)]
    assert [rows[name]["lines"]["net_margin"] for name in rows] == [D("0.6172"), D("0.6672"), D("0.6172"), D("0.5672")]  # fmt: skip
    assert rows["ad-share=15%"]["delta"] == {
        "net_profit": D(2500),
        "net_margin": D("0.05"),
        "total_costs": D(-2500),
    }
    assert rows["ad-share=25%"]["vary"] == {"assumption": "ad_share", "value": D("0.25")}
    assert document["total"]["lines"] == rows["base"]["lines"]


def test_vary_table_in_plain_text() -> None:
    result = flywheel("plan", *WORKED, "--vary", "ad-share=15%..25%:5%", "--format", "plain")
    assert result.code == 0, result.err
    table = result.out.split("What if")[1]
    assert re.search(r"ad-share=15%\s+\$33,360\.00\s+66\.7%\s+\+\$2,500\.00\s+\+5\.0 pts\s+81\.7%", table)
    assert re.search(r"ad-share=25%\s+\$28,360\.00\s+56\.7%\s+-\$2,500\.00\s+-5\.0 pts\s+81\.7%", table)


def test_vary_a_list_and_several_assumptions() -> None:
    document = _json(*WORKED, "--vary", "commission=8%,15%", "--vary", "units=1000")
    rows = {row["scope"]["scenario"]: row["lines"] for row in document["rows"]}
    assert list(rows) == ["base", "commission=8%", "commission=15%", "units=1000"]
    assert rows["commission=8%"]["referral_fees"] == D(4000)
    assert rows["commission=8%"]["net_profit"] == D(34360)
    # more units at the same price: sales 62,500 and every per-unit and per-sale cost scales
    assert rows["units=1000"]["gross_sales"] == D(62500)
    assert rows["units=1000"]["fba_fees"] == D(1800)
    assert rows["units=1000"]["advertising"] == D(12500)


def test_vary_a_range_without_a_step_gives_five_values() -> None:
    assert parse_vary("ad-share=15%..25%") == (
        "ad_share",
        [D("0.15"), D("0.175"), D("0.2"), D("0.225"), D("0.25")],
    )
    assert parse_vary("fba_fee=1.5..2:0.25") == ("fba_fee", [D("1.5"), D("1.75"), D("2.00")])


@pytest.mark.parametrize(
    "spec", ["nope=1", "ad-share", "ad-share=25%..15%", "ad-share=0%..100%:1%", "units=1.5"]
)
def test_bad_vary(spec: str) -> None:
    result = flywheel("plan", "--sales", "1000", "--vary", spec)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"flywheel: error: --vary {spec!r}: ")


def test_return_rate_model() -> None:
    document = _json(*WORKED, "--return-rate", "5%")
    lines = document["total"]["lines"]
    assert lines["refunds"] == D(2500)
    # 15% of the 47,500 kept, plus Amazon's 20% administration fee on the 375 referral fee it refunds
    assert lines["referral_fees"] == D("7125") + D("75")
    assert lines["fba_fees"] == D(1440)  # the FBA fee is not refunded
    assert lines["total_costs"] == D(19140) + D(2500) - D(300)


def test_every_cost_line_a_seller_plans() -> None:
    document = _json("--price", "25", "--units", "2000", "--commission", "15%", "--fba-fee", "4.10",
                     "--cogs-per-unit", "6.20", "--freight-per-unit", "0.85", "--ad-spend", "4000",
                     "--promo-share", "2%", "--storage", "180", "--amazon-fees", "39.99", "--labour", "1500",
                     "--other", "60.50")  # fmt: skip
    lines = document["total"]["lines"]
    expected = {"gross_sales": 50000, "referral_fees": 7500, "fba_fees": 8200, "cogs": 12400,
                "inbound_freight": 1700, "advertising": 4000, "promotions": 1000, "storage_fees": 180,
                "other_amazon_fees": "39.99", "labour": 1500, "other_fixed": "60.50", "tools": 0}  # fmt: skip
    assert {name: lines[name] for name in expected} == {name: D(value) for name, value in expected.items()}
    assert lines["total_costs"] == sum(D(str(v)) for v in expected.values() if v != 50000)
    assert document["assumptions"]["derived"] == ["sales"]
    assert document["notes"] == []


def test_plans_need_sales_and_units_for_per_unit_costs() -> None:
    assert flywheel("plan", "--units", "10").err.startswith("flywheel: error: a plan needs sales")
    result = flywheel("plan", "--sales", "1000", "--fba-fee", "2")
    assert result.code == 2 and "the FBA fee is per unit" in result.err
    result = flywheel("plan", "--sales", "1000", "--units", "10", "--price", "99")
    assert result.code == 2 and "is not price 99 × units 10" in result.err


# --- scenario files -----------------------------------------------------------------------------

SCENARIO = """\
# a launch month
currency: USD
sales: 50000
units: 800
commission: 15%
fba_fee: 1.80
ad_share: 0.2
tools:
  helium10: 99
  canva: 101
vary:
  ad_share: 15%..25%:5%
"""


def test_a_scenario_file_gives_the_same_plan(tmp_path: Path) -> None:
    (tmp_path / "launch.yaml").write_text(SCENARIO, encoding="utf-8")
    document = _json("--scenario", "launch.yaml", cwd=tmp_path)
    assert document["total"]["lines"]["total_costs"] == D(19140)
    assert [row["scope"]["scenario"] for row in document["rows"]][1:] == ["ad-share=15%", "ad-share=20%", "ad-share=25%"]  # fmt: skip
    assert document["assumptions"]["sources"]["tools"] == "launch.yaml"
    assert document["scenario_file"] == "launch.yaml"


def test_flags_win_over_the_scenario(tmp_path: Path) -> None:
    (tmp_path / "launch.yaml").write_text(SCENARIO, encoding="utf-8")
    document = _json("--scenario", "launch.yaml", "--ad-spend", "5000", "--price", "70", cwd=tmp_path)
    lines = document["total"]["lines"]
    assert lines["advertising"] == D(5000)  # the ad spend replaces the scenario's ad share
    assert lines["gross_sales"] == D(56000)  # a new price at the scenario's units
    assert document["assumptions"]["sources"]["ad_spend"] == "--ad-spend"
    assert document["assumptions"]["ad_share"] is None


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        ("commission: 15%", "commission: 15 percent", "5:13", "commission: '15 percent' is not a percentage"),
        ("fba_fee: 1.80", "fba_fe: 1.80", "6:1", "fba_fe: unknown key"),
        ("  canva: 101", "  canva: lots", "9:3", "tools: canva: 'lots' is not an amount"),
        ("  ad_share: 15%..25%:5%", "  ad_share: 15%..x", "12:13", "vary.ad_share: 'x' is not a percentage"),
        ("units: 800", "units: 800\nprice: 70", "3:8", "sales 50000 is not price 70 × units 800"),
        ("ad_share: 0.2", "ad_share: 0.2\nad_spend: 10", "7:11", "give either the ad share or the ad spend"),
        ("tools:\n", "tools: [\n", "10:8", "invalid YAML"),
    ],
)
def test_scenario_errors_are_located(tmp_path: Path, old: str, new: str, where: str, message: str) -> None:
    bad = tmp_path / "bad.yaml"
    assert old in SCENARIO
    bad.write_text(SCENARIO.replace(old, new), encoding="utf-8")
    result = flywheel("plan", "--scenario", str(bad))
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"{bad}:{where}"), result.err
    assert message in result.err.splitlines()[0]


def test_a_missing_scenario_file() -> None:
    result = flywheel("plan", "--scenario", "no-such.yaml")
    assert result.code == 2 and result.err.startswith("no-such.yaml: error: no such file")


def test_fixed_costs_come_from_flywheel_yaml(tmp_path: Path) -> None:
    (tmp_path / "flywheel.yaml").write_text(
        "costs:\n  monthly:\n    labour: 1200\n    tools: {a: 10, b: 5}\n"
    )
    document = _json(*WORKED, cwd=tmp_path)
    lines = document["total"]["lines"]
    assert (lines["labour"], lines["tools"]) == (D(1200), D(200))  # --tools wins
    assert document["assumptions"]["sources"]["labour"] == "flywheel.yaml"


# --- output -------------------------------------------------------------------------------------


def test_table_fits_80_columns() -> None:
    result = flywheel("plan", *WORKED, "--return-rate", "4%", "--cogs-per-unit", "12", "--vary",
                      "ad-share=15%..25%:5%", "--format", "table", env={"COLUMNS": "80"})  # fmt: skip
    assert result.code == 0, result.err
    assert "█" in result.out and "Net profit" in result.out
    assert max(len(line) for line in result.out.splitlines()) <= 80
    assert "\x1b[" not in result.out


def test_a_terminal_80_columns_wide() -> None:
    """On a real terminal the width is the terminal's (not $COLUMNS), with colour."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 80, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "GITHUB_ACTIONS"}}
    env["COLUMNS"] = "200"
    process = subprocess.Popen([sys.executable, "-m", "flywheel_cli", "plan", *WORKED, "--vary", "commission=8%,15%"],
                               stdout=slave, stderr=subprocess.PIPE, env=env, cwd=ROOT)  # fmt: skip
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 0, errors
    text = b"".join(chunks).decode("utf-8")
    assert "\x1b[" in text  # colour on a terminal
    lines = [ANSI.sub("", line) for line in text.replace("\r\n", "\n").split("\n")]
    assert max(len(line) for line in lines) <= 80
    assert any("█" in line for line in lines)


def test_svg_export(tmp_path: Path) -> None:
    target = tmp_path / "plan.svg"
    result = flywheel(
        "plan", *WORKED, "--vary", "ad-share=15%,25%", "--format", "svg", "--output", str(target)
    )
    assert (result.code, result.out) == (0, "")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<svg")
    root = ET.fromstring(text)  # well-formed XML
    assert root.tag.endswith("svg")
    assert "Net profit" in text.replace("&#160;", " ")
    # Self-contained: no web font, no script, nothing fetched (the only URL is the SVG namespace).
    assert "://" not in text.replace("http://www.w3.org/2000/svg", "").replace(
        "http://www.w3.org/1999/xlink", ""
    )
    assert "<script" not in text
    again = flywheel("plan", *WORKED, "--vary", "ad-share=15%,25%", "--format", "svg")
    assert again.out == text  # deterministic


def test_html_export() -> None:
    result = flywheel("plan", *WORKED, "--format", "html")
    assert result.code == 0, result.err
    assert "<html" in result.out and "<pre" in result.out
    assert "Gross sales" in result.out and "$19,140.00" in result.out


@pytest.mark.parametrize("fmt", ["markdown", "ndjson", "csv"])
def test_other_formats(fmt: str) -> None:
    result = flywheel("plan", *WORKED, "--vary", "commission=8%", "--format", fmt)
    assert result.code == 0, result.err
    if fmt == "markdown":
        assert "| Total costs   | -$19,140.00 |" in result.out
    elif fmt == "ndjson":
        rows = [json.loads(line) for line in result.out.splitlines()]
        assert [row["scope"]["scenario"] for row in rows] == ["base", "commission=8%"]
    else:
        header, base, varied = result.out.splitlines()
        assert header.startswith("scope.scenario,vary.assumption,vary.value,lines.gross_sales,")
        assert base.startswith("base,,,50000.00,") and varied.startswith("commission=8%,commission,0.08,")


# --- the shared renderer, as `flywheel costs` uses it --------------------------------------------


class _Row:
    def __init__(self, scope: dict[str, Any], lines: dict[str, Any]) -> None:
        self.scope, self.lines = scope, lines


def test_costs_view_with_rows_fits_80_columns_and_keeps_unknowns() -> None:
    base = plan({"sales": D(50000), "units": D(800), "commission": D("0.15"), "fba_fee": D("1.8")}).base.lines
    rows = [_Row({"sku": f"SKU-{n}"}, {**base, "gross_sales": base["gross_sales"] * n}) for n in range(1, 11)]
    rows.append(_Row({"sku": None}, {name: D(0) for name in base} | {"storage_fees": D("12.34")}))
    total = _Row({}, {**base, "cogs": None, "total_costs": None, "net_profit": None, "net_margin": None})
    view = costs_view(total, "USD", rows=rows, title="Costs by sku", notes=["period 2026-10-01 → 2026-10-31"])
    document = view.document("flywheel.costs/1", {}, [])
    plain = render(document, Format.PLAIN)
    # Every SKU is a row (none "not shown"); the unallocated row has 12.34 of storage, so it stays.
    starts = [line.split()[0] for line in plain.splitlines() if line.startswith(("SKU-", "unallocated"))]
    assert starts == [f"SKU-{n}" for n in range(1, 11)] + ["unallocated"]
    assert "not shown" not in plain.replace("at 0, not shown", "")
    assert "-$12.34" in plain
    assert "COGS" in plain and "—" in plain  # unknown stays unknown, never 0
    os.environ["COLUMNS"] = "80"
    try:
        screen = render(document, Format.TABLE)
    finally:
        del os.environ["COLUMNS"]
    assert max(len(line) for line in screen.splitlines()) <= 80
    assert "SKU-10" in screen and "where the money went" in screen
    rows = [line.split()[0] for line in screen.splitlines() if line.startswith(("SKU-", "unallocated"))]
    assert rows == [f"SKU-{n}" for n in range(1, 11)] + ["unallocated"]  # every row, on any width
    assert render(document, Format.SVG).startswith("<svg")


def test_init_writes_a_file_that_loads(tmp_path: Path) -> None:
    result = flywheel("init", cwd=tmp_path)
    assert result.code == 0, result.err
    written = tmp_path / "flywheel.yaml"
    settings = config.load(written)
    assert (settings.currency, settings.marketplace, settings.costs.allocation) == ("USD", "US", "revenue")
    assert written.read_text(encoding="utf-8").count("#") > 10  # commented
    (tmp_path / "uk").mkdir()  # a folder: flywheel.yaml is written in it
    assert flywheel("init", "uk", "--marketplace", "amazon.co.uk", cwd=tmp_path).code == 0
    assert config.load(tmp_path / "uk" / "flywheel.yaml").currency == "GBP"


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "flywheel.yaml"
    target.write_text("currency: EUR\n", encoding="utf-8")
    result = flywheel("init", str(target))
    assert (result.code, result.out) == (2, "")
    assert result.err.splitlines() == [
        f"{target}: error: already exists; not overwritten",
        "hint: use --force to replace it, or give another PATH",
    ]
    assert target.read_text(encoding="utf-8") == "currency: EUR\n"
    assert flywheel("init", str(target), "--force").code == 0
    assert config.load(target).currency == "USD"


def test_help_has_examples() -> None:
    for command in ("plan", "init"):
        result = flywheel(command, "--help")
        assert result.code == 0 and "Examples:" in result.out
        assert f"flywheel {command}" in result.out
