"""The benchmark's realistic generator (benchmarks/generate_payments.py --profile realistic) writes the
real US Payments layout, and its expected figures are what flywheel reads from the file, to the cent.

Small (300 rows) and fast: it keeps the generator honest, so that the benchmark's checks (which
compare every run against these expected figures) compare against the truth."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, flywheel

GENERATOR = ROOT / "benchmarks" / "generate_payments.py"
HEADLINE = ("gross_sales", "units_sold", "refunded_sales", "units_refunded", "referral_fees", "fba_fees",
            "net_proceeds")  # fmt: skip


@pytest.fixture(scope="module")
def realistic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("bench")
    out, expected = folder / "payments.csv", folder / "payments.expected.json"
    subprocess.run(
        [sys.executable, str(GENERATOR), "300", str(out), "--profile", "realistic", "--skus", "40",
         "--expected-json", str(expected), "--cogs-csv", str(folder / "cogs.csv")],
        check=True, capture_output=True,
    )  # fmt: skip
    return out, json.loads(expected.read_text(encoding="utf-8"))


def test_realistic_file_has_the_real_layout_and_inch_marks(realistic: tuple[Path, dict[str, Any]]) -> None:
    path, expected = realistic
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert (
        lines[0]
        == '"Includes Amazon Marketplace, Fulfillment by Amazon (FBA), and Amazon Webstore transactions"'
    )
    assert lines[7].startswith('"date/time","settlement id","type","order id","sku","description"')
    assert '"" ' in text  # an inch mark inside a quoted description: `Lumen 24"" Solar Path Light`
    rows = list(csv.reader(lines[8:]))
    assert len(rows) == 300 and all(len(row) == 32 for row in rows)
    assert rows[0][0].endswith((" PDT", " PST")) and rows[0][0].startswith("Oct 1, 2026 ")
    assert len({row[0] for row in rows}) == 300  # unique timestamps
    order_ids = [row[3] for row in rows if row[2] == "Order"]
    assert len(set(order_ids)) == len(order_ids)  # unique order ids
    assert any('"' in row[5] for row in rows)

    done = flywheel("inspect", str(path), "--format", "json")
    assert done.code == 0, done.err
    (found,) = json.loads(done.out)["inputs"]
    assert (found["kind"], found["layout"], found["rows"], found["marketplace"]) == (
        "payments",
        "32-col",
        300,
        "US",
    )
    assert expected["rows"] == 300 and expected["profile"] == "realistic"


def test_realistic_expected_figures_equal_flywheel_kpis(realistic: tuple[Path, dict[str, Any]]) -> None:
    path, expected = realistic
    done = flywheel("kpis", str(path), "--by", "sku", "--format", "json", "--quiet")
    assert done.code == 0, done.err
    document = json.loads(done.out, parse_float=Decimal)
    total = document["total"]["metrics"]
    for name in HEADLINE:
        assert Decimal(str(total[name])) == Decimal(str(expected[name])), name
    inch_skus = set()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in list(csv.reader(handle))[8:]:
            if '"' in row[5]:
                inch_skus.add(row[4])
    by_sku = {row["scope"]["sku"]: row["metrics"] for row in document["rows"]}
    assert inch_skus and inch_skus <= set(by_sku)
    for sku, figures in expected["skus"].items():
        metrics = by_sku.get(sku, {})
        assert Decimal(str(metrics.get("gross_sales") or 0)) == Decimal(figures["gross_sales"]), sku
        assert (metrics.get("units_sold") or 0) == figures["units_sold"], sku
