"""One honest ledger across many reports (docs/decisions.md, "One honest ledger"): duplicates, overlaps,
periods, absent columns, tie-out, reconciliation, and the gate on missing data. Every case is built
from the demo store or a fixture in the real layout, and run through the CLI as a user runs it."""

from __future__ import annotations

import csv
import gzip
import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flywheel_cli import api
from flywheel_cli.config import load
from flywheel_cli.metrics.fold import Window
from flywheel_cli.metrics.rollup import ADS_GRAINS, Grain
from flywheel_cli.reports.reader import open_report
from tests.conftest import EXAMPLE, FIXTURES, flywheel

D = Decimal
PAYMENTS = EXAMPLE / "payments-2026-10.csv"
CONFIG = str(EXAMPLE / "flywheel.yaml")
PREAMBLE_AND_HEADER = 8  # lines before the first data row of the demo's Payments report


def _json(*args: str, stdin: str | None = None) -> tuple[int, dict[str, Any], str]:
    result = flywheel(*args, "--format", "json", stdin=stdin)
    document = json.loads(result.out, parse_float=D) if result.out else {}
    return result.code, document, result.err


def _demo_copy(folder: Path) -> Path:
    folder.mkdir()
    for path in EXAMPLE.iterdir():
        shutil.copy(path, folder / path.name)
    return folder


def _day(line: str) -> date:
    return open_report_day(next(csv.reader([line]))[0])


def open_report_day(text: str) -> date:
    from flywheel_cli.reports.values import parse_date

    day = parse_date(text, False)
    assert day is not None
    return day


def _some(document: dict[str, Any], *names: str) -> dict[str, Any]:
    return {name: document["total"]["metrics"][name] for name in names}


def _payments_piece(target: Path, first: date, last: date) -> Path:
    """The demo's Payments report as Seller Central gives it for the days first..last."""
    lines = PAYMENTS.read_text(encoding="utf-8").splitlines(keepends=True)
    rows = [line for line in lines[PREAMBLE_AND_HEADER:] if first <= _day(line) <= last]
    target.write_text("".join(lines[:PREAMBLE_AND_HEADER] + rows), encoding="utf-8")
    return target


# --- the same report twice --------------------------------------------------------------------


def test_a_folder_of_duplicates_reads_each_report_once(tmp_path: Path) -> None:
    store = _demo_copy(tmp_path / "dup")
    shutil.copy(PAYMENTS, store / "payments-2026-10 (1).csv")  # a browser's second download
    with gzip.open(store / "sp-advertised-product-2026-10.csv.gz", "wb") as packed:  # another container
        packed.write((EXAMPLE / "sp-advertised-product-2026-10.csv").read_bytes())
    code, document, err = _json("report", str(store))
    _, alone, _ = _json("report", str(EXAMPLE))
    assert code == 0
    assert document["totals"] == alone["totals"] and document["findings"] == alone["findings"]
    assert document["totals"]["net_profit"] == D("3574.27")
    assert document["totals"]["sessions"] == 10562 and document["totals"]["ad_spend"] == D("8435.93")
    assert (
        f"warning: {store}/payments-2026-10.csv is the same report as {store}/payments-2026-10 (1).csv: read once\n"
        in err
    )
    assert (
        f"warning: {store}/sp-advertised-product-2026-10.csv.gz is the same report as "
        f"{store}/sp-advertised-product-2026-10.csv: read once\n" in err
    )
    uncounted = {Path(i["path"]).name: i["note"] for i in document["inputs"] if not i["counted"]}
    assert set(uncounted) == {"payments-2026-10.csv", "sp-advertised-product-2026-10.csv.gz"}


def test_the_same_file_named_twice_counts_once() -> None:
    code, document, err = _json(
        "kpis", str(PAYMENTS), str(PAYMENTS), "-m", "gross_sales,units_sold,net_proceeds"
    )
    assert code == 0
    assert _some(document, "gross_sales", "units_sold", "net_proceeds") == {
        "gross_sales": D("45645.50"), "units_sold": 1250, "net_proceeds": D("20354.19")
    }  # fmt: skip
    assert err == f"warning: {PAYMENTS} is the same report as {PAYMENTS}: read once\n"


# --- overlapping downloads --------------------------------------------------------------------


