"""`storage-fees`: FBA storage charges per ASIN — the monthly storage fees report and the long-term
storage fee (aged-inventory surcharge) charges report.

- Monthly storage fees (`GET_FBA_STORAGE_FEE_CHARGES_DATA`), tab-delimited: one row per ASIN, FNSKU,
  fulfilment centre and `month_of_charge` (`2026-10`). The SP-API file writes snake_case names and
  its schema changes over time; the 2019 Seller Central download wrote the same names hyphenated.
  Both are matched by name. The row's fee is `estimated_monthly_storage_fee`, for the month it names.
- Long-term storage fee charges (`GET_FBA_FULFILLMENT_LONGTERM_STORAGE_FEE_CHARGES_DATA`): one row per
  SKU (and, since the aged-inventory surcharge, per age tier) on the snapshot date of the charge. The
  old layout has `12-mo-long-terms-storage-fee` and `6-mo-long-terms-storage-fee` (Amazon's typo),
  added together; the current one has `amount-charged`.

Fees are positive costs, as the reports write them. A month's row is dated by the whole month (a
span: `--period` cannot split it), a long-term charge by its snapshot day.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from flywheel_cli.reports import values
from flywheel_cli.reports.context import Context
from flywheel_cli.reports.kinds import base
from flywheel_cli.reports.kinds.base import Kind, add, add_int
from flywheel_cli.reports.markets import marketplace_code
from flywheel_cli.reports.spec import Field, HeaderMatch, KindSpec, aliases

MONTHLY, LONG_TERM = "monthly", "long-term"


@dataclass(frozen=True, slots=True)
class StorageFeeRow:
    """One storage charge: an ASIN's fee for a month, or a long-term charge on its snapshot date."""

    line: int
    charge: str  # `monthly` | `long-term`
    period_start: date | None  # the month's first day, or the long-term charge's snapshot date
    period_end: date | None  # the month's last day, or the snapshot date
    asin: str | None
    fnsku: str | None
    sku: str | None  # long-term charges only: the monthly report has no SKU
    product_name: str | None
    fulfillment_center: str | None
    marketplace: str | None  # from `country_code` / `country`
    product_size_tier: str | None
    average_quantity_on_hand: Decimal | None
    storage_rate: Decimal | None
    currency: str | None
    fee: Decimal | None  # estimated_monthly_storage_fee, or the long-term amount charged
    incentive_fee_amount: Decimal | None  # `total_incentive_fee_amount`, kept as given, never added
    quantity_charged: int | None  # long-term: units charged
    surcharge_age_tier: str | None


def _both(*names: str) -> list[str]:
    """Each name as the SP-API writes it (snake_case) and as the 2019 download did (hyphens)."""
    return [spelling for name in names for spelling in (name, name.replace("_", "-"))]


def _f(name: str, parse: str, *names: str, required: bool = False) -> Field:
    return Field(name, aliases(en=_both(*names)), parse, required)


FIELDS = [
    _f("asin", "text", "asin", required=True),
    _f("fnsku", "text", "fnsku"),
    _f("sku", "text", "sku"),
    _f("product_name", "text", "product_name"),
    _f("fulfillment_center", "text", "fulfillment_center"),
    _f("country", "text", "country_code", "country"),
    _f("product_size_tier", "text", "product_size_tier"),
    _f("average_quantity_on_hand", "money", "average_quantity_on_hand"),
    _f("storage_rate", "money", "storage_rate"),
    _f("currency", "text", "currency"),
    _f("month_of_charge", "text", "month_of_charge"),
    _f("estimated_monthly_storage_fee", "money", "estimated_monthly_storage_fee"),
    _f("total_incentive_fee_amount", "money", "total_incentive_fee_amount"),
    _f("snapshot_date", "date", "snapshot_date"),
    _f("qty_charged_12_mo", "int", "qty-charged-12-mo-long-term-storage-fee"),
    _f("fee_12_mo", "money", "12-mo-long-terms-storage-fee"),
    _f("qty_charged_6_mo", "int", "qty-charged-6-mo-long-term-storage-fee"),
    _f("fee_6_mo", "money", "6-mo-long-terms-storage-fee"),
    _f("qty_charged", "int", "qty_charged"),
    _f("amount_charged", "money", "amount_charged"),
    _f("surcharge_age_tier", "text", "surcharge_age_tier"),
]

# Columns known and deliberately not read (dimensions, volumes, discount flags).
IGNORED = aliases(
    en=_both(
        "longest_side", "median_side", "shortest_side", "measurement_units", "weight", "weight_units",
        "item_volume", "volume_units", "average_quantity_pending_removal", "estimated_total_item_volume",
        "dangerous_goods_storage_type", "eligible_for_inventory_discount", "qualifies_for_inventory_discount",
        "breakdown_incentive_fee_amount", "average_quantity_customer_orders", "condition", "per_unit_volume",
        "volume_unit", "enrolled_in_small_and_light", "rate_surcharge",
    )
)  # fmt: skip

