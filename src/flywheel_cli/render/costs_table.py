"""`flywheel costs` output, through the breakdown renderer shared with `flywheel plan`."""

from __future__ import annotations

from flywheel_cli.core.results import CostsResult
from flywheel_cli.render.costs_view import costs_view
from flywheel_cli.render.document import Document
from flywheel_cli.render.numbers import money


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
        )
    elif check is not None:
        notes.append("reconciliation: not possible, a Payments line is missing (see the warnings)")
    notes.extend(result.warnings)
    title = f"Costs by {result.grain}" if result.grain != "account" else "Costs"
    rows = result.rows if result.grain != "account" else ()
    view = costs_view(result.total, currency, rows=rows, title=title, notes=notes)
    return view.document(result.schema, result.body(), result.to_records())
