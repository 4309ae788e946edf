"""Seller feedback (`seller-feedback`, the Feedback Manager download): read in English and German, counted
for the account, over the inputs' whole span and the 30/90/365 days up to their last date, and checked by
the opt-in `customer-service` pack. Expected values are worked out by hand from the fixtures
(tests/fixtures/reports/seller-feedback/manifest.yaml lists the rows)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from tests.conftest import FIXTURES, flywheel

D = Decimal
FEEDBACK = FIXTURES / "reports" / "seller-feedback"
US = str(FEEDBACK / "us-feedback.txt")
DE = str(FEEDBACK / "de-feedback.txt")
NAMES = ("feedback_count", "negative_feedback_count", "negative_feedback_share", "negative_feedback_unanswered",
         "negative_feedback_share_30d", "negative_feedback_share_90d", "negative_feedback_share_365d")  # fmt: skip

# us-feedback.txt (M/D/YY), last date 2026-03-31; negative = 1–2 stars, "answered" = Your Response filled:
#   3/31/26 5 · 3/20/26 1 unanswered · 3/10/26 2 answered · 2/15/26 4 · 1/5/26 1 unanswered ·
#   11/20/25 3 · 6/1/25 2 unanswered · 3/1/25 5
# 30 days (after 2026-03-01): 3 ratings, 2 negative. 90 days (after 2025-12-31): 5, 3.
# 365 days (after 2025-03-31): 7, 4 (3/1/25 is outside).
US_TOTAL = {
    "feedback_count": 8,
    "negative_feedback_count": 4,
    "negative_feedback_share": D("0.5"),
    "negative_feedback_unanswered": 3,
    "negative_feedback_share_30d": D("0.666667"),  # 2/3
    "negative_feedback_share_90d": D("0.6"),  # 3/5
    "negative_feedback_share_365d": D("0.571429"),  # 4/7
}


def _kpis(*args: str) -> tuple[int, dict[str, Any], str]:
    result = flywheel("kpis", *args, "--format", "json")
    document = json.loads(result.out, parse_float=D) if result.out else {}
    return result.code, document, result.err


def _pick(metrics: dict[str, Any]) -> dict[str, Any]:
    return {name: metrics[name] for name in NAMES}


def test_us_feedback_counts_negative_ratings_and_their_share_over_each_window() -> None:
    code, document, err = _kpis(US)
    assert (code, err) == (0, "")
    assert _pick(document["total"]["metrics"]) == US_TOTAL
    assert (document["period"]["start"], document["period"]["end"]) == ("2025-03-01", "2026-03-31")


def test_german_headers_and_day_first_dates() -> None:
    # 28.2.26 5 · 14.2.26 1 unanswered · 3.2.26 2 answered · 20.1.26 4; last date 2026-02-28.
    # 30 days (after 2026-01-29): 3 ratings, 2 negative; 90 and 365 days: all 4, 2 negative.
    code, document, err = _kpis(DE)
    assert (code, err) == (0, "")
    assert _pick(document["total"]["metrics"]) == {
        "feedback_count": 4, "negative_feedback_count": 2, "negative_feedback_share": D("0.5"),
        "negative_feedback_unanswered": 1, "negative_feedback_share_30d": D("0.666667"),
        "negative_feedback_share_90d": D("0.5"), "negative_feedback_share_365d": D("0.5"),
    }  # fmt: skip


def test_a_period_counts_its_rows_and_its_windows_end_at_its_last_day() -> None:
    # 2026-01-01..2026-03-31: 3/31 5, 3/20 1, 3/10 2, 2/15 4, 1/5 1 → 5 ratings, 3 negative, 2 unanswered.
    code, document, err = _kpis(US, "--period", "2026-01-01..2026-03-31")
    assert (code, err) == (0, "")
    metrics = document["total"]["metrics"]
    assert (metrics["feedback_count"], metrics["negative_feedback_unanswered"]) == (5, 2)
    assert (metrics["negative_feedback_share"], metrics["negative_feedback_share_30d"]) == (
        D("0.6"),
        D("0.666667"),
    )


def test_by_month_splits_the_counts() -> None:
    code, document, err = _kpis(US, "--by", "month")
    assert (code, err) == (0, "")
    rows = {row["scope"]["month"]: row["metrics"]["negative_feedback_count"] for row in document["rows"]}
    assert rows == {"2025-03": 0, "2025-06": 1, "2025-11": 0, "2026-01": 1, "2026-02": 0, "2026-03": 2}


def test_inspect_reads_the_header_language() -> None:
    result = flywheel("inspect", US, DE, "--format", "json")
    assert (result.code, result.err) == (0, "")
    inputs = [(i["kind"], i["layout"], i["language"], i["rows"]) for i in json.loads(result.out)["inputs"]]
    assert inputs == [("seller-feedback", "feedback", "en", 8), ("seller-feedback", "feedback", "de", 4)]


def test_check_customer_service_warns_on_unanswered_negative_feedback() -> None:
    result = flywheel("check", US, "--rules", "customer-service", "--format", "json")
    assert (result.code, result.err) == (0, "0 errors, 1 warning, 0 passed, 0 skipped\n")
    findings = json.loads(result.out)["findings"]
    assert [(f["rule"], f["severity"], f["message"]) for f in findings] == [
        ("negative-feedback-unanswered", "warning", "3 negative ratings (1-2 stars) without a response")
    ]


def test_a_rating_that_is_not_a_number_is_a_located_error() -> None:
    bad = FEEDBACK / "us-feedback.txt"
    text = bad.read_text(encoding="utf-8").replace("3/20/26\t1\t", "3/20/26\tone\t")
    result = flywheel("kpis", "-", stdin=text)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(
        "-:3:2: error: a whole number was expected in column 'Rating', found 'one'\nhint: "
    )
