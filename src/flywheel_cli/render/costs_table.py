"""`flywheel costs` output, through the breakdown renderer shared with `flywheel plan`."""

from __future__ import annotations

from flywheel_cli.core.results import CostsResult
from flywheel_cli.economics.lines import LINE_PARTS
from flywheel_cli.render.costs_view import LABELS, costs_view
from flywheel_cli.render.document import Document
from flywheel_cli.render.numbers import grouped_reasons, money


def document(result: CostsResult) -> Document:
    currency = result.kpis.currencies[0] if len(result.kpis.currencies) == 1 else None
    notes = [
        f"period {result.kpis.period_start} → {result.kpis.period_end}; shared costs allocated by {result.allocation}"
    ]
    if result.fixed_costs:
        fixed = ", ".join(f"{name} {money(amount, currency)}" for name, amount in result.fixed_costs.items())
        notes.append(f"fixed monthly costs pro-rated to the period: {fixed}")
    check = result.reconciliation
    if check is not None and check["difference"] is not None:
        notes.append(
            f"reconciliation: Amazon's net proceeds {money(check['net_proceeds'], currency)}, breakdown's "
            f"Amazon lines {money(check['breakdown'], currency)} (advertising as Payments charged it: "
            f"{money(check['advertising_charged'], currency)}), difference {money(check['difference'], currency)}"
            + (
                "; amounts converted at fx rates are each rounded to the cent, so cents of difference are rounding"
                if check["converted"]
                else ""
            )
        )
    elif check is not None:
        notes.append("reconciliation: not possible, a Payments line is missing (see the warnings)")
    notes.extend(result.warnings)
    unknown = [(LABELS[line], why) for line, value in result.total.lines.items()
               if value is None and line in LABELS and (why := _reason(result, line))]  # fmt: skip
    notes.extend(f"empty: {note}" for note in grouped_reasons(unknown))
    title = f"Costs by {result.grain}" if result.grain != "account" else "Costs"
    rows = result.rows if result.grain != "account" else ()
    view = costs_view(result.total, currency, rows=rows, title=title, notes=notes)
    return view.document(result.schema, result.body(), result.to_records())


def _reason(result: CostsResult, line: str) -> str | None:
    """Why a line of the total is empty: the reason of the metric it is read from (the profit's for
    the totals)."""
    metric = (
        "net_profit" if line in {"total_costs", "net_profit", "net_margin"} else LINE_PARTS.get(line, line)
    )
    return result.kpis.unavailable.get(metric)
