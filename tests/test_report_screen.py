"""The Monday screen (`flywheel report`): per-SKU net profit, the previous period, which sales, SVG.

Expected values come from the demo store's files read here with the csv module (sales, units,
sessions, ad spend and ad sales summed by hand), or from `flywheel costs` (net profit, the
figure the report must agree with to the cent)."""

from __future__ import annotations

import csv
import json
import shutil
import xml.etree.ElementTree as ET
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

from tests.conftest import EXAMPLE, flywheel

SEPTEMBER = EXAMPLE.parent / "lumen-lighting-2026-09"
SPAN = "the inputs do not cover 2026-09-01 → 2026-09-30"


def _json(*args: str) -> dict[str, Any]:
    result = flywheel(*args, "--format", "json")
    assert result.code == 0, result.err
    document: dict[str, Any] = json.loads(result.out)
    return document


def _amount(text: str) -> Decimal:
    return Decimal(text.replace("$", "").replace(",", "").replace("%", "") or "0")


def _column_sum(path: Path, column: str) -> Decimal:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return sum((_amount(row[column]) for row in csv.DictReader(handle)), Decimal(0))


def _month(folder: Path, month: str) -> dict[str, Decimal]:
    """A month's headline figures summed by hand from its Business Report and SP advertised-product report."""
    business = folder / f"business-report-{month}.csv"
    ads = folder / f"sp-advertised-product-{month}.csv"
    return {
        "sales": _column_sum(business, "Ordered Product Sales"),
        "units": _column_sum(business, "Units Ordered"),
        "sessions": _column_sum(business, "Sessions - Total"),
        "spend": _column_sum(ads, "Spend"),
        "ad_sales": _column_sum(ads, "7 Day Total Sales "),
    }


def _points(now: Decimal, then: Decimal) -> Decimal:
    return ((now - then) * 100).quantize(Decimal("0.0001"), ROUND_HALF_EVEN)


def test_every_skus_net_profit_and_margin_are_costs_by_sku_to_the_cent() -> None:
    report = _json("report", str(EXAMPLE))
    costs = _json("costs", str(EXAMPLE), "--by", "sku")
    by_sku = {row["scope"]["sku"]: row["lines"] for row in costs["rows"] if row["scope"]["sku"] is not None}
    skus = {line["sku"]: line for line in report["skus"]}
    assert set(skus) == set(by_sku) and len(skus) == 8
    for sku, lines in by_sku.items():
        metrics = skus[sku]["metrics"]
        assert (metrics["net_profit"], metrics["net_margin"]) == (lines["net_profit"], lines["net_margin"]), (
            sku
        )
        assert skus[sku]["unavailable"] == {}
    shown = flywheel("report", str(EXAMPLE), "--format", "plain").out.splitlines()
    string_lights = next(line for line in shown if line.startswith("LL-STR-WW33 "))
    assert string_lights.split()[1:4] == ["$7,014.81", "-$196.48", "-2.9%"]  # sales, net profit, margin
    assert "margin: net profit as a share of the SKU's gross sales (Payments)" in "\n".join(shown)


def test_without_a_cost_file_a_skus_profit_is_null_with_the_reason(tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(EXAMPLE, store)
    config = store / "flywheel.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  cogs_file: cogs.csv", ""), encoding="utf-8"
    )
    (store / "cogs.csv").unlink()
    report = _json("report", str(store))
    reason = "no cost file: set costs.cogs_file in flywheel.yaml (`flywheel costs` explains the lines)"
    for line in report["skus"]:
        assert (line["metrics"]["net_profit"], line["metrics"]["net_margin"]) == (None, None)
        assert line["unavailable"]["net_profit"] == reason
    plain = flywheel("report", str(store), "--format", "plain").out
    assert f"net profit, margin: {reason}" in plain


