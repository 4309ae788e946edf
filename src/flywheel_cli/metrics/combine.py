"""One honest ledger from many inputs: each input is folded on its own, then combined here.

- The same content twice (the same file, a copy, the `.csv` and its `.csv.gz`) counts once.
- With `--period`, an input that covers more than the period as one span (a by-item Business Report,
  an Ads summary whose rows span the month) contributes nothing: its family's metrics are null, with
  the reason. A period that no input touches is an error.
- Two undated inputs of one kind (two by-item Business Reports) are never summed: identical ones
  count once (above); different ones are an error unless flywheel.yaml `spans:` places each.
- Two snapshots of one SKU on the same date from different inputs are an error; otherwise the
  latest snapshot of each SKU counts.
- Rows of dated inputs of one kind whose spans overlap are counted once (metrics/overlap.py).
- A part is kept only where every input of its family gives it (metrics/parts.py).
See docs/decisions.md, "One honest ledger".
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from flywheel_cli.core.errors import InputError
from flywheel_cli.core.results import InputSummary
from flywheel_cli.metrics.ads_fold import (
    ADS_SOURCES,
    absorb_campaigns,
    stands_in_for,
    uncovered,
    unused_inputs,
)
from flywheel_cli.metrics.channels import merge_votes
from flywheel_cli.metrics.fees_fold import FINANCIAL_FAMILIES, storage_note
from flywheel_cli.metrics.fold import Key, Ledger, Window
from flywheel_cli.metrics.money import Rates
from flywheel_cli.metrics.notes import missing_columns, mixed_periods
from flywheel_cli.metrics.parts import PART_FIELDS
from flywheel_cli.metrics.rollup import add_parts
from flywheel_cli.metrics.stranded_fold import one_report as one_stranded_report

# Ledger sources → the family whose parts they hold.
SOURCE_FAMILY = {
    "business-item": "business", "business-date": "business", "ads-product": "ads", "ads-term": "ads",
    "ads-targeting": "targeting", "payments": "payments", "returns": "returns", "inventory": "inventory",
    "performance": "performance",
    "orders": "orders", "orders-detail": "orders",
    "storage-report": "storage",
    "listings": "listings", "feedback": "feedback",
    **dict.fromkeys(ADS_SOURCES, "ads"),
}  # fmt: skip


@dataclass
class Folded:
    """One input after its own fold."""

    summary: InputSummary
    ledger: Ledger
    lacks: dict[str, str]  # part → why this input cannot give it
    encoding: str | None
    warnings: list[str] = field(default_factory=list)  # its fold's own (a settlement that does not add up)
    settlements: frozenset[str] = frozenset()  # the settlement ids a settlement file holds: counted once

    @property
    def path(self) -> str:
        return self.summary.path


@dataclass
class Combined:
    """The ledger of the inputs that count, every input's summary (counted or not), and the warnings."""

    ledger: Ledger
    summaries: list[InputSummary]
    warnings: list[str] = field(default_factory=list)


