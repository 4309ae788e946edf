"""`payments`: the Payments Date Range Report (transaction view), every era and marketplace.

US files grew from 23 to 28, 30 and 32 columns; every localised file has its own names and its own
`type` words. Columns are matched by name only. The preamble's `All amounts in USD` gives the currency.
Amounts keep Amazon's signs: sales positive, fees negative, transfers negative.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date as Day
from decimal import Decimal
from typing import Any

from flywheel_cli.reports.kinds import payments_words
from flywheel_cli.reports.kinds.base import Kind, add
from flywheel_cli.reports.markets import marketplace_code
from flywheel_cli.reports.spec import Field, HeaderMatch, KindSpec, aliases


@dataclass(frozen=True, slots=True)
class PaymentRow:
    """One row of the Payments Date Range Report: its `type` canonical, its amounts with Amazon's signs."""

    line: int
    date: Day | None
    settlement_id: str | None
    type: str
    type_raw: str | None
    order_id: str | None
    sku: str | None
    description: str | None
    quantity: int | None
    marketplace: str | None
    fulfillment: str | None
    product_sales: Decimal | None
    product_sales_tax: Decimal | None
    shipping_credits: Decimal | None
    shipping_credits_tax: Decimal | None
    gift_wrap_credits: Decimal | None
    gift_wrap_credits_tax: Decimal | None
    regulatory_fee: Decimal | None
    regulatory_fee_tax: Decimal | None
    promotional_rebates: Decimal | None
    promotional_rebates_tax: Decimal | None
    marketplace_withheld_tax: Decimal | None
    selling_fees: Decimal | None
    fba_fees: Decimal | None
    other_transaction_fees: Decimal | None
    other: Decimal | None
    points_cost: Decimal | None
    other_taxes: Decimal | None
    total: Decimal | None
    transaction_status: str | None
    release_date: Day | None


def _f(name: str, parse: str = "money", required: bool = False, **names: str | list[str]) -> Field:
    return Field(name, aliases(**names), parse, required)