def test_october_against_september_with_signed_deltas() -> None:
    october, september = _month(EXAMPLE, "2026-10"), _month(SEPTEMBER, "2026-09")
    report = _json("report", str(EXAMPLE), str(SEPTEMBER), "--period", "2026-10")
    assert report["period"] == {"start": "2026-10-01", "end": "2026-10-31"}
    previous = report["previous"]
    assert (previous["period"], previous["basis"], previous["reason"], previous["unavailable"]) == (
        {"start": "2026-09-01", "end": "2026-09-30"}, "calendar_month", None, {}
    )  # fmt: skip
    deltas, before = previous["deltas"], previous["metrics"]
    assert before["ordered_product_sales"] == float(september["sales"]) == 43560.72
    assert Decimal(str(deltas["ordered_product_sales"]["absolute"])) == october["sales"] - september["sales"]
    assert deltas["units_ordered"]["absolute"] == october["units"] - september["units"] == 170
    conversion = _points(october["units"] / october["sessions"], september["units"] / september["sessions"])
    assert Decimal(str(deltas["unit_session_pct"]["points"])) == conversion
    acos = _points(october["spend"] / october["ad_sales"], september["spend"] / september["ad_sales"])
    assert Decimal(str(deltas["acos"]["points"])) == acos
    profit = {
        month: Decimal(str(_json("costs", str(EXAMPLE), str(SEPTEMBER), "--period", month)["total"]["lines"]["net_profit"]))
        for month in ("2026-09", "2026-10")
    }  # fmt: skip
    assert Decimal(str(deltas["net_profit"]["absolute"])) == profit["2026-10"] - profit["2026-09"]
    # The same figures on the screen: ▲/▼, signed, percentage points for ratios.
    plain = flywheel("report", str(EXAMPLE), str(SEPTEMBER), "--period", "2026-10", "--format", "plain").out
    assert "Against 2026-09-01 → 2026-09-30 (the calendar month before)" in plain
    table = plain[plain.index("Against ") : plain.index("Operations map")]
    rows = {line.split("  ")[0]: line for line in table.splitlines()}
    assert rows["Ordered product sales"].split()[-3:] == ["▲", "+$3,907.30", "(+9.0%)"]
    assert rows["Units ordered"].split()[-3:] == ["▲", "+170", "(+15.1%)"]
    assert rows["Conversion"].split()[-3:] == ["▲", f"+{conversion:.1f}", "pp"]
    assert rows["ACoS"].split()[-3:] == ["▼", f"−{-acos:.1f}", "pp"]
    assert rows["Net profit"].split()[-2] == f"−${profit['2026-09'] - profit['2026-10']:,.2f}"


def test_without_the_previous_month_no_deltas_and_one_line_why() -> None:
    for period in (("--period", "2026-10"), ()):
        report = _json("report", str(EXAMPLE), *period)
        previous = report["previous"]
        assert previous["reason"] == SPAN
        assert set(previous["deltas"].values()) == {None} and set(previous["metrics"].values()) == {None}
        plain = flywheel("report", str(EXAMPLE), *period, "--format", "plain").out
        assert [line.strip() for line in plain.splitlines() if "previous period" in line] == [
            f"no comparison with the previous period: {SPAN}"
        ]
        assert "Against " not in plain


def test_two_months_without_a_period_are_one_period_with_nothing_before_it() -> None:
    report = _json("report", str(EXAMPLE), str(SEPTEMBER))
    assert report["period"] == {"start": "2026-09-01", "end": "2026-10-31"}
    previous = report["previous"]
    assert (previous["period"], previous["basis"]) == ({"start": "2026-07-02", "end": "2026-08-31"}, "days")
    assert previous["reason"] == "the inputs do not cover 2026-07-02 → 2026-08-31"


