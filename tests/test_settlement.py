"""The settlement report (flat file V2 and legacy V1) through the CLI: the same parts as Payments, the
summary row's total as a check, one settlement counted once, and never added to a Payments report of
the same days. Expected figures are the hand sums in tests/fixtures/reports/settlement/manifest.yaml."""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flywheel_cli.metrics.fold import Ledger, Window
from flywheel_cli.metrics.settlement_fold import SettlementFold
from flywheel_cli.reports.reader import open_report
from flywheel_cli.reports.values import sample_decimal_comma, shows_decimals
from tests.conftest import FIXTURES, flywheel

D = Decimal
HERE = FIXTURES / "reports" / "settlement"
US = str(HERE / "us-v2-24col.txt")
DE = str(HERE / "de-v2-24col.txt")
V2_23 = str(HERE / "us-v2-23col.txt")
V1 = str(HERE / "us-v1-36col.txt")
DAMAGED = str(HERE / "us-v2-damaged.txt")
PAYMENTS_HEADER = (
    '"date/time","settlement id","type","order id","sku","description","quantity","marketplace","fulfillment",'
    '"product sales","shipping credits","gift wrap credits","promotional rebates","selling fees","fba fees",'
    '"other transaction fees","other","total"\n'
)


def _json(*args: str) -> tuple[int, dict[str, Any], str]:
    result = flywheel(*args, "--format", "json")
    document = json.loads(result.out, parse_float=D) if result.out else {}
    return result.code, document, result.err


def _totals(document: dict[str, Any], *names: str) -> dict[str, Any]:
    return {name: document["total"]["metrics"][name] for name in names}


def _payments(path: Path, day: str) -> str:
    """A US Payments report with one order on `day` (e.g. `Mar 9, 2026`)."""
    row = f'"{day} 10:00:00 AM PST","24688001231","Order","112-0000000-0000099","FW-MUG-12OZ-BLU","Mug","1",'
    row += '"amazon.com","Amazon","19.99","0","0","0","-3.00","-3.67","0","0","13.32"\n'
    path.write_text('"All amounts in USD, unless specified"\n' + PAYMENTS_HEADER + row, encoding="utf-8")
    return str(path)


MONEY = ("gross_sales", "refunded_sales", "shipping_credits", "gift_wrap_credits", "taxes", "referral_fees",
         "fba_fees", "promotions", "storage_fees", "reimbursements", "other_fees", "net_proceeds")  # fmt: skip


def test_us_v2_every_part_as_payments_names_it() -> None:
    code, document, err = _json("kpis", US)
    assert code == 0, err
    assert _totals(document, *MONEY, "units_sold", "units_refunded") == {
        "gross_sales": D("450.94"), "refunded_sales": D("19.99"), "shipping_credits": D("10.98"),
        "gift_wrap_credits": D("3.99"), "taxes": D("0.00"), "referral_fees": D("66.74"), "fba_fees": D("82.30"),
        "promotions": D("11.80"), "storage_fees": D("23.47"), "reimbursements": D("12.40"),
        "other_fees": D("176.13"), "net_proceeds": D("97.88"),
        # quantity-purchased is on every amount row of an order item (100 in all): counted once per item
        "units_sold": 14, "units_refunded": 1,
    }  # fmt: skip
    # The payout is the summary row's total, not a transfer row: absent, not 0.
    assert document["total"]["metrics"]["transfers"] is None
    assert "is a settlement report" in document["unavailable"]["transfers"]
    assert document["inputs"][0]["coverage"]["family"] == "payments"


def test_net_proceeds_equal_the_summary_total_when_the_settlement_is_in_the_period() -> None:
    code, document, err = _json("kpis", US, "--period", "2026-03-01..2026-03-15")
    assert code == 0, err
    assert document["total"]["metrics"]["net_proceeds"] == D("97.88")  # total-amount of the summary row
    assert "does not add up" not in err


