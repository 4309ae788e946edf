"""`flywheel ads terms`: search-term waste, negative-keyword and harvest candidates (docs/analyses.md).

Terms are summed per (ad product, campaign, ad group, term, match type) over the counted rows
(analyses/term_inputs.py). Thresholds, and where they come from:

- wasted spend: the spend of terms with no orders in the inputs;
- a negative candidate: no orders and at least `min_clicks` clicks (default 10); its spend is
  what adding it as a negative exact keyword would save;
- a harvest candidate: a term reached by automatic targeting or a broad/phrase keyword with at
  least `HARVEST_MIN_ORDERS` orders and an ACoS at or under the inputs' own, that no exact keyword
  in the inputs targets yet (the auto → manual exact step of the operations article's
  auto + manual + brand structure).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from flywheel_cli.analyses.term_inputs import TermRows
from flywheel_cli.analyses.term_trend import Trend, core_trend
from flywheel_cli.core.results import InputSummary, Skipped
from flywheel_cli.metrics.catalogue import ratio
from flywheel_cli.metrics.fold import AUTO_TARGETING, Window
from flywheel_cli.metrics.rollup import present
from flywheel_cli.reports.kinds.ads import AdRow

DEFAULT_MIN_CLICKS = 10
HARVEST_MIN_ORDERS = 2
HARVESTED_FROM = {"auto": "automatic targeting", "broad": "a broad keyword", "phrase": "a phrase keyword"}
PRODUCT = {"ads-sp-search-term": "SP", "ads-sb-search-term": "SB"}
ASIN_TERM = re.compile(r"^b0[0-9a-z]{8}$", re.IGNORECASE)  # a shopper searching a product's ASIN


@dataclass(frozen=True, slots=True)
class Term:
    """One search term of an ad group and match type, summed over the counted rows; its action and why."""

    ad_product: str  # SP | SB
    campaign: str | None
    ad_group: str | None
    term: str
    match_type: str | None  # exact | phrase | broad | auto | product | as written | None
    impressions: int | None
    clicks: int | None
    spend: Decimal | None
    orders: int | None
    sales: Decimal | None
    action: str | None = None  # negative | harvest | None
    reason: str | None = None

    @property
    def acos(self) -> Decimal | None:
        return ratio(self.spend, self.sales)

    def to_record(self) -> dict[str, Any]:
        return {
            "campaign": self.campaign, "ad_group": self.ad_group, "term": self.term, "match_type": self.match_type,
            "ad_product": self.ad_product, "impressions": self.impressions, "clicks": self.clicks,
            "spend": self.spend, "orders": self.orders, "sales": self.sales, "acos": present("ratio", self.acos),
            "action": self.action, "reason": self.reason,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class NegativeGroup:
    """The negative candidates of one ad group, and the spend they would save."""

    ad_product: str
    campaign: str | None
    ad_group: str | None
    terms: tuple[Term, ...]

    @property
    def savings(self) -> Decimal:
        return sum((term.spend or Decimal(0) for term in self.terms), Decimal(0))  # a negative has a spend

    def to_record(self) -> dict[str, Any]:
        return {"campaign": self.campaign, "ad_group": self.ad_group, "ad_product": self.ad_product,
                "savings": self.savings, "terms": [term.term for term in self.terms]}  # fmt: skip


@dataclass(frozen=True, slots=True)
class TermsResult:
    """`flywheel ads terms`: the terms by spend, the negatives by ad group, and the core terms' trend."""

    terms: tuple[Term, ...]  # by spend, largest first
    negatives: tuple[NegativeGroup, ...]  # by savings, largest first
    trend: Trend
    inputs: tuple[InputSummary, ...]
    currency: str | None
    min_clicks: int
    account_acos: Decimal | None  # Σ spend / Σ sales of every term: the harvest's ACoS bar
    period: tuple[Any, Any] = (None, None)
    warnings: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = field(default=())

    schema = "flywheel.ads-terms/1"

    def summary(self) -> dict[str, Any]:
        negatives = [term for term in self.terms if term.action == "negative"]
        return {
            "spend": _total(term.spend for term in self.terms),
            "wasted_spend": None
            if any(term.orders is None for term in self.terms)
            else _total(term.spend for term in self.terms if term.orders == 0),
            "negative_candidates": len(negatives),
            "harvest_candidates": sum(1 for term in self.terms if term.action == "harvest"),
            "savings": sum((group.savings for group in self.negatives), Decimal(0)),
        }

    def to_records(self) -> list[dict[str, Any]]:
        return [term.to_record() for term in self.terms]

    def body(self) -> dict[str, Any]:
        start, end = self.period
        return {
            "period": {
                "start": start.isoformat() if start else None,
                "end": end.isoformat() if end else None,
            },
            "currency": self.currency,
            "min_clicks": self.min_clicks,
            "harvest": {
                "min_orders": HARVEST_MIN_ORDERS,
                "acos_at_most": present("ratio", self.account_acos),
            },
            "terms": self.to_records(),
            "summary": self.summary(),
            "negatives": [group.to_record() for group in self.negatives],
            "trend": self.trend.to_record(),
            "inputs": [summary.to_record() for summary in self.inputs],
            "warnings": list(self.warnings),
        }


