"""The Typer application: one short module per command, registered here."""

from __future__ import annotations

from typing import Annotated

import typer

from flywheel_cli import __version__
from flywheel_cli.cli import (
    check_cmd,
    costs_cmd,
    init_cmd,
    inspect_cmd,
    kpis_cmd,
    plan_cmd,
    report_cmd,
    rules_cmd,
)

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


app.command("report")(report_cmd.report)
app.command("inspect")(inspect_cmd.inspect)
app.command("costs")(costs_cmd.costs)
app.command("plan")(plan_cmd.plan)
app.command("kpis")(kpis_cmd.kpis)
app.command("check")(check_cmd.check)
app.add_typer(rules_cmd.rules_app, name="rules")
app.command("init")(init_cmd.init)
