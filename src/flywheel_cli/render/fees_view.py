"""`flywheel fees estimate` and `flywheel fees audit` output."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flywheel_cli.analyses.fee_audit_result import TOLERANCE, FeeAudit
from flywheel_cli.fees.estimate import Estimate
from flywheel_cli.fees.estimate import plain as _plain
from flywheel_cli.render.document import Document
from flywheel_cli.render.human import Column, HumanTable
from flywheel_cli.render.numbers import money

AUDIT_COLUMNS = ["scope.sku", "marketplace", "currency", "units", "charged", "charged_per_unit",
                 "expected_per_unit", "expected_from", "difference_per_unit", "overcharge", "size_tier",
                 "period.start", "period.end"]  # fmt: skip


def _money(value: Any, currency: str | None) -> str:
    """Cents as cents; an average per unit with more places keeps 4 of them."""
    if value is None:
        return "—"
    places = 2 if value == value.quantize(Decimal("0.01")) else 4
    return money(value, currency, places=places)


def _weight(pounds: Decimal) -> str:
    return f"{pounds} lb" + (f" ({_plain(pounds * 16)} oz)" if pounds < 1 else "")


def estimate_document(result: Estimate) -> Document:
    body = result.body()
    currency = body["currency"]
    given = result.given
    rows = [
        ["price", money(result.price, currency)],
        ["category", f"{body['category_name']} ({body['category']})"],
        ["package", f"{given['length']} × {given['width']} × {given['height']} {given['unit']}, "
                    f"{given['weight']} {given['weight_unit']}"],
        ["sides (in)", " × ".join(str(side) for side in body["sides_in"])],
        ["length + girth", f"{body['length_girth_in']} in"],
        ["unit weight", f"{body['unit_weight_lb']} lb"],
        ["dimensional weight", f"{body['dimensional_weight_lb']} lb"],
        ["shipping weight", f"{_weight(body['shipping_weight_lb'])}, {body['weight_basis']} weight"],
        ["size tier", body["size_tier_name"]],
        ["price band", body["price_band"]],
        ["fulfilment fee (card)", money(body["fulfillment_fee_base"], currency)],
        *([f"{s['id']} surcharge ({_plain(s['rate'] * 100)}%)", money(s["amount"], currency)] for s in body["surcharges"]),
        ["FBA fulfilment fee", money(body["fulfillment_fee"], currency)],
        ["referral fee", money(body["referral_fee"], currency)],
        *([["closing fee", money(body["closing_fee"], currency)]] if body["closing_fee"] else []),
        ["total fees", money(body["total_fees"], currency)],
        ["net per unit", money(body["net_per_unit"], currency)],
    ]  # fmt: skip
    tables = ", ".join(f"{t.table.id} ({t.display})" for t in result.tables)
    table = HumanTable(
        title=f"FBA fees, {body['marketplace']}, {result.day}",
        columns=[Column("", keep=True), Column("", "right")],
        rows=rows,
        notes=[f"tables: {tables}", *body["notes"]],
        show_header=False,
    )
    return Document(result.schema, body, result.to_records(), [table])


def audit_document(result: FeeAudit) -> Document:
    currencies = {row.currency for row in result.rows}
    shared = next(iter(currencies)) if len(currencies) == 1 else None
    rows = [
        [row.sku, f"{row.units:,}", _money(row.charged_per_unit, row.currency),
         _money(row.expected_per_unit, row.currency), row.expected_from,
         _money(row.difference, row.currency), money(row.overcharge, row.currency),
         f"{row.first_order or '?'}..{row.last_order or '?'}"]
        for row in result.rows
    ]  # fmt: skip
    total = result.total()
    footer = None
    if result.rows:
        shown = money(total["overcharge"], shared) if total["overcharge"] is not None else "—"
        footer = ["total", f"{sum(r.units for r in result.rows):,}", "", "", "", "", shown, ""]
    notes = [
        f"{len(result.rows)} of {result.checked} SKUs checked charged more than expected (by over "
        f"{money(TOLERANCE, shared)} a unit); charged = FBA fees of the SKU's rows (order rows, less fees "
        "refund rows credited back) ÷ FBA units of its order rows",
    ]
    if result.period_start:
        notes.append(f"period {result.period_start} → {result.period_end}")
    notes.extend(f"not checked: {item.sku}: {item.reason}" for item in result.unchecked)
    if total["overcharge"] is None and result.rows:
        notes.append(f"total: {total['reason']}")
    table = HumanTable(
        title="FBA fee overcharges",
        columns=[Column("sku", keep=True), Column("units", "right"), Column("charged/unit", "right"),
                 Column("expected/unit", "right"), Column("expected from", drop=2),
                 Column("difference/unit", "right", drop=1), Column("overcharge", "right"),
                 Column("orders", drop=3)],
        rows=rows,
        footer=footer,
        notes=notes,
    )  # fmt: skip
    return Document(result.schema, result.body(), result.to_records(), [table], AUDIT_COLUMNS)
