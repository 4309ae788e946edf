"""`listings`: Seller Central's listings reports — All, Active, Inactive, Canceled, the Inventory Report.

Tab flat files, read by header name (never by position: the 2024 form repeats `Deprecated column`
nine times, the Chinese one `不适用项目`). One record per listing. A listings report is a state on the
day it was downloaded, which no layout states: the kind is an undated *snapshot* (docs/decisions.md,
"Listings and seller feedback"). What a layout says about each listing's status:

- All Listings (`status` column): as written (`Active`, `Inactive`).
- Active / Inactive Listings (28 columns, no `status`): the two downloads have one header, so the file
  is read as the Active Listings Report, the one Seller Central offers first; every listing `Active`.
- Canceled Listings (23 columns: no `listing-id`, no `open-date`): every listing `Canceled`.
- The Inventory Report (`sku asin price quantity`): no status, no title — null, never guessed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flywheel_cli.reports.context import Context
from flywheel_cli.reports.kinds.base import Kind
from flywheel_cli.reports.spec import Field, HeaderMatch, KindSpec, aliases


@dataclass(frozen=True, slots=True)
class ListingRow:
    """One listing of a Seller Central listings report; its status as the layout says it, else None."""

    line: int
    sku: str | None
    asin: str | None
    item_name: str | None
    item_description: str | None  # raw HTML, up to ~1,900 characters in real files
    listing_id: str | None
    price: Decimal | None
    quantity: int | None  # empty for FBA listings: Amazon holds the stock (not 0)
    open_date: str | None  # as written (`2019-08-07 23:41:01 PDT`, `29/11/2023 12:02:13 GMT`)
    product_id_type: str | None
    product_id: str | None
    condition: str | None
    fulfillment_channel: str | None  # DEFAULT (the seller), AMAZON_NA / AMAZON_EU … (FBA)
    status: str | None
    brand: str | None


FIELDS = [
    Field("sku", aliases(en=["seller-sku", "sku"], ja="出品者SKU", zh="卖家 SKU", de="Händler-SKU",
                         fr="sku-vendeur", it="SKU venditore", es="SKU del vendedor"), required=True),
    Field("asin", aliases(en=["asin1", "asin 1", "asin"], ja="ASIN 1")),
    Field("item_name", aliases(en="item-name", ja="商品名", zh="商品名称", de="Artikelbezeichnung",
                               fr="nom-produit", it="Nome dell'articolo", es="Título del producto")),
    Field("item_description", aliases(en="item-description", zh="商品描述", de="Artikelbeschreibung")),
    # `商品编码` names both listing-id and product-id in Chinese files: the first is the listing id.
    Field("listing_id", aliases(en="listing-id", ja="出品ID", zh="商品编码")),
    Field("price", aliases(en="price", ja="価格", zh="价格", de="Preis", it="Prezzo"), "money", required=True),
    Field("quantity", aliases(en="quantity", ja="数量", zh="数量", de="Menge", fr="quantité", it="Quantità",
                              es="Cantidad"), "int"),
    Field("open_date", aliases(en="open-date", ja="出品日", zh="开售日期", de="Erstellungsdatum",
                               it="Data di creazione", es="Fecha de creación")),
    Field("product_id_type", aliases(en="product-id-type", ja="商品IDタイプ", zh="商品编码类型", de="Produkt-ID-Typ",
                                     fr="type-id-produit", it="Tipo di identificativo del prodotto",
                                     es="Tipo de identificador de producto")),
    Field("product_id", aliases(en="product-id", ja="商品ID", de="Produkt-ID", fr="id-produit",
                                it="Identificativo del prodotto", es="Identificador del producto")),
    Field("condition", aliases(en="item-condition", ja="コンディション", zh="商品状况", de="Artikelzustand",
                               fr="état-produit", it="Condizione dell'articolo", es="Estado del producto")),
    Field("fulfillment_channel", aliases(en=["fulfillment-channel", "fulfilment-channel"],
                                         ja="フルフィルメント・チャンネル", zh="配送渠道", de="Versender",
                                         fr="canal-traitement", it="Canale di gestione",
                                         es="Canal de gestión logística")),
    Field("status", aliases(en="status", ja="ステータス", zh="状态", fr="état", it="stato", es="estado")),
    # No documented layout has a brand column: read when a custom or re-saved report adds one (UNCERTAIN).
    Field("brand", aliases(en=["brand", "brand-name"], de="Marke")),
]  # fmt: skip

_B2B = ["Business Price", "Quantity Price Type", "Progressive Price Type"] + [
    f"{kind} {n}" for kind in ("Quantity Lower Bound", "Quantity Price", "Progressive Lower Bound",
                               "Progressive Price") for n in range(1, 6)
]  # fmt: skip
IGNORED = aliases(
    en=["image-url", "item-is-marketplace", "zshop-shipping-fee", "item-note", "zshop-category1",
        "zshop-browse-path", "zshop-storefront-feature", "asin2", "asin3", "will-ship-internationally",
        "expedited-shipping", "zshop-boldface", "bid-for-featured-placement", "add-delete", "pending-quantity",
        "merchant-shipping-group", "Deprecated column", "Minimum order quantity", "Sell remainder",
        "optional-payment-type-exclusion", "scheduled-delivery-sku-set", "standard-price-point", "ProductTaxCode",
        "minimum-seller-allowed-price", "maximum-seller-allowed-price", *_B2B],
    ja=["コンディション説明", "国外へ配送可", "迅速な配送", "在庫数", "ポイント"],
    zh=["不适用项目", "是否为商城中的商品", "商品备注", "国际配送", "加急配送", "添加-删除", "等待购买数量", "卖家配送组"],
)  # fmt: skip


def _layout(match: HeaderMatch, header: Sequence[str]) -> str:
    columns = match.columns
    if "status" in columns:
        return "all-listings"
    if "item_name" not in columns:
        return "inventory-report"
    if "listing_id" not in columns:
        return "canceled-listings"
    return "active-listings" if "item_description" in columns else "short"


def _accepts(match: HeaderMatch) -> bool:
    """A title, or the Inventory Report's four columns: not any file with a `sku` and a `price`."""
    return "item_name" in match.columns or {"asin", "quantity"} <= match.columns.keys()


class Listings(Kind):
    SPEC = KindSpec("listings", "Listings report (All / Active / Inactive / Canceled / Inventory Report)",
                    FIELDS, IGNORED, layout=_layout, accepts=_accepts, signature=("item_name",))  # fmt: skip
    RECORD = ListingRow
    PERIOD_FIELD = None
    FAMILY = "listings"
    DATING = "snapshot"
    EXPECTED = ("sku", "price")

    def builder(
        self, match: HeaderMatch, context: Context, sample: Sequence[Sequence[str]] = ()
    ) -> Callable[[int, list[str]], Any]:
        build = super().builder(match, context, sample)
        layout = _layout(match, ())
        status = {"active-listings": "Active", "short": "Active", "canceled-listings": "Canceled"}.get(layout)
        if status is None:
            return build

        def with_status(line: int, cells: list[str]) -> Any:
            return dataclasses.replace(build(line, cells), status=status)

        return with_status

    def make(self, line: int, row: dict[str, Any]) -> ListingRow:
        if row.get("asin") is None and row.get("product_id_type") == "1":
            row["asin"] = row.get("product_id")  # type 1: the product id is the ASIN (the short layouts)
        return super().make(line, row)  # type: ignore[no-any-return]


KIND = Listings()
