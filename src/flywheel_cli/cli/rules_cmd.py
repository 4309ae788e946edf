"""`flywheel rules list|show|validate|test`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from flywheel_cli.cli.common import (
    ConfigOpt,
    DebugOpt,
    OutputOpt,
    QuietOpt,
    RulesOpt,
    check_format,
    emit,
    format_option,
    warn,
)
from flywheel_cli.core.errors import ExitCode
from flywheel_cli.render.formats import Format

FORMATS = frozenset({Format.TABLE, Format.PLAIN, Format.MARKDOWN, Format.JSON, Format.NDJSON, Format.CSV})
FormatArg = Annotated[Format, format_option(FORMATS)]
FilesArg = Annotated[
    list[str],
    typer.Argument(help="Rule files, folders of them, or shipped packs by name.", show_default=False),
]

rules_app = typer.Typer(
    name="rules",
    rich_markup_mode=None,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@rules_app.callback()
def _rules() -> None:
    """Browse, explain, validate and unit-test rule files (docs/rules.md).

    Shipped packs: amazon-account-health, flywheel, advertising, inventory, profitability.

    \b
    Examples:
      flywheel rules list
      flywheel rules show acos-by-category
      flywheel rules validate my-rules.yaml
      flywheel rules test tests/rules/
    """


@rules_app.command("list")
def list_rules(
    rules: RulesOpt = None,
    fmt: FormatArg = Format.AUTO,
    output: OutputOpt = None,
    config: ConfigOpt = None,
    debug: DebugOpt = False,
) -> None:
    """List the rules `flywheel check` evaluates: id, pack, metric, grain, levels, basis.

    \b
    Examples:
      flywheel rules list
      flywheel rules list --rules advertising --format markdown
      flywheel rules list --format json | jq -r '.rules[] | select(.basis == "official") | .id'
    """
    from flywheel_cli import api
    from flywheel_cli.config import discover
    from flywheel_cli.render.document import render
    from flywheel_cli.render.rules_view import list_document

    resolved = check_format(fmt, FORMATS, output)
    emit(render(list_document(api.rules_list(rules, discover(config, []))), resolved), output)


@rules_app.command("show")
def show(
    rule_id: Annotated[str, typer.Argument(metavar="ID", help="The rule id, e.g. acos-by-category.")],
    rules: RulesOpt = None,
    fmt: FormatArg = Format.AUTO,
    output: OutputOpt = None,
    config: ConfigOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Everything about one rule: metric and its definition, grain, scope, levels, overrides,
    sample floor, streak, basis, source, message and hint.

    \b
    Examples:
      flywheel rules show acos-by-category
      flywheel rules show order-defect-rate --format json
    """
    from flywheel_cli import api
    from flywheel_cli.config import discover
    from flywheel_cli.render.document import render
    from flywheel_cli.render.rules_view import show_document

    resolved = check_format(fmt, FORMATS, output)
    emit(render(show_document(api.rules_show(rule_id, rules, discover(config, []))), resolved), output)


@rules_app.command("validate")
def validate(
    files: FilesArg,
    fmt: FormatArg = Format.AUTO,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Validate rule files against the schema: every error as file:line:col (exit 2 if any).

    \b
    Examples:
      flywheel rules validate my-rules.yaml
      flywheel rules validate rules/ advertising
    """
    from flywheel_cli import api
    from flywheel_cli.render.document import render
    from flywheel_cli.render.rules_view import validate_document

    resolved = check_format(fmt, FORMATS, output)
    result = api.rules_validate(files)
    emit(render(validate_document(result), resolved), output)
    for checked in result.files:
        for error in checked.errors:
            print(error, file=sys.stderr)
    if not result.ok:
        raise typer.Exit(int(ExitCode.BAD_INPUT))
    warn(f"{len(result.files)} rule file(s) valid", quiet)


@rules_app.command("test")
def test(
    files: Annotated[
        list[str],
        typer.Argument(help="Rule test files (*.test.yaml) or folders of them.", show_default=False),
    ],
    fmt: FormatArg = Format.AUTO,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Run rule unit tests: YAML cases giving metric values and the findings they must produce
    (like `promtool test rules`). Exit 1 when a case fails, 2 when a file is ill-formed.

    \b
    Examples:
      flywheel rules test tests/rules/
      flywheel rules test acos.test.yaml --format json
    """
    from flywheel_cli import api
    from flywheel_cli.render.document import render
    from flywheel_cli.render.rules_view import test_document

    resolved = check_format(fmt, FORMATS, output)
    result = api.rules_test(files)
    emit(render(test_document(result), resolved), output)
    warn(f"{len(result.cases) - result.failed} passed, {result.failed} failed", quiet)
    if result.failed:
        raise typer.Exit(int(ExitCode.FINDINGS))
