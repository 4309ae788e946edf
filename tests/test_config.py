"""flywheel.yaml: loading, discovery, and errors located at file:line:col."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from flywheel_cli import config
from tests.conftest import EXAMPLE, flywheel


def test_example_config_loads() -> None:
    settings = config.load(EXAMPLE / "flywheel.yaml")
    assert settings.currency == "USD"
    assert settings.costs.monthly.total("tools") == Decimal("143")
    assert settings.costs.monthly.total("labour") == Decimal("3200")
    assert settings.costs.allocation == "revenue"
    assert settings.resolve(settings.costs.cogs_file or Path()) == EXAMPLE / "cogs.csv"
    assert settings.categories["LL-BULB-*"] == "electronics"


def test_categories_come_from_the_store_folder_config() -> None:
    result = flywheel("kpis", str(EXAMPLE), "--by", "category", "--format", "json")
    assert result.code == 0, result.err
    rows = {row["scope"]["category"]: row["metrics"] for row in json.loads(result.out)["rows"]}
    assert sorted(k for k in rows if k) == ["electronics", "garden", "home"]
    assert rows["electronics"]["sessions"] == 1873  # LL-BULB-SM4 only


def test_without_config_categories_fall_back_to_the_product_group(tmp_path: Path) -> None:
    empty = tmp_path / "flywheel.yaml"
    empty.write_text("{}\n", encoding="utf-8")
    result = flywheel("kpis", str(EXAMPLE), "--by", "category", "--config", str(empty), "--format", "json")
    categories = {row["scope"]["category"] for row in json.loads(result.out)["rows"]}
    # The product group of the first report that names one: the fee preview's (read before the
    # inventory report, whose codes are gl_home …); SKUs no report groups are None.
    assert categories == {"Home", "Home Improvement", "Lawn and Garden", None}


def test_config_errors_are_located(tmp_path: Path) -> None:
    bad = tmp_path / "flywheel.yaml"
    bad.write_text("currency: USD\ncosts:\n  monthly:\n    tools: lots\n", encoding="utf-8")
    result = flywheel("kpis", str(EXAMPLE), "--config", str(bad))
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"{bad}:4:12: error: costs.monthly.tools: ")


def test_unknown_key_points_at_the_key(tmp_path: Path) -> None:
    bad = tmp_path / "flywheel.yaml"
    bad.write_text("currency: USD\ncosts:\n  alocation: units\n", encoding="utf-8")
    result = flywheel("kpis", str(EXAMPLE), "--config", str(bad))
    assert result.code == 2
    assert result.err.startswith(f"{bad}:3:3: error: costs.alocation: unknown key")


def test_invalid_yaml_is_located(tmp_path: Path) -> None:
    bad = tmp_path / "flywheel.yaml"
    bad.write_text("currency: USD\ncategories:\n  - a\n  b: c\n", encoding="utf-8")
    result = flywheel("kpis", str(EXAMPLE), "--config", str(bad))
    assert result.code == 2
    assert result.err.startswith(f"{bad}:4:")
    assert "invalid YAML" in result.err


def test_of_several_folders_the_one_with_a_flywheel_yaml_gives_the_settings(tmp_path: Path) -> None:
    """A store's folder plus a folder of older exports: the store's flywheel.yaml applies (its spans
    place the other folder's by-item Business Report); two folders with one each: neither, say so."""
    older = EXAMPLE.parent / "lumen-lighting-2026-09"
    done = flywheel("kpis", str(older), str(EXAMPLE), "--by", "month", "--format", "json")
    assert done.code == 0, done.err
    months = {row["scope"]["month"] for row in json.loads(done.out)["rows"]}
    assert {"2026-09", "2026-10"} <= months
    alone = flywheel("kpis", str(older), "--by", "month", "--format", "json")  # no flywheel.yaml at all
    assert alone.code == 0, alone.err
    assert {row["scope"]["month"] for row in json.loads(alone.out)["rows"]} == {"2026-09", None}
