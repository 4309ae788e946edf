"""`flywheel report`: the Monday screen."""

from __future__ import annotations

import io

from flywheel_cli.core.findings import Evaluation, Severity
from flywheel_cli.core.results import KpiResult, ReportResult, SkuLine
from flywheel_cli.metrics.catalogue import METRICS
from flywheel_cli.render.document import Document
from flywheel_cli.render.findings import basis_label, scope_cell
from flywheel_cli.render.fit import natural_width, total_width
from flywheel_cli.render.formats import Format
from flywheel_cli.render.human import Column, HumanTable, console, print_tables
from flywheel_cli.render.numbers import by_unit, count, money
from flywheel_cli.render.operations_view import module_tables, overview

MARK = {"warning": " !", "error": " ✗"}
SKU_COLUMNS = ["unit_session_pct", "buy_box_pct", "acos", "return_rate", "days_of_supply"]
SKU_HEADERS = {"unit_session_pct": "conv", "buy_box_pct": "buy box", "acos": "ACoS", "return_rate": "returns",
               "days_of_supply": "days supply", "net_proceeds": "net proceeds"}  # fmt: skip
SKU_DROP = {"buy_box_pct": 4, "days_of_supply": 5, "return_rate": 3, "acos": 2, "unit_session_pct": 1}
SKU_ROWS = 10  # above this many SKUs, show the top and bottom five
EXPORT_WIDTH = 100  # columns of the html page, at least


def document(result: ReportResult) -> Document:
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

    summary = HumanTable(
        title=f"flywheel report · {period} · {where} · {currency or 'mixed currencies'} · {_reports(kpis)}",
        columns=[Column("", keep=True), Column("", "right"), Column("")],
        rows=[
            ["Sales", money(total.get(sales_metric), currency),
             f"{count(total.get(units_metric))} units · {count(total.get('sessions'))} sessions"],
            ["Ad spend", money(total.get("ad_spend"), currency), f"ACoS {ratio('acos')} · TACoS {ratio('tacos')}"],
            ["Net proceeds", money(total.get("net_proceeds"), currency), "paid out by Amazon for the period, before COGS"],
            *([["Net profit", money(total.get("net_profit"), currency),
                f"{ratio('net_margin')} of sales, after COGS, fees, ads and fixed costs"]]
              if total.get("net_profit") is not None else []),
        ],
        show_header=False,
    )  # fmt: skip

    skus = list(result.skus)
    shown = skus if len(skus) <= SKU_ROWS else [*skus[:5], *skus[-5:]]
    notes = ["! = a warning, ✗ = an error, from the rules evaluated on the SKU; details below"]
    if len(shown) < len(skus):
        notes.append(
            f"{len(skus) - len(shown)} SKUs in the middle not shown; `flywheel kpis --by sku` lists all"
        )
    sku_table = HumanTable(
        title="SKUs, best-selling first",
        columns=[Column("sku", keep=True), Column("sales", "right"),
                 *(Column(SKU_HEADERS[name], "right", drop=SKU_DROP[name]) for name in SKU_COLUMNS)],
        rows=[_sku_row(line, sales_metric, currency) for line in shown],
        notes=notes,
    )  # fmt: skip

    evaluation = result.evaluation or Evaluation((), (), (), (), ())
    notes = [f"findings: {evaluation.summary.line()} · `flywheel check` lists the rules' findings"]
    if evaluation.packs:
        notes.append(f"rules: {', '.join(evaluation.packs)} · `flywheel rules show RULE` explains one")
    body = result.body()
    body["attention"] = [
        f"{'✗' if f.severity is Severity.ERROR else '!'} {scope_cell(f)}: {f.message} ({basis_label(f.basis)})"
        for f in evaluation.findings
    ]
    tables = [summary, overview(result.modules, notes), *module_tables(result.modules, currency), sku_table]
    return Document(
        result.schema, body, result.to_records(), tables, extra={Format.HTML: lambda: _html(tables)}
    )


def _html(tables: list[HumanTable]) -> str:
    """The terminal screen recorded and exported as one self-contained HTML page (inline styles, no
    external fonts or scripts), as wide as the widest table needs."""
    out = console(io.StringIO(), max(EXPORT_WIDTH, *(_natural(table) for table in tables)), record=True)
    print_tables(out, tables)
    return str(out.export_html(inline_styles=True))


def _natural(table: HumanTable) -> int:
    return total_width(natural_width(table, index) for index in range(len(table.columns)))


def _sku_row(line: SkuLine, sales_metric: str, currency: str | None) -> list[str]:
    cells = [line.sku, money(line.metrics.get(sales_metric), currency)]
    for name in SKU_COLUMNS:
        value = line.metrics.get(name)
        cells.append(by_unit(METRICS[name].unit, value, currency) + MARK.get(line.marks.get(name, ""), ""))
    return cells


def _reports(kpis: KpiResult) -> str:
    """`8 reports`, or `8 reports (3 not counted)` when duplicates or the period leave some out."""
    left_out = sum(1 for summary in kpis.inputs if not summary.counted)
    return f"{len(kpis.inputs)} reports" + (f" ({left_out} not counted)" if left_out else "")
