from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

# The suite's own parse cache (core/parse_cache.py), one per worker: it never reads or fills the user's,
# and every test that reads a file twice goes through the cache as a user's second run does.
os.environ["FLYWHEEL_CACHE_DIR"] = _CACHE = tempfile.mkdtemp(prefix="flywheel-test-cache-")
atexit.register(shutil.rmtree, _CACHE, True)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLE = ROOT / "examples" / "lumen-lighting"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def flywheel(
    *args: str,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float | None = None,
) -> Run:
    """Run the CLI exactly as a user does: a subprocess, with exit code, stdout and stderr. With
    `timeout`, a run past it is killed and the test fails (for inputs that once hung)."""
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", **(env or {})}
    full_env.pop("GITHUB_ACTIONS", None)
    done = subprocess.run(
        [sys.executable, "-m", "flywheel_cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd or ROOT,
        check=False,
        timeout=timeout,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def run() -> type[Run]:
    return Run