def test_a_family_that_does_not_cover_the_previous_period_gives_no_delta(tmp_path: Path) -> None:
    """September without its Ads reports: sales and conversion compare; ACoS and net profit (which
    counts the ad spend) have no delta against a month without advertising data."""
    shutil.copytree(EXAMPLE, tmp_path / "october")
    shutil.copytree(SEPTEMBER, tmp_path / "september", ignore=shutil.ignore_patterns("sp-*"))
    report = _json("report", str(tmp_path / "october"), str(tmp_path / "september"), "--period", "2026-10")
    previous = report["previous"]
    why = "the Ads reports do not cover 2026-09-01 → 2026-09-30"
    assert previous["unavailable"] == {"acos": why, "net_profit": why}
    assert (previous["deltas"]["acos"], previous["metrics"]["acos"], previous["deltas"]["net_profit"]) == (
        None,
    ) * 3
    assert previous["deltas"]["units_ordered"]["absolute"] == 170


SKU_ONLY_PACK = """\
pack: sku-returns
version: 1
rules:
  - id: returns-by-sku
    metric: return_rate
    grain: sku
    warn: {above: 0.05}
    error: {above: 0.08}
    basis: seller_target
    source: "our plan"
"""


def test_a_sku_finding_does_not_turn_the_account_headline_red(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text(SKU_ONLY_PACK, encoding="utf-8")
    report = _json("report", str(EXAMPLE), "--rules", str(tmp_path / "pack.yaml"))
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert [(f["grain"], f["scope"]) for f in errors] == [("sku", {"sku": "LL-STR-WW33"})]  # 9.1% > 8%
    returns = next(h for h in report["headline"] if h["metric"] == "return_rate")
    assert (returns["value"], returns["status"]) == (
        report["totals"]["return_rate"],
        "ok",
    )  # 4.3%: the account's


def _no_url_but_the_namespace(text: str) -> None:
    assert text.replace("http://www.w3.org/2000/svg", "").count("://") == 0


def test_svg_is_self_contained_and_picked_by_the_extension(tmp_path: Path) -> None:
    result = flywheel("report", str(EXAMPLE), "--format", "svg")
    assert result.code == 0, result.err
    _no_url_but_the_namespace(result.out)
    root = ET.fromstring(result.out)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    text = "".join(root.itertext()).replace("\xa0", " ")
    for shown in (
        "Ordered product sales",
        "Where the money went",
        "Net profit",
        "Operations map",
        "LL-STR-WW33",
    ):
        assert shown in text
    out = tmp_path / "monday.svg"
    written = flywheel("report", str(EXAMPLE), "-o", str(out))
    assert written.code == 0, written.err
    assert out.read_text(encoding="utf-8") == result.out
    assert flywheel("kpis", str(EXAMPLE), "--format", "svg").code == 2  # svg is the report's only


def test_a_sku_is_never_markup_in_the_svg(tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(EXAMPLE, store)
    hostile = "<script>alert(1)</script>[bold]NITE"
    for name in ("business-report-2026-10.csv", "payments-2026-10.csv"):
        path = store / name
        path.write_text(path.read_text(encoding="utf-8").replace("LL-NITE-2PK", hostile), encoding="utf-8")
    result = flywheel("report", str(store), "--format", "svg")
    assert result.code == 0, result.err
    _no_url_but_the_namespace(result.out)
    root = ET.fromstring(result.out)
    assert not [element for element in root.iter() if element.tag.endswith("script")]
    assert "&lt;script&gt;" in result.out
    assert hostile in "".join(root.itertext()).replace("\xa0", " ")


def test_a_calendar_month_period_and_a_bad_one() -> None:
    month = _json("report", str(EXAMPLE), "--period", "2026-10")
    assert month["period"] == {"start": "2026-10-01", "end": "2026-10-31"}
    bad = flywheel("report", str(EXAMPLE), "--period", "2026-13")
    assert (bad.code, bad.out) == (2, "")
    assert bad.err.splitlines() == [
        "flywheel: error: --period '2026-13' is not START..END or YYYY-MM",
        "hint: for example --period 2026-10-01..2026-10-31, or --period 2026-10 for the month",
    ]
