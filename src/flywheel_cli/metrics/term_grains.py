"""`kpis --by search-term` and `kpis --by targeting`: the Ads parts of each customer search term, or
of each target (keyword, product or audience target), summed over campaigns and ad groups.

The ledger's key has neither, so `_fold_ads` also keeps the Ads parts of the search-term and
targeting reports in `Ledger.ad_terms`, by (source, marketplace, text, match type, first day, last
day); duplicates and overlapping downloads are taken out of it as out of the campaign parts
(ads_fold.absorb_campaigns). A row is one ad product's term or target: the same text in two
campaigns, ad groups or match types of Sponsored Products is one row (a summary: which campaign to
add a negative to is `flywheel ads terms`' view), and in Sponsored Brands it is another row. A target
is its text and its match type (`ceramic mug` exact and phrase are two bids). The rows of an ad
product add up to its search-term (targeting) report's total: no precedence applies between them,
as one report kind per ad product carries the grain (docs/metrics.md, "Grains").
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from flywheel_cli.core.errors import UsageError

if TYPE_CHECKING:
    from flywheel_cli.metrics.fold import Ledger

SEARCH_TERM, TARGETING = "search-term", "targeting"
# ledger source → (the grain it carries, its ad product)
TERM_SOURCES = {
    "ads-term": (SEARCH_TERM, "SP"), "ads-sb-term": (SEARCH_TERM, "SB"),
    "ads-sp-target": (TARGETING, "SP"), "ads-sb-keyword": (TARGETING, "SB"), "ads-sd-targeting": (TARGETING, "SD"),
}  # fmt: skip
REASONS = {
    SEARCH_TERM: "only the search-term reports carry search terms",
    TARGETING: "only the targeting reports carry targets",
}
_DOWNLOAD = {
    SEARCH_TERM: "download the Sponsored Products search term report (ads-sp-search-term) or the Sponsored "
    "Brands one (ads-sb-search-term) from Amazon Ads > Measurement & Reporting > Sponsored ads reports",
    TARGETING: "download the Sponsored Products targeting report (ads-sp-targeting), the Sponsored Brands "
    "keyword report (ads-sb-keyword) or the Sponsored Display targeting report (ads-sd-targeting) from "
    "Amazon Ads > Measurement & Reporting > Sponsored ads reports",
}
# (source, marketplace, term or target, match type, first day, last day)
TermKey = tuple[str, str | None, str | None, str | None, date | None, date | None]


def term_key(
    source: str, market: str | None, row: Any, start: date | None, end: date | None
) -> TermKey | None:
    """Where an Ads row's parts go in `Ledger.ad_terms`; None for a report that carries neither grain.
    Search terms are compared without case (Amazon writes them in lower case); a target keeps its case
    (`asin="B0…"`), spaces collapsed. A row without a term or target goes to the row of none."""
    grain = TERM_SOURCES.get(source, ("", ""))[0]
    if grain == SEARCH_TERM:
        text = " ".join((row.search_term or "").casefold().split()) or None
        return (source, market, text, None, start, end)
    if grain == TARGETING:
        text = " ".join((row.targeting or "").split()) or None
        match = (row.match_type or "").strip().casefold()
        return (source, market, text, match if match not in {"", "-"} else None, start, end)
    return None


def add_term(ledger: Ledger, key: TermKey, parts: Iterable[tuple[str, Any]]) -> None:
    add_figures(ledger.ad_terms, key, parts)


def add_figures(table: dict[Any, dict[str, Any]], key: Any, parts: Iterable[tuple[str, Any]]) -> None:
    """Add an Ads row's figures to `table[key]` (by campaign, by term or target); an absent one is not 0."""
    bucket = table.setdefault(key, {})
    for name, value in parts:
        if value is not None:
            bucket[name] = bucket.get(name, 0) + value


def term_rows(ledger: Ledger, grain: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(scope, Ads parts) of each row of `--by search-term` / `--by targeting`: most spend first, the
    row without a term last. Refused (exit 2) when no input carries the grain, or amounts were
    converted (the parts are kept in the reports' own currencies, as the campaign parts are)."""
    if not {source for source, (carried, _) in TERM_SOURCES.items() if carried == grain} & ledger.sources:
        raise UsageError(f"--by {grain}: none of the inputs is a {grain} report; {REASONS[grain]}",
                         hint=_DOWNLOAD[grain])  # fmt: skip
    if ledger.converted:
        raise UsageError(
            f"--by {grain} adds the Ads reports' amounts as reported: it reads one currency at a time",
            hint="read one marketplace's reports at a time, or drop `currency:` from flywheel.yaml",
        )
    rows: dict[tuple[str, str | None, str | None], dict[str, Any]] = {}
    for (source, _, text, match, _, _), parts in ledger.ad_terms.items():
        carried, product = TERM_SOURCES[source]
        if carried != grain:
            continue
        row = rows.setdefault((product, text, match), {})
        for name, value in parts.items():
            if name not in ledger.absent:
                row[name] = row.get(name, 0) + value
    field = grain.replace("-", "_")

    def order(item: tuple[tuple[str, str | None, str | None], dict[str, Any]]) -> tuple[Any, ...]:
        (product, text, match), parts = item
        return (text is None, -Decimal(parts.get("ad_spend") or 0), text or "", product, match or "")

    return [
        ({field: text, **({"match_type": match} if grain == TARGETING else {}), "ad_product": product}, parts)
        for (product, text, match), parts in sorted(rows.items(), key=order)
    ]
