"""Zip archives beyond a damaged member (tests/test_hostile_input.py has those): one read from standard
input, a damaged central directory, an archive of several files, and a line past the limit inside a
member, which is located by reading the member again (reports/archive.py)."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, flywheel
from tests.test_hostile_input import DOWNLOAD_AGAIN, LINES, PAYMENTS, _long_row, refused


def _zipped(**members: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_on_standard_input_reads_as_the_file(tmp_path: Path) -> None:
    plain = tmp_path / "payments.csv"
    plain.write_bytes(PAYMENTS)
    expected = flywheel("kpis", str(plain), "--format", "json")
    assert expected.code == 0, expected.err
    done = subprocess.run(
        [sys.executable, "-m", "flywheel_cli", "kpis", "-", "--format", "json"],
        input=_zipped(**{"payments.csv": PAYMENTS}),
        capture_output=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    got = done.stdout.decode()
    # the same figures; only the input's name and container differ
    assert got.split('"total"')[1] == expected.out.split('"total"')[1]
    assert '"container": "zip"' in got and '"path": "-!payments.csv"' in got


def test_a_damaged_central_directory_is_located(tmp_path: Path) -> None:
    data = _zipped(**{"payments.csv": PAYMENTS})
    path = tmp_path / "payments.zip"
    path.write_bytes(data[: data.rfind(b"PK\x05\x06") + 4])  # the end record cut short
    try:
        zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        why = str(exc)
    refused(flywheel("kpis", str(path)), f"{path}: error: damaged zip archive: {why}")
    assert flywheel("kpis", str(path)).err.splitlines()[1] == DOWNLOAD_AGAIN


def test_a_zip_of_several_files_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "exports.zip"
    path.write_bytes(
        _zipped(**{"payments.csv": PAYMENTS, "business.csv": b"x\n", "__MACOSX/._payments.csv": b""})
    )
    result = flywheel("inspect", str(path))
    refused(
        result, f"{path}: error: the zip archive holds 2 files; flywheel reads a zip with exactly one report"
    )
    assert result.err.splitlines()[1] == "hint: unzip it and pass the report files (or their folder) instead"


@pytest.mark.parametrize("command", ["kpis", "inspect"])
def test_a_line_past_1_mib_in_a_zip_member_is_located(tmp_path: Path, command: str) -> None:
    long_row = _long_row((1 << 20) + 1)
    path = tmp_path / "payments.zip"
    path.write_bytes(_zipped(**{"payments.csv": b"".join(LINES[:9]) + long_row + LINES[9]}))
    refused(
        flywheel(command, str(path)),
        f"{path}!payments.csv:10: error: line is longer than 1 MiB; report lines are a few KB",
    )
