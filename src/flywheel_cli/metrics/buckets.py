"""A ledger's buckets, held in one dict a day rather than in one dict of every key.

A year of Payments at `--by day` (or with a cost file) is a bucket per SKU per day: 500 SKUs make up
to 182,500 keys. One dict of that many keys needs a table of 2**19 slots (10 MiB; 174,762 keys still
fit 2**18, 5 MiB), and while it grows it holds the old table and the new one at once: a step of
5 MiB, then 15 MiB for a moment, decided by where the number of keys falls against a power of two
rather than by what the inputs hold. Held a dict per day (the key's start), each day's table grows
by itself, a few KiB at a time: memory follows the keys smoothly (docs/decisions.md, "Flat memory").

`Buckets` is a mapping like the dict it replaces, except for its order: days in the order first met,
and within a day the order the keys came in. Nothing reads the ledger in its insertion order (every
roll-up sums, every listing sorts); tests/test_buckets.py holds it to a dict's behaviour otherwise.
"""

from __future__ import annotations

import itertools
from collections.abc import ItemsView, Iterable, Iterator, Mapping, MutableMapping, ValuesView
from datetime import date
from typing import Any

Key = tuple[Any, ...]  # metrics/fold.py Key: (source, marketplace, sku, asin, start, end)
_MISSING: Any = object()


class Buckets(MutableMapping[Key, MutableMapping[str, Any]]):
    """Ledger key → its parts, a dict a day (`key[4]`, the start; None for undated keys)."""

    __slots__ = ("_days",)

    def __init__(
        self,
        items: Mapping[Key, MutableMapping[str, Any]] | Iterable[tuple[Key, MutableMapping[str, Any]]] = (),
    ) -> None:
        self._days: dict[date | None, dict[Key, MutableMapping[str, Any]]] = {}
        for key, value in items.items() if isinstance(items, Mapping) else items:
            self[key] = value

    def day(self, start: date | None) -> dict[Key, MutableMapping[str, Any]]:
        """The dict of one day's keys (made when first asked): for a loop that adds many of them."""
        held = self._days.get(start)
        if held is None:
            held = self._days[start] = {}
        return held

    def _held(self, key: object) -> dict[Key, MutableMapping[str, Any]] | None:
        """The dict of `key`'s day, if any: None for a day not held and for what is not a ledger key
        (which a dict would simply not find)."""
        if not isinstance(key, tuple) or len(key) < 5:
            return None
        return self._days.get(key[4])

    def __getitem__(self, key: Key) -> MutableMapping[str, Any]:
        held = self._held(key)
        if held is None:
            raise KeyError(key)  # the key, as a dict says, not its day
        return held[key]

    def get(self, key: Key, default: Any = None) -> Any:
        held = self._held(key)
        return default if held is None else held.get(key, default)

    def __contains__(self, key: object) -> bool:
        held = self._held(key)
        return held is not None and key in held

    def __setitem__(self, key: Key, value: MutableMapping[str, Any]) -> None:
        self.day(key[4])[key] = value

    def __delitem__(self, key: Key) -> None:
        held = self._held(key)
        if held is None:
            raise KeyError(key)
        del held[key]
        if not held:
            del self._days[key[4]]

    def pop(self, key: Key, default: Any = _MISSING) -> Any:
        held = self._held(key)
        if held is None or key not in held:
            if default is _MISSING:
                raise KeyError(key)
            return default
        value = held.pop(key)
        if not held:
            del self._days[key[4]]
        return value

    def setdefault(self, key: Key, default: Any = None) -> Any:
        return self.day(key[4]).setdefault(key, default)

    # The days are walked as they are, not a copy of them: a key added (or a day emptied) while a loop
    # runs raises "changed size during iteration", as a dict does, instead of being silently skipped.
    def __iter__(self) -> Iterator[Key]:
        return itertools.chain.from_iterable(self._days.values())

    def __len__(self) -> int:
        return sum(map(len, self._days.values()))

    def __bool__(self) -> bool:
        return any(self._days.values())  # stops at the first day with a key (`day()` may make an empty one)

    def items(self) -> ItemsView[Key, MutableMapping[str, Any]]:
        return _Items(self)

    def values(self) -> ValuesView[MutableMapping[str, Any]]:
        return _Values(self)

    def clear(self) -> None:
        self._days.clear()

    def __repr__(self) -> str:
        return f"Buckets({dict(self.items())!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return Buckets, (list(self.items()),)


class _Items(ItemsView[Key, MutableMapping[str, Any]]):
    _mapping: Buckets

    def __iter__(self) -> Iterator[tuple[Key, MutableMapping[str, Any]]]:
        days = self._mapping._days.values()
        return itertools.chain.from_iterable(held.items() for held in days)


class _Values(ValuesView[MutableMapping[str, Any]]):
    _mapping: Buckets

    def __iter__(self) -> Iterator[MutableMapping[str, Any]]:
        days = self._mapping._days.values()
        return itertools.chain.from_iterable(held.values() for held in days)
