"""The peers' own environment: benchmarks/.venv-peers, made with `python -m venv` and pip.

pandas, polars and duckdb are never flywheel dependencies and never go into flywheel's venv: the
benchmark makes a venv of its own beside it (git-ignored) and installs them there, each on its own so
that one that does not install (duckdb has no wheel for some platforms) leaves the others.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench_data import BENCH, rel

PEERS_VENV = BENCH / ".venv-peers"
PEERS = ("pandas", "polars", "duckdb")
SCRIPTS = {name: BENCH / "peers" / f"{name}_report.py" for name in PEERS}


@dataclass(frozen=True)
class Peer:
    name: str
    python: Path
    script: Path
    version: str


def venv_python() -> Path:
    return PEERS_VENV / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def version(python: Path, name: str) -> str | None:
    probe = [str(python), "-c", f"import {name}; print({name}.__version__)"]
    done = subprocess.run(probe, capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else None


def prepare(install: bool) -> tuple[list[Peer], list[str]]:
    """The peers that can run, and a note for each one that cannot."""
    python, notes = venv_python(), []
    if not python.exists():
        if not install:
            return [], [f"no {rel(PEERS_VENV)} (--no-install given): peers skipped"]
        print(f"making {rel(PEERS_VENV)} ...", file=sys.stderr)
        made = subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=False)
        if made.returncode != 0:
            return [], [f"`python -m venv {rel(PEERS_VENV)}` failed: peers skipped"]
    peers = []
    for name in PEERS:
        found = version(python, name)
        if found is None and install:
            print(f"installing {name} into {rel(PEERS_VENV)} ...", file=sys.stderr)
            subprocess.run([str(python), "-m", "pip", "install", "--quiet", name], check=False)
            found = version(python, name)
        if found is None:
            notes.append(f"{name} is not installed in {rel(PEERS_VENV)}: its rows are skipped")
            continue
        peers.append(Peer(name, python, SCRIPTS[name], found))
    return peers, notes
