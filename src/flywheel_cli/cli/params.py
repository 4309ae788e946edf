"""A command's options and arguments, declared without importing Typer.

Each command's signature says what it takes the Typer way — `Annotated[type, option("--format", …)]` —
but with `option` and `argument` from here: plain records of what `typer.Option` and `typer.Argument`
would be called with. Two readers use them, one declaration:

- `cli/app.py` turns each into the `typer.Option`/`typer.Argument` it names, for Typer to build the
  command from (help, completion, errors, every unusual command line);
- `cli/direct.py` reads a plain command line with them, without importing Typer at all — the ~55 ms
  Typer and its click take to import, more than half of a small report's start-up.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from typing import Any


class Param:
    """What `typer.Option(*decls, **settings)` (or `typer.Argument(**settings)`) would be given."""

    __slots__ = ("argument", "decls", "settings")

    def __init__(self, argument: bool, decls: tuple[str, ...], settings: dict[str, Any]) -> None:
        self.argument = argument
        self.decls = decls  # an option's names, e.g. ("--format", "-f")
        self.settings = settings  # help, metavar, case_sensitive, dir_okay …

    def __repr__(self) -> str:
        kind = "argument" if self.argument else "option"
        return f"{kind}({', '.join(map(repr, self.decls))}{', ' if self.decls else ''}**{self.settings!r})"


def option(*decls: str, **settings: Any) -> Any:
    """An option, declared as `typer.Option(*decls, **settings)` inside `Annotated[…]` would be."""
    return Param(False, decls, settings)


def argument(**settings: Any) -> Any:
    """An argument, declared as `typer.Argument(**settings)` inside `Annotated[…]` would be."""
    return Param(True, (), settings)


def parameters(command: Callable[..., Any]) -> list[tuple[inspect.Parameter, Any]]:
    """Each parameter of `command` with its annotation evaluated (`Annotated` kept whole): what both
    readers start from."""
    hints = typing.get_type_hints(command, include_extras=True)
    return [
        (parameter, hints[parameter.name]) for parameter in inspect.signature(command).parameters.values()
    ]
