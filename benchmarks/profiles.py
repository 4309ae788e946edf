"""The `random-price` and `realistic` profiles of benchmarks/generate_payments.py.

`random-price`: the repetitive file, except that every order draws its unit price at random, so
amounts hardly repeat.

`realistic`: what a busy store's year looks like, as far as what a reader of the file pays for:

- list prices per SKU that change a few times a year (about 3.5 changes in 365 days), and 15% of the
  SKUs repriced every day by a repricing tool (−8% … +3% around the list price);
- deals: on any day a SKU starts a 1–3 day deal (15–35% off) with a chance of 1 in 60;
- promotional rebates on ~18% of orders (a percentage off, or a coupon of a few dollars a unit), with
  their sales tax;
- ~3,000 tax jurisdictions (city, state, ZIP, combined rate to a thousandth of a percent);
- every order has its own order id and its own timestamp (strictly increasing, one second apart at
  least); refunds name their order's id and may refund part of its quantity;
- fees: referral fees with a minimum, FBA fees by size, shipping credits for merchant-fulfilled SKUs and
  Prime upgrades on FBA SKUs (charged back as "other transaction fees"), the refund administration fee;
  advertising, subscription, storage and disposal fees; a Transfer row at the start of every 14-day
  settlement;
- 5% of titles carry an inch mark (`Floor Lamp 65" Tall`), which CSV writes as `65""`.

Everything is drawn from the generator's seeded stream: the same arguments give the same bytes, and
memory does not grow with the row count (prices and deals are kept per SKU, for the current day).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date

from cost_file import cost_table
from generate_payments import Generator, Sku
from payments_layout import (
    ADJECTIVES,
    BRANDS,
    FBA_FEES,
    GIFT_WRAP,
    GIFT_WRAP_TAX,
    NOUNS,
    OTHER_TRANSACTION_FEES,
    PACKS,
    PRODUCT_SALES,
    PRODUCT_SALES_TAX,
    PROMOTIONS,
    PROMOTIONS_TAX,
    SELLING_FEES,
    SHIPPING,
    SHIPPING_TAX,
    WITHHELD_TAX,
)  # fmt: skip

Place = tuple[str, str, str, int]  # city, state, ZIP, combined rate in thousandths of a percent

# state, base rate (thousandths of a percent), first ZIP digits, local add-on allowed
STATES = (
    ("AL", 4000, "35", True), ("AZ", 5600, "85", True), ("CA", 7250, "9", True), ("CO", 2900, "80", True),
    ("FL", 6000, "33", True), ("GA", 4000, "30", True), ("IL", 6250, "60", True), ("IN", 7000, "46", False),
    ("LA", 4450, "70", True), ("MA", 6250, "02", False), ("MI", 6000, "48", False), ("MN", 6875, "55", True),
    ("MO", 4225, "63", True), ("NC", 4750, "27", True), ("NJ", 6625, "07", False), ("NV", 6850, "89", True),
    ("NY", 4000, "1", True), ("OH", 5750, "43", True), ("OK", 4500, "73", True), ("PA", 6000, "1", True),
    ("TN", 7000, "37", True), ("TX", 6250, "7", True), ("UT", 6100, "84", True), ("VA", 5300, "22", True),
    ("WA", 6500, "98", True), ("WI", 5000, "53", True), ("OR", 0, "97", False), ("DE", 0, "19", False),
    ("MT", 0, "59", False), ("NH", 0, "03", False), ("AK", 0, "99", True),
)  # fmt: skip
SYLLABLES = ("ash", "bel", "brook", "car", "dale", "eden", "fair", "glen", "ham", "hill", "lake", "mar",
             "mont", "new", "oak", "port", "ridge", "rock", "shore", "spring", "stone", "ville", "wood")  # fmt: skip
INCH_NOUNS = ("Floor Lamp", "Lamp Shade", "Pendant Light", "Under Cabinet Light", "String Lights")
REPRICED_SHARE = 0.15
PROMOTED_SHARE = 0.18
DEAL_CHANCE = 1 / 60  # per SKU and day
LIST_CHANGES_PER_YEAR = 3.5
JURISDICTIONS = 3000
REFUND_SHARE, ADJUSTMENT_SHARE, SERVICE_SHARE, INVENTORY_SHARE = 50, 20, 12, 15  # per mille


def taxed(amount: int, rate: int) -> int:
    """amount × rate (thousandths of a percent), rounded half away from zero, in cents."""
    sign = -1 if amount < 0 else 1
    return sign * ((abs(amount) * rate + 50_000) // 100_000)


def jurisdictions(rng: random.Random, count: int) -> list[Place]:
    places = []
    for _ in range(count):
        state, base, zip_head, local = rng.choice(STATES)
        city = (rng.choice(SYLLABLES) + rng.choice(SYLLABLES)).upper()
        if rng.random() < 0.3:
            city = f"{rng.choice(('NORTH', 'SOUTH', 'EAST', 'WEST', 'LAKE', 'MOUNT'))} {city}"
        postal = zip_head + "".join(str(rng.randrange(10)) for _ in range(5 - len(zip_head)))
        rate = base + (125 * rng.randrange(0, 41) if local else 0)  # local add-on in steps of 0.125%
        places.append((city, state, postal, rate))
    return places


def realistic_catalogue(rng: random.Random, count: int) -> list[Sku]:
    skus = []
    for index in range(count):
        brand, noun = rng.choice(BRANDS), rng.choice(NOUNS)
        code = "".join(word[0] for word in noun.split()).upper()
        price = rng.randrange(7, 200) * 100 + rng.choice((99, 99, 49, 95))
        fba = 0 if rng.random() < 0.1 else 322 + rng.randrange(0, 900)
        first, second = rng.sample(ADJECTIVES, 2)
        size = f'{rng.choice((12, 18, 24, 36, 48, 65))}" ' if rng.random() < 0.05 else ""
        title = f"{brand} {size}{noun}, {first} {second}, {rng.choice(PACKS)}, for Home, Office and Patio"
        skus.append(Sku(f"FW-{code}-{index:05d}", title, price, fba, "Seller" if fba == 0 else "Amazon"))
    return skus


class RandomPriceGenerator(Generator):
    """The repetitive file with a random unit price on every order."""

    def unit_price(self, item: Sku) -> int:
        return self.rng.randrange(500, 25_000)


class RealisticGenerator(Generator):
    def __init__(self, rows: int, seed: int, sku_count: int, start: date, days: int) -> None:
        super().__init__(rows, seed, sku_count, start, days)
        rng = self.rng
        self.skus = realistic_catalogue(rng, sku_count)
        self.costs = cost_table(self.skus, seed, start, days)
        self.places = jurisdictions(rng, JURISDICTIONS)
        self.repriced = {item.sku for item in self.skus if rng.random() < REPRICED_SHARE}
        self.list_price = {item.sku: item.price for item in self.skus}
        self.today: dict[str, int] = dict(self.list_price)  # the price each SKU sells at today
        self.deals: dict[str, tuple[int, int]] = {}  # sku → (last day, percent off)
        self.day = -1
        self.orders_made = 0
        # recent orders, for refunds: (order id, SKU, quantity, place, unit price, shipping, referral fee)
        self.open_orders: list[tuple[str, Sku, int, Place, int, int, int]] = []

    # --- the calendar: list prices, repricing and deals change once a day ---------------------------

    def new_day(self, day: int) -> None:
        rng = self.rng
        change = LIST_CHANGES_PER_YEAR / 365
        for item in self.skus:
            sku = item.sku
            if rng.random() < change:
                self.list_price[sku] = max(499, self.list_price[sku] * rng.randrange(85, 121) // 100 // 100 * 100
                                           + 99)  # fmt: skip
            price = self.list_price[sku]
            if sku in self.repriced:
                price = price * rng.randrange(9_200, 10_301) // 10_000
            deal = self.deals.get(sku)
            if deal is not None and deal[0] < day:
                del self.deals[sku]
                deal = None
            if deal is None and rng.random() < DEAL_CHANCE:
                deal = self.deals[sku] = (day + rng.randrange(0, 3), rng.randrange(15, 36))
            if deal is not None:
                price = price * (100 - deal[1]) // 100
            self.today[sku] = price

    def rows_iter(self) -> Iterator[list[str]]:
        rng, clock = self.rng, self.clock
        if self.rows > self.span:
            raise ValueError(f"{self.rows:,} rows cannot have unique timestamps in {self.span:,} seconds")
        slot = self.span / max(self.rows, 1)
        previous, settlement = self.start - 1, ""
        for index in range(self.rows):
            utc = max(previous + 1, self.start + int((index + rng.random()) * slot))
            previous = utc
            day = clock.day(utc)
            if day != self.day:
                self.day = day
                self.new_day(day)
            kind = self.kind(rng.randrange(1000))
            current = self.settlement(utc)
            if current != settlement:  # each settlement period starts by paying out the last one
                kind = "Transfer" if settlement else kind
                settlement = current
            if kind == "Refund" and not self.open_orders:
                kind = "Order"
            yield self.make(kind, utc, clock.text(utc))

    @staticmethod
    def kind(draw: int) -> str:
        for name, share in (("Refund", REFUND_SHARE), ("Adjustment", ADJUSTMENT_SHARE),
                            ("Service Fee", SERVICE_SHARE), ("FBA Inventory Fee", INVENTORY_SHARE)):  # fmt: skip
            if draw < share:
                return name
            draw -= share
        return "Order"

    def order_id(self) -> str:
        # An affine map of the order number modulo 10^14 (the multiplier is odd and not a multiple of
        # 5, so it is a bijection): every order id is different, and they look random.
        self.orders_made += 1
        number = (self.orders_made * 7_380_551_298_413 + 31_337) % 10**14
        return f"11{1 + number % 4}-{number // 10**7:07d}-{number % 10**7:07d}"

    # --- rows ------------------------------------------------------------------------------------

    def order(self, amounts: list[int]) -> list[str]:
        rng = self.rng
        item = self.pick_sku()
        draw = rng.random()
        quantity = 1 if draw < 0.86 else 2 if draw < 0.96 else 3 if draw < 0.99 else rng.randrange(4, 9)
        order_id, place = self.order_id(), rng.choice(self.places)
        rate, price = place[3], self.today[item.sku]
        sales = price * quantity
        amounts[PRODUCT_SALES] = sales
        amounts[PRODUCT_SALES_TAX] = taxed(sales, rate)
        charged = sales
        shipping = 0
        if item.fulfillment == "Seller":
            shipping = 599 + 199 * (quantity - 1)
        elif rng.random() < 0.03:  # a Prime upgrade the buyer paid for; Amazon charges it back
            shipping = 299 * quantity
            amounts[OTHER_TRANSACTION_FEES] = -shipping
        if shipping:
            amounts[SHIPPING] = shipping
            amounts[SHIPPING_TAX] = taxed(shipping, rate)
            charged += shipping
        if rng.random() < 0.008:
            amounts[GIFT_WRAP] = 499
            amounts[GIFT_WRAP_TAX] = taxed(499, rate)
            charged += 499
        if rng.random() < PROMOTED_SHARE:
            if rng.random() < 0.6:
                rebate = sales * rng.choice((5, 10, 15, 20, 25)) // 100
            else:
                rebate = min(sales, rng.choice((100, 200, 300, 500)) * quantity)
            amounts[PROMOTIONS] = -rebate
            amounts[PROMOTIONS_TAX] = taxed(-rebate, rate)
            charged -= rebate
        amounts[WITHHELD_TAX] = -(amounts[PRODUCT_SALES_TAX] + amounts[SHIPPING_TAX] + amounts[GIFT_WRAP_TAX]
                                  + amounts[PROMOTIONS_TAX])  # fmt: skip
        referral = max(taxed(charged, 15_000), 30 * quantity)
        amounts[SELLING_FEES] = -referral
        amounts[FBA_FEES] = -item.fba_fee * quantity
        entry = (order_id, item, quantity, place, price, shipping, referral)
        if len(self.open_orders) < 2000:
            self.open_orders.append(entry)
        else:
            self.open_orders[rng.randrange(2000)] = entry
        return [order_id, item.sku, item.title, str(quantity), "amazon.com", "Standard Orders", item.fulfillment,
                place[0], place[1], place[2], "MarketplaceFacilitator"]  # fmt: skip

    def refund(self, amounts: list[int]) -> list[str]:
        rng = self.rng
        order_id, item, quantity, place, price, shipping, referral = rng.choice(self.open_orders)
        refunded = quantity if quantity == 1 or rng.random() < 0.7 else rng.randrange(1, quantity)
        sales = price * refunded
        amounts[PRODUCT_SALES] = -sales
        amounts[PRODUCT_SALES_TAX] = -taxed(sales, place[3])
        if shipping and item.fulfillment == "Seller":
            amounts[SHIPPING] = -shipping * refunded // quantity
            amounts[SHIPPING_TAX] = taxed(amounts[SHIPPING], place[3])
        amounts[WITHHELD_TAX] = -(amounts[PRODUCT_SALES_TAX] + amounts[SHIPPING_TAX])
        back = referral * refunded // quantity
        amounts[SELLING_FEES] = back - min(
            taxed(back, 20_000), 500 * refunded
        )  # the refund administration fee
        return [order_id, item.sku, item.title, str(refunded), "amazon.com", "Standard Orders", item.fulfillment,
                place[0], place[1], place[2], "MarketplaceFacilitator"]  # fmt: skip