def test_overlapping_payments_reports_count_shared_rows_once(tmp_path: Path) -> None:
    early = _payments_piece(tmp_path / "oct-01-20.csv", date(2026, 10, 1), date(2026, 10, 20))
    late = _payments_piece(tmp_path / "oct-10-31.csv", date(2026, 10, 10), date(2026, 10, 31))
    shared = sum(
        1 for line in PAYMENTS.read_text(encoding="utf-8").splitlines()[PREAMBLE_AND_HEADER:]
        if date(2026, 10, 10) <= _day(line) <= date(2026, 10, 20)
    )  # fmt: skip
    names = "gross_sales,units_sold,refunded_sales,referral_fees,fba_fees,storage_fees,net_proceeds,transfers"
    code, pair, err = _json("kpis", str(early), str(late), "-m", names, "--by", "week")
    _, whole, _ = _json("kpis", str(PAYMENTS), "-m", names, "--by", "week")
    assert code == 0
    assert pair["total"] == whole["total"] and pair["rows"] == whole["rows"]
    assert pair["total"]["metrics"]["gross_sales"] == D("45645.50")
    assert err == (
        f"warning: {shared:,} payments rows found in more than one of {early}, {late} "
        "(2026-10-10..2026-10-20) were counted once\n"
    )
    assert [i["overlap_rows"] for i in pair["inputs"]] == [0, shared]


