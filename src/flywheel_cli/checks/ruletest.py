"""`flywheel rules test`: unit tests for rule files, in YAML (like `promtool test rules`).

A test file names the rule files it tests and lists cases; each case gives metric values for some
rows and the findings (and skips) expected. Every other check must pass. See docs/rules.md.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from flywheel_cli.checks import loader
from flywheel_cli.checks.engine import evaluate
from flywheel_cli.checks.results import CaseResult
from flywheel_cli.checks.schema import known_metric
from flywheel_cli.checks.table import CaseRow, CaseTable
from flywheel_cli.checks.where import Member
from flywheel_cli.core import yamldoc
from flywheel_cli.core.errors import ConfigError
from flywheel_cli.metrics.rollup import TIME_GRAINS, Grain


def _text(value: Any) -> Any:
    """YAML reads 2026-10-01 as a date and 12345 as a number; labels and ids are text here."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return str(value)
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _known(values: dict[str, Any]) -> dict[str, Any]:
    for name in values:
        known_metric(name)
    return values


class SeriesSpec(_Strict):
    """Consecutive periods from `start`, one value per period for each metric (null: no value)."""

    grain: Grain = Grain.DAY
    start: str
    metrics: dict[str, list[Decimal | None]]

    @field_validator("start", mode="before")
    @classmethod
    def _start(cls, value: Any) -> Any:
        return _text(value)

    @field_validator("metrics")
    @classmethod
    def _names(cls, value: dict[str, Any]) -> dict[str, Any]:
        return _known(value)

    @field_validator("grain")
    @classmethod
    def _time(cls, value: Grain) -> Grain:
        if value not in TIME_GRAINS:
            raise ValueError("a series is by day, week or month")
        return value


class RowSpec(_Strict):
    scope: dict[str, str] = Field(default_factory=dict)
    category: str | None = None
    marketplace: str | None = None
    sku: str | None = None
    asin: str | None = None
    tags: list[str] = Field(default_factory=list)
    metrics: dict[str, Decimal | None] = Field(default_factory=dict)
    period: str | None = None
    series: SeriesSpec | None = None

    @field_validator("period", mode="before")
    @classmethod
    def _label(cls, value: Any) -> Any:
        return _text(value)

    @field_validator("metrics")
    @classmethod
    def _names(cls, value: dict[str, Any]) -> dict[str, Any]:
        return _known(value)

    @field_validator("scope", mode="before")
    @classmethod
    def _scope(cls, value: Any) -> Any:
        return {k: _text(v) for k, v in value.items()} if isinstance(value, dict) else value

    @model_validator(mode="after")
    def _one_period(self) -> RowSpec:
        if self.period is not None and self.series is not None:
            raise ValueError("give `period` or `series`, not both")
        return self


class Expect(_Strict):
    rule: str
    severity: Literal["error", "warning", "skipped"]
    scope: dict[str, str] = Field(default_factory=dict)
    message: str | None = None

    @field_validator("scope", mode="before")
    @classmethod
    def _scope(cls, value: Any) -> Any:
        return {k: _text(v) for k, v in value.items()} if isinstance(value, dict) else value


class Case(_Strict):
    name: str
    rules: list[str] | None = None  # only these rule ids (default: every rule of the files)
    rows: list[RowSpec] = Field(min_length=1)
    expect: list[Expect] = Field(default_factory=list)


class TestFile(_Strict):
    rule_files: list[str] = Field(min_length=1)
    tests: list[Case] = Field(min_length=1)


def _labels(series: SeriesSpec, count: int) -> list[str]:
    if series.grain is Grain.DAY:
        first = date.fromisoformat(series.start)
        return [(first + timedelta(days=n)).isoformat() for n in range(count)]
    if series.grain is Grain.WEEK:
        iso_year, iso_week = series.start.split("-W")
        monday = date.fromisocalendar(int(iso_year), int(iso_week), 1)
        labels = []
        for n in range(count):
            y, w, _ = (monday + timedelta(weeks=n)).isocalendar()
            labels.append(f"{y}-W{w:02d}")
        return labels
    month0 = int(series.start[:4]) * 12 + int(series.start[5:7]) - 1
    return [f"{(month0 + n) // 12}-{(month0 + n) % 12 + 1:02d}" for n in range(count)]


def _rows(spec: RowSpec) -> list[CaseRow]:
    scope = spec.scope
    member = Member(
        spec.marketplace or scope.get("marketplace"), spec.sku or scope.get("sku"), spec.asin or scope.get("asin"),
        spec.category or scope.get("category"), frozenset(spec.tags),
    )  # fmt: skip
    if spec.series is None:
        return [CaseRow(scope, member, dict(spec.metrics), spec.period)]
    count = max((len(values) for values in spec.series.metrics.values()), default=0)
    rows = []
    for n, label in enumerate(_labels(spec.series, count)):
        values = {name: (v[n] if n < len(v) else None) for name, v in spec.series.metrics.items()}
        rows.append(CaseRow(scope, member, {**spec.metrics, **values}, label))
    return rows


def _key(rule: str, severity: str, scope: dict[str, Any]) -> str:
    where = ", ".join(f"{k}={v}" for k, v in scope.items()) or "account"
    return f"{rule} {severity} [{where}]"


def run(path: Path) -> list[CaseResult]:
    data, marks = yamldoc.load(path)
    if not isinstance(data, dict):
        raise ConfigError(
            "a rule test file is a mapping with `rule_files` and `tests`", path=str(path), line=1
        )
    try:
        spec = TestFile.model_validate(data)
    except ValidationError as exc:
        raise yamldoc.validation_error(path, marks, exc) from None
    rules = []
    for entry in spec.rule_files:
        for source in loader.resolve(entry, path.parent):
            rules.extend(loader.load_source(source))
    by_id = {rule.id: rule for rule in rules}
    results = []
    for index, case in enumerate(spec.tests):
        line = yamldoc.locate(marks, ("tests", index))[0]
        for rule_id in case.rules or []:
            if rule_id not in by_id:
                raise ConfigError(f"tests.{index}.rules: no rule {rule_id!r} in the rule files", path=str(path),
                                  line=line)  # fmt: skip
        chosen = [by_id[r] for r in case.rules] if case.rules else rules
        table = CaseTable([row for spec_row in case.rows for row in _rows(spec_row)])
        evaluation = evaluate(chosen, table)
        got = {_key(f.rule, f.severity.value, f.scope): f.message for f in evaluation.findings}
        got.update({_key(s.rule, "skipped", s.scope): s.reason for s in evaluation.skipped})
        wanted = {_key(e.rule, e.severity, e.scope): e.message for e in case.expect}
        problems = [f"missing: {key}" for key in wanted if key not in got]
        problems += [f"unexpected: {key}: {text}" for key, text in got.items() if key not in wanted]
        problems += [
            f"message of {key}: expected {text!r}, got {got[key]!r}"
            for key, text in wanted.items()
            if text is not None and key in got and got[key] != text
        ]
        results.append(CaseResult(f"{path}:{line}", case.name, tuple(problems)))
    return results
