"""The reports among the user's PATH…: found one file at a time, then read one file at a time.

A folder can hold thousands of exports. Opening every report before reading any would hold a file
(and a decoder) per report: 10,000 files ran out of file descriptors and used 557 MB. So `find`
opens each file only to detect its kind and closes it at once, and `Inputs.open()` opens each again
when its turn comes and closes it before the next. Standard input, a pipe or a FIFO cannot be
opened twice: those stay open from detection to reading.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from flywheel_cli.core.errors import InputError, UnknownReportError
from flywheel_cli.core.parse_cache import ParseCache
from flywheel_cli.core.results import Skipped
from flywheel_cli.reports.discover import discover
from flywheel_cli.reports.reader import Report, open_report
from flywheel_cli.reports.source import regular_file


@dataclass(slots=True)
class Found:
    """A report whose kind is known: enough to open it again."""

    source: str  # the path as discovered (an archive, not its member)
    kind: str
    encoding: str | None
    held: Report | None = None  # standard input, kept open


@dataclass(slots=True)
class Inputs:
    """The reports among the user's PATH…, each opened only when its turn comes; the files skipped."""

    found: list[Found]
    skipped: list[Skipped] = field(default_factory=list)
    cache: ParseCache | None = None  # each input's fold, kept for the next run (core/parse_cache.py)

    def open(self, kinds: set[str] | None = None) -> Iterator[Report]:
        """The reports (of `kinds`, or all), each open only while the caller holds it."""
        for item in self.found:
            if kinds is not None and item.kind not in kinds:
                continue
            report = item.held or open_report(item.source, kind=item.kind, encoding=item.encoding)
            item.held = None
            try:
                yield report
            finally:
                report.close()

    def kinds(self) -> set[str]:
        return {item.kind for item in self.found}

    def close(self) -> None:
        for item in self.found:
            if item.held is not None:
                item.held.close()
                item.held = None


def find(
    paths: list[str], kind: str | None = None, encoding: str | None = None, require: bool = True
) -> Inputs:
    """Detect every input's kind, one file open at a time. Unknown files found in folders are
    skipped, not fatal; when `require`, inputs with no report at all are an error (a gate must not
    pass on nothing)."""
    inputs = Inputs([])
    unreadable: list[tuple[str, str]] = []
    try:
        candidates = discover(paths, unreadable)
        inputs.skipped.extend(Skipped(path, reason) for path, reason in unreadable)
        for candidate in candidates:
            try:
                report = open_report(candidate.path, kind=kind, encoding=encoding)
            except UnknownReportError as exc:
                if candidate.explicit:
                    raise
                inputs.skipped.append(Skipped(candidate.path, exc.message, exc.hint))
                continue
            found = Found(candidate.path, report.kind, encoding or report.encoding)
            if regular_file(candidate.path) is None:  # standard input, a pipe, a FIFO: read only once
                found.held = report
            else:
                report.close()
            inputs.found.append(found)
    except BaseException:
        inputs.close()
        raise
    if require and not any(item.kind != "cogs" for item in inputs.found):
        inputs.close()
        skipped = len(inputs.skipped)
        what = f"{skipped} file{'s' if skipped != 1 else ''} skipped" if skipped else "only a cost file"
        raise InputError(
            f"no report flywheel knows among the inputs ({what})",
            path=", ".join(paths),
            hint="point flywheel at Seller Central or Amazon Ads exports; `flywheel inspect PATH` says what each "
            "file is",
        )
    return inputs