def test_identical_overlapping_ads_rows_count_once_and_revised_ones_stop_the_run(tmp_path: Path) -> None:
    lines = (EXAMPLE / "sp-search-term-2026-10.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    day = [_ads_day(line) for line in rows]
    first = tmp_path / "terms-a.csv"
    second = tmp_path / "terms-b.csv"
    first.write_text(header + "".join(r for r, d in zip(rows, day, strict=True) if d <= 20), encoding="utf-8")
    second.write_text(
        header + "".join(r for r, d in zip(rows, day, strict=True) if d >= 10), encoding="utf-8"
    )
    code, pair, err = _json("kpis", str(first), str(second), "-m", "ad_spend,clicks")
    _, whole, _ = _json("kpis", str(EXAMPLE / "sp-search-term-2026-10.csv"), "-m", "ad_spend,clicks")
    assert code == 0 and pair["total"] == whole["total"]
    assert "ads-sp-search-term rows found in more than one of" in err
    # Amazon revised a day's attributed sales between the two downloads: neither can be preferred.
    revised = [r for r, d in zip(rows, day, strict=True) if d >= 10]
    cells = next(csv.reader([revised[0]]))
    cells[13] = "$999.00"
    revised[0] = _csv_line(cells)
    second.write_text(header + "".join(revised), encoding="utf-8")
    result = flywheel("kpis", str(first), str(second))
    assert result.code == 2 and result.out == ""
    assert result.err.startswith(
        f"flywheel: error: {first} and {second} are two ads-sp-search-term reports that both cover "
    )
    assert "hint: keep the newer download, or download ranges that do not overlap" in result.err


def _ads_day(line: str) -> int:
    return int(next(csv.reader([line]))[0].split()[1].rstrip(","))


def _csv_line(cells: list[str]) -> str:
    import io

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    return out.getvalue()


def test_standard_input_that_overlaps_another_input_is_refused(tmp_path: Path) -> None:
    early = _payments_piece(tmp_path / "oct-01-20.csv", date(2026, 10, 1), date(2026, 10, 20))
    late = _payments_piece(tmp_path / "oct-10-31.csv", date(2026, 10, 10), date(2026, 10, 31))
    result = flywheel("kpis", "-", str(late), stdin=early.read_text(encoding="utf-8"))
    assert result.code == 2 and result.out == ""
    assert result.err == (
        "-: error: this input overlaps another payments report and cannot be read a second time to count "
        "the rows they share once\nhint: save it to a file and pass the file instead\n"
    )


# --- periods ------------------------------------------------------------------------------------


def test_a_week_inside_the_month_counts_only_that_weeks_rows() -> None:
    week = Window(date(2026, 10, 19), date(2026, 10, 25))
    expected = {"gross_sales": D(0), "units_sold": 0, "net_proceeds": D(0)}
    for row in open_report(str(PAYMENTS)).records():
        if not week.keeps(row.date, row.date):
            continue
        if row.type == "order":
            expected["gross_sales"] += row.product_sales
            expected["units_sold"] += row.quantity
        if row.type not in {"transfer", "debt"}:
            expected["net_proceeds"] += row.total
    code, document, err = _json("report", str(EXAMPLE), "--period", "2026-10-19..2026-10-25")
    totals = document["totals"]
    assert code == 0
    assert {name: totals[name] for name in expected} == expected
    assert expected["gross_sales"] == D("10845.16")
    # The Business Report and the Ads summary cover the whole month in one span: nothing of theirs
    # counts for the week, and they say why; the profit is unknown without the week's ad spend.
    for name in ("sessions", "unit_session_pct", "buy_box_pct", "ad_spend", "acos", "tacos", "net_profit"):
        assert totals[name] is None, name
    assert document["unavailable"]["sessions"] == (
        f"{EXAMPLE}/business-report-2026-10.csv covers 2026-10-01..2026-10-31 as one span, "
        "wider than the period"
    )
    assert document["unavailable"]["acos"] == (
        f"{EXAMPLE}/sp-advertised-product-2026-10.csv covers 2026-10-01..2026-10-31 in rows that "
        "span past the period's edges"
    )
    assert document["unavailable"]["net_profit"].startswith("the period's advertising spend is unknown: ")
    counted = {Path(i["path"]).name: i["counted"] for i in document["inputs"]}
    assert not counted["business-report-2026-10.csv"] and not counted["sp-advertised-product-2026-10.csv"]
    assert not counted["sp-search-term-2026-10.csv"]  # part of the spend only: it does not stand in
    assert counted["payments-2026-10.csv"] and counted["fba-inventory-2026-11-01.csv"]
    assert err == ""


def test_a_period_that_no_input_covers_is_an_error() -> None:
    result = flywheel("report", str(EXAMPLE), "--period", "2026-12-01..2026-12-31")
    assert result.code == 2 and result.out == ""
    assert result.err == (
        "flywheel: error: no input covers the period 2026-12-01..2026-12-31: the inputs cover "
        "2026-10-01..2026-10-31\nhint: choose a --period inside 2026-10-01..2026-10-31\n"
    )


def test_an_undated_business_report_needs_its_span_declared_for_a_period(tmp_path: Path) -> None:
    report = EXAMPLE / "business-report-2026-10.csv"
    code, document, _ = _json("kpis", str(report), str(PAYMENTS), "--period", "2026-10-01..2026-10-31")
    assert code == 0 and document["total"]["metrics"]["sessions"] is None
    assert document["unavailable"]["sessions"].endswith(
        "has no dates, so the span it covers is unknown and cannot be placed in the period; "
        "declare it under spans: in flywheel.yaml"
    )
    code, declared, _ = _json("kpis", str(EXAMPLE), "--period", "2026-10-01..2026-10-31", "-c", CONFIG)
    assert code == 0 and declared["total"]["metrics"]["sessions"] == 10562


def test_two_different_undated_reports_are_never_added(tmp_path: Path) -> None:
    september = tmp_path / "business-report-2026-09.csv"
    text = (EXAMPLE / "business-report-2026-10.csv").read_text(encoding="utf-8")
    september.write_text(text.replace('"1,640"', '"1,500"'), encoding="utf-8")
    october = tmp_path / "business-report-2026-10.csv"
    october.write_text(text, encoding="utf-8")
    result = flywheel("kpis", str(september), str(october))
    assert result.code == 2 and result.out == ""
    assert result.err.startswith(
        f"flywheel: error: {september} and {october} are two different business-report reports with no dates"
    )
    config = tmp_path / "flywheel.yaml"
    config.write_text(
        "spans:\n  business-report-2026-09.csv: 2026-09-01..2026-09-30\n"
        "  business-report-2026-10.csv: 2026-10-01..2026-10-31\n",
        encoding="utf-8",
    )
    code, document, _ = _json("kpis", str(tmp_path), "-c", str(config), "--by", "month", "-m", "sessions")
    assert code == 0
    assert [(r["scope"]["month"], r["metrics"]["sessions"]) for r in document["rows"]] == [
        ("2026-09", 10562 - 140),
        ("2026-10", 10562),
    ]
    config.write_text(
        "spans:\n  business-report-2026-09.csv: 2026-09-01..2026-10-05\n"
        "  business-report-2026-10.csv: 2026-10-01..2026-10-31\n",
        encoding="utf-8",
    )
    result = flywheel("kpis", str(tmp_path), "-c", str(config))
    assert result.code == 2 and "whose declared spans overlap (2026-10-01..2026-10-05)" in result.err


def test_mixed_periods_are_computed_but_named() -> None:
    terms = FIXTURES / "reports" / "ads-sp-search-term" / "legacy-acos-lowercase.csv"
    code, document, err = _json("kpis", str(PAYMENTS), str(terms), "-m", "tacos")
    assert code == 0 and document["total"]["metrics"]["tacos"] is not None
    (warning,) = document["warnings"]
    assert warning.startswith("tacos, ad_sales_share, net_profit mix periods: the ads reports cover ")
    assert "and the payments reports 2026-10-01..2026-10-31" in warning
    assert f"warning: {warning}\n" in err


# --- absent is never zero ---------------------------------------------------------------------


def test_a_layout_without_units_shipped_gives_no_turnover() -> None:
    manage = FIXTURES / "reports" / "fba-inventory" / "manage-inventory.txt"
    code, document, _ = _json("kpis", str(manage))
    metrics = document["total"]["metrics"]
    assert code == 0
    assert (metrics["available_units"], metrics["inbound_units"], metrics["reserved_units"]) == (668, 620, 56)
    for name in ("units_shipped_t30", "days_of_supply", "inventory_turnover", "aged_365_plus_share"):
        assert metrics[name] is None, name
    assert document["unavailable"]["inventory_turnover"] == (
        f"{manage} has no 'units-shipped-t90' column (fba-inventory, manage-inventory layout)"
    )
    code, checked, _ = _json("check", str(manage), "--rules", "inventory")
    assert not [f for f in checked["findings"] if f["metric"] in {"inventory_turnover", "days_of_supply"}]
    missing = {s["rule"] for s in checked["skipped"] if s["missing_data"]}
    assert missing == {"aged-inventory", "inventory-turnover", "low-inventory-fee-risk", "excess-inventory"}


def test_the_inventory_age_layout_has_no_inbound_or_reserved_units() -> None:
    aged = FIXTURES / "reports" / "fba-inventory" / "inventory-age.csv"
    code, document, _ = _json("kpis", str(aged))
    assert code == 0
    assert _some(
        document,
        "available_units",
        "inbound_units",
        "reserved_units",
        "unfulfillable_units",
        "days_of_supply",
        "inventory_turnover",
        "aged_365_plus_share",
    ) == {
        "available_units": 668,
        "inbound_units": None,
        "reserved_units": None,
        "unfulfillable_units": None,
        "days_of_supply": D("75.06"),
        "inventory_turnover": D("4.87"),
        "aged_365_plus_share": D("0.022455"),
    }  # fmt: skip  (668 / (267 / 30); 802 × 365/90 / 668; 15 / 668)
    assert document["unavailable"]["reserved_units"] == (
        f"{aged} has no 'reserved-quantity' column (fba-inventory, inventory-age layout)"
    )


def test_a_payments_report_alone_has_no_ad_sales() -> None:
    code, document, _ = _json("kpis", str(PAYMENTS), "-m", "ad_spend,ad_sales,roas,acos")
    assert code == 0
    assert _some(document, "ad_spend", "ad_sales", "roas", "acos") == {
        "ad_spend": D("8435.93"), "ad_sales": None, "roas": None, "acos": None
    }  # fmt: skip
    assert document["unavailable"]["roas"].startswith("needs a Sponsored Products report")


def test_a_damaged_fee_column_is_named_and_its_money_is_null(tmp_path: Path) -> None:
    damaged = tmp_path / "payments.csv"
    damaged.write_text(
        PAYMENTS.read_text(encoding="utf-8").replace('"fba fees"', '"fba feez"'), encoding="utf-8"
    )
    code, document, err = _json("costs", str(damaged), "-c", CONFIG)
    lines = document["total"]["lines"]
    assert code == 0
    assert lines["fba_fees"] is None and lines["net_profit"] is None and lines["total_costs"] is None
    assert lines["referral_fees"] == D("6519.93")  # the columns that are there still count
    assert document["reconciliation"] == {
        "net_proceeds": D("20354.19"),
        "breakdown": None,
        "difference": None,
        "converted": False,
    }
    assert (
        f"warning: {damaged} has no 'fba fees' column (the column 'fba feez' looks like it: damaged or edited?): "
        "the metrics it feeds are empty, not 0\n" in err
    )
    assert document["inputs"][0]["missing_columns"] == ["fba fees"]


def test_india_ads_14_day_columns_are_read() -> None:
    rupees = FIXTURES / "reports" / "ads-sp-advertised-product" / "in-14day-rupee.csv"
    code, document, _ = _json("kpis", str(rupees), "-m", "ad_spend,ad_sales,ad_orders,ad_units,acos")
    assert code == 0
    assert _some(document, "ad_spend", "ad_sales", "ad_orders", "ad_units", "acos") == {
        "ad_spend": D("1965.22"), "ad_sales": D("24426.00"), "ad_orders": 20, "ad_units": 21, "acos": D("0.080456"),
    }  # fmt: skip


# --- money that reconciles, rows that add up -----------------------------------------------------


def test_shipping_gift_wrap_and_taxes_reconcile_to_the_reports_total() -> None:
    fixture = FIXTURES / "reports" / "payments" / "us-28col-fbm-credits.csv"
    code, document, err = _json("costs", str(fixture))
    lines = document["total"]["lines"]
    assert code == 0
    assert {name: lines[name] for name in (
        "gross_sales", "shipping_credits", "gift_wrap_credits", "taxes", "refunds", "referral_fees", "fba_fees",
        "promotions", "other_amazon_fees",
    )} == {
        "gross_sales": D("124.98"), "shipping_credits": D("17.48"), "gift_wrap_credits": D("3.99"),
        "taxes": D("10.40"), "refunds": D("10.00"), "referral_fees": D("19.50"), "fba_fees": D("6.10"),
        "promotions": D("4.49"), "other_amazon_fees": D("48.77"),
    }  # fmt: skip
    assert document["reconciliation"] == {
        "net_proceeds": D("67.99"), "breakdown": D("67.99"), "advertising_charged": D("0.00"), "difference": D("0.00"),
        "converted": False,
    }  # fmt: skip
    plain = flywheel("costs", str(fixture), "--format", "plain").out
    assert "\nTaxes (pass-through)    $10.40                8.3%\n" in plain  # after the profit: not in it
    assert (
        "reconciliation: Amazon's net proceeds $67.99, breakdown's Amazon lines $67.99 (advertising as Payments "
        "charged it: $0.00), difference $0.00" in plain
    )
    assert "warning: no cost file" in err


# (campaign, search-term, targeting: Ads metrics only, no costs; tests/test_campaign_grain.py, test_term_grains.py)
COST_GRAINS = [grain for grain in Grain if grain not in ADS_GRAINS]


@pytest.mark.parametrize("grain", COST_GRAINS, ids=[g.value for g in COST_GRAINS])
def test_rows_add_up_to_the_total_at_every_grain(grain: Grain) -> None:
    result = api.costs([str(EXAMPLE)], grain=grain, config=load(EXAMPLE / "flywheel.yaml"))
    assert result.rows
    for name, total in result.total.lines.items():
        if name == "net_margin":
            continue
        values = [row.lines[name] for row in result.rows]
        assert None not in values and total is not None, name
        assert sum((D(v) for v in values), D(0)) == D(total), name
    assert result.total.lines["net_profit"] == D("3574.27")
    kpis = api.kpis([str(EXAMPLE)], grain=grain, config=load(EXAMPLE / "flywheel.yaml"))
    profits = [row.metrics["net_profit"] for row in kpis.rows if row.metrics["net_profit"] is not None]
    assert sum(profits, D(0)) == kpis.total.metrics["net_profit"] == D("3574.27")


# --- the gate ---------------------------------------------------------------------------------


def test_no_report_is_an_error_not_a_pass(tmp_path: Path) -> None:
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "notes.txt").write_text("call the supplier\n", encoding="utf-8")
    (junk / "invoice.pdf").write_bytes(b"%PDF-1.4\n")
    (junk / "dump.bin").write_bytes(bytes(range(256)))
    for command in (["check", "--strict"], ["kpis"], ["report"], ["costs"]):
        result = flywheel(command[0], str(junk), *command[1:])
        assert (result.code, result.out) == (2, ""), command
        assert result.err == (
            f"{junk}: error: no report flywheel knows among the inputs (1 file skipped)\n"
            "hint: point flywheel at Seller Central or Amazon Ads exports; `flywheel inspect PATH` says what "
            "each file is\n"
        )


