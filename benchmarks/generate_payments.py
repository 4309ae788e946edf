#!/usr/bin/env python3
"""Write a synthetic US Payments Date Range Report (transaction view) of any size.

    python benchmarks/generate_payments.py ROWS OUT.csv [--profile repetitive|random-price|realistic]
        [--seed N] [--skus N] [--start YYYY-MM-DD] [--days N] [--expected-json PATH] [--cogs-csv PATH]
        [--expected-only]

The file has the real US 2025+ layout: the 7-line preamble, the 32-column header (the 30 columns of
2024 plus "Transaction Status" and "Transaction Release Date"), every field double-quoted, dates
such as `Oct 3, 2026 1:23:45 PM PDT` (Pacific time, PST/PDT switching on the US rules) and amounts
with thousands separators from 1,000 up (`-12,345.67`). Row mix: about 90% Order, 4% Refund, then
Adjustment (FBA reimbursements), Service Fee ("Cost of Advertising", "Subscription"),
FBA Inventory Fee ("FBA storage fee" and others) and Transfer rows.

Rows are written as they are made (constant memory); every amount is kept in integer cents, and each
row's `total` is the sum of its amount columns to the cent. The same arguments give the same bytes.

Profiles (--profile): `repetitive` (the default, and the only one before profiles existed: the same
bytes as then) sells each SKU at one price all year, so a file holds few distinct amounts;
`random-price` draws each order's unit price at random; `realistic` (benchmarks/profiles.py) has
list prices that change a few times a year, daily repricing, deals, promotions, ~3,000 tax
jurisdictions, unique order ids and timestamps, partial refunds and titles with an inch mark (`12"`).

The expected figures (Σ total, gross sales = Σ product sales of Order rows, units sold = Σ quantity
of Order rows, net proceeds = Σ total of non-Transfer rows) are printed to stderr; --expected-json
also writes them, with refunds, fees, COGS, the per-SKU and the per-day sums, as JSON (amounts as
decimal strings). --cogs-csv writes a cost file (`sku,unit_cost,effective_from,...`) whose COGS the
expected figures include; --expected-only computes the figures without writing the CSV.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from cost_file import UnitCost, cost_table, write_cost_file
from payments_layout import (
    ADJECTIVES,
    AMOUNT_COLUMNS,
    BRANDS,
    DAY,
    FBA_FEES,
    GIFT_WRAP,
    GIFT_WRAP_TAX,
    HEADER,
    HOUR,
    NOUNS,
    OTHER,
    PACKS,
    PLACES,
    PREAMBLE,
    PRODUCT_SALES,
    PRODUCT_SALES_TAX,
    PROMOTIONS,
    PROMOTIONS_TAX,
    REIMBURSEMENTS,
    SELLING_FEES,
    SHIPPING,
    SHIPPING_TAX,
    WITHHELD_TAX,
    Pacific,
    cents,
    decimal_text,
)

# Per profile: bump when the bytes written for the same arguments change (run.py regenerates cached
# files then). GENERATOR_VERSION is the repetitive profile's, the generator's only one before profiles.
PROFILE_VERSIONS = {"repetitive": 1, "random-price": 1, "realistic": 1}
GENERATOR_VERSION = PROFILE_VERSIONS["repetitive"]
# Bump when the expected JSON gains figures: run.py then rewrites only it (--expected-only).
EXPECTED_VERSION = 2
# Row types and their share of rows, in per mille; Order and Refund are the rest.
MIX = (("Refund", 40), ("Adjustment", 25), ("Service Fee", 15), ("FBA Inventory Fee", 15), ("Transfer", 5))


@dataclass(frozen=True, slots=True)
class Sku:
    sku: str
    title: str
    price: int  # cents
    fba_fee: int  # cents per unit; 0 when the seller ships (FBM)
    fulfillment: str


@dataclass(slots=True)
class Totals:
    """Running sums in cents (and units); constant size, whatever the row count."""

    rows: int = 0
    sum_total: int = 0
    gross_sales: int = 0
    units_sold: int = 0
    transfers: int = 0
    refunded_sales: int = 0  # −Σ product sales of Refund rows
    units_refunded: int = 0
    selling_fees: int = 0  # Σ selling fees of Order and Refund rows (negative: a cost)
    fba_fees: int = 0  # Σ fba fees of Order and Refund rows
    cogs: int = 0  # Σ units of Order rows × the unit cost in force on the order's local day (cost file)
    inbound_freight: int = 0
    types: dict[str, int] = field(default_factory=dict)
    # local day (ordinal) → [gross_sales, units_sold, net_proceeds, cogs]
    days: dict[int, list[int]] = field(default_factory=dict)
    # sku → [gross_sales, units_sold, Σ selling fees, Σ fba fees, Σ total] over every row with that SKU
    skus: dict[str, list[int]] = field(default_factory=dict)


def catalogue(rng: random.Random, count: int) -> list[Sku]:
    skus = []
    for index in range(count):
        brand, noun = rng.choice(BRANDS), rng.choice(NOUNS)
        code = "".join(word[0] for word in noun.split()).upper()
        price = rng.randrange(7, 200) * 100 + 99
        fba = 0 if rng.random() < 0.1 else 322 + rng.randrange(0, 900)
        first, second = rng.sample(ADJECTIVES, 2)
        title = f"{brand} {noun}, {first} {second}, {rng.choice(PACKS)}, for Home, Office and Patio"
        skus.append(Sku(f"FW-{code}-{index:05d}", title, price, fba, "Seller" if fba == 0 else "Amazon"))
    return skus


def _pct(amount: int, basis_points: int) -> int:
    """amount × basis_points / 10,000, rounded half away from zero, in cents."""
    sign = -1 if amount < 0 else 1
    return sign * ((abs(amount) * basis_points + 5_000) // 10_000)


class Generator:
    """The repetitive profile: each SKU has one price for the whole file."""

    def __init__(self, rows: int, seed: int, sku_count: int, start: date, days: int) -> None:
        self.rng = random.Random(seed)
        self.rows = rows
        self.skus = catalogue(self.rng, sku_count)
        # Popular SKUs sell more: weights ∝ 1 / rank^0.8.
        weights = [1 / (rank + 1) ** 0.8 for rank in range(sku_count)]
        self.cum_weights = [sum(weights[: i + 1]) for i in range(sku_count)]
        self.clock = Pacific()
        self.start = self.clock.midnight(start)
        self.span = self.clock.midnight(date.fromordinal(start.toordinal() + days)) - self.start
        # recent orders, for refunds: (order id, SKU, quantity, place, unit price)
        self.recent: list[tuple[str, Sku, int, tuple[str, str, str, int], int]] = []
        self.totals = Totals()
        self.previous_order: tuple[str, tuple[str, str, str, int]] | None = None
        self.balance = 0  # cents accrued since the last Transfer
        self.costs = cost_table(self.skus, seed, start, days)

    def unit_price(self, item: Sku) -> int:
        """The price of one unit in this order (the profiles override it)."""
        return item.price

    def pick_sku(self) -> Sku:
        return self.rng.choices(self.skus, cum_weights=self.cum_weights)[0]

    def order_id(self) -> str:
        rng = self.rng
        return f"11{rng.randrange(1, 5)}-{rng.randrange(10**7):07d}-{rng.randrange(10**7):07d}"

    def settlement(self, utc: int) -> str:
        return str(24815730961 + 41578451 * ((utc - self.start) // (14 * DAY)))

    def rows_iter(self) -> Iterator[list[str]]:
        rng, clock = self.rng, self.clock
        slot = self.span / max(self.rows, 1)
        for index in range(self.rows):
            utc = self.start + int((index + rng.random()) * slot)
            draw = rng.randrange(1000)
            kind = "Order"
            for name, share in MIX:
                if draw < share:
                    kind = name
                    break
                draw -= share
            if kind == "Refund" and not self.recent:
                kind = "Order"
            if kind != "Order":
                self.previous_order = None
            yield self.make(kind, utc, clock.text(utc))

    def make(self, kind: str, utc: int, when: str) -> list[str]:
        amounts = [0] * len(AMOUNT_COLUMNS)
        rng = self.rng
        release = when
        if kind == "Order":
            text = self.order(amounts)
            release = self.clock.text(utc + 7 * DAY + rng.randrange(6 * HOUR))
        elif kind == "Refund":
            text = self.refund(amounts)
        elif kind == "Adjustment":
            item = self.pick_sku()
            quantity = rng.randrange(1, 4)
            value = quantity * item.price * rng.randrange(45, 70) // 100
            description = rng.choice(REIMBURSEMENTS)
            if rng.random() < 0.1:
                value, description = -value, "FBA Inventory Reimbursement - Reversal Reimbursement"
            amounts[OTHER] = value
            text = ["", item.sku, description, str(quantity), "amazon.com", "", "Amazon", "", "", "", ""]
        elif kind == "Service Fee":
            if rng.random() < 0.95:
                amounts[OTHER] = -rng.randrange(5_000, 300_000)
                text = ["", "", "Cost of Advertising", "", "amazon.com", "", "", "", "", "", ""]
            else:
                amounts[OTHER] = -3_999
                text = ["", "", "Subscription", "", "amazon.com", "", "", "", "", "", ""]
        elif kind == "FBA Inventory Fee":
            draw = rng.random()
            if draw < 0.7:
                amounts[OTHER] = -rng.randrange(1_000, 200_000)
                text = ["", "", "FBA storage fee", "", "amazon.com", "", "", "", "", "", ""]
            elif draw < 0.85:
                amounts[OTHER] = -rng.randrange(1_000, 150_000)
                text = ["", "", "FBA Long-Term Storage Fee", "", "amazon.com", "", "", "", "", "", ""]
            else:
                item = self.pick_sku()
                quantity = rng.randrange(1, 25)
                amounts[OTHER] = -104 * quantity
                text = ["", item.sku, "FBA Removal Order: Disposal Fee", str(quantity), "amazon.com", "", "Amazon",
                        "", "", "", ""]  # fmt: skip
        else:  # Transfer: pays out what built up since the last one (at least $1,000.00)
            amounts[OTHER] = -max(self.balance, rng.randrange(100_000, 500_000))
            self.balance = 0
            text = ["", "", "To account ending in: 123", "", "", "", "", "", "", "", ""]
        total = sum(amounts)
        if kind != "Transfer":
            self.balance += total
        self.count(kind, text[1], text[3], amounts, total, self.clock.day(utc))
        return [
            when, self.settlement(utc), kind, *text,
            *[cents(value) for value in amounts], cents(total), "Released", release,
        ]  # fmt: skip

    def order(self, amounts: list[int]) -> list[str]:
        rng = self.rng
        item = self.pick_sku()
        draw = rng.random()
        quantity = 1 if draw < 0.85 else 2 if draw < 0.95 else 3 if draw < 0.98 else rng.randrange(4, 7)
        if self.previous_order is not None and rng.random() < 0.08:  # another item of the same order
            order_id, place = self.previous_order
        else:
            order_id, place = self.order_id(), rng.choice(PLACES)
        self.previous_order = (order_id, place)
        rate = place[3]
        price = self.unit_price(item)
        sales = price * quantity
        amounts[PRODUCT_SALES] = sales
        amounts[PRODUCT_SALES_TAX] = _pct(sales, rate)
        charged = sales
        if item.fulfillment == "Seller" or rng.random() < 0.05:
            amounts[SHIPPING] = 499 * quantity
            amounts[SHIPPING_TAX] = _pct(amounts[SHIPPING], rate)
            charged += amounts[SHIPPING]
        if rng.random() < 0.01:
            amounts[GIFT_WRAP] = 399
            amounts[GIFT_WRAP_TAX] = _pct(399, rate)
            charged += 399
        if rng.random() < 0.08:
            amounts[PROMOTIONS] = -_pct(sales, rng.choice((500, 1000, 1500, 2000)))
            amounts[PROMOTIONS_TAX] = _pct(amounts[PROMOTIONS], rate)
            charged += amounts[PROMOTIONS]
        taxes = (
            amounts[PRODUCT_SALES_TAX]
            + amounts[SHIPPING_TAX]
            + amounts[GIFT_WRAP_TAX]
            + amounts[PROMOTIONS_TAX]
        )
        amounts[WITHHELD_TAX] = -taxes
        amounts[SELLING_FEES] = -max(_pct(charged, 1500), 30 * quantity)
        amounts[FBA_FEES] = -item.fba_fee * quantity
        if len(self.recent) < 1000:
            self.recent.append((order_id, item, quantity, place, price))
        else:
            self.recent[rng.randrange(1000)] = (order_id, item, quantity, place, price)
        return [order_id, item.sku, item.title, str(quantity), "amazon.com", "Standard Orders", item.fulfillment,
                place[0], place[1], place[2], "MarketplaceFacilitator"]  # fmt: skip

    def refund(self, amounts: list[int]) -> list[str]:
        rng = self.rng
        order_id, item, quantity, place, price = rng.choice(self.recent)
        sales = price * quantity
        amounts[PRODUCT_SALES] = -sales
        amounts[PRODUCT_SALES_TAX] = -_pct(sales, place[3])
        amounts[WITHHELD_TAX] = -amounts[PRODUCT_SALES_TAX]
        referral = max(_pct(sales, 1500), 30 * quantity)
        amounts[SELLING_FEES] = referral - min(_pct(referral, 2000), 500)  # Amazon keeps a refund admin fee
        return [order_id, item.sku, item.title, str(quantity), "amazon.com", "Standard Orders", item.fulfillment,
                place[0], place[1], place[2], "MarketplaceFacilitator"]  # fmt: skip

    def count(self, kind: str, sku: str, quantity: str, amounts: list[int], total: int, day: int) -> None:
        t = self.totals
        t.rows += 1
        t.types[kind] = t.types.get(kind, 0) + 1
        t.sum_total += total
        per_day = t.days.get(day)
        if per_day is None:
            per_day = t.days[day] = [0, 0, 0, 0]
        if kind == "Transfer":
            t.transfers += total
        else:
            per_day[2] += total
        if kind in ("Order", "Refund"):
            t.selling_fees += amounts[SELLING_FEES]
            t.fba_fees += amounts[FBA_FEES]
        if kind == "Refund":
            t.refunded_sales -= amounts[PRODUCT_SALES]
            t.units_refunded += int(quantity)
        if kind == "Order":
            units = int(quantity)
            t.gross_sales += amounts[PRODUCT_SALES]
            t.units_sold += units
            per_day[0] += amounts[PRODUCT_SALES]
            per_day[1] += units
            cost = self.cost_in_force(sku, day)
            t.cogs += cost.unit_cost * units
            t.inbound_freight += cost.landing * units
            per_day[3] += cost.unit_cost * units
        if sku:
            per = t.skus.get(sku)
            if per is None:
                per = t.skus[sku] = [0, 0, 0, 0, 0]
            if kind == "Order":
                per[0] += amounts[PRODUCT_SALES]
                per[1] += int(quantity)
            per[2] += amounts[SELLING_FEES]
            per[3] += amounts[FBA_FEES]
            per[4] += total

    def cost_in_force(self, sku: str, day: int) -> UnitCost:
        """The cost-file row with the latest start on or before `day` (every SKU has one from the start)."""
        entries = self.costs[sku]
        return entries[-1] if entries[-1].start <= day else entries[0]


def expected(totals: Totals, args: argparse.Namespace) -> dict[str, Any]:
    return {
        "generator_version": PROFILE_VERSIONS[args.profile],
        "expected_version": EXPECTED_VERSION,
        "profile": args.profile,
        "args": {
            "rows": args.rows,
            "seed": args.seed,
            "skus": args.skus,
            "start": args.start,
            "days": args.days,
        },
        "rows": totals.rows,
        "types": dict(sorted(totals.types.items())),
        "sum_total": decimal_text(totals.sum_total),
        "gross_sales": decimal_text(totals.gross_sales),
        "units_sold": totals.units_sold,
        "net_proceeds": decimal_text(totals.sum_total - totals.transfers),
        "transfers": decimal_text(totals.transfers),
        "refunded_sales": decimal_text(totals.refunded_sales),
        "units_refunded": totals.units_refunded,
        "referral_fees": decimal_text(-totals.selling_fees),
        "fba_fees": decimal_text(-totals.fba_fees),
        "cogs": decimal_text(totals.cogs),
        "inbound_freight": decimal_text(totals.inbound_freight),
        "days": {
            date.fromordinal(day).isoformat(): {
                "gross_sales": decimal_text(per[0]),
                "units_sold": per[1],
                "net_proceeds": decimal_text(per[2]),
                "cogs": decimal_text(per[3]),
            }
            for day, per in sorted(totals.days.items())
        },
        "skus": {
            sku: {
                "gross_sales": decimal_text(per[0]),
                "units_sold": per[1],
                "selling_fees": decimal_text(per[2]),
                "fba_fees": decimal_text(per[3]),
                "total": decimal_text(per[4]),
            }
            for sku, per in sorted(totals.skus.items())
        },
    }


def write(path: Path | None, generator: Generator) -> None:
    """Write the report to `path`; with None, only run the generator (for its expected figures)."""
    if path is None:
        for _ in generator.rows_iter():
            pass
        return
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerows([line] for line in PREAMBLE)
        writer.writerow(HEADER)
        writer.writerows(generator.rows_iter())


def make_generator(args: argparse.Namespace) -> Generator:
    start = date.fromisoformat(args.start)
    if args.profile == "repetitive":
        return Generator(args.rows, args.seed, args.skus, start, args.days)
    from profiles import RandomPriceGenerator, RealisticGenerator  # beside this file

    kind = RandomPriceGenerator if args.profile == "random-price" else RealisticGenerator
    return kind(args.rows, args.seed, args.skus, start, args.days)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rows", type=int, help="data rows to write (after the preamble and header)")
    parser.add_argument("out", type=Path, help="the .csv file to write")
    parser.add_argument(
        "--profile",
        choices=tuple(PROFILE_VERSIONS),
        default="repetitive",
        help="data set (default repetitive)",
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--skus", type=int, default=200, help="number of SKUs in the catalogue (default 200)")
    parser.add_argument("--start", default="2026-10-01", help="first day, Pacific time (default 2026-10-01)")
    parser.add_argument("--days", type=int, default=31, help="days covered (default 31)")
    parser.add_argument(
        "--expected-json", type=Path, help="also write the expected figures, per SKU too, here"
    )
    parser.add_argument("--cogs-csv", type=Path, help="also write the cost file the expected COGS uses")
    parser.add_argument(
        "--expected-only", action="store_true", help="compute the expected figures; do not write OUT"
    )
    args = parser.parse_args(argv)
    if args.rows < 0 or args.skus < 1 or args.days < 1:
        parser.error("ROWS must be >= 0, --skus and --days >= 1")

    generator = make_generator(args)
    if not args.expected_only:
        args.out.parent.mkdir(parents=True, exist_ok=True)
    write(None if args.expected_only else args.out, generator)
    if args.cogs_csv:
        args.cogs_csv.parent.mkdir(parents=True, exist_ok=True)
        write_cost_file(args.cogs_csv, generator.costs)
    figures = expected(generator.totals, args)
    if args.expected_json:
        args.expected_json.parent.mkdir(parents=True, exist_ok=True)
        args.expected_json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    print(
        f"{args.out}: {figures['rows']:,} rows {figures['types']}\n"
        f"  sum of total: {figures['sum_total']}\n"
        f"  gross sales (product sales of Order rows): {figures['gross_sales']}\n"
        f"  units sold (quantity of Order rows): {figures['units_sold']}\n"
        f"  net proceeds (total of non-Transfer rows): {figures['net_proceeds']}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