# Language tags: `en-GB` (UK spellings) and `es-MX` (Mexico) differ from en/es in number and date style.
# pt is Brazil (REAL); nl and sv names are DERIVED and partly UNCERTAIN (docs/reports.md, "Payments
# locales"). A name two languages share (`tipo`, `typ`, `type`, `total`) is listed once.
FIELDS = [
    _f("date", "date", True, en="date/time", de="Datum/Uhrzeit", fr="date/heure", it=["Data/Ora:", "Data/Ora"],
       es="fecha y hora", es_MX="fecha/hora", ja="日付/時間", pt="data/hora", nl="datum/tijd", sv="datum/tid"),
    _f("settlement_id", "text", en="settlement id", de="Abrechnungsnummer", fr=["numéro de versement", "numéro de règlement"],
       it="Numero pagamento", es="identificador de pago", es_MX="Id. de liquidación", ja="決済番号", pt="id de liquidação",
       nl="schikkings-ID", sv="reglerings-id"),
    _f("type", "text", True, en="type", de="Typ", it="Tipo", es="tipo", ja="トランザクションの種類"),
    _f("order_id", "text", en="order id", de="Bestellnummer", fr="numéro de la commande", it="Numero ordine",
       es="número de pedido", es_MX="Id. del pedido", ja="注文番号", pt="id do pedido", nl="bestelnummer", sv="beställnings-id"),
    _f("sku", "text", any="sku"),
    _f("description", "text", en="description", de="Beschreibung", it="Descrizione", es="descripción", ja=["説明", "商品名"],
       pt="descrição"),
    _f("quantity", "int", en="quantity", de="Menge", fr="quantité", it="Quantità", es="cantidad", ja="数量", pt="quantidade",
       nl="aantal"),
    _f("marketplace", "text", en="marketplace", es="web de Amazon", ja="Amazon 出品サービス", pt="mercado", sv="marknadsplats"),
    _f("fulfillment", "text", en="fulfillment", en_GB="fulfilment", de="Versand", fr="traitement", it="Gestione",
       es="gestión logística", es_MX="cumplimiento", ja="フルフィルメント", pt="atendimento"),
    _f("product_sales", en="product sales", de="Umsätze", fr="ventes de produits", it="Vendite", es="ventas de productos",
       ja="商品売上", pt="vendas do produto", nl="verkoop van producten", sv="försäljning av produkter"),
    # 2017-era files had one `sales tax collected` column (product, shipping and gift-wrap tax together),
    # as Brazil's and the Netherlands' files still have.
    _f("product_sales_tax", en=["product sales tax", "sales tax collected"], de="Produktumsatzsteuer",
       fr=["Taxes sur la vente des produits", "taxe sur les ventes de produits"], it="imposta sulle vendite dei prodotti",
       es_MX="impuesto de ventas de productos", ja="商品の売上税", pt="imposto de vendas coletados",
       nl="geïnde omzetbelasting"),
    _f("shipping_credits", en="shipping credits", en_GB="postage credits", de="Gutschrift für Versandkosten",
       fr="crédits d'expédition", it="Accrediti per le spedizioni", es="abonos de envío", es_MX="créditos de envío",
       ja="配送料", pt="créditos de remessa", nl="Verzendtegoeden"),
    _f("shipping_credits_tax", en="shipping credits tax", de="Steuer auf Versandgutschrift",
       fr="taxe sur les crédits d'expédition", it="imposta accrediti per le spedizioni", es="impuestos por abonos de envío",
       es_MX="impuesto de abono de envío", ja="配送料の税金"),
    _f("gift_wrap_credits", en="gift wrap credits", de="Gutschrift für Geschenkverpackung",
       fr=["crédits sur l'emballage cadeau", "crédits cadeau"], it="Accrediti per confezioni regalo",
       es="abonos de envoltorio para regalo", es_MX="créditos por envoltorio de regalo", ja="ギフト包装手数料",
       pt="créditos de embalagem de presente", nl="kredietpunten cadeauverpakking"),
    _f("gift_wrap_credits_tax", en="giftwrap credits tax", de="Steuer auf Geschenkverpackungsgutschriften",
       fr="Taxes sur les crédits cadeaux", it="imposta sui crediti confezione regalo",
       es_MX="impuesto de créditos de envoltura", ja="ギフト包装クレジットの税金"),
    _f("regulatory_fee", en="Regulatory Fee"),
    _f("regulatory_fee_tax", en="Tax On Regulatory Fee"),
    _f("promotional_rebates", en="promotional rebates", de="Rabatte aus Werbeaktionen", fr="Rabais promotionnels",
       it="Sconti promozionali", es="devoluciones promocionales", es_MX="descuentos promocionales",
       ja=["プロモーション割引額", "プロモーション割引额"], pt="descontos promocionais", nl="promotiekortingen"),
    _f("promotional_rebates_tax", en="promotional rebates tax", de="Steuer auf Aktionsrabatte",
       fr="Taxes sur les remises promotionnelles", it="imposta sugli sconti promozionali",
       es="impuestos de descuentos por promociones", es_MX="impuesto de reembolsos promocionales", ja="プロモーション割引の税金"),
    _f("marketplace_withheld_tax", en=["marketplace withheld tax", "Marketplace Facilitator Tax"], de="Einbehaltene Steuer auf Marketplace",
       fr=["Taxes retenues sur le site de vente", "taxe retenue par le site de vente"], it="trattenuta IVA del marketplace",
       es="impuesto retenido en el sitio web", es_MX="impuesto de retenciones en la plataforma",
       ja="源泉徴収税を伴うマーケットプレイス", nl="Belasting voor marketplace-facilitator"),
    _f("selling_fees", en="selling fees", de="Verkaufsgebühren", fr="frais de vente", it="Commissioni di vendita",
       es="tarifas de venta", ja="手数料", pt="tarifas de venda", nl="verkoopkosten"),
    _f("fba_fees", en="fba fees", de="Gebühren zu Versand durch Amazon", fr="Frais Expédié par Amazon",
       it="Costi del servizio Logistica di Amazon", es="tarifas de Logística de Amazon", es_MX="tarifas fba", ja="FBA 手数料",
       pt="taxas fba", nl="fba-vergoedingen", sv="fba-avgifter"),
    _f("other_transaction_fees", en="other transaction fees", de="Andere Transaktionsgebühren",
       fr="autres frais de transaction", it="Altri costi relativi alle transazioni", es="tarifas de otras transacciones",
       es_MX="tarifas de otra transacción", ja="トランザクションに関するその他の手数料", pt="taxas de outras transações",
       nl="overige transactiekosten"),
    _f("other", en="other", de="Andere", fr=["autre", "divers"], it="Altro", es="otro", ja="その他", pt="outro", nl="overige"),
    _f("points_cost", ja="Amazonポイントの費用"),
    _f("gst_liable", en="Total sales tax liable(GST before adjusting TCS)"),
    _f("tcs_cgst", en="TCS-CGST"),
    _f("tcs_sgst", en="TCS-SGST"),
    _f("tcs_igst", en="TCS-IGST"),
    _f("tds", en="TDS (Section 194-O)"),
    _f("total", "money", True, en="total", de="Gesamt", it="totale", ja="合計", nl="totaal", sv="totalt"),
    _f("transaction_status", "text", en="Transaction Status", de="Transaktionsstatus", pt="Status da transação",
       nl="transactiestatus"),
    _f("release_date", "date", en="Transaction Release Date", de="Freigabedatum der Transaktion",
       pt="Data de liberação da transação", nl="publicatiedatum van transactie"),
]  # fmt: skip