def analyse(read: TermRows, window: Window, min_clicks: int = DEFAULT_MIN_CLICKS) -> TermsResult:
    """The terms of the counted rows, each with its action, the groups of negatives, and the trend."""
    sums: dict[tuple[str, str | None, str | None, str, str | None], list[Any]] = {}
    exact: set[str] = set()
    for kind, row, times in read.rows:
        match = match_kind(row)
        if match == "exact" and row.targeting:
            exact.add(normal(row.targeting))
        if row.search_term is None:
            continue
        key = (PRODUCT[kind], row.campaign_name, row.ad_group_name, row.search_term, match)
        _add(sums.setdefault(key, [0, 0, Decimal(0), 0, Decimal(0)]), row, times)
    raw = [Term(*key, *figures) for key, figures in sums.items()]
    account = ratio(_total(term.spend for term in raw), _total(term.sales for term in raw))
    terms = sorted((judge(term, min_clicks, account, exact) for term in raw),
                   key=lambda t: (-(t.spend or 0), t.campaign or "", t.ad_group or "", t.term, t.match_type or ""))  # fmt: skip
    counted = read.counted
    starts = [item.summary.period_start for item in counted if item.summary.period_start]
    ends = [
        item.summary.period_end or item.summary.period_start for item in counted if item.summary.period_start
    ]
    first = max([d for d in (min(starts, default=None), window.start) if d], default=None)
    last = min([d for d in (max(ends, default=None), window.end) if d], default=None)
    return TermsResult(
        terms=tuple(terms),
        negatives=_groups(terms),
        trend=core_trend(terms, read, window, last),
        inputs=tuple(item.summary for item in read.inputs),
        currency=read.currency,
        min_clicks=min_clicks,
        account_acos=account,
        period=(first, last),
        warnings=read.warnings,
    )


def _total(values: Iterable[Decimal | None]) -> Decimal | None:
    """The sum, or None when one of the values is unknown."""
    total = Decimal(0)
    for value in values:
        if value is None:
            return None
        total += value
    return total


def _add(figures: list[Any], row: AdRow, times: int) -> None:
    """Add a row `times` over; a figure a row lacks makes the term's unknown (absent is never zero)."""
    for index, value in enumerate((row.impressions, row.clicks, row.spend, row.orders, row.sales)):
        held = figures[index]
        figures[index] = None if held is None or value is None else held + value * times


def match_kind(row: AdRow) -> str | None:
    """The match type on one scale across layouts: keyword match types, `auto` for automatic
    targeting (legacy `*`/close-match … with match `-`, API TARGETING_EXPRESSION_PREDEFINED), `product`
    for product and category targets (asin="…", category="…"); another value as written."""
    match = (row.match_type or "").strip().casefold()
    targeting = (row.targeting or "").strip().casefold()
    if match in {"exact", "phrase", "broad"}:
        return match
    if targeting in AUTO_TARGETING or match == "targeting_expression_predefined":
        return "auto"
    if "=" in targeting or match == "targeting_expression":
        return "product"
    return match if match not in {"", "-"} else None


def normal(text: str) -> str:
    return " ".join(text.casefold().split())


def judge(term: Term, min_clicks: int, account: Decimal | None, exact: set[str]) -> Term:
    """The term with its action and the reason for it (or for none)."""
    from dataclasses import replace

    if term.orders is None or term.spend is None:
        missing = "orders" if term.orders is None else "spend"
        return replace(term, reason=f"the report gives no {missing} for this term: it cannot be judged")
    if term.orders == 0:
        if term.clicks is not None and term.clicks >= min_clicks:
            reason = (
                f"{term.clicks} clicks and no orders: add it as a negative exact keyword in this ad group"
            )
            return replace(term, action="negative", reason=reason)
        clicks = "no clicks" if not term.clicks else f"{term.clicks} click{'s' if term.clicks != 1 else ''}"
        return replace(term, reason=f"no orders yet, {clicks} (a negative needs {min_clicks})")
    if term.match_type is None:
        return replace(
            term, reason="converts; the report has no targeting or match type: harvests cannot be judged"
        )
    source = HARVESTED_FROM.get(term.match_type)
    if source is None:
        return term  # an exact keyword or a product target converting: nothing to move
    acos = term.acos
    if term.orders < HARVEST_MIN_ORDERS or acos is None or account is None or acos > account:
        bar = f"{present('ratio', account) * 100:.1f}%" if account is not None else "unknown"
        return replace(term, reason=f"converts from {source}; a harvest needs {HARVEST_MIN_ORDERS}+ orders at an "
                                    f"ACoS at or under the account's ({bar})")  # fmt: skip
    if ASIN_TERM.match(term.term):
        return replace(
            term, reason="converts, but it is a product (ASIN) search: target it as a product, not a keyword"
        )
    if normal(term.term) in exact:
        return replace(term, reason="converts; already targeted as an exact keyword")
    reason = (
        f"{term.orders} orders from {source}, not yet an exact keyword: add it as one in a manual campaign"
    )
    return replace(term, action="harvest", reason=reason)


def _groups(terms: Iterable[Term]) -> tuple[NegativeGroup, ...]:
    groups: dict[tuple[str, str | None, str | None], list[Term]] = {}
    for term in terms:
        if term.action == "negative":
            groups.setdefault((term.ad_product, term.campaign, term.ad_group), []).append(term)
    made = [NegativeGroup(*key, tuple(found)) for key, found in groups.items()]
    return tuple(sorted(made, key=lambda g: (-g.savings, g.campaign or "", g.ad_group or "")))
