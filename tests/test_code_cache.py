"""The code caches (core/code_cache.py, core/module_cache.py): dataclass methods compiled once, modules
read from one file; the same classes and output either way."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import types
from pathlib import Path

import pytest

from flywheel_cli.core import code_cache
from flywheel_cli.core.code_cache import CodeCache
from flywheel_cli.core.module_cache import ModuleCache

SAMPLE = """
from __future__ import annotations
import dataclasses
from decimal import Decimal

@dataclasses.dataclass(frozen=True, slots=True)
class Row:
    line: int
    sku: str | None
    amount: Decimal = Decimal("0.00")
    tags: tuple[str, ...] = ()
"""


def _sample(
    monkeypatch: pytest.MonkeyPatch, cache: CodeCache | None, name: str = "flywheel_code_cache_sample"
) -> type:
    if cache is not None:
        monkeypatch.setattr(dataclasses, "exec", cache.exec, raising=False)
    module = types.ModuleType(name)
    monkeypatch.setitem(sys.modules, module.__name__, module)  # dataclasses looks its module up
    exec(compile(SAMPLE, "sample.py", "exec", dont_inherit=True), vars(module))
    return vars(module)["Row"]  # type: ignore[no-any-return]


METHODS = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__")


def test_cached_classes_are_the_same_classes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = _sample(monkeypatch, None)
    first = CodeCache(tmp_path / "code.marshal")
    cached = _sample(monkeypatch, first)
    assert first.added == len(METHODS) and first.used == set(first.codes)
    first.save()
    second = CodeCache(tmp_path / "code.marshal")
    again = _sample(monkeypatch, second)
    assert second.added == 0 and len(second.codes) == len(METHODS)  # every method came from the file
    for method in METHODS:
        want = getattr(plain, method).__code__
        for got in (getattr(cached, method).__code__, getattr(again, method).__code__):
            # same bytecode and flags: the cache compiles as `dataclasses` would, not with this
            # module's `from __future__ import annotations`
            assert (got.co_code, got.co_flags, got.co_consts, got.co_names, got.co_varnames) == (
                want.co_code,
                want.co_flags,
                want.co_consts,
                want.co_names,
                want.co_varnames,
            )
    row = again(3, "LMP-01")
    assert repr(row) == "Row(line=3, sku='LMP-01', amount=Decimal('0.00'), tags=())"
    assert row == again(3, "LMP-01") and hash(row) == hash(again(3, "LMP-01"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.line = 4
    assert again.__init__.__annotations__["line"] == "int"  # the class's own annotations, as written


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-40],  # cut short
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit changed
        lambda data: b"flywheel code cache\n\x00\x00\r\n" + data[24:],  # another Python's bytecode
        lambda data: b"",
    ],
)
def test_a_damaged_file_is_ignored_and_rewritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "code.marshal"
    cache = CodeCache(path)
    _sample(monkeypatch, cache)
    cache.save()
    path.write_bytes(damage(path.read_bytes()))
    reread = CodeCache(path)
    assert reread.codes == {}
    _sample(monkeypatch, reread)
    reread.save()
    assert len(CodeCache(path).codes) == len(METHODS)


def test_past_versions_texts_do_not_pile_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "code.marshal"
    cache = CodeCache(path)
    cache.groups["an.old.module"] = {
        f"def f{n}(): pass": compile("pass", "<string>", "exec") for n in range(6)
    }
    monkeypatch.setattr(code_cache, "MAX_ENTRIES", 8)
    _sample(monkeypatch, cache)  # 6 old + 6 of this run: over 8, so only this run's are kept
    cache.save()
    assert set(CodeCache(path).codes) == cache.used and len(cache.used) == len(METHODS)


def test_a_module_s_codes_are_read_when_it_runs_and_a_damaged_group_leaves_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "code.marshal"
    first = CodeCache(path)
    _sample(monkeypatch, first, "flywheel_sample_a")
    _sample(monkeypatch, first, "flywheel_sample_b")
    first.save()
    again = CodeCache(path)
    assert set(again.index) == {"flywheel_sample_a", "flywheel_sample_b"} and again.groups == {}
    _sample(monkeypatch, again, "flywheel_sample_b")
    assert set(again.groups) == {"flywheel_sample_b"} and again.added == 0  # a's group never read
    data = bytearray(path.read_bytes())
    at, length, _ = again.index["flywheel_sample_a"]
    data[len(data) - len(again.tail) + at + length // 2] ^= 1  # a bit of a's group
    path.write_bytes(bytes(data))
    damaged = CodeCache(path)
    _sample(monkeypatch, damaged, "flywheel_sample_a")
    _sample(monkeypatch, damaged, "flywheel_sample_b")
    assert damaged.added == len(METHODS)  # a's compiled again; b's group still served
    assert {module: len(group) for module, group in damaged.groups.items()} == {
        "flywheel_sample_a": len(METHODS),
        "flywheel_sample_b": len(METHODS),
    }


RUN = """
import sys
from flywheel_cli.cli import main
try:
    main(sys.argv[1:])
except SystemExit as stop:
    sys.exit(stop.code)
"""


def _cli(tmp_path: Path, *args: str, no_cache: str = "") -> subprocess.CompletedProcess[str]:
    env = {
        "FLYWHEEL_CACHE_DIR": str(tmp_path / "cache"),
        "FLYWHEEL_NO_CACHE": no_cache,
        "PATH": "/usr/bin:/bin",
    }
    return subprocess.run(
        [sys.executable, "-c", RUN, *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=Path.cwd(),
    )


def test_the_cli_keeps_the_code_of_its_record_types(tmp_path: Path) -> None:
    command = ("kpis", "examples/lumen-lighting", "--format", "json")
    files = lambda: sorted(p.name for p in (tmp_path / "cache").glob("code-*"))  # noqa: E731
    off = _cli(tmp_path, *command, "--no-cache")
    assert off.returncode == 0, off.stderr
    assert files() == []
    off_env = _cli(tmp_path, *command, no_cache="1")
    assert files() == []
    first = _cli(tmp_path, *command)
    tag, level = sys.implementation.cache_tag, sys.flags.optimize
    assert files() == [f"code-{tag}-opt{level}.marshal", f"code-modules-{tag}-opt{level}.marshal"]
    written = [(tmp_path / "cache" / name).stat().st_mtime_ns for name in files()]
    second = _cli(tmp_path, *command)
    assert [(tmp_path / "cache" / name).stat().st_mtime_ns for name in files()] == written  # nothing new
    assert len(CodeCache(tmp_path / "cache" / files()[0]).codes) > 300
    modules = {name for name, _ in ModuleCache(tmp_path / "cache" / files()[1]).kept}
    assert {"flywheel_cli.metrics.payments_fold", "json.decoder"} <= modules
    assert "typer.main" not in modules  # a plain command line runs without Typer (cli/direct.py)
    outputs = {(done.returncode, done.stdout, done.stderr) for done in (off, off_env, first, second)}
    assert len(outputs) == 1 and first.returncode == 0 and '"metrics"' in first.stdout


def test_no_home_folder_runs_without_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    from flywheel_cli import cli
    from flywheel_cli.core import parse_cache

    def homeless() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(parse_cache, "cache_dir", homeless)
    monkeypatch.delenv("FLYWHEEL_NO_CACHE", raising=False)
    assert cli._code_caches(["--version"]) == []