def test_check_can_fail_on_rules_skipped_for_missing_data(tmp_path: Path) -> None:
    store = _demo_copy(tmp_path / "store")
    (store / "seller-performance.json").unlink()
    plain = flywheel("check", str(store), "--rules", "amazon-account-health")
    gated = flywheel("check", str(store), "--rules", "amazon-account-health", "--fail-on-missing")
    assert (plain.code, gated.code) == (0, 1)
    assert (
        plain.err
        == gated.err
        == (
            "0 errors, 0 warnings, 0 passed, 4 skipped (4 for missing data)\n"
            "skipped for missing data: order_defect_rate: needs the seller performance report (seller-performance "
            "JSON) (and 3 more: --format json lists them)\n"
        )
    )


# --- any split of a Payments report ---------------------------------------------------------------

_WHOLE: dict[str, Any] = {}


def _totals(paths: list[str]) -> tuple[dict[str, Any], list[Any]]:
    result = api.kpis(paths, grain=Grain.WEEK)
    return result.total.metrics, [(row.scope, row.metrics) for row in result.rows]


@st.composite
def _splits(draw: st.DrawFn) -> list[tuple[int, int]]:
    """2-4 day ranges that together cover October, each overlapping the next by 0-6 days, in any order."""
    count = draw(st.integers(2, 4))
    cuts = sorted(draw(st.lists(st.integers(2, 31), min_size=count - 1, max_size=count - 1, unique=True)))
    starts, ends = [1, *cuts], [cut - 1 for cut in cuts] + [31]
    pieces = []
    for start, end in zip(starts, ends, strict=True):
        before, after = draw(st.integers(0, 6)), draw(st.integers(0, 6))
        pieces.append((max(1, start - before), min(31, end + after)))
    return draw(st.permutations(pieces))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=_splits())