def combine(items: list[Folded], window: Window, rates: Rates | None = None) -> tuple[list[Folded], Combined]:
    """The inputs that count, and the ledger they make (before overlaps are counted once); with `rates`,
    each input converted into the reporting currency before it is added (metrics/money.py)."""
    result = Combined(Ledger(), [])
    counted: list[Folded] = []
    seen: dict[str, str] = {}
    dropped: dict[str, str] = {}
    left_out: list[InputSummary] = []  # inputs that cover more than the period
    settled: dict[str, str] = {}  # settlement id → the input it was read from
    for item in items:
        note = duplicate_note(seen, item.summary) or settlement_note(settled, item)
        if note is not None:
            result.warnings.append(f"{item.path} is {note}")
            item.summary = replace(item.summary, counted=False, note=note)
            continue
        result.warnings += item.warnings
        why = _outside(item, window) if window.active else None
        if why is not None:
            item.summary = replace(item.summary, counted=False, note=why)
            if not why.endswith(OUTSIDE):  # a report wholly outside the period is simply not in it
                dropped.setdefault(item.summary.family, why)
                left_out.append(item.summary)
            continue
        counted.append(item)
    for item in [i for i in counted if stands_in_for(i.summary, left_out, shared_days)]:
        # A less granular Ads report (search term, campaign …) does not stand in for a more granular one
        # of the same ad product that cannot be placed in the period (metrics/ads_fold.py).
        other = stands_in_for(item.summary, left_out, shared_days)
        note = f"not counted: it holds the same spend as the {other} report, which is not counted"
        item.summary = replace(item.summary, counted=False, note=note)
        counted.remove(item)
    financial = [i.path for i in counted if i.summary.family in FINANCIAL_FAMILIES]
    for item in [i for i in counted if i.summary.kind == "storage-fees" and financial]:
        # The financial report's storage charges are the same money: one source per number.
        item.summary = replace(item.summary, counted=False, note=storage_note(financial))
        counted.remove(item)
    if window.active:
        _touches(counted, [i.summary for i in items], window)
    _undated_conflicts(counted)
    one_stranded_report([i.summary for i in counted])  # metrics/stranded_fold.py
    if "ads" in dropped and uncovered([s.kind for s in left_out], [i.summary.kind for i in counted]):
        # One ad product's reports cannot be placed (SB by month in a week) and another's can: their sum
        # would pass for the period's advertising, so no Ads input counts and the spend is unknown.
        for item in [i for i in counted if i.summary.family == "ads"]:
            note = f"not counted: {dropped['ads']}, so the period's advertising total is unknown"
            item.summary = replace(item.summary, counted=False, note=note)
            counted.remove(item)
    families = {item.summary.family for item in counted}
    # family → why none of its inputs counts: its metrics are null with this reason (rollup.unavailable)
    result.ledger.excluded.update({family: why for family, why in dropped.items() if family not in families})
    result.warnings += [
        f"{why}: left out, so the period's {family} figures come from the other {family} reports only"
        for family, why in dropped.items()
        if family in families
    ]
    for item in counted:
        if rates is not None:
            rates.convert(item.ledger, item.summary)
        absorb(result.ledger, item)
    _keep_provided(result.ledger, counted)
    result.warnings += mixed_periods([item.summary for item in counted], window)
    result.warnings += [note for item in counted for note in missing_columns(item.summary)]
    result.summaries = [item.summary for item in items]
    return counted, result


def duplicate_note(seen: dict[str, str], summary: InputSummary) -> str | None:
    """`the same report as PATH: read once` when an earlier input (in `seen`: content digest → path)
    had this content; else None, and this input is remembered."""
    digest = summary.content_sha256
    if not digest:
        return None
    if digest in seen:
        return f"the same report as {seen[digest]}: read once"
    seen[digest] = summary.path
    return None


def settlement_note(settled: dict[str, str], item: Folded) -> str | None:
    """`another download of settlement N, already read from PATH: counted once` when an earlier input
    (in `settled`: settlement id → path) held the same settlements: the V1 and V2 flat files of one
    settlement differ byte for byte but hold the same money. Else None, and its ids are remembered."""
    held = {settlement: settled[settlement] for settlement in item.settlements if settlement in settled}
    if not held:
        settled.update(dict.fromkeys(item.settlements, item.path))
        return None
    ids, paths = ", ".join(sorted(held)), ", ".join(sorted(set(held.values())))
    if len(held) < len(item.settlements):
        raise InputError(
            f"{item.path} holds settlement {ids}, already read from {paths}, and settlements that file does "
            "not hold: flywheel counts a settlement once and cannot take part of a file",
            hint="give each settlement in one file only (one download per settlement)",
        )
    return f"another download of settlement {ids}, already read from {paths}: counted once"


