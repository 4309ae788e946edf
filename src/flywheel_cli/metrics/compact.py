"""A ledger bucket in a fifth of a dict's memory: the Payments fold's, one per SKU per day.

At `--by day`, or with a cost file (the unit cost in force on each order's day), a year of Payments is
a bucket per SKU per day: 500 SKUs make up to 182,500 buckets of about 11 parts. As a dict of Decimals
one cost about 1.6 KB (the dict ~460 bytes, each Decimal 104). `CompactParts` is the same mapping —
the same names in the same insertion order, the same values, ints and Decimals with their exponents —
held as a tuple of names shared by every bucket that has the same ones (a few dozen such tuples) and
an array of one integer per part: the value's coefficient shifted left by three bits, plus a code for
its kind (an int, or a Decimal with 0 to 5 decimal places). The array is of 32-bit integers while
every slot fits (a SKU's day of cents does up to $2.6M) and of 64-bit ones after. A value read is made
again: `Decimal(coefficient).scaleb(-places)` has exactly the digits and places that were stored.
With its key, a bucket now costs about 340 bytes (docs/decisions.md, Performance).

A value that does not fit — a negative zero, more places, a coefficient past 2**60, NaN, a float, any
other type — turns that bucket into a plain dict for good (`_spill`), so that every value is kept as
it is. A ledger's buckets pickle flat (`pack`): the parse cache keeps ledgers, workers hand them over.
"""

from __future__ import annotations

from array import array
from collections.abc import ItemsView, Iterator, Mapping, MutableMapping, ValuesView
from decimal import Decimal
from typing import Any, TypeGuard

from flywheel_cli.metrics.buckets import Buckets

CODE_BITS = 3
INT = 1  # code of an int; code 2 + p: a Decimal with p decimal places (p ≤ MAX_PLACES)
MAX_PLACES = 5
LIMIT = 1 << 60  # |coefficient| below this: its shifted form fits a signed 64-bit slot
NARROW = 1 << 31  # a slot of -NARROW..NARROW-1 fits 32 bits (a SKU's day of cents mostly does)
_EMPTY: array[int] = array("i")  # the slots of every bucket with no names (never changed in place)
# Every tuple of names a bucket has had, itself: buckets with the same names share one tuple.
_NAMES: dict[tuple[str, ...], tuple[str, ...]] = {}


def _shared(names: tuple[str, ...]) -> tuple[str, ...]:
    return _NAMES.setdefault(names, names)


def encode(value: Any) -> int | None:
    """`value` as one slot (None when it does not fit one)."""
    kind = type(value)
    if kind is int:
        if -LIMIT < value < LIMIT:
            return (value << CODE_BITS) | INT  # type: ignore[no-any-return]
        return None
    if kind is not Decimal:
        return None
    # Its text (a fifth of `as_tuple`'s cost): `-1234.50`, or with an exponent (`1E+2`, `NaN`), which no
    # int has; a Decimal of 0 to MAX_PLACES places is never written with an exponent.
    text = str(value)
    whole, _, fraction = text.partition(".")
    if len(fraction) > MAX_PLACES:
        return None
    try:
        coefficient = int(whole + fraction)
    except ValueError:
        return None
    if not -LIMIT < coefficient < LIMIT or (not coefficient and text[0] == "-"):  # -0.00: keep its sign
        return None
    return (coefficient << CODE_BITS) | (2 + len(fraction))


def decode(slot: int) -> Any:
    code = slot & 7
    if code == INT:
        return slot >> CODE_BITS
    return Decimal(slot >> CODE_BITS).scaleb(2 - code)


