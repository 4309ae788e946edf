"""`campaign-manager-grid`: the Amazon Ads Campaign Manager grid export (the campaigns screen's Export).

Recognised so that it can be refused with a useful message, never read into figures. It shares the
Ads reports' columns (`Impressions`, `Clicks`, `Spend(USD)`, `Sales(USD)`) but is no report:

- its `Start date` and `End date` are each campaign's (when it started, when it ends), not the days
  its figures cover, which the file does not state (the screen's date picker chose them);
- it lists Sponsored Products, Brands and Display campaigns together, one row a campaign, so beside
  any Sponsored Products or Brands report its spend would be counted twice.

`Campaigns`, `Campaign bidding strategy`, `Top-of-search IS` and the `NTB …` and `Video …` columns
are the grid's own (docs/reports.md, "Amazon Ads reports"; /work/shared/reference report-formats §8b).
It is refused at its header (kinds/base.py `refusal`): an error naming the report to download when
given by name, a skipped file with that hint when met in a folder.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from flywheel_cli.reports import values
from flywheel_cli.reports.context import Context
from flywheel_cli.reports.kinds.ads import FIELDS, IGNORED, accepts
from flywheel_cli.reports.kinds.base import Kind
from flywheel_cli.reports.spec import HeaderMatch, KindSpec, aliases

NAME = "campaign-manager-grid"
REFUSAL = (
    "this is the Campaign Manager screen export, not a report: its Start date and End date are each "
    "campaign's, not the days its figures cover, and it lists Sponsored Products and Brands campaigns "
    "together, so flywheel cannot count it"
)
HINT = (
    "download a report instead: Amazon Ads console › Reports › Create report › Sponsored Products (and "
    "Sponsored Brands) › Campaign report, Time unit Daily, for the days you want"
)
_GRID_IGNORED = aliases(en=["Portfolio", "Targeting", "Cost type", "Viewable impressions", "VTR", "vCTR"])


@dataclass(frozen=True, slots=True)
class GridRow:
    """A Campaign Manager grid row: never built, the kind is refused at its header."""

    line: int


class CampaignManagerGrid(Kind):
    SPEC = KindSpec(NAME, "Campaign Manager grid export (refused)", FIELDS,
                    {**IGNORED, "en": [*IGNORED["en"], *_GRID_IGNORED["en"]]},
                    layout=lambda match, header: "campaign-manager", accepts=accepts(NAME))  # fmt: skip
    RECORD = GridRow
    PERIOD_FIELD = None
    FAMILY = ""  # part of no family: it is never read
    DATING = "none"

    def refusal(self, match: HeaderMatch) -> tuple[str, int | None, str] | None:
        column = match.columns.get("date", match.columns.get("grid_marker"))
        return REFUSAL, column, HINT

    def builder(
        self, match: HeaderMatch, context: Context, sample: Sequence[Sequence[str]] = ()
    ) -> Callable[[int, list[str]], Any]:
        column = match.columns.get("date", 0)

        def refuse(line: int, cells: list[str]) -> Any:
            raise values.CellError(REFUSAL, column, hint=HINT)

        return refuse


KIND = CampaignManagerGrid()
