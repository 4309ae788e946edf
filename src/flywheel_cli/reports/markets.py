"""Marketplaces: how exports name them, their default currencies, and a Payments preamble's currency."""

from __future__ import annotations

import re

# Currencies seen inside header names (`Spend(USD)`, `Sales(JPY)`: the 2019 ad-group download and the
# Campaign Manager grid); the reader takes the currency from them (reports/reader.py).
HEADER_CURRENCIES = ("USD", "CAD", "MXN", "BRL", "GBP", "EUR", "SEK", "PLN", "TRY", "AED", "SAR", "EGP",
                     "INR", "JPY", "AUD", "SGD")  # fmt: skip

# Domain as written in Payments `marketplace` / Ads `Advertised product marketplace` → code.
_DOMAINS = {
    "amazon.com": "US", "amazon.ca": "CA", "amazon.com.mx": "MX", "amazon.com.br": "BR",
    "amazon.co.uk": "UK", "amazon.de": "DE", "amazon.fr": "FR", "amazon.it": "IT", "amazon.es": "ES",
    "amazon.nl": "NL", "amazon.se": "SE", "amazon.pl": "PL", "amazon.com.be": "BE", "amazon.com.tr": "TR",
    "amazon.co.jp": "JP", "amazon.in": "IN", "amazon.ae": "AE", "amazon.sa": "SA", "amazon.sg": "SG",
    "amazon.com.au": "AU", "amazon.eg": "EG",
}  # fmt: skip

# SP-API marketplace ids (seller performance report).
MARKETPLACE_IDS = {
    "ATVPDKIKX0DER": "US", "A2EUQ1WTGCTBG2": "CA", "A1AM78C64UM0Y8": "MX", "A2Q3Y263D00KWC": "BR",
    "A1F83G8C2ARO7P": "UK", "A1PA6795UKMFR9": "DE", "A13V1IB3VIYZZH": "FR", "APJ6JRA9NG5V4": "IT",
    "A1RKKUPIHCS9HS": "ES", "A1805IZSGTT6HS": "NL", "A2NODRKZP88ZB9": "SE", "A1C3SOZRARQ6R3": "PL",
    "AMEN7PMS3EDWL": "BE", "A33AVAJ2PDY3EV": "TR", "A1VC38T7YXB528": "JP", "A21TJRUUN4KGV": "IN",
    "A2VIGQ35RCS4UG": "AE", "A17E79C6D8DWNP": "SA", "A19VAU5U5O7RUS": "SG", "A39IBJ37TRP1C6": "AU",
}  # fmt: skip

CURRENCIES = {
    "US": "USD", "CA": "CAD", "MX": "MXN", "BR": "BRL", "UK": "GBP", "DE": "EUR", "FR": "EUR", "IT": "EUR",
    "ES": "EUR", "NL": "EUR", "BE": "EUR", "SE": "SEK", "PL": "PLN", "TR": "TRY", "JP": "JPY", "IN": "INR",
    "AE": "AED", "SA": "SAR", "SG": "SGD", "AU": "AUD", "EG": "EGP",
}  # fmt: skip

_CODES = set(CURRENCIES) | {"GB"}

# The Ads console's `Country` column writes country names.
_COUNTRIES = {
    "united states": "US", "canada": "CA", "mexico": "MX", "brazil": "BR", "united kingdom": "UK",
    "germany": "DE", "france": "FR", "italy": "IT", "spain": "ES", "netherlands": "NL", "sweden": "SE",
    "poland": "PL", "belgium": "BE", "turkey": "TR", "japan": "JP", "india": "IN",
    "united arab emirates": "AE", "saudi arabia": "SA", "singapore": "SG", "australia": "AU", "egypt": "EG",
}  # fmt: skip


def marketplace_code(text: str | None) -> str | None:
    """`amazon.co.uk` / `Amazon.com` / `AMAZON.COM` / `AMAZON_DE` / `US` → a marketplace code, else None."""
    if not text:
        return None
    value = text.strip().casefold()
    if value in _DOMAINS:
        return _DOMAINS[value]
    if value in _COUNTRIES:
        return _COUNTRIES[value]
    if value.startswith("www."):
        return _DOMAINS.get(value[4:])
    if value.startswith("amazon_"):
        code = value[7:].upper()
        return "UK" if code == "GB" else code if code in _CODES else None
    code = value.upper()
    if code in _CODES:
        return "UK" if code == "GB" else code
    return None


# Line 2 of a Payments Date Range Report names the currency, in the UI language (docs/reports.md,
# `payments`): `All amounts in USD, unless specified` (US, CA, UK, IN, AE, SG, AU …), Brazil's `Todas as
# quantias em BRL, a menos que especificado`, Spain's `Todos los importes en EUR, …`, Italy's `Tutti gli
# importi sono espressi in EUR, …`, France's `Tous les montants sont en EUR, …`, and Germany's `Alle
# Beträge in Euro …`, which spells the currency out.
_PREAMBLE_CURRENCY = re.compile(
    r"(?:All amounts in|Todas as quantias em|Todos los importes en|Tutti gli importi sono espressi in"
    r"|Tous les montants sont en|Alle Beträge in) (?P<code>[A-Z]{3}\b|Euro\b)"
)


def preamble_currency(line: str) -> str | None:
    """The currency code a Payments preamble line states, else None."""
    found = _PREAMBLE_CURRENCY.search(line)
    if found is None:
        return None
    return "EUR" if found["code"] == "Euro" else found["code"]
