"""`seller-performance`: the SP-API seller performance report (GET_V2_SELLER_PERFORMANCE_REPORT, JSON).

One record per marketplace. Rates are fractions as Amazon reports them. The order defect rate combines
the AFN and MFN parts by their order counts (defects / orders), which is Amazon's own definition.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from flywheel_cli.core.errors import InputError
from flywheel_cli.reports.kinds.base import Kind
from flywheel_cli.reports.markets import MARKETPLACE_IDS
from flywheel_cli.reports.spec import KindSpec
from flywheel_cli.reports.values import parse_date


@dataclass(frozen=True, slots=True)
class PerformanceRow:
    """One marketplace of the seller performance report: its account-health rates and rating."""

    line: int  # the record's position in performanceMetrics (1-based); JSON has no useful line
    marketplace_id: str | None
    marketplace: str | None
    order_defect_rate: Decimal | None
    late_shipment_rate: Decimal | None
    pre_fulfillment_cancel_rate: Decimal | None
    valid_tracking_rate: Decimal | None
    on_time_delivery_rate: Decimal | None
    account_health_rating: Decimal | None
    ahr_status: str | None
    period_start: date | None
    period_end: date | None


def _number(value: Any, path: str, where: str) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise InputError(f"{where}: expected a number, found {value!r}", path=path) from None


def _rate(metric: Any, path: str, where: str) -> Decimal | None:
    return _number(metric.get("rate"), path, where) if isinstance(metric, dict) else None


def _odr(metrics: dict[str, Any], path: str) -> Decimal | None:
    odr = metrics.get("orderDefectRate")
    if not isinstance(odr, dict):
        return None
    parts = [odr[key] for key in ("afn", "mfn") if isinstance(odr.get(key), dict)]
    orders = sum(int(p.get("orderCount") or 0) for p in parts)
    defects = sum(int((p.get("orderWithDefects") or {}).get("count") or 0) for p in parts)
    if orders:
        return Decimal(defects) / Decimal(orders)
    rates = [r for p in parts if (r := _rate(p, path, "orderDefectRate")) is not None]
    return max(rates) if rates else None


def _spans(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        span = value.get("reportingDateRange")
        if isinstance(span, dict):
            yield span
        for item in value.values():
            yield from _spans(item)


def _range(metrics: dict[str, Any], path: str) -> tuple[date | None, date | None]:
    """The widest window any metric covers (ODR looks back 60 days, late shipment 30, …)."""
    starts = [d for s in _spans(metrics) if (d := _date(s.get("reportingDateFrom"), path)) is not None]
    ends = [d for s in _spans(metrics) if (d := _date(s.get("reportingDateTo"), path)) is not None]
    return (min(starts) if starts else None), (max(ends) if ends else None)


def _date(value: Any, path: str) -> date | None:
    try:
        return parse_date(str(value or ""))
    except ValueError as exc:
        raise InputError(f"reportingDateRange: {exc}", path=path,
                         hint="the document was edited or damaged; download the report again") from None  # fmt: skip


class SellerPerformance(Kind):
    SPEC = KindSpec(
        "seller-performance", "SP-API seller performance report (JSON)", [], layout=lambda m, h: "sp-api-json"
    )
    RECORD = PerformanceRow
    PERIOD_FIELD = "period_start"
    FAMILY = "performance"
    DATING = "snapshot"
    PERIOD_END_FIELD = "period_end"

    def accepts_document(self, document: Any) -> bool:
        return isinstance(document, dict) and (
            "performanceMetrics" in document or "accountStatuses" in document
        )

    def document_records(self, document: Any, path: str) -> Iterator[PerformanceRow]:
        metrics_list = document.get("performanceMetrics") or []
        if not isinstance(metrics_list, list):
            raise InputError("performanceMetrics is not a list", path=path)
        for index, metrics in enumerate(metrics_list, 1):
            if not isinstance(metrics, dict):
                raise InputError(f"performanceMetrics[{index - 1}] is not an object", path=path)
            market_id = metrics.get("marketplaceId")
            ahr = metrics.get("accountHealthRating") or {}
            start, end = _range(metrics, path)
            yield PerformanceRow(
                index,
                market_id,
                MARKETPLACE_IDS.get(market_id or ""),
                _odr(metrics, path),
                _rate(metrics.get("lateShipmentRate"), path, "lateShipmentRate"),
                _rate(metrics.get("preFulfillmentCancellationRate"), path, "preFulfillmentCancellationRate"),
                _rate(metrics.get("validTrackingRate"), path, "validTrackingRate"),
                _rate(metrics.get("onTimeDeliveryRate"), path, "onTimeDeliveryRate"),
                _number(ahr.get("ahrScore"), path, "accountHealthRating.ahrScore"),
                ahr.get("ahrStatus"),
                start,
                end,
            )


KIND = SellerPerformance()
