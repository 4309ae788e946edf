"""Counting rows, period and marketplaces while records stream past (for `inputs[]`)."""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flywheel_cli.core.digest import LARGE, sha256
from flywheel_cli.core.results import InputSummary
from flywheel_cli.reports.batches import Batch, Selection, batches
from flywheel_cli.reports.markets import CURRENCIES
from flywheel_cli.reports.reader import Report
from flywheel_cli.reports.registry import KINDS
from flywheel_cli.reports.source import regular_file

if TYPE_CHECKING:
    import threading

Progress = Callable[[str, int], None]  # (path, rows read so far); called every PROGRESS_EVERY rows
PROGRESS_EVERY = 25_000


class Tally:
    """Wraps a report's records; after they are consumed, `summary()` describes the input."""

    def __init__(self, report: Report, progress: Progress | None = None, sha256: str | None = None) -> None:
        self.report = report
        self.progress = progress
        self.rows = 0
        self.first: date | None = None
        self.last: date | None = None
        self.marketplaces: set[str] = set()
        self.currencies: set[str] = set()
        self.digest = _Digest(report.path, sha256)

    def records(self) -> Iterator[Any]:
        kind = KINDS[self.report.kind]
        period_field = kind.PERIOD_FIELD
        end_field = kind.PERIOD_END_FIELD
        first = last = None
        marketplaces = self.marketplaces
        currencies = self.currencies
        rows = 0
        progress = self.progress
        for record in self.report.records():
            rows += 1
            if progress is not None and not rows % PROGRESS_EVERY:
                progress(self.report.path, rows)
            when = getattr(record, period_field) if period_field else None
            if when is not None:
                if first is None or when < first:
                    first = when
                if last is None or when > last:
                    last = when
            if end_field is not None:
                until = getattr(record, end_field)
                if until is not None and (last is None or until > last):
                    last = until
            market = getattr(record, "marketplace", None)
            if market is not None:
                marketplaces.add(market)
            currency = getattr(record, "currency", None)
            if currency is not None:
                currencies.add(currency)
            yield record
        self.rows, self.first, self.last = rows, first, last

    def batches(self, selection: Selection) -> Iterator[Batch]:
        """The report's chosen cells in batches (reports.batches), with progress; the caller sets
        `rows`, `first`, `last` after."""
        progress, path = self.progress, self.report.path
        reported = 0

        def step(done: int) -> None:
            nonlocal reported
            if progress is not None and done // PROGRESS_EVERY > reported:
                reported = done // PROGRESS_EVERY
                progress(path, done)

        return batches(self.report, selection, step)

    def summary(self) -> InputSummary:
        report = self.report
        marketplace = ",".join(sorted(self.marketplaces)) or None
        currency = report.context.currency
        if len(self.currencies) == 1:
            currency = next(iter(self.currencies))
        elif self.currencies:
            currency = ",".join(sorted(self.currencies))
        if marketplace in CURRENCIES and (
            currency is None or (currency == "USD" and marketplace in {"CA", "MX"})
        ):
            currency = CURRENCIES[marketplace]  # `$` alone is ambiguous; the marketplace settles it
        kind = KINDS[report.kind]
        dating = kind.DATING
        if dating == "rows" and self.rows and self.first is None and kind.FAMILY == "ads":
            dating = "undated"  # a layout without dates (the 2019 ad-group download): its span is unknown
        first, last = self.first, self.last
        if first is None and report.context.span is not None:  # a settlement without amount rows
            first, last = report.context.span
        span_from = {"rows": "rows", "snapshot": "snapshot"}.get(dating) if first else None
        return InputSummary(
            path=report.path,
            sha256=self.digest.result(),
            kind=report.kind,
            layout=report.layout,
            language=report.language.split("_")[0],
            encoding=report.encoding,
            delimiter=report.delimiter,
            container=report.container,
            header_line=report.header_line,
            rows=self.rows,
            period_start=first,
            period_end=last,
            currency=currency,
            marketplace=marketplace,
            unknown_columns=tuple(report.unknown_columns),
            family=kind.FAMILY,
            dating=dating,
            span_from=span_from,
            content_sha256=self.digest.content,
            missing_columns=tuple(missing_columns(report)),
        )


