"""`-o FILE` without `--format` writes the format FILE's extension names (the screens issue)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import EXAMPLE, flywheel

PAYMENTS = str(EXAMPLE / "payments-2026-10.csv")


def test_the_extension_names_the_format(tmp_path: Path) -> None:
    for name, starts in {
        "k.json": '{\n  "grain": "account"', "k.csv": "metrics.sessions,", "k.md": "## KPIs", "k.ndjson": '{"metrics": ',
        "k.txt": "KPIs\n",
    }.items():  # fmt: skip
        target = tmp_path / name
        result = flywheel("kpis", PAYMENTS, "-o", str(target))
        assert (result.code, result.out) == (0, ""), name
        assert target.read_text(encoding="utf-8").startswith(starts), name
    assert json.loads((tmp_path / "k.json").read_text(encoding="utf-8"))["schema"] == "flywheel.kpis/1"
    page = tmp_path / "costs.html"
    assert flywheel("costs", PAYMENTS, "-o", str(page)).code == 0
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    explicit = tmp_path / "plain.json"
    assert flywheel("kpis", PAYMENTS, "-o", str(explicit), "--format", "plain").code == 0
    assert explicit.read_text(encoding="utf-8").startswith("KPIs\n")  # --format wins


def test_an_extension_the_command_cannot_write_is_a_usage_error(tmp_path: Path) -> None:
    result = flywheel("kpis", PAYMENTS, "-o", str(tmp_path / "k.html"))
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "flywheel: error: --output k.html: this command does not write html\n"
        "hint: give --format (one of: csv, json, markdown, ndjson, plain, table) or another extension\n"
    )
    assert not (tmp_path / "k.html").exists()
