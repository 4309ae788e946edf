"""cli/direct.py, held to Typer: a command line it reads gives the command exactly the arguments Typer
would; one it is not sure of, it leaves to Typer (whose messages and help stay the only ones)."""

from __future__ import annotations

import contextlib
import functools
import importlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flywheel_cli.cli import direct
from flywheel_cli.cli.app import _typer_command
from flywheel_cli.cli.app import app as flywheel_app
from flywheel_cli.cli.commands import COMMANDS

from .conftest import EXAMPLE, ROOT

NOT_READ = object()  # Typer refused the command line (an error, help …)


def _command(name: str) -> Any:
    module, attribute = COMMANDS[name]
    return getattr(importlib.import_module(f"flywheel_cli.cli.{module}"), attribute)


@functools.cache
def _recording_app(name: str) -> tuple[typer.Typer, list[dict[str, Any]]]:
    """An app set up as flywheel's, whose `name` records what Typer calls it with instead of running."""
    calls: list[dict[str, Any]] = []

    def record(**kwargs: Any) -> None:
        calls.append(kwargs)

    functools.update_wrapper(record, _command(name))
    app = typer.Typer(
        add_completion=False,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings=flywheel_app.info.context_settings,
    )
    app.command(name)(_typer_command(record))
    app.command("other")(lambda: None)  # a group, as flywheel's is
    return app, calls


def typer_reads(name: str, argv: list[str]) -> Any:
    app, calls = _recording_app(name)
    calls.clear()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            app(args=[name, *argv], prog_name="flywheel", standalone_mode=False)
        except BaseException:  # click's errors, help's exit: not a reading
            return NOT_READ
    return calls[0] if len(calls) == 1 else NOT_READ


def direct_reads(name: str, argv: list[str]) -> Any:
    try:
        return direct.parse(direct.specs(_command(name)), argv)
    except direct.Declined:
        return None


def _typed(value: Any) -> Any:
    """A value with its type, so that 'json' and Format.JSON, or a str and a Path, differ."""
    if isinstance(value, list | tuple):
        return (type(value), [_typed(item) for item in value])
    return (type(value), value)


def assert_same_reading(name: str, argv: list[str]) -> bool:
    """Direct's reading is Typer's, or direct declines. True when direct read it."""
    mine = direct_reads(name, argv)
    if mine is None:
        return False
    theirs = typer_reads(name, argv)
    assert theirs is not NOT_READ, f"{argv}: direct read what Typer refuses: {mine}"
    assert {k: _typed(v) for k, v in mine.items()} == {k: _typed(v) for k, v in theirs.items()}, argv
    return True


@pytest.mark.parametrize("name", sorted(direct.DIRECT))
def test_each_parameter_is_declared_as_click_sees_it(name: str) -> None:
    """The names, kinds, choices and path checks direct reads are those of the click command Typer
    builds from the same signature."""
    group = typer.main.get_command(_recording_app(name)[0])
    command = group.commands[name]  # type: ignore[attr-defined]
    assert group.context_settings["help_option_names"] == sorted(direct.HELP, key=len)
    assert command.allow_interspersed_args and not command.ignore_unknown_options
    specs = {spec.name: spec for spec in direct.specs(_command(name))}
    assert set(specs) == {param.name for param in command.params}
    for param in command.params:
        spec = specs[param.name]
        assert (param.callback, param.envvar, param.is_eager, param.expose_value) == (None, None, False, True)
        assert spec.argument == (param.param_type_name == "argument")
        if not spec.argument:
            assert list(spec.decls) == param.opts and param.secondary_opts == []
            assert (spec.kind == "flag") == param.is_flag and (spec.kind == "list") == param.multiple
            assert param.nargs == 1 and not param.count and param.prompt is None
        else:
            assert param.nargs == (-1 if spec.kind == "list" else 1)
            assert param.required == spec.required
        kind = type(param.type).__name__
        if spec.kind == "enum":
            assert kind == "TyperChoice"
            assert list(param.type.choices) == [member.value for member in spec.base]
            assert param.type.case_sensitive == spec.settings.get("case_sensitive", True)
        elif spec.kind == "path":
            checks = ("dir_okay", "file_okay", "exists", "readable", "writable", "resolve_path", "allow_dash")
            mine = {**direct.PATH_SETTINGS, "writable": False, "resolve_path": False, "allow_dash": False}
            assert {c: getattr(param.type, c) for c in checks} == {
                **mine,
                **{k: v for k, v in spec.settings.items() if k in checks},
            }
        else:
            assert (
                kind
                == {"str": "StringParamType", "list": "StringParamType", "flag": "BoolParamType"}[spec.kind]
            )


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("direct")
    (folder / "a.csv").write_text("x\n")
    (folder / "sub").mkdir()
    return {"file": str(folder / "a.csv"), "folder": str(folder / "sub"), "new": str(folder / "new.json")}