def missing_columns(report: Report) -> list[str]:
    """The header names of the columns every layout of the report's kind has and this file lacks."""
    kind = KINDS[report.kind]
    if report.match is None:
        return []
    fields = {spec.name: spec for spec in kind.SPEC.fields}
    return [
        column_name(fields[name], report.language)
        for name in kind.EXPECTED
        if name not in report.match.columns
    ]


def column_name(spec: Any, language: str) -> str:
    """A field's header name as the report's language writes it (else the English one)."""
    return str(spec.header(language))


class _Digest:
    """The file's SHA-256 (for a zip member, the archive's), and the SHA-256 of its content once
    un-gzipped or un-zipped (the same as the file's for a plain file). A file from `digest.LARGE` up, or
    a compressed one, is hashed in a thread while the report is folded: OpenSSL's hashing releases the
    GIL, so on a machine with two cores it costs no time. A smaller plain file is hashed at once, in
    this thread: the interpreter's own SHA-256 holds the GIL, so a thread would gain nothing and cost
    its start. None
    for what cannot be read twice — standard input, a pipe, a FIFO — since a second reader would take
    the parser's data. `known`: the file's SHA-256 when the caller has it already (the parse cache)."""

    def __init__(self, path: str, known: str | None = None) -> None:
        self.member = path.split("!", 1)[1] if "!" in path and not Path(path).exists() else None
        self.path = regular_file(path)
        self.known = known
        self.value: str | None = None
        self.content: str | None = None
        self.error: OSError | None = None
        self.thread: threading.Thread | None = None
        if self.path is None:
            return
        if self.member is None and _small_plain(self.path):
            # Now, before the rows are read, as the thread would; a plain file's content is the file.
            self.value = self.content = self.known or self._file()
            return
        import threading  # only for a large or compressed file: a thread and its start are ~1 ms

        self.thread = threading.Thread(target=self._run, name="sha256", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        assert self.path is not None
        self.value = self.known or self._file()
        if self.value is None:
            return
        self.content = self.value if self.member is None and not _gzipped(self.path) else self._content()

    def _file(self) -> str | None:
        assert self.path is not None
        try:
            digest = sha256(os.path.getsize(self.path))
            with open(self.path, "rb") as file:
                for block in iter(lambda: file.read(1 << 20), b""):
                    digest.update(block)
        except OSError as exc:
            self.error = exc
            return None
        return digest.hexdigest()

    def _content(self) -> str | None:
        """The SHA-256 of the decompressed content (None when it cannot be read: the parser says why)."""
        assert self.path is not None
        import gzip  # only for a compressed input (reports/archive.py)
        import zipfile

        digest = sha256(LARGE)  # its size is not known before it is read
        try:
            if self.member is not None:
                with zipfile.ZipFile(self.path) as archive, archive.open(self.member) as stream:
                    for block in iter(lambda: stream.read(1 << 20), b""):
                        digest.update(block)
            else:
                with gzip.open(self.path, "rb") as stream:
                    for block in iter(lambda: stream.read(1 << 20), b""):
                        digest.update(block)
        except (
            OSError,
            EOFError,
            zlib.error,
            zipfile.BadZipFile,
            KeyError,
            RuntimeError,
            ValueError,
            NotImplementedError,
        ):  # a damaged archive: the parser reports it, located
            return None
        return digest.hexdigest()

    def result(self) -> str | None:
        if self.thread is not None:
            self.thread.join()
        if self.error is not None:
            raise self.error
        return self.value


def _small_plain(path: str) -> bool:
    """A plain file under `LARGE` bytes, hashed at once. A gzip (or a zip member) goes to a thread
    whatever its size: its content, perhaps many times larger, is hashed by OpenSSL."""
    try:
        return os.path.getsize(path) < LARGE and not _gzipped(path)
    except OSError:
        return True  # hashed at once, which keeps why it cannot be read for `result()`


def _gzipped(path: str) -> bool:
    with open(path, "rb") as file:
        return file.read(2) == b"\x1f\x8b"
