#!/usr/bin/env python3
"""The report's headline figures from a US Payments Date Range Report, as a DuckDB user would write it.

    python benchmarks/peers/duckdb_report.py PAYMENTS.csv

Prints the same JSON as benchmarks/peers/pandas_report.py.

Exact money: every column is read as text (`all_varchar`), the thousands separators removed, and the
text cast to DECIMAL(18, 2), a fixed-point type whose sums are exact — never to DOUBLE. The 7-line
preamble is skipped; DuckDB reads only the columns the query names.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal

import duckdb

PREAMBLE_LINES = 7

ROWS = f"""
    SELECT type, sku,
           COALESCE(TRY_CAST(NULLIF(quantity, '') AS BIGINT), 0) AS quantity,
           CAST(REPLACE("product sales", ',', '') AS DECIMAL(18, 2)) AS sales,
           CAST(REPLACE("selling fees", ',', '') AS DECIMAL(18, 2)) AS selling,
           CAST(REPLACE("fba fees", ',', '') AS DECIMAL(18, 2)) AS fba,
           CAST(REPLACE(total, ',', '') AS DECIMAL(18, 2)) AS total
    FROM read_csv($path, skip = {PREAMBLE_LINES}, header = true, all_varchar = true)
"""

TOTALS = """
    SELECT
        COALESCE(SUM(sales) FILTER (type = 'Order'), 0),
        COALESCE(SUM(quantity) FILTER (type = 'Order'), 0),
        COALESCE(-SUM(sales) FILTER (type = 'Refund'), 0),
        COALESCE(SUM(quantity) FILTER (type = 'Refund'), 0),
        COALESCE(-SUM(selling) FILTER (type IN ('Order', 'Refund')), 0),
        COALESCE(-SUM(fba) FILTER (type IN ('Order', 'Refund')), 0),
        COALESCE(SUM(total) FILTER (type <> 'Transfer'), 0)
    FROM r
"""

PER_SKU = """
    SELECT sku, SUM(sales), SUM(quantity) FROM r WHERE type = 'Order' GROUP BY sku ORDER BY sku
"""

NAMES = ("gross_sales", "units_sold", "refunded_sales", "units_refunded", "referral_fees", "fba_fees",
         "net_proceeds")  # fmt: skip


def text(value: Decimal) -> str:
    return f"{value + 0:.2f}"  # `+ 0`: -0.00 (a negated 0) becomes 0.00


def figures(path: str) -> dict[str, object]:
    connection = duckdb.connect()
    connection.execute(f"CREATE TEMP TABLE r AS {ROWS}", {"path": path})  # one read of the file
    row = connection.execute(TOTALS).fetchone()
    assert row is not None
    result: dict[str, object] = {
        name: (int(value) if name.startswith("units") else text(value))
        for name, value in zip(NAMES, row, strict=True)
    }
    result["skus"] = {
        sku: {"gross_sales": text(sales), "units_sold": int(units)}
        for sku, sales, units in connection.execute(PER_SKU).fetchall()
    }
    return result


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python benchmarks/peers/duckdb_report.py PAYMENTS.csv", file=sys.stderr)
        return 2
    json.dump(figures(argv[0]), sys.stdout, indent=1, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
