"""Result objects shared by the api and the renderers: frozen, plain data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flywheel_cli.core.comparison import PeriodComparison
    from flywheel_cli.core.findings import Evaluation
    from flywheel_cli.core.operations import ModuleReport


@dataclass(frozen=True, slots=True)
class InputSummary:
    """What one input file is (the `inputs[]` entry of every JSON document)."""

    path: str
    sha256: str | None
    kind: str
    layout: str
    language: str
    encoding: str | None
    delimiter: str | None
    container: str
    header_line: int | None
    rows: int
    period_start: date | None
    period_end: date | None
    currency: str | None
    marketplace: str | None
    unknown_columns: tuple[str, ...] = ()
    # Coverage (docs/decisions.md, "One honest ledger"): the family the report belongs to, how it
    # is dated (rows | undated | snapshot | none) and where its span comes from (rows | config |
    # snapshot, or None when unknown).
    family: str = ""
    dating: str = "rows"
    span_from: str | None = None
    content_sha256: str | None = None  # of the decompressed content: a .csv and its .csv.gz are equal
    counted: bool = True  # False: a duplicate, or outside the period; `note` says why
    note: str | None = None
    overlap_rows: int = 0  # rows also in an earlier input, counted once
    missing_columns: tuple[str, ...] = ()  # columns every layout of the kind has, missing here

    def to_record(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "kind": self.kind,
            "layout": self.layout,
            "language": self.language,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "container": self.container or None,
            "header_line": self.header_line,
            "rows": self.rows,
            "period": {"start": _iso(self.period_start), "end": _iso(self.period_end)},
            "currency": self.currency,
            "marketplace": self.marketplace,
            "unknown_columns": list(self.unknown_columns),
            "coverage": {
                "family": self.family or None,
                "dated": self.dating,
                "start": _iso(self.period_start),
                "end": _iso(self.period_end),
                "from": self.span_from,
            },
            "content_sha256": self.content_sha256,
            "counted": self.counted,
            "note": self.note,
            "overlap_rows": self.overlap_rows,
            "missing_columns": list(self.missing_columns),
        }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file met while walking a folder that is not a report flywheel knows."""

    path: str
    reason: str
    hint: str | None = None  # what to do about it (the language it looks like, the closest kinds)


@dataclass(frozen=True, slots=True)
class InspectResult:
    """`flywheel inspect`: what each input file is, and the files that are not reports flywheel knows."""

    inputs: tuple[InputSummary, ...]
    skipped: tuple[Skipped, ...] = field(default=())

    schema = "flywheel.inspect/1"

    def to_records(self) -> list[dict[str, Any]]:
        return [summary.to_record() for summary in self.inputs]


@dataclass(frozen=True, slots=True)
class KpiRow:
    """One row of a KPI table: where (`scope`), the metric values, and the parts they came from."""

    scope: dict[str, Any]
    metrics: dict[str, Any]
    parts: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_record(self) -> dict[str, Any]:
        return {"scope": self.scope, "metrics": self.metrics}


@dataclass(frozen=True, slots=True)
class KpiResult:
    """`flywheel kpis`: the KPI rows at a grain, their total, and why a metric is null."""

    grain: str
    rows: tuple[KpiRow, ...]
    total: KpiRow
    inputs: tuple[InputSummary, ...]
    unavailable: dict[str, str]
    period_start: date | None = None
    period_end: date | None = None
    skipped: tuple[Skipped, ...] = ()
    currencies: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    schema = "flywheel.kpis/1"

    def to_records(self) -> list[dict[str, Any]]:
        return [row.to_record() for row in self.rows]

    def body(self) -> dict[str, Any]:
        return {
            "grain": self.grain,
            "period": {"start": _iso(self.period_start), "end": _iso(self.period_end)},
            "rows": self.to_records(),
            "total": self.total.to_record(),
            "inputs": [summary.to_record() for summary in self.inputs],
            "unavailable": self.unavailable,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True, slots=True)
class HeadlineKpi:
    """One headline KPI of `flywheel report`: the account's value against its rule's target, if any."""

    metric: str
    label: str
    value: Any
    target: str
    status: str | None  # ok | warning | error | None (no data)
    basis: str
    source: str


@dataclass(frozen=True, slots=True)
class SkuLine:
    """One SKU's line in `flywheel report`: its metrics, and the worst finding on each."""

    sku: str
    metrics: dict[str, Any]
    marks: dict[str, str] = field(default_factory=dict)  # metric → worst severity of its findings on the row
    unavailable: dict[str, str] = field(default_factory=dict)  # net_profit/net_margin → why null (if null)

    @property
    def misses(self) -> tuple[str, ...]:
        """The metrics with a finding (warning or error) on this SKU's row."""
        return tuple(self.marks)


