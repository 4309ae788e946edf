"""A full standard output whose text fits the stream's buffer is the same located error as a large one;
a Ctrl-C while a parse-cache entry is being written leaves no temporary file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from flywheel_cli.core import parse_cache

STORE = "examples/lumen-lighting"
BUFFERED = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
FULL = [
    "flywheel: error: cannot write to standard output: No space left on device",
    "hint: free some space, or write the output to a file with --output FILE",
]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize(
    "command",
    [
        f"{sys.executable} -m flywheel_cli kpis {STORE} > /dev/full",  # plain: ~4 KB, under the buffer
        f"{sys.executable} -m flywheel_cli check {STORE} --format plain > /dev/full",
        f'{sys.executable} -c \'from flywheel_cli.cli import main; main(["kpis", "{STORE}"])\' > /dev/full',
    ],
)
def test_a_full_disk_with_a_short_output_is_the_same_error(command: str) -> None:
    """The write only buffers and emit's flush fails: what it still holds must not fail again when the
    error is printed or at the exit (it gave two tracebacks and status 120)."""
    done = subprocess.run(["bash", "-c", command], capture_output=True, check=False, env=BUFFERED)
    assert done.returncode == 2, done.stderr.decode()[-400:]
    assert done.stderr.decode().splitlines() == FULL


def test_ctrl_c_while_an_entry_is_written_leaves_no_temporary_file(tmp_path: Path) -> None:
    """A KeyboardInterrupt while a fold is pickled: the temporary file goes, the interrupt goes on."""

    def interrupted(stream: object) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        parse_cache._write(tmp_path / "folds" / "ab" / "entry", interrupted)
    assert sorted(p.name for p in (tmp_path / "folds" / "ab").iterdir()) == []