def test_the_period_keeps_its_days_only() -> None:
    # 2 Mar order 26.64, 4 Mar inbound defect fee -128.00, 5 Mar order 70.26
    code, document, err = _json("kpis", US, "--period", "2026-03-02..2026-03-05")
    assert code == 0, err
    assert _totals(document, "gross_sales", "units_sold", "other_fees", "net_proceeds") == {
        "gross_sales": D("157.98"),
        "units_sold": 4,
        "other_fees": D("132.99"),
        "net_proceeds": D("-31.10"),
    }


def test_buckets_follow_the_payments_span_by_day() -> None:
    code, document, err = _json("kpis", US, "--by", "day")
    assert code == 0, err
    days = {row["scope"]["day"]: row["metrics"] for row in document["rows"]}
    assert days["2026-03-10"]["refunded_sales"] == D("19.99")
    assert days["2026-03-10"]["units_refunded"] == 1
    assert days["2026-03-10"]["referral_fees"] == D("-2.40")  # commission refunded, less RefundCommission
    assert days["2026-03-14"]["gross_sales"] == D("177.00")
    assert sum(metrics["net_proceeds"] for metrics in days.values()) == D("97.88")


def test_posted_date_is_the_fallback_for_an_empty_posted_date_time() -> None:
    code, document, err = _json("kpis", V2_23, "--by", "day")
    assert code == 0, err
    days = {row["scope"]["day"]: row["metrics"] for row in document["rows"]}
    assert days["2026-03-18"]["gross_sales"] == D("19.99")  # posted-date 03/18/26, month first
    assert days["2026-03-16"]["gross_sales"] == D("12.00")


def test_costs_reconcile_to_the_cent() -> None:
    code, document, err = _json("costs", US)
    assert code == 0, err
    check = document["reconciliation"]
    assert (check["net_proceeds"], check["breakdown"], check["difference"]) == (
        D("97.88"),
        D("97.88"),
        D("0.00"),
    )
    lines = document["total"]["lines"]
    assert (lines["gross_sales"], lines["refunds"], lines["storage_fees"], lines["other_amazon_fees"]) == (
        D("450.94"), D("19.99"), D("23.47"), D("176.13"),
    )  # fmt: skip
    human = flywheel("costs", US)
    assert "difference $0.00" in human.out


def test_unknown_amount_type_is_kept_in_other_fees_and_named() -> None:
    code, document, err = _json("kpis", US)
    assert code == 0
    note = f"{US}: 1 amount row of a type flywheel does not know, kept in other_fees: other-transaction / LiquidationsBrokerageFee (1)"
    assert note in document["warnings"]
    assert f"warning: {note}" in err
    # other_fees = ShippingChargeback 4.99 + Inbound Defect Fee 128.00 + Subscription Fee 39.99 + the unknown 3.15
    assert document["total"]["metrics"]["other_fees"] == D("4.99") + D("128.00") + D("39.99") + D("3.15")


def test_de_decimal_commas_and_two_marketplaces() -> None:
    code, document, err = _json("kpis", DE, "--by", "marketplace")
    assert code == 0, err
    rows = {row["scope"]["marketplace"]: row["metrics"] for row in document["rows"]}
    assert rows["FR"]["gross_sales"] == D("1234.50")  # `1.234,50`
    assert rows["DE"]["net_proceeds"] == D("-16.19")
    assert _totals(document, "gross_sales", "taxes", "referral_fees", "fba_fees", "storage_fees", "net_proceeds") == {
        "gross_sales": D("1251.30"), "taxes": D("246.90"), "referral_fees": D("185.68"), "fba_fees": D("61.75"),
        "storage_fees": D("12.34"), "net_proceeds": D("1221.63"),
    }  # fmt: skip
    assert document["inputs"][0]["currency"] == "EUR"