def test_any_overlapping_split_gives_the_whole_reports_totals(
    tmp_path: Path, pieces: list[tuple[int, int]]
) -> None:
    if not _WHOLE:
        _WHOLE["value"] = _totals([str(PAYMENTS)])
    folder = tmp_path / f"split-{'-'.join(f'{a}_{b}' for a, b in pieces)}"
    folder.mkdir(exist_ok=True)
    paths = [
        str(_payments_piece(folder / f"piece-{n}.csv", date(2026, 10, first), date(2026, 10, last)))
        for n, (first, last) in enumerate(pieces)
    ]
    assert _totals(paths) == _WHOLE["value"]


# --- found in review: layouts, marketplaces, containers ------------------------------------------

_LATE_COLUMNS = ("Regulatory Fee", "Tax On Regulatory Fee", "Transaction Status", "Transaction Release Date")


def _as_28_columns(source: Path, target: Path) -> Path:
    """A Payments download in the 2019-2023 layout: no regulatory-fee or release columns."""
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(csv.reader([lines[PREAMBLE_AND_HEADER - 1]]))
    keep = [n for n, name in enumerate(header) if name not in _LATE_COLUMNS]
    rows = [next(csv.reader([line])) for line in lines[PREAMBLE_AND_HEADER - 1 :]]
    body = "".join(",".join(f'"{row[n]}"' for n in keep) + "\n" for row in rows)
    target.write_text("".join(lines[: PREAMBLE_AND_HEADER - 1]) + body, encoding="utf-8")
    return target


