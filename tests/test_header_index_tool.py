"""`make header-index` (tools/header_index.py) rebuilds reports/header_index.py when that file is
missing or unreadable (a merge of two edits of kinds can leave conflict markers in it): the tool reads
the kinds through reports/kind_modules.py, which never imports the generated file.

Run on a copy of src/ and tools/ in a temporary folder: the checkout's own file is never touched."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GENERATED = Path("src/flywheel_cli/reports/header_index.py")


def _copy(tmp_path: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "src" / "flywheel_cli", tmp_path / "src" / "flywheel_cli", ignore=ignore)
    shutil.copytree(ROOT / "tools", tmp_path / "tools", ignore=ignore)
    return tmp_path


def _regenerate(root: Path) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(root / "src"), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, str(root / "tools" / "header_index.py")],
        capture_output=True, text=True, check=False, env=env, cwd=root,
    )  # fmt: skip


@pytest.mark.parametrize("damage", ["conflict markers", "missing"])
def test_make_header_index_rebuilds_a_damaged_index(tmp_path: Path, damage: str) -> None:
    root = _copy(tmp_path)
    target = root / GENERATED
    committed = (ROOT / GENERATED).read_text(encoding="utf-8")
    if damage == "missing":
        target.unlink()
    else:
        text = committed.replace(
            '    "cogs": "cogs",\n', '<<<<<<< HEAD\n    "cogs": "cogs",\n=======\n>>>>>>> b\n', 1
        )
        target.write_text(text, encoding="utf-8")
    done = _regenerate(root)
    assert done.returncode == 0, done.stderr[-400:]
    # The data must be the committed data (formatting is ruff's, which may be absent here).
    namespace: dict[str, object] = {}
    exec(compile(target.read_text(encoding="utf-8"), str(target), "exec"), namespace)
    expected: dict[str, object] = {}
    exec(compile(committed, str(ROOT / GENERATED), "exec"), expected)
    assert namespace["MODULE_OF"] == expected["MODULE_OF"]
    assert namespace["TABLES"] == expected["TABLES"]
