"""One module of the operations map (`flywheel report`, docs/analyses.md "The operations map")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flywheel_cli.core.findings import Finding
    from flywheel_cli.core.results import HeadlineKpi


@dataclass(frozen=True, slots=True)
class ModuleReport:
    """A module's KPIs (each judged by its rule when one sets a target), its findings (worst first),
    its status, what to do first, and the report kinds that would fill what is missing."""

    id: str  # selection | supply_chain | listing | advertising | inventory | customer_service
    label: str
    status: str  # ok | warning | error | no_data
    kpis: tuple[HeadlineKpi, ...]
    units: dict[str, str]  # metric → unit (count, ratio, money, days …) for people
    findings: tuple[Finding, ...]
    needs: tuple[str, ...]  # report kinds absent from the inputs that feed this module
    needs_text: str  # the same, as a seller names the downloads
    first_step: str

    def to_record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "status": self.status,
            "first_step": self.first_step,
            "kpis": {kpi.metric: kpi.value for kpi in self.kpis},
            "findings": [finding.to_record() for finding in self.findings],
            "needs": list(self.needs),
        }
