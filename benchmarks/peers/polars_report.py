#!/usr/bin/env python3
"""The report's headline figures from a US Payments Date Range Report, as a polars user would write it.

    python benchmarks/peers/polars_report.py PAYMENTS.csv

Prints the same JSON as benchmarks/peers/pandas_report.py.

Exact money: the amount columns are read as text, the thousands separators removed, and the text
cast to `pl.Decimal(18, 2)` — a fixed-point type whose sums are exact — never to Float64. A lazy
scan reads only the needed columns; the 7-line preamble is skipped.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal

import polars as pl

PREAMBLE_LINES = 7
MONEY = ("product sales", "selling fees", "fba fees", "total")


def text(value: Decimal | None) -> str:
    # `+ 0` turns a negated empty sum (-0.00) into 0.00
    return f"{value + 0:.2f}" if value is not None else "0.00"


def figures(path: str) -> dict[str, object]:
    frame = (
        pl.scan_csv(path, skip_rows=PREAMBLE_LINES, infer_schema=False)  # every column as text
        .select(
            "type",
            "sku",
            pl.col("quantity").replace("", None).cast(pl.Int64).fill_null(0),
            *(pl.col(name).str.replace_all(",", "", literal=True).cast(pl.Decimal(18, 2)) for name in MONEY),
        )
        .collect()
    )
    is_order, is_refund = pl.col("type") == "Order", pl.col("type") == "Refund"
    totals = frame.select(
        gross_sales=pl.col("product sales").filter(is_order).sum(),
        units_sold=pl.col("quantity").filter(is_order).sum(),
        refunded_sales=-pl.col("product sales").filter(is_refund).sum(),
        units_refunded=pl.col("quantity").filter(is_refund).sum(),
        referral_fees=-pl.col("selling fees").filter(is_order | is_refund).sum(),
        fba_fees=-pl.col("fba fees").filter(is_order | is_refund).sum(),
        net_proceeds=pl.col("total").filter(pl.col("type") != "Transfer").sum(),
    ).row(0, named=True)
    per_sku = (
        frame.filter(is_order)
        .group_by("sku")
        .agg(pl.col("product sales").sum(), pl.col("quantity").sum())
        .sort("sku")
    )
    result: dict[str, object] = {
        name: (value if name.startswith("units") else text(value)) for name, value in totals.items()
    }
    result["skus"] = {
        sku: {"gross_sales": text(sales), "units_sold": units} for sku, sales, units in per_sku.iter_rows()
    }
    return result


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python benchmarks/peers/polars_report.py PAYMENTS.csv", file=sys.stderr)
        return 2
    json.dump(figures(argv[0]), sys.stdout, indent=1, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
