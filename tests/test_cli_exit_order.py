"""The console script (`entry`) ends as Python's own exit does, in its order — threads that are not
daemons waited for, the atexit functions run, the streams flushed — and then with `os._exit`; a gate's
status stands when the reader of its output has left; output that cannot be written says why."""

from __future__ import annotations

import array
import fcntl
import os
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

BUFFERED = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}


def _script(prelude: str, *argv: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    code = f"{prelude}; import sys; sys.argv = ['flywheel', *{list(argv)!r}]; from flywheel_cli.cli import entry; entry()"
    streams = kwargs or {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    done: subprocess.CompletedProcess[bytes] = subprocess.run(  # type: ignore[call-overload]
        [sys.executable, "-c", code], check=False, env=BUFFERED, **streams
    )
    return done


def test_what_an_atexit_function_prints_to_stdout_is_written() -> None:
    """Python runs the atexit functions, then flushes stdout (Py_FinalizeEx): what one writes to a
    block-buffered stdout (a pipe, a file) must not stay in the buffer `os._exit` drops."""
    done = _script("import atexit; atexit.register(print, 'atexit ran')", "--version")
    assert done.returncode == 0
    assert b"atexit ran" in done.stdout


def test_a_running_non_daemon_thread_is_waited_for(tmp_path: Path) -> None:
    """Python waits for threads that are not daemons (threading._shutdown) before the atexit functions;
    `os._exit` alone would kill them. flywheel's only thread (the SHA-256) is a daemon."""
    mark = tmp_path / "done"
    prelude = (
        "import threading, time, pathlib; "
        f"threading.Thread(target=lambda: (time.sleep(0.3), pathlib.Path({str(mark)!r}).write_text('x'))).start()"
    )
    done = _script(prelude, "--version")
    assert done.returncode == 0
    assert mark.exists()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_that_cannot_be_flushed_says_why() -> None:
    """`flywheel --version > /dev/full`: typer's output is flushed at the exit, and fails there. Python's
    exit printed `Exception ignored … OSError` and gave 120; the script says it as `emit` does, 2."""
    with open("/dev/full", "wb") as full:
        done = _script("pass", "--version", stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        "flywheel: error: cannot write to standard output: No space left on device",
        "hint: free some space, or write the output to a file with --output FILE",
    ]


def _with_reader_gone(*argv: str) -> subprocess.CompletedProcess[bytes]:
    """The script run with standard output a pipe whose reader has already left (`… | true`)."""
    read, write = os.pipe()
    os.close(read)
    try:
        return _script("pass", *argv, stdout=write, stderr=subprocess.PIPE)
    finally:
        os.close(write)


def test_the_gate_fails_when_the_reader_has_left() -> None:
    """`flywheel check --strict … | true`: the demo store has findings, so the gate fails (1) as when
    its output is read — never 0 because the reader left (under `set -o pipefail` a CI gate would pass
    on findings), and not by chance either (click turns an EPIPE into 1 whatever the findings)."""
    done = _with_reader_gone("check", "examples/lumen-lighting", "--strict", "--format", "json")
    assert done.returncode == 1, done.stderr


def test_a_report_is_status_0_when_the_reader_has_left() -> None:
    done = _with_reader_gone("report", "examples/lumen-lighting", "--format", "json")
    assert (done.returncode, done.stderr) == (0, b"")


def _unread(fd: int) -> int:
    """Bytes waiting in the pipe whose read end is `fd`."""
    count = array.array("i", [0])
    fcntl.ioctl(fd, termios.FIONREAD, count)
    return count[0]


def test_ctrl_c_says_interrupted_and_exits_130() -> None:
    """Ctrl-C while a report is read (here: standard input that has not ended): typer turns it into a
    silent Exit(130); flywheel says so, one line, no traceback."""
    read, write = os.pipe()
    process = subprocess.Popen(
        [sys.executable, "-m", "flywheel_cli", "kpis", "-", "--format", "json", "--no-cache"],
        stdin=read,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=BUFFERED,
        start_new_session=True,  # its own process group, as a terminal's Ctrl-C reaches
    )
    try:
        os.write(write, b'"date/time","settlement id","type"\n')
        deadline = time.monotonic() + 60
        while _unread(read) and time.monotonic() < deadline:  # until flywheel is reading its input
            time.sleep(0.05)
        time.sleep(0.3)  # and waiting for more of it
        os.killpg(process.pid, signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        os.close(write)
        os.close(read)
    assert (process.returncode, out, err) == (130, b"", b"flywheel: interrupted\n")