def _outside(item: Folded, window: Window) -> str | None:
    """Why an input contributes nothing to the period (None: its rows inside it count)."""
    summary = item.summary
    if summary.dating == "undated" and summary.span_from is None:
        return (
            f"{summary.path} has no dates, so the span it covers is unknown and cannot be placed in the "
            f"period; declare it under spans: in flywheel.yaml"
        )
    span = f"{summary.period_start}..{summary.period_end}"
    if summary.dating == "undated" and not window.keeps(summary.period_start, summary.period_end):
        if not window.clips(summary.period_start, summary.period_end):
            return f"{summary.path} covers {span}, {OUTSIDE}"
        return f"{summary.path} covers {span} {WIDER}"
    if item.ledger.clipped:
        return f"{summary.path} covers {span} {EDGES}"
    return None


OUTSIDE = "outside the period"
WIDER = "as one span, wider than the period"
EDGES = "in rows that span past the period's edges"


def _touches(counted: list[Folded], summaries: list[InputSummary], window: Window) -> None:
    """A period that no dated input reaches is an error that names what the inputs cover."""
    flows = [s for s in summaries if s.dating in {"rows", "undated"} and s.period_start]
    reached = any(
        window.touches(item.summary.period_start, item.summary.period_end)
        for item in counted
        if item.summary.dating in {"rows", "undated"}
    )
    if reached:
        return
    if not any(s.dating in {"rows", "undated"} for s in summaries):
        return  # only snapshots (inventory, account health): they are not placed in periods
    wide = [s for s in summaries if not s.counted and s.note and (WIDER in s.note or EDGES in s.note)]
    if wide:
        first, last = wide[0].period_start, wide[0].period_end
        message = f"no input can be placed in the period {window.text()}: {wide[0].note}, and a span cannot be split"
        hint = f"choose a --period that contains {first}..{last}, or download the report by day"
    elif flows:
        first = min(s.period_start for s in flows if s.period_start)
        last = max(s.period_end or s.period_start for s in flows if s.period_start)
        message = f"no input covers the period {window.text()}: the inputs cover {first}..{last}"
        hint = f"choose a --period inside {first}..{last}"
    else:
        message = f"no input covers the period {window.text()}: none of the inputs is dated"
        hint = "declare the reports' spans under spans: in flywheel.yaml, or run without --period"
    raise InputError(message, hint=hint)


def _undated_conflicts(counted: list[Folded]) -> None:
    """Two different undated inputs of one kind and marketplace are never summed."""
    groups: dict[tuple[str, str | None, str | None], list[InputSummary]] = {}
    for item in counted:
        summary = item.summary
        if summary.dating == "undated":
            groups.setdefault((summary.kind, summary.marketplace, summary.currency), []).append(summary)
    for (kind, *_), group in groups.items():
        for position, later in enumerate(group):
            for earlier in group[:position]:
                if earlier.span_from is None or later.span_from is None:
                    raise InputError(
                        f"{earlier.path} and {later.path} are two different {kind} reports with no dates: "
                        "flywheel cannot tell whether they cover the same days, and never adds them",
                        hint="keep one, or declare each file's span under spans: in flywheel.yaml "
                        '(e.g. spans: {"BusinessReport-10-31-26.csv": 2026-10-01..2026-10-31}); for two '
                        "marketplaces, name each file's under marketplaces: (e.g. marketplaces: "
                        '{"BusinessReport-FR*.csv": FR})',
                    )
                shared = shared_days(earlier, later)
                if shared is not None:
                    raise InputError(
                        f"{earlier.path} and {later.path} are two {kind} reports whose declared spans "
                        f"overlap ({shared[0]}..{shared[1]}): rows without dates cannot be counted once",
                        hint="fix the spans: in flywheel.yaml so that they do not overlap, or keep one report",
                    )


def shared_days(a: InputSummary, b: InputSummary) -> tuple[date, date] | None:
    """The first and last day two inputs' spans share (None when they share none, or one is undated)."""
    if not (a.period_start and b.period_start):
        return None
    start = max(a.period_start, b.period_start)
    end = min(a.period_end or a.period_start, b.period_end or b.period_start)
    return (start, end) if start <= end else None


