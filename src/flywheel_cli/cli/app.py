"""The Typer application: one short module per command, registered here."""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from flywheel_cli import __version__

app = typer.Typer(
    name="flywheel",
    help=(
        "KPIs, unit economics and rule checks for Amazon sellers, from the reports you export from "
        "Seller Central and the Amazon Ads console. Nothing leaves your machine."
    ),
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"flywheel {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """KPIs, unit economics and rule checks for Amazon sellers."""


# Command name → (module in flywheel_cli.cli, attribute), in the order `flywheel --help` lists them.
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


_registered: set[str] = set()


def register(only: str | None = None) -> typer.Typer:
    """Add the commands to `app` — all of them, or just `only` (the one being run: its module alone is
    imported, which keeps start-up short; help and unknown commands get them all)."""
    for name, (module_name, attribute) in COMMANDS.items():
        if (only is not None and name != only) or name in _registered:
            continue
        _registered.add(name)
        command = getattr(importlib.import_module(f"flywheel_cli.cli.{module_name}"), attribute)
        if isinstance(command, typer.Typer):
            app.add_typer(command, name=name)
        else:
            app.command(name)(command)
    return app
