#!/usr/bin/env python3
"""Generate the "Lumen Lighting" demo store: one month (October 2026, US) of real-looking exports.

Writes, under examples/lumen-lighting/:

    payments-2026-10.csv                Payments Date Range Report, US 32-column layout, 7-line preamble
    business-report-2026-10.csv         Detail Page Sales and Traffic By Child Item, 22-column layout
    sp-advertised-product-2026-10.csv   Sponsored Products advertised product report (legacy console)
    sp-search-term-2026-10.csv          Sponsored Products search term report (legacy console, daily)
    fba-inventory-2026-11-01.csv        FBA Inventory (Inventory Planning), 2025-2026 quoted-CSV layout
    fba-returns-2026-10.txt             FBA customer returns (tab-delimited)
    seller-performance.json             SP-API GET_V2_SELLER_PERFORMANCE_REPORT
    cogs.csv                            the seller's own cost file
    flywheel.yaml                       flywheel configuration for the store

and tests/data/lumen_expected.json, the ledger of expected figures. The ledger is summed from the
generator's own in-memory records (not by parsing the files); the self-check at the end then re-reads
the written files with the csv module and confirms that they agree with the ledger to the cent.

    python3 tools/make_example_store.py          # (re)write every file, then self-check
    python3 tools/make_example_store.py --check  # regenerate in memory; exit 1 if any file on disk differs

Deterministic (one random.Random(2026)), standard library only, Decimal for every amount of money.

The store: 8 SKUs. The LED desk lamp and the floor lamp are children of one parent ASIN (style
variation "Desk Lamp" / "Floor Lamp"). Everything is FBA except the floor lamp (FBM, ships late).
Built-in stories for the demo: the desk lamp is nearly out of stock; the lamp shade has old stock
(> 365 days) and > 90 days of supply; string lights have a ~9% return rate; smart bulbs hold only
~55% of the Buy Box and an electronics-level ACoS problem; the floor lamp's late shipment rate is 4.6%;
string lights get a higher unit cost from 2026-10-16 (cogs.csv).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import random
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STORE_DIR = Path("examples") / "lumen-lighting"
LEDGER_PATH = Path("tests") / "data" / "lumen_expected.json"

SEED = 2026
CENT = Decimal("0.01")
ZERO = Decimal("0")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

PERIOD_START = date(2026, 10, 1)
PERIOD_END = date(2026, 10, 31)
DAYS = [PERIOD_START + timedelta(days=i) for i in range(31)]
# US Pacific time: PDT (UTC-7) until 2026-11-01 02:00 local, then PST (UTC-8).
DST_END_LOCAL = datetime(2026, 11, 1, 2, 0, 0)
# The Payments report was downloaded on Nov 1, 2026 at 08:12 PST; rows released later are "Deferred".
REPORT_RUN_LOCAL = datetime(2026, 11, 1, 8, 12, 40)

REFERRAL_RATE = Decimal("0.15")  # Home & Kitchen / Tools & Home Improvement / Lawn & Garden (US)
REFERRAL_MIN = Decimal("0.30")  # per item
REFUND_ADMIN_RATE = Decimal("0.20")  # refund administration fee: lesser of $5.00 or 20% of the referral fee
REFUND_ADMIN_CAP = Decimal("5.00")
STORAGE_RATE_JAN_SEP = Decimal("0.78")  # standard size, $/cu ft/month (September usage, billed in October)
STORAGE_RATE_OCT_DEC = Decimal("2.40")  # used for the inventory report's next-month estimate (November)
# Aged inventory surcharge, $/cu ft per bucket; 366+ days is the greater of $6.90/cu ft or $0.15/unit.
AIS_RATES = {
    "181-210": Decimal("0.50"),
    "211-240": Decimal("1.00"),
    "241-270": Decimal("1.50"),
    "271-300": Decimal("3.80"),
    "301-330": Decimal("4.00"),
    "331-365": Decimal("4.20"),
    "366-455": Decimal("6.90"),
    "456-plus": Decimal("6.90"),
}
AIS_UNIT_MIN = Decimal("0.15")

SETTLEMENTS = (  # (id, posted-from local time) — 14-day settlement periods
    ("24815730961", datetime(2026, 9, 24, 7, 13, 52)),
    ("24857309412", datetime(2026, 10, 8, 7, 13, 52)),
    ("24899461783", datetime(2026, 10, 22, 7, 13, 52)),
)
MARKETPLACE_ID_US = "ATVPDKIKX0DER"


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def d2(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def money(x: float) -> Decimal:
    """A float drawn by the generator, turned into cents (never used for arithmetic on money)."""
    return d2(Decimal(f"{x:.4f}"))


def m2s(x: Decimal) -> str:
    """Ledger money: a plain string with exactly two decimals."""
    return f"{d2(x):.2f}"


def pay_amount(x: Decimal) -> str:
    """Payments report amount: "0" for zero, else two decimals with thousands separators."""
    x = d2(x)
    if x == 0:
        return "0"
    return f"{x:,.2f}"


def usd(x: Decimal) -> str:
    return f"${d2(x):,.2f}"


def pct(num: Decimal | int, den: Decimal | int, places: int = 2) -> str:
    if den == 0:
        return f"{Decimal(0):.{places}f}%"
    q = Decimal(1).scaleb(-places)
    v = (Decimal(num) * 100 / Decimal(den)).quantize(q, rounding=ROUND_HALF_UP)
    return f"{v}%"


def ratio(num: Decimal | int, den: Decimal | int, places: int = 4) -> str | None:
    if den == 0:
        return None
    q = Decimal(1).scaleb(-places)
    return str((Decimal(num) / Decimal(den)).quantize(q, rounding=ROUND_HALF_UP))


def count(n: int) -> str:
    return f"{n:,}"


def pacific_label(local: datetime) -> str:
    return "PDT" if local < DST_END_LOCAL else "PST"


def utc_to_local(utc: datetime) -> datetime:
    local = utc - timedelta(hours=7)
    if local >= DST_END_LOCAL:
        local = utc - timedelta(hours=8)
    return local


def local_to_utc(local: datetime) -> datetime:
    return local + timedelta(hours=7 if local < DST_END_LOCAL else 8)


def fmt_payments_dt(local: datetime) -> str:
    h12 = local.hour % 12 or 12
    ampm = "AM" if local.hour < 12 else "PM"
    mon = MONTHS[local.month - 1]
    clock = f"{h12}:{local.minute:02d}:{local.second:02d} {ampm}"
    return f"{mon} {local.day}, {local.year} {clock} {pacific_label(local)}"


def fmt_ads_date(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day:02d}, {d.year}"


def poisson(rng: random.Random, lam: float) -> int:
    limit = math.exp(-lam)
    k, p = 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def weighted(rng: random.Random, items: list[tuple[str, float]]) -> str:
    return rng.choices([i for i, _ in items], weights=[w for _, w in items])[0]


def settlement_for(local: datetime) -> str:
    sid = SETTLEMENTS[0][0]
    for s, start in SETTLEMENTS:
        if local >= start:
            sid = s
    return sid


# --------------------------------------------------------------------------------------------
# The store
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sku:
    sku: str
    asin: str
    fnsku: str
    parent: str
    title: str
    price: Decimal
    fulfillment: str  # "Amazon" (FBA) or "Seller" (FBM)
    fba_fee: Decimal  # 2026 US rate card, $10-$50 band, per unit (0 for FBM)
    size_note: str
    volume_cuft: Decimal  # item package volume
    product_group: str
    category: str
    units: int  # October shipped units (target; the draw varies around it)
    qty_weights: tuple[int, int, int]  # P(qty = 1, 2, 3)
    trend: tuple[float, float]  # demand multiplier on Oct 1 -> Oct 31
    deal: bool  # Prime Big Deal Days (Oct 6-7) lightning deal, 20% off
    coupon: Decimal  # clipped coupon, $ per unit
    conv: float  # unit session percentage target
    buy_box: Decimal  # featured offer %
    cpc: float
    tacos: float  # ad spend / gross sales target
    acos: float
    return_rate: float
    cogs: Decimal
    freight: Decimal
    prep: Decimal
    label: str  # short name used in ad group names
    sales_rank: int


PARENT_ARC = "B0DX4LRP7Q"

SKUS: tuple[Sku, ...] = (
    Sku(
        sku="LL-DESK-LED01",
        asin="B0DX4KQ2WZ",
        fnsku="X004K7PQ2L",
        parent=PARENT_ARC,
        title=(
            "Lumen Arc LED Desk Lamp with USB-C Charging Port, 5 Color Modes, Stepless Dimming, "
            "Eye-Caring Table Lamp for Home Office, Black"
        ),
        price=Decimal("44.99"),
        fulfillment="Amazon",
        fba_fee=Decimal("6.67"),
        size_note="large standard, 16x6x4 in, 2.2 lb unit / 2.76 lb dim -> 2.75-3 lb band",
        volume_cuft=Decimal("0.2222"),
        product_group="gl_home_improvement",
        category="home",
        units=225,
        qty_weights=(90, 8, 2),
        trend=(0.95, 1.10),
        deal=True,
        coupon=Decimal("5.00"),
        conv=0.142,
        buy_box=Decimal("98.71"),
        cpc=1.12,
        tacos=0.15,
        acos=0.26,
        return_rate=0.03,
        cogs=Decimal("11.40"),
        freight=Decimal("1.85"),
        prep=Decimal("0.35"),
        label="Desk Lamp",
        sales_rank=2874,
    ),
    Sku(
        sku="LL-STR-WW33",
        asin="B0CQ7TNW5H",
        fnsku="X003Z9LM4C",
        parent="B0CQ7TNW5H",
        title=(
            "Lumen 33ft Warm White LED String Lights Plug in, 100 LED Waterproof Fairy Lights "
            "for Bedroom, Patio, Christmas Decor"
        ),
        price=Decimal("21.99"),
        fulfillment="Amazon",
        fba_fee=Decimal("4.20"),
        size_note="large standard, 6x5x3 in, 9 oz unit / 10.4 oz dim -> 8-12 oz band",
        volume_cuft=Decimal("0.0521"),
        product_group="gl_home",
        category="home",
        units=290,
        qty_weights=(80, 15, 5),
        trend=(0.70, 1.40),
        deal=True,
        coupon=Decimal("3.00"),
        conv=0.163,
        buy_box=Decimal("96.42"),
        cpc=0.78,
        tacos=0.22,
        acos=0.36,
        return_rate=0.09,
        cogs=Decimal("4.85"),
        freight=Decimal("0.42"),
        prep=Decimal("0.25"),
        label="String Lights",
        sales_rank=1536,
    ),
    Sku(
        sku="LL-BULB-SM4",
        asin="B0D2HV6R8K",
        fnsku="X0043KD9PT",
        parent="B0D2HV6R8K",
        title=(
            "Lumen Smart Light Bulbs A19 E26, WiFi & Bluetooth Color Changing LED Bulb, Works with "
            "Alexa and Google Home, 60W Equivalent, 4 Pack"
        ),
        price=Decimal("36.99"),
        fulfillment="Amazon",
        fba_fee=Decimal("4.60"),
        size_note="large standard, 9x5x2.5 in, 14 oz unit -> 12-16 oz band",
        volume_cuft=Decimal("0.0651"),
        product_group="gl_home_improvement",
        category="electronics",
        units=195,
        qty_weights=(70, 22, 8),
        trend=(1.00, 1.05),
        deal=True,
        coupon=Decimal("4.00"),
        conv=0.091,
        buy_box=Decimal("55.28"),
        cpc=1.35,
        tacos=0.21,
        acos=0.37,
        return_rate=0.04,
        cogs=Decimal("9.20"),
        freight=Decimal("0.55"),
        prep=Decimal("0.30"),
        label="Smart Bulbs",
        sales_rank=4410,
    ),
    Sku(
        sku="LL-UCAB-12IN2",
        asin="B0CJ3WQ8ZM",
        fnsku="X003TR6H2N",
        parent="B0CJ3WQ8ZM",
        title=(
            "Lumen Under Cabinet Lighting 12 Inch, Dimmable LED Light Bar, Plug-in or Hardwired, "
            "3 Color Temperatures, 2 Pack"
        ),
        price=Decimal("49.99"),
        fulfillment="Amazon",
        fba_fee=Decimal("5.42"),
        size_note="large standard, 14x4x2.5 in, 1.3 lb unit -> 1.25-1.5 lb band",
        volume_cuft=Decimal("0.0810"),
        product_group="gl_home_improvement",
        category="home",
        units=110,
        qty_weights=(82, 14, 4),
        trend=(1.00, 1.00),
        deal=True,
        coupon=Decimal("5.00"),
        conv=0.118,
        buy_box=Decimal("99.13"),
        cpc=1.05,
        tacos=0.15,
        acos=0.25,
        return_rate=0.03,
        cogs=Decimal("12.75"),
        freight=Decimal("0.95"),
        prep=Decimal("0.30"),
        label="Under Cabinet",
        sales_rank=6120,
    ),
    Sku(
        sku="LL-SOLAR-PATH8",
        asin="B0BZ9P4KXD",
        fnsku="X003E8VW1S",
        parent="B0BZ9P4KXD",
        title=(
            "Lumen Solar Pathway Lights Outdoor, 8 Pack Warm White LED Solar Garden Lights, IP65 "
            "Waterproof Landscape Lighting for Walkway, Yard"
        ),
        price=Decimal("45.99"),
        fulfillment="Amazon",
        fba_fee=Decimal("8.25"),
        size_note="large standard, 16x10x6 in, 4.2 lb unit / 6.91 lb dim -> 6.97 + 16 x 0.08",
        volume_cuft=Decimal("0.5556"),
        product_group="gl_lawn_and_garden",
        category="garden",
        units=118,
        qty_weights=(85, 12, 3),
        trend=(1.30, 0.70),
        deal=False,
        coupon=Decimal("5.00"),
        conv=0.124,
        buy_box=Decimal("93.85"),
        cpc=0.92,
        tacos=0.15,
        acos=0.27,
        return_rate=0.025,
        cogs=Decimal("10.90"),
        freight=Decimal("2.40"),
        prep=Decimal("0.45"),
        label="Solar Path",
        sales_rank=9875,
    ),
    Sku(
        sku="LL-NITE-2PK",
        asin="B0C5MNX2RT",
        fnsku="X003K1BJ7F",
        parent="B0C5MNX2RT",
        title=(
            "Lumen Plug-in LED Night Light with Dusk to Dawn Sensor, Warm White, Adjustable "
            "Brightness, 2 Pack"
        ),
        price=Decimal("14.99"),
        fulfillment="Amazon",
        fba_fee=Decimal("3.95"),
        size_note="large standard, 5x3.5x2.5 in, 6 oz unit -> 4-8 oz band",
        volume_cuft=Decimal("0.0253"),
        product_group="gl_home_improvement",
        category="home",
        units=205,
        qty_weights=(68, 24, 8),
        trend=(1.00, 1.10),
        deal=True,
        coupon=Decimal("2.00"),
        conv=0.178,
        buy_box=Decimal("100.00"),
        cpc=0.58,
        tacos=0.15,
        acos=0.24,
        return_rate=0.02,
        cogs=Decimal("2.95"),
        freight=Decimal("0.22"),
        prep=Decimal("0.20"),
        label="Night Light",
        sales_rank=3302,
    ),
    Sku(
        sku="LL-FLOOR-ARC65",
        asin="B0DX4M8J3N",
        fnsku="X004K7RS9M",
        parent=PARENT_ARC,
        title=(
            "Lumen Arc Modern LED Floor Lamp, 65 Inch Dimmable Standing Lamp with Remote, 3000K-6000K, Black"
        ),
        price=Decimal("109.99"),
        fulfillment="Seller",
        fba_fee=ZERO,
        size_note="FBM (merchant fulfilled, ships from the seller's warehouse)",
        volume_cuft=Decimal("1.9097"),
        product_group="gl_home_improvement",
        category="home",
        units=70,
        qty_weights=(95, 5, 0),
        trend=(1.00, 1.00),
        deal=False,
        coupon=Decimal("10.00"),
        conv=0.062,
        buy_box=Decimal("87.16"),
        cpc=1.64,
        tacos=0.24,
        acos=0.40,
        return_rate=0.0,
        cogs=Decimal("31.50"),
        freight=Decimal("6.80"),
        prep=ZERO,
        label="Floor Lamp",
        sales_rank=11240,
    ),
    Sku(
        sku="LL-SHADE-DRUM10",
        asin="B0B7TLQ3VJ",
        fnsku="X0037HP6AZ",
        parent="B0B7TLQ3VJ",
        title=(
            "Lumen Linen Drum Lamp Shade, 10 x 10 x 8 Inch, Off-White Fabric Lampshade for Table "
            "Lamp, Spider Fitter"
        ),
        price=Decimal("27.99"),
        fulfillment="Amazon",
        fba_fee=Decimal("8.25"),
        size_note="large standard, 11x11x8 in, 0.9 lb unit / 6.96 lb dim -> 6.97 + 16 x 0.08",
        volume_cuft=Decimal("0.5602"),
        product_group="gl_home",
        category="home",
        units=74,
        qty_weights=(88, 10, 2),
        trend=(1.00, 0.95),
        deal=False,
        coupon=Decimal("3.00"),
        conv=0.071,
        buy_box=Decimal("95.57"),
        cpc=0.88,
        tacos=0.25,
        acos=0.40,
        return_rate=0.035,
        cogs=Decimal("6.80"),
        freight=Decimal("2.10"),
        prep=Decimal("0.40"),
        label="Lamp Shade",
        sales_rank=21570,
    ),
)
BY_SKU = {s.sku: s for s in SKUS}
FBM_SKU = "LL-FLOOR-ARC65"
COST_CHANGE = ("LL-STR-WW33", date(2026, 10, 16), Decimal("5.45"))  # new PO, higher unit cost

# Ship-to (city, state, postal, combined sales-tax rate, weight). Cities upper case as Amazon prints them.
CITIES: tuple[tuple[str, str, str, str, int], ...] = (
    ("NEW YORK", "NY", "10025", "0.08875", 9),
    ("BROOKLYN", "NY", "11215", "0.08875", 7),
    ("LOS ANGELES", "CA", "90034", "0.0950", 9),
    ("SAN DIEGO", "CA", "92117", "0.0775", 5),
    ("SAN JOSE", "CA", "95123", "0.09375", 4),
    ("SACRAMENTO", "CA", "95823", "0.0875", 3),
    ("HOUSTON", "TX", "77084", "0.0825", 7),
    ("AUSTIN", "TX", "78745", "0.0825", 4),
    ("DALLAS", "TX", "75228", "0.0825", 5),
    ("SAN ANTONIO", "TX", "78249", "0.0825", 4),
    ("CHICAGO", "IL", "60614", "0.1025", 7),
    ("PHOENIX", "AZ", "85032", "0.0860", 5),
    ("PHILADELPHIA", "PA", "19146", "0.0800", 4),
    ("COLUMBUS", "OH", "43229", "0.0775", 3),
    ("CHARLOTTE", "NC", "28277", "0.0725", 3),
    ("RALEIGH", "NC", "27610", "0.0725", 2),
    ("SEATTLE", "WA", "98103", "0.1035", 4),
    ("DENVER", "CO", "80219", "0.0881", 3),
    ("BOSTON", "MA", "02130", "0.0625", 3),
    ("NASHVILLE", "TN", "37211", "0.0925", 3),
    ("PORTLAND", "OR", "97206", "0", 3),
    ("ATLANTA", "GA", "30318", "0.0890", 4),
    ("MIAMI", "FL", "33186", "0.0700", 4),
    ("ORLANDO", "FL", "32828", "0.0650", 3),
    ("TAMPA", "FL", "33647", "0.0750", 3),
    ("MINNEAPOLIS", "MN", "55407", "0.08025", 2),
    ("LAS VEGAS", "NV", "89123", "0.08375", 3),
    ("DETROIT", "MI", "48228", "0.0600", 2),
    ("INDIANAPOLIS", "IN", "46227", "0.0700", 2),
    ("BALTIMORE", "MD", "21224", "0.0600", 2),
    ("MILWAUKEE", "WI", "53215", "0.0560", 2),
    ("KANSAS CITY", "MO", "64118", "0.08985", 2),
    ("SALT LAKE CITY", "UT", "84106", "0.0775", 2),
    ("WILMINGTON", "DE", "19805", "0", 1),
    ("BILLINGS", "MT", "59102", "0", 1),
    ("MANCHESTER", "NH", "03103", "0", 1),
    ("RICHMOND", "VA", "23225", "0.0600", 2),
    ("NEWARK", "NJ", "07106", "0.06625", 2),
    ("ALBUQUERQUE", "NM", "87121", "0.07625", 1),
    ("OMAHA", "NE", "68104", "0.0700", 1),
    ("LOUISVILLE", "KY", "40214", "0.0600", 1),
    ("OKLAHOMA CITY", "OK", "73170", "0.08625", 1),
)

FULFILLMENT_CENTERS = ("PHX7", "ONT8", "LGB8", "SMF3", "MDW2", "CLT2", "BFI4", "TPA1", "IND9", "DFW7", "AVP1")


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------

MONEY_COLS = (
    "product sales",
    "product sales tax",
    "shipping credits",
    "shipping credits tax",
    "gift wrap credits",
    "giftwrap credits tax",
    "Regulatory Fee",
    "Tax On Regulatory Fee",
    "promotional rebates",
    "promotional rebates tax",
    "marketplace withheld tax",
    "selling fees",
    "fba fees",
    "other transaction fees",
    "other",
)
PAYMENTS_HEADER = (
    "date/time",
    "settlement id",
    "type",
    "order id",
    "sku",
    "description",
    "quantity",
    "marketplace",
    "account type",
    "fulfillment",
    "order city",
    "order state",
    "order postal",
    "tax collection model",
    *MONEY_COLS,
    "total",
    "Transaction Status",
    "Transaction Release Date",
)
PAYMENTS_PREAMBLE = (
    "Includes Amazon Marketplace, Fulfillment by Amazon (FBA), and Amazon Webstore transactions",
    "All amounts in USD, unless specified",
    "Definitions:",
    "Sales tax collected: Includes sales tax collected from buyers for product sales, shipping, "
    "and gift wrap.",
    "Selling fees: Includes variable closing fees and referral fees.",
    "Other transaction fees: Includes shipping chargebacks, shipping holdbacks, per-item fees  and sales tax "
    "collection fees.",
    'Other: Includes non-order transaction amounts. For more details, see the "Type" and "Description" '
    "columns for each order ID.",
)


@dataclass
class OrderLine:
    sku: str
    local: datetime  # posted (shipped) time, Pacific
    qty: int
    order_id: str = ""
    city: tuple[str, str, str, str, int] | None = None
    product_sales: Decimal = ZERO
    shipping: Decimal = ZERO
    promo: Decimal = ZERO
    tax_rate: Decimal = ZERO
    referral: Decimal = ZERO  # positive, as charged
    returned: int = 0


@dataclass
class PayRow:
    local: datetime
    settlement: str
    type: str
    order_id: str = ""
    sku: str = ""
    description: str = ""
    quantity: str = ""
    marketplace: str = "amazon.com"
    account_type: str = ""
    fulfillment: str = ""
    city: str = ""
    state: str = ""
    postal: str = ""
    tax_model: str = ""
    amounts: dict[str, Decimal] = field(default_factory=dict)
    release: datetime | None = None
    admin_fee: Decimal = ZERO  # refund administration fee inside 'selling fees' (not a column)

    @property
    def total(self) -> Decimal:
        return sum((self.amounts.get(c, ZERO) for c in MONEY_COLS), ZERO)

    def amount(self, col: str) -> Decimal:
        return self.amounts.get(col, ZERO)

    @property
    def status(self) -> str:
        rel = self.release or self.local
        return "Released" if rel <= REPORT_RUN_LOCAL else "Deferred"

    def cells(self) -> list[str]:
        rel = self.release or self.local
        return [
            fmt_payments_dt(self.local),
            self.settlement,
            self.type,
            self.order_id,
            self.sku,
            self.description,
            self.quantity,
            self.marketplace,
            self.account_type,
            self.fulfillment,
            self.city,
            self.state,
            self.postal,
            self.tax_model,
            *(pay_amount(self.amount(c)) for c in MONEY_COLS),
            pay_amount(self.total),
            self.status,
            fmt_payments_dt(rel),
        ]


@dataclass
class ReturnRow:
    utc: datetime
    order_id: str
    sku: str
    qty: int
    fc: str
    disposition: str
    reason: str
    status: str
    lpn: str
    comment: str


# --------------------------------------------------------------------------------------------
# Payments: orders, refunds, fees
# --------------------------------------------------------------------------------------------


def new_order_id(rng: random.Random, used: set[str]) -> str:
    while True:
        prefix = rng.choice(("111", "112", "113", "114"))
        oid = f"{prefix}-{rng.randint(0, 9999999):07d}-{rng.randint(0, 9999999):07d}"
        if oid not in used:
            used.add(oid)
            return oid


def pick_city(rng: random.Random) -> tuple[str, str, str, str, int]:
    return rng.choices(CITIES, weights=[c[4] for c in CITIES])[0]


def draw_qty(rng: random.Random, s: Sku) -> int:
    return rng.choices((1, 2, 3), weights=s.qty_weights)[0]


def day_weight(s: Sku, d: date) -> float:
    dow = (1.0, 0.95, 0.95, 1.0, 1.02, 1.1, 1.15)[d.weekday()]
    t = (d.day - 1) / 30
    trend = s.trend[0] + (s.trend[1] - s.trend[0]) * t
    deal_day = d in (date(2026, 10, 6), date(2026, 10, 7))
    boost = (2.4 if s.deal else 1.3) if deal_day else 1.0
    return dow * trend * boost


def generate_order_lines(rng: random.Random) -> list[OrderLine]:
    lines: list[OrderLine] = []
    for s in SKUS:
        if s.fulfillment == "Seller":
            continue
        mean_qty = sum(q * w for q, w in zip((1, 2, 3), s.qty_weights, strict=True)) / sum(s.qty_weights)
        weights = [day_weight(s, d) for d in DAYS]
        wsum = sum(weights)
        for d, w in zip(DAYS, weights, strict=True):
            n = poisson(rng, s.units * w / wsum / mean_qty)
            for _ in range(n):
                t = datetime(d.year, d.month, d.day) + timedelta(seconds=rng.randint(0, 86399))
                lines.append(OrderLine(s.sku, t, draw_qty(rng, s)))
    # FBM floor lamp: 2 shipments on Oct 1 and exactly 65 in the late-shipment window (Oct 2-31),
    # shipped from the seller's warehouse in business hours.
    floor = BY_SKU[FBM_SKU]
    fbm_days = [
        PERIOD_START,
        PERIOD_START,
        *rng.choices(DAYS[1:], weights=[day_weight(floor, d) for d in DAYS[1:]], k=65),
    ]

    for d in fbm_days:
        t = datetime(d.year, d.month, d.day) + timedelta(seconds=rng.randint(8 * 3600, 18 * 3600))
        lines.append(OrderLine(FBM_SKU, t, draw_qty(rng, floor)))
    lines.sort(key=lambda ln: (ln.local, ln.sku))
    return lines


def assign_orders(rng: random.Random, lines: list[OrderLine], used: set[str]) -> None:
    """Give every line an order id and a ship-to; ~4% of FBA lines share an order with another SKU."""
    by_day: dict[date, list[OrderLine]] = defaultdict(list)
    for ln in lines:
        by_day[ln.local.date()].append(ln)
    for ln in lines:
        if ln.order_id:
            continue
        ln.order_id = new_order_id(rng, used)
        ln.city = pick_city(rng)
        if ln.sku != FBM_SKU and rng.random() < 0.04:
            partners = [
                p for p in by_day[ln.local.date()] if not p.order_id and p.sku not in (ln.sku, FBM_SKU)
            ]
            if partners:
                p = rng.choice(partners)
                p.order_id, p.city, p.local = ln.order_id, ln.city, ln.local


def price_line(rng: random.Random, ln: OrderLine) -> None:
    s = BY_SKU[ln.sku]
    assert ln.city is not None
    ln.tax_rate = Decimal(ln.city[3])
    ln.product_sales = s.price * ln.qty
    deal_day = ln.local.date() in (date(2026, 10, 6), date(2026, 10, 7))
    if s.deal and deal_day and rng.random() < 0.85:
        ln.promo = -d2(ln.product_sales * Decimal("0.20"))
    elif rng.random() < 0.06:
        ln.promo = -(s.coupon * ln.qty)
    if ln.sku == FBM_SKU and rng.random() < 0.12:
        ln.shipping = Decimal("14.99")  # buyer chose expedited shipping
    base = ln.product_sales + ln.shipping + ln.promo
    ln.referral = max(REFERRAL_MIN * ln.qty, d2(base * REFERRAL_RATE))


def order_row(ln: OrderLine) -> PayRow:
    s = BY_SKU[ln.sku]
    assert ln.city is not None
    tax_ps = d2(ln.product_sales * ln.tax_rate)
    tax_sh = d2(ln.shipping * ln.tax_rate)
    tax_pr = d2(ln.promo * ln.tax_rate)
    amounts = {
        "product sales": ln.product_sales,
        "product sales tax": tax_ps,
        "shipping credits": ln.shipping,
        "shipping credits tax": tax_sh,
        "promotional rebates": ln.promo,
        "promotional rebates tax": tax_pr,
        "marketplace withheld tax": -(tax_ps + tax_sh + tax_pr),
        "selling fees": -ln.referral,
        "fba fees": -(s.fba_fee * ln.qty),
    }
    return PayRow(
        local=ln.local,
        settlement=settlement_for(ln.local),
        type="Order",
        order_id=ln.order_id,
        sku=ln.sku,
        description=s.title,
        quantity=str(ln.qty),
        account_type="Standard Orders",
        fulfillment=s.fulfillment,
        city=ln.city[0],
        state=ln.city[1],
        postal=ln.city[2],
        tax_model="MarketplaceFacilitator",
        amounts=amounts,
        release=None,  # set by the caller (delivery date + 7 days)
    )


def refund_row(ln: OrderLine, qty: int, local: datetime) -> PayRow:
    """Refund of `qty` units of an order line: sales, tax and promotion reversed, referral fee credited
    back less the refund administration fee (lesser of $5.00 or 20% of the refunded referral fee)."""
    s = BY_SKU[ln.sku]
    assert ln.city is not None
    share = Decimal(qty) / Decimal(ln.qty)
    ps = -(s.price * qty)
    sh = -d2(ln.shipping * share)
    pr = -d2(ln.promo * share)
    tax_ps = d2(ps * ln.tax_rate)
    tax_sh = d2(sh * ln.tax_rate)
    tax_pr = d2(pr * ln.tax_rate)
    referral_back = d2(ln.referral * share)
    admin_fee = min(REFUND_ADMIN_CAP, d2(referral_back * REFUND_ADMIN_RATE))
    amounts = {
        "product sales": ps,
        "product sales tax": tax_ps,
        "shipping credits": sh,
        "shipping credits tax": tax_sh,
        "promotional rebates": pr,
        "promotional rebates tax": tax_pr,
        "marketplace withheld tax": -(tax_ps + tax_sh + tax_pr),
        "selling fees": referral_back - admin_fee,
    }
    return PayRow(
        local=local,
        settlement=settlement_for(local),
        type="Refund",
        order_id=ln.order_id,
        sku=ln.sku,
        description=s.title,
        quantity=str(qty),
        account_type="Standard Orders",
        fulfillment=s.fulfillment,
        city=ln.city[0],
        state=ln.city[1],
        postal=ln.city[2],
        tax_model="MarketplaceFacilitator",
        amounts=amounts,
        admin_fee=admin_fee,
    )


def september_line(rng: random.Random, sku: str, qty: int, used: set[str]) -> OrderLine:
    """An order shipped in September (not in this report) that is returned/refunded in October."""
    d = date(2026, 9, rng.randint(6, 28))
    t = datetime(d.year, d.month, d.day) + timedelta(seconds=rng.randint(0, 86399))
    ln = OrderLine(sku, t, qty, order_id=new_order_id(rng, used), city=pick_city(rng))
    s = BY_SKU[sku]
    ln.tax_rate = Decimal(ln.city[3]) if ln.city else ZERO
    ln.product_sales = s.price * qty
    ln.referral = max(REFERRAL_MIN * qty, d2(ln.product_sales * REFERRAL_RATE))
    return ln


RETURN_REASONS: dict[str, list[tuple[str, float]]] = {
    "LL-STR-WW33": [
        ("DEFECTIVE", 45),
        ("QUALITY_UNACCEPTABLE", 20),
        ("NOT_AS_DESCRIBED", 10),
        ("UNWANTED_ITEM", 15),
        ("ORDERED_WRONG_ITEM", 10),
    ],
    "LL-BULB-SM4": [
        ("NOT_COMPATIBLE", 40),
        ("DEFECTIVE", 20),
        ("UNWANTED_ITEM", 20),
        ("FOUND_BETTER_PRICE", 10),
        ("NO_REASON_GIVEN", 10),
    ],
    "LL-SHADE-DRUM10": [("NOT_AS_DESCRIBED", 45), ("DAMAGED_BY_CARRIER", 30), ("UNWANTED_ITEM", 25)],
    "*": [
        ("UNWANTED_ITEM", 30),
        ("NO_REASON_GIVEN", 15),
        ("ORDERED_WRONG_ITEM", 12),
        ("DEFECTIVE", 15),
        ("NOT_AS_DESCRIBED", 10),
        ("MISSING_PARTS", 6),
        ("DAMAGED_BY_CARRIER", 6),
        ("FOUND_BETTER_PRICE", 6),
    ],
}
COMMENTS = {
    ("LL-STR-WW33", "DEFECTIVE"): (
        "Half of the strand stopped working after 3 days",
        "Lights flicker constantly",
        "Stopped working after first rain",
    ),
    ("LL-STR-WW33", "QUALITY_UNACCEPTABLE"): ("Much dimmer than pictured", "Wire feels cheap"),
    ("LL-BULB-SM4", "NOT_COMPATIBLE"): ("Would not connect to 5GHz wifi", "Not compatible|Wifi"),
    ("LL-SHADE-DRUM10", "NOT_AS_DESCRIBED"): ("Smaller than expected", "Color is more yellow than white"),
    ("LL-SHADE-DRUM10", "DAMAGED_BY_CARRIER"): ("Box crushed, shade dented",),
}


def return_disposition(rng: random.Random, reason: str) -> str:
    if reason in ("DEFECTIVE", "QUALITY_UNACCEPTABLE"):
        return weighted(rng, [("DEFECTIVE", 0.8), ("SELLABLE", 0.2)])
    if reason == "DAMAGED_BY_CARRIER":
        return "CARRIER_DAMAGED"
    return weighted(rng, [("SELLABLE", 0.85), ("CUSTOMER_DAMAGED", 0.15)])


def generate_returns(
    rng: random.Random, lines: list[OrderLine], used: set[str]
) -> tuple[list[ReturnRow], list[tuple[OrderLine, int, datetime]]]:
    """FBA customer returns (one row per returned unit or line) and the refunds they trigger."""
    returns: list[ReturnRow] = []
    refunds: list[tuple[OrderLine, int, datetime]] = []
    by_sku: dict[str, list[OrderLine]] = defaultdict(list)
    for ln in lines:
        by_sku[ln.sku].append(ln)
    for s in SKUS:
        if s.fulfillment == "Seller":
            continue
        sold = sum(ln.qty for ln in by_sku[s.sku])
        target = round(sold * s.return_rate)
        done = 0
        while done < target:
            day = rng.randint(3, 31)
            utc = datetime(2026, 10, day) + timedelta(seconds=rng.randint(3600, 86399))
            cutoff = utc_to_local(utc) - timedelta(days=6)
            eligible = [ln for ln in by_sku[s.sku] if ln.local <= cutoff and ln.returned < ln.qty]
            if not eligible or rng.random() < 0.3:
                src = september_line(rng, s.sku, 1 if rng.random() < 0.85 else 2, used)
            else:
                src = rng.choice(eligible)
            free = src.qty - src.returned
            qty = 2 if free >= 2 and target - done >= 2 and rng.random() < 0.25 else 1
            src.returned += qty
            done += qty
            reason = weighted(rng, RETURN_REASONS.get(s.sku, RETURN_REASONS["*"]))
            disp = return_disposition(rng, reason)
            comments = COMMENTS.get((s.sku, reason), ())
            comment = rng.choice(comments) if comments and rng.random() < 0.6 else ""
            returns.append(
                ReturnRow(
                    utc=utc,
                    order_id=src.order_id,
                    sku=s.sku,
                    qty=qty,
                    fc=rng.choice(FULFILLMENT_CENTERS),
                    disposition=disp,
                    reason=reason,
                    status="Unit returned to inventory",
                    lpn=f"LPNRR{rng.randint(100000000, 999999999)}",
                    comment=comment,
                )
            )
            # Amazon refunds an FBA return when the carrier scans it, 0-3 days before it reaches the FC.
            refund_local = utc_to_local(utc) - timedelta(
                days=rng.randint(0, 3), seconds=rng.randint(0, 20000)
            )
            if refund_local >= datetime(2026, 10, 1) and refund_local > src.local:
                refunds.append((src, qty, refund_local))
    returns.sort(key=lambda r: (r.utc, r.order_id))
    # Refunds with no FBA return row: two FBM floor lamps returned to the seller, one returnless refund.
    floor_lines = [ln for ln in lines if ln.sku == FBM_SKU and ln.local < datetime(2026, 10, 20)]
    for ln in rng.sample(floor_lines, 2):
        refunds.append((ln, 1, ln.local + timedelta(days=rng.randint(8, 11), seconds=rng.randint(0, 30000))))
    nite = [ln for ln in lines if ln.sku == "LL-NITE-2PK" and ln.local < datetime(2026, 10, 24)]
    ln = rng.choice(nite)
    refunds.append((ln, ln.qty, ln.local + timedelta(days=5, seconds=rng.randint(0, 30000))))
    return returns, refunds


@dataclass
class Payments:
    rows: list[PayRow]
    ad_charges: list[Decimal]
    storage_fee: Decimal
    ais_fee: Decimal
    subscription: Decimal
    reimbursement: Decimal
    transfers: list[Decimal]


def build_payments(
    rng: random.Random,
    lines: list[OrderLine],
    refunds: list[tuple[OrderLine, int, datetime]],
    ad_spend_total: Decimal,
    avg_units_september: dict[str, int],
) -> Payments:
    rows: list[PayRow] = []
    for ln in lines:
        r = order_row(ln)
        # Funds are released 7 days after delivery (FBA ~2 days after shipping, FBM ~4).
        transit = 2 if ln.sku != FBM_SKU else 4
        r.release = ln.local + timedelta(days=7 + transit, seconds=rng.randint(0, 14400))
        rows.append(r)
    rows.extend(refund_row(ln, q, t) for ln, q, t in refunds)

    def fee_row(local: datetime, type_: str, desc: str, amount: Decimal) -> PayRow:
        return PayRow(
            local=local,
            settlement=settlement_for(local),
            type=type_,
            description=desc,
            amounts={"other": amount},
        )

    # Sponsored Products charges: billed to the Seller Central balance each time the threshold is hit.
    # Six charges that add up to exactly the month's spend in the advertised product report.
    charge_days = (4, 9, 14, 19, 24, 29)
    parts = [rng.uniform(0.9, 1.1) for _ in charge_days]
    ad_charges: list[Decimal] = []
    remaining = ad_spend_total
    for i, (day, w) in enumerate(zip(charge_days, parts, strict=True)):
        amt = remaining if i == len(charge_days) - 1 else money(float(ad_spend_total) * w / sum(parts))
        remaining -= amt
        ad_charges.append(amt)
        t = datetime(2026, 10, day) + timedelta(seconds=rng.randint(3600, 80000))
        rows.append(fee_row(t, "Service Fee", "Cost of Advertising", -amt))

    subscription = Decimal("39.99")
    rows.append(fee_row(datetime(2026, 10, 14, 2, 41, 17), "Service Fee", "Subscription", -subscription))

    # Monthly storage (September's average daily volume at the Jan-Sep standard-size rate).
    cuft = sum((BY_SKU[k].volume_cuft * n for k, n in avg_units_september.items()), ZERO)
    storage_fee = d2(cuft * STORAGE_RATE_JAN_SEP)
    rows.append(
        fee_row(datetime(2026, 10, 12, 4, 8, 33), "FBA Inventory Fee", "FBA storage fee", -storage_fee)
    )

    # Aged inventory surcharge assessed on the Oct 15 snapshot (lamp shades only).
    ais_fee = ais_charge(OCT15_AIS_QTY["LL-SHADE-DRUM10"], BY_SKU["LL-SHADE-DRUM10"].volume_cuft)[1]
    rows.append(
        fee_row(datetime(2026, 10, 17, 3, 55, 2), "FBA Inventory Fee", "FBA Long-Term Storage Fee", -ais_fee)
    )

    # One reimbursement: 2 solar path light sets lost in the fulfillment center.
    reimbursement = Decimal("2") * Decimal("27.46")
    rows.append(
        PayRow(
            local=datetime(2026, 10, 21, 11, 26, 48),
            settlement=settlement_for(datetime(2026, 10, 21, 11, 26, 48)),
            type="Adjustment",
            sku="LL-SOLAR-PATH8",
            description="FBA Inventory Reimbursement - Lost:Warehouse",
            quantity="2",
            fulfillment="Amazon",
            amounts={"other": reimbursement},
        )
    )

    # Transfers: each pays out the previous settlement (what was released in it), the first one
    # also carries September money that is not in this report.
    transfers: list[Decimal] = []
    sept_carry = money(rng.uniform(6200, 7400))
    for (sid, start), (_, end), carry in zip(
        SETTLEMENTS[:2], SETTLEMENTS[1:], (sept_carry, ZERO), strict=True
    ):
        released = sum(
            (r.total for r in rows if start <= (r.release or r.local) < end and r.type != "Transfer"),
            ZERO,
        )
        amount = -(released + carry)
        t = end + timedelta(days=1, hours=-1, seconds=rng.randint(0, 3000))
        transfers.append(amount)
        rows.append(
            PayRow(
                local=t,
                settlement=sid,
                type="Transfer",
                description="To account ending in: 123",
                marketplace="",
                amounts={"other": amount},
            )
        )
    rows.sort(key=lambda r: (r.local, r.order_id, r.sku))
    return Payments(rows, ad_charges, storage_fee, ais_fee, subscription, reimbursement, transfers)


# --------------------------------------------------------------------------------------------
# Inventory model (snapshot 2026-11-01)
# --------------------------------------------------------------------------------------------

AGE_FINE = ("31-60", "61-90", "91-180", "181-210", "211-240", "241-270", "271-300", "301-330", "331-365")


@dataclass(frozen=True)
class InvSpec:
    """Hand-set inventory position of one FBA SKU on the 2026-11-01 snapshot."""

    available: int
    fc_transfer: int
    inbound: tuple[int, int, int]  # working, shipped, received (being received)
    reserved: tuple[int, int, int]  # FC processing, customer order, staging
    unfulfillable: int  # before this month's damaged/defective returns
    ages: dict[str, int]  # fine age buckets except 0-30 (0-30 = on hand - the rest)
    sep_factor: float  # September shipments / October shipments
    aug_factor: float
    health: str
    action: str
    lil_applied: str
    hist: tuple[str, str]  # short-term, long-term historical days of supply


INVENTORY: dict[str, InvSpec] = {
    "LL-DESK-LED01": InvSpec(
        available=128,
        fc_transfer=6,
        inbound=(0, 420, 180),  # working, shipped, received (being received)
        reserved=(9, 5, 0),  # FC processing, customer order, staging
        unfulfillable=2,
        ages={"31-60": 80},
        sep_factor=0.92,
        aug_factor=0.85,
        health="Low stock",
        action="RestockInventory",
        lil_applied="Yes",
        hist=("15.2", "24.6"),
    ),
    "LL-STR-WW33": InvSpec(
        available=780,
        fc_transfer=14,
        inbound=(300, 0, 0),
        reserved=(12, 10, 0),
        unfulfillable=3,
        ages={"31-60": 260, "61-90": 140, "91-180": 95},
        sep_factor=0.65,
        aug_factor=0.55,
        health="Healthy",
        action="NoExcessInventory",
        lil_applied="No",
        hist=("71.8", "104.3"),
    ),
    "LL-BULB-SM4": InvSpec(
        available=310,
        fc_transfer=0,
        inbound=(0, 0, 0),
        reserved=(7, 5, 0),
        unfulfillable=1,
        ages={"31-60": 120, "61-90": 60, "91-180": 40},
        sep_factor=1.04,
        aug_factor=0.97,
        health="Healthy",
        action="NoExcessInventory",
        lil_applied="No",
        hist=("46.9", "52.1"),
    ),
    "LL-UCAB-12IN2": InvSpec(
        available=205,
        fc_transfer=3,
        inbound=(0, 0, 0),
        reserved=(4, 2, 0),
        unfulfillable=0,
        ages={"31-60": 70, "61-90": 50, "91-180": 41},
        sep_factor=0.96,
        aug_factor=1.02,
        health="Healthy",
        action="NoExcessInventory",
        lil_applied="No",
        hist=("55.4", "58.0"),
    ),
    "LL-SOLAR-PATH8": InvSpec(
        available=260,
        fc_transfer=0,
        inbound=(0, 0, 0),
        reserved=(5, 2, 0),
        unfulfillable=0,
        ages={"31-60": 45, "61-90": 62, "91-180": 70, "181-210": 90},
        sep_factor=1.45,
        aug_factor=1.9,
        health="Healthy",
        action="NoExcessInventory",
        lil_applied="No",
        hist=("63.7", "41.2"),
    ),
    "LL-NITE-2PK": InvSpec(
        available=330,
        fc_transfer=8,
        inbound=(0, 0, 0),
        reserved=(6, 4, 0),
        unfulfillable=1,
        ages={"31-60": 150, "61-90": 40},
        sep_factor=0.94,
        aug_factor=0.9,
        health="Healthy",
        action="NoExcessInventory",
        lil_applied="No",
        hist=("47.5", "51.8"),
    ),
    "LL-SHADE-DRUM10": InvSpec(
        available=420,
        fc_transfer=0,
        inbound=(0, 0, 0),
        reserved=(3, 1, 0),
        unfulfillable=2,
        ages={
            "31-60": 12,
            "61-90": 30,
            "91-180": 35,
            "181-210": 15,
            "211-240": 20,
            "241-270": 25,
            "271-300": 30,
            "301-330": 25,
            "331-365": 30,
            "366-455": 130,
            "456-plus": 72,
        },
        sep_factor=1.05,
        aug_factor=1.1,
        health="Excess",
        action="CreateRemovalOrder",
        lil_applied="No",
        hist=("168.4", "161.9"),
    ),
}
# Average daily units on hand in September, for the storage fee billed in October.
AVG_UNITS_SEPTEMBER = {
    "LL-DESK-LED01": 310,
    "LL-STR-WW33": 520,
    "LL-BULB-SM4": 360,
    "LL-UCAB-12IN2": 240,
    "LL-SOLAR-PATH8": 420,
    "LL-NITE-2PK": 350,
    "LL-SHADE-DRUM10": 470,
}
# Units in each aged-surcharge bucket on the Oct 15 snapshot (charged in October).
OCT15_AIS_QTY = {
    "LL-SHADE-DRUM10": {
        "181-210": 20,
        "211-240": 25,
        "241-270": 30,
        "271-300": 25,
        "301-330": 30,
        "331-365": 28,
        "366-455": 128,
        "456-plus": 66,
    }
}


def ais_charge(qty: dict[str, int], volume: Decimal) -> tuple[dict[str, Decimal], Decimal]:
    per: dict[str, Decimal] = {}
    for bucket, n in qty.items():
        if not n:
            continue
        rate = AIS_RATES[bucket]
        if bucket in ("366-455", "456-plus"):
            per_unit = max(volume * rate, AIS_UNIT_MIN)
            per[bucket] = d2(per_unit * n)
        else:
            per[bucket] = d2(volume * rate * n)
    return per, sum(per.values(), ZERO)


# --------------------------------------------------------------------------------------------
# Business report
# --------------------------------------------------------------------------------------------

BUSINESS_HEADER = [
    "(Parent) ASIN",
    "(Child) ASIN",
    "Title",
    "SKU",
    "Sessions - Total",
    "Sessions - Total - B2B",
    "Session Percentage - Total",
    "Session Percentage - Total - B2B",
    "Page Views - Total",
    "Page Views - Total - B2B",
    "Page Views Percentage - Total",
    "Page Views Percentage - Total - B2B",
    "Featured Offer (Buy Box) Percentage",
    "Featured Offer (Buy Box) Percentage - B2B",
    "Units Ordered",
    "Units Ordered - B2B",
    "Unit Session Percentage",
    "Unit Session Percentage - B2B",
    "Ordered Product Sales",
    "Ordered Product Sales - B2B",
    "Total Order Items",
    "Total Order Items - B2B",
]


@dataclass
class BizRow:
    sku: str
    sessions: int
    sessions_b2b: int
    page_views: int
    page_views_b2b: int
    buy_box: Decimal  # percent, 2 dp as printed
    buy_box_b2b: Decimal
    units: int
    units_b2b: int
    sales: Decimal
    sales_b2b: Decimal
    order_items: int
    order_items_b2b: int


def build_business(rng: random.Random, lines: list[OrderLine]) -> list[BizRow]:
    rows = []
    for s in SKUS:
        mine = [ln for ln in lines if ln.sku == s.sku]
        shipped_units = sum(ln.qty for ln in mine)
        shipped_lines = len(mine)
        # Orders placed in the last days of October ship in November; a few get cancelled.
        extra_units = max(2, round(shipped_units * rng.uniform(0.025, 0.05)))
        mean_qty = shipped_units / shipped_lines
        units = shipped_units + extra_units
        order_items = shipped_lines + max(1, round(extra_units / mean_qty))
        sessions = round(units / (s.conv * rng.uniform(0.97, 1.03)))
        page_views = round(sessions * rng.uniform(1.28, 1.55))
        sessions_b2b = max(1, round(sessions * rng.uniform(0.018, 0.04)))
        page_views_b2b = round(sessions_b2b * rng.uniform(1.2, 1.6))
        units_b2b = min(units, round(sessions_b2b * s.conv * rng.uniform(0.6, 1.2)))
        order_items_b2b = units_b2b
        bb_b2b = Decimal("100.00") if s.buy_box > 90 else d2(s.buy_box * Decimal("1.05"))
        rows.append(
            BizRow(
                sku=s.sku,
                sessions=sessions,
                sessions_b2b=sessions_b2b,
                page_views=page_views,
                page_views_b2b=page_views_b2b,
                buy_box=s.buy_box,
                buy_box_b2b=bb_b2b,
                units=units,
                units_b2b=units_b2b,
                sales=s.price * units,
                sales_b2b=s.price * units_b2b,
                order_items=order_items,
                order_items_b2b=order_items_b2b,
            )
        )
    rows.sort(key=lambda r: (-r.sales, r.sku))
    return rows


def business_csv(rows: list[BizRow]) -> str:
    tot_s = sum(r.sessions for r in rows)
    tot_sb = sum(r.sessions_b2b for r in rows)
    tot_pv = sum(r.page_views for r in rows)
    tot_pvb = sum(r.page_views_b2b for r in rows)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(BUSINESS_HEADER)
    for r in rows:
        s = BY_SKU[r.sku]
        w.writerow(
            [
                s.parent,
                s.asin,
                s.title,
                s.sku,
                count(r.sessions),
                count(r.sessions_b2b),
                pct(r.sessions, tot_s),
                pct(r.sessions_b2b, tot_sb),
                count(r.page_views),
                count(r.page_views_b2b),
                pct(r.page_views, tot_pv),
                pct(r.page_views_b2b, tot_pvb),
                f"{r.buy_box:.2f}%",
                f"{r.buy_box_b2b:.2f}%",
                count(r.units),
                count(r.units_b2b),
                pct(r.units, r.sessions),
                pct(r.units_b2b, r.sessions_b2b),
                usd(r.sales),
                usd(r.sales_b2b),
                count(r.order_items),
                count(r.order_items_b2b),
            ]
        )
    return buf.getvalue()


# --------------------------------------------------------------------------------------------
# Advertising
# --------------------------------------------------------------------------------------------

AD_HEADER = (
    "Start Date",
    "End Date",
    "Portfolio name",
    "Currency",
    "Campaign Name",
    "Ad Group Name",
    "Advertised SKU",
    "Advertised ASIN",
    "Impressions",
    "Clicks",
    "Click-Thru Rate (CTR)",
    "Cost Per Click (CPC)",
    "Spend",
    "7 Day Total Sales ",
    "Total Advertising Cost of Sales (ACOS) ",
    "Total Return on Advertising Spend (ROAS)",
    "7 Day Total Orders (#)",
    "7 Day Total Units (#)",
    "7 Day Conversion Rate",
    "7 Day Advertised SKU Units (#)",
    "7 Day Other SKU Units (#)",
    "7 Day Advertised SKU Sales ",
    "7 Day Other SKU Sales ",
)
ST_HEADER = (
    "Date",
    "Portfolio name",
    "Currency",
    "Campaign Name",
    "Ad Group Name",
    "Targeting",
    "Match Type",
    "Customer Search Term",
    "Impressions",
    "Clicks",
    "Click-Thru Rate (CTR)",
    "Cost Per Click (CPC)",
    "Spend",
    "7 Day Total Sales ",
    "Total Advertising Cost of Sales (ACOS) ",
    "Total Return on Advertising Spend (ROAS)",
    "7 Day Total Orders (#)",
    "7 Day Total Units (#)",
    "7 Day Conversion Rate",
    "7 Day Advertised SKU Units (#)",
    "7 Day Other SKU Units (#)",
    "7 Day Advertised SKU Sales ",
    "7 Day Other SKU Sales ",
)

CAMP_AUTO = "SP - Auto - All Products"
CAMP_EXACT = "SP - Manual - Exact - Core Keywords"
CAMP_BRAND = "SP - Brand Defense - Exact"
PORTFOLIO = {CAMP_AUTO: "Lumen - Core", CAMP_EXACT: "Lumen - Core", CAMP_BRAND: "Lumen - Brand"}
BRAND_SKUS = ("LL-DESK-LED01", "LL-STR-WW33", "LL-BULB-SM4", "LL-UCAB-12IN2", "LL-FLOOR-ARC65")
CAMP_FACTORS = {  # (cpc, ctr range, relative acos; rescaled per SKU so the blend hits Sku.acos)
    CAMP_AUTO: (0.85, (0.0028, 0.0042), 1.05),
    CAMP_EXACT: (1.12, (0.0065, 0.0110), 0.95),
    CAMP_BRAND: (0.55, (0.0300, 0.0550), 0.50),
}


@dataclass
class AdRow:
    campaign: str
    ad_group: str
    sku: str
    impressions: int
    clicks: int
    spend: Decimal
    orders: int
    adv_units: int
    other_units: int
    adv_sales: Decimal
    other_sales: Decimal

    @property
    def sales(self) -> Decimal:
        return self.adv_sales + self.other_sales

    @property
    def units(self) -> int:
        return self.adv_units + self.other_units


def ad_group_of(campaign: str, s: Sku) -> str:
    if campaign == CAMP_AUTO:
        return "All Products - Auto"
    if campaign == CAMP_BRAND:
        return "Brand Terms"
    return f"{s.label} - Exact"


def other_sku_sales(rng: random.Random, sku: str, units: int) -> Decimal:
    others = [s for s in SKUS if s.sku != sku]
    return sum((rng.choice(others).price for _ in range(units)), ZERO)


def ad_metrics(rng: random.Random, s: Sku, campaign: str, spend: Decimal, acos_scale: float) -> AdRow:
    cpc_f, ctr_rng, acos_f = CAMP_FACTORS[campaign]
    acos_f *= acos_scale
    cpc = s.cpc * cpc_f * rng.uniform(0.93, 1.07)
    clicks = max(1, round(float(spend) / cpc))
    impressions = round(clicks / rng.uniform(*ctr_rng))
    acos = s.acos * acos_f * rng.uniform(0.92, 1.08)
    sales_t = float(spend) / acos
    other_share = rng.uniform(0.03, 0.10) if campaign != CAMP_BRAND else rng.uniform(0.08, 0.15)
    adv_units = max(0, round(sales_t * (1 - other_share) / float(s.price)))
    other_units = round(sales_t * other_share / 30.0)
    units = adv_units + other_units
    orders = min(clicks, units - round(units * rng.uniform(0.03, 0.10)))
    return AdRow(
        campaign=campaign,
        ad_group=ad_group_of(campaign, s),
        sku=s.sku,
        impressions=impressions,
        clicks=clicks,
        spend=spend,
        orders=orders,
        adv_units=adv_units,
        other_units=other_units,
        adv_sales=s.price * adv_units,
        other_sales=other_sku_sales(rng, s.sku, other_units),
    )


def build_ads(rng: random.Random, gross: dict[str, Decimal]) -> list[AdRow]:
    rows: list[AdRow] = []
    for s in SKUS:
        spend_sku = money(float(gross[s.sku]) * s.tacos * rng.uniform(0.95, 1.05))
        if s.sku in BRAND_SKUS:
            shares = [0.5 * rng.uniform(0.9, 1.1), 0.3 * rng.uniform(0.9, 1.1)]
            camps = (CAMP_AUTO, CAMP_EXACT, CAMP_BRAND)
        else:
            shares = [0.58 * rng.uniform(0.9, 1.1)]
            camps = (CAMP_AUTO, CAMP_EXACT)
        spends = [money(float(spend_sku) * sh) for sh in shares]
        spends.append(spend_sku - sum(spends, ZERO))
        # Blended ACoS = spend / sum(spend_c / (acos * f_c)); scale the f_c so that it equals acos.
        scale = sum(float(sp / spend_sku) / CAMP_FACTORS[c][2] for c, sp in zip(camps, spends, strict=True))
        rows.extend(ad_metrics(rng, s, c, sp, scale) for c, sp in zip(camps, spends, strict=True))
    order = {CAMP_AUTO: 0, CAMP_EXACT: 1, CAMP_BRAND: 2}
    rows.sort(key=lambda r: (order[r.campaign], r.ad_group, r.sku))
    return rows


def ad_cells(r: AdRow | StRow) -> list[str]:
    return [
        count(r.impressions),
        count(r.clicks),
        pct(r.clicks, r.impressions),
        usd(r.spend / r.clicks) if r.clicks else "$0.00",
        usd(r.spend),
        usd(r.sales),
        pct(r.spend, r.sales) if r.sales else "",
        f"{d2(r.sales / r.spend):.2f}" if r.spend else "0.00",
        count(r.orders),
        count(r.units),
        pct(r.orders, r.clicks),
        count(r.adv_units),
        count(r.other_units),
        usd(r.adv_sales),
        usd(r.other_sales),
    ]


def ads_csv(rows: list[AdRow]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(AD_HEADER)
    for r in rows:
        s = BY_SKU[r.sku]
        w.writerow(
            [
                fmt_ads_date(PERIOD_START),
                fmt_ads_date(PERIOD_END),
                PORTFOLIO[r.campaign],
                "USD",
                r.campaign,
                r.ad_group,
                s.sku,
                s.asin,
                *ad_cells(r),
            ]
        )
    return buf.getvalue()


@dataclass
class StRow:
    day: date
    campaign: str
    ad_group: str
    targeting: str
    match_type: str
    term: str
    sku: str  # not in the report: which product the term sold
    impressions: int
    clicks: int
    spend: Decimal
    orders: int
    adv_units: int
    other_units: int
    adv_sales: Decimal
    other_sales: Decimal

    @property
    def sales(self) -> Decimal:
        return self.adv_sales + self.other_sales

    @property
    def units(self) -> int:
        return self.adv_units + self.other_units


# (campaign, ad group, targeting, match type, sku, [search terms], weight, wasted?)
# fmt: off
ST_TARGETS: tuple[tuple[str, str, str, str, str, tuple[str, ...], float, bool], ...] = (
    (CAMP_AUTO, "All Products - Auto", "close-match", "-", "LL-DESK-LED01",
     ("led desk lamp", "desk lamp with usb charging port", "dimmable desk lamp for home office"), 3, False),
    (CAMP_AUTO, "All Products - Auto", "close-match", "-", "LL-STR-WW33",
     ("string lights plug in", "fairy lights bedroom", "warm white string lights outdoor"), 3, False),
    (CAMP_AUTO, "All Products - Auto", "loose-match", "-", "LL-SOLAR-PATH8",
     ("solar lights outdoor waterproof 12 pack", "solar garden stake lights"), 1.5, True),
    (CAMP_AUTO, "All Products - Auto", "loose-match", "-", "LL-SHADE-DRUM10",
     ("lamp shade replacement harp", "lamp shade"), 1.5, True),
    (CAMP_AUTO, "All Products - Auto", "substitutes", "-", "LL-BULB-SM4",
     ("b09b2q7ktw", "b0c8kf3lm2"), 1.5, False),
    (CAMP_AUTO, "All Products - Auto", "complements", "-", "LL-NITE-2PK",
     ("b07qxv3k9d", "plug in night light"), 1, False),
    (CAMP_EXACT, "Desk Lamp - Exact", "led desk lamp", "EXACT", "LL-DESK-LED01",
     ("led desk lamp", "led desk lamps"), 3, False),
    (CAMP_EXACT, "String Lights - Exact", "string lights", "EXACT", "LL-STR-WW33",
     ("string lights",), 2.5, False),
    (CAMP_EXACT, "Smart Bulbs - Exact", "smart light bulbs", "EXACT", "LL-BULB-SM4",
     ("smart light bulbs", "smart light bulb"), 2.5, True),
    (CAMP_EXACT, "Under Cabinet - Exact", "under cabinet lighting", "EXACT", "LL-UCAB-12IN2",
     ("under cabinet lighting",), 2, False),
    (CAMP_EXACT, "Solar Path - Exact", "solar pathway lights", "EXACT", "LL-SOLAR-PATH8",
     ("solar pathway lights",), 1.5, False),
    (CAMP_EXACT, "Night Light - Exact", "night light plug in", "EXACT", "LL-NITE-2PK",
     ("night light plug in",), 1.5, False),
    (CAMP_EXACT, "Floor Lamp - Exact", "floor lamp", "EXACT", "LL-FLOOR-ARC65",
     ("floor lamp", "floor lamps"), 2, True),
    (CAMP_EXACT, "Lamp Shade - Exact", "drum lamp shade", "EXACT", "LL-SHADE-DRUM10",
     ("drum lamp shade",), 1, False),
    (CAMP_BRAND, "Brand Terms", "lumen lighting", "EXACT", "LL-DESK-LED01",
     ("lumen lighting", "lumen desk lamp"), 1.5, False),
    (CAMP_BRAND, "Brand Terms", "lumen lamp", "EXACT", "LL-FLOOR-ARC65",
     ("lumen lamp", "lumen arc floor lamp"), 1, False),
)
# fmt: on


def build_search_terms(rng: random.Random, ad_rows: list[AdRow], n: int = 48) -> list[StRow]:
    group_spend: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for r in ad_rows:
        group_spend[(r.campaign, r.ad_group)] += r.spend
    used: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    rows: list[StRow] = []
    weights = [t[6] for t in ST_TARGETS]
    while len(rows) < n:
        camp, group, targeting, match, sku, terms, _, wasted = rng.choices(ST_TARGETS, weights=weights)[0]
        s = BY_SKU[sku]
        term = rng.choice(terms)
        day = rng.choice(DAYS)
        cpc_f, ctr_rng, _ = CAMP_FACTORS[camp]
        clicks = rng.randint(2, 14) if not wasted or rng.random() < 0.5 else rng.randint(9, 22)
        spend = money(clicks * s.cpc * cpc_f * rng.uniform(0.85, 1.15))
        if used[(camp, group)] + spend > group_spend[(camp, group)] * Decimal("0.6"):
            continue
        used[(camp, group)] += spend
        impressions = round(clicks / rng.uniform(*ctr_rng))
        conv = (
            0.0
            if wasted and rng.random() < 0.75
            else rng.uniform(0.08, 0.2) * (2 if camp == CAMP_BRAND else 1)
        )
        orders = sum(1 for _ in range(clicks) if rng.random() < conv)
        adv_units = orders + (1 if orders and rng.random() < 0.15 else 0)
        other_units = 1 if orders and rng.random() < 0.1 else 0
        rows.append(
            StRow(
                day=day,
                campaign=camp,
                ad_group=group,
                targeting=targeting,
                match_type=match,
                term=term,
                sku=sku,
                impressions=impressions,
                clicks=clicks,
                spend=spend,
                orders=orders,
                adv_units=adv_units,
                other_units=other_units,
                adv_sales=s.price * adv_units,
                other_sales=other_sku_sales(rng, sku, other_units),
            )
        )
    rows.sort(key=lambda r: (r.day, r.campaign, r.ad_group, r.term))
    return rows


def search_term_csv(rows: list[StRow]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(ST_HEADER)
    for r in rows:
        w.writerow(
            [
                fmt_ads_date(r.day),
                PORTFOLIO[r.campaign],
                "USD",
                r.campaign,
                r.ad_group,
                r.targeting,
                r.match_type,
                r.term,
                *ad_cells(r),
            ]
        )
    return buf.getvalue()


# --------------------------------------------------------------------------------------------
# FBA inventory report
# --------------------------------------------------------------------------------------------

INVENTORY_HEADER = [
    "snapshot-date",
    "sku",
    "fnsku",
    "asin",
    "product-name",
    "condition",
    "available",
    "fc-transfer",
    "pending-removal-quantity",
    "inv-age-0-to-90-days",
    "inv-age-91-to-180-days",
    "inv-age-181-to-270-days",
    "inv-age-271-to-365-days",
    "inv-age-366-to-455-days",
    "inv-age-456-plus-days",
    "currency",
    "units-shipped-t7",
    "units-shipped-t30",
    "units-shipped-t60",
    "units-shipped-t90",
    "alert",
    "your-price",
    "sales-price",
    "lowest-price-new-plus-shipping",
    "lowest-price-used",
    "recommended-action",
    "DEPRECATED healthy-inventory-level",
    "recommended-sales-price",
    "recommended-sale-duration-days",
    "recommended-removal-quantity",
    "estimated-cost-savings-of-recommended-actions",
    "sell-through",
    "item-volume",
    "volume-unit-measurement",
    "storage-type",
    "storage-volume",
    "marketplace",
    "product-group",
    "sales-rank",
    "days-of-supply",
    "estimated-excess-quantity",
    "weeks-of-cover-t30",
    "weeks-of-cover-t90",
    "featuredoffer-price",
    "sales-shipped-last-7-days",
    "sales-shipped-last-30-days",
    "sales-shipped-last-60-days",
    "sales-shipped-last-90-days",
    "inv-age-0-to-30-days",
    "inv-age-31-to-60-days",
    "inv-age-61-to-90-days",
    "inv-age-181-to-330-days",
    "inv-age-331-to-365-days",
    "estimated-storage-cost-next-month",
    "inbound-quantity",
    "inbound-working",
    "inbound-shipped",
    "inbound-received",
    "no-sale-last-6-months",
    "Total Reserved Quantity",
    "unfulfillable-quantity",
    "quantity-to-be-charged-ais-181-210-days",
    "estimated-ais-181-210-days",
    "quantity-to-be-charged-ais-211-240-days",
    "estimated-ais-211-240-days",
    "quantity-to-be-charged-ais-241-270-days",
    "estimated-ais-241-270-days",
    "quantity-to-be-charged-ais-271-300-days",
    "estimated-ais-271-300-days",
    "quantity-to-be-charged-ais-301-330-days",
    "estimated-ais-301-330-days",
    "quantity-to-be-charged-ais-331-365-days",
    "estimated-ais-331-365-days",
    "quantity-to-be-charged-ais-366-455-days",
    "estimated-ais-366-455-days",
    "quantity-to-be-charged-ais-456-plus-days",
    "estimated-ais-456-plus-days",
    "historical-days-of-supply",
    "fba-minimum-inventory-level",
    "fba-inventory-level-health-status",
    "Recommended ship-in quantity",
    "Recommended ship-in date",
    "Last updated date for Historical Days of Supply",
    "Exempted from Low-Inventory-Level fee?",
    "Low-Inventory-Level fee applied in current week?",
    "Short term historical days of supply",
    "Long term historical days of supply",
    "Inventory age snapshot date",
    "Inventory Supply at FBA",
    "Reserved FC Processing",
    "Reserved Customer Order",
    "Reserved Staging",
    "Total Days of Supply (including units from open shipments)",
    "supplier",
    "is-seasonal-in-next-3-months",
    "season-name",
    "season-start-date",
    "season-end-date",
]


@dataclass
class InvRow:
    sku: str
    values: dict[str, str]
    available: int
    inbound: int
    reserved: int
    unfulfillable: int
    coarse: dict[str, int]
    t7: int
    t30: int
    t60: int
    t90: int


def build_inventory(rng: random.Random, lines: list[OrderLine], returns: list[ReturnRow]) -> list[InvRow]:
    snapshot = "2026-11-01"
    out: list[InvRow] = []
    for s in SKUS:
        if s.fulfillment == "Seller":
            continue
        spec = INVENTORY[s.sku]
        available = spec.available
        working, shipped, receiving = spec.inbound
        res_fc, res_cust, res_stage = spec.reserved
        reserved = res_fc + res_cust + res_stage
        inbound = working + shipped + receiving
        damaged_returns = sum(r.qty for r in returns if r.sku == s.sku and r.disposition != "SELLABLE")
        unfulfillable = spec.unfulfillable + damaged_returns
        ages: dict[str, int] = dict(spec.ages)
        on_hand = available + reserved
        ages["0-30"] = on_hand - sum(ages.values())
        assert ages["0-30"] >= 0, s.sku
        a = {k: ages.get(k, 0) for k in ("0-30", *AGE_FINE, "366-455", "456-plus")}
        coarse = {
            "0-90": a["0-30"] + a["31-60"] + a["61-90"],
            "91-180": a["91-180"],
            "181-270": a["181-210"] + a["211-240"] + a["241-270"],
            "271-365": a["271-300"] + a["301-330"] + a["331-365"],
            "366-455": a["366-455"],
            "456-plus": a["456-plus"],
        }
        fine_181_330 = a["181-210"] + a["211-240"] + a["241-270"] + a["271-300"] + a["301-330"]

        mine = [ln for ln in lines if ln.sku == s.sku]

        def shipped_between(first: date, last: date, lines_: list[OrderLine] = mine) -> tuple[int, Decimal]:
            sel = [ln for ln in lines_ if first <= ln.local.date() <= last]
            return sum(ln.qty for ln in sel), sum((ln.product_sales + ln.promo for ln in sel), ZERO)

        t7, s7 = shipped_between(date(2026, 10, 25), date(2026, 10, 31))
        t30, s30 = shipped_between(date(2026, 10, 2), date(2026, 10, 31))
        oct1, oct1_sales = shipped_between(date(2026, 10, 1), date(2026, 10, 1))
        sep = round(t30 * spec.sep_factor)
        aug = round(t30 * spec.aug_factor)
        t60 = t30 + oct1 + sep - round(sep / 30)
        t90 = t60 + aug
        s60 = s30 + oct1_sales + d2(s.price * Decimal("0.985") * (t60 - t30 - oct1))
        s90 = s60 + d2(s.price * Decimal("0.99") * (t90 - t60))
        daily = Decimal(t30) / 30
        dos = int((Decimal(available) / daily).to_integral_value(ROUND_HALF_UP)) if daily else 0
        total_dos = (
            int((Decimal(available + inbound) / daily).to_integral_value(ROUND_HALF_UP)) if daily else 0
        )
        wk30 = int((Decimal(available) / (daily * 7)).to_integral_value(ROUND_HALF_UP)) if daily else 0
        daily90 = Decimal(t90) / 90
        wk90 = int((Decimal(available) / (daily90 * 7)).to_integral_value(ROUND_HALF_UP)) if daily90 else 0
        avg_avail = Decimal(available + round(available * rng.uniform(0.9, 1.4))) / 2
        sell_through = d2(Decimal(t90) / avg_avail) if avg_avail else ZERO
        storage_volume = (s.volume_cuft * available).quantize(Decimal("0.000001"), ROUND_HALF_UP)
        est_storage = d2(storage_volume * STORAGE_RATE_OCT_DEC)
        ais_qty = {k: a[k] for k in AIS_RATES}
        ais_per, _ = ais_charge(ais_qty, s.volume_cuft)
        excess = max(0, available - int(daily * 90)) if dos > 90 else 0
        featured = Decimal("35.49") if s.sku == "LL-BULB-SM4" else s.price
        hist_short, hist_long = spec.hist
        min_level = int(daily * 28)
        # Restock recommendation: cover 60 days of demand beyond what is on hand and inbound.
        ship_in = max(0, int(daily * 60) - available - inbound) if dos < 28 else 0
        v: dict[str, str] = dict.fromkeys(INVENTORY_HEADER, "")
        v.update(
            {
                "snapshot-date": snapshot,
                "sku": s.sku,
                "fnsku": s.fnsku,
                "asin": s.asin,
                "product-name": s.title,
                "condition": "New",
                "available": str(available),
                "fc-transfer": str(spec.fc_transfer),
                "pending-removal-quantity": "0",
                "inv-age-0-to-90-days": str(coarse["0-90"]),
                "inv-age-91-to-180-days": str(coarse["91-180"]),
                "inv-age-181-to-270-days": str(coarse["181-270"]),
                "inv-age-271-to-365-days": str(coarse["271-365"]),
                "inv-age-366-to-455-days": str(coarse["366-455"]),
                "inv-age-456-plus-days": str(coarse["456-plus"]),
                "currency": "USD",
                "units-shipped-t7": str(t7),
                "units-shipped-t30": str(t30),
                "units-shipped-t60": str(t60),
                "units-shipped-t90": str(t90),
                "your-price": str(s.price),
                "sales-price": str(s.price),
                "lowest-price-new-plus-shipping": str(featured),
                "lowest-price-used": "0.0",
                "recommended-action": str(spec.action),
                "recommended-sales-price": str(d2(s.price * Decimal("0.8"))) if excess else "0.0",
                "recommended-sale-duration-days": "14" if excess else "0",
                "recommended-removal-quantity": str(coarse["366-455"] + coarse["456-plus"])
                if excess
                else "0",
                "estimated-cost-savings-of-recommended-actions": (
                    str(d2(sum(ais_per.values(), ZERO) + est_storage)) if excess else "0.0"
                ),
                "sell-through": str(sell_through),
                "item-volume": str(s.volume_cuft),
                "volume-unit-measurement": "cubic feet",
                "storage-type": "Standard",
                "storage-volume": str(storage_volume),
                "marketplace": "US",
                "product-group": s.product_group,
                "sales-rank": str(s.sales_rank),
                "days-of-supply": str(dos),
                "estimated-excess-quantity": str(excess),
                "weeks-of-cover-t30": str(wk30),
                "weeks-of-cover-t90": str(wk90),
                "featuredoffer-price": str(featured),
                "sales-shipped-last-7-days": str(s7),
                "sales-shipped-last-30-days": str(s30),
                "sales-shipped-last-60-days": str(s60),
                "sales-shipped-last-90-days": str(s90),
                "inv-age-0-to-30-days": str(a["0-30"]),
                "inv-age-31-to-60-days": str(a["31-60"]),
                "inv-age-61-to-90-days": str(a["61-90"]),
                "inv-age-181-to-330-days": str(fine_181_330),
                "inv-age-331-to-365-days": str(a["331-365"]),
                "estimated-storage-cost-next-month": str(est_storage),
                "inbound-quantity": str(inbound),
                "inbound-working": str(working),
                "inbound-shipped": str(shipped),
                "inbound-received": str(receiving),
                "Total Reserved Quantity": str(reserved),
                "unfulfillable-quantity": str(unfulfillable),
                "historical-days-of-supply": str(hist_long),
                "fba-minimum-inventory-level": str(min_level),
                "fba-inventory-level-health-status": spec.health,
                "Recommended ship-in quantity": str(ship_in) if ship_in else "",
                "Recommended ship-in date": "2026-11-04" if ship_in else "",
                "Last updated date for Historical Days of Supply": "2026-10-27",
                "Exempted from Low-Inventory-Level fee?": "No",
                "Low-Inventory-Level fee applied in current week?": spec.lil_applied,
                "Short term historical days of supply": str(hist_short),
                "Long term historical days of supply": str(hist_long),
                "Inventory age snapshot date": "2026-10-29",
                "Inventory Supply at FBA": str(available + inbound),
                "Reserved FC Processing": str(res_fc),
                "Reserved Customer Order": str(res_cust),
                "Reserved Staging": str(res_stage),
                "Total Days of Supply (including units from open shipments)": str(total_dos),
                "supplier": "unassigned",
                "is-seasonal-in-next-3-months": "Y" if s.sku == "LL-STR-WW33" else "N",
                "season-name": "Holiday" if s.sku == "LL-STR-WW33" else "",
                "season-start-date": "2026-11-01" if s.sku == "LL-STR-WW33" else "",
                "season-end-date": "2026-12-31" if s.sku == "LL-STR-WW33" else "",
            }
        )
        for bucket, n in ais_qty.items():
            if n:
                v[f"quantity-to-be-charged-ais-{bucket}-days"] = str(n)
                v[f"estimated-ais-{bucket}-days"] = str(ais_per[bucket])
        out.append(InvRow(s.sku, v, available, inbound, reserved, unfulfillable, coarse, t7, t30, t60, t90))
    return out


def inventory_csv(rows: list[InvRow]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(INVENTORY_HEADER)
    for r in rows:
        w.writerow([r.values[h] for h in INVENTORY_HEADER])
    return buf.getvalue()


# --------------------------------------------------------------------------------------------
# Returns, seller performance, cogs, config
# --------------------------------------------------------------------------------------------

RETURNS_HEADER = (
    "return-date",
    "order-id",
    "sku",
    "asin",
    "fnsku",
    "product-name",
    "quantity",
    "fulfillment-center-id",
    "detailed-disposition",
    "reason",
    "status",
    "license-plate-number",
    "customer-comments",
)


def returns_txt(rows: list[ReturnRow]) -> str:
    out = ["\t".join(RETURNS_HEADER)]
    for r in rows:
        s = BY_SKU[r.sku]
        cells = [
            r.utc.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
            r.order_id,
            r.sku,
            s.asin,
            s.fnsku,
            s.title,
            str(r.qty),
            r.fc,
            r.disposition,
            r.reason,
            r.status,
            r.lpn,
            r.comment,
        ]
        assert not any("\t" in c or "\n" in c for c in cells)
        out.append("\t".join(cells))
    return "\n".join(out) + "\n"


def iso_range(first: date, last: date) -> dict[str, str]:
    return {
        "reportingDateFrom": f"{first.isoformat()}T00:00Z",
        "reportingDateTo": f"{last.isoformat()}T23:59Z",
    }


def build_seller_performance(lines: list[OrderLine]) -> tuple[dict[str, object], dict[str, object]]:
    fbm_orders = sorted({(ln.local, ln.order_id) for ln in lines if ln.sku == FBM_SKU})
    fba_orders = {ln.order_id for ln in lines if ln.sku != FBM_SKU}

    def fbm_between(first: date, last: date) -> list[str]:
        return [oid for t, oid in fbm_orders if first <= t.date() <= last]

    lsr_from, lsr_to = date(2026, 10, 2), date(2026, 10, 31)
    lsr_n = len(fbm_between(lsr_from, lsr_to))
    late = 3
    pfcr_n = len(fbm_between(date(2026, 10, 25), date(2026, 10, 31)))
    vtr_n = lsr_n
    vtr_ok = vtr_n - 1
    otdr_from, otdr_to = date(2026, 10, 2), date(2026, 10, 26)
    otdr_n = len(fbm_between(otdr_from, otdr_to))
    otdr_ok = otdr_n - 2
    otdr_units = sum(ln.qty for ln in lines if ln.sku == FBM_SKU and otdr_from <= ln.local.date() <= otdr_to)
    # ODR: 60 days ending Oct 29 (September volumes estimated at ~95% of October).
    odr_range = iso_range(date(2026, 8, 31), date(2026, 10, 29))
    afn_n = round(len(fba_orders) * 1.93)
    mfn_n = round(len(fbm_orders) * 1.9)

    def odr(n: int, defects: int, claims: int, neg: int, ftype: str) -> dict[str, object]:
        return {
            "reportingDateRange": odr_range,
            "orderCount": n,
            "orderWithDefects": {"count": defects, "status": "GOOD"},
            "claims": {"count": claims, "status": "NONE"},
            "chargebacks": {"count": 0, "status": "NONE"},
            "negativeFeedback": {"count": neg, "status": "NONE"},
            "fulfillmentType": ftype,
            "status": "GOOD",
            "rate": round(defects / n, 4),
            "targetValue": 0.01,
            "targetCondition": "LESS_THAN",
        }

    def listing() -> dict[str, object]:
        return {
            "reportingDateRange": iso_range(date(2026, 5, 4), date(2026, 10, 31)),
            "defectsCount": 0,
            "status": "GOOD",
            "targetValue": 0,
            "targetCondition": "EQUALS",
        }

    metrics: dict[str, object] = {
        "marketplaceId": MARKETPLACE_ID_US,
        "accountHealthRating": {
            "ahrStatus": "GREAT",
            "ahrScore": 1000,
            "reportingDateRange": {
                **iso_range(date(2026, 5, 4), date(2026, 10, 31)),
                "dateOffset": {"duration": 181, "offset": 0},
            },
        },
        "orderDefectRate": {"mfn": odr(mfn_n, 1, 0, 1, "mfn"), "afn": odr(afn_n, 3, 1, 2, "afn")},
        "lateShipmentRate": {
            "reportingDateRange": iso_range(lsr_from, lsr_to),
            "orderCount": lsr_n,
            "lateShipmentCount": late,
            "status": "BAD",
            "rate": round(late / lsr_n, 4),
            "targetValue": 0.04,
            "targetCondition": "LESS_THAN",
        },
        "preFulfillmentCancellationRate": {
            "reportingDateRange": iso_range(date(2026, 10, 25), date(2026, 10, 31)),
            "orderCount": pfcr_n,
            "cancellationCount": 0,
            "status": "GOOD",
            "rate": 0.0,
            "targetValue": 0.025,
            "targetCondition": "LESS_THAN",
        },
        "validTrackingRate": {
            "reportingDateRange": iso_range(lsr_from, lsr_to),
            "shipmentCount": vtr_n,
            "validTrackingCount": vtr_ok,
            "status": "GOOD",
            "rate": round(vtr_ok / vtr_n, 4),
            "targetValue": 0.95,
            "targetCondition": "GREATER_THAN",
        },
        "onTimeDeliveryRate": {
            "reportingDateRange": iso_range(otdr_from, otdr_to),
            "shipmentCountWithValidTracking": otdr_n,
            "onTimeDeliveryCount": otdr_ok,
            "status": "GOOD",
            "rate": round(otdr_ok / otdr_n, 4),
            "targetValue": 0.9,
            "targetCondition": "GREATER_THAN",
        },
        "unitOnTimeDeliveryRate": {
            "reportingDateRange": iso_range(otdr_from, otdr_to),
            "status": "GOOD",
            "targetValue": 0.9,
            "targetCondition": "GREATER_THAN",
            "unitOnTimeDeliveryCount": otdr_units - 2,
            "totalUnitCount": otdr_units,
            "rate": round((otdr_units - 2) / otdr_units, 4),
        },
        "invoiceDefectRate": {
            "reportingDateRange": iso_range(date(2026, 10, 25), date(2026, 10, 31)),
            "orderCount": 4,
            "invoiceDefect": {"count": 0, "status": "GOOD"},
            "missingInvoice": {"count": 0, "status": "NONE"},
            "lateInvoice": {"count": 0, "status": "NONE"},
            "status": "GOOD",
            "rate": 0.0,
            "targetValue": 0.05,
            "targetCondition": "LESS_THAN",
        },
        "warningStates": [],
        "listingPolicyViolations": listing(),
        "productAuthenticityCustomerComplaints": listing(),
        "productConditionCustomerComplaints": listing(),
        "productSafetyCustomerComplaints": listing(),
        "receivedIntellectualPropertyComplaints": listing(),
        "restrictedProductPolicyViolations": listing(),
        "suspectedIntellectualPropertyViolations": listing(),
        "foodAndProductSafetyIssues": listing(),
        "otherPolicyViolations": listing(),
        "documentRequests": listing(),
    }
    doc = {
        "accountStatuses": [{"marketplaceId": MARKETPLACE_ID_US, "status": "NORMAL"}],
        "performanceMetrics": [metrics],
    }
    summary = {
        "marketplace_id": MARKETPLACE_ID_US,
        "account_status": "NORMAL",
        "ahr_status": "GREAT",
        "account_health_rating": 1000,
        "late_shipment_rate": str(round(Decimal(late) / lsr_n, 4)),
        "late_shipment_count": late,
        "late_shipment_order_count": lsr_n,
        "order_defect_rate": str(round(Decimal(1 + 3) / (mfn_n + afn_n), 4)),
        "order_defect_rate_mfn": str(round(Decimal(1) / mfn_n, 4)),
        "order_defect_rate_afn": str(round(Decimal(3) / afn_n, 4)),
        "pre_fulfillment_cancel_rate": "0.0000",
        "valid_tracking_rate": str(round(Decimal(vtr_ok) / vtr_n, 4)),
        "on_time_delivery_rate": str(round(Decimal(otdr_ok) / otdr_n, 4)),
        "period_start": lsr_from.isoformat(),
        "period_end": lsr_to.isoformat(),
        "note": "late_shipment_rate is the only metric outside its target (0.04, LESS_THAN); "
        "rates are fractions",
    }
    return doc, summary


def cogs_csv() -> str:
    lines = ["sku,unit_cost,effective_from,freight_per_unit,prep_per_unit"]
    for s in sorted(SKUS, key=lambda x: x.sku):
        lines.append(f"{s.sku},{s.cogs:.2f},2026-01-01,{s.freight:.2f},{s.prep:.2f}")
        if s.sku == COST_CHANGE[0]:
            lines.append(
                f"{s.sku},{COST_CHANGE[2]:.2f},{COST_CHANGE[1].isoformat()},{s.freight:.2f},{s.prep:.2f}"
            )
    return "\n".join(lines) + "\n"


def unit_cost(sku: str, d: date) -> Decimal:
    s = BY_SKU[sku]
    if sku == COST_CHANGE[0] and d >= COST_CHANGE[1]:
        return COST_CHANGE[2]
    return s.cogs


FLYWHEEL_YAML = """\
# flywheel.yaml — Lumen Lighting (demo store), amazon.com, October 2026.
# flywheel reads ./flywheel.yaml (or --config PATH). Paths are relative to this file.

