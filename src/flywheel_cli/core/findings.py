"""What the rules engine found: plain, frozen results shared by `check`, `report` and the renderers.

The JSON fields are a public contract (DESIGN section 8, docs/json.md): add, never rename.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from flywheel_cli.core.results import KpiResult


class Severity(StrEnum):
    """How bad a finding is; `--fail-on` takes one of these."""

    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return 2 if self is Severity.ERROR else 1


class Basis(StrEnum):
    """Where a threshold comes from. Amazon policy and rules of thumb are never confused."""

    OFFICIAL = "official"
    RULE_OF_THUMB = "rule_of_thumb"
    SELLER_TARGET = "seller_target"


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """A loaded rule as the renderers see it (SARIF's rule list, `rules list`)."""

    id: str
    pack: str
    metric: str
    grain: str
    levels: str  # "warn above 25% · error above break_even_acos"
    basis: Basis
    source: str  # the provenance text of the threshold
    location: str  # rule file:line
    hint: str | None = None
    description: str | None = None

    def to_record(self) -> dict[str, Any]:
        return {
            "id": self.id, "pack": self.pack, "metric": self.metric, "grain": self.grain,
            "levels": self.levels, "basis": self.basis.value, "source": self.source, "location": self.location,
            "hint": self.hint, "description": self.description,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule's condition that holds for one scope (a SKU, the account, a marketplace …)."""

    rule: str
    pack: str
    severity: Severity
    scope: dict[str, Any]
    metric: str
    value: Any
    threshold: Any  # a number, or [low, high] for between / outside
    condition: str  # above | below | at_or_above | at_or_below | between | outside
    message: str
    source: str  # rule file:line of the level that fired
    basis: Basis
    grain: str
    hint: str | None = None
    period: dict[str, Any] | None = None  # for `for:` streaks: {"start", "end", "periods"}

    def to_record(self) -> dict[str, Any]:
        return {
            "rule": self.rule, "pack": self.pack, "severity": self.severity.value, "scope": self.scope,
            "metric": self.metric, "value": self.value, "threshold": self.threshold, "condition": self.condition,
            "message": self.message, "source": self.source, "basis": self.basis.value, "grain": self.grain,
            "hint": self.hint, "period": self.period,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class SkippedCheck:
    """A rule that could not be evaluated for a scope: too little data, or a report missing. Never a pass."""

    rule: str
    pack: str
    scope: dict[str, Any]
    metric: str
    reason: str
    source: str
    missing_data: bool = False  # a report it needs is missing (not merely too small a sample)

    def to_record(self) -> dict[str, Any]:
        return {"rule": self.rule, "pack": self.pack, "scope": self.scope, "metric": self.metric,
                "reason": self.reason, "source": self.source, "missing_data": self.missing_data}  # fmt: skip


@dataclass(frozen=True, slots=True)
class PassedCheck:
    """A check whose every level was evaluated and none held (JUnit lists them as passing test cases)."""

    rule: str
    pack: str
    scope: dict[str, Any]
    metric: str
    value: Any


@dataclass(frozen=True, slots=True)
class Summary:
    """Findings that are errors and warnings, checks passed and skipped; the first missing-data reason."""

    errors: int = 0
    warnings: int = 0
    passed: int = 0
    skipped: int = 0
    missing_data: int = 0  # of the skipped: rules whose report is missing
    why: str = ""  # the first missing-data reason

    def to_record(self) -> dict[str, int]:
        return {
            "errors": self.errors,
            "warnings": self.warnings,
            "passed": self.passed,
            "skipped": self.skipped,
            "skipped_missing_data": self.missing_data,
        }

    def line(self) -> str:
        """`3 errors, 5 warnings, 40 passed, 2 skipped`"""

        def plural(count: int, word: str) -> str:
            return f"{count} {word}" if count == 1 else f"{count} {word}s"

        line = (
            f"{plural(self.errors, 'error')}, {plural(self.warnings, 'warning')}, "
            f"{self.passed} passed, {self.skipped} skipped"
        )
        if self.missing_data:
            line += f" ({self.missing_data} for missing data)"
        return line

    def missing_note(self) -> str | None:
        """Why rules were skipped for missing data: the first reason, and how many more there are."""
        if not self.missing_data:
            return None
        more = (
            f" (and {self.missing_data - 1} more: --format json lists them)" if self.missing_data > 1 else ""
        )
        return f"skipped for missing data: {self.why}{more}"


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The rules engine's output for one set of inputs."""

    findings: tuple[Finding, ...]
    skipped: tuple[SkippedCheck, ...]
    passed: tuple[PassedCheck, ...]
    rules: tuple[RuleInfo, ...]
    packs: tuple[str, ...]

    @property
    def summary(self) -> Summary:
        errors = sum(1 for f in self.findings if f.severity is Severity.ERROR)
        missing = [s for s in self.skipped if s.missing_data]
        why = missing[0].reason if missing else ""
        return Summary(
            errors, len(self.findings) - errors, len(self.passed), len(self.skipped), len(missing), why
        )

    def failing(self, fail_on: Severity) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity.rank >= fail_on.rank)

    def body(self) -> dict[str, Any]:
        return {
            "findings": [finding.to_record() for finding in self.findings],
            "skipped": [skip.to_record() for skip in self.skipped],
            "summary": self.summary.to_record(),
            "packs": list(self.packs),
        }


@dataclass(frozen=True, slots=True)
class CheckResult:
    """`flywheel check`: the findings, and the inputs and period they were computed from."""

    evaluation: Evaluation
    kpis: KpiResult
    warnings: tuple[str, ...] = field(default=())

    schema = "flywheel.check/1"

    def to_records(self) -> list[dict[str, Any]]:
        return [finding.to_record() for finding in self.evaluation.findings]

    def body(self) -> dict[str, Any]:
        return {
            **self.evaluation.body(),
            "period": {
                "start": self.kpis.period_start.isoformat() if self.kpis.period_start else None,
                "end": self.kpis.period_end.isoformat() if self.kpis.period_end else None,
            },
            "inputs": [summary.to_record() for summary in self.kpis.inputs],
            "unavailable": self.kpis.unavailable,
            "warnings": list(self.warnings),
        }
