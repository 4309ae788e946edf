"""`business-report`: Detail Page Sales and Traffic by Child or Parent Item, and the fields it shares
with `business-report-by-date` (kinds/business_by_date.py).

Three eras of column names (old `Sessions`/`Buy Box Percentage`; 2021+ `Sessions - Total` with B2B
twins; 2023+ Mobile App / Browser / Total), casing and dash variants, and the UI languages. Amazon's
own percentage columns other than Buy Box are not kept: ratios are recomputed from counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flywheel_cli.reports.kinds.base import Kind, add_int
from flywheel_cli.reports.spec import Field, HeaderMatch, KindSpec, aliases, normalise_header


@dataclass(frozen=True, slots=True)
class BusinessRow:
    """One item (child or parent ASIN) of a Business Report by item, each figure with its B2B twin."""

    line: int
    parent_asin: str | None
    asin: str | None
    sku: str | None
    title: str | None
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


def _b2b(names: list[str], dash: str = " - ") -> list[str]:
    return [f"{name}{dash}B2B" for name in names]


_SESSIONS = ["Sessions - Total", "Sessions"]
_PAGE_VIEWS = ["Page Views - Total", "Page Views"]
_BUY_BOX = ["Featured Offer (Buy Box) Percentage", "Buy Box Percentage", "Featured Offer Percentage"]
_UNITS = ["Units Ordered"]
_SALES = ["Ordered Product Sales"]
_ITEMS = ["Total Order Items"]

METRIC_FIELDS = [
    Field("sessions", aliases(en=_SESSIONS, de="Sitzungen – Summe", zh="会话数 - 总计", ja=["セッション数 - 合計", "セッション - 合計"],
                              ko="세션 - 합계"), "int"),
    Field("sessions_b2b", aliases(en=_b2b(_SESSIONS), de="Sitzungen – Summe – B2B"), "int"),
    Field("sessions_mobile", aliases(en="Sessions - Mobile App", ko="세션 - 모바일 앱"), "int"),
    Field("sessions_browser", aliases(en="Sessions - Browser", ko="세션 - 브라우저"), "int"),
    Field("page_views", aliases(en=_PAGE_VIEWS, de="Seitenaufrufe – Summe", zh="页面浏览量 - 总计", ja="ページビュー - 合計"),
          "int"),
    Field("page_views_b2b", aliases(en=_b2b(_PAGE_VIEWS), de="Seitenaufrufe – Summe – B2B"), "int"),
    Field("page_views_mobile", aliases(en="Page Views - Mobile App"), "int"),
    Field("page_views_browser", aliases(en="Page Views - Browser"), "int"),
    Field("buy_box_pct", aliases(en=_BUY_BOX, de="Buy Box-Anteil", zh="推荐报价（推荐报价展示位）百分比",
                                 ja="おすすめ出品（おすすめ商品）の獲得率", ko="주요 오퍼(바이 박스) 백분율"), "percent"),
    Field("buy_box_pct_b2b", aliases(en=_b2b(_BUY_BOX), de="Buy Box-Anteil – B2B"), "percent"),
    Field("units_ordered", aliases(en=_UNITS, de="Bestellte Einheiten", zh="已订购商品数量", ja="注文された商品点数",
                                   ko="상품 주문량"), "int", required=True),
    Field("units_ordered_b2b", aliases(en=_b2b(_UNITS), de="Bestellte Einheiten – B2B"), "int"),
    Field("ordered_product_sales", aliases(en=[*_SALES, "Gross Product Sales"],
                                           de=["Durch bestellte Produkte erzielter Umsatz", "Bestellter Produktumsatz"],
                                           zh="已订购商品销售额", ja=["注文商品売上", "注文商品の売上額"], ko="주문한 상품 판매량"),
          "money"),
    Field("ordered_product_sales_b2b", aliases(en=_b2b(_SALES), de="Bestellsumme – B2B"), "money"),
    Field("order_items", aliases(en=[*_ITEMS, "Orders Placed"], de="Zahl der Bestellposten", zh="订单商品总数",
                                 ja="注文品目総数", ko="총 주문 아이템"), "int"),
    Field("order_items_b2b", aliases(en=_b2b(_ITEMS), de="Zahl der Bestellposten – B2B"), "int"),
]  # fmt: skip

_PERCENT_COLUMNS = [
    "Session Percentage",
    "Page Views Percentage",
    "Unit Session Percentage",
    "Order Item Session Percentage",
]
_SPLITS = ["", " - Total", " - Mobile App", " - Browser"]
_IGNORED_EN = [
    f"{base}{split}{b2b}" for base in _PERCENT_COLUMNS for split in _SPLITS for b2b in ("", " - B2B")
]
_IGNORED_EN += [
    f"{base} - {split} - B2B" for base in ("Sessions", "Page Views") for split in ("Mobile App", "Browser")
]
_IGNORED_EN += [
    f"{name}{b2b}"
    for name in ("Average Sales per Order Item", "Average Units per Order Item", "Average Selling Price")
    for b2b in ("", " - B2B")
]
_IGNORED_EN += [
    "Average Offer Count", "Average Parent Items", "Units Refunded", "Refund Rate", "Feedback Received",
    "Negative Feedback Received", "Received Negative Feedback Rate", "A-to-z Claims Granted", "Claims Amount",
    "Shipped Product Sales", "Units Shipped", "Orders Shipped",
]  # fmt: skip
IGNORED = aliases(
    en=_IGNORED_EN,
    de=["Sitzungsanteil – Summe", "Sitzungsanteil – Summe – B2B", "Anteil an Seitenaufrufen – Summe",
        "Anteil an Seitenaufrufen – Summe – B2B", "Einheiten-Sitzungs-Prozentsatz", "Prozentsatz Bestellposten pro Sitzung",
        "Prozentwert Bestellposten pro Sitzung – B2B"],
    ja=["ページビュー率 - 合計", "ユニットセッション率", "セッションの割合 - 合計"],
    zh=["会话百分比 - 总计", "页面浏览量百分比 - 总计", "商品会话百分比", "订单商品会话百分比"],
)  # fmt: skip

KEY_FIELDS = [
    Field("parent_asin", aliases(en="(Parent) ASIN", de="(Übergeordnete) ASIN", zh="（父）ASIN", ja="（親）ASIN", ko="(상위) ASIN"),
          required=True),
    Field("asin", aliases(en="(Child) ASIN", de="(Untergeordnete) ASIN", zh=["（子）ASIN", "(子)ASIN"], ko="(하위) ASIN")),
    Field("sku", aliases(any="SKU")),
    Field("title", aliases(en="Title", de="Titel", zh="标题", ja="タイトル", ko="제목")),
]  # fmt: skip


def era(match: HeaderMatch, header: Any) -> str:
    if "sessions_mobile" in match.columns or "sessions_browser" in match.columns:
        return "split"
    index = match.columns.get("sessions")
    legacy = index is not None and normalise_header(header[index]) == "sessions"
    return "legacy" if legacy else "total"


def has_traffic(match: HeaderMatch) -> bool:
    return any(
        name in match.columns for name in ("sessions", "sessions_mobile", "sessions_browser", "page_views")
    )


def metric_values(row: dict[str, Any]) -> tuple[Any, ...]:
    sessions = row["sessions"]
    if sessions is None:
        sessions = add_int(row["sessions_mobile"], row["sessions_browser"])
    page_views = row["page_views"]
    if page_views is None:
        page_views = add_int(row["page_views_mobile"], row["page_views_browser"])
    return (
        sessions, row["sessions_b2b"], page_views, row["page_views_b2b"], row["buy_box_pct"], row["buy_box_pct_b2b"],
        row["units_ordered"], row["units_ordered_b2b"], row["ordered_product_sales"], row["ordered_product_sales_b2b"],
        row["order_items"], row["order_items_b2b"],
    )  # fmt: skip


def _child_layout(match: HeaderMatch, header: Any) -> str:
    level = "child" if "asin" in match.columns else "parent"
    return f"{level}-{era(match, header)}"


class BusinessReport(Kind):
    SPEC = KindSpec(
        "business-report",
        "Detail Page Sales and Traffic by Child/Parent Item",
        [*KEY_FIELDS, *METRIC_FIELDS],
        IGNORED,
        layout=_child_layout,
        accepts=has_traffic,
    )
    RECORD = BusinessRow
    PERIOD_FIELD = None  # the by-item report has no dates: its range is only in the file name
    FAMILY = "business"
    DATING = "undated"

    def make(self, line: int, row: dict[str, Any]) -> BusinessRow:
        asin = row["asin"] if row["asin"] is not None else row["parent_asin"]
        return BusinessRow(line, row["parent_asin"], asin, row["sku"], row["title"], *metric_values(row))


KIND = BUSINESS_REPORT = BusinessReport()
