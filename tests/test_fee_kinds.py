"""The fee reports: FBA Fee Preview (every regional layout) and FBA storage fees (monthly and long-term),
run through the CLI as users run them. Expected figures are worked out by hand in the fixture manifests
(tests/fixtures/reports/fba-fee-preview/ and storage-fees/)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from flywheel_cli.metrics.engine import fold_reports
from flywheel_cli.metrics.fees_fold import ExpectedFees
from flywheel_cli.metrics.fold import Window
from flywheel_cli.reports.reader import open_report
from tests.conftest import FIXTURES, flywheel

D = Decimal
REPORTS = FIXTURES / "reports"
PREVIEW = REPORTS / "fba-fee-preview"
STORAGE = REPORTS / "storage-fees"
PAYMENTS = REPORTS / "payments" / "us-32col.csv"  # one `FBA storage fee` row of (2.00)

LAYOUTS = {
    PREVIEW / "us-25col.txt": ("fba-fee-preview", "us-25col"),
    PREVIEW / "us-future.txt": ("fba-fee-preview", "us-future"),
    PREVIEW / "ca-22col.txt": ("fba-fee-preview", "ca-22col"),
    PREVIEW / "uk-29col.txt": ("fba-fee-preview", "uk-29col"),
    PREVIEW / "uk-future-37col.txt": ("fba-fee-preview", "uk-future"),
    PREVIEW / "eu-28col.txt": ("fba-fee-preview", "eu-28col"),
    PREVIEW / "eu-29col-se.txt": ("fba-fee-preview", "eu-29col-se"),
    STORAGE / "monthly.txt": ("storage-fees", "monthly"),
    STORAGE / "long-term-2019.csv": ("storage-fees", "long-term-15col"),
    STORAGE / "long-term-surcharge.txt": ("storage-fees", "long-term-surcharge"),
}


def _json(*args: str) -> tuple[int, dict[str, Any], str]:
    result = flywheel(*args, "--format", "json")
    return result.code, (json.loads(result.out, parse_float=D) if result.out else {}), result.err


def _storage_by_asin(document: dict[str, Any]) -> dict[str | None, Any]:
    return {row["scope"]["asin"]: row["metrics"]["storage_fees"] for row in document["rows"]}


# --- detection --------------------------------------------------------------------------------------


def test_every_layout_is_recognised_by_its_header_names() -> None:
    code, document, err = _json("inspect", *(str(path) for path in LAYOUTS))
    assert code == 0, err
    found = {entry["path"]: (entry["kind"], entry["layout"]) for entry in document["inputs"]}
    assert found == {str(path): kind_layout for path, kind_layout in LAYOUTS.items()}
    dated = {entry["path"]: entry["coverage"]["dated"] for entry in document["inputs"]}
    assert dated[str(PREVIEW / "us-25col.txt")] == "snapshot"  # today's rates: a state, not a flow
    assert dated[str(STORAGE / "monthly.txt")] == "rows"


def test_inspect_shows_kind_layout_currency_and_the_month_span() -> None:
    result = flywheel("inspect", str(PREVIEW / "uk-29col.txt"), str(STORAGE / "monthly.txt"))
    assert result.code == 0, result.err
    preview = next(line for line in result.out.splitlines() if "uk-29col.txt" in line)
    assert preview.split()[1:4] == ["fba-fee-preview", "uk-29col", "en"]
    assert "GBP" in preview.split()
    storage = next(line for line in result.out.splitlines() if "monthly.txt" in line)
    assert storage.split()[1:3] == ["storage-fees", "monthly"]
    assert "2026-09-01 → 2026-10-31" in storage
    assert storage.split()[-2:] == ["USD", "US"]


def test_double_dash_is_null_never_zero() -> None:
    rows = list(open_report(str(PREVIEW / "us-25col.txt")).records())
    assert [row.sales_price for row in rows] == [D("18.99"), None, D("34.99")]
    assert [row.order_handling_fee_per_order for row in rows] == [None, None, D("0.00")]
    ca = list(open_report(str(PREVIEW / "ca-22col.txt")).records())
    assert [(row.pick_pack_fee_per_unit, row.size_tier, row.fulfillment_fee_per_unit) for row in ca] == [
        (D("3.40"), None, None),
        (None, None, None),
    ]
    monthly = list(open_report(str(STORAGE / "monthly.txt")).records())
    assert [row.incentive_fee_amount for row in monthly] == [D("0.00"), D("0.00"), D("0.00"), None, D("0.00")]


def test_both_size_tier_generations_are_kept_as_written() -> None:
    rows = list(open_report(str(PREVIEW / "us-25col.txt")).records())
    assert [row.size_tier for row in rows] == ["Large Standard", "Large standard-size", "Small Oversize"]


# --- storage fees per ASIN ----------------------------------------------------------------------------


def test_storage_fees_per_asin_from_the_monthly_and_long_term_reports() -> None:
    code, document, err = _json(
        "kpis", str(STORAGE / "monthly.txt"), str(STORAGE / "long-term-surcharge.txt"), "--by", "asin"
    )
    assert code == 0, err
    # Each row's estimate is rounded to the cent as it is folded (Amazon charges cents):
    # B0C1234567: 15.0384 → 15.04 + 5.0232 → 5.02 (Oct) + 6.0840 → 6.08 (Sep) + 0.26 + 3.95 (surcharge)
    # B0C7654321: 32.4000 + 1.0800 (Oct) + 2.48 (aged-inventory surcharge)
    assert _storage_by_asin(document) == {"B0C1234567": D("30.35"), "B0C7654321": D("35.96")}
    assert document["total"]["metrics"]["storage_fees"] == D("66.31")
    assert "storage_fees" not in document["unavailable"]
    assert [entry["counted"] for entry in document["inputs"]] == [True, True]


def test_a_month_of_charge_is_a_span_that_a_period_places_whole() -> None:
    code, document, err = _json(
        "kpis", str(STORAGE / "monthly.txt"), "--by", "asin", "--period", "2026-10-01..2026-10-31"
    )
    assert code == 0, err
    assert _storage_by_asin(document) == {"B0C1234567": D("20.06"), "B0C7654321": D("33.48")}
    code, document, err = _json("kpis", str(STORAGE / "monthly.txt"), "--by", "month")
    assert code == 0, err
    by_month = {row["scope"]["month"]: row["metrics"]["storage_fees"] for row in document["rows"]}
    assert by_month == {"2026-09": D("6.08"), "2026-10": D("53.54")}


def test_a_period_inside_the_month_cannot_split_it() -> None:
    result = flywheel("kpis", str(STORAGE / "monthly.txt"), "--period", "2026-10-01..2026-10-07")
    assert result.code == 2
    assert result.out == ""
    assert "monthly.txt covers 2026-09-01..2026-10-31 in rows that span past the period's edges" in result.err


def test_a_fee_of_double_dash_leaves_the_asin_without_a_storage_fee(tmp_path: Path) -> None:
    lines = (STORAGE / "monthly.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    # The LED strip's two October rows lose their fee: that ASIN's storage fee is unknown, not 0.
    damaged = [line.replace("\t32.4000\t", "\t--\t").replace("\t1.0800\t", "\t--\t") for line in lines]
    path = tmp_path / "storage.txt"
    path.write_text("".join(damaged), encoding="utf-8")
    code, document, err = _json("kpis", str(path), "--by", "asin")
    assert code == 0, err
    assert _storage_by_asin(document) == {"B0C1234567": D("26.14"), "B0C7654321": None}
    assert document["total"]["metrics"]["storage_fees"] == D("26.14")


# --- one source per number ----------------------------------------------------------------------------


def test_payments_storage_charges_are_never_added_to_the_storage_report() -> None:
    _, alone, _ = _json("kpis", str(PAYMENTS))
    code, document, err = _json(
        "kpis",
        str(PAYMENTS),
        str(STORAGE / "monthly.txt"),
        str(STORAGE / "long-term-surcharge.txt"),
        "--by",
        "asin",
    )
    assert code == 0, err
    assert alone["total"]["metrics"]["storage_fees"] == D("2.00")
    assert document["total"]["metrics"]["storage_fees"] == D("2.00")  # not 2.00 + 66.31
    assert document["total"]["metrics"]["net_proceeds"] == alone["total"]["metrics"]["net_proceeds"]
    assert _storage_by_asin(document) == {None: D("2.00")}  # Payments' charge has no ASIN
    notes = {entry["path"]: (entry["counted"], entry["note"]) for entry in document["inputs"]}
    assert notes[str(PAYMENTS)] == (True, None)
    for name in ("monthly.txt", "long-term-surcharge.txt"):
        counted, note = notes[str(STORAGE / name)]
        assert counted is False
        assert note == (
            f"not counted: its storage fees are the same money as the storage charges in {PAYMENTS}, "
            "which count (one source per number)"
        )


# --- fee preview: rates kept per SKU, never summed ------------------------------------------------------


def test_expected_fees_are_kept_per_sku_and_currency_for_the_fee_audit() -> None:
    paths = [PREVIEW / "us-25col.txt", PREVIEW / "ca-22col.txt", PREVIEW / "uk-29col.txt"]
    ledger = fold_reports([open_report(str(path)) for path in paths], Window(), None).ledger
    assert ledger.parts == {}  # rates add no part to any bucket
    assert ledger.sku_fees[("FW-MUG-12OZ-BLU", "USD")] == ExpectedFees(
        "USD", "B0C1234567", "Large Standard", "Kitchen", D("2.85"), D("3.54"), D("6.39")
    )
    # Canada's layout has no fulfilment-fee column: the fee is unknown, not pick & pack alone.
    assert ledger.sku_fees[("FW-MUG-12OZ-BLU", "CAD")] == ExpectedFees(
        "CAD", "B0C1234567", None, "Kitchen", D("3.75"), None, D("8.65")
    )
    assert ledger.sku_fees[("FW-LED-STRIP-5M", "GBP")].expected_fba_fee_per_unit == D("2.00")
    assert len(ledger.sku_fees) == 7
    assert ledger.sku_asin["FW-LAMP-DESK"] == "B0C9999999"
    assert ledger.sku_group["FW-LAMP-DESK"] == "Lighting"


def test_a_fee_preview_changes_no_kpi() -> None:
    _, alone, _ = _json("kpis", str(PAYMENTS))
    code, document, err = _json("kpis", str(PAYMENTS), str(PREVIEW / "us-25col.txt"))
    assert code == 0, err
    assert document["total"]["metrics"] == alone["total"]["metrics"]
    assert document["inputs"][1]["counted"] is True


# --- bad input ----------------------------------------------------------------------------------------


def test_a_bad_month_of_charge_is_one_located_error(tmp_path: Path) -> None:
    text = (STORAGE / "monthly.txt").read_text(encoding="utf-8").replace("\t2026-09\t", "\t2026-13\t")
    path = tmp_path / "storage.txt"
    path.write_text(text, encoding="utf-8")
    result = flywheel("kpis", str(path))
    assert result.code == 2
    assert result.out == ""
    assert result.err.splitlines() == [
        f"{path}:6:18: error: a month was expected in column 'month_of_charge', found '2026-13'",
        "hint: flywheel reads months written 2026-10 (or a date in the month); re-download the report",
    ]