def test_overlapping_downloads_in_two_layouts_count_shared_rows_once(tmp_path: Path) -> None:
    early = _as_28_columns(
        _payments_piece(tmp_path / "a.csv", date(2026, 10, 1), date(2026, 10, 20)),
        tmp_path / "oct-01-20-28col.csv",
    )
    late = _payments_piece(tmp_path / "oct-10-31.csv", date(2026, 10, 10), date(2026, 10, 31))
    code, document, err = _json("kpis", str(early), str(late), "-m", "gross_sales")
    assert code == 0 and [i["layout"] for i in document["inputs"]] == ["28-col", "32-col"]
    assert _some(document, "gross_sales", "units_sold", "net_proceeds") == {
        "gross_sales": D("45645.50"), "units_sold": 1250, "net_proceeds": D("20354.19")
    }  # fmt: skip
    assert "370 payments rows found in more than one of" in err


def test_an_overlapping_report_inside_a_zip_is_read_again_through_its_archive(tmp_path: Path) -> None:
    import zipfile

    early = _payments_piece(tmp_path / "oct-01-20.csv", date(2026, 10, 1), date(2026, 10, 20))
    late = _payments_piece(tmp_path / "oct-10-31.csv", date(2026, 10, 10), date(2026, 10, 31))
    with zipfile.ZipFile(tmp_path / "late.zip", "w") as archive:
        archive.write(late, "oct-10-31.csv")
    code, document, _ = _json("kpis", str(early), str(tmp_path / "late.zip"))
    assert code == 0 and document["total"]["metrics"]["gross_sales"] == D("45645.50")


