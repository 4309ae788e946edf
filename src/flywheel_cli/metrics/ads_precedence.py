"""The Ads precedence, bucket by bucket: which spans of which reports count (metrics/ads_fold.py).

Within an ad product, a bucket (a report's rows of one marketplace and day range) of a less granular
report counts only where no more granular report's counted buckets cover its days in its marketplace.
A row partly covered cannot be split: it is left out, with a warning; so is one that shares days with
a report whose marketplace is unknown (either could be the other's spend). Written in
docs/metrics.md, "Sources", and docs/decisions.md.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

# (source, marketplace, first day, last day): what the precedence decides on, a bucket's span
AdsSpan = tuple[str, str | None, date | None, date | None]


def choose(
    spans: Iterable[AdsSpan],
    product_of: Mapping[str, str],
    precedence: Mapping[str, tuple[str, ...]],
    kind_of: Mapping[str, str],
) -> tuple[set[AdsSpan], list[str]]:
    """(the spans that do not count, the warnings for spend left out that no other report holds). Per
    ad product, sources most granular first: a span is kept when no counted span of a more granular
    source shares a day of its marketplace (or one of the two marketplaces is unknown)."""
    by_product: dict[str, dict[str, list[AdsSpan]]] = {}
    for span in set(spans):
        if span[0] in product_of:
            by_product.setdefault(product_of[span[0]], {}).setdefault(span[0], []).append(span)
    left_out: set[AdsSpan] = set()
    notes: dict[tuple[str, str | None, str], list[date]] = {}  # (kind, market, why) → first/last days
    for product, by_source in by_product.items():
        cover = _Cover()
        better: list[str] = []  # the more granular kinds given, that count somewhere
        for source in precedence[product]:
            kept = []
            for span in by_source.get(source, ()):
                first, last = _days(span)
                overlapping = cover.overlapping(span[1], first, last)
                if not overlapping:
                    kept.append(span)
                    continue
                left_out.add(span)
                markets = {market for market, _, _ in overlapping}
                if markets != {span[1]}:
                    why = "unknown-market"
                elif not any(start <= first and last <= end for _, start, end in overlapping):
                    why = "partial"
                else:
                    continue  # the same spend as the more granular report's: left out, nothing lost
                held = notes.setdefault((kind_of[source], span[1], why + "|" + " or ".join(better)), [])
                held += [first, last]
            if kept:
                better.append(kind_of[source])
                cover.add(kept)
    return left_out, [
        _note(kind, market, why, days) for (kind, market, why), days in sorted(notes.items(), key=str)
    ]


def _days(span: AdsSpan) -> tuple[date, date]:
    """First and last day of a span; an undated one could be any day."""
    if span[2] is None:
        return date.min, date.max
    return span[2], span[3] or span[2]


def _note(kind: str, market: str | None, why: str, days: list[date]) -> str:
    reason, better = why.split("|", 1)
    where = f" ({market})" if market else ""
    dated = [day for day in days if day not in {date.min, date.max}]
    when = f" for {min(dated)}..{max(dated)}" if dated else ""
    if reason == "partial":
        return (
            f"{kind} rows{where}{when} span days the more granular {better} report does not cover, "
            f"and a row cannot be split: left out, so their spend on those days is not counted "
            f"(download the {kind} report by day, or the {better} report for the same days)"
        )
    return (
        f"{kind} rows{where}{when} share days with the more granular {better} report, and one of the two names "
        "no marketplace: left out, as they may hold the same spend (name each file's marketplace under "
        "marketplaces: in flywheel.yaml)"
    )


class _Cover:
    """The days each marketplace's counted buckets of the more granular reports cover, merged."""

    def __init__(self) -> None:
        self.ranges: dict[str | None, list[tuple[date, date]]] = {}

    def add(self, spans: Iterable[AdsSpan]) -> None:
        for span in spans:
            self.ranges.setdefault(span[1], []).append(_days(span))
        for market, ranges in self.ranges.items():
            merged: list[tuple[date, date]] = []
            for start, end in sorted(ranges):
                if merged and (merged[-1][1] == date.max or start <= merged[-1][1] + timedelta(1)):
                    merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
                else:
                    merged.append((start, end))
            self.ranges[market] = merged

    def overlapping(self, market: str | None, first: date, last: date) -> list[tuple[str | None, date, date]]:
        """The covered ranges that share a day with first..last, in the same marketplace or where one
        of the two is unknown (None): those could be the same spend."""
        found = []
        for held, ranges in self.ranges.items():
            if held == market or held is None or market is None:
                lo = bisect.bisect_left(ranges, (first, date.min))
                lo -= lo > 0 and ranges[lo - 1][1] >= first
                for start, end in ranges[lo:]:
                    if start > last:
                        break
                    if end >= first:
                        found.append((held, start, end))
        return found
