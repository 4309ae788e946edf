"""The wheel a user installs holds the shipped rule packs (from the top-level rules/ folder) and runs
outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_the_wheel_holds_the_rule_packs_and_runs_outside_the_checkout(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    [wheel] = (tmp_path / "dist").glob("flywheel*.whl")
    packs = sorted((ROOT / "rules").glob("*.yaml"))
    assert len(packs) >= 5
    with zipfile.ZipFile(wheel) as archive:
        for pack in packs:  # the files themselves, not a link
            assert archive.read(f"flywheel_cli/rules/{pack.name}") == pack.read_bytes()
        archive.extractall(tmp_path / "site")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site"), "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-c", "import flywheel_cli, sys; print(flywheel_cli.__file__)\n"
         "from flywheel_cli.metrics import payments_fold; print(payments_fold._addrows.__file__)"],
        capture_output=True, text=True, cwd=elsewhere, env=env, check=False,
    )  # fmt: skip
    module, compiled = done.stdout.split()
    assert module == str(tmp_path / "site" / "flywheel_cli" / "__init__.py")
    # the compiled Payments loop is built into the wheel (this machine has a C compiler)
    assert Path(compiled).parent == tmp_path / "site" / "flywheel_cli" / "metrics", done.stderr
    assert Path(compiled).name.startswith("_addrows.") and Path(compiled).suffix in {".so", ".pyd"}
    listed = subprocess.run(
        [sys.executable, "-m", "flywheel_cli", "rules", "list", "--format", "csv"],
        capture_output=True, text=True, cwd=elsewhere, env=env, check=False,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    packs_listed = {line.split(",")[1] for line in listed.stdout.splitlines()[1:]}
    from flywheel_cli.checks.loader import OPT_IN_PACKS  # listed only when named with --rules

    assert packs_listed == {pack.stem for pack in packs} - set(OPT_IN_PACKS)
    assert set(OPT_IN_PACKS) <= {pack.stem for pack in packs}
