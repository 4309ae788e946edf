"""The operations map on `flywheel report`'s screen: an overview (one line per module, in triage
order, with its status and what to do first), then each module's KPIs and findings.

Every part is a `HumanTable`, so the screen fits any width (render/fit.py) and `plain`, `markdown`
and `html` show the same map. Status cells keep their marks (✓ ! ✗ —) for NO_COLOR and pipes.
"""

from __future__ import annotations

from collections.abc import Sequence

from flywheel_cli.core.findings import Evaluation
from flywheel_cli.core.operations import ModuleReport
from flywheel_cli.render.findings import findings_table
from flywheel_cli.render.human import Column, HumanTable
from flywheel_cli.render.numbers import NONE, by_unit

MODULE_STATUS = {"ok": "✓ ok", "warning": "! warning", "error": "✗ error", "no_data": "— no data"}
KPI_STATUS = {"ok": "✓ ok", "warning": "! warning", "error": "✗ error", None: ""}
BASIS = {"official": "Amazon policy", "rule_of_thumb": "rule of thumb", "seller_target": "your target"}
FINDINGS_SHOWN = 4  # per module; `flywheel check` lists them all


def overview(modules: Sequence[ModuleReport], notes: Sequence[str] = ()) -> HumanTable:
    return HumanTable(
        title="Operations map · triage order: account health → advertising → inventory → the rest",
        columns=[Column("#", "right"), Column("module", keep=True), Column("status", keep=True),
                 Column("do first", min_width=24)],
        rows=[[str(n), m.label, MODULE_STATUS[m.status], m.first_step] for n, m in enumerate(modules, 1)],
        notes=list(notes),
    )  # fmt: skip


def module_tables(modules: Sequence[ModuleReport], currency: str | None) -> list[HumanTable]:
    """Each module's KPI table, then (when it has findings) its findings, worst first."""
    tables: list[HumanTable] = []
    for number, module in enumerate(modules, 1):
        title = f"{number} · {module.label} · {MODULE_STATUS[module.status]}"
        if module.status == "no_data":
            tables.append(
                HumanTable(title=title, columns=[Column("")], rows=[[module.first_step]], show_header=False)
            )
            continue
        shown = [kpi for kpi in module.kpis if kpi.value is not None]
        notes = [f"do first: {module.first_step}"]
        missing = [kpi.label for kpi in module.kpis if kpi.value is None]
        if missing:
            notes.append(f"no value: {', '.join(missing)}")
        if module.needs:
            notes.append(f"more with {module.needs_text}")
        tables.append(HumanTable(
            title=title,
            columns=[Column("KPI", keep=True), Column("value", "right"), Column("target", min_width=8),
                     Column("status", keep=True), Column("basis", drop=1)],
            rows=[[kpi.label, by_unit(module.units[kpi.metric], kpi.value, currency), kpi.target or NONE,
                   KPI_STATUS.get(kpi.status, ""), BASIS.get(kpi.basis, kpi.basis) if kpi.target else ""]
                  for kpi in shown],
            notes=notes,
        ))  # fmt: skip
        if module.findings:
            found = Evaluation(module.findings, (), (), (), ())
            count = len(module.findings)
            heading = f"{module.label}: {count} finding{'s' if count > 1 else ''}"
            tables.append(findings_table(found, heading, limit=FINDINGS_SHOWN, source=False))
    return tables