class CompactParts(MutableMapping[str, Any]):
    """A bucket's parts: a mapping of part name → int or Decimal (see the module)."""

    __slots__ = ("_names", "_slots", "_spilt")

    def __init__(self, parts: Mapping[str, Any] | None = None) -> None:
        self._names: tuple[str, ...] = ()
        self._slots = _EMPTY
        self._spilt: dict[str, Any] | None = None
        if parts:
            self._adopt(parts)

    def _adopt(self, parts: Mapping[str, Any]) -> None:
        """Take `parts` into an empty bucket in one go (the fold's usual case: a new bucket)."""
        slots = [encode(value) for value in parts.values()]
        if None in slots:
            self._spilt = dict(parts)
            return
        self._names = _shared(tuple(parts))
        try:
            self._slots = array("i", slots)  # type: ignore[arg-type]
        except OverflowError:
            self._slots = array("q", slots)  # type: ignore[arg-type]

    @classmethod
    def _restore(
        cls, names: tuple[str, ...], typecode: str, data: bytes, spilt: dict[str, Any] | None
    ) -> CompactParts:
        made = cls()
        made._names = _shared(names)
        made._slots = array(typecode, data)
        made._spilt = spilt
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        slots = self._slots
        return CompactParts._restore, (self._names, slots.typecode, slots.tobytes(), self._spilt)

    def _spill(self) -> dict[str, Any]:
        """From slots to a plain dict of the same items, in the same order: for a value no slot holds."""
        spilt = self._spilt = dict(zip(self._names, map(decode, self._slots), strict=True))
        self._names, self._slots = (), _EMPTY
        return spilt

    def _widen(self) -> array[int]:
        """From 32-bit slots to 64-bit ones: for a slot too large for 32 bits."""
        self._slots = array("q", self._slots)
        return self._slots

    def __getitem__(self, name: str) -> Any:
        if self._spilt is not None:
            return self._spilt[name]
        try:
            return decode(self._slots[self._names.index(name)])
        except ValueError:
            raise KeyError(name) from None

    def get(self, name: str, default: Any = None) -> Any:
        if self._spilt is not None:
            return self._spilt.get(name, default)
        names = self._names
        return decode(self._slots[names.index(name)]) if name in names else default

    def __setitem__(self, name: str, value: Any) -> None:
        if self._spilt is not None:
            self._spilt[name] = value
            return
        slot = encode(value)
        if slot is None:
            self._spill()[name] = value
            return
        names, slots = self._names, self._slots
        wide = slots.typecode == "q" or not -NARROW <= slot < NARROW
        if name in names:
            (self._widen() if wide and slots.typecode == "i" else slots)[names.index(name)] = slot
        else:  # a new array of exactly one more slot (`append` would leave room for several)
            self._names = _shared((*names, name))
            self._slots = array("q" if wide else "i", (*slots, slot))

    def __delitem__(self, name: str) -> None:
        if self._spilt is not None:
            del self._spilt[name]
            return
        names = self._names
        if name not in names:
            raise KeyError(name)
        at = names.index(name)
        self._names = _shared(names[:at] + names[at + 1 :])
        del self._slots[at]

    def __contains__(self, name: object) -> bool:
        return name in (self._spilt if self._spilt is not None else self._names)

    def __iter__(self) -> Iterator[str]:
        return iter(self._spilt if self._spilt is not None else self._names)

    def __len__(self) -> int:
        return len(self._spilt if self._spilt is not None else self._names)

    def items(self) -> ItemsView[str, Any]:
        return _Items(self)

    def values(self) -> ValuesView[Any]:
        return _Values(self)

    def __repr__(self) -> str:
        return f"CompactParts({dict(self.items())!r})"


def add_sums(target: MutableMapping[str, Any], sums: Mapping[str, Any]) -> None:
    """Add a flush's `sums` to a bucket; a name the bucket lacks is taken as it is (the sums began at
    `ZERO` or 0 themselves, so this is the bucket's `get(name, ZERO) + value` of the row-by-row fold)."""
    if type(target) is CompactParts and type(sums) is CompactParts and _add_slots(target, sums):
        return
    for name, value in sums.items():
        target[name] = target[name] + value if name in target else value


def _add_slots(target: CompactParts, sums: CompactParts) -> bool:
    """`target` += `sums` slot by slot (a parent adding a worker's buckets), when every pair of values
    is of one kind: two ints, or two Decimals — of any places, as Decimal addition aligns them: the sum
    of c1·10⁻ᵖ¹ and c2·10⁻ᵖ² is (c1·10ᵖ⁻ᵖ¹ + c2·10ᵖ⁻ᵖ²)·10⁻ᵖ, p the larger places, exactly what
    Decimal gives (digits, places, and the + of a zero sum). A name `target` lacks is added after its
    own, in `sums`' order, as the generic path adds it. False, with `target` unchanged, otherwise:
    a spilt bucket, an int with a Decimal, or a sum past a slot. Exact Decimal addition is assumed, as
    under the default context flywheel never changes (prec 28; sums here have at most 24 digits)."""
    if target._spilt is not None or sums._spilt is not None:
        return False
    names = target._names
    if names is sums._names:  # the usual case: the same parts in the same order
        pairs: Any = zip(range(len(names)), sums._slots, strict=True)
        extra: list[str] = []
    else:
        at = {name: index for index, name in enumerate(names)}
        extra = [name for name in sums._names if name not in at]
        at.update((name, len(names) + index) for index, name in enumerate(extra))
        pairs = zip(map(at.__getitem__, sums._names), sums._slots, strict=True)
    added = [*target._slots, *([0] * len(extra))]
    own = len(names)  # slots from here on are parts `target` lacks: they take `sums`' values
    for index, theirs in pairs:
        if index >= own:
            added[index] = theirs
            continue
        mine = added[index]
        code, other = mine & 7, theirs & 7
        if code == other:
            total = mine + theirs - code
        elif INT in (code, other):
            return False  # an int and a Decimal: the generic path says what that makes
        else:  # Decimals of different places: scale the one with fewer places (code = 2 + places)
            wider = max(code, other)
            total = (((mine >> CODE_BITS) * 10 ** (wider - code) + (theirs >> CODE_BITS) * 10 ** (wider - other))
                     << CODE_BITS) | wider  # fmt: skip
        if not -LIMIT < total >> CODE_BITS < LIMIT:
            return False
        added[index] = total
    narrow = target._slots.typecode == "i" and all(-NARROW <= slot < NARROW for slot in added)
    target._slots = array("i" if narrow else "q", added)
    if extra:
        target._names = _shared((*names, *extra))
    return True


