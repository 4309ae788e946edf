"""`flywheel report`'s screen: the tables of `table`, `plain` and `markdown`, and the `html` and `svg`
exports, built only when one of those formats is asked for (render/report_view.py)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from flywheel_cli.core.findings import Evaluation
from flywheel_cli.core.results import CostRow, KpiResult, ReportResult, SkuLine
from flywheel_cli.economics.lines import lines_from_parts
from flywheel_cli.metrics.catalogue import METRICS
from flywheel_cli.render.fit import natural_width, total_width
from flywheel_cli.render.formats import Format
from flywheel_cli.render.human import Column, HumanTable, console, print_tables
from flywheel_cli.render.numbers import by_unit, count, money
from flywheel_cli.render.operations_view import module_tables, overview
from flywheel_cli.render.report_compare import comparison_table, missing_line
from flywheel_cli.render.svg_export import export_svg
from flywheel_cli.render.waterfall import waterfall

MARK = {"warning": " !", "error": " ✗"}
SKU_COLUMNS = ["net_profit", "net_margin", "unit_session_pct", "buy_box_pct", "acos", "return_rate",
               "days_of_supply"]  # fmt: skip
SKU_HEADERS = {"net_profit": "net profit", "net_margin": "margin", "unit_session_pct": "conv",
               "buy_box_pct": "buy box", "acos": "ACoS", "return_rate": "returns", "days_of_supply": "days supply",
               "net_proceeds": "net proceeds"}  # fmt: skip
# Left out first on a narrow screen: the higher number (0: never; the sales and net profit stay).
SKU_DROP = {"net_profit": 0, "net_margin": 1, "unit_session_pct": 2, "acos": 3, "return_rate": 4,
            "buy_box_pct": 5, "days_of_supply": 6}  # fmt: skip
# "Sales" is two figures: which one the report shows, and where it comes from (one meaning per word).
SALES = {"ordered_product_sales": ("Ordered product sales", "ordered sales", "Business Report"),
         "gross_sales": ("Gross sales", "gross sales", "Payments")}  # fmt: skip
SKU_ROWS = 10  # above this many SKUs, show the top and bottom five
EXPORT_WIDTH = 100  # columns of the html page, at least


@dataclass(frozen=True, slots=True)
class Screen:
    """The report's tables, and what the html and svg exports add to them: the cost lines of the
    waterfall drawn after the first `head` tables (None when costs are unknown)."""

    tables: list[HumanTable]
    head: int
    lines: CostRow | None
    currency: str | None
    title: str

    def export(self, fmt: Format) -> str:
        return _export(fmt, self.tables, self.head, self.lines, self.currency, self.title)


def screen(result: ReportResult) -> Screen:
    kpis = result.kpis
    currency = kpis.currencies[0] if len(kpis.currencies) == 1 else None
    total = kpis.total.metrics
    sales_metric = (
        "ordered_product_sales" if total.get("ordered_product_sales") is not None else "gross_sales"
    )
    units_metric = "units_ordered" if total.get("units_ordered") is not None else "units_sold"

    markets = sorted({s.marketplace for s in kpis.inputs if s.marketplace})
    period = f"{kpis.period_start} → {kpis.period_end}" if kpis.period_start else "no dated rows"
    where = ", ".join(markets) or "marketplace unknown"

    def ratio(name: str) -> str:
        return by_unit("ratio", total.get(name), None)

    sales_label, sales_header, sales_source = SALES[sales_metric]
    missing = missing_line(result.previous)
    summary = HumanTable(
        title=f"flywheel report · {period} · {where} · {currency or 'mixed currencies'} · {_reports(kpis)}",
        columns=[Column("", keep=True), Column("", "right"), Column("")],
        rows=[
            [sales_label, money(total.get(sales_metric), currency),
             f"{sales_source} · {count(total.get(units_metric))} units · {count(total.get('sessions'))} sessions"],
            ["Ad spend", money(total.get("ad_spend"), currency), f"ACoS {ratio('acos')} · TACoS {ratio('tacos')}"],
            ["Net proceeds", money(total.get("net_proceeds"), currency), "paid out by Amazon for the period, before COGS"],
            *([["Net profit", money(total.get("net_profit"), currency),
                f"{ratio('net_margin')} of gross sales, after COGS, fees, ads and fixed costs"]]
              if total.get("net_profit") is not None else []),
        ],
        notes=[missing] if missing else [],
        show_header=False,
    )  # fmt: skip
    compared = comparison_table(result.previous, total, currency) if result.previous else None

    skus = list(result.skus)
    shown = skus if len(skus) <= SKU_ROWS else [*skus[:5], *skus[-5:]]
    notes = [
        "! = a warning, ✗ = an error, from the rules evaluated on the SKU; details below",
        "net profit: after COGS, fees, ads and the SKU's share of fixed costs, as `flywheel costs --by sku`; "
        "margin: net profit as a share of the SKU's gross sales (Payments)",
        *_profit_notes(shown),
    ]
    if len(shown) < len(skus):
        notes.append(
            f"{len(skus) - len(shown)} SKUs in the middle not shown; `flywheel kpis --by sku` lists all"
        )
    sku_table = HumanTable(
        title=f"SKUs, best-selling first ({sales_label.lower()}, {sales_source})",
        columns=[Column("sku", keep=True), Column(sales_header, "right"),
                 *(Column(SKU_HEADERS[name], "right", drop=SKU_DROP[name]) for name in SKU_COLUMNS)],
        rows=[_sku_row(line, sales_metric, currency) for line in shown],
        notes=notes,
    )  # fmt: skip

    evaluation = result.evaluation or Evaluation((), (), (), (), ())
    notes = [f"findings: {evaluation.summary.line()} · `flywheel check` lists the rules' findings"]
    if evaluation.packs:
        notes.append(f"rules: {', '.join(evaluation.packs)} · `flywheel rules show RULE` explains one")
    head = [summary, *([compared] if compared else [])]
    tables = [*head, overview(result.modules, notes), *module_tables(result.modules, currency), sku_table]
    lines = CostRow({}, lines_from_parts(kpis.total.parts)) if total.get("net_profit") is not None else None
    return Screen(tables, len(head), lines, currency, f"flywheel report · {period}")


def _export(
    fmt: Format, tables: list[HumanTable], head: int, lines: CostRow | None, currency: str | None, title: str
) -> str:
    """The terminal screen recorded and exported as one self-contained HTML page (inline styles) or
    SVG (no web font: render/svg_export.py), as wide as the widest table needs; nothing in either
    loads anything. After the headline, the cost waterfall of `flywheel costs` when costs are known."""
    width = max(EXPORT_WIDTH, *(_natural(table) for table in tables))
    out = console(io.StringIO(), width, record=True)
    print_tables(out, tables[:head])
    if lines is not None:
        out.print()
        out.print(_waterfall(lines, currency, width), overflow="crop", no_wrap=False)
    out.print()
    print_tables(out, tables[head:])
    if fmt is Format.SVG:
        return export_svg(out, title)
    return str(out.export_html(inline_styles=True))


def _waterfall(lines: CostRow, currency: str | None, width: int) -> Any:
    return waterfall(
        lines,
        currency,
        width,
        title="Where the money went (shares of gross sales; `flywheel costs` has the lines by SKU)",
    )


def _profit_notes(shown: list[SkuLine]) -> list[str]:
    """Why a SKU's net profit or margin is `—`: one note per reason, naming the SKUs it holds for
    (none named when it holds for every SKU shown)."""
    by_reason: dict[str, dict[str, list[str]]] = {}  # reason → metric → SKUs
    for line in shown:
        for name, why in line.unavailable.items():
            by_reason.setdefault(why, {}).setdefault(name, []).append(line.sku)
    every = [line.sku for line in shown]
    notes = []
    for why, metrics in by_reason.items():
        named = [
            SKU_HEADERS[name] if skus == every else f"{SKU_HEADERS[name]} of {', '.join(skus)}"
            for name, skus in metrics.items()
        ]
        notes.append(f"{', '.join(named)}: {why}")
    return notes


def _natural(table: HumanTable) -> int:
    return total_width(natural_width(table, index) for index in range(len(table.columns)))


def _sku_row(line: SkuLine, sales_metric: str, currency: str | None) -> list[str]:
    """A SKU's cells; a `!`/`✗` after a value marks a rule's warning/error on it."""
    cells = [line.sku, money(line.metrics.get(sales_metric), currency)]
    for name in SKU_COLUMNS:
        value = line.metrics.get(name)
        cells.append(by_unit(METRICS[name].unit, value, currency) + MARK.get(line.marks.get(name, ""), ""))
    return cells


def _reports(kpis: KpiResult) -> str:
    """`8 reports`, or `8 reports (3 not counted)` when duplicates or the period leave some out."""
    left_out = sum(1 for summary in kpis.inputs if not summary.counted)
    return f"{len(kpis.inputs)} reports" + (f" ({left_out} not counted)" if left_out else "")
