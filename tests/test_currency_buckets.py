"""Amounts without a marketplace are converted by their row's or their file's currency; the fee preview
(rates, never added) takes no part in the currency check."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.conftest import EXAMPLE, FIXTURES, flywheel

D = Decimal
REPORTS = FIXTURES / "reports"
SETTLEMENTS = REPORTS / "settlement"


def _json(*args: str) -> dict[str, Any]:
    result = flywheel(*args, "--format", "json")
    assert result.code == 0, result.err
    document: dict[str, Any] = json.loads(result.out, parse_float=D)
    return document


def _config(tmp_path: Path, text: str) -> str:
    path = tmp_path / "flywheel.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_settlement_rows_without_a_marketplace_are_converted(tmp_path: Path) -> None:
    """The US settlements' storage fee (23.47) and subscription fees (39.99, 5.00) name no marketplace:
    they are in dollars (the rows' currency), so they are converted like the rest of those files."""
    for name in ("us-v2-24col.txt", "de-v2-24col.txt", "us-v2-23col.txt"):
        shutil.copy(SETTLEMENTS / name, tmp_path / name)
    config = _config(tmp_path, "currency: EUR\nfx: {USD: 0.5}\n")
    document = _json("kpis", str(tmp_path), "-c", config, "-m", "net_proceeds")
    # DE: 1221.63 EUR as it is. US (97.88 + 15.30 = 113.18 USD): each SKU-day bucket × 0.5, rounded half
    # even: 13.32 + 35.13 + 19.54 − 64.00 − 11.74 − 8.80 + 6.20 − 1.58 − 20.00 + 19.30 + 61.54 (24col)
    # + 3.49 + 6.66 − 2.50 (23col) = 56.56 (56.59 unrounded), not 113.18 − 68.46 unconverted.
    assert document["total"]["metrics"]["net_proceeds"] == D("1278.19")
    costs = _json("costs", str(tmp_path), "-c", config, "--by", "marketplace")
    unplaced = next(row["lines"] for row in costs["rows"] if row["scope"]["marketplace"] is None)
    # 23.47 × 0.5 = 11.735 → 11.74; 39.99 × 0.5 = 19.995 → 20.00 and 5.00 × 0.5 = 2.50: 22.50.
    assert (unplaced["storage_fees"], unplaced["other_amazon_fees"]) == (D("11.74"), D("22.50"))
    assert (costs["reconciliation"]["net_proceeds"], costs["currency"]) == (D("1278.19"), "EUR")


def test_a_payments_row_without_a_marketplace_takes_the_files_currency(tmp_path: Path) -> None:
    """The AU report's `Cost of Advertising` row names no marketplace: 12.40 AUD, converted to 6.20 USD."""
    config = _config(tmp_path, "currency: USD\nfx: {AUD: 0.5}\n")
    document = _json(
        "costs", str(REPORTS / "payments" / "au-28col.csv"), str(EXAMPLE / "payments-2026-10.csv"),
        "-c", config, "--by", "marketplace",
    )  # fmt: skip
    rows = {row["scope"]["marketplace"]: row["lines"] for row in document["rows"]}
    assert rows[None]["advertising"] == D("6.20")
    assert rows["AU"]["gross_sales"] == D("24.95")  # 49.90 AUD
    assert document["currency"] == "USD"


def test_an_ads_report_without_country_is_converted_by_its_currency(tmp_path: Path) -> None:
    """A German Ads report (EUR, no Country column) beside a US Sponsored Brands report: its spend
    (9.36 + 4.41 + 26.73 = 40.50 EUR) is converted at 2, and is not put in the US row."""
    config = _config(tmp_path, "currency: USD\nfx: {EUR: 2}\n")
    document = _json(
        "kpis", str(REPORTS / "ads-sp-advertised-product" / "de-legacy.csv"),
        str(REPORTS / "ads-sb-campaign" / "legacy-console.csv"), "-c", config, "--by", "marketplace",
        "-m", "ad_spend",
    )  # fmt: skip
    rows = {row["scope"]["marketplace"]: row["metrics"]["ad_spend"] for row in document["rows"]}
    assert rows == {"US": D("115.20"), None: D("81.00")}  # 51.00 + 36.90 + 27.30; 18.72 + 8.82 + 53.46
    assert document["total"]["metrics"]["ad_spend"] == D("196.20")


def _mixed_preview(tmp_path: Path) -> Path:
    """The US fee preview with a CAD listing added (a fee preview lists every marketplace)."""
    lines = (REPORTS / "fba-fee-preview" / "us-25col.txt").read_text(encoding="utf-8").splitlines()
    cells = lines[1].split("\t")
    cells[0], cells[17] = "FW-MUG-12OZ-BLU-CA", "CAD"
    path = tmp_path / "fp-mixed.txt"
    path.write_text("\n".join([*lines, "\t".join(cells)]) + "\n", encoding="utf-8")
    return path


def test_the_fee_preview_takes_no_part_in_the_currency_check(tmp_path: Path) -> None:
    preview = _mixed_preview(tmp_path)
    alone = flywheel("kpis", str(preview))
    assert (alone.code, alone.err) == (0, "")
    report = flywheel("report", str(EXAMPLE), str(preview))
    assert report.code in (0, 1), report.err  # findings are exit 1; a currency stop was exit 2
    assert "never adds different currencies" not in report.err
    store = _json("kpis", str(EXAMPLE), "-m", "net_proceeds")
    for path in (preview, REPORTS / "fba-fee-preview" / "ca-22col.txt"):
        document = _json("kpis", str(EXAMPLE), str(path), "-m", "net_proceeds")
        assert document["total"]["metrics"] == store["total"]["metrics"]  # rates are never added
        plain = flywheel("kpis", str(EXAMPLE), str(path), "-m", "net_proceeds", "--format", "plain")
        assert plain.code == 0 and "$20," in plain.out  # in the store's dollars, not a mix


def test_amounts_whose_currency_cannot_be_told_stop_the_run(tmp_path: Path) -> None:
    """A US + CA Ads report without its Country column: each row has a currency, no marketplace, and its
    spend falls in buckets of no marketplace; converting them by a guess would be a wrong number."""
    lines = (
        (REPORTS / "ads-sp-search-term" / "multi-marketplace.csv").read_text(encoding="utf-8").splitlines()
    )
    path = tmp_path / "no-country.csv"
    path.write_text("\n".join(line.replace(",United States,", ",").replace(",Canada,", ",").replace(
        ",Country,", ",") for line in lines) + "\n", encoding="utf-8")  # fmt: skip
    config = _config(tmp_path, "currency: USD\nfx: {CAD: 0.7}\n")
    result = flywheel("kpis", str(path), "-c", config, "-m", "ad_spend")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"{path}: error: amounts without a marketplace in a report that holds CAD, USD: flywheel cannot tell "
        "which currency they are in, so cannot convert them\nhint: download one marketplace's report at a time\n"
    )
