"""Hostile data and output paths (the security part of the hardening issue): data is never markup or
a terminal command, `--output` never replaces a device or a FIFO and keeps permissions, money has one
sign, and exchange rates are positive."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path
from typing import Any

from tests.conftest import EXAMPLE, flywheel

PAYMENTS = EXAMPLE / "payments-2026-10.csv"
SCRIPT_SKU = '[link=x"><script>alert(1)</script>]LL'
HOSTILE_SKUS = {"LL-DESK-LED01": SCRIPT_SKU, "LL-NITE-2PK": "LL-NITE[/]", "LL-SHADE-DRUM10": "[bold red]FAKE[/bold red]",
                "LL-BULB-SM4": "LL-\x1b[2JBULB\x07"}  # fmt: skip


def _hostile_payments(tmp_path: Path) -> Path:
    text = PAYMENTS.read_text(encoding="utf-8")
    for sku, hostile in HOSTILE_SKUS.items():
        text = text.replace(f'"{sku}"', '"' + hostile.replace('"', '""') + '"')
    target = tmp_path / "payments.csv"
    target.write_text(text, encoding="utf-8")
    return target


def test_skus_are_never_markup_in_any_format(tmp_path: Path) -> None:
    payments = _hostile_payments(tmp_path)
    html = flywheel("costs", str(payments), "--by", "sku", "--format", "html")
    assert html.code == 0, html.err
    assert "<script>" not in html.out and 'href="x"' not in html.out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html.out  # shown, as text
    for fmt in ("table", "plain", "markdown"):
        result = flywheel("kpis", str(payments), "--by", "sku", "--format", fmt)
        assert (result.code, result.err) == (0, ""), fmt
    svg = flywheel("costs", str(payments), "--by", "sku", "--format", "svg")
    assert svg.code == 0 and "<script>" not in svg.out
    plain = flywheel("kpis", str(payments), "--by", "sku", "--format", "plain").out
    assert "[bold red]FAKE[/bold red]" in plain and "LL-NITE[/]" in plain
    table = flywheel("kpis", str(payments), "--by", "sku", "--format", "table", env={"COLUMNS": "200"}).out
    assert "[bold red]FAKE[/bold red]" in table and "LL-NITE[/]" in table


def test_escape_sequences_in_data_are_shown_not_run(tmp_path: Path) -> None:
    payments = _hostile_payments(tmp_path)
    for fmt in ("plain", "table", "markdown"):
        result = flywheel("kpis", str(payments), "--by", "sku", "--format", fmt, env={"COLUMNS": "200"})
        assert "\x1b" not in result.out and "\x07" not in result.out, fmt
        assert "LL-\\x1b[2JBULB\\x07" in result.out, fmt
    json_out = json.loads(flywheel("kpis", str(payments), "--by", "sku", "--format", "json").out)
    assert "LL-\x1b[2JBULB\x07" in {
        row["scope"]["sku"] for row in json_out["rows"]
    }  # machine formats keep it
    named = tmp_path / "notes\x1b[2J.txt"
    named.write_text("not a report\n", encoding="utf-8")
    result = flywheel("kpis", str(payments), str(tmp_path))
    assert "\x1b" not in result.err
    assert "notes\\x1b[2J.txt: warning: skipped:" in result.err


def test_output_onto_a_device_or_fifo_writes_into_it(tmp_path: Path) -> None:
    result = flywheel("kpis", str(PAYMENTS), "--format", "json", "--output", "/dev/null")
    assert result.code == 0 and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = flywheel("kpis", str(PAYMENTS), "--format", "json", "--output", str(fifo))
    reader.join(timeout=30)
    assert result.code == 0 and stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert json.loads(received[0])["schema"] == "flywheel.kpis/1"


def test_output_files_keep_their_permissions_and_new_ones_follow_the_umask(tmp_path: Path) -> None:
    kept = tmp_path / "kept.json"
    kept.write_text("{}", encoding="utf-8")
    kept.chmod(0o640)
    assert flywheel("kpis", str(PAYMENTS), "--format", "json", "--output", str(kept)).code == 0
    assert (
        stat.S_IMODE(kept.stat().st_mode) == 0o640
        and json.loads(kept.read_text())["schema"] == "flywheel.kpis/1"
    )
    fresh = tmp_path / "fresh.json"
    umask = os.umask(0o027)
    os.umask(umask)
    assert flywheel("kpis", str(PAYMENTS), "--format", "json", "--output", str(fresh)).code == 0
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask


def test_an_amount_has_one_sign(tmp_path: Path) -> None:
    lines = PAYMENTS.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[8] = lines[8].replace('"27.99"', '"--27.99"', 1)
    doubled = tmp_path / "payments.csv"
    doubled.write_text("".join(lines), encoding="utf-8")
    result = flywheel("kpis", str(doubled))
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(
        f"{doubled}:9:15: error: an amount was expected in column 'product sales', found '--27.99'\n"
    )


def test_exchange_rates_are_positive(tmp_path: Path) -> None:
    config = tmp_path / "flywheel.yaml"
    for rate in ("0", "-1.35"):
        config.write_text(f"currency: USD\nfx:\n  CAD: {rate}\n", encoding="utf-8")
        result = flywheel("kpis", str(PAYMENTS), "-c", str(config))
        assert (result.code, result.out) == (2, ""), rate
        assert result.err.startswith(f"{config}:"), result.err
        assert "a rate is a positive number" in result.err


def test_a_folder_of_many_reports_is_read_one_file_at_a_time(tmp_path: Path) -> None:
    """Each report is opened when its turn comes: 150 reports read with a limit of 64 open files."""
    import resource
    import subprocess
    import sys

    returns = (EXAMPLE / "fba-returns-2026-10.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    folder = tmp_path / "many"
    folder.mkdir()
    units = 0
    for n, row in enumerate((returns[1:] * 4)[:150]):
        cells = row.split("\t")
        cells[1] = f"114-{n:07d}-0000000"  # another order: 150 different returns
        units += int(cells[6])
        (folder / f"returns-{n:03d}.txt").write_text(returns[0] + "\t".join(cells), encoding="utf-8")

    def few_files() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))

    done = subprocess.run(
        [sys.executable, "-m", "flywheel_cli", "kpis", str(folder), "-m", "units_returned", "--format", "json"],
        capture_output=True, text=True, preexec_fn=few_files, check=False, env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout)["total"]["metrics"]["units_returned"] == units


def test_a_folder_that_cannot_be_written_is_a_usage_error(tmp_path: Path, monkeypatch: Any) -> None:
    """As root a read-only folder is still writable, so the refusal is simulated where it happens."""
    import tempfile

    import pytest

    from flywheel_cli.cli.common import emit
    from flywheel_cli.core.errors import UsageError

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(UsageError) as caught:
        emit("{}", tmp_path / "out.json")
    assert caught.value.render() == f"{tmp_path}: error: cannot write in this folder: Permission denied"
    assert not (tmp_path / "out.json").exists()


def test_status_has_colour_on_a_colour_terminal_and_marks_without(monkeypatch: Any) -> None:
    from flywheel_cli import api
    from flywheel_cli.config import load
    from flywheel_cli.core.findings import Severity
    from flywheel_cli.render.check_view import document
    from flywheel_cli.render.document import render
    from flywheel_cli.render.formats import Format

    monkeypatch.delenv("NO_COLOR", raising=False)
    result = api.check([str(EXAMPLE)], config=load(EXAMPLE / "flywheel.yaml"))
    coloured = render(document(result, Severity.ERROR), Format.TABLE, width=200, color=True)
    assert "\x1b[31m✗ error" in coloured and "\x1b[33m! warning" in coloured  # red, yellow
    plain = render(document(result, Severity.ERROR), Format.TABLE, width=200, color=False)
    assert "\x1b" not in plain and "✗ error" in plain and "! warning" in plain
