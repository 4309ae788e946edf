"""`flywheel fees estimate`: size tier, shipping weight, fulfilment and referral fees from the shipped
tables, through the CLI as a user calls it. Every expected value is worked out by hand from the tables
(src/flywheel_cli/fees/tables/) in the comments beside it."""

from __future__ import annotations

import json
import shutil
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, flywheel

D = Decimal
TABLES = ROOT / "src" / "flywheel_cli" / "fees" / "tables"
FIELDS = ("size_tier", "shipping_weight_lb", "weight_basis", "price_band", "fulfillment_fee_base",
          "fulfillment_fee", "referral_fee", "closing_fee", "total_fees", "net_per_unit")  # fmt: skip


def _estimate(*args: str) -> tuple[int, dict[str, Any], str]:
    result = flywheel("fees", "estimate", *args, "--format", "json")
    return result.code, json.loads(result.out, parse_float=D) if result.out else {}, result.err


def _pick(document: dict[str, Any]) -> dict[str, Any]:
    return {name: document[name] for name in FIELDS}


def test_a_large_standard_item_priced_on_its_dimensional_weight_with_the_fuel_surcharge() -> None:
    code, doc, err = _estimate("--price", "24.99", "--length", "10", "--width", "6", "--height", "3",
                               "--weight", "1.2", "--category", "home-kitchen", "--date", "2026-06-01")  # fmt: skip
    assert (code, err) == (0, "")
    assert doc["schema"] == "flywheel.fees-estimate/1" and doc["version"]
    assert [i["id"] for i in doc["inputs"]] == ["us-fba-2026", "us-referral-2024"]
    # 10 × 6 × 3 / 139 = 1.29496 lb > 1.2 lb unit weight; over 1 lb rounded up to 4 oz: 1.5 lb.
    assert doc["dimensional_weight_lb"] == D("1.2950")
    assert _pick(doc) == {
        "size_tier": "large-standard", "shipping_weight_lb": D("1.5"), "weight_basis": "dimensional",
        "price_band": "10-to-50",
        "fulfillment_fee_base": D("5.42"),  # the 1.25+ to 1.5 lb band, $10-$50
        "fulfillment_fee": D("5.61"),  # + 3.5% fuel surcharge from 2026-04-17: 0.1897 → 0.19
        "referral_fee": D("3.75"),  # 15% × 24.99 = 3.7485 → 3.75
        "closing_fee": D("0"), "total_fees": D("9.36"),
        "net_per_unit": D("15.63"),  # 24.99 − 9.36
    }  # fmt: skip
    assert doc["surcharges"] == [{"id": "fuel-and-logistics", "rate": D("0.035"), "amount": D("0.19")}]


def test_a_small_standard_item_over_50_dollars_before_the_fuel_surcharge() -> None:
    code, doc, _ = _estimate("--price", "62.50", "--length", "6", "--width", "4", "--height", "0.5",
                             "--weight", "2", "--weight-unit", "oz", "--category", "home", "--date", "2026-03-01")  # fmt: skip
    assert code == 0
    assert _pick(doc) == {
        "size_tier": "small-standard", "shipping_weight_lb": D("0.125"), "weight_basis": "unit",
        "price_band": "over-50", "fulfillment_fee_base": D("3.58"), "fulfillment_fee": D("3.58"),
        "referral_fee": D("9.38"),  # 15% × 62.50 = 9.375 → 9.38
        "closing_fee": D("0"), "total_fees": D("12.96"), "net_per_unit": D("49.54"),
    }  # fmt: skip
    assert doc["surcharges"] == []


def test_metric_units_are_converted_and_the_weight_above_3_lb_adds_8_cents_per_4_oz() -> None:
    code, doc, _ = _estimate("--price", "62.50", "--length", "30", "--width", "20", "--height", "15",
                             "--unit", "cm", "--weight", "1.5", "--weight-unit", "kg", "--category", "tools",
                             "--date", "2026-03-01")  # fmt: skip
    assert code == 0
    # 9000 cm³ = 549.215 in³; / 139 = 3.9512 lb > 1.5 kg = 3.3069 lb; up to 4 oz: 4 lb.
    assert doc["sides_in"] == [D("11.81"), D("7.87"), D("5.91")]
    assert (doc["unit_weight_lb"], doc["dimensional_weight_lb"]) == (D("3.3069"), D("3.9512"))
    assert _pick(doc) == {
        "size_tier": "large-standard", "shipping_weight_lb": D("4"), "weight_basis": "dimensional",
        "price_band": "over-50",
        "fulfillment_fee_base": D("7.55"),  # 7.23 + 4 × 0.08 (1 lb above 3 lb = four 4-oz steps)
        "fulfillment_fee": D("7.55"), "referral_fee": D("9.38"), "closing_fee": D("0"),
        "total_fees": D("16.93"), "net_per_unit": D("45.57"),
    }  # fmt: skip