def slotted(bucket: Mapping[str, Any]) -> TypeGuard[CompactParts]:
    """Whether `bucket` is a compact bucket whose values are in slots (not spilt into a dict)."""
    return type(bucket) is CompactParts and bucket._spilt is None


class SlotSums:
    """Compact buckets added up as integers into one roll-up row: each part's coefficients summed by kind
    of value (an int, or a Decimal of p places). `finish()` then adds each sum to the row, which is what
    adding every bucket's values one by one gives, digits and places: exact Decimal addition does not
    depend on the order, and coefficients of one exponent add to the sum's coefficient with that
    exponent. A day-bucketed year is 180,000 buckets of 11 parts read three times a report (the KPI
    table, the rules, the SKU rows): as Decimals, a value made and added each. One small dict a row
    (a day at `--by day` holds a few dozen sums), so a roll-up holds no more than before."""

    __slots__ = ("_first", "_row", "_seen", "_sums")

    def __init__(self, row: dict[str, Any]) -> None:
        self._row = row
        self._sums: dict[tuple[str, int], int] = {}  # (name, code) → the sum of the coefficients
        self._seen: set[tuple[str, ...]] = set()
        # A row's only bucket so far, not yet summed: most SKU rows of a month hold one bucket, and
        # summing one bucket's coefficients only to read them back was a third of that roll-up.
        self._first: CompactParts | None = None

    def add(self, bucket: CompactParts) -> None:
        """Add a `slotted` bucket; the first bucket of its names puts them in the row (0 until `finish`),
        so that the row lists its parts in the order adding them one by one would."""
        names = bucket._names
        if names not in self._seen:
            self._seen.add(names)
            for name in names:
                self._row.setdefault(name, 0)
        if self._first is None:
            if not self._sums:
                self._first = bucket
                return
        else:
            self._sum(self._first)
            self._first = None
        self._sum(bucket)

    def _sum(self, bucket: CompactParts) -> None:
        sums = self._sums
        for name, slot in zip(bucket._names, bucket._slots, strict=True):
            key = (name, slot & 7)
            sums[key] = sums.get(key, 0) + (slot >> CODE_BITS)

    def finish(self) -> None:
        row = self._row
        if self._first is not None:  # one bucket: its values, as adding it alone gives
            for name, slot in zip(self._first._names, self._first._slots, strict=True):
                row[name] = row[name] + decode(slot)
            return
        for (name, code), coefficient in self._sums.items():
            row[name] = row[name] + decode((coefficient << CODE_BITS) | code)


def pack(parts: Mapping[tuple[Any, ...], Mapping[str, Any]]) -> tuple[Any, ...]:
    """A ledger's buckets, for pickling (the parse cache, a worker's handover) in a few flat pieces rather
    than a few objects a bucket: a pickle remembers every object it writes, and for 180,000 buckets that
    memo and the objects made on loading were 60 MB. The pieces: the keys' fields column by column,
    each bucket's names (shared tuples), all their 32-bit slots in one bytes, and any other bucket
    (a dict, a spilt or 64-bit one) as itself."""
    names: list[Any] = []
    slots = array("i")
    for bucket in parts.values():
        if slotted(bucket) and bucket._slots.typecode == "i":
            names.append(bucket._names)
            slots.extend(bucket._slots)
        else:
            names.append(bucket)
    return tuple(zip(*parts, strict=True)), names, slots.tobytes()


def unpack(packed: tuple[Any, ...]) -> Buckets:
    """The buckets `pack` was given (in their order within each day: metrics/buckets.py)."""
    columns, names, data = packed
    slots, at = array("i", data), 0
    parts = Buckets()
    for key, kept in zip(zip(*columns, strict=True), names, strict=True):
        if type(kept) is tuple:
            bucket = parts[key] = CompactParts()
            bucket._names, bucket._slots = _shared(kept), slots[at : at + len(kept)]
            at += len(kept)
        else:
            parts[key] = kept
    return parts


class _Items(ItemsView[str, Any]):
    """`CompactParts.items()`: each value made once, not looked up by name (a roll-up reads them all)."""

    _mapping: CompactParts

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        parts = self._mapping
        if parts._spilt is not None:
            return iter(parts._spilt.items())
        return zip(parts._names, map(decode, parts._slots), strict=True)


class _Values(ValuesView[Any]):
    _mapping: CompactParts

    def __iter__(self) -> Iterator[Any]:
        parts = self._mapping
        return iter(parts._spilt.values()) if parts._spilt is not None else map(decode, parts._slots)
