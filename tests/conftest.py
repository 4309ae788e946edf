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


@pytest.fixture(params=["compiled", "python"])
def both_loops(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with the Payments fold's compiled per-row loop (metrics/_addrows.c) and again with its
    Python loop, the reference (FLYWHEEL_PURE_PYTHON=1: in this process and in the CLI's)."""
    from flywheel_cli.metrics import payments_fold

    if request.param == "compiled" and payments_fold._addrows is None:
        pytest.fail(
            "the compiled loop is not built (no C compiler at install?): `pip install -e .` builds it"
        )
    monkeypatch.setenv("FLYWHEEL_PURE_PYTHON", "1" if request.param == "python" else "")
    return str(request.param)
