"""Every report kind, by name. Detection tries them all; `--kind` picks one.

A kind's module is imported when the kind is first used: read, folded, or asked whether it accepts a
header row that holds all its required columns. Detection matches header rows against the tables in
`header_index.py`, generated from the kinds' own fields (`make header-index`; tests/test_header_index.py
fails when they are stale), so that reading a Payments report does not import the other kinds
(docs/decisions.md, "Start-up").
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from flywheel_cli.reports import header_index
from flywheel_cli.reports.kind_modules import kinds_in
from flywheel_cli.reports.kinds.base import Kind
from flywheel_cli.reports.spec import HeaderMatch, KindSpec, match_header


class Registry(Mapping[str, Kind]):
    """Kind name → kind, importing a kind's module on first access. Its names and their order come from
    the generated index, so listing them imports nothing."""

    def __init__(self) -> None:
        self._loaded: dict[str, Kind] = {}

    def __getitem__(self, name: str) -> Kind:
        kind = self._loaded.get(name)
        if kind is None:
            for each in kinds_in(header_index.MODULE_OF[name]):
                self._loaded[each.SPEC.name] = each
            kind = self._loaded[name]
        return kind

    def __iter__(self) -> Iterator[str]:
        return iter(header_index.MODULE_OF)

    def __len__(self) -> int:
        return len(header_index.MODULE_OF)

    def __contains__(self, name: object) -> bool:
        return name in header_index.MODULE_OF


KINDS = Registry()


@dataclass(frozen=True, slots=True)
class HeaderTable:
    """A kind as detection sees it, from the generated index: its normalised header names and required
    fields. The kind itself is imported only to ask `accepts` of a header holding every required field."""

    name: str
    lookup: Mapping[str, tuple[str, str]]
    ignored: Mapping[str, str]
    required: tuple[str, ...]

    def match(self, header: Sequence[str]) -> HeaderMatch:
        return match_header(self.name, self.lookup, self.ignored, self.required, header)

    def accepts(self, match: HeaderMatch) -> bool:
        return KINDS[self.name].SPEC.accepts(match)


_TABLES = {name: HeaderTable(name, *table) for name, table in header_index.TABLES.items()}


def header_tables(kind: str | None = None) -> list[HeaderTable]:
    """What detection matches header rows against: every kind that is a table, or the one `kind`."""
    if kind is None:
        return list(_TABLES.values())
    return [_TABLES[kind]] if kind in _TABLES else []


def document_kinds(kind: str | None = None) -> list[str]:
    """The kinds that are JSON documents, not tables (no columns to match): every one, or `kind`."""
    return [name for name in KINDS if name not in _TABLES and (kind is None or kind == name)]


def table_specs(kind: str | None = None) -> list[KindSpec]:
    """The full specs of the kinds `header_tables` names, for messages about a header no kind matched
    (their titles and localised names): this imports every kind module."""
    chosen = [KINDS[kind]] if kind else list(KINDS.values())
    return [module.SPEC for module in chosen if module.SPEC.fields]
