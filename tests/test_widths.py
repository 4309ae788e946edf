"""Screens at any width (docs/decisions.md, "Screens at any width"): at 60, 80, 120 and 200 columns no
line is wider than the terminal, no identifier (SKU, rule id, path) or money amount is cut, and a
column left out is named. Each value is checked against the command's JSON, formatted here the way
the screens write it.

Regenerate the width goldens after an intended change with: UPDATE_GOLDEN=1 python -m pytest
tests/test_widths.py, and review the diff like any other change.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
from decimal import Decimal
from typing import Any

import pytest

from flywheel_cli.economics.lines import COST_LINES
from flywheel_cli.render.costs_lines import LABELS
from tests.conftest import ROOT, flywheel

WIDTHS = [60, 80, 120, 200]
STORE = "examples/lumen-lighting/"
GOLDEN = ROOT / "tests" / "golden" / "widths"
SCREENS = {
    "costs-sku": ("costs", STORE, "--by", "sku"),
    "kpis-sku": ("kpis", STORE, "--by", "sku"),
    "inspect": ("inspect", STORE),
    "check": ("check", STORE),
    "rules-list": ("rules", "list"),
    "report": ("report", STORE),
}
# Goldens where a layout decision shows: every width for costs, kpis and inspect; the narrowest
# (stacked findings) and a wide one for check and rules.
GOLDENS = [(name, width) for name in ("costs-sku", "kpis-sku", "inspect") for width in WIDTHS]
GOLDENS += [(name, width) for name in ("check", "rules-list") for width in (60, 120)]
LEFT_OUT = re.compile(r"\+(\d+) columns? left out to fit (\d+) columns \(([^)]*)\)")


@functools.cache
def screen(name: str, width: int) -> str:
    done = flywheel(*SCREENS[name], "--format", "table", env={"COLUMNS": str(width)})
    assert done.code in {0, 1}, done.err  # check exits 1 on the demo store's errors
    return done.out


@functools.cache
def data(name: str) -> Any:
    done = flywheel(*SCREENS[name], "--format", "json")
    assert done.code in {0, 1}, done.err
    return json.loads(done.out)


def usd(value: Any) -> str:
    """Money as the screens write it: `-$1,234.50`."""
    amount = Decimal(str(value))
    return f"{'-' if amount < 0 else ''}${abs(amount):,.2f}"


def pct(value: Any) -> str:
    return "—" if value is None else f"{Decimal(str(value)) * 100:.1f}%"


def left_out(text: str) -> list[str]:
    """The columns the screen says it left out (the note may wrap over several lines)."""
    found = LEFT_OUT.search(" ".join(text.split()))
    if found is None:
        return []
    names = [name.strip() for name in found[3].split(",")]
    assert int(found[1]) == len(names)
    return names


def in_order(wanted: list[str], words: list[str]) -> bool:
    """`wanted` appears in `words` in order, each word whole (other columns' words may come between)."""
    found = iter(words)
    return all(any(word == candidate for candidate in found) for word in wanted)


def row_line(text: str, first: str) -> str:
    """The screen line that starts with `first` (a SKU, `total`), as one table row."""
    lines = [line for line in text.splitlines() if line.split()[:1] == [first]]
    assert len(lines) == 1, (first, lines)
    return lines[0]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(SCREENS))
def test_no_line_is_wider_than_the_terminal_and_nothing_is_cut(name: str, width: int) -> None:
    text = screen(name, width)
    assert max(len(line) for line in text.splitlines()) <= width
    # rich marks a cut cell with "…"; the only "…" allowed is the report's "… and N more" note.
    assert "…" not in text.replace("… and", "")


