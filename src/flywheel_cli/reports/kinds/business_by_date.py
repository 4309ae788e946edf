"""`business-report-by-date`: Sales and Traffic by Date (every era), and Sales and Orders by Month.

A row is a day, a week or a month: Seller Central's *View by* choice, which the file does not state.
Each record carries the last day it covers (`end_date`), so that a week or a month is one span to the
ledger and to `--period`, never a day. The span is read from the dates (docs/decisions.md, "A by-date
row is a day, a week or a month"):

- *Sales and Orders by Month* has no traffic columns and is always by month (first-of-month dates);
- otherwise, when every date of the file's first rows is the 1st and they lie a month apart, months;
  when they lie a whole number of weeks apart, weeks (dated by their first day, a Sunday in the US);
  otherwise days. A file with a single row is read as days (there is nothing to compare).
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date as Day
from datetime import timedelta
from decimal import Decimal
from typing import Any

from flywheel_cli.reports.context import Context
from flywheel_cli.reports.kinds.base import Kind, parser_for
from flywheel_cli.reports.kinds.business import IGNORED, METRIC_FIELDS, era, has_traffic, metric_values
from flywheel_cli.reports.spec import Field, HeaderMatch, KindSpec, aliases


@dataclass(frozen=True, slots=True)
class BusinessDateRow:
    """A day, week or month (`date` to `end_date`) of a Business Report by date: its traffic and sales."""

    line: int
    date: Day | None
    end_date: Day | None  # the last day the row covers: the date itself, or its week's or month's last
    sessions: int | None
    sessions_b2b: int | None
    page_views: int | None
    page_views_b2b: int | None
    buy_box_pct: Decimal | None
    buy_box_pct_b2b: Decimal | None
    units_ordered: int | None
    units_ordered_b2b: int | None
    ordered_product_sales: Decimal | None
    ordered_product_sales_b2b: Decimal | None
    order_items: int | None
    order_items_b2b: int | None
    shipped_product_sales: Decimal | None
    units_shipped: int | None
    orders_shipped: int | None


DATE_FIELD = Field("date", aliases(en="Date", de="Datum", zh="日期", ja="日付"), "date", required=True)
# Read, not used by any metric yet: they tell Sales and Orders by Month apart, and are real figures.
SHIPPED_FIELDS = [
    Field("shipped_product_sales", aliases(en="Shipped Product Sales"), "money"),
    Field("units_shipped", aliases(en="Units Shipped"), "int"),
    Field("orders_shipped", aliases(en="Orders Shipped"), "int"),
]
MONTHLY_LAYOUT = "sales-orders-month"


def _monthly(match: HeaderMatch) -> bool:
    """Sales and Orders by Month: sales and shipped columns, no traffic."""
    return not has_traffic(match) and "units_shipped" in match.columns


def _layout(match: HeaderMatch, header: Any) -> str:
    if _monthly(match):
        return MONTHLY_LAYOUT
    kind = era(match, header)
    if kind == "legacy":  # before about 2021: `Sessions`; the Detail Page report also has page views
        return "date-legacy-detail-page" if "page_views" in match.columns else "date-legacy"
    return f"date-{kind}"


def _accepts(match: HeaderMatch) -> bool:
    return "ordered_product_sales" in match.columns and (has_traffic(match) or _monthly(match))


def day_end(day: Day) -> Day:
    return day


def week_end(day: Day) -> Day:
    return day + timedelta(days=6)


def month_end(day: Day) -> Day:
    following = day.replace(day=28) + timedelta(days=4)  # always in the next month
    return following - timedelta(days=following.day)


def span_of(dates: Sequence[Day], monthly: bool) -> Callable[[Day], Day]:
    """How far a row reaches, from the dates of the file's first rows (see the module docstring)."""
    if monthly:
        return month_end
    distinct = sorted(set(dates))
    gaps = [(later - earlier).days for earlier, later in itertools.pairwise(distinct)]
    if not gaps:
        return day_end
    if all(day.day == 1 for day in distinct) and all(gap >= 28 for gap in gaps):
        return month_end
    if all(gap % 7 == 0 for gap in gaps):
        return week_end
    return day_end


class BusinessReportByDate(Kind):
    SPEC = KindSpec(
        "business-report-by-date",
        "Sales and Traffic by Date / Sales and Orders by Month",
        [DATE_FIELD, *METRIC_FIELDS, *SHIPPED_FIELDS],
        IGNORED,
        layout=_layout,
        accepts=_accepts,
    )
    RECORD = BusinessDateRow
    DATE_FIELDS = ("date",)
    PERIOD_END_FIELD = "end_date"
    FAMILY = "business"

    def builder(
        self, match: HeaderMatch, context: Context, sample: Sequence[Sequence[str]] = ()
    ) -> Callable[[int, list[str]], Any]:
        build = super().builder(match, context)
        column, parse = match.columns["date"], parser_for("date", context)
        dates: list[Day] = []
        for cells in sample:
            try:
                day = parse(cells[column]) if column < len(cells) else None
            except ValueError:
                continue  # that row's own build reports it, located
            if day is not None:
                dates.append(day)
        reach = span_of(dates, _monthly(match))

        def build_span(line: int, cells: list[str]) -> BusinessDateRow:
            record: BusinessDateRow = build(line, cells)
            if record.date is None:
                return record
            return dataclasses.replace(record, end_date=reach(record.date))

        return build_span

    def make(self, line: int, row: dict[str, Any]) -> BusinessDateRow:
        shipped = (row["shipped_product_sales"], row["units_shipped"], row["orders_shipped"])
        return BusinessDateRow(*(line, row["date"], None, *metric_values(row), *shipped))


KIND = BusinessReportByDate()
