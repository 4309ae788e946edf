"""`flywheel fees audit`: FBA fee charged per unit (Payments order rows) against the fee preview's
expected fee (or the estimator's), through the CLI. Expected values are worked out by hand from
tests/fixtures/analyses/fees-audit/ (a US 32-column Payments report for October 2026 and a US
25-column fee preview):

  SKU              FBA order rows (units × fee)               expected              result
  FW-MUG-12OZ-BLU  Oct 2 1 × 4.76, Oct 16 2 × 4.76            4.76 preview          correct
  FW-LED-STRIP-5M  Oct 4 2 × 6.31, Oct 13 1, Oct 22 3;        4.35 preview          overcharged
                   refund Oct 26 credits back 6.31
  FW-LAMP-DESK     Oct 5 1 × 12.43, Oct 11 1 × 12.43          `--` in the preview:  overcharged
                                                              estimated 10.57
  FW-CANDLE-8OZ    Oct 7 4 × 4.36                             4.35 preview          1 cent: within tolerance
  FW-SOCKET-USB    Oct 9 1 × 3.97                             no preview row        not checked
  FW-BOTTLE-750-BLK  fulfilled by the seller: no FBA fee, not audited

The lamp's estimate: 20.50 × 8.10 × 6.20 in, 3.40 lb, sales price 34.99: longest side over 18 in, so
Small Bulky; 1029.51 / 139 = 7.4065 lb dimensional → 8 lb; 7.55 + 0.38 × 7 = 10.21; + 3.5% fuel
surcharge (0.35735 → 0.36) = 10.57.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from tests.conftest import FIXTURES, flywheel

D = Decimal
AUDIT = FIXTURES / "analyses" / "fees-audit"
PAYMENTS = AUDIT / "payments-2026-10.csv"
PREVIEW = AUDIT / "fee-preview-us.txt"

LED = {
    "scope": {"sku": "FW-LED-STRIP-5M"}, "marketplace": "US", "currency": "USD", "units": 6,
    "charged": D("31.55"),  # 12.62 + 6.31 + 18.93 − 6.31 credited back by the refund (net)
    "charged_per_unit": D("5.2583"),  # 31.55 / 6 = 5.258333…
    "expected_per_unit": D("4.35"), "expected_from": "fee-preview",
    "difference_per_unit": D("0.9083"),  # 5.45 / 6
    "overcharge": D("5.45"),  # 31.55 − 4.35 × 6 = 31.55 − 26.10
    "size_tier": "Large standard-size",
    "period": {"start": "2026-10-04", "end": "2026-10-22"},  # its FBA order days (not the refund's)
}  # fmt: skip
LAMP = {
    "scope": {"sku": "FW-LAMP-DESK"}, "marketplace": "US", "currency": "USD", "units": 2,
    "charged": D("24.86"), "charged_per_unit": D("12.43"), "expected_per_unit": D("10.57"),
    "expected_from": "estimator", "difference_per_unit": D("1.86"),
    "overcharge": D("3.72"),  # 24.86 − 10.57 × 2
    "size_tier": "Small Bulky", "period": {"start": "2026-10-05", "end": "2026-10-11"},
}  # fmt: skip


def _audit(*args: str) -> tuple[int, dict[str, Any], str]:
    result = flywheel("fees", "audit", *args, "--format", "json")
    return result.code, json.loads(result.out, parse_float=D) if result.out else {}, result.err


def test_overcharged_skus_with_their_overcharge_exact_to_the_cent() -> None:
    code, doc, err = _audit(str(AUDIT))
    assert (code, err) == (0, "")
    assert doc["schema"] == "flywheel.fees-audit/1" and doc["version"]
    assert {(i["kind"], i["counted"]) for i in doc["inputs"]} == {
        ("payments", True),
        ("fba-fee-preview", True),
    }
    assert doc["rows"] == [LED, LAMP]  # largest overcharge first
    assert doc["total"] == {"overcharge": D("9.17"), "currency": "USD", "units": 8}
    assert (doc["checked"], doc["tolerance_per_unit"], doc["basis"]) == (4, D("0.01"), "net")
    assert doc["unchecked"] == [{
        "scope": {"sku": "FW-SOCKET-USB"}, "marketplace": "US", "units": 1, "charged": D("3.97"),
        "reason": "no row in the fee preview for this SKU (in this currency)",
    }]  # fmt: skip
    assert doc["period"] == {"start": "2026-10-02", "end": "2026-10-26"}


def test_the_csv_is_a_reimbursement_case() -> None:
    result = flywheel("fees", "audit", str(PAYMENTS), str(PREVIEW), "--format", "csv")
    assert result.code == 0
    assert result.out.splitlines() == [
        "scope.sku,marketplace,currency,units,charged,charged_per_unit,expected_per_unit,expected_from,"
        "difference_per_unit,overcharge,size_tier,period.start,period.end",
        "FW-LED-STRIP-5M,US,USD,6,31.55,5.2583,4.35,fee-preview,0.9083,5.45,Large standard-size,2026-10-04,2026-10-22",
        "FW-LAMP-DESK,US,USD,2,24.86,12.43,10.57,estimator,1.86,3.72,Small Bulky,2026-10-05,2026-10-11",
    ]


def test_the_table_names_the_tolerance_and_the_unchecked_sku() -> None:
    result = flywheel("fees", "audit", str(AUDIT), "--format", "plain")
    assert result.code == 0
    lines = [line.split() for line in result.out.splitlines()]
    assert [
        "FW-LED-STRIP-5M",
        "6",
        "$5.2583",
        "$4.35",
        "fee-preview",
        "$0.9083",
        "$5.45",
        "2026-10-04..2026-10-22",
    ] in lines
    assert [
        "FW-LAMP-DESK",
        "2",
        "$12.43",
        "$10.57",
        "estimator",
        "$1.86",
        "$3.72",
        "2026-10-05..2026-10-11",
    ] in lines
    assert ["total", "8", "$9.17"] in lines
    assert "2 of 4 SKUs checked charged more than expected (by over $0.01 a unit)" in result.out
    assert "not checked: FW-SOCKET-USB: no row in the fee preview for this SKU" in result.out


def test_the_period_keeps_the_orders_dated_in_it() -> None:
    # Oct 1-12: the LED strip's Oct 4 order only (2 × 6.31 vs 4.35: 12.62 − 8.70 = 3.92); both lamps.
    code, doc, _ = _audit(str(AUDIT), "--period", "2026-10-01..2026-10-12")
    assert code == 0
    assert [(r["scope"]["sku"], r["units"], r["charged"], r["overcharge"]) for r in doc["rows"]] == [
        ("FW-LED-STRIP-5M", 2, D("12.62"), D("3.92")),
        ("FW-LAMP-DESK", 2, D("24.86"), D("3.72")),
    ]
    assert doc["total"]["overcharge"] == D("7.64")


def test_the_same_payments_report_twice_counts_once() -> None:
    code, doc, err = _audit(str(PAYMENTS), str(PAYMENTS), str(PREVIEW))
    assert code == 0
    assert doc["rows"] == [LED, LAMP]
    assert "read once" in err


def test_without_a_fee_preview_or_a_financial_report_it_says_what_is_missing() -> None:
    alone = flywheel("fees", "audit", str(PAYMENTS))
    assert alone.code == 2 and alone.out == ""
    assert alone.err.startswith("flywheel: error: no FBA fee preview report among the inputs")
    assert "\nhint: " in alone.err
    preview = flywheel("fees", "audit", str(PREVIEW))
    assert preview.code == 2
    assert preview.err.startswith("flywheel: error: no Payments or settlement report among the inputs")
