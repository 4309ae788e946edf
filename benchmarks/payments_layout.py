"""The US Payments Date Range Report's layout as the benchmark generator writes it: preamble, header,
money text and Pacific-time dates, and the words its rows are made of (benchmarks/generate_payments.py)."""

from __future__ import annotations

import calendar
import time
from datetime import date

EPOCH_ORDINAL = date(1970, 1, 1).toordinal()

PREAMBLE = (
    "Includes Amazon Marketplace, Fulfillment by Amazon (FBA), and Amazon Webstore transactions",
    "All amounts in USD, unless specified",
    "Definitions:",
    "Sales tax collected: Includes sales tax collected from buyers for product sales, shipping, and gift wrap.",
    "Selling fees: Includes variable closing fees and referral fees.",
    "Other transaction fees: Includes shipping chargebacks, shipping holdbacks, per-item fees  and sales tax "
    "collection fees.",
    'Other: Includes non-order transaction amounts. For more details, see the "Type" and "Description" '
    "columns for each order ID.",
)

TEXT_COLUMNS = (
    "date/time", "settlement id", "type", "order id", "sku", "description", "quantity", "marketplace",
    "account type", "fulfillment", "order city", "order state", "order postal", "tax collection model",
)  # fmt: skip
AMOUNT_COLUMNS = (
    "product sales", "product sales tax", "shipping credits", "shipping credits tax", "gift wrap credits",
    "giftwrap credits tax", "Regulatory Fee", "Tax On Regulatory Fee", "promotional rebates",
    "promotional rebates tax", "marketplace withheld tax", "selling fees", "fba fees", "other transaction fees",
    "other",
)  # fmt: skip
HEADER = (*TEXT_COLUMNS, *AMOUNT_COLUMNS, "total", "Transaction Status", "Transaction Release Date")
assert len(HEADER) == 32

# Indexes into the amount list of one row.
(PRODUCT_SALES, PRODUCT_SALES_TAX, SHIPPING, SHIPPING_TAX, GIFT_WRAP, GIFT_WRAP_TAX, REGULATORY_FEE,
 REGULATORY_FEE_TAX, PROMOTIONS, PROMOTIONS_TAX, WITHHELD_TAX, SELLING_FEES, FBA_FEES, OTHER_TRANSACTION_FEES,
 OTHER) = range(len(AMOUNT_COLUMNS))  # fmt: skip

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DAY = 86_400
HOUR = 3_600

# (city, state, postal, sales tax rate in basis points)
PLACES = (
    ("NEW YORK", "NY", "10025", 888), ("BROOKLYN", "NY", "11215", 888), ("LOS ANGELES", "CA", "90034", 950),
    ("SAN DIEGO", "CA", "92117", 775), ("SAN JOSE", "CA", "95123", 938), ("CHICAGO", "IL", "60614", 1025),
    ("HOUSTON", "TX", "77084", 825), ("AUSTIN", "TX", "78745", 825), ("PHOENIX", "AZ", "85032", 860),
    ("PHILADELPHIA", "PA", "19143", 800), ("SEATTLE", "WA", "98103", 1035), ("DENVER", "CO", "80219", 881),
    ("BOSTON", "MA", "02130", 625), ("MIAMI", "FL", "33186", 700), ("TAMPA", "FL", "33647", 750),
    ("ATLANTA", "GA", "30318", 890), ("CHARLOTTE", "NC", "28277", 725), ("COLUMBUS", "OH", "43229", 750),
    ("LAS VEGAS", "NV", "89123", 838), ("PORTLAND", "OR", "97229", 0), ("ANCHORAGE", "AK", "99504", 0),
    ("WILMINGTON", "DE", "19808", 0), ("OKLAHOMA CITY", "OK", "73170", 863), ("NASHVILLE", "TN", "37211", 925),
)  # fmt: skip

BRANDS = ("Lumen", "Northwind", "Cobalt & Pine", "Harbor", "Maple Row", "Solstice", "Tidewell", "Ironbark")
NOUNS = (
    "LED Desk Lamp", "Floor Lamp", "String Lights", "Smart Bulb", "Lamp Shade", "Wall Sconce", "Night Light",
    "Under Cabinet Light", "Pendant Light", "Solar Path Light", "Ceiling Fan Light", "Reading Light",
)  # fmt: skip
ADJECTIVES = ("Dimmable", "Waterproof", "Rechargeable", "Warm White", "Color Changing", "Plug-in", "Modern")
PACKS = ("1 Pack", "2 Pack", "4 Pack", "6 Pack", "Set of 3")
REIMBURSEMENTS = (
    "FBA Inventory Reimbursement - Lost:Warehouse", "FBA Inventory Reimbursement - Damaged:Warehouse",
    "FBA Inventory Reimbursement - Customer Return", "FBA Inventory Reimbursement - Customer Service Issue",
)  # fmt: skip


def cents(value: int) -> str:
    """Amazon's US money text: `0`, `4.20`, `-8.25`, `-1,052.64`."""
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    whole, frac = divmod(abs(value), 100)
    return f"{sign}{whole:,}.{frac:02d}"


def decimal_text(value: int) -> str:
    """Cents as an exact decimal string without separators, for the JSON of expected figures."""
    sign = "-" if value < 0 else ""
    whole, frac = divmod(abs(value), 100)
    return f"{sign}{whole}.{frac:02d}"


def _nth_sunday(year: int, month: int, n: int) -> int:
    first = date(year, month, 1)
    return 1 + (6 - first.weekday()) % 7 + 7 * (n - 1)


def _dst_window(year: int) -> tuple[int, int]:
    """UTC instants of the US DST start (2nd Sunday of March, 2 AM PST) and end (1st Sunday of Nov, 2 AM PDT)."""
    start = calendar.timegm((year, 3, _nth_sunday(year, 3, 2), 10, 0, 0))
    end = calendar.timegm((year, 11, _nth_sunday(year, 11, 1), 9, 0, 0))
    return start, end


class Pacific:
    """UTC seconds → `Oct 3, 2026 1:23:45 PM PDT`, with the US PST/PDT switch."""

    def __init__(self) -> None:
        self._windows: dict[int, tuple[int, int]] = {}

    def offset(self, utc: int) -> tuple[int, str]:
        year = time.gmtime(utc - 8 * HOUR).tm_year
        window = self._windows.get(year)
        if window is None:
            window = self._windows[year] = _dst_window(year)
        return (-7 * HOUR, "PDT") if window[0] <= utc < window[1] else (-8 * HOUR, "PST")

    def midnight(self, day: date) -> int:
        """The UTC instant of local midnight starting `day`."""
        naive = calendar.timegm((day.year, day.month, day.day, 0, 0, 0))
        return naive + 8 * HOUR if self.offset(naive + 8 * HOUR)[1] == "PST" else naive + 7 * HOUR

    def day(self, utc: int) -> int:
        """The local (Pacific) calendar day of `utc`, as a date ordinal."""
        return EPOCH_ORDINAL + (utc + self.offset(utc)[0]) // DAY

    def text(self, utc: int) -> str:
        shift, zone = self.offset(utc)
        t = time.gmtime(utc + shift)
        hour = t.tm_hour % 12 or 12
        half = "AM" if t.tm_hour < 12 else "PM"
        return f"{MONTHS[t.tm_mon - 1]} {t.tm_mday}, {t.tm_year} {hour}:{t.tm_min:02d}:{t.tm_sec:02d} {half} {zone}"
