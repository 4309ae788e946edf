"""The commands: name → (module in flywheel_cli.cli, attribute), in the order `flywheel --help` lists
them. Kept apart from cli/app.py so that cli/direct.py can find a command without importing Typer."""

from __future__ import annotations

COMMANDS = {
    "report": ("report_cmd", "report"),
    "inspect": ("inspect_cmd", "inspect"),
    "costs": ("costs_cmd", "costs"),
    "plan": ("plan_cmd", "plan"),
    "kpis": ("kpis_cmd", "kpis"),
    "restock": ("restock_cmd", "restock"),
    "trend": ("trend_cmd", "trend"),
    "check": ("check_cmd", "check"),
    "rules": ("rules_cmd", "rules_app"),
    "metrics": ("metrics_cmd", "metrics"),
    "ads": ("ads_cmd", "ads_app"),
    "fees": ("fees_cmd", "fees_app"),
    "init": ("init_cmd", "init"),
}
