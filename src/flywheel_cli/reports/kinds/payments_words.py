"""The words of Payments reports, by language: `type` values, fulfilment words, and the `description`
words that mark advertising and storage charges. The only tables of them (docs/reports.md, `payments`).

Sources, per language, are in docs/reports.md ("Payments locales"). Words the reference marks
UNCERTAIN (SE `Beställning` / `Återbäring`, the NL advertising description) are kept, and said so there.
"""

from __future__ import annotations

import functools

from flywheel_cli.reports.spec import normalise_header

# `type` words → canonical type. Unknown words are kept as `unknown` with `type_raw`.
# Languages in each line: en | de | fr | it | es, MX | ja | nl | sv | pt (Brazil) | fr (Belgium).
_TYPES = {
    "order": "Order|Bestellung|Commande|Ordine|Pedido|注文|Bestelling|Beställning",
    "refund": "Refund|Erstattung|Remboursement|Rimborso|Reembolso|返金|Terugbetaling|Återbetalning|Återbäring",
    "transfer": "Transfer|Übertrag|Transfert|Trasferimento|Transferir|Trasferir|振込み|Overboeking|Överföring|Transférer",
    "service_fee": "Service Fee|Servicegebühr|Frais de service|Commissione di servizio|"
    "Tarifa de prestación de servicio|Tarifa de servicio|注文外料金|Servicekosten|Serviceavgift|Taxa de serviço",
    "adjustment": "Adjustment|Anpassung|Ajustement|Modifica|Ajuste|調整|Aanpassing",
    "fba_inventory_fee": "FBA Inventory Fee|Versand durch Amazon Lagergebühr|Frais de stock Expédié par Amazon|"
    "Costo di stoccaggio Logistica di Amazon|Tarifas de inventario de Logística de Amazon|Tarifa de inventario FBA|"
    "FBA 在庫関連の手数料|Taxa de Estoque FBA",
    "fba_customer_return_fee": "FBA Customer Return Fee",
    "order_retrocharge": "Order_Retrocharge|Bestellung_Wiedereinzug",
    "refund_retrocharge": "Refund_Retrocharge|Erstattung_Wiedereinzug",
    "fee_adjustment": "Fee Adjustment",
    "lightning_deal_fee": "Lightning Deal Fee|Blitzangebotsgebühr|Tarif de la Vente Flash|Tariffa dell'Offerta Lampo|"
    "Tarifa de Oferta flash|数量限定タイムセール手数料",
    "chargeback_refund": "Chargeback Refund|Erstattung durch Rückbuchung",
    "debt": "Debt|Verbindlichkeit|Solde négatif|Saldo negativo|Saldo descubierto|Deuda|Skuld",
    "others": "Others|Outros",
}
TYPES = {
    normalise_header(word): canonical for canonical, words in _TYPES.items() for word in words.split("|")
}

# `fulfillment` words for the seller's own shipping; every other word is Amazon's (FBA).
SELLER = frozenset({"seller", "merchant", "verkäufer", "vendeur", "venditore", "vendedor", "出品者"})

# `description` words that mark advertising charges and storage fees, by language (matched inside the
# casefolded description). Brazil's storage fee is `Tarifa de armazenagem do programa FBA - …` (REAL).
AD_CHARGE_WORDS = ("cost of advertising", "werbekosten", "frais de publicité", "costi pubblicitari",
                   "gastos de publicidad", "coste de publicidad", "広告費", "kosten van reclame")  # fmt: skip
STORAGE_WORDS = ("storage", "surcharge", "lagergebühr", "lagerung", "stockage", "stoccaggio", "almacenamiento",
                 "保管", "opslag", "armazenagem")  # fmt: skip


@functools.cache
def canonical_type(raw: str | None) -> str:
    """A `type` word in any language → the canonical type (cached: a report has a dozen distinct words)."""
    return TYPES.get(normalise_header(raw), "unknown") if raw else "unknown"
