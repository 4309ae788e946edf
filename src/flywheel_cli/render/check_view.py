"""`flywheel check` output: findings for people, JSON/NDJSON/CSV, and the CI formats."""

from __future__ import annotations

from dataclasses import replace

from flywheel_cli.core.findings import CheckResult, Severity
from flywheel_cli.render import ci
from flywheel_cli.render.document import Document
from flywheel_cli.render.findings import findings_table, skipped_table
from flywheel_cli.render.formats import Format


def document(result: CheckResult, fail_on: Severity) -> Document:
    evaluation = result.evaluation
    summary = evaluation.summary.line()
    kpis = result.kpis
    title = f"Findings · {summary}" if evaluation.findings else f"No findings · {summary}"
    table = findings_table(evaluation, title)
    period = f"period {kpis.period_start} → {kpis.period_end}" if kpis.period_start else "no dated rows"
    gate = "any error" if fail_on is Severity.ERROR else "any warning or error"
    context = f"{period} · packs: {', '.join(evaluation.packs)} · exit 1 on {gate}"
    hint = "`flywheel rules show RULE` explains a rule: its source and what to do"
    tables = [replace(table, notes=[context, *table.notes, hint])]
    if evaluation.skipped:
        tables.append(skipped_table(evaluation))
    extra = {
        Format.GITHUB: lambda: ci.github(evaluation),
        Format.JUNIT: lambda: ci.junit(evaluation, fail_on),
        Format.SARIF: lambda: ci.sarif(evaluation),
    }
    return Document(result.schema, result.body(), result.to_records(), tables, extra=extra)
