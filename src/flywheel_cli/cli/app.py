"""The Typer application: one short module per command, registered here."""

from __future__ import annotations

import functools
import importlib
import inspect
import typing
from collections.abc import Callable
from typing import Annotated, Any

import typer

from flywheel_cli import __version__
from flywheel_cli.cli.commands import COMMANDS
from flywheel_cli.cli.params import Param, parameters

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
            for info in command.registered_commands:
                if info.callback is not None and not hasattr(info.callback, "__signature__"):
                    info.callback = _typer_command(info.callback)
            app.add_typer(command, name=name)
        else:
            app.command(name)(_typer_command(command))
    return app


def _typer_command(command: Callable[..., Any]) -> Callable[..., Any]:
    """`command` as Typer reads it: its signature with each `option(…)`/`argument(…)` of
    cli/params.py made the `typer.Option`/`typer.Argument` it declares. The command itself is left
    as it is, for cli/direct.py to read."""
    typed = [parameter.replace(annotation=_typer_annotation(hint)) for parameter, hint in parameters(command)]

    @functools.wraps(command)
    def typer_command(**kwargs: Any) -> Any:
        return command(**kwargs)

    typer_command.__signature__ = inspect.signature(command).replace(parameters=typed)  # type: ignore[attr-defined]
    return typer_command


def _typer_annotation(hint: Any) -> Any:
    if typing.get_origin(hint) is not Annotated:
        return hint
    base, *metadata = typing.get_args(hint)
    for at, item in enumerate(metadata):
        if isinstance(item, Param):
            make = typer.Argument if item.argument else typer.Option
            metadata[at] = make(*item.decls, **item.settings)
    return Annotated[(base, *metadata)]
