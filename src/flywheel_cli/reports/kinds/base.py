"""The base of every report kind: generic, located parsing of a header-matched row into a record."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from flywheel_cli.reports import values
from flywheel_cli.reports.context import Context
from flywheel_cli.reports.spec import HeaderMatch, KindSpec

DECIMAL_COMMA_LANGUAGES = frozenset({"de", "fr", "it", "es", "pt", "nl", "sv", "pl"})
Parser = Callable[[str], Any]

_EXPECTED = {
    "money": "an amount",
    "int": "a whole number",
    "percent": "a percentage",
    "fraction": "a ratio",
    "date": "a date",
    "daterange": "a date range",
}


def parser_for(kind: str, context: Context) -> Parser:
    comma, day_first = context.decimal_comma, context.day_first
    if kind == "text":
        return values.parse_text
    if kind == "money":
        return values.parse_decimal_comma if comma else values.parse_decimal
    if kind == "int":
        return values.parse_int_comma if comma else values.parse_int
    if kind == "percent":
        if context.percent_as_fraction:
            return lambda raw: values.parse_fraction(raw, comma)
        return lambda raw: values.parse_percent(raw, comma)
    if kind == "fraction":
        return lambda raw: values.parse_fraction(raw, comma)
    if kind == "date":
        return lambda raw: values.parse_date(raw, day_first)
    if kind == "daterange":
        return lambda raw: values.parse_date_range(raw, day_first)
    raise ValueError(f"unknown field parse kind {kind!r}")


class Kind:
    """One report kind. Subclasses set `SPEC` and `RECORD`, and may override `make`."""

    SPEC: ClassVar[KindSpec]
    RECORD: ClassVar[type]
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ()
    PERIOD_FIELD: ClassVar[str | None] = "date"
    PERIOD_END_FIELD: ClassVar[str | None] = None  # a row covering a range (Ads: Start/End Date)
    # What the report is part of, and how it is dated (docs/decisions.md, "One honest ledger"):
    # `rows` — each row carries its own date (or range); `undated` — one span for the whole file that
    # the file does not state (a by-item Business Report); `snapshot` — a state on a date, not a flow;
    # `none` — not a report of the business (the seller's cost file).
    FAMILY: ClassVar[str] = ""
    DATING: ClassVar[str] = "rows"
    # Fields every layout of the kind carries: one missing from a header is a damaged or edited
    # file, and gets a warning naming the column (the parts it feeds are then null, never 0).
    EXPECTED: ClassVar[tuple[str, ...]] = ()
    # Money fields whose cells, in a sample of rows, say whether the file writes a decimal comma, for a
    # kind whose header is English in every marketplace (settlement): there the language says nothing.
    SAMPLED_MONEY: ClassVar[tuple[str, ...]] = ()
    # Rows may stop before the header's last columns (a settlement's summary row): padded, not refused.
    SHORT_ROWS: ClassVar[bool] = False

    def decimal_comma(self, match: HeaderMatch) -> bool:
        return match.language in DECIMAL_COMMA_LANGUAGES

    def refusal(self, match: HeaderMatch) -> tuple[str, int | None, str] | None:
        """(why, the column to point at, what to download instead) for a kind recognised only to be
        refused at its header, before any row (kinds/ads_grid.py); None for a report that is read."""
        return None

    def stated(
        self, match: HeaderMatch, sample: Sequence[Sequence[str]], day_first: bool
    ) -> tuple[tuple[date, date] | None, str | None]:
        """(the span, the currency) a file states outside its records, read from its first rows: a
        settlement's summary row. Neither, for most kinds (their records say it)."""
        return None, None

    def builder(
        self, match: HeaderMatch, context: Context, sample: Sequence[Sequence[str]] = ()
    ) -> Callable[[int, list[str]], Any]:
        """The row → record function for one file; `sample` is its first rows, unchecked, for kinds
        whose rows say what they are only together (a by-date Business Report: days, weeks, months)."""
        plan = [
            (spec_field.name, index, parser_for(spec_field.parse, context), spec_field.parse)
            for spec_field in self.SPEC.fields
            if (index := match.columns.get(spec_field.name)) is not None
        ]
        planned = {name for name, *_ in plan}
        headers = {name: match.column(name) for name in planned}  # as the file writes them, for messages
        absent = {spec_field.name: None for spec_field in self.SPEC.fields if spec_field.name not in planned}
        make = self.make

        def build(line: int, cells: list[str]) -> Any:
            row: dict[str, Any] = dict(absent)
            for name, index, parse, kind in plan:
                try:
                    row[name] = parse(cells[index])
                except ValueError as exc:
                    raise values.CellError(
                        f"{_EXPECTED.get(kind, 'a value')} was expected in column {headers[name]!r}, "
                        f"found {excerpt(cells[index])}",
                        index,
                        hint=_hint(kind),
                    ) from exc
            return make(line, row)

        return build

    def make(self, line: int, row: dict[str, Any]) -> Any:
        return self.RECORD(line, *(row.get(name) for name in _record_fields(self.RECORD)))

    # JSON-document kinds (seller performance) override these two.
    def accepts_document(self, document: Any) -> bool:
        return False

    def document_records(self, document: Any, path: str) -> Iterator[Any]:
        return iter(())


def excerpt(cell: str, limit: int = 60) -> str:
    """A cell as an error message quotes it: whole when short, else its start and its length (a 10 MB
    cell must not become 10 MB of stderr)."""
    text = cell.strip()
    return repr(text) if len(text) <= limit else f"{text[:limit]!r}… ({len(text):,} characters)"


@functools.cache
def _record_fields(record: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(record) if f.name != "line")


def _hint(kind: str) -> str | None:
    if kind in {"money", "int", "percent", "fraction"}:
        return "was the file edited by hand or re-saved with another number format? re-download the report"
    if kind in {"date", "daterange"}:
        return "flywheel reads Amazon's date forms (Jan 5, 2026 / 05.01.2026 / 2026-01-05 …); re-download the report"
    return None


def add(*amounts: Decimal | None) -> Decimal | None:
    """Sum of the amounts that are present; None when none is."""
    present = [a for a in amounts if a is not None]
    return sum(present, Decimal(0)) if present else None


def add_int(*counts: int | None) -> int | None:
    present = [c for c in counts if c is not None]
    return sum(present) if present else None
