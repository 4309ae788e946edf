"""Turning the user's PATH arguments into the list of files to read."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from flywheel_cli.core.errors import InputError

# Extensions worth opening when walking a folder; everything else (yaml, md, pdf …) is not a report.
REPORT_SUFFIXES = frozenset({".csv", ".txt", ".tsv", ".tab", ".xlsx", ".gz", ".zip", ".json"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """A file to read, and whether it was named on the command line or found in a folder."""

    path: str
    explicit: bool  # named on the command line (errors are fatal) vs found in a folder (unknown → skipped)


def discover(paths: list[str], unreadable: list[tuple[str, str]] | None = None) -> list[Candidate]:
    """The files to read, in order; folders are walked (hidden files and folders left out). A
    subfolder that cannot be read is added to `unreadable` as (path, reason), to be warned about."""
    found: list[Candidate] = []
    for raw in paths:
        if raw == "-":
            found.append(Candidate(raw, True))
            continue
        path = Path(raw)
        if path.is_dir():
            found.extend(Candidate(str(p), False) for p in _walk(path, unreadable))
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


def _walk(folder: Path, unreadable: list[tuple[str, str]] | None) -> list[Path]:
    def failed(error: OSError) -> None:
        if unreadable is not None:
            unreadable.append((str(error.filename or folder), f"cannot read the folder: {error.strerror}"))

    files: list[Path] = []
    for root, folders, names in os.walk(folder, onerror=failed):
        folders[:] = [name for name in folders if not name.startswith(".")]
        base = Path(root)
        files.extend(base / name for name in names
                     if not name.startswith(".") and Path(name).suffix.lower() in REPORT_SUFFIXES
                     and (base / name).is_file())  # fmt: skip
    return sorted(files)
