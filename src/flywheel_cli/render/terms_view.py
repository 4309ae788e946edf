"""`flywheel ads terms` output: the summary, the negative candidates by the spend they save, the
harvest candidates, then the core terms' two-week impressions (docs/analyses.md).

Terms, campaigns and amounts are never cut (`keep` / right-aligned columns, render/fit.py); a screen
too narrow for a table shows it stacked. `--format csv` writes the negative candidates as rows named
after the Amazon Ads bulk sheet's columns (docs/analyses.md, "Bulk sheet").
"""

from __future__ import annotations

from typing import Any

from flywheel_cli.analyses.search_terms import ASIN_TERM, HARVEST_MIN_ORDERS, Term, TermsResult
from flywheel_cli.render import machine
from flywheel_cli.render.document import Document
from flywheel_cli.render.formats import Format
from flywheel_cli.render.human import Column, HumanTable
from flywheel_cli.render.numbers import NONE, count, money, percent

BULK_COLUMNS = ["Product", "Entity", "Operation", "Campaign ID", "Ad Group ID", "Campaign Name", "Ad Group Name",
                "State", "Keyword Text", "Match Type", "Product Targeting Expression"]  # fmt: skip
BULK_PRODUCT = {"SP": "Sponsored Products", "SB": "Sponsored Brands"}


def document(result: TermsResult) -> Document:
    tables = [summary_table(result), *negative_tables(result), harvest_table(result), trend_table(result)]
    return Document(
        result.schema,
        result.body(),
        result.to_records(),
        tables,
        extra={Format.CSV: lambda: machine.csv_text(bulk_rows(result), BULK_COLUMNS)},
    )


def summary_table(result: TermsResult) -> HumanTable:
    summary, currency = result.summary(), result.currency
    spend, wasted = summary["spend"], summary["wasted_spend"]
    share = wasted / spend if wasted is not None and spend else None
    rows = [
        ["spend", money(spend, currency)],
        ["wasted spend (no orders)", f"{money(wasted, currency)} ({percent(share)} of spend)"],
        ["savings (negative candidates)", money(summary["savings"], currency)],
        ["negative candidates", count(summary["negative_candidates"])],
        ["harvest candidates", count(summary["harvest_candidates"])],
        ["terms", count(len(result.terms))],
        ["account ACoS", percent(result.account_acos)],
    ]
    start, end = result.period
    counted = sum(1 for s in result.inputs if s.counted)
    notes = [
        f"period {start or '?'} → {end or '?'}; {counted} search-term report{'s' if counted != 1 else ''} counted",
        f"negative: no orders and at least {result.min_clicks} clicks (--min-clicks); harvest: automatic, broad or "
        f"phrase targeting, {HARVEST_MIN_ORDERS}+ orders at an ACoS at or under the account's, not yet an exact "
        "keyword",
        *result.warnings,
    ]
    columns = [Column("", keep=True), Column("", "right")]
    return HumanTable("Search terms", columns, rows, notes=notes, show_header=False)


def negative_tables(result: TermsResult) -> list[HumanTable]:
    currency = result.currency
    groups = [[g.campaign or NONE, g.ad_group or NONE, count(len(g.terms)), money(g.savings, currency)]
              for g in result.negatives]  # fmt: skip
    terms = [[t.campaign or NONE, t.ad_group or NONE, t.term, count(t.clicks), money(t.spend, currency)]
             for group in result.negatives for t in group.terms]  # fmt: skip
    title = "Negative candidates by ad group: the spend they would save"
    if not groups:
        none = f"none: no term without orders has {result.min_clicks} clicks or more"
        return [HumanTable(title, [Column("")], [], notes=[none], show_header=False)]
    by_group = HumanTable(
        title,
        [Column("campaign", keep=True), Column("ad group", keep=True), Column("terms", "right"),
         Column("savings", "right")],
        groups,
        footer=["total", "", count(len(terms)), money(result.summary()["savings"], currency)],
    )  # fmt: skip
    listed = HumanTable(
        "Negative candidates (add as negative exact; --format csv writes them as bulk sheet rows)",
        [Column("campaign", keep=True), Column("ad group", keep=True), Column("term", keep=True),
         Column("clicks", "right"), Column("spend", "right")],
        terms,
    )  # fmt: skip
    return [by_group, listed]


def harvest_table(result: TermsResult) -> HumanTable:
    currency = result.currency
    rows = [[t.campaign or NONE, t.ad_group or NONE, t.term, t.match_type or NONE, count(t.orders),
             money(t.sales, currency), percent(t.acos), money(t.spend, currency)]
            for t in result.terms if t.action == "harvest"]  # fmt: skip
    title = "Harvest candidates: add as exact keywords in a manual campaign"
    if not rows:
        return HumanTable(title, [Column("")], [], notes=["none"], show_header=False)
    columns = [Column("campaign", keep=True), Column("ad group", keep=True), Column("term", keep=True),
               Column("from", keep=True), Column("orders", "right"), Column("sales", "right"),
               Column("ACoS", "right"), Column("spend", "right")]  # fmt: skip
    return HumanTable(title, columns, rows)


def trend_table(result: TermsResult) -> HumanTable:
    trend, currency = result.trend, result.currency
    if trend.prior and trend.recent:
        title = (f"Core terms' impressions: {trend.recent[0]}..{trend.recent[1]} against "
                 f"{trend.prior[0]}..{trend.prior[1]}")  # fmt: skip
    else:
        title = "Core terms' impressions: the last two weeks against the two before"
    rows = [[t.term, money(t.spend, currency), count(t.orders), count(t.prior), count(t.recent), _signed(t.change),
             percent(t.change_ratio)] for t in trend.terms]  # fmt: skip
    columns = [Column("term", keep=True), Column("spend", "right"), Column("orders", "right"),
               Column("prior 2 weeks", "right"), Column("last 2 weeks", "right"), Column("change", "right"),
               Column("change %", "right")]  # fmt: skip
    notes = ["core: the 5 terms with the most spend and the 5 with the most orders"]
    if trend.reason:
        notes.append(f"impressions empty: {trend.reason}")
    return HumanTable(title, columns, rows, notes=notes)


def _signed(value: int | None) -> str:
    return NONE if value is None else f"{value:+,}"


def bulk_rows(result: TermsResult) -> list[dict[str, Any]]:
    """One bulk sheet row per negative candidate: a negative exact keyword in its ad group, or a
    negative product target for an ASIN search. IDs are left empty: the search-term report has none."""
    rows = []
    for group in result.negatives:
        for term in group.terms:
            rows.append(_bulk_row(term))
    return rows


def _bulk_row(term: Term) -> dict[str, Any]:
    product_search = term.match_type in {"auto", "product"} and ASIN_TERM.match(term.term) is not None
    return {
        "Product": BULK_PRODUCT[term.ad_product],
        "Entity": "Negative Product Targeting" if product_search else "Negative Keyword",
        "Operation": "Create",
        "Campaign ID": None,
        "Ad Group ID": None,
        "Campaign Name": term.campaign,
        "Ad Group Name": term.ad_group,
        "State": "enabled",
        "Keyword Text": None if product_search else term.term,
        "Match Type": None if product_search else "negativeExact",
        "Product Targeting Expression": f'asin="{term.term.upper()}"' if product_search else None,
    }
