"""One function per command. Each returns a result object and never prints (the CLI renders)."""

from __future__ import annotations

from dataclasses import dataclass

from flywheel_cli.core.errors import UnknownReportError
from flywheel_cli.core.results import InspectResult, Skipped
from flywheel_cli.reports.discover import discover
from flywheel_cli.reports.reader import Report, open_report
from flywheel_cli.reports.tally import Tally


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read inputs: shared by every command that takes PATH…"""

    kind: str | None = None
    encoding: str | None = None


def open_reports(paths: list[str], options: ReadOptions) -> tuple[list[Report], list[Skipped]]:
    """Open every input (walking folders). Unknown files found in folders are skipped, not fatal."""
    reports: list[Report] = []
    skipped: list[Skipped] = []
    try:
        for candidate in discover(paths):
            try:
                reports.append(open_report(candidate.path, kind=options.kind, encoding=options.encoding))
            except UnknownReportError as exc:
                if candidate.explicit:
                    raise
                skipped.append(Skipped(candidate.path, exc.message))
    except BaseException:
        for report in reports:
            report.close()
        raise
    return reports, skipped


def inspect(paths: list[str], options: ReadOptions | None = None) -> InspectResult:
    """What each file is: kind, layout, language, encoding, rows, period, currency, marketplace."""
    reports, skipped = open_reports(paths, options or ReadOptions())
    summaries = []
    try:
        for report in reports:
            tally = Tally(report)
            for _ in tally.records():
                pass
            summaries.append(tally.summary())
    finally:
        for report in reports:
            report.close()
    return InspectResult(tuple(summaries), tuple(skipped))