_LONG_TERM_AMOUNTS = ("amount_charged", "fee_12_mo", "fee_6_mo")


def _accepts(match: HeaderMatch) -> bool:
    """A fee column with what dates it: the month of charge, or the long-term charge's snapshot date."""
    columns = match.columns
    monthly = "month_of_charge" in columns and "estimated_monthly_storage_fee" in columns
    return monthly or ("snapshot_date" in columns and any(name in columns for name in _LONG_TERM_AMOUNTS))


def _layout(match: HeaderMatch, header: Any) -> str:
    columns = match.columns
    if "estimated_monthly_storage_fee" in columns:
        hyphenated = any(cell.strip().casefold() == "month-of-charge" for cell in header)
        return "monthly-hyphen" if hyphenated else "monthly"
    return "long-term-surcharge" if "amount_charged" in columns else "long-term-15col"


_YEAR_MONTH = re.compile(r"(\d{4})[-/](\d{1,2})")


def month_span(raw: str | None) -> tuple[date, date] | None:
    """`2026-10` (or a full date in that month) → (2026-10-01, 2026-10-31); None when missing."""
    if raw is None:
        return None
    found = _YEAR_MONTH.fullmatch(raw)
    day = values.parse_date(f"{found[1]}-{found[2]}-01" if found else raw)
    if day is None:
        return None
    first = day.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


class _BadMonth(ValueError):
    pass


class StorageFees(Kind):
    SPEC = KindSpec(
        "storage-fees",
        "FBA storage fees (monthly storage fees, long-term storage fee charges)",
        FIELDS,
        IGNORED,
        layout=_layout,
        accepts=_accepts,
    )
    RECORD = StorageFeeRow
    DATE_FIELDS = ("snapshot_date",)
    PERIOD_FIELD = "period_start"
    PERIOD_END_FIELD = "period_end"
    FAMILY = "storage"
    DATING = "rows"
    EXPECTED = ("currency", "country")  # every layout names the charge's currency and country

    def builder(
        self, match: HeaderMatch, context: Context, *args: Any, **kwargs: Any
    ) -> Callable[[int, list[str]], Any]:
        """Kind.builder's, with make() chosen by the file's layout and a bad month located."""
        if "estimated_monthly_storage_fee" not in match.columns:  # _accepts: a long-term charges file
            return Kind.builder(LONG_TERM_ROWS, match, context, *args, **kwargs)
        build = super().builder(match, context, *args, **kwargs)
        column = match.columns.get("month_of_charge", 0)

        def located(line: int, cells: list[str]) -> Any:
            try:
                return build(line, cells)
            except _BadMonth:  # the month is parsed in make(): give the error its column
                raise values.CellError(
                    f"a month was expected in column {match.column('month_of_charge')!r}, "
                    f"found {base.excerpt(cells[column])}",
                    column,
                    hint="flywheel reads months written 2026-10 (or a date in the month); re-download the report",
                ) from None

        return located

    def make(self, line: int, row: dict[str, Any]) -> StorageFeeRow:
        """A monthly storage fees row: the fee of the month it names."""
        try:
            start, end = month_span(row["month_of_charge"]) or (None, None)
        except ValueError:
            raise _BadMonth from None
        return _record(line, row, MONTHLY, start, end, row["estimated_monthly_storage_fee"], None)


class _LongTermRows(StorageFees):
    def make(self, line: int, row: dict[str, Any]) -> StorageFeeRow:
        """A long-term storage fee charges row: the amount charged on the snapshot date (the old
        layout's 12-month and 6-month fees added; a row has one of them, or both)."""
        fee = row["amount_charged"]
        if fee is None:
            fee = add(row["fee_12_mo"], row["fee_6_mo"])
        quantity = row["qty_charged"]
        if quantity is None:
            quantity = add_int(row["qty_charged_12_mo"], row["qty_charged_6_mo"])
        day = row["snapshot_date"]
        return _record(line, row, LONG_TERM, day, day, fee, quantity)


def _record(line: int, row: dict[str, Any], charge: str, start: date | None, end: date | None,
            fee: Decimal | None, quantity: int | None) -> StorageFeeRow:  # fmt: skip
    country = row["country"]
    return StorageFeeRow(
        line, charge, start, end, row["asin"], row["fnsku"], row["sku"], row["product_name"],
        row["fulfillment_center"], (marketplace_code(country) or country) if country else None,
        row["product_size_tier"], row["average_quantity_on_hand"], row["storage_rate"], row["currency"], fee,
        row["total_incentive_fee_amount"], quantity, row["surcharge_age_tier"],
    )  # fmt: skip


KIND = StorageFees()
LONG_TERM_ROWS = _LongTermRows()