currency: USD        # report currency; amounts in another currency are never summed with it
marketplace: US      # default marketplace when a report does not name one

costs:
  cogs_file: cogs.csv          # sku,unit_cost,effective_from,freight_per_unit,prep_per_unit
  monthly:                     # fixed costs per month, pro-rated to the report period
    tools:                     # software subscriptions ($143/month)
      helium10: 99
      sellerboard: 29
      canva: 15
    labour: 3200               # part-time VA + operations
    other: 57                  # bookkeeping app, domain, misc.
  allocation: revenue          # split fixed costs over SKUs by revenue share (revenue | units | even)

categories:                    # SKU glob -> category, used by rule overrides (e.g. ACoS by category)
  "LL-DESK-*": home            # LED desk lamp
  "LL-FLOOR-*": home           # floor lamp (FBM)
  "LL-SHADE-*": home           # lamp shade
  "LL-STR-*": home             # string lights
  "LL-UCAB-*": home            # under-cabinet light bar
  "LL-NITE-*": home            # night lights
  "LL-BULB-*": electronics     # smart bulbs: electronics ACoS target (< 18%)
  "LL-SOLAR-*": garden         # solar path lights

rules: [flywheel, amazon-account-health]   # shipped rule packs to evaluate

# The days a report without dates covers (the by-item Business Report has none; its range is only
# in Seller Central's date picker). With it, --period and --by month can place the report.
spans:
  business-report-2026-09.csv: 2026-09-01..2026-09-30   # in ../lumen-lighting-2026-09/
  business-report-2026-10.csv: 2026-10-01..2026-10-31
