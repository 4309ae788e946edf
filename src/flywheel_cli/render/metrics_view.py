"""`flywheel metrics` output."""

from __future__ import annotations

from flywheel_cli.core.results import MetricsResult
from flywheel_cli.render.document import Document
from flywheel_cli.render.human import Column, HumanTable


def document(result: MetricsResult) -> Document:
    if len(result.metrics) == 1:
        metric = result.metrics[0]
        rows = [["metric", metric.name], ["unit", metric.unit], ["definition", metric.definition],
                ["from", "; ".join(metric.reports)]]  # fmt: skip
        if metric.aliases:
            rows.append(["also", ", ".join(metric.aliases)])
        table = HumanTable(
            title="", columns=[Column("", keep=True), Column("")], rows=rows, show_header=False
        )
    else:
        table = HumanTable(
            title=f"{len(result.metrics)} metrics",
            columns=[Column("metric", keep=True), Column("unit", drop=1), Column("definition")],
            rows=[[m.name, m.unit, m.definition] for m in result.metrics],
            notes=[
                "flywheel metrics NAME: one metric, with the reports that feed it and the words it also goes by"
            ],
        )
    return Document(result.schema, result.body(), result.to_records(), [table])
