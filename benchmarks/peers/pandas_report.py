#!/usr/bin/env python3
"""The report's headline figures from a US Payments Date Range Report, as a pandas user would write it.

    python benchmarks/peers/pandas_report.py PAYMENTS.csv

Prints JSON: gross_sales, units_sold, refunded_sales, units_refunded, referral_fees, fba_fees,
net_proceeds and per-SKU gross_sales and units_sold (money as exact decimal strings; definitions in
docs/metrics.md, "Payments rows → metrics").

Exact money: the amount columns are read as text and turned into integer cents (int64) before any
sum — `read_csv(thousands=",")` would give float64, whose sum over a million rows is not the same
figure to the cent. Only the needed columns are read; the 7-line preamble is skipped.
"""

from __future__ import annotations

import json
import sys

import pandas as pd

PREAMBLE_LINES = 7
MONEY = ("product sales", "selling fees", "fba fees", "total")
COLUMNS = ["type", "sku", "quantity", *MONEY]


def cents(text: pd.Series) -> pd.Series:
    """`-1,234.56` / `0` / `4.2` → integer cents, exactly (no float on the way)."""
    plain = text.str.replace(",", "", regex=False)
    negative = plain.str.startswith("-")
    parts = plain.str.lstrip("-").str.partition(".")
    value = parts[0].astype("int64") * 100 + parts[2].str.ljust(2, "0").astype("int64")
    return value.where(~negative, -value)


def money(value: int) -> str:
    sign = "-" if value < 0 else ""
    return f"{sign}{abs(value) // 100}.{abs(value) % 100:02d}"


def figures(path: str) -> dict[str, object]:
    frame = pd.read_csv(path, skiprows=PREAMBLE_LINES, usecols=COLUMNS, dtype=str, keep_default_na=False)
    for column in MONEY:
        frame[column] = cents(frame[column])
    frame["quantity"] = pd.to_numeric(frame["quantity"].replace("", "0")).astype("int64")
    orders, refunds = frame[frame["type"] == "Order"], frame[frame["type"] == "Refund"]
    sold = pd.concat([orders, refunds])
    per_sku = orders.groupby("sku")[["product sales", "quantity"]].sum()
    return {
        "gross_sales": money(int(orders["product sales"].sum())),
        "units_sold": int(orders["quantity"].sum()),
        "refunded_sales": money(-int(refunds["product sales"].sum())),
        "units_refunded": int(refunds["quantity"].sum()),
        "referral_fees": money(-int(sold["selling fees"].sum())),
        "fba_fees": money(-int(sold["fba fees"].sum())),
        "net_proceeds": money(int(frame.loc[frame["type"] != "Transfer", "total"].sum())),
        "skus": {
            str(sku): {"gross_sales": money(int(row["product sales"])), "units_sold": int(row["quantity"])}
            for sku, row in per_sku.iterrows()
        },
    }


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python benchmarks/peers/pandas_report.py PAYMENTS.csv", file=sys.stderr)
        return 2
    json.dump(figures(argv[0]), sys.stdout, indent=1, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