IGNORED = aliases(
    en=["account type", "order city", "order state", "order postal", "tax collection model"],
    de=["Ort der Bestellung", "Bundesland", "Postleitzahl", "Steuererhebungsmodell"],
    fr=["ville d'où provient la commande", "Région d'où provient la commande", "code postal de la commande",
        "Modèle de perception des taxes"],
    it=["Città di provenienza dell'ordine", "Provincia di provenienza dell'ordine", "CAP dell'ordine",
        "modello di riscossione delle imposte"],
    es=["ciudad de procedencia del pedido", "comunidad autónoma de procedencia del pedido",
        "código postal de procedencia del pedido", "Formulario de recaudación de impuestos"],
    es_MX=["ciudad del pedido", "estado del pedido", "código postal del pedido", "modelo de recaudación de impuestos"],
    ja=["市町村", "都道府県", "郵便番号", "税金徴収型"],
    # Brazil's `tipo de conta` holds the buyer's payment method (Boleto, Visa Crédito), not an account type.
    pt=["tipo de conta", "cidade do pedido", "estado do pedido", "postal do pedido"],
)  # fmt: skip

# The `type` words live in payments_words.py; the Payments fold reads them through this name.
canonical_type = payments_words.canonical_type


@functools.cache
def _marketplace(raw: str | None) -> str | None:
    return (marketplace_code(raw) or raw) if raw else None


@functools.cache
def _fulfillment(raw: str | None) -> str | None:
    if raw is None:
        return None
    return "seller" if raw.casefold() in payments_words.SELLER else "amazon"


def _layout(match: HeaderMatch, header: Any) -> str:
    return f"{len(header)}-col"


class Payments(Kind):
    SPEC = KindSpec("payments", "Payments Date Range Report", FIELDS, IGNORED, layout=_layout)
    RECORD = PaymentRow
    DATE_FIELDS = ("date",)
    FAMILY = "payments"
    # Every documented layout (23 to 32 columns, every language) has these money columns.
    EXPECTED = ("quantity", "product_sales", "shipping_credits", "gift_wrap_credits", "promotional_rebates",
                "selling_fees", "fba_fees", "other_transaction_fees", "other")  # fmt: skip

    def make(self, line: int, row: dict[str, Any]) -> PaymentRow:
        return PaymentRow(
            line, row["date"], row["settlement_id"], canonical_type(row["type"]), row["type"], row["order_id"],
            row["sku"], row["description"], row["quantity"], _marketplace(row["marketplace"]), _fulfillment(row["fulfillment"]),
            row["product_sales"], row["product_sales_tax"], row["shipping_credits"], row["shipping_credits_tax"],
            row["gift_wrap_credits"], row["gift_wrap_credits_tax"], row["regulatory_fee"], row["regulatory_fee_tax"],
            row["promotional_rebates"], row["promotional_rebates_tax"], row["marketplace_withheld_tax"],
            row["selling_fees"], row["fba_fees"], row["other_transaction_fees"], row["other"], row["points_cost"],
            add(row["gst_liable"], row["tcs_cgst"], row["tcs_sgst"], row["tcs_igst"], row["tds"]),
            row["total"], row["transaction_status"], row["release_date"],
        )  # fmt: skip


KIND = Payments()
