"""The operations map on `flywheel report` (docs/analyses.md, "The operations map")."""

from __future__ import annotations

import fnmatch
import json
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from flywheel_cli.checks import modules
from tests.conftest import EXAMPLE, ROOT, flywheel

FIXTURES = ROOT / "tests" / "fixtures"
BUSINESS = FIXTURES / "operations-map" / "business-report.csv"
PERFORMANCE = FIXTURES / "reports" / "seller-performance" / "sp-api-two-marketplaces.json"
ORDER = ["customer_service", "advertising", "inventory", "selection", "supply_chain", "listing"]


def _modules(*paths: str) -> dict[str, dict[str, Any]]:
    result = flywheel("report", *paths, "--format", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out, parse_float=Decimal)
    assert [m["id"] for m in document["modules"]] == ORDER
    return {m["id"]: m for m in document["modules"]}


def test_demo_store_modules_in_triage_order_with_statuses_from_findings() -> None:
    modules = _modules(str(EXAMPLE))
    assert {k: m["status"] for k, m in modules.items()} == {
        "customer_service": "error",  # late shipment rate 4.6% ≥ 4% (Amazon policy)
        "advertising": "warning",  # ACoS 30.7% above 25%
        "inventory": "warning",
        "selection": "ok",
        "supply_chain": "warning",
        "listing": "warning",
    }
    assert modules["customer_service"]["findings"][0]["rule"] == "late-shipment-rate"
    assert modules["advertising"]["findings"][0]["rule"] == "acos-target"
    # 1,298 units over 8 SKUs in 31 days: every SKU is under 500 units per 30 days.
    assert modules["selection"]["kpis"]["skus_below_sales_band"] == 8
    assert modules["selection"]["kpis"]["skus_in_sales_band"] == 0
    assert modules["supply_chain"]["kpis"]["lead_time_days"] == 30
    assert modules["customer_service"]["needs"] == []  # the demo has the feedback download


def test_json_shape() -> None:
    for module in _modules(str(EXAMPLE)).values():
        assert set(module) == {"id", "label", "status", "first_step", "kpis", "findings", "needs"}
        assert module["status"] in {"ok", "warning", "error", "no_data"}
        assert all(f["severity"] in {"warning", "error"} for f in module["findings"])


def test_a_business_report_alone() -> None:
    modules = _modules(str(BUSINESS))
    for empty in ("customer_service", "advertising", "inventory"):
        assert modules[empty]["status"] == "no_data"
        assert modules[empty]["findings"] == []
    assert modules["customer_service"]["needs"] == ["seller-performance", "seller-feedback", "fba-returns"]
    assert modules["inventory"]["needs"] == ["fba-inventory"]
    # OM-LAMP-BLK: 1,000 sessions and a 0.00% Buy Box: out of stock.
    supply = modules["supply_chain"]
    assert supply["status"] == "warning"
    assert supply["kpis"]["stockout_skus"] == 1
    assert supply["kpis"]["skus_under_lead_time"] is None  # no inventory report: unknown, not 0
    assert [(f["rule"], f["scope"]) for f in supply["findings"]] == [("stockout", {"sku": "OM-LAMP-BLK"})]
    # Buy Box weighted by page views: (0 × 1,500 + 0.95 × 3,500) / 5,000; conversion 600 / 3,000.
    assert modules["listing"]["kpis"]["buy_box_pct"] == Decimal("0.665")
    assert modules["listing"]["kpis"]["unit_session_pct"] == Decimal("0.2")
    assert modules["listing"]["status"] == "warning"
    # The by-item Business Report has no dates: units per 30 days are unknown.
    assert modules["selection"]["kpis"]["skus_in_sales_band"] is None


def test_seller_performance_alone() -> None:
    modules = _modules(str(PERFORMANCE))
    service = modules["customer_service"]
    assert service["status"] == "error"
    assert [f["rule"] for f in service["findings"]] == ["late-shipment-rate", "pre-fulfillment-cancel-rate"]
    assert service["kpis"]["order_defect_rate"] == Decimal("0.006")
    assert all(modules[m]["status"] == "no_data" for m in ORDER[1:])


def test_screen_names_the_download_that_fills_an_empty_module() -> None:
    result = flywheel("report", str(PERFORMANCE), "--format", "plain")
    assert result.code == 0, result.err
    assert "2 · Advertising · — no data" in result.out
    assert "no data: add the FBA Inventory report (fba-inventory)" in result.out
    assert (
        result.out.index("Customer service") < result.out.index("Advertising") < result.out.index("Inventory")
    )


def test_html_shows_every_module_self_contained() -> None:
    result = flywheel("report", str(EXAMPLE), "--format", "html")
    assert result.code == 0, result.err
    assert result.out.startswith("<!DOCTYPE html>")
    for label in ("Customer service", "Advertising", "Inventory control", "Product selection", "Supply chain",
                  "Listing optimisation"):  # fmt: skip
        assert label in result.out
    assert "<script" not in result.out and "http://" not in result.out and "https://" not in result.out


def test_narrow_screen_fits() -> None:
    result = flywheel("report", str(EXAMPLE), "--format", "table", env={"COLUMNS": "60"})
    assert result.code == 0, result.err
    assert max(len(line) for line in result.out.splitlines()) <= 60
    assert "Supply chain" in result.out and "✗" in result.out


@settings(max_examples=400, deadline=None)
@given(
    kind=st.text(alphabet="ab-*", max_size=8),
    pattern=st.lists(st.text(alphabet="ab-", max_size=3), min_size=1, max_size=4).map("*".join),
)
def test_a_source_glob_matches_as_fnmatch_does(kind: str, pattern: str) -> None:
    assert modules._matches(kind, pattern) == fnmatch.fnmatchcase(kind, pattern)


def test_every_source_glob_is_matched_without_a_regular_expression() -> None:
    globs = {
        pattern
        for module in modules.MODULES.values()
        for source in module.sources
        for pattern in source.matches
    }
    assert globs and not any(set(pattern) & set("?[") for pattern in globs)