@pytest.mark.parametrize("width", WIDTHS)
def test_costs_by_sku_has_every_sku_as_a_row_with_whole_amounts(width: int) -> None:
    text, document = screen("costs-sku", width), data("costs-sku")
    skus = [row for row in document["rows"] if row["scope"]["sku"] is not None]
    assert len(skus) == 8
    hidden = set(left_out(text))
    assert not hidden & {"Gross sales", "Total costs", "Net profit", "Net margin"}  # always shown
    # The lines of the breakdown, in order: those not 0 in the total (gift wrap, taxes are).
    names = [n for n in LABELS if n not in {"net_margin", "taxes"} and document["total"]["lines"][n] != 0]
    assert len(names) == 17
    shown = [n for n in names if LABELS[n] not in hidden]
    for row in [*skus, {"scope": {"sku": "total"}, "lines": document["total"]["lines"]}]:
        lines = row["lines"]
        cells = [usd(-lines[n] if n in {*COST_LINES, "total_costs"} else lines[n]) for n in shown]
        line = row_line(text, row["scope"]["sku"])
        # Every amount shown is whole and in its column's place: the row reads exactly so.
        assert line.split() == [row["scope"]["sku"], *cells, pct(lines["net_margin"])]
    assert len(shown) + len(hidden) == len(names)
    if width >= 120:
        assert {"Advertising", "COGS"} <= {LABELS[n] for n in shown}


def test_costs_by_sku_hides_an_all_zero_unallocated_row_and_says_so() -> None:
    unallocated = [row for row in data("costs-sku")["rows"] if row["scope"]["sku"] is None]
    assert [v for k, v in unallocated[0]["lines"].items() if k != "net_margin"] == [0] * 19
    text = screen("costs-sku", 120)
    assert not any(line.startswith("unallocated") for line in text.splitlines())
    assert "unallocated: 0 on every line, not shown" in text


@pytest.mark.parametrize("width", WIDTHS)
def test_costs_keeps_the_total_waterfall(width: int) -> None:
    text, total = screen("costs-sku", width), data("costs-sku")["total"]["lines"]
    assert "Costs by sku: total, where the money went" in text
    assert re.search(rf"^Net profit +{re.escape(usd(total['net_profit']))} +7\.8% +█", text, re.M)
    assert re.search(rf"^Total costs +{re.escape(usd(-total['total_costs']))} ", text, re.M)


@pytest.mark.parametrize("width", WIDTHS)
def test_kpis_by_sku_has_every_sku_sales_units_and_profit_whole(width: int) -> None:
    text, document = screen("kpis-sku", width), data("kpis-sku")
    for row in document["rows"]:
        sku, metrics = row["scope"]["sku"], row["metrics"]
        if sku is None:
            continue
        cells = row_line(text, sku).split()
        assert usd(metrics["ordered_product_sales"]) in cells
        assert f"{metrics['units_ordered']:,}" in cells
        assert usd(metrics["net_profit"]) in cells
    assert usd(document["total"]["metrics"]["ordered_product_sales"]) in row_line(text, "total").split()
    expected = {60: 8, 80: 5, 120: 1, 200: 0}[width]
    assert len(left_out(text)) == expected


@pytest.mark.parametrize("width", WIDTHS)
def test_check_shows_every_rule_id_and_sku_whole(width: int) -> None:
    text, document = screen("check", width), data("check")
    words = text.split()
    # One block of lines per finding, from its mark to the next (a table row with its wrapped lines,
    # or a stacked block): the rule, the scope's values and every word of the message, in order.
    blocks = [block.split() for block in re.split(r"\n(?=[✗!] )", text)]
    for finding in document["findings"]:
        wanted = [finding["rule"], *finding["scope"].values()]
        assert any(set(wanted) <= set(block) and in_order(finding["message"].split(), block)
                   for block in blocks), finding  # fmt: skip
    rules = [f["rule"] for f in document["findings"]]
    for rule in set(rules):
        assert words.count(rule) >= rules.count(rule)
    for skipped in document["skipped"]:
        assert skipped["rule"] in words
    assert ("✗ error" in text) and ("! warning" in text)  # the NO_COLOR marks stay


def test_check_is_stacked_at_60_columns_and_a_table_from_80() -> None:
    narrow = screen("check", 60)
    assert "\n✗ error  late-shipment-rate\n  scope    marketplace US" in narrow
    assert "Amazon policy" in narrow and "rules/amazon-account-health.yaml:" in narrow  # nothing left out
    wide = screen("check", 80)
    assert re.search(r"^✗ error +late-shipment-rate +marketplace US +Late shipment rate", wide, re.M)
    assert left_out(wide) == ["basis", "source"]
    assert left_out(screen("check", 200)) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_rules_list_shows_every_rule_id_whole(width: int) -> None:
    words = screen("rules-list", width).split()
    rules = data("rules-list")["rules"]
    assert len(rules) > 20
    for rule in rules:
        assert rule["id"] in words