def test_inspect_names_every_layout() -> None:
    code, document, err = _json("inspect", str(HERE))
    assert code == 0, err
    seen = {Path(i["path"]).name: (i["kind"], i["layout"], i["rows"], i["currency"], i["marketplace"])
            for i in document["inputs"]}  # fmt: skip
    assert seen == {
        "de-v2-24col.txt": ("settlement", "v2-24col", 13, "EUR", "DE,FR"),
        "us-v1-36col.txt": ("settlement", "v1-36col", 9, "USD", "US"),  # its summary row is cut short
        "us-v2-23col.txt": ("settlement", "v2-23col", 9, "USD", "US"),
        "us-v2-24col.txt": ("settlement", "v2-24col", 45, "USD", "US"),
        "us-v2-damaged.txt": ("settlement", "v2-24col", 5, "USD", "US"),
    }


def test_v1_and_v2_of_one_settlement_count_once() -> None:
    _, alone, _ = _json("kpis", V2_23)
    _, legacy, _ = _json("kpis", V1)
    code, both, err = _json("kpis", V2_23, V1)
    assert code == 0, err
    names = ("gross_sales", "units_sold", "referral_fees", "fba_fees", "taxes", "other_fees", "net_proceeds")
    expected = {"gross_sales": D("31.99"), "units_sold": 2, "referral_fees": D("4.80"), "fba_fees": D("6.89"),
                "taxes": D("0.00"), "other_fees": D("5.00"), "net_proceeds": D("15.30")}  # fmt: skip
    assert _totals(alone, *names) == _totals(legacy, *names) == _totals(both, *names) == expected
    note = f"{V1} is another download of settlement 24688001232, already read from {V2_23}: counted once"
    assert f"warning: {note}" in err
    assert [i["counted"] for i in both["inputs"]] == [True, False]


def test_two_settlements_add(tmp_path: Path) -> None:
    code, document, err = _json("kpis", US, V2_23)  # 2–14 March and 16–20 March, sharing a boundary week
    assert code == 0, err
    assert document["total"]["metrics"]["net_proceeds"] == D("97.88") + D("15.30")


def test_damaged_settlement_warns_with_both_figures() -> None:
    result = flywheel("kpis", DAMAGED)
    assert result.code == 0
    assert (
        f"warning: {DAMAGED}: settlement 24688001299 does not add up: its amount rows sum to 36.84, its summary "
        "row's total-amount is 40.06 (difference 3.22)"
    ) in result.err
    _, document, _ = _json("kpis", DAMAGED)
    assert document["total"]["metrics"]["net_proceeds"] == D("36.84")  # what the rows hold, not the total


def test_payments_and_settlement_of_the_same_days_stop(tmp_path: Path) -> None:
    payments = _payments(tmp_path / "payments-march.csv", "Mar 9, 2026")
    result = flywheel("kpis", payments, US)
    assert result.code == 2
    assert payments in result.err and US in result.err
    assert "2026-03-09..2026-03-09" in result.err
    assert "hint: give one of them, or use --period to pick days only one covers" in result.err
    # Days only the settlement covers: its rows count, the Payments report's day is outside the period.
    code, document, err = _json("kpis", payments, US, "--period", "2026-03-10..2026-03-14")
    assert code == 0, err
    assert document["total"]["metrics"]["gross_sales"] == D("79.96") + D("177.00")


def test_payments_and_settlement_of_other_days_add(tmp_path: Path) -> None:
    payments = _payments(tmp_path / "payments-april.csv", "Apr 20, 2026")
    code, document, err = _json("kpis", payments, US)
    assert code == 0, err
    assert _totals(document, "gross_sales", "units_sold", "net_proceeds") == {
        "gross_sales": D("450.94") + D("19.99"),
        "units_sold": 15,
        "net_proceeds": D("97.88") + D("13.32"),
    }


