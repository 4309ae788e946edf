"""A SKU's fulfilment channel (FBA or FBM), learnt from the reports, for the `fulfillment` grain.

On Amazon one SKU is one offer, fulfilled either by Amazon (AFN: FBA) or by the merchant (MFN: FBM).
No report is keyed by channel, but several say it row by row: the Payments `fulfillment` column
(Amazon / Seller), the settlement `fulfillment-id` (AFN / MFN), the All Orders `fulfillment-channel`
(Amazon / Merchant); and every SKU of an FBA inventory report is stocked by Amazon. Each fold adds
*votes* — units sold per channel — to `Ledger.sku_channel` (a listed-only SKU votes with 0 units);
the roll-up then places a SKU by its votes (docs/metrics.md, "The fulfillment grain"):

- one channel seen: that channel;
- both seen (an offer switched channel within the period): the channel of most units;
- a tie, or no report saying the channel: unknown — the SKU's rows go to the `null` row, so that the
  rows still add up to the total.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # fold.py imports the folds that call this module: no import of it at run time
    from flywheel_cli.metrics.fold import Ledger

FBA, FBM = "FBA", "FBM"

# The words the report kinds parse their channel cells to (reports/kinds/payments.py, settlement.py,
# orders.py): Amazon's fulfilment is FBA, the seller's own is FBM. Any other word says nothing.
_CHANNEL_OF_WORD = {"amazon": FBA, "afn": FBA, "seller": FBM, "merchant": FBM, "mfn": FBM}


def channel_of(word: str | None) -> str | None:
    return _CHANNEL_OF_WORD.get(word.casefold()) if word else None


def vote(ledger: Ledger, sku: str | None, word: str | None, units: int) -> None:
    """Record that `units` of `sku` went through the channel `word` names (0 units: listed there)."""
    channel = channel_of(word)
    if sku is None or channel is None:
        return
    votes = ledger.sku_channel.setdefault(sku, {})
    votes[channel] = votes.get(channel, 0) + units


def merge_votes(target: dict[str, dict[str, int]], source: Mapping[str, Mapping[str, int]]) -> None:
    """Add one input's votes into the combined ledger's (metrics/combine.py)."""
    for sku, votes in source.items():
        mine = target.setdefault(sku, {})
        for channel, units in votes.items():
            mine[channel] = mine.get(channel, 0) + units


def sku_channels(votes: Mapping[str, Mapping[str, int]]) -> dict[str, str]:
    """SKU → FBA | FBM: the channel of most units; a SKU whose channels tie is left out (unknown)."""
    placed: dict[str, str] = {}
    for sku, counts in votes.items():
        ranked = sorted(counts.items(), key=lambda item: -item[1])
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            placed[sku] = ranked[0][0]
    return placed


def mixed_skus(votes: Mapping[str, Mapping[str, int]]) -> list[str]:
    """SKUs that sold units through both channels (named in a warning at the fulfillment grain)."""
    return sorted(sku for sku, counts in votes.items() if sum(1 for units in counts.values() if units) > 1)


def channel_warnings(ledger: Ledger) -> list[str]:
    """What the `fulfillment` grain could not place cleanly: SKUs sold through both channels, and SKUs
    with money or traffic whose channel no report names (their rows are in the `null` row)."""
    votes = ledger.sku_channel
    placed = sku_channels(votes)
    notes = []
    for sku in mixed_skus(votes):
        counts = ", ".join(f"{units} {channel}" for channel, units in sorted(votes[sku].items()))
        where = f"counted as {placed[sku]}, its channel of most units" if sku in placed else (
            "a tie: counted in the row without a channel")  # fmt: skip
        notes.append(f"SKU {sku} sold through both channels ({counts} units): {where}")
    unknown = sorted({key[2] for key in ledger.parts if key[2] is not None and key[2] not in votes})
    if unknown:
        shown = ", ".join(unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        notes.append(
            f"no report names the fulfilment channel of {shown}: their rows are in the row without a channel "
            "(give a Payments report with its fulfillment column, a settlement, All Orders or FBA inventory report)"
        )
    return notes
