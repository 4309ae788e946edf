#!/usr/bin/env python3
"""The pandas baseline for `flywheel kpis FILE --by sku`: per-SKU sums of a Payments Date Range Report.

    python benchmarks/pandas_equivalent.py FILE.csv

Written the way a competent pandas user would: find the header line (the preamble has a varying
number of lines), `read_csv` only the needed columns with `thousands=","`, one `groupby("sku")`.
Prints CSV to stdout, one line per SKU, money with two decimals:

    sku,gross_sales,units_sold,selling_fees,fba_fees,total

gross_sales = Σ product sales of Order rows, units_sold = Σ quantity of Order rows; selling_fees,
fba_fees and total are summed over every row that carries the SKU. Rows without a SKU (ad charges,
storage fees, transfers) are left out, as groupby does by default.

pandas is not a flywheel dependency; benchmarks/run.py installs it into the venv when missing.
"""

from __future__ import annotations

import sys

import pandas as pd

COLUMNS = ["type", "sku", "quantity", "product sales", "selling fees", "fba fees", "total"]


def header_line(path: str) -> int:
    """0-based index of the header line: the first line that starts with the `date/time` column."""
    with open(path, encoding="utf-8-sig") as handle:
        for index, line in enumerate(handle):
            if line.startswith(('"date/time"', "date/time")):
                return index
            if index > 50:
                break
    raise SystemExit(f"{path}: no Payments header (a line starting with date/time) in the first 50 lines")


def per_sku(path: str) -> pd.DataFrame:
    frame = pd.read_csv(
        path,
        skiprows=header_line(path),
        usecols=COLUMNS,
        thousands=",",
        dtype={"type": str, "sku": str},
        encoding="utf-8-sig",
    )
    orders = frame["type"] == "Order"
    frame["gross_sales"] = frame["product sales"].where(orders, 0.0)
    frame["units_sold"] = frame["quantity"].where(orders, 0).fillna(0)
    sums = frame.groupby("sku").agg(
        gross_sales=("gross_sales", "sum"),
        units_sold=("units_sold", "sum"),
        selling_fees=("selling fees", "sum"),
        fba_fees=("fba fees", "sum"),
        total=("total", "sum"),
    )
    sums["units_sold"] = sums["units_sold"].round().astype("int64")
    return sums


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python benchmarks/pandas_equivalent.py FILE.csv", file=sys.stderr)
        return 2
    per_sku(argv[0]).to_csv(sys.stdout, float_format="%.2f")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
