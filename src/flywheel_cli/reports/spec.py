"""How a report kind is described: canonical fields, their localised header names, and detection.

A kind module declares its fields as data (`Field`), each with the header names it goes by in every
language, already written as they appear in real files; they are normalised once at import. Detection
matches a header row against every kind's fields and never looks at file names or positions.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

_DASHES = str.maketrans(
    {"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-", "\u2019": "'", "\u2018": "'"}
)


# Cached: the Ads kinds share their fields and localised names, so most names recur at import.
@functools.lru_cache(maxsize=8192)
def normalise_header(cell: str) -> str:
    """NFKC, casefold, dashes to '-', whitespace (NBSP included) collapsed, stripped, BOM removed."""
    if cell.isascii():  # the same result, 8x sooner: NFKC, casefold and the dashes leave ASCII as is
        return " ".join(cell.lower().split())
    text = unicodedata.normalize("NFKC", cell.replace("\ufeff", "")).casefold().translate(_DASHES)
    return " ".join(text.split())  # str.split's whitespace is re's \s: every str.isspace() character


NEUTRAL = "*"  # a header name shared by every language (`SKU`, `ASIN`): no evidence of language


@dataclass(frozen=True, slots=True)
class Field:
    """One canonical field and the header names that carry it, by language (`NEUTRAL` for shared)."""

    name: str
    aliases: Mapping[str, Sequence[str]]
    parse: str = "text"  # text | money | int | percent | fraction | date | daterange
    required: bool = False

    def header(self, language: str) -> str:
        """The field's header name as a report in `language` writes it (else the English one)."""
        for key in (language, language.split("_", maxsplit=1)[0], "en", NEUTRAL):
            names = self.aliases.get(key)
            if names:
                return str(names[0])
        return self.name

    def names(self) -> Iterable[tuple[str, str]]:
        for language, names in self.aliases.items():
            for name in names:
                yield normalise_header(name), language


@dataclass(frozen=True, slots=True)
class HeaderMatch:
    """How one kind matches one header row."""

    kind: str
    columns: dict[str, int]  # canonical field → column index
    missing: tuple[str, ...]  # required fields not found
    unknown: tuple[str, ...]  # header cells no field or known-ignored name accounts for
    language: str
    score: int
    header: tuple[str, ...] = ()  # the header cells as the file writes them

    @property
    def complete(self) -> bool:
        return not self.missing

    def column(self, name: str) -> str:
        """Field `name`'s column as the file's header writes it (for messages), else the field name (a
        header cell padded to an absurd length is not quoted whole)."""
        index = self.columns.get(name)
        text = self.header[index] if index is not None and index < len(self.header) else ""
        return text if 0 < len(text) <= 80 else name


@dataclass(frozen=True, slots=True)
class KindSpec:
    """A report kind: its fields, the columns it knows but does not use, and how to name its layout."""

    name: str
    title: str
    fields: Sequence[Field]
    ignored: Mapping[str, Sequence[str]] = field(default_factory=dict)
    layout: Callable[[HeaderMatch, Sequence[str]], str] = lambda match, header: f"{len(header)}-col"
    # Extra signature check beyond required fields (e.g. "has Customer Search Term").
    accepts: Callable[[HeaderMatch], bool] = lambda match: True
    # The fields `accepts` looks for, named in "closest kinds" when a header has every required field
    # but is still not this kind (a search-term report is an advertised-product report plus a term).
    signature: tuple[str, ...] = ()
    # Made on first use (`lookup`), so not part of what a spec is: never compared.
    _lookup: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False, compare=False)
    _ignored: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def lookup(self) -> dict[str, tuple[str, str]]:
        """Normalised header name → (field, language), made on first use: detection reads the generated
        header index instead (reports/registry.py), so a kind read by it never needs its own."""
        if not self._lookup:
            # Built whole, then published, `_ignored` first: a thread that finds `_lookup` filled
            # finds both done (a spec with no fields builds its empty table again: the same).
            lookup: dict[str, tuple[str, str]] = {}
            for spec_field in self.fields:
                for name, language in spec_field.names():
                    lookup.setdefault(name, (spec_field.name, language))
            ignored: dict[str, str] = {}
            for language, names in self.ignored.items():
                for name in names:
                    ignored.setdefault(normalise_header(name), language)
            object.__setattr__(self, "_ignored", ignored)
            object.__setattr__(self, "_lookup", lookup)
            return lookup
        return self._lookup

    def ignored_names(self) -> dict[str, str]:
        """Normalised known-but-unused header name → language."""
        self.lookup()
        return self._ignored

    def required(self) -> tuple[str, ...]:
        """The required fields' names, in field order."""
        return tuple(spec_field.name for spec_field in self.fields if spec_field.required)

    def match(self, header: Sequence[str]) -> HeaderMatch:
        lookup = self.lookup()
        return match_header(self.name, lookup, self._ignored, self.required(), header)


def match_header(
    kind: str,
    lookup: Mapping[str, tuple[str, str]],
    ignored: Mapping[str, str],
    required: Iterable[str],
    header: Sequence[str],
) -> HeaderMatch:
    """How `header` matches a kind whose normalised header names are `lookup` (name → field, language)
    and `ignored` (name → language), and whose `required` fields are named in field order."""
    columns: dict[str, int] = {}
    languages: Counter[str] = Counter()
    unknown: list[str] = []
    for index, cell in enumerate(header):
        key = normalise_header(cell)
        found = lookup.get(key)
        if found is not None:
            name, language = found
            columns.setdefault(name, index)
            languages[language] += 1
        elif key in ignored:
            languages[ignored[key]] += 1
        elif key:
            unknown.append(cell.strip())
    languages.pop(NEUTRAL, None)
    language = languages.most_common(1)[0][0] if languages else "en"
    missing = tuple(name for name in required if name not in columns)
    score = len(columns) * 2 - len(unknown)
    cells = tuple(cell.replace("\ufeff", "").strip() for cell in header)
    return HeaderMatch(kind, columns, missing, tuple(unknown), language, score, cells)


class Detectable(Protocol):
    """What detection matches a header row against: a kind's `KindSpec`, or its generated header table
    (reports/registry.py), which stands for it without importing the kind."""

    @property
    def name(self) -> str: ...

    def match(self, header: Sequence[str]) -> HeaderMatch: ...

    def accepts(self, match: HeaderMatch) -> bool: ...


def aliases(**by_language: str | Sequence[str]) -> dict[str, Sequence[str]]:
    """`aliases(en="Units Ordered", de=["Bestellte Einheiten"])`; `any=` means language-neutral."""
    result: dict[str, Sequence[str]] = {}
    for language, names in by_language.items():
        key = NEUTRAL if language == "any" else language
        result[key] = [names] if isinstance(names, str) else list(names)
    return result


def english(name: str, parse: str, *names: str, required: bool = False) -> Field:
    """A field of a report Amazon writes in English only, under one or more header names."""
    return Field(name, aliases(en=list(names)), parse, required)


def best_match(
    specs: Sequence[Detectable], header: Sequence[str]
) -> tuple[HeaderMatch | None, list[HeaderMatch]]:
    """The complete match with the highest score, and every match ranked (for 'closest kinds')."""
    matches = sorted((spec.match(header) for spec in specs), key=lambda m: (-m.score, m.kind))
    complete = [m for m in matches if m.complete and _accepted(specs, m)]
    return (complete[0] if complete else None), matches


def _accepted(specs: Sequence[Detectable], match: HeaderMatch) -> bool:
    return all(spec.accepts(match) for spec in specs if spec.name == match.kind)


Row = Sequence[str]
Builder = Callable[[int, Row], Any]
