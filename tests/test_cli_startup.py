"""Fast start: `--help` and `--version` import no heavy library (DESIGN principle 7)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from flywheel_cli import __version__
from tests.conftest import flywheel

HEAVY = ("rich", "pydantic", "yaml", "tabulate", "python_calamine")
PROBE = """
import sys
from flywheel_cli.cli import main
try:
    main({args!r})
except SystemExit:
    pass
heavy = sorted({{name.split('.')[0] for name in sys.modules}} & set({heavy!r}))
print('HEAVY=' + ','.join(heavy), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["inspect", "--help"]])
def test_no_heavy_imports(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "HEAVY=\n" in done.stderr, done.stderr


def test_version() -> None:
    result = flywheel("--version")
    assert (result.code, result.out, result.err) == (0, f"flywheel {__version__}\n", "")


def test_help_lists_commands_with_examples() -> None:
    result = flywheel("--help")
    assert result.code == 0
    assert "inspect" in result.out
    sub = flywheel("inspect", "--help")
    assert sub.code == 0
    assert "Examples:" in sub.out
    assert "flywheel inspect examples/lumen-lighting/" in sub.out


def test_unknown_option_is_a_usage_error() -> None:
    result = flywheel("inspect", "--nope", "x.csv")
    assert result.code == 2
    assert "No such option" in result.err


def test_a_report_whose_rule_packs_were_validated_before_imports_no_pydantic(tmp_path: Path) -> None:
    """Pydantic validates rule files at the trust boundary only: once the shipped packs are in the
    parse cache, a report runs on plain values (checks/spec.py), a tenth of a second less start-up.
    The first run does validate, and the answer is the same."""
    env = {**os.environ, "FLYWHEEL_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("FLYWHEEL_NO_CACHE", None)
    args = ["report", "examples/lumen-lighting", "--format", "json"]
    probe = PROBE.format(args=args, heavy=("pydantic",))
    first = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=False
    )
    again = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=False
    )
    assert "HEAVY=pydantic\n" in first.stderr, first.stderr
    assert "HEAVY=\n" in again.stderr, again.stderr
    assert again.stdout == first.stdout
    assert len(json.loads(again.stdout)["skus"]) == 8, again.stdout[:300]  # the demo store's SKUs


def test_a_csv_report_imports_no_archive_reader(tmp_path: Path) -> None:
    """Zip archives, workbooks and .gz files are read by modules imported when an input is one
    (reports/archive.py, gzip), and a velocity's Fraction when a SKU has one: a plain Payments CSV
    runs without them. The same file zipped reads the same (tests/test_hostile_input.py has the rest)."""
    report = Path("tests/fixtures/reports/payments/us-32col.csv")
    args = ["kpis", str(report), "--format", "json"]
    probe = PROBE.format(args=args, heavy=("zipfile", "gzip", "fractions", "flywheel_cli.reports.archive"))
    probe = probe.replace("name.split('.')[0] for name in sys.modules", "name for name in sys.modules")
    plain = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert "HEAVY=\n" in plain.stderr, plain.stderr
    zipped = tmp_path / "payments.zip"
    import zipfile

    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(report, "us-en.csv")
    args = ["kpis", str(zipped), "--format", "json"]
    packed = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args, heavy=("zipfile",))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "HEAVY=zipfile\n" in packed.stderr, packed.stderr
    assert json.loads(packed.stdout)["total"] == json.loads(plain.stdout)["total"]


def test_a_json_report_lays_out_no_screen(tmp_path: Path) -> None:
    """`report --format json` builds the JSON body alone: the screen's tables and its renderers
    (render/report_screen.py) are imported and laid out only for a format that shows them."""
    screen = (
        "flywheel_cli.render.report_screen",
        "flywheel_cli.render.waterfall",
        "flywheel_cli.render.svg_export",
    )
    env = {**os.environ, "FLYWHEEL_CACHE_DIR": str(tmp_path / "cache")}
    runs = {}
    for fmt in ("json", "plain"):
        args = ["report", "examples/lumen-lighting", "--format", fmt]
        probe = PROBE.format(args=args, heavy=screen)
        probe = probe.replace("name.split('.')[0] for name in sys.modules", "name for name in sys.modules")
        runs[fmt] = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=False
        )
    assert "HEAVY=\n" in runs["json"].stderr, runs["json"].stderr
    assert f"HEAVY={','.join(sorted(screen))}\n" in runs["plain"].stderr, runs["plain"].stderr
    body = json.loads(runs["json"].stdout)
    assert len(body["skus"]) == 8 and body["schema"] == "flywheel.report/1"
    assert "flywheel report · " in runs["plain"].stdout and body["skus"][0]["sku"] in runs["plain"].stdout
