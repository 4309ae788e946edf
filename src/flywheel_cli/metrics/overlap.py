"""Rows that two inputs of one kind both hold are counted once.

Inputs are folded one by one and added up (metrics/combine.py). When the spans of two dated inputs
of one kind overlap — Payments for Oct 1–20 and for Oct 10–31 — only the rows inside the overlap can
be in both, so only those are read again, here, and counted by their own identity (every field but
the line number and, for Payments, the release status that changes between downloads):

- transaction reports (Payments, FBA returns) are a **multiset union**: a row found `n` times in one
  input and `m` times in another counts `max(n, m)` times. What the sums hold beyond that is folded
  again and taken out.
- aggregate reports (Ads, Business Report by date) must agree on the overlap: Amazon revises
  attributed sales for days after, so two downloads of one day may differ, and neither can be
  preferred silently. Equal rows count once; different rows are an error that names both files.

Inputs whose spans do not overlap cost nothing here. Standard input cannot be read twice: when it
overlaps another input the run stops with a hint.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from flywheel_cli.core.errors import InputError
from flywheel_cli.core.results import InputSummary
from flywheel_cli.metrics.ads_fold import absorb_campaigns
from flywheel_cli.metrics.combine import Folded, shared_days
from flywheel_cli.metrics.fold import Ledger, Span, Window, fold
from flywheel_cli.metrics.money import Rates
from flywheel_cli.metrics.payments_rows import fold_records
from flywheel_cli.reports.reader import open_report
from flywheel_cli.reports.registry import KINDS
from flywheel_cli.reports.source import regular_file

# Counted once by their settlement id instead (metrics/combine.py, `settlement_note`): two settlements
# are two sums of money, whatever days their rows share (one's last day is the next one's first).
BY_ID = frozenset({"settlement"})
TRANSACTIONS = frozenset({"payments", "fba-returns", "orders", "seller-feedback"})
# An All Orders row's identity: the order item, not its status or amounts, which change between
# downloads (Pending and unpriced in one, Shipped in the next). Of two versions, the one updated last
# (`last-updated-date`) is the one that stays counted.
ORDERS_IDENTITY = ("order_id", "sku", "asin", "purchase_date")
# A Payments row's identity: the fields every layout has (a 28-column and a 32-column download of the
# same day must match), an empty or absent amount being 0. Not the release status, which changes
# between downloads, nor the columns only some eras or marketplaces have.
PAYMENTS_IDENTITY = ("date", "settlement_id", "type", "order_id", "sku")
PAYMENTS_AMOUNTS = ("quantity", "product_sales", "shipping_credits", "gift_wrap_credits", "promotional_rebates",
                    "selling_fees", "fba_fees", "other_transaction_fees", "other", "total")  # fmt: skip

Identity = tuple[Any, ...]
Interval = tuple[date, date]


def count_once(
    counted: list[Folded], ledger: Ledger, window: Window, span: Span | None, rates: Rates | None = None
) -> list[str]:
    """Take out of `ledger` what overlapping inputs hold twice (converted as the inputs were, with
    `rates`); the warnings to print."""
    _same_money(counted, window)
    groups: dict[tuple[str, str | None, str | None], list[Folded]] = {}
    for item in counted:
        summary = item.summary
        if summary.dating == "rows" and summary.period_start is not None and summary.kind not in BY_ID:
            groups.setdefault((summary.kind, summary.marketplace, summary.currency), []).append(item)
    warnings: list[str] = []
    for (kind, *_), group in groups.items():
        pairs = [
            (a, b, found)
            for position, b in enumerate(group)
            for a in group[:position]
            if (found := shared_days(a.summary, b.summary)) is not None
        ]
        if pairs:
            warnings.extend(_count_group(kind, group, pairs, ledger, window, span, rates))
    return warnings


def _same_money(counted: list[Folded], window: Window) -> None:
    """A Payments report and a settlement report of one marketplace that share days hold the same money
    by different identities (a transaction's row against its amount rows): nothing can count it once."""
    payments = [
        item for item in counted if item.summary.family == "payments" and item.summary.kind != "settlement"
    ]
    for settlement in [item for item in counted if item.summary.kind == "settlement"]:
        for item in payments:
            shared = shared_days(item.summary, settlement.summary)
            if shared is None or not _same_market(item.summary, settlement.summary):
                continue
            low = max(shared[0], window.start) if window.start else shared[0]
            high = min(shared[1], window.end) if window.end else shared[1]
            if low <= high:
                raise InputError(
                    f"{item.path} and {settlement.path} both hold {low}..{high}: a Payments report and a "
                    "settlement report are the same money under different identities, so flywheel cannot "
                    "count the days they share once",
                    hint="give one of them, or use --period to pick days only one covers",
                )


def _same_market(a: InputSummary, b: InputSummary) -> bool:
    """Whether two inputs may hold the same money: a marketplace and currency in common (or unknown)."""
    if a.currency and b.currency and a.currency != b.currency:
        return False
    if not (a.marketplace and b.marketplace):
        return True
    return bool(set(a.marketplace.split(",")) & set(b.marketplace.split(",")))


def _count_group(
    kind: str,
    group: list[Folded],
    pairs: list[tuple[Folded, Folded, Interval]],
    ledger: Ledger,
    window: Window,
    span: Span | None,
    rates: Rates | None,
) -> list[str]:
    zones: dict[str, list[Interval]] = {}
    for a, b, interval in pairs:
        zones.setdefault(a.path, []).append(interval)
        zones.setdefault(b.path, []).append(interval)
    rows: dict[str, list[tuple[date, date, Identity]]] = {}
    records: dict[Identity, Any] = {}
    for item in group:
        if item.path in zones:
            rows[item.path] = list(_rows_in(item, zones[item.path], records, window))
    if kind not in TRANSACTIONS:
        for a, b, interval in pairs:
            _agree(kind, a.path, b.path, interval, rows)
    excess: Counter[Identity] = Counter()
    running: Counter[Identity] = Counter()
    for item in group:
        counts = Counter(identity for _, _, identity in rows.get(item.path, ()))
        repeated = 0
        for identity, count in counts.items():
            twice = min(count, running[identity])
            repeated += twice
            excess[identity] += twice
            running[identity] = max(running[identity], count)
        item.summary = dataclasses.replace(item.summary, overlap_rows=repeated)
    total = sum(excess.values())
    if not total:
        return []
    taken = Ledger()
    again = [records[identity] for identity, count in excess.items() for _ in range(count)]
    if kind == "payments":
        fold_records(taken, again, window, span)
    else:
        fold(taken, kind, again, window, None)
    taken.finish()
    if rates is not None:  # the group's inputs share a kind, marketplace and currency (count_once)
        rates.convert(taken, group[0].summary)
    _subtract(ledger, taken)
    names = ", ".join(item.path for item in group if item.path in zones)
    days = ", ".join(f"{low}..{high}" for low, high in _merged([interval for *_, interval in pairs]))
    return [f"{total:,} {kind} rows found in more than one of {names} ({days}) were counted once"]


def _merged(intervals: list[Interval]) -> list[Interval]:
    """The days two inputs share, as the fewest intervals (for the warning)."""
    merged: list[Interval] = []
    for low, high in sorted(intervals):
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def _rows_in(
    item: Folded, zones: list[Interval], records: dict[Identity, Any], window: Window
) -> Iterable[tuple[date, date, Identity]]:
    """(first day, last day, identity) of the input's rows that lie in one of `zones`, read again."""
    source = regular_file(item.path)  # a zip member is read again through its archive
    if source is None:
        raise InputError(
            f"this input overlaps another {item.summary.kind} report and cannot be read a second time to "
            "count the rows they share once",
            path=item.path,
            hint="save it to a file and pass the file instead",
        )
    module = KINDS[item.summary.kind]
    start_field, end_field = module.PERIOD_FIELD, module.PERIOD_END_FIELD
    assert start_field is not None
    identity = _identity_of(item.summary.kind)
    report = open_report(source, kind=item.summary.kind, encoding=item.encoding)
    for record in report.records():
        first = getattr(record, start_field)
        if first is None:
            continue
        last = (getattr(record, end_field) if end_field else None) or first
        if window.keeps(first, last) and any(first <= high and last >= low for low, high in zones):
            key = identity(record)
            held = records.setdefault(key, record)
            if held is not record and _updated_before(record, held):
                records[key] = record  # the version taken out again is the older one
            yield first, last, key


def _updated_before(record: Any, other: Any) -> bool:
    mine, theirs = getattr(record, "last_updated", None), getattr(other, "last_updated", None)
    return mine is not None and theirs is not None and mine < theirs


def _identity_of(kind: str) -> Callable[[Any], Identity]:
    if kind == "orders":
        return lambda r: tuple(getattr(r, n) for n in ORDERS_IDENTITY)
    if kind == "payments":
        return lambda r: (
            *(getattr(r, n) for n in PAYMENTS_IDENTITY),
            *(getattr(r, n) or 0 for n in PAYMENTS_AMOUNTS),
        )
    names = [f.name for f in dataclasses.fields(KINDS[kind].RECORD) if f.name != "line"]
    return lambda r: tuple(getattr(r, name) for name in names)


def _agree(
    kind: str, a: str, b: str, interval: Interval, rows: dict[str, list[tuple[date, date, Identity]]]
) -> None:
    """Rows of two aggregate reports in their overlap either match, or describe other things (another
    campaign, another marketplace's SKUs). The same thing (the same campaign, ad group, SKU, term …)
    with other figures for overlapping days — a revised day, or a month against its days — is an error."""
    low, high = interval

    def inside(path: str) -> list[tuple[date, date, Identity]]:
        return [(first, last, key) for first, last, key in rows[path] if first <= high and last >= low]

    left, right = inside(a), inside(b)
    only_left = Counter(key for *_, key in left) - Counter(key for *_, key in right)
    only_right = Counter(key for *_, key in right) - Counter(key for *_, key in left)
    if not only_left or not only_right:
        return
    unmatched: dict[Identity, list[Interval]] = {}
    for first, last, key in right:
        if key in only_right:
            unmatched.setdefault(_scope(key), []).append((first, last))
    clash = any(
        first <= other_last and last >= other_first
        for first, last, key in left
        if key in only_left
        for other_first, other_last in unmatched.get(_scope(key), ())
    )
    if clash:
        raise InputError(
            f"{a} and {b} are two {kind} reports that both cover {low}..{high} with different rows: "
            "Amazon revises advertising and traffic figures after the day, so flywheel cannot tell which "
            "to count",
            hint="keep the newer download, or download ranges that do not overlap",
        )


def _scope(identity: Identity) -> Identity:
    """What a row is about (its text fields: campaign, ad group, SKU, term …), without dates or figures."""
    return tuple((position, value) for position, value in enumerate(identity) if isinstance(value, str))


def _subtract(ledger: Ledger, taken: Ledger) -> None:
    absorb_campaigns(ledger, taken, sign=-1)  # the Ads parts by campaign hold the rows twice too
    for key, values in taken.parts.items():
        held = ledger.parts.get(key)
        if held is None:
            continue
        for name, value in values.items():
            if name in held:
                held[name] -= value
