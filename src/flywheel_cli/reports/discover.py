"""Turning the user's PATH arguments into the list of files to read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flywheel_cli.core.errors import InputError

# Extensions worth opening when walking a folder; everything else (yaml, md, pdf …) is not a report.
REPORT_SUFFIXES = frozenset({".csv", ".txt", ".tsv", ".tab", ".xlsx", ".gz", ".zip", ".json"})


@dataclass(frozen=True, slots=True)
class Candidate:
    path: str
    explicit: bool  # named on the command line (errors are fatal) vs found in a folder (unknown → skipped)


def discover(paths: list[str]) -> list[Candidate]:
    found: list[Candidate] = []
    for raw in paths:
        if raw == "-":
            found.append(Candidate(raw, True))
            continue
        path = Path(raw)
        if path.is_dir():
            walked = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )  # fmt: skip
            found.extend(Candidate(str(p), False) for p in walked)
        elif path.exists():
            found.append(Candidate(raw, True))
        else:
            raise InputError(
                "no such file or folder", path=raw, hint="check the path; folders are searched recursively"
            )
    if not found:
        raise InputError(
            "no report files found",
            path=", ".join(paths),
            hint=f"flywheel reads {', '.join(sorted(REPORT_SUFFIXES))} files",
        )
    return found
