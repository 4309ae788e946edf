"""Results of the `flywheel rules …` commands (`check` and `report` use core/findings.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flywheel_cli.core.findings import RuleInfo


@dataclass(frozen=True, slots=True)
class RulesList:
    """`flywheel rules list`: every rule that `check` would evaluate."""

    rules: tuple[RuleInfo, ...]

    schema = "flywheel.rules/1"

    def to_records(self) -> list[dict[str, Any]]:
        return [rule.to_record() for rule in self.rules]

    def body(self) -> dict[str, Any]:
        return {"rules": self.to_records()}


@dataclass(frozen=True, slots=True)
class RuleDetail:
    """`flywheel rules show`: one rule in full, with its metric's unit and definition."""

    info: RuleInfo
    rule: dict[str, Any]  # the rule as written (keys of the rule file), defaults filled in
    metric_unit: str
    metric_definition: str

    schema = "flywheel.rule/1"

    def to_records(self) -> list[dict[str, Any]]:
        return [self.info.to_record()]

    def body(self) -> dict[str, Any]:
        return {
            **self.info.to_record(),
            "rule": self.rule,
            "metric_unit": self.metric_unit,
            "metric_definition": self.metric_definition,
        }


@dataclass(frozen=True, slots=True)
class FileCheck:
    """One rule file validated: how many rules it holds, and its errors."""

    path: str
    rules: int
    errors: tuple[str, ...]  # `file:line:col: error: …` lines


@dataclass(frozen=True, slots=True)
class ValidateResult:
    """`flywheel rules validate`: each rule file's rules and errors."""

    files: tuple[FileCheck, ...]

    schema = "flywheel.rules-validate/1"

    @property
    def ok(self) -> bool:
        return not any(f.errors for f in self.files)

    def to_records(self) -> list[dict[str, Any]]:
        return [
            {"path": f.path, "rules": f.rules, "errors": list(f.errors), "ok": not f.errors}
            for f in self.files
        ]

    def body(self) -> dict[str, Any]:
        return {"files": self.to_records(), "ok": self.ok}


@dataclass(frozen=True, slots=True)
class CaseResult:
    """One case of a rule test file, and what it got wrong (nothing when it passes)."""

    location: str  # test file:line of the case
    name: str
    problems: tuple[str, ...]  # empty when the case passes

    @property
    def passed(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class RuleTestResult:
    """`flywheel rules test`: every case of the rule test files, passed or failed."""

    cases: tuple[CaseResult, ...]

    schema = "flywheel.rules-test/1"

    @property
    def failed(self) -> int:
        return sum(1 for case in self.cases if not case.passed)

    def to_records(self) -> list[dict[str, Any]]:
        return [
            {"location": c.location, "name": c.name, "passed": c.passed, "problems": list(c.problems)}
            for c in self.cases
        ]

    def body(self) -> dict[str, Any]:
        return {"cases": self.to_records(), "passed": len(self.cases) - self.failed, "failed": self.failed}
