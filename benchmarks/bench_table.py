"""The one table: a row per (data set, command) with wall, ratio to the floor, peak RSS, target, met?"""

from __future__ import annotations

from collections.abc import Mapping

from bench_measure import Command, Target

RSS_SAME = 1.1  # "the same peak RSS at 3M as at 1M": within 10%


def floor_key(command: Command) -> str:
    return f"floor/{command.dataset.label}"


def _wall(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds:.3f}"


def verdict(command: Command, commands: Mapping[str, Command]) -> tuple[str, bool | None]:
    """The target as text, and whether it is met (None: cannot tell, e.g. a comparison is missing)."""
    target = command.target or Target()
    parts: list[tuple[str, bool | None]] = []
    best, peak = command.best, command.peak_mib
    if target.floor_ratio is not None:
        floor = commands.get(floor_key(command))
        ratio = best / floor.best if best is not None and floor and floor.best else None
        parts.append(
            (f"≤ {target.floor_ratio:g}× floor", None if ratio is None else ratio <= target.floor_ratio)
        )
    if target.rss_mib is not None:
        parts.append((f"RSS ≤ {target.rss_mib:g} MiB", None if peak is None else peak <= target.rss_mib))
    if target.rss_as is not None:
        other = commands.get(target.rss_as)
        other_peak = other.peak_mib if other else None
        where = other.dataset.label if other else target.rss_as
        ok = None if peak is None or other_peak is None else peak <= RSS_SAME * other_peak
        parts.append((f"RSS ≤ {RSS_SAME:g}× {where}'s", ok))
    if target.wall_s is not None:
        parts.append((f"≤ {target.wall_s:g} s", None if best is None else best <= target.wall_s))
    for key, factor in target.faster_than:
        other = commands.get(key)
        name = other.label if other else key
        theirs = other.best if other else None
        ok = (
            None
            if best is None or theirs is None
            else (best < theirs if factor == 1 else best <= factor * theirs)
        )
        shown = f"{name} ({_wall(theirs)} s)"
        parts.append((f"< {shown}" if factor == 1 else f"≤ {factor:g}× {shown}", ok))
    if not parts:
        return "—", None
    flags = [ok for _, ok in parts]
    met = False if False in flags else (None if None in flags else True)
    return "; ".join(text for text, _ in parts), met


def table(commands: Mapping[str, Command]) -> tuple[list[str], bool]:
    """The markdown lines, and whether every target that could be judged was met."""
    lines = [
        "| data set | command | wall (s) | × floor | peak RSS (MiB) | target | met? |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    all_met = True
    for command in commands.values():
        floor = commands.get(floor_key(command))
        best, peak = command.best, command.peak_mib
        ratio = "—" if best is None or floor is None or not floor.best else f"{best / floor.best:.2f}×"
        target, met = verdict(command, commands)
        if command.note:
            shown = f"n/a ({command.note})"
        elif command.target is None:
            shown = "—"
        else:
            shown = {True: "yes", False: "**no**", None: "n/a"}[met]
        all_met = all_met and met is not False
        lines.append(
            f"| {command.dataset.label} | {command.label} | {_wall(best)} | {ratio} | "
            f"{'—' if peak is None else f'{peak:.1f}'} | {target} | {shown} |"
        )
    return lines, all_met
