"""Different currencies are never added together unconverted."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

from flywheel_cli.reports.reader import open_report
from tests.conftest import FIXTURES, flywheel

US = FIXTURES / "reports" / "payments" / "us-32col.csv"
CA = FIXTURES / "reports" / "payments" / "ca-27col.csv"
D = Decimal


def _gross(path: Path) -> Decimal:
    return sum((r.product_sales or D(0) for r in open_report(str(path)).records() if r.type == "order"), D(0))


def test_mixed_currencies_without_rates_stop_with_a_hint() -> None:
    result = flywheel("kpis", str(US), str(CA))
    assert (result.code, result.out) == (2, "")
    first, hint = result.err.splitlines()
    assert first == (
        f"flywheel: error: the inputs hold amounts in CAD, USD (CAD in {CA}; USD in {US}); flywheel never adds "
        "different currencies"
    )
    assert hint.startswith("hint: set `currency: USD` and `fx: {CAD: 0.0000}` in flywheel.yaml")


def test_rates_convert_every_amount_into_the_reporting_currency(tmp_path: Path) -> None:
    config = tmp_path / "flywheel.yaml"
    config.write_text("currency: USD\nfx:\n  CAD: 0.7312\n", encoding="utf-8")
    result = flywheel(
        "kpis", str(US), str(CA), "--by", "marketplace", "--config", str(config), "--format", "json"
    )
    assert result.code == 0, result.err
    document = json.loads(result.out, parse_float=D)
    rows = {row["scope"]["marketplace"]: row["metrics"] for row in document["rows"]}
    canadian = (_gross(CA) * D("0.7312")).quantize(D("0.01"), ROUND_HALF_EVEN)
    assert rows["US"]["gross_sales"] == _gross(US)
    assert rows["CA"]["gross_sales"] == canadian
    assert document["total"]["metrics"]["gross_sales"] == _gross(US) + canadian


def test_a_missing_rate_is_named(tmp_path: Path) -> None:
    config = tmp_path / "flywheel.yaml"
    config.write_text("currency: EUR\nfx:\n  CAD: 0.66\n", encoding="utf-8")
    result = flywheel("kpis", str(US), str(CA), "--config", str(config))
    assert result.code == 2
    assert result.err.startswith(f"{config}: error: the inputs hold amounts in CAD, USD")
    assert "fx: {USD: 0.0000}" in result.err


DE = FIXTURES / "reports" / "payments" / "de-29col.csv"
UK = FIXTURES / "reports" / "payments" / "uk-27col.csv"


def test_converted_totals_do_not_depend_on_the_grain(tmp_path: Path) -> None:
    """Converted amounts are rounded per bucket; the buckets (a SKU's day) are the same at every grain."""
    config = tmp_path / "flywheel.yaml"
    config.write_text("currency: EUR\nfx:\n  GBP: 1.1713\n  USD: 0.8573\n", encoding="utf-8")
    totals = {}
    for grain in ("account", "marketplace", "sku", "day", "week", "month"):
        result = flywheel(
            "kpis", str(DE), str(UK), str(US), "--by", grain, "--config", str(config), "--format", "json"
        )
        assert result.code == 0, result.err
        document = json.loads(result.out, parse_float=D)
        names = ("gross_sales", "net_proceeds", "referral_fees", "fba_fees", "refunded_sales")
        totals[grain] = {name: document["total"]["metrics"][name] for name in names}
        rows = document["rows"]
        assert sum((row["metrics"]["gross_sales"] or 0 for row in rows), D(0)) == totals[grain]["gross_sales"]
    assert all(found == totals["account"] for found in totals.values()), totals
    assert totals["account"]["gross_sales"] > _gross(DE)  # the UK and US sales were added, converted


def test_every_money_part_is_converted() -> None:
    """A money metric read straight from one part: that part must be in the converted set, or a new
    line (shipping credits, taxes …) would stay in the report's currency while the rest is converted."""
    from flywheel_cli.economics.currency import MONEY_PARTS
    from flywheel_cli.metrics.catalogue import METRICS

    plain_sums = {m.inputs[0] for m in METRICS.values() if m.unit == "money" and len(m.inputs) == 1}
    assert plain_sums - MONEY_PARTS == set()
    assert {
        "shipping_credits",
        "gift_wrap_credits",
        "taxes",
        "ad_spend_auto",
        "ad_spend_manual",
    } <= plain_sums


def test_credits_and_taxes_are_converted_and_still_reconcile(tmp_path: Path) -> None:
    fixture = (FIXTURES / "reports" / "payments" / "us-28col-fbm-credits.csv").read_text(encoding="utf-8")
    canadian = tmp_path / "ca.csv"
    canadian.write_text(fixture.replace("All amounts in USD", "All amounts in CAD").replace("amazon.com", "amazon.ca"),
                        encoding="utf-8")  # fmt: skip
    config = tmp_path / "flywheel.yaml"
    config.write_text("currency: USD\nfx: {CAD: 0.5}\n", encoding="utf-8")
    result = flywheel("costs", str(canadian), "-c", str(config), "--format", "json")
    document = json.loads(result.out, parse_float=Decimal)
    lines = document["total"]["lines"]
    assert result.code == 0
    # Each SKU-day bucket is converted and rounded once: 44.995 + 17.495 → 45.00 + 17.50.
    assert (lines["gross_sales"], lines["shipping_credits"], lines["gift_wrap_credits"], lines["taxes"]) == (
        Decimal("62.50"), Decimal("8.74"), Decimal("2.00"), Decimal("5.20"),
    )  # fmt: skip
    # 67.99 CAD of net proceeds is 34.00 (33.995 rounded); the lines, each rounded, come to 34.02.
    assert document["reconciliation"] == {
        "net_proceeds": Decimal("34.00"), "breakdown": Decimal("34.02"), "advertising_charged": Decimal("0.00"),
        "difference": Decimal("-0.02"), "converted": True,
    }  # fmt: skip
    plain = flywheel("costs", str(canadian), "-c", str(config), "--format", "plain").out
    assert "Gross sales             $62.50" in plain  # converted into US dollars, and labelled so
    assert "difference -$0.02; amounts converted at fx rates are each rounded to the cent" in plain
