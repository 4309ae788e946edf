"""Errors and exit codes: the public failure contract (DESIGN section 7).

Every failure the user can fix is a `FlywheelError`; the CLI prints it as one line
`path:line:col: error: message` plus an optional `hint:` line, and exits with its code.
Anything else escaping a command is a bug and exits 3.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Frozen exit codes. Add, never renumber."""

    OK = 0
    FINDINGS = 1
    BAD_INPUT = 2
    INTERNAL = 3


class FlywheelError(Exception):
    """A problem with the user's input, usage or configuration (exit 2 unless stated)."""

    exit_code: ExitCode = ExitCode.BAD_INPUT

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.hint = hint

    def location(self) -> str:
        """`path:line:col` with the parts that are known."""
        parts = [self.path or "flywheel"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def render(self) -> str:
        text = f"{self.location()}: error: {self.message}"
        if self.hint:
            text += f"\nhint: {self.hint}"
        return text


class InputError(FlywheelError):
    """An export that cannot be read, decoded, recognised or parsed."""


class UsageError(FlywheelError):
    """Bad command-line usage (an option value, a missing path)."""


class ConfigError(FlywheelError):
    """An invalid flywheel.yaml or rule file."""


class UnknownReportError(InputError):
    """A readable table whose header matches no report kind (skipped when met while walking a folder)."""
