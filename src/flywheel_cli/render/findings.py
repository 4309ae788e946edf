"""Findings for people: the table `flywheel check` prints and `flywheel report` includes."""

from __future__ import annotations

from typing import assert_never

from flywheel_cli.checks.message import scope_text
from flywheel_cli.core.findings import Basis, Evaluation, Finding, Severity
from flywheel_cli.render.human import Column, HumanTable

MARK = {Severity.ERROR: "✗ error", Severity.WARNING: "! warning"}


def basis_label(basis: Basis) -> str:
    match basis:
        case Basis.OFFICIAL:
            return "Amazon policy"
        case Basis.RULE_OF_THUMB:
            return "rule of thumb"
        case Basis.SELLER_TARGET:
            return "your target"
        case _:
            assert_never(basis)


def scope_cell(finding: Finding) -> str:
    text = scope_text(finding.scope)
    if finding.period:
        text += f" ({finding.period['start']} → {finding.period['end']})"
    return text


def findings_table(
    evaluation: Evaluation, title: str, limit: int | None = None, source: bool = True
) -> HumanTable:
    findings = evaluation.findings
    shown = findings if limit is None else findings[:limit]
    notes = []
    if len(shown) < len(findings):
        notes.append(f"… and {len(findings) - len(shown)} more (`flywheel check` lists them all)")
    columns = [
        Column("", keep=True),
        Column("rule", keep=True),
        Column("scope"),
        Column("finding", min_width=24),
        Column("basis", drop=1),
    ]
    rows = [[MARK[f.severity], f.rule, scope_cell(f), f.message, basis_label(f.basis)] for f in shown]
    if source:
        columns.append(Column("source", keep=True, drop=2))
        rows = [[*row, f.source] for row, f in zip(rows, shown, strict=True)]
    return HumanTable(title=title, columns=columns, rows=rows, notes=notes)


def skipped_table(evaluation: Evaluation) -> HumanTable:
    return HumanTable(
        title=f"Skipped: too little data ({len(evaluation.skipped)})",
        columns=[Column("rule", keep=True), Column("scope"), Column("reason")],
        rows=[[s.rule, scope_text(s.scope) if s.scope else "—", s.reason] for s in evaluation.skipped],
    )