def test_an_amount_row_without_a_posted_date_is_located(tmp_path: Path) -> None:
    lines = Path(V2_23).read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[2].split("\t")
    cells[16] = cells[17] = ""  # posted-date, posted-date-time
    lines[2] = "\t".join(cells)
    broken = tmp_path / "settlement.txt"
    broken.write_text("".join(lines), encoding="utf-8")
    result = flywheel("kpis", str(broken))
    assert result.code == 2
    assert f"{broken}:3:17: error: a posted date was expected in column 'posted-date'" in result.err
    assert "hint:" in result.err


def test_a_folder_copy_of_a_settlement_is_read_once(tmp_path: Path) -> None:
    shutil.copy(US, tmp_path / "a.txt")
    shutil.copy(US, tmp_path / "b.txt")
    code, document, err = _json("kpis", str(tmp_path))
    assert code == 0, err
    assert document["total"]["metrics"]["net_proceeds"] == D("97.88")


def test_fba_units_are_the_afn_items_once_each() -> None:
    ledger = Ledger()
    fold = SettlementFold(ledger, Window(), None)
    fold.run(open_report(US).records())
    parts: dict[str, Any] = {}
    for values in ledger.parts.values():
        for name, value in values.items():
            parts[name] = parts.get(name, 0) + value
    # AFN items 2 + 2 + 4 + 3 (the MFN candle order's 3 are not FBA); every amount row in net proceeds
    assert (parts["units_sold"], parts["units_sold_fba"], parts["net_proceeds"]) == (14, 11, D("97.88"))
    assert fold.settlements == {"24688001231"}
    assert fold.warnings(US) == [
        f"{US}: 1 amount row of a type flywheel does not know, kept in other_fees: "
        "other-transaction / LiquidationsBrokerageFee (1)"
    ]


def test_the_decimal_mark_is_learnt_from_amounts() -> None:
    assert sample_decimal_comma(["", "1141,18", "-0,50", "0"]) is True
    assert sample_decimal_comma(["-8.69", "1,052.64", "12"]) is False
    assert sample_decimal_comma(["0", "12", "1,234", ""]) is None  # nothing shows the mark


DIGITS = st.sampled_from(["", "1", "12", "123", "1234", "٣٣٣", "0000", "99"]) | st.text(
    alphabet="0123456789٣", max_size=4
)
AMOUNTS = st.tuples(
    st.sampled_from(["", "-", "--"]),
    DIGITS,
    st.lists(st.tuples(st.sampled_from([",", "."]), DIGITS), max_size=3),
    st.sampled_from(["", ",", "."]),
    DIGITS,
).map(lambda p: p[0] + p[1] + "".join(sep + digits for sep, digits in p[2]) + p[3] + p[4])


BOUNDARIES = [
    "1234.123,45", "123.123,45", "1.123,4", "1.1234,45", "1.123,456", "12,345", "-1,5", "--1,5", "1,", ",5",
    "1.123.456,78", "1.12.456,78", "1234,56", "٣,٣", "-1.234,56", "1,234.56", "1,234,56", " 1,5",
]  # fmt: skip


@pytest.mark.parametrize("text", BOUNDARIES)
@pytest.mark.parametrize("comma", [True, False])
def test_decimal_mark_boundaries_are_seen_as_the_expression_sees_them(text: str, comma: bool) -> None:
    assert_as_the_expression(text, comma)


@settings(max_examples=1000, deadline=None)
@given(text=AMOUNTS | st.text(alphabet="0123456789٣१.,- ", max_size=12), comma=st.booleans())
def test_a_decimal_mark_is_seen_as_the_expression_sees_it(text: str, comma: bool) -> None:
    assert_as_the_expression(text, comma)


def assert_as_the_expression(text: str, comma: bool) -> None:
    mark, group = (",", ".") if comma else (".", ",")
    expression = rf"-?(?:\d{{1,3}}(?:{re.escape(group)}\d{{3}})+|\d+){re.escape(mark)}\d{{1,2}}"
    assert shows_decimals(text, mark, group) == bool(re.fullmatch(expression, text))