def test_snapshots_of_one_sku_count_once_whether_or_not_a_file_names_the_marketplace() -> None:
    planning = FIXTURES / "reports" / "fba-inventory" / "planning-csv.csv"  # dated, with a marketplace column
    manage = FIXTURES / "reports" / "fba-inventory" / "manage-inventory.txt"  # undated, no marketplace
    code, document, _ = _json("kpis", str(planning), str(manage), "--by", "sku")
    assert code == 0
    assert [(r["scope"]["sku"], r["metrics"]["available_units"]) for r in document["rows"]] == [
        ("FW-BOTTLE-750-BLK", 210), ("FW-MUG-12OZ-BLU", 388), ("FW-MUG-12OZ-GRN", 70)
    ]  # fmt: skip
    aged = FIXTURES / "reports" / "fba-inventory" / "inventory-age.csv"  # the same day as planning-csv
    result = flywheel("kpis", str(planning), str(aged))
    assert result.code == 2 and result.err.startswith(
        f"flywheel: error: {planning} and {aged} are two inventory snapshots of SKU FW-MUG-12OZ-BLU on the same "
        "date (2026-10-31)"
    )


def test_ads_reports_of_two_marketplaces_for_the_same_days_add_up(tmp_path: Path) -> None:
    german = (FIXTURES / "reports" / "ads-sp-advertised-product" / "de-legacy.csv").read_text(
        encoding="utf-8"
    )
    (tmp_path / "de.csv").write_text(german, encoding="utf-8")
    french = german.replace("FW-MUG-DE", "FW-MUG-FR").replace("FW-BOTTLE-DE", "FW-BOTTLE-FR")
    (tmp_path / "fr.csv").write_text(french.replace("B0C", "B0F"), encoding="utf-8")
    code, document, err = _json("kpis", str(tmp_path / "de.csv"), str(tmp_path / "fr.csv"), "-m", "ad_spend")
    _, one, _ = _json("kpis", str(tmp_path / "de.csv"), "-m", "ad_spend")
    assert (code, err) == (0, "")
    assert document["total"]["metrics"]["ad_spend"] == 2 * one["total"]["metrics"]["ad_spend"]


def test_business_reports_of_two_marketplaces_are_told_apart_by_flywheel_yaml(tmp_path: Path) -> None:
    german = (FIXTURES / "reports" / "business-report" / "de-child-22col.csv").read_text(encoding="utf-8")
    (tmp_path / "BusinessReport-DE.csv").write_text(german, encoding="utf-8")
    (tmp_path / "BusinessReport-FR.csv").write_text(german.replace("FW-", "FR-"), encoding="utf-8")
    refused = flywheel("kpis", str(tmp_path))
    assert refused.code == 2 and "name each file's under marketplaces:" in refused.err
    (tmp_path / "flywheel.yaml").write_text(
        'marketplaces:\n  "BusinessReport-DE*.csv": DE\n  "BusinessReport-FR*.csv": amazon.fr\n',
        encoding="utf-8",
    )
    code, document, _ = _json("kpis", str(tmp_path), "--by", "marketplace")
    assert code == 0
    assert [(r["scope"]["marketplace"], r["metrics"]["sessions"]) for r in document["rows"]] == [
        ("DE", 4371), ("FR", 4371)
    ]  # fmt: skip