def test_small_bulky_takes_2_inch_minimum_sides_and_whole_pounds() -> None:
    code, doc, _ = _estimate("--price", "30", "--length", "30", "--width", "3", "--height", "1",
                             "--weight", "0.5", "--category", "toys", "--date", "2026-03-01")  # fmt: skip
    assert code == 0
    # Longest 30 in > 18: not standard. 30 × 3 × 2 (not 1) / 139 = 1.2950 lb → 2 lb (whole pounds).
    assert _pick(doc) == {
        "size_tier": "small-bulky", "shipping_weight_lb": D("2"), "weight_basis": "dimensional",
        "price_band": "10-to-50", "fulfillment_fee_base": D("7.93"),  # 7.55 + 0.38 × (2 − 1)
        "fulfillment_fee": D("7.93"), "referral_fee": D("4.50"), "closing_fee": D("0"),
        "total_fees": D("12.43"), "net_per_unit": D("17.57"),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("day", "fee"),
    [
        ("2025-06-01", D("4.55")),  # 2024-25 non-peak card, 12+ to 16 oz, $10 and over
        ("2024-11-01", D("4.84")),  # 2024 holiday peak card
        ("2026-01-14", D("4.84")),  # the 2025 peak (same rates) ends the day before the 2026 card
        ("2026-01-15", D("4.60")),  # the 2026 card, before the fuel surcharge
    ],
)
def test_the_table_in_force_on_the_date_is_used(day: str, fee: Decimal) -> None:
    # 5.10 × 4.30 × 4.10 / 139 = 0.6469 lb < 0.95 lb = 15.2 oz → 16 oz: large standard, 12+ to 16 oz.
    code, doc, _ = _estimate("--price", "18.99", "--length", "5.1", "--width", "4.3", "--height", "4.1",
                             "--weight", "0.95", "--category", "kitchen", "--date", day)  # fmt: skip
    assert code == 0
    assert (doc["size_tier"], doc["shipping_weight_lb"], doc["fulfillment_fee"]) == (
        "large-standard",
        D("1"),
        fee,
    )
    assert doc["referral_fee"] == D("2.85")  # 15% × 18.99 = 2.8485


@pytest.mark.parametrize(
    ("price", "category", "referral", "closing"),
    [
        ("18.00", "clothing", D("1.80"), D("0")),  # whole-price: $15-$20 → 10% of the whole price
        ("150", "electronics-accessories", D("19.00"), D("0")),  # marginal: 15% × 100 + 8% × 50
        ("1.50", "Home & Kitchen", D("0.30"), D("0")),  # 15% = 0.225 → the $0.30 minimum
        ("1.00", "books", D("0.15"), D("1.80")),  # no minimum; the $1.80 closing fee
        ("9.00", "beauty", D("0.72"), D("0")),  # whole-price: ≤ $10 → 8%
    ],
)
def test_referral_modes_minimum_and_closing_fee(
    price: str, category: str, referral: Decimal, closing: Decimal
) -> None:
    code, doc, _ = _estimate("--price", price, "--length", "6", "--width", "4", "--height", "0.5",
                             "--weight", "2", "--weight-unit", "oz", "--category", category, "--date", "2026-03-01")  # fmt: skip
    assert code == 0
    assert (doc["referral_fee"], doc["closing_fee"]) == (referral, closing)
    assert doc["total_fees"] == doc["fulfillment_fee"] + referral + closing


def test_a_peak_season_with_no_published_card_is_a_warning() -> None:
    result = flywheel("fees", "estimate", "--price", "24.99", "--length", "10", "--width", "6", "--height", "3",
                      "--weight", "1.2", "--category", "home", "--date", "2026-11-01", "--format", "plain")  # fmt: skip
    assert result.code == 0
    assert result.err.startswith("warning: Amazon's 2026 holiday peak fulfilment fees")
    assert "FBA fulfilment fee" in result.out and "$5.61" in result.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--price", "0"), "flywheel: error: --price must be above 0"),
        (("--price", "abc"), "flywheel: error: --price 'abc' is not a number"),
        (
            ("--price", "20", "--date", "2023-06-01"),
            "flywheel: error: no US fulfillment fee table is in force on 2023-06-01",
        ),
        (
            ("--price", "20", "--marketplace", "UK"),
            "flywheel: error: no fulfillment fee table for marketplace UK",
        ),
        (
            ("--price", "20", "--category", "hme"),
            "flywheel: error: --category 'hme' is not a referral-fee category",
        ),
    ],
)
def test_values_outside_the_tables_are_usage_errors(args: tuple[str, ...], message: str) -> None:
    base = {"--price": "20", "--length": "6", "--width": "4", "--height": "1", "--weight": "1",
            "--category": "home"}  # fmt: skip
    given = dict(zip(args[::2], args[1::2], strict=True))
    flat = [item for pair in {**base, **given}.items() for item in pair]
    result = flywheel("fees", "estimate", *flat)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith(message), result.err
    assert "\nhint: " in result.err


def test_a_zero_side_is_a_usage_error() -> None:
    result = flywheel("fees", "estimate", "--price", "20", "--length", "6", "--width", "0", "--height", "1",
                      "--weight", "1", "--category", "home")  # fmt: skip
    assert (result.code, result.err.splitlines()[0]) == (
        2,
        "flywheel: error: the dimensions and the weight must be above 0",
    )


def test_a_bad_fee_table_is_a_located_error(tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    shutil.copytree(TABLES, folder)
    broken = folder / "us-fba-2026.yaml"
    text = broken.read_text(encoding="utf-8")
    line = text.splitlines().index("      max_weight: 16 oz") + 1
    broken.write_text(text.replace("      max_weight: 16 oz", "      max_weight: 16"), encoding="utf-8")
    result = flywheel("fees", "estimate", "--price", "20", "--length", "6", "--width", "4", "--height", "1",
                      "--weight", "1", "--category", "home", "--tables", str(folder))  # fmt: skip
    assert result.code == 2 and result.out == ""
    assert result.err.splitlines()[0] == (
        f"{broken}:{line}:19: error: fulfillment.size_tiers[0].max_weight: a weight with its unit, "
        "such as `4 oz` or `1.5 lb`"
    )


def test_the_tables_are_package_data_of_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["flywheel_cli"]
    assert "fees/tables/*.yaml" in patterns
    assert len(list(TABLES.glob("*.yaml"))) == 4
