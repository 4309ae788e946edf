"""Output formats (a public contract: add, never rename)."""

from __future__ import annotations

import os
from enum import StrEnum


class Format(StrEnum):
    AUTO = "auto"
    TABLE = "table"
    PLAIN = "plain"
    MARKDOWN = "markdown"
    JSON = "json"
    NDJSON = "ndjson"
    CSV = "csv"
    GITHUB = "github"
    JUNIT = "junit"
    SARIF = "sarif"
    SVG = "svg"
    HTML = "html"


MACHINE = frozenset({Format.JSON, Format.NDJSON, Format.CSV, Format.GITHUB, Format.JUNIT, Format.SARIF})


def resolve(fmt: Format, stdout_is_tty: bool, allowed: frozenset[Format]) -> Format:
    """`auto`: a table on a terminal, GitHub annotations under GitHub Actions (where supported), else plain."""
    if fmt is not Format.AUTO:
        return fmt
    if os.environ.get("GITHUB_ACTIONS") == "true" and Format.GITHUB in allowed:
        return Format.GITHUB
    return Format.TABLE if stdout_is_tty else Format.PLAIN