def test_a_declared_span_can_name_a_zip_member(tmp_path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(tmp_path / "business.zip", "w") as archive:
        archive.write(EXAMPLE / "business-report-2026-10.csv", "BusinessReport-10-31-26.csv")
    config = tmp_path / "flywheel.yaml"
    config.write_text('spans:\n  "BusinessReport-10-31-26.csv": 2026-10-01..2026-10-31\n', encoding="utf-8")
    code, document, _ = _json("kpis", str(tmp_path / "business.zip"), "-c", str(config), "--period",
                              "2026-10-01..2026-10-31")  # fmt: skip
    assert code == 0 and document["total"]["metrics"]["sessions"] == 10562


def test_a_period_inside_one_span_says_that_the_span_cannot_be_split() -> None:
    result = flywheel(
        "kpis", str(EXAMPLE / "sp-advertised-product-2026-10.csv"), "--period", "2026-10-05..2026-10-22"
    )
    assert result.code == 2 and result.out == ""
    assert result.err == (
        "flywheel: error: no input can be placed in the period 2026-10-05..2026-10-22: "
        f"{EXAMPLE}/sp-advertised-product-2026-10.csv covers 2026-10-01..2026-10-31 in rows that span past the "
        "period's edges, and a span cannot be split\n"
        "hint: choose a --period that contains 2026-10-01..2026-10-31, or download the report by day\n"
    )


def test_a_report_outside_the_period_is_not_in_it_and_one_wider_is_named(tmp_path: Path) -> None:
    text = (EXAMPLE / "business-report-2026-10.csv").read_text(encoding="utf-8")
    (tmp_path / "br-09.csv").write_text(text.replace('"1,640"', '"1,500"'), encoding="utf-8")
    (tmp_path / "br-10.csv").write_text(text, encoding="utf-8")
    config = tmp_path / "flywheel.yaml"
    config.write_text("spans:\n  br-09.csv: 2026-09-01..2026-09-30\n  br-10.csv: 2026-10-01..2026-10-31\n",
                      encoding="utf-8")  # fmt: skip
    code, october, err = _json("kpis", str(tmp_path), "--period", "2026-10-01..2026-10-31")
    assert (code, err, october["total"]["metrics"]["sessions"]) == (0, "", 10562)
    assert (
        october["inputs"][0]["note"]
        == f"{tmp_path}/br-09.csv covers 2026-09-01..2026-09-30, outside the period"
    )
    code, wider, err = _json("kpis", str(tmp_path), "--period", "2026-09-15..2026-10-31")
    assert code == 0 and wider["total"]["metrics"]["sessions"] == 10562
    assert err == (
        f"warning: {tmp_path}/br-09.csv covers 2026-09-01..2026-09-30 as one span, wider than the period: left "
        "out, so the period's business figures come from the other business reports only\n"
    )


def test_ads_outside_the_period_raise_no_mixed_period_warning(tmp_path: Path) -> None:
    september = tmp_path / "ads-september.csv"
    september.write_text(
        (EXAMPLE / "sp-search-term-2026-10.csv").read_text(encoding="utf-8").replace('"Oct ', '"Sep '),
        encoding="utf-8",
    )
    code, document, err = _json("kpis", str(PAYMENTS), str(september), "--period", "2026-10-01..2026-10-31")
    assert (code, err, document["warnings"]) == (0, "", [])


def test_empty_cost_lines_say_why() -> None:
    result = flywheel("costs", str(EXAMPLE), "--period", "2026-10-05..2026-10-22", "--format", "plain")
    assert result.code == 0
    assert (
        f"  empty: Advertising: {EXAMPLE}/sp-advertised-product-2026-10.csv covers 2026-10-01..2026-10-31 in rows "
        "that span past the period's edges\n" in result.out
    )
    assert (
        "  empty: Total costs, Net profit, Net margin: the period's advertising spend is unknown: "
        in result.out
    )


def test_a_missing_fee_column_is_the_reason_for_an_empty_profit(tmp_path: Path) -> None:
    damaged = tmp_path / "payments.csv"
    damaged.write_text(
        PAYMENTS.read_text(encoding="utf-8").replace('"fba fees"', '"fba feez"'), encoding="utf-8"
    )
    code, document, _ = _json("kpis", str(damaged), "-c", CONFIG)
    reason = f"{damaged} has no 'fba fees' column (payments, 32-col layout)"
    assert code == 0
    for name in ("fba_fees", "net_profit", "gross_profit", "net_margin", "roi", "break_even_acos"):
        assert document["total"]["metrics"][name] is None and document["unavailable"][name] == reason, name


def test_a_month_the_returns_reports_do_not_reach_has_no_return_rate(tmp_path: Path) -> None:
    """September's Payments with October's returns report: September's returns are unreported, not
    none. Its return rate is empty (it read 0%), October's is the report's 54 of 1,250 FBA units."""
    for source in (EXAMPLE.parent / "lumen-lighting-2026-09" / "payments-2026-09.csv",
                   EXAMPLE / "payments-2026-10.csv", EXAMPLE / "fba-returns-2026-10.txt"):  # fmt: skip
        shutil.copy(source, tmp_path / source.name)
    result = flywheel("kpis", str(tmp_path), "--by", "month", "-m", "units_sold,units_returned,return_rate",
                      "--format", "csv")  # fmt: skip
    assert result.code == 0, result.err
    rows = list(csv.DictReader(result.out.splitlines()))
    by_month = {row["scope.month"]: row for row in rows}
    assert (by_month["2026-09"]["metrics.units_returned"], by_month["2026-09"]["metrics.return_rate"]) == (
        "",
        "",
    )
    assert by_month["2026-09"]["metrics.units_sold"] == "1110"
    assert (by_month["2026-10"]["metrics.units_returned"], by_month["2026-10"]["metrics.return_rate"]) == (
        "54", "0.0432")  # fmt: skip
    assert "return_rate mixes periods" in result.err
