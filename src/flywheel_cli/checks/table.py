"""Metric rows for the engine: from the folded reports (`LedgerTable`) or from a rule test's rows
(`CaseTable`). Both answer the same three questions: the rows at a grain, the series of a streak,
and why a metric is missing everywhere."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from flywheel_cli.checks.spec import Where
from flywheel_cli.checks.where import Member, member_matches
from flywheel_cli.metrics.buckets import Buckets
from flywheel_cli.metrics.fold import Key, Ledger
from flywheel_cli.metrics.rollup import (
    SCOPE_FIELD,
    TIME_GRAINS,
    Grain,
    Maps,
    group_key,
    left_out,
    metrics_of,
    rollup,
    rollup_series,
)


@dataclass(eq=False)
class Row:
    """A row the rules see: its scope, the members it was summed from, its metrics (each looked up once)."""

    scope: dict[str, Any]
    members: frozenset[Member]
    lookup: Callable[[str], Any]
    period: str | None = None
    _cache: dict[str, Any] = field(default_factory=dict)

    def value(self, metric: str) -> Any:
        if metric not in self._cache:
            self._cache[metric] = self.lookup(metric)
        return self._cache[metric]


Series = dict[tuple[tuple[str, Any], ...], list[tuple[int, Row]]]  # scope → [(period ordinal, row)], in order


class Table(Protocol):
    def rows(self, grain: Grain, where: Where | None) -> list[Row]: ...

    def series(self, grain: Grain, period: Grain, where: Where | None) -> Series: ...

    def reason(self, metric: str) -> str | None: ...


def ordinal(label: str, grain: Grain) -> int:
    """A period label (`2026-10-05`, `2026-W41`, `2026-10`) as a number; consecutive periods differ by 1."""
    if grain is Grain.DAY:
        return date.fromisoformat(label).toordinal()
    if grain is Grain.WEEK:
        year, week = label.split("-W")
        return date.fromisocalendar(int(year), int(week), 1).toordinal() // 7
    year, month = label.split("-")[:2]
    return int(year) * 12 + int(month)


def scope_of(grain: Grain, key: Any) -> dict[str, Any]:
    return {} if grain is Grain.ACCOUNT else {SCOPE_FIELD[grain]: key}


class LedgerTable:
    """Rows rolled up from the ledger; `where` keeps only the parts that match before rolling up."""

    def __init__(
        self, ledger: Ledger, maps: Maps, tags: Mapping[str, Sequence[str]], unavailable: Mapping[str, str]
    ) -> None:
        self.ledger = ledger
        self.maps = maps
        self.tags = tags
        self.unavailable = unavailable
        self._members: dict[Key, Member] = {}
        self._filtered: dict[Where, Ledger] = {}
        self._rows: dict[tuple[Any, ...], Any] = {}  # rules at the same grain and scope share their rows

    def reason(self, metric: str) -> str | None:
        return self.unavailable.get(metric)

    def member(self, key: Key) -> Member:
        found = self._members.get(key)
        if found is None:
            _, market, sku, asin, *_ = key
            asin = asin or (self.maps.sku_asin.get(sku) if sku else None)
            tags = frozenset(
                tag
                for pattern, names in self.tags.items()
                if sku and fnmatch.fnmatchcase(sku, pattern)
                for tag in names
            )
            found = self._members[key] = Member(market, sku, asin, self.maps.category(sku), tags)
        return found

    def _ledger(self, where: Where | None) -> Ledger:
        if where is None:
            return self.ledger
        cache_key = where
        found = self._filtered.get(cache_key)
        if found is None:
            parts = Buckets(
                (key, p) for key, p in self.ledger.parts.items() if member_matches(where, self.member(key))
            )
            found = Ledger(
                parts=parts, sources={key[0] for key in parts}, sku_asin=self.ledger.sku_asin,
                asin_parent=self.ledger.asin_parent, sku_group=self.ledger.sku_group, markets=self.ledger.markets,
            )  # fmt: skip
            self._filtered[cache_key] = found
        return found

    def _members_by_group(
        self, ledger: Ledger, grain: Grain, excluded: Callable[[Key], bool]
    ) -> dict[Any, frozenset[Member]]:
        members: dict[Any, set[Member]] = {}
        for key in ledger.parts:
            if not excluded(key):
                members.setdefault(group_key(grain, key, self.maps), set()).add(self.member(key))
        return {group: frozenset(found) for group, found in members.items()}

    def rows(self, grain: Grain, where: Where | None) -> list[Row]:
        cache_key = ("rows", grain, where)
        if cache_key not in self._rows:
            ledger = self._ledger(where)
            groups: dict[str | None, dict[str, Any]]
            if grain in TIME_GRAINS:  # the same daily (weekly, monthly) data a `for:` streak reads
                series = rollup_series(ledger, Grain.ACCOUNT, grain, self.maps)
                groups = {when: parts for (_, when), parts in series.items()}
                members = self._members_by_group(ledger, grain, lambda key: False)
            else:
                groups = rollup(ledger, grain, self.maps)[0]
                members = self._members_by_group(ledger, grain, left_out(grain, ledger.parts))
            ordered = sorted((k, parts) for k, parts in groups.items() if k is not None)
            self._rows[cache_key] = [
                Row(scope_of(grain, k), members.get(k, frozenset()), _lookup(parts)) for k, parts in ordered
            ]
        rows: list[Row] = self._rows[cache_key]
        return rows

    def series(self, grain: Grain, period: Grain, where: Where | None) -> Series:
        cache_key = ("series", grain, period, where)
        if cache_key not in self._rows:
            ledger = self._ledger(where)
            members = self._members_by_group(ledger, grain, lambda key: False)
            out: Series = {}
            for (k, label), parts in sorted(rollup_series(ledger, grain, period, self.maps).items()):
                scope = scope_of(grain, k)
                row = Row(scope, members.get(k, frozenset()), _lookup(parts), label)
                out.setdefault(tuple(scope.items()), []).append((ordinal(label, period), row))
            self._rows[cache_key] = out
        series: Series = self._rows[cache_key]
        return series


def _lookup(parts: dict[str, Any]) -> Callable[[str], Any]:
    return lambda metric: metrics_of(parts, [metric])[metric]


@dataclass(frozen=True, slots=True)
class CaseRow:
    """A row of a rule test: scope, the attributes filters match, metric values, and a period."""

    scope: dict[str, Any]
    member: Member
    metrics: dict[str, Any]
    period: str | None = None


class CaseTable:
    def __init__(self, rows: Sequence[CaseRow]) -> None:
        self.case_rows = rows

    def reason(self, metric: str) -> str | None:
        return None

    def _select(self, grain: Grain, where: Where | None, dated: bool) -> list[CaseRow]:
        wanted = set() if grain is Grain.ACCOUNT else {SCOPE_FIELD[grain]}
        return [
            r
            for r in self.case_rows
            if set(r.scope) == wanted
            and (r.period is not None) == dated
            and (where is None or member_matches(where, r.member))
        ]

    def rows(self, grain: Grain, where: Where | None) -> list[Row]:
        return [Row(r.scope, frozenset({r.member}), r.metrics.get) for r in self._select(grain, where, False)]

    def series(self, grain: Grain, period: Grain, where: Where | None) -> Series:
        out: Series = {}
        for r in self._select(grain, where, True):
            row = Row(r.scope, frozenset({r.member}), r.metrics.get, r.period)
            out.setdefault(tuple(r.scope.items()), []).append((ordinal(str(r.period), period), row))
        for points in out.values():
            points.sort(key=lambda point: point[0])
        return out
