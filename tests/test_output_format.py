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


def test_help_lists_only_the_formats_a_command_writes() -> None:
    import re

    from flywheel_cli.cli import (
        check_cmd,
        costs_cmd,
        inspect_cmd,
        kpis_cmd,
        metrics_cmd,
        plan_cmd,
        report_cmd,
    )

    commands = {("kpis",): kpis_cmd, ("check",): check_cmd, ("costs",): costs_cmd, ("plan",): plan_cmd,
                ("inspect",): inspect_cmd, ("metrics",): metrics_cmd, ("report",): report_cmd}  # fmt: skip
    seen = set()
    for args, module in commands.items():
        done = flywheel(*args, "--help", env={"COLUMNS": "200"})
        assert done.code == 0
        listed = re.search(r"--format <([a-z|]+)>", done.out)
        assert listed is not None, args
        names = listed.group(1).split("|")
        assert names[0] == "auto"
        assert set(names[1:]) == {f.value for f in module.FORMATS}, args
        seen.add(listed.group(1))
    assert "auto|table|plain|markdown|json|ndjson|csv" in seen  # kpis: no sarif, no svg
    assert "auto|table|plain|markdown|json|ndjson|csv|github|junit|sarif" in seen  # check
    unsupported = flywheel("kpis", str(EXAMPLE), "--format", "sarif")
    assert unsupported.code == 2
    assert unsupported.err == (
        "flywheel: error: --format sarif is not available here\n"
        "hint: choose one of: csv, json, markdown, ndjson, plain, table\n"
    )
