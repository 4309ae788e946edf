"""A plain command line, run without importing Typer.

Importing Typer and its click takes ~55 ms, more than half of what a report on a small file takes
(docs/decisions.md, "Start-up"). Most command lines are plain: a command, some paths, options spelled
out in full — `flywheel report exports/ --format json`. This module reads such a line from the same
declarations Typer reads (each command's signature, with cli/params.py's `option` and `argument`) and
calls the command with what Typer would have called it with. Anything it is not sure of, it leaves to
Typer: help, `--version`, a command with sub-commands, `--`, a bundle of short options (`-qf json`),
a value that starts with `-`, an option given twice, a name or value Typer would refuse (Typer then
says why, as always). So an error message, like the help, always comes from Typer.

tests/test_direct.py holds it to Typer: for every command it covers, and for command lines made up
by hypothesis, either it declines or it gives exactly the arguments Typer gives.
"""

from __future__ import annotations

import importlib
import inspect
import os
import stat
import typing
from collections.abc import Callable
from enum import Enum
from functools import partial
from pathlib import Path
from types import NoneType, UnionType
from typing import Annotated, Any

from flywheel_cli.cli.commands import COMMANDS
from flywheel_cli.cli.params import Param, parameters

# Commands with one command line each (no sub-commands) whose parameters are all of the kinds below.
DIRECT = frozenset({"report", "inspect", "costs", "plan", "kpis", "restock", "trend", "check", "metrics"})
HELP = frozenset({"-h", "--help"})  # the app's help_option_names (cli/app.py)
COMPLETE = "_FLYWHEEL_COMPLETE"  # set by a shell asking click for completions: Typer answers
PATH_SETTINGS = {"dir_okay": True, "file_okay": True, "exists": False, "readable": True}  # click's defaults
KNOWN_SETTINGS = frozenset({"help", "show_default", "metavar", "case_sensitive", *PATH_SETTINGS})


class Declined(Exception):
    """The command line is not one read here: Typer reads it."""


class Spec:
    """One parameter of a command: how it is given on the command line and what it becomes."""

    __slots__ = ("argument", "base", "decls", "default", "kind", "name", "required", "settings")

    def __init__(self, name: str, hint: Any, default: Any) -> None:
        base, param = _declared(name, hint)
        unknown = set(param.settings) - KNOWN_SETTINGS
        if unknown:
            raise TypeError(f"{name}: {sorted(unknown)} is not read by cli/direct.py")
        self.name, self.argument, self.decls, self.settings = (
            name,
            param.argument,
            param.decls,
            param.settings,
        )
        self.kind, self.base = _kind(name, base)
        self.default = default
        self.required = self.argument and default is inspect.Parameter.empty
        if not self.argument and not self.decls:
            raise TypeError(f"{name}: an option without its names is not read by cli/direct.py")


def command_line(args: list[str]) -> Callable[[], Any] | None:
    """The command `args` runs, ready to call, when the line is plain; None to leave it to Typer."""
    if not args or args[0] not in DIRECT or COMPLETE in os.environ:
        return None
    module, attribute = COMMANDS[args[0]]
    command = getattr(importlib.import_module(f"flywheel_cli.cli.{module}"), attribute)
    try:
        return partial(command, **parse(specs(command), args[1:]))
    except Declined:
        return None


def specs(command: Callable[..., Any]) -> list[Spec]:
    return [Spec(parameter.name, hint, parameter.default) for parameter, hint in parameters(command)]


def parse(specs: list[Spec], tokens: list[str]) -> dict[str, Any]:
    """The keyword arguments Typer would call the command with, or Declined."""
    options = {decl: spec for spec in specs if not spec.argument for decl in spec.decls}
    given: dict[str, Any] = {}
    positional: list[str] = []
    tokens = list(tokens)
    while tokens:
        token = tokens.pop(0)
        if token in HELP or token == "--":
            raise Declined
        if not token.startswith("-") or token == "-":
            positional.append(token)
            continue
        name, equals, attached = token.partition("=") if token.startswith("--") else (token, "", "")
        spec = options.get(name)
        if spec is None:
            raise Declined
        if spec.kind == "flag":
            if equals:
                raise Declined
            given[spec.name] = True
            continue
        if equals:
            value = attached
        elif tokens and not tokens[0].startswith("-"):
            value = tokens.pop(0)
        else:
            raise Declined  # no value, or one that looks like an option: Typer's to judge
        if spec.kind == "list":
            given.setdefault(spec.name, []).append(_value(spec, value))
        elif spec.name in given:
            raise Declined  # given twice
        else:
            given[spec.name] = _value(spec, value)
    for spec in specs:
        if spec.argument:
            given[spec.name] = _argument(spec, positional)
        elif spec.name not in given:
            given[spec.name] = spec.default
    if positional:
        raise Declined  # more than the command takes
    return given


def _argument(spec: Spec, positional: list[str]) -> Any:
    if spec.kind == "list":
        if not positional and spec.required:
            raise Declined
        taken = [_value(spec, value) for value in positional]
        positional.clear()
        return taken
    if not positional:
        if spec.required:
            raise Declined
        return spec.default
    return _value(spec, positional.pop(0))


def _value(spec: Spec, text: str) -> Any:
    kind = spec.kind
    if kind in ("str", "list"):
        return text
    if kind == "path":
        return _path(spec, text)
    choices: type[Enum] = spec.base
    for member in choices:
        if member.value == text:
            return member
    if not spec.settings.get("case_sensitive", True) and text.isascii():
        for member in choices:
            if member.value.lower() == text.lower():
                return member
    raise Declined


def _path(spec: Spec, text: str) -> Path:
    """click's Path checks, for the settings flywheel uses: a path that exists must be of a kind
    allowed and readable; one that does not may be new unless it must exist."""
    settings = {**PATH_SETTINGS, **spec.settings}
    try:
        mode = os.stat(text).st_mode
    except ValueError:  # a NUL in the name
        raise Declined from None
    except OSError:
        if settings["exists"]:
            raise Declined from None
        return Path(text)
    if (not settings["dir_okay"] and stat.S_ISDIR(mode)) or (
        not settings["file_okay"] and stat.S_ISREG(mode)
    ):
        raise Declined
    if settings["readable"] and not os.access(text, os.R_OK):
        raise Declined
    return Path(text)


def _declared(name: str, hint: Any) -> tuple[Any, Param]:
    if typing.get_origin(hint) is Annotated:
        base, *metadata = typing.get_args(hint)
        params = [item for item in metadata if isinstance(item, Param)]
        if len(params) == 1:
            return base, params[0]
    raise TypeError(f"{name}: not declared with cli/params.py's option() or argument()")


def _kind(name: str, base: Any) -> tuple[str, Any]:
    """str, list (of str), path, flag or enum, and the type: the kinds of parameter read here."""
    optional = typing.get_origin(base) in (typing.Union, UnionType) and NoneType in typing.get_args(base)
    if optional:
        (base,) = [arg for arg in typing.get_args(base) if arg is not NoneType]
    if base is str:
        return "str", base
    if base is bool and not optional:
        return "flag", base
    if base is Path:
        return "path", base
    if typing.get_origin(base) is list and typing.get_args(base) == (str,):
        return "list", base
    if isinstance(base, type) and issubclass(base, Enum) and all(isinstance(m.value, str) for m in base):
        return "enum", base
    raise TypeError(f"{name}: {base!r} is not read by cli/direct.py")
