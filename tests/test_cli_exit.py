"""The console script ends with `os._exit` once `main` is done (cli/__init__.py `entry`): what a user
sees must be exactly what a normal interpreter exit gives — every byte of output, the exit status,
files written with --output, atexit functions run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from flywheel_cli.cli import _exit_status

STORE = "examples/lumen-lighting"
# `main` called as a library function: SystemExit, then Python's own exit (its finalisation included).
LIBRARY = "import sys; from flywheel_cli.cli import main; main(sys.argv[1:])"


# Buffered standard streams, as a user's shell gives them (a test runner may set PYTHONUNBUFFERED).
BUFFERED = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}


def _run(*argv: str) -> tuple[int, bytes, bytes]:
    done = subprocess.run([sys.executable, *argv], capture_output=True, check=False, env=BUFFERED)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["report", STORE, "--format", "json", "--no-cache"],  # ~76 KB through a pipe
        ["costs", STORE, "--by", "sku", "--format", "csv", "--no-cache"],
        ["kpis", "tests/fixtures/reports/payments/us-32col.csv", "--period", "1999-01", "--format", "json"],
        ["kpis", "no-such-file.csv"],  # a bad input: exit 2, the located error on stderr
        ["kpis", "--no-such-option"],  # a usage error
    ],
)
def test_the_script_gives_what_a_normal_exit_gives(args: list[str]) -> None:
    script = _run("-m", "flywheel_cli", *args)
    library = _run("-c", LIBRARY, *args)
    assert script == library
    assert script[1] or script[2]  # it said something


def test_a_file_written_with_output_is_whole(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    code, out, err = _run("-m", "flywheel_cli", "report", STORE, "--format", "json", "--output", str(target))
    assert (code, out) == (0, b""), err
    _, printed, _ = _run("-c", LIBRARY, "report", STORE, "--format", "json")
    assert target.read_bytes() == printed
    assert len(printed) > 50_000


def test_atexit_functions_still_run() -> None:
    probe = (
        "import atexit, sys; atexit.register(lambda: print('atexit ran', file=sys.stderr)); "
        "sys.argv = ['flywheel', '--version']; from flywheel_cli.cli import entry; entry()"
    )
    code, out, err = _run("-c", probe)
    assert (code, err) == (0, b"atexit ran\n")
    assert out.startswith(b"flywheel ")


def test_a_reader_that_leaves_early_gets_no_error() -> None:
    """`flywheel kpis … | head -c 100`: the pipe closes mid-output (230 KB, past any pipe buffer): quiet,
    status 0. (Before, typer's click turned the EPIPE into status 1, flywheel's "findings".)"""
    args = f"kpis {STORE} examples/lumen-lighting-2026-09 --by day --format json --no-cache"
    command = f"{sys.executable} -m flywheel_cli {args} | head -c 100"
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command], capture_output=True, check=False, env=BUFFERED
    )
    assert (done.returncode, len(done.stdout), done.stderr) == (0, 100, b"")


def test_exit_status_is_what_sys_exit_would_give(capsys: pytest.CaptureFixture[str]) -> None:
    assert [_exit_status(code) for code in (None, 0, 1, 2, 130, 256 + 3)] == [0, 0, 1, 2, 130, 3]
    assert _exit_status("flywheel: stopped") == 1
    assert capsys.readouterr().err == "flywheel: stopped\n"


def test_the_script_collects_garbage_less_often_and_a_library_call_leaves_it_alone() -> None:
    """`entry` (the script) sets the collector's threshold for its own process; `main`, called by a
    program that imports flywheel, must not change that program's collector."""
    show = "import atexit, gc, sys; atexit.register(lambda: print(gc.get_threshold()[0], file=sys.stderr))"
    script = _run("-c", f"{show}; from flywheel_cli.cli import entry; sys.argv[1:] = ['--version']; entry()")
    library = _run("-c", f"{show}; from flywheel_cli.cli import main; main(['--version'])")
    assert (script[0], script[2]) == (0, b"100000\n")
    assert (library[0], library[2]) == (0, b"700\n")


def test_a_closed_standard_output_is_skipped_at_exit() -> None:
    """`flywheel --version >&-`: Python's exit skips a closed stdout (None); so does the script's."""
    command = f"{sys.executable} -m flywheel_cli --version >&-"
    done = subprocess.run(["bash", "-c", command], capture_output=True, check=False, env=BUFFERED)
    assert (done.returncode, done.stderr) == (0, b"")


@pytest.mark.parametrize(
    ("args", "status"),
    [(["kpis", STORE, "--format", "json"], 0), (["check", STORE, "--format", "json"], 1)],
)
def test_a_closed_stream_neither_breaks_a_run_nor_changes_its_status(args: list[str], status: int) -> None:
    """Closed stdout (`>&-`): the output goes nowhere, the gate's status still counts; closed stderr
    (`2>&-`): the messages go nowhere, never into the JSON on stdout."""
    base = f"{sys.executable} -m flywheel_cli {' '.join(args)}"
    closed_out = subprocess.run(["bash", "-c", f"{base} >&-"], capture_output=True, check=False, env=BUFFERED)
    assert closed_out.returncode == status, closed_out.stderr[-300:]
    assert b"internal error" not in closed_out.stderr
    closed_err = subprocess.run(
        ["bash", "-c", f"{base} 2>&-"], capture_output=True, check=False, env=BUFFERED
    )
    assert closed_err.returncode == status
    assert json.loads(closed_err.stdout)["schema"].startswith("flywheel.")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_a_full_disk_is_an_error_of_its_own() -> None:
    done = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m flywheel_cli kpis {STORE} --format json > /dev/full"],
        capture_output=True,
        check=False,
        env=BUFFERED,
    )
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        "flywheel: error: cannot write to standard output: No space left on device",
        "hint: free some space, or write the output to a file with --output FILE",
    ]