def absorb(target: Ledger, item: Folded) -> None:
    """Add one input's ledger into `target`. Inventory is a state: the latest snapshot of a SKU wins,
    and two different snapshots of one SKU on one date are an error."""
    source = item.ledger
    parts = target.parts
    if not parts and not any(key[0] == "inventory" or key[0] in ADS_SOURCES for key in source.parts):
        # The first input (most often the only one) gives its whole dict, not a copy made key by key: a
        # year of Payments by day is 180,000 buckets, and the two dicts at once were 15 MB of the peak.
        # Not an Ads input's: its own buckets are read again (`unused_inputs` in _keep_provided).
        target.parts, source.parts = source.parts, parts
    for key, values in source.parts.items():
        if key[0] == "inventory" and not _latest_snapshot(target, key, item.path):
            continue
        held = parts.get(key)
        if held is None:
            parts[key] = values  # adopted, not copied: the input's ledger is not used again
        else:
            add_parts(held, values)
    target.sources |= source.sources
    target.markets |= source.markets
    absorb_campaigns(target, source)
    for mine, theirs in ((target.sku_asin, source.sku_asin), (target.asin_parent, source.asin_parent),
                         (target.sku_group, source.sku_group)):  # fmt: skip
        for name, value in theirs.items():
            mine.setdefault(name, value)
    merge_votes(target.sku_channel, source.sku_channel)  # a SKU's channel (metrics/channels.py)
    for sku_currency, fees in source.sku_fees.items():
        target.sku_fees.setdefault(sku_currency, fees)


def _latest_snapshot(target: Ledger, key: Key, path: str) -> bool:
    """Whether this inventory bucket counts; drops an older snapshot of the same SKU already held."""
    held = target.snapshots
    # One SKU's snapshots, whether or not a file names its marketplace (Manage FBA Inventory does not).
    where = next(
        (w for w in held if w[1] == key[2] and (w[0] == key[1] or w[0] is None or key[1] is None)),
        (key[1], key[2]),
    )
    found = held.get(where)
    if found is None:
        held[where] = (key, path)
        return True
    other, other_path = found
    if other[4] == key[4]:
        when = key[4].isoformat() if isinstance(key[4], date) else "undated"
        raise InputError(
            f"{other_path} and {path} are two inventory snapshots of SKU {key[2]} on the same date ({when}): "
            "flywheel counts one snapshot per SKU",
            hint="keep one of them: flywheel cannot tell which is newer (or name each file's marketplace under "
            "marketplaces: in flywheel.yaml when they are two marketplaces)",
        )
    if other[4] is not None and (key[4] is None or key[4] < other[4]):
        return False
    target.parts.pop(other, None)
    del held[where]
    held[(key[1], key[2])] = (key, path)
    return True


def _keep_provided(ledger: Ledger, counted: list[Folded]) -> None:
    """A part counts only where every input of its family gives it: one input without the column would
    otherwise show the others' sum as the whole. The parts no input can give are absent, with why."""
    by_family: dict[str, list[Folded]] = {}
    ads_unused = unused_inputs(ledger.parts, [(i.path, i.summary.kind, i.ledger.parts) for i in counted])
    for item in counted:
        if item.path not in ads_unused:  # an Ads report that does not count
            by_family.setdefault(item.summary.family, []).append(
                item
            )  # (one per ad product) takes no part away
        if item.summary.kind == "ads-sp-search-term":
            by_family.setdefault("targeting", []).append(item)
    drop: set[str] = set()
    for family, members in by_family.items():
        for part in PART_FIELDS.get(family, {}):
            missing = [item.lacks[part] for item in members if part in item.lacks]
            if missing:
                drop.add(part)
                ledger.absent[part] = missing[0]
            else:
                ledger.provided.add(part)
    if not drop:
        return
    for key, values in ledger.parts.items():
        if SOURCE_FAMILY.get(key[0]) is not None:
            for name in drop & values.keys():
                del values[name]