@dataclass(frozen=True, slots=True)
class ReportResult:
    """`flywheel report`: headline KPIs, SKU lines, findings, the operations map and the period before."""

    kpis: KpiResult
    headline: tuple[HeadlineKpi, ...]
    skus: tuple[SkuLine, ...]  # every SKU, best-selling first
    evaluation: Evaluation | None = None  # the rules engine's findings (core/findings.py)
    modules: tuple[ModuleReport, ...] = ()  # the operations map, in triage order (checks/operations_map.py)
    previous: PeriodComparison | None = None  # against the period before (analyses/period_compare.py)

    schema = "flywheel.report/1"

    def to_records(self) -> list[dict[str, Any]]:
        return [
            {"metric": h.metric, "label": h.label, "value": h.value, "target": h.target, "status": h.status,
             "basis": h.basis, "source": h.source}
            for h in self.headline
        ]  # fmt: skip

    def body(self) -> dict[str, Any]:
        total = self.kpis.total.metrics
        return {
            "period": {"start": _iso(self.kpis.period_start), "end": _iso(self.kpis.period_end)},
            "currency": self.kpis.currencies[0] if len(self.kpis.currencies) == 1 else None,
            "headline": self.to_records(),
            "totals": total,
            "skus": [
                {
                    "sku": s.sku,
                    "metrics": s.metrics,
                    "misses": list(s.misses),
                    "marks": s.marks,
                    "unavailable": s.unavailable,
                }
                for s in self.skus
            ],
            "inputs": [summary.to_record() for summary in self.kpis.inputs],
            "unavailable": self.kpis.unavailable,
            "warnings": list(self.kpis.warnings),
            "findings": [f.to_record() for f in self.evaluation.findings] if self.evaluation else [],
            "summary": self.evaluation.summary.to_record() if self.evaluation else None,
            "modules": [module.to_record() for module in self.modules],
            "previous": self.previous.to_record() if self.previous else None,
        }


@dataclass(frozen=True, slots=True)
class CostRow:
    """One row of `flywheel costs`: where (`scope`), and its cost lines."""

    scope: dict[str, Any]
    lines: dict[str, Any]

    def to_record(self) -> dict[str, Any]:
        return {"scope": self.scope, "lines": self.lines}


@dataclass(frozen=True, slots=True)
class CostsResult:
    """`flywheel costs`: the cost lines per row; the row whose scope value is null is `unallocated`."""

    grain: str
    rows: tuple[CostRow, ...]
    total: CostRow
    kpis: KpiResult
    allocation: str
    fixed_costs: dict[str, Any]  # the pro-rated tools/labour/other for the period
    warnings: tuple[str, ...] = ()
    # Amazon's net proceeds against the breakdown (economics.lines.reconciliation); None without Payments.
    reconciliation: dict[str, Any] | None = None

    schema = "flywheel.costs/1"

    def to_records(self) -> list[dict[str, Any]]:
        return [row.to_record() for row in self.rows]

    def body(self) -> dict[str, Any]:
        return {
            "grain": self.grain,
            "period": {"start": _iso(self.kpis.period_start), "end": _iso(self.kpis.period_end)},
            "currency": self.kpis.currencies[0] if len(self.kpis.currencies) == 1 else None,
            "allocation": self.allocation,
            "fixed_costs": self.fixed_costs,
            "rows": self.to_records(),
            "total": self.total.to_record(),
            "inputs": [summary.to_record() for summary in self.kpis.inputs],
            "warnings": list(self.warnings),
            "reconciliation": self.reconciliation,
            "unavailable": self.kpis.unavailable,
        }


@dataclass(frozen=True, slots=True)
class MetricInfo:
    """One metric as `flywheel metrics` shows it: unit, definition and the reports that feed it."""

    name: str
    unit: str
    definition: str
    reports: tuple[str, ...]  # the report kinds that feed it, described
    aliases: tuple[str, ...] = ()

    def to_record(self) -> dict[str, Any]:
        return {"name": self.name, "unit": self.unit, "definition": self.definition, "reports": list(self.reports),
                "aliases": list(self.aliases)}  # fmt: skip


@dataclass(frozen=True, slots=True)
class MetricsResult:
    """`flywheel metrics [NAME]`: the catalogue, or one metric."""

    metrics: tuple[MetricInfo, ...]

    schema = "flywheel.metrics/1"

    def to_records(self) -> list[dict[str, Any]]:
        return [metric.to_record() for metric in self.metrics]

    def body(self) -> dict[str, Any]:
        return {"metrics": self.to_records()}