@pytest.mark.parametrize("width", WIDTHS)
def test_inspect_shows_every_file_whole_relative_to_the_folder_it_names(width: int) -> None:
    text, document = screen("inspect", width), data("inspect")
    words = text.split()
    assert "file: paths relative to examples/lumen-lighting/" in " ".join(words)
    for summary in document["inputs"]:
        assert summary["path"].startswith(STORE)
        assert summary["path"].removeprefix(STORE) in words
        assert summary["kind"] in words


@pytest.mark.parametrize("width", WIDTHS)
def test_report_shows_every_sku_and_its_sales_whole(width: int) -> None:
    text, document = screen("report", width), data("report")
    for line in document["skus"]:
        cells = row_line(text, line["sku"]).split()
        assert usd(line["metrics"]["ordered_product_sales"]) in cells
    summary = " ".join(text.split())
    assert f"Net proceeds {usd(document['totals']['net_proceeds'])}" in summary
    assert f"Net profit {usd(document['totals']['net_profit'])}" in summary


@pytest.mark.parametrize(("name", "width"), GOLDENS)
def test_width_golden(name: str, width: int) -> None:
    golden = GOLDEN / f"{name}-{width}.table"
    text = screen(name, width)
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


# --- files are never cut to a terminal -----------------------------------------------------------


@pytest.mark.parametrize("fmt", ["markdown", "html", "plain", "svg"])
def test_costs_files_have_every_sku_and_every_amount(fmt: str) -> None:
    done = flywheel(*SCREENS["costs-sku"], "--format", fmt, env={"COLUMNS": "60"})
    assert done.code == 0, done.err
    text = html.unescape(done.out).replace("\xa0", " ")
    document = data("costs-sku")
    for row in document["rows"]:
        if row["scope"]["sku"] is None:
            continue
        assert row["scope"]["sku"] in text
        for name, value in row["lines"].items():
            if name in LABELS and name not in {"net_margin", "taxes", "gift_wrap_credits"}:
                shown = -value if name in {*COST_LINES, "total_costs"} else value
                assert usd(shown) in text, (row["scope"]["sku"], name)
    for label in ("Referral fees", "Other Amazon fees", "Reimbursements", "Net margin"):
        assert label in text
    assert "left out" not in text


def test_costs_markdown_is_one_row_per_sku_with_every_line() -> None:
    done = flywheel(*SCREENS["costs-sku"], "--format", "markdown", env={"COLUMNS": "60"})
    header = next(line for line in done.out.splitlines() if line.startswith("| sku"))
    cells = [cell.strip() for cell in header.strip("|").split("|")]
    assert cells == ["sku", "Gross sales", "Shipping credits", "Refunds", "Referral fees", "FBA fees",
                     "Storage fees", "Other Amazon fees", "Advertising", "Promotions", "COGS",
                     "Inbound freight", "Tools", "Labour", "Other fixed costs", "Reimbursements",
                     "Total costs", "Net profit", "Net margin"]  # fmt: skip
    rows = [line for line in done.out.splitlines() if line.startswith("| LL-")]
    assert len(rows) == 8
    assert "| LL-SHADE-DRUM10 |     $1,539.45 |" in done.out
    assert "| total " in done.out and "| unallocated" not in done.out


@pytest.mark.parametrize(("command", "fmt"), [(c, f) for c in ("kpis-sku", "check", "inspect")
                                              for f in ("markdown", "plain", "csv")])  # fmt: skip
def test_other_files_ignore_the_terminal_width(command: str, fmt: str) -> None:
    narrow = flywheel(*SCREENS[command], "--format", fmt, env={"COLUMNS": "60"})
    wide = flywheel(*SCREENS[command], "--format", fmt, env={"COLUMNS": "200"})
    assert narrow.out == wide.out
    assert "left out" not in narrow.out