NOISE = [
    "", "-", "--", "-x", "-h", "--help", "--version", "-qf", "-fjson", "--no-quiet", "--quiet=1", "x y", "ſku",
    "nope", "JSON", "2026-10", "15%", "a,b", "--format=", "exports/",
]  # fmt: skip


def _values(spec: direct.Spec, places: dict[str, str]) -> list[str]:
    if spec.kind == "enum":
        names = [str(member.value) for member in spec.base]
        return [*names, *(n.upper() for n in names), *(n.title() for n in names)]
    if spec.kind == "path":
        return list(places.values())
    return [*places.values(), "2026-10", "acos,tacos", "x"]


def _argv(name: str, places: dict[str, str]) -> st.SearchStrategy[list[str]]:
    """Command lines for `name`: its arguments and a few of its options, each once, with values of
    their kind (some wrong), in any order, now and then with a word that is none of these."""

    def piece(spec: direct.Spec) -> st.SearchStrategy[list[str]]:
        fitting = st.sampled_from(_values(spec, places))
        values = st.one_of(fitting, fitting, fitting, st.sampled_from(NOISE))  # mostly of its kind
        if spec.argument:
            return st.lists(values, max_size=2)
        if spec.kind == "flag":
            return st.sampled_from(spec.decls).map(lambda decl: [decl])
        pair = st.tuples(st.sampled_from(spec.decls), values)
        return pair.map(list) | pair.map(lambda p: [f"{p[0]}={p[1]}"])

    specs = direct.specs(_command(name))
    options = [spec for spec in specs if not spec.argument]
    noise = st.lists(st.sampled_from(NOISE) | st.text(max_size=4), max_size=1)
    chosen = st.lists(st.sampled_from(options), unique_by=lambda spec: spec.name, max_size=5)
    pieces = chosen.flatmap(
        lambda picked: st.tuples(
            *(piece(spec) for spec in [*picked, *(s for s in specs if s.argument)]), noise
        )
    )
    return pieces.flatmap(st.permutations).map(lambda words: [w for piece in words for w in piece])


@pytest.mark.parametrize("name", sorted(direct.DIRECT))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_command_line_is_read_as_typer_reads_it_or_left_to_typer(
    name: str, places: dict[str, str], data: st.DataObject
) -> None:
    assert_same_reading(name, data.draw(_argv(name, places)))


@pytest.mark.parametrize("option", ["--output", "-o", "--config", "-c"])
def test_a_file_option_names_an_existing_file_as_typer_does(option: str, places: dict[str, str]) -> None:
    for value in (places["file"], places["new"]):
        assert assert_same_reading("report", [places["file"], option, value])
    assert assert_same_reading("plan", ["--scenario", places["file"], "--sales", "1"])


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "exports/", "--format", "json"],
        ["report", "a.csv", "b.csv", "--period", "2026-10", "-r", "advertising", "--rules=mine.yaml", "-q"],
        ["report", "exports", "-f", "JSON", "--no-cache", "--debug", "--kind", "payments"],
        ["check", "exports/", "--strict", "--format", "junit", "--fail-on", "warning", "--fail-on-missing"],
        ["kpis", "exports/", "--by", "sku", "-m", "acos,tacos", "--explain", "acos", "--encoding", "cp1252"],
        ["costs", "exports/", "--by", "month", "--format", "csv"],
        ["trend", "exports/", "--by", "month", "--period=2026-09-01..2026-11-01"],
        ["restock", "exports/", "--format", "json"],
        ["inspect", "payments.csv", "--format", "json"],
        ["metrics", "acos", "--format", "json"],
        ["metrics"],
        [
            "plan",
            "--sales",
            "50000",
            "--units",
            "800",
            "--commission",
            "15%",
            "--vary",
            "ad-share=15%..25%:5%",
        ],
    ],
)
def test_plain_command_lines_run_without_typer(argv: list[str]) -> None:
    assert direct.command_line(argv) is not None
    assert assert_same_reading(argv[0], argv[1:])


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--help"],
        ["--version"],
        ["report"],  # no path: Typer says what is missing
        ["report", "--help", "x"],
        ["report", "x", "-h"],
        ["report", "x", "--format", "nope"],
        ["report", "x", "-qf", "json"],
        ["report", "x", "--format"],
        ["report", "x", "--format", "json", "--format", "csv"],
        ["report", "x", "--", "-y"],
        ["report", "x", "--output", "-"],
        ["report", "x", "--quiet=yes"],
        ["report", "x", "--colour"],
        ["metrics", "acos", "roas"],
        ["rules", "list"],
        ["ads", "terms", "x"],
        ["fees", "estimate", "--price", "1"],
        ["init"],
    ],
)
def test_anything_unsure_is_left_to_typer(argv: list[str]) -> None:
    assert direct.command_line(argv) is None