"""


# --------------------------------------------------------------------------------------------
# Ledger
# --------------------------------------------------------------------------------------------


LEDGER_DEFINITIONS = {
    "money": "strings with 2 decimals; costs are positive numbers unless the name says net/total",
    "gross_sales": "sum of 'product sales' over Order rows",
    "units_sold": "sum of 'quantity' over Order rows",
    "refunded_sales": "minus the sum of 'product sales' over Refund rows (positive)",
    "units_refunded": "sum of 'quantity' over Refund rows (quantities are positive in the file)",
    "referral_fees": (
        "minus the sum of 'selling fees' over Order and Refund rows (net of the referral fee "
        "credited back on refunds, which is itself net of the refund administration fee)"
    ),
    "refund_admin_fees": "informational: lesser of $5.00 or 20% of the refunded referral fee, per refund row",
    "fba_fees": "minus the sum of 'fba fees' over Order and Refund rows (FBA fees are not refunded)",
    "promotions": "minus the sum of 'promotional rebates' over Order and Refund rows",
    "net_proceeds": (
        "sum of 'total' over all rows except Transfer (account level); per SKU: sum of 'total' "
        "over the rows carrying that SKU (Order, Refund, Adjustment)"
    ),
    "account_level_net": (
        "sum of 'total' over non-Transfer rows without a SKU (ad charges, subscription, storage "
        "fees); sum over SKUs of net_proceeds + account_level_net == net_proceeds"
    ),
    "sum_of_all_totals": "net_proceeds + transfers",
    "cost_of_advertising": (
        "minus the sum of 'total' over Service Fee rows 'Cost of Advertising'; equals the "
        "advertised product report's spend"
    ),
    "non_order_amounts": (
        "Service Fee, FBA Inventory Fee, Adjustment and Transfer rows carry their amount in the "
        "'other' column (and 'total'); the other money columns are 0"
    ),
    "deferred": (
        "rows whose Transaction Release Date is after the download time (Nov 1, 2026 08:12 PST) "
        "have Transaction Status 'Deferred'; they are included in every sum above"
    ),
    "buy_box_weighted_numerator": (
        "sum of (Featured Offer % as a fraction x Page Views - Total); buy_box_pct = numerator / page_views"
    ),
    "ads_spend_source": "the advertised product report; the search term report covers only part of the spend",
    "inventory_ages": (
        "coarse buckets (0-90 ... 456-plus) add up to available + Total Reserved Quantity; fine "
        "buckets 0-30/31-60/61-90 add up to 0-90 and 181-330 + 331-365 = 181-270 + 271-365"
    ),
    "units_shipped_t30": (
        "units on Order rows posted Oct 2-31 (the 30 days before the 2026-11-01 snapshot); t7 = "
        "Oct 25-31; t60/t90 add estimated September/August volumes"
    ),
    "days_of_supply": (
        "available / (units_shipped_t30 / 30), 1 decimal; the report's own integer column is "
        "days_of_supply_printed"
    ),
    "cogs": (
        "sum over Order rows of quantity x unit_cost in force on the row's posted date (Pacific);"
        " landed_cost adds freight_per_unit + prep_per_unit; refunds/returns not netted"
    ),
}


def build_ledger(
    *,
    pay: Payments,
    lines: list[OrderLine],
    biz: list[BizRow],
    ads: list[AdRow],
    st: list[StRow],
    returns: list[ReturnRow],
    inv: list[InvRow],
    perf: dict[str, object],
) -> dict[str, Any]:
    rows = pay.rows

    def pay_block(sel: list[PayRow]) -> dict[str, object]:
        orders = [r for r in sel if r.type == "Order"]
        refunds = [r for r in sel if r.type == "Refund"]
        both = orders + refunds
        return {
            "order_rows": len(orders),
            "refund_rows": len(refunds),
            "gross_sales": m2s(sum((r.amount("product sales") for r in orders), ZERO)),
            "units_sold": sum(int(r.quantity) for r in orders),
            "refunded_sales": m2s(-sum((r.amount("product sales") for r in refunds), ZERO)),
            "units_refunded": sum(int(r.quantity) for r in refunds),
            "shipping_credits": m2s(sum((r.amount("shipping credits") for r in both), ZERO)),
            "promotions": m2s(-sum((r.amount("promotional rebates") for r in both), ZERO)),
            "referral_fees": m2s(-sum((r.amount("selling fees") for r in both), ZERO)),
            "refund_admin_fees": m2s(sum((r.admin_fee for r in refunds), ZERO)),
            "fba_fees": m2s(-sum((r.amount("fba fees") for r in both), ZERO)),
            "sales_tax_collected": m2s(
                sum(
                    (
                        r.amount("product sales tax")
                        + r.amount("shipping credits tax")
                        + r.amount("promotional rebates tax")
                        for r in both
                    ),
                    ZERO,
                )
            ),
            "marketplace_withheld_tax": m2s(sum((r.amount("marketplace withheld tax") for r in both), ZERO)),
            "reimbursements": m2s(
                sum((r.total for r in sel if r.type == "Adjustment" and r.total > 0), ZERO)
            ),
            "net_proceeds": m2s(sum((r.total for r in sel if r.type != "Transfer"), ZERO)),
        }

    by_sku = {s.sku: pay_block([r for r in rows if r.sku == s.sku]) for s in SKUS}
    total = pay_block(rows)
    non_transfer = [r for r in rows if r.type != "Transfer"]
    net = sum((r.total for r in non_transfer), ZERO)
    transfers = sum((r.total for r in rows if r.type == "Transfer"), ZERO)
    all_total = sum((r.total for r in rows), ZERO)
    account_level = sum((r.total for r in non_transfer if not r.sku), ZERO)
    deferred = [r for r in rows if r.status == "Deferred"]
    total.update(
        {
            "transfers": m2s(transfers),
            "transfer_rows": sum(1 for r in rows if r.type == "Transfer"),
            "sum_of_all_totals": m2s(all_total),
            "account_level_net": m2s(account_level),
            "cost_of_advertising": m2s(
                -sum((r.total for r in rows if r.description == "Cost of Advertising"), ZERO)
            ),
            "cost_of_advertising_rows": len(pay.ad_charges),
            "storage_fees": m2s(pay.storage_fee),
            "aged_inventory_surcharge": m2s(pay.ais_fee),
            "storage_fees_incl_aged_surcharge": m2s(pay.storage_fee + pay.ais_fee),
            "subscription": m2s(pay.subscription),
            "reimbursements": m2s(pay.reimbursement),
            "deferred_rows": len(deferred),
            "deferred_total": m2s(sum((r.total for r in deferred), ZERO)),
            "rows": len(rows),
            "rows_by_type": dict(sorted(_count_by(r.type for r in rows).items())),
        }
    )
    assert all_total == net + transfers
    assert m2s(net) == total["net_proceeds"]
    sku_net = sum((Decimal(str(v["net_proceeds"])) for v in by_sku.values()), ZERO)
    assert sku_net + account_level == net, "per-SKU net + account-level net != net proceeds"

    # Business report
    def biz_block(sel: list[BizRow]) -> dict[str, object]:
        pv = sum(r.page_views for r in sel)
        num = sum((r.buy_box / 100 * r.page_views for r in sel), ZERO)
        num_b2b = sum((r.buy_box_b2b / 100 * r.page_views_b2b for r in sel), ZERO)
        return {
            "sessions": sum(r.sessions for r in sel),
            "page_views": pv,
            "units_ordered": sum(r.units for r in sel),
            "ordered_product_sales": m2s(sum((r.sales for r in sel), ZERO)),
            "order_items": sum(r.order_items for r in sel),
            "buy_box_weighted_numerator": str(num),
            "buy_box_pct": ratio(num, pv, 6),
            "sessions_b2b": sum(r.sessions_b2b for r in sel),
            "page_views_b2b": sum(r.page_views_b2b for r in sel),
            "units_ordered_b2b": sum(r.units_b2b for r in sel),
            "ordered_product_sales_b2b": m2s(sum((r.sales_b2b for r in sel), ZERO)),
            "order_items_b2b": sum(r.order_items_b2b for r in sel),
            "buy_box_weighted_numerator_b2b": str(num_b2b),
        }

    biz_by = {r.sku: biz_block([r]) for r in sorted(biz, key=lambda x: x.sku)}
    for r in biz:
        biz_by[r.sku]["buy_box_pct_printed"] = f"{r.buy_box:.2f}%"
    biz_total = biz_block(biz)
    biz_by_parent: dict[str, object] = {}
    for parent in sorted({BY_SKU[r.sku].parent for r in biz}):
        biz_by_parent[parent] = biz_block([r for r in biz if BY_SKU[r.sku].parent == parent])

    # Ads
    def ad_block(sel: list[AdRow] | list[StRow]) -> dict[str, object]:
        return {
            "rows": len(sel),
            "impressions": sum(r.impressions for r in sel),
            "clicks": sum(r.clicks for r in sel),
            "spend": m2s(sum((r.spend for r in sel), ZERO)),
            "sales": m2s(sum((r.sales for r in sel), ZERO)),
            "orders": sum(r.orders for r in sel),
            "units": sum(r.units for r in sel),
            "advertised_sku_units": sum(r.adv_units for r in sel),
            "other_sku_units": sum(r.other_units for r in sel),
            "advertised_sku_sales": m2s(sum((r.adv_sales for r in sel), ZERO)),
            "other_sku_sales": m2s(sum((r.other_sales for r in sel), ZERO)),
        }

    ads_total = ad_block(ads)
    ads_by_sku = {s.sku: ad_block([r for r in ads if r.sku == s.sku]) for s in SKUS}
    ads_by_campaign = {
        c: ad_block([r for r in ads if r.campaign == c]) for c in (CAMP_AUTO, CAMP_EXACT, CAMP_BRAND)
    }
    st_total = ad_block(st)
    st_by_campaign = {
        c: ad_block([r for r in st if r.campaign == c]) for c in (CAMP_AUTO, CAMP_EXACT, CAMP_BRAND)
    }
    assert ads_total["spend"] == total["cost_of_advertising"]

    # Returns
    ret_by = {
        s.sku: {
            "rows": sum(1 for r in returns if r.sku == s.sku),
            "units_returned": sum(r.qty for r in returns if r.sku == s.sku),
        }
        for s in SKUS
        if s.fulfillment == "Amazon"
    }
    ret_total = {
        "rows": len(returns),
        "units_returned": sum(r.qty for r in returns),
        "by_disposition": dict(
            sorted(_count_by(r.disposition for r in returns for _ in range(r.qty)).items())
        ),
        "by_reason": dict(sorted(_count_by(r.reason for r in returns for _ in range(r.qty)).items())),
    }

    # Inventory
    def inv_block(sel: list[InvRow]) -> dict[str, object]:
        avail = sum(r.available for r in sel)
        t30 = sum(r.t30 for r in sel)
        t90 = sum(r.t90 for r in sel)
        ages = {
            k: sum(r.coarse[k] for r in sel)
            for k in ("0-90", "91-180", "181-270", "271-365", "366-455", "456-plus")
        }
        all_ages = sum(ages.values())
        return {
            "available": avail,
            "inbound": sum(r.inbound for r in sel),
            "reserved": sum(r.reserved for r in sel),
            "unfulfillable": sum(r.unfulfillable for r in sel),
            "units_shipped_t7": sum(r.t7 for r in sel),
            "units_shipped_t30": t30,
            "units_shipped_t60": sum(r.t60 for r in sel),
            "units_shipped_t90": t90,
            "age_0_90": ages["0-90"],
            "age_91_180": ages["91-180"],
            "age_181_270": ages["181-270"],
            "age_271_365": ages["271-365"],
            "age_366_455": ages["366-455"],
            "age_456_plus": ages["456-plus"],
            "age_366_plus": ages["366-455"] + ages["456-plus"],
            "days_of_supply": ratio(Decimal(avail) * 30, t30, 1),
            "inventory_turnover": ratio(Decimal(t90) * 365, Decimal(avail) * 90, 2),
            "aged_181_plus_share": ratio(all_ages - ages["0-90"] - ages["91-180"], all_ages, 4),
            "aged_365_plus_share": ratio(ages["366-455"] + ages["456-plus"], all_ages, 4),
        }

    inv_by = {r.sku: inv_block([r]) for r in sorted(inv, key=lambda x: x.sku)}
    for r in inv:
        inv_by[r.sku]["days_of_supply_printed"] = int(r.values["days-of-supply"])
    inv_total = inv_block(inv)

    # COGS on units sold (Order rows), unit cost in force on the order's posted date (Pacific).
    cogs_by: dict[str, dict[str, str]] = {}
    for s in SKUS:
        mine = [ln for ln in lines if ln.sku == s.sku]
        cogs = sum((unit_cost(s.sku, ln.local.date()) * ln.qty for ln in mine), ZERO)
        landed = cogs + sum(((s.freight + s.prep) * ln.qty for ln in mine), ZERO)
        cogs_by[s.sku] = {"cogs": m2s(cogs), "landed_cost": m2s(landed)}
    cogs_total = {
        "cogs": m2s(sum((Decimal(v["cogs"]) for v in cogs_by.values()), ZERO)),
        "landed_cost": m2s(sum((Decimal(v["landed_cost"]) for v in cogs_by.values()), ZERO)),
    }
    string_units_before = sum(
        ln.qty for ln in lines if ln.sku == COST_CHANGE[0] and ln.local.date() < COST_CHANGE[1]
    )
    string_units_after = sum(
        ln.qty for ln in lines if ln.sku == COST_CHANGE[0] and ln.local.date() >= COST_CHANGE[1]
    )

    gross = Decimal(str(total["gross_sales"]))
    spend = Decimal(str(ads_total["spend"]))
    ops = Decimal(str(biz_total["ordered_product_sales"]))
    derived = {
        "acos": ratio(spend, Decimal(str(ads_total["sales"])), 4),
        "roas": ratio(Decimal(str(ads_total["sales"])), spend, 4),
        "tacos": ratio(spend, ops, 4),
        "tacos_on_gross_sales": ratio(spend, gross, 4),
        "ctr": ratio(int(str(ads_total["clicks"])), int(str(ads_total["impressions"])), 4),
        "cpc": m2s(spend / int(str(ads_total["clicks"]))),
        "unit_session_pct": ratio(int(str(biz_total["units_ordered"])), int(str(biz_total["sessions"])), 4),
        "refund_rate": ratio(int(str(total["units_refunded"])), int(str(total["units_sold"])), 4),
        "return_rate_fba": ratio(
            int(str(ret_total["units_returned"])),
            sum(ln.qty for ln in lines if ln.sku != FBM_SKU),
            4,
        ),
        "acos_by_sku": {
            k: ratio(Decimal(str(v["spend"])), Decimal(str(v["sales"])), 4) for k, v in ads_by_sku.items()
        },
        "unit_session_pct_by_sku": {
            k: ratio(int(str(v["units_ordered"])), int(str(v["sessions"])), 4) for k, v in biz_by.items()
        },
        "return_rate_by_sku": {
            k: ratio(int(str(v["units_returned"])), int(str(by_sku[k]["units_sold"])), 4)
            for k, v in ret_by.items()
        },
    }

    return {
        "schema": "lumen-expected/1",
        "generator": "tools/make_example_store.py (random.Random(2026)); regenerate, never hand-edit",
        "store": {
            "name": "Lumen Lighting",
            "marketplace": "US",
            "marketplace_id": MARKETPLACE_ID_US,
            "currency": "USD",
            "period": {"start": PERIOD_START.isoformat(), "end": PERIOD_END.isoformat()},
            "dir": str(STORE_DIR),
            "skus": {
                s.sku: {
                    "asin": s.asin,
                    "fnsku": s.fnsku if s.fulfillment == "Amazon" else None,
                    "parent_asin": s.parent,
                    "price": m2s(s.price),
                    "fulfillment": "amazon" if s.fulfillment == "Amazon" else "seller",
                    "fba_fee_per_unit": m2s(s.fba_fee) if s.fulfillment == "Amazon" else None,
                    "fba_size": s.size_note,
                    "product_group": s.product_group,
                    "category": s.category,
                }
                for s in SKUS
            },
        },
        "definitions": LEDGER_DEFINITIONS,
        "files": {
            "payments": "payments-2026-10.csv",
            "business_report": "business-report-2026-10.csv",
            "ads_advertised_product": "sp-advertised-product-2026-10.csv",
            "ads_search_term": "sp-search-term-2026-10.csv",
            "fba_inventory": "fba-inventory-2026-11-01.csv",
            "fba_returns": "fba-returns-2026-10.txt",
            "seller_performance": "seller-performance.json",
            "cogs": "cogs.csv",
            "config": "flywheel.yaml",
        },
        "payments": {"total": total, "by_sku": by_sku},
        "business_report": {"total": biz_total, "by_sku": biz_by, "by_parent_asin": biz_by_parent},
        "ads_advertised_product": {
            "spend_source": True,
            "total": ads_total,
            "by_sku": ads_by_sku,
            "by_campaign": ads_by_campaign,
        },
        "ads_search_term": {
            "spend_source": False,
            "total": st_total,
            "by_campaign": st_by_campaign,
            "date_range": {
                "first": min(r.day for r in st).isoformat(),
                "last": max(r.day for r in st).isoformat(),
            },
        },
        "fba_returns": {"total": ret_total, "by_sku": ret_by},
        "fba_inventory": {"snapshot_date": "2026-11-01", "total": inv_total, "by_sku": inv_by},
        "seller_performance": perf,
        "cogs": {
            "total": cogs_total,
            "by_sku": cogs_by,
            "cost_change": {
                "sku": COST_CHANGE[0],
                "effective_from": COST_CHANGE[1].isoformat(),
                "units_before": string_units_before,
                "units_from": string_units_after,
            },
        },
        "fixed_costs_monthly": {
            "tools": "143.00",
            "labour": "3200.00",
            "other": "57.00",
            "total": "3400.00",
        },
        "derived": derived,
    }


def _count_by(items: Iterable[object]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for k in items:
        out[str(k)] += 1
    return dict(out)


# --------------------------------------------------------------------------------------------
# Self-check: re-read the written text and compare with the ledger
# --------------------------------------------------------------------------------------------


def _num(s: str) -> Decimal:
    s = s.replace("$", "").replace(",", "").replace("%", "").strip()
    return Decimal(s) if s else ZERO


def self_check(files: dict[str, str], ledger: dict[str, Any], lines: list[OrderLine]) -> list[str]:
    problems: list[str] = []

    def expect(label: str, got: object, want: object) -> None:
        if str(got) != str(want):
            problems.append(f"{label}: file gives {got}, ledger says {want}")

    # Payments
    text = files["payments-2026-10.csv"]
    rows = list(csv.reader(io.StringIO(text)))
    assert [r[0] for r in rows[:7]] == list(PAYMENTS_PREAMBLE), "payments preamble"
    header = rows[7]
    assert tuple(header) == PAYMENTS_HEADER and len(header) == 32, "payments header"
    for raw_line in text.splitlines():
        assert raw_line.startswith('"') and raw_line.endswith('"'), "payments: every field quoted"
    idx = {h: i for i, h in enumerate(header)}
    data = rows[8:]
    net = transfers = all_total = gross = ZERO
    per_sku: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for n, r in enumerate(data, start=9):
        parts = sum((_num(r[idx[c]]) for c in MONEY_COLS), ZERO)
        total = _num(r[idx["total"]])
        if parts != total:
            problems.append(f"payments line {n}: total {total} != sum of parts {parts}")
        if r[idx["type"]] == "Order":
            gross += _num(r[idx["product sales"]])
            taxes = sum(
                (
                    _num(r[idx[c]])
                    for c in ("product sales tax", "shipping credits tax", "promotional rebates tax")
                ),
                ZERO,
            )
            if taxes + _num(r[idx["marketplace withheld tax"]]) != 0:
                problems.append(f"payments line {n}: withheld tax does not cancel the tax collected")
            ps = _num(r[idx["product sales"]])
            fee = -_num(r[idx["selling fees"]])
            base = ps + _num(r[idx["shipping credits"]]) + _num(r[idx["promotional rebates"]])
            if fee != max(REFERRAL_MIN * int(r[idx["quantity"]]), d2(base * REFERRAL_RATE)):
                problems.append(f"payments line {n}: referral fee {fee} is not 15% of {base}")
        all_total += total
        if r[idx["type"]] == "Transfer":
            transfers += total
        else:
            net += total
            if r[idx["sku"]]:
                per_sku[r[idx["sku"]]] += total
    pt = ledger["payments"]["total"]
    expect("payments gross_sales", m2s(gross), pt["gross_sales"])
    expect("payments net_proceeds", m2s(net), pt["net_proceeds"])
    expect("payments transfers", m2s(transfers), pt["transfers"])
    expect("payments sum_of_all_totals", m2s(all_total), pt["sum_of_all_totals"])
    if all_total != net + transfers:
        problems.append("payments: sum of totals != net_proceeds + transfers")
    for sku, v in per_sku.items():
        expect(f"payments net_proceeds[{sku}]", m2s(v), ledger["payments"]["by_sku"][sku]["net_proceeds"])

    # Business report
    brows = list(csv.DictReader(io.StringIO(files["business-report-2026-10.csv"])))
    assert list(brows[0].keys()) == BUSINESS_HEADER
    bt = ledger["business_report"]["total"]
    expect("business sessions", sum(int(_num(r["Sessions - Total"])) for r in brows), bt["sessions"])
    expect("business units", sum(int(_num(r["Units Ordered"])) for r in brows), bt["units_ordered"])
    expect(
        "business ordered_product_sales",
        m2s(sum((_num(r["Ordered Product Sales"]) for r in brows), ZERO)),
        bt["ordered_product_sales"],
    )
    expect(
        "business buy box numerator",
        sum(
            (
                _num(r["Featured Offer (Buy Box) Percentage"]) / 100 * _num(r["Page Views - Total"])
                for r in brows
            ),
            ZERO,
        ),
        bt["buy_box_weighted_numerator"],
    )
    pay_units = {k: v["units_sold"] for k, v in ledger["payments"]["by_sku"].items()}
    for r in brows:
        if int(_num(r["Units Ordered"])) < pay_units[r["SKU"]]:
            problems.append(f"business: units ordered < payments units for {r['SKU']}")
        usp = pct(int(_num(r["Units Ordered"])), int(_num(r["Sessions - Total"])))
        expect(f"business unit session % {r['SKU']}", r["Unit Session Percentage"], usp)

    # Ads
    arows = list(csv.DictReader(io.StringIO(files["sp-advertised-product-2026-10.csv"])))
    assert list(arows[0].keys()) == list(AD_HEADER)
    at = ledger["ads_advertised_product"]["total"]
    expect("ads spend", m2s(sum((_num(r["Spend"]) for r in arows), ZERO)), at["spend"])
    expect("ads sales", m2s(sum((_num(r["7 Day Total Sales "]) for r in arows), ZERO)), at["sales"])
    expect("ads clicks", sum(int(_num(r["Clicks"])) for r in arows), at["clicks"])
    expect("ads vs payments", at["spend"], pt["cost_of_advertising"])
    srows = list(csv.DictReader(io.StringIO(files["sp-search-term-2026-10.csv"])))
    assert list(srows[0].keys()) == list(ST_HEADER)
    st_spend = sum((_num(r["Spend"]) for r in srows), ZERO)
    expect("search term spend", m2s(st_spend), ledger["ads_search_term"]["total"]["spend"])
    if st_spend > _num(str(at["spend"])):
        problems.append("search term spend exceeds advertised product spend")
    group_ap: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for r in arows:
        group_ap[(r["Campaign Name"], r["Ad Group Name"])] += _num(r["Spend"])
    group_st: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for r in srows:
        group_st[(r["Campaign Name"], r["Ad Group Name"])] += _num(r["Spend"])
    for key, v in group_st.items():
        if v > group_ap.get(key, ZERO):
            problems.append(f"search term spend {v} > advertised product spend for {key}")

    # Inventory
    irows = list(csv.DictReader(io.StringIO(files["fba-inventory-2026-11-01.csv"])))
    assert list(irows[0].keys()) == INVENTORY_HEADER
    it = ledger["fba_inventory"]["total"]
    expect("inventory available", sum(int(r["available"]) for r in irows), it["available"])
    expect("inventory t30", sum(int(r["units-shipped-t30"]) for r in irows), it["units_shipped_t30"])
    for r in irows:
        coarse = sum(
            int(r[f"inv-age-{b}-days"])
            for b in ("0-to-90", "91-to-180", "181-to-270", "271-to-365", "366-to-455", "456-plus")
        )
        if coarse != int(r["available"]) + int(r["Total Reserved Quantity"]):
            problems.append(f"inventory {r['sku']}: age buckets != available + reserved")
        fine = sum(int(r[f"inv-age-{b}-days"]) for b in ("0-to-30", "31-to-60", "61-to-90"))
        if fine != int(r["inv-age-0-to-90-days"]):
            problems.append(f"inventory {r['sku']}: 0-30 + 31-60 + 61-90 != 0-90")
        if int(r["inv-age-181-to-330-days"]) + int(r["inv-age-331-to-365-days"]) != int(
            r["inv-age-181-to-270-days"]
        ) + int(r["inv-age-271-to-365-days"]):
            problems.append(f"inventory {r['sku']}: 181-330 + 331-365 != 181-270 + 271-365")
        inbound = int(r["inbound-working"]) + int(r["inbound-shipped"]) + int(r["inbound-received"])
        expect(f"inventory inbound {r['sku']}", inbound, r["inbound-quantity"])
        t30 = int(r["units-shipped-t30"])
        expect(
            f"inventory t30 {r['sku']}",
            t30,
            sum(ln.qty for ln in lines if ln.sku == r["sku"] and ln.local.date() >= date(2026, 10, 2)),
        )

    # Returns
    rlines = files["fba-returns-2026-10.txt"].splitlines()
    assert rlines[0].split("\t") == list(RETURNS_HEADER)
    assert all(len(line.split("\t")) == 13 for line in rlines)
    expect(
        "returns units",
        sum(int(line.split("\t")[6]) for line in rlines[1:]),
        ledger["fba_returns"]["total"]["units_returned"],
    )
    # Seller performance
    perf = json.loads(files["seller-performance.json"])
    lsr = perf["performanceMetrics"][0]["lateShipmentRate"]
    expect("late shipment rate", f"{lsr['rate']:.3f}", "0.046")
    return problems


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def generate() -> tuple[dict[str, str], dict[str, Any], list[OrderLine]]:
    rng = random.Random(SEED)
    used_ids: set[str] = set()
    lines = generate_order_lines(rng)
    assign_orders(rng, lines, used_ids)
    for ln in lines:
        price_line(rng, ln)
    returns, refunds = generate_returns(rng, lines, used_ids)
    gross = {s.sku: sum((ln.product_sales for ln in lines if ln.sku == s.sku), ZERO) for s in SKUS}
    ads = build_ads(rng, gross)
    st = build_search_terms(rng, ads)
    ad_spend = sum((r.spend for r in ads), ZERO)
    pay = build_payments(rng, lines, refunds, ad_spend, AVG_UNITS_SEPTEMBER)
    biz = build_business(rng, lines)
    inv = build_inventory(rng, lines, returns)
    perf_doc, perf_summary = build_seller_performance(lines)

    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n")
    for p in PAYMENTS_PREAMBLE:
        w.writerow([p])
    w.writerow(PAYMENTS_HEADER)
    for r in pay.rows:
        w.writerow(r.cells())

    files = {
        "payments-2026-10.csv": buf.getvalue(),
        "business-report-2026-10.csv": business_csv(biz),
        "sp-advertised-product-2026-10.csv": ads_csv(ads),
        "sp-search-term-2026-10.csv": search_term_csv(st),
        "fba-inventory-2026-11-01.csv": inventory_csv(inv),
        "fba-returns-2026-10.txt": returns_txt(returns),
        "seller-performance.json": json.dumps(perf_doc, indent=2) + "\n",
        "cogs.csv": cogs_csv(),
        "flywheel.yaml": FLYWHEEL_YAML,
    }
    ledger = build_ledger(
        pay=pay, lines=lines, biz=biz, ads=ads, st=st, returns=returns, inv=inv, perf=perf_summary
    )
    return files, ledger, lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--check", action="store_true", help="compare with the files on disk; write nothing")
    args = ap.parse_args(argv)

    files, ledger, lines = generate()
    problems = self_check(files, ledger, lines)
    if problems:
        for p in problems:
            print(f"self-check: {p}", file=sys.stderr)
        return 1
    outputs = {STORE_DIR / name: text for name, text in files.items()}
    outputs[LEDGER_PATH] = json.dumps(ledger, indent=2, sort_keys=False) + "\n"

    if args.check:
        stale = [
            str(rel)
            for rel, text in outputs.items()
            if not (ROOT / rel).is_file() or (ROOT / rel).read_text(encoding="utf-8") != text
        ]
        for rel in stale:
            print(f"out of date: {rel}", file=sys.stderr)
        return 1 if stale else 0

    for rel, text in outputs.items():
        path = ROOT / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    pt = ledger["payments"]["total"]
    at = ledger["ads_advertised_product"]["total"]
    print(
        f"wrote {len(outputs)} files: gross sales {pt['gross_sales']}, units {pt['units_sold']}, "
        f"net proceeds {pt['net_proceeds']}, ad spend {at['spend']}, rows {pt['rows']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
