"""`flywheel rules list|show|validate|test` output."""

from __future__ import annotations

from typing import Any

from flywheel_cli.checks.results import RuleDetail, RulesList, RuleTestResult, ValidateResult
from flywheel_cli.checks.where import describe
from flywheel_cli.render.document import Document
from flywheel_cli.render.findings import basis_label
from flywheel_cli.render.human import Column, HumanTable


def list_document(result: RulesList) -> Document:
    table = HumanTable(
        title=f"{len(result.rules)} rules",
        columns=[Column("id", keep=True), Column("pack", keep=True, drop=3), Column("metric", keep=True, drop=1),
                 Column("grain", keep=True, drop=2), Column("levels"), Column("basis", drop=4)],
        rows=[[r.id, r.pack, r.metric, r.grain, r.levels, basis_label(r.basis)] for r in result.rules],
        notes=["flywheel rules show ID for the source, hint and overrides of a rule"],
    )  # fmt: skip
    return Document(result.schema, result.body(), result.to_records(), [table])


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "[" + ", ".join(_text(v) for v in value) + "]"
    return str(value)


def show_document(result: RuleDetail) -> Document:
    from flywheel_cli.checks.rule import condition_text
    from flywheel_cli.checks.schema import Condition, Where, condition_of, where_of

    info, rule = result.info, result.rule
    rows = [
        ["rule", info.id],
        ["pack", f"{info.pack} ({info.location})"],
        ["metric", f"{info.metric} ({result.metric_unit}): {result.metric_definition}"],
        ["grain", info.grain],
        ["levels", info.levels],
    ]
    if "where" in rule:
        rows.append(["where", describe(where_of(Where.model_validate(rule["where"])))])
    for override in rule.get("overrides", []):
        levels = [
            f"{key} {condition_text(info.metric, condition_of(Condition.model_validate(override[key])))}"
            for key in ("warn", "error")
            if override.get(key)
        ]
        rows.append(
            [
                "override",
                f"{describe(where_of(Where.model_validate(override['where'])))}: {', '.join(levels) or '—'}",
            ]
        )
    if rule.get("min_sample"):
        rows.append(["min_sample", _text(rule["min_sample"])])
    if "for" in rule:
        rows.append(["for", f"{rule['for']['periods']} consecutive {rule['for']['grain']}s"])
    rows += [["basis", basis_label(info.basis)], ["source", info.source]]
    rows += [[key, str(rule[key])] for key in ("message", "hint", "description") if key in rule]
    table = HumanTable(
        title=info.id, columns=[Column("", keep=True), Column("")], rows=rows, show_header=False
    )
    return Document(result.schema, result.body(), result.to_records(), [table])


def validate_document(result: ValidateResult) -> Document:
    table = HumanTable(
        title="Rule files",
        columns=[Column("file", keep=True), Column("rules", "right"), Column("status")],
        rows=[
            [f.path, str(f.rules), "ok" if not f.errors else f"{len(f.errors)} error(s)"]
            for f in result.files
        ],
    )
    return Document(result.schema, result.body(), result.to_records(), [table])


def test_document(result: RuleTestResult) -> Document:
    rows = []
    for case in result.cases:
        rows.append(["✓ pass" if case.passed else "✗ FAIL", case.name, case.location])
        rows.extend(["", f"  {problem}", ""] for problem in case.problems)
    table = HumanTable(
        title=f"Rule tests · {len(result.cases) - result.failed} passed, {result.failed} failed",
        columns=[Column("", keep=True), Column("case"), Column("where", keep=True)],
        rows=rows,
    )
    return Document(result.schema, result.body(), result.to_records(), [table])