def test_a_shell_asking_for_completions_is_answered_by_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    assert direct.command_line(["report", "x"]) is not None
    monkeypatch.setenv("_FLYWHEEL_COMPLETE", "bash_complete")
    assert direct.command_line(["report", "x"]) is None


def test_a_folder_given_for_a_file_option_is_left_to_typer(tmp_path: Path) -> None:
    assert direct.command_line(["report", "x", "--output", str(tmp_path)]) is None
    assert direct.command_line(["report", "x", "--config", str(tmp_path)]) is None
    assert direct.command_line(["report", "x", "--output", str(tmp_path / "new.json")]) is not None


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        (["report", str(EXAMPLE), "--format", "json"], 0),
        (["check", str(EXAMPLE), "--format", "sarif"], 1),
        (["kpis", str(EXAMPLE), "--by", "sku", "--format", "csv"], 0),
        (["plan", "--sales", "50000", "--units", "800", "--commission", "15%", "--format", "json"], 0),
        (["metrics", "acos"], 0),
    ],
)
def test_a_plain_command_line_imports_no_typer(argv: list[str], status: int) -> None:
    code = (
        "import sys\nfrom flywheel_cli.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit as exit:\n"
        "    print(exit.code, sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'click')), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *argv, "--output", "/dev/null"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert done.stderr.splitlines()[-1] == f"{status} []"


def test_an_input_that_ends_unexpectedly_is_said_alike_on_both_paths(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """EOFError from a command: on Typer's path click prints a blank line and aborts; the direct path
    says it the same way."""
    from flywheel_cli import cli
    from flywheel_cli.cli import app as app_module

    def ended() -> None:
        raise EOFError

    typer_app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    typer_app.command("report")(ended)
    typer_app.command("other")(lambda: None)
    said = []
    for path in ("direct", "typer"):
        found = ended if path == "direct" else None
        monkeypatch.setattr(direct, "command_line", lambda args, found=found: found)
        monkeypatch.setattr(app_module, "register", lambda only=None: typer_app)
        with pytest.raises(SystemExit) as exit:
            cli._run(["report"], debug=False)
        said.append((exit.value.code, *capsys.readouterr()))
    assert (
        said[0]
        == said[1]
        == (
            2,
            "",
            "\nflywheel: error: an input ended unexpectedly (a cut file or a closed pipe)\n"
            "hint: download the report again, or pass the file instead of a pipe\n",
        )
    )


def status_of(argv: list[str], stderr: Any, stdout: Any = subprocess.DEVNULL) -> int:
    return subprocess.run(
        [sys.executable, "-m", "flywheel_cli", *argv], stdout=stdout, stderr=stderr, cwd=ROOT, check=False
    ).returncode


@contextlib.contextmanager
def reader_gone() -> Iterator[int]:
    """The writing end of a pipe whose reader has left (`| head` once it has read enough)."""
    read, write = os.pipe()
    os.close(read)
    try:
        yield write
    finally:
        os.close(write)


@pytest.mark.parametrize(("rules", "status"), [([], 1), (["-r", "listing"], 0)])
@pytest.mark.parametrize("both", [True, False], ids=["2>&1", "2>"])
def test_a_gate_keeps_its_status_when_the_reader_of_its_warnings_has_left(
    rules: list[str], status: int, both: bool
) -> None:
    """`flywheel check … 2>&1 | head`: the summary line cannot be written; the gate still fails (or
    passes) as it would have, on either path."""
    for argv in (["check", str(EXAMPLE), *rules], ["check", *rules, "--", str(EXAMPLE)]):  # direct, Typer
        with reader_gone() as pipe:
            assert status_of(argv, pipe, pipe if both else subprocess.DEVNULL) == status, argv


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        (["check", str(EXAMPLE), "--fail-on", "nope"], 2),  # Typer's usage error
        (["report", str(EXAMPLE), "--format", "nope"], 2),
        (["report", "/nonexistent/exports"], 2),  # flywheel's error, on the direct path
        (["kpis", str(EXAMPLE), "--encoding", "nope"], 2),
    ],
)
def test_an_error_keeps_its_status_when_standard_error_cannot_be_written(
    argv: list[str], status: int
) -> None:
    """The message is lost when standard error's reader has left or its disk is full; the status is
    not (it was 0 under `2>&1 | head`: the broken pipe reached the handler for standard output's)."""
    with reader_gone() as pipe:
        gone = status_of(argv, pipe)
    with open("/dev/full", "w") as full:
        full_disk = status_of(argv, full)
    assert (gone, full_disk) == (status, status)


def test_warnings_that_cannot_be_written_leave_the_status(tmp_path: Path) -> None:
    """A folder with a file that is not a report: its warning goes to a full disk, the run still exits 0."""
    (tmp_path / "notes.txt").write_text("call the supplier\n", encoding="utf-8")
    with open("/dev/full", "w") as full:
        assert status_of(["kpis", str(EXAMPLE), str(tmp_path), "--format", "json"], full) == 0
