"""The module cache (core/module_cache.py): kept code is served only for the file Python itself would
import, unchanged; anything else is imported as usual and kept for the next run."""

from __future__ import annotations

import importlib
import marshal
import os
import sys
from pathlib import Path

import pytest

from flywheel_cli.core import module_cache
from flywheel_cli.core.module_cache import ModuleCache, _KeptLoader


def _package(root: Path, value: str = "1") -> Path:
    package = root / "mcpkg"
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "leaf.py").write_text(f"VALUE = {value}\n", encoding="utf-8")
    return package


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Import `mcpkg.leaf` from `root` through a module cache at `cache_file`, as a new process would:
    the cache first on the finders, nothing of mcpkg imported yet."""

    def run(root: Path | list[Path], cache_file: Path) -> tuple[object, ModuleCache]:
        for name in [name for name in sys.modules if name == "mcpkg" or name.startswith("mcpkg.")]:
            monkeypatch.delitem(sys.modules, name)
        cache = ModuleCache(cache_file)
        monkeypatch.setattr(
            sys, "meta_path", [cache, *(f for f in sys.meta_path if not isinstance(f, ModuleCache))]
        )
        roots = root if isinstance(root, list) else [root]
        monkeypatch.setattr(sys, "path", [*map(str, roots), *sys.path])
        importlib.invalidate_caches()
        leaf = importlib.import_module("mcpkg.leaf")
        return leaf, cache

    return run


def _kept(module: object) -> bool:
    return isinstance(module.__spec__.loader, _KeptLoader)  # type: ignore[attr-defined]


def test_a_module_is_kept_then_served_the_same(fresh, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root, cache_file = tmp_path / "src", tmp_path / "cache" / "modules.marshal"
    _package(root)
    first, cache = fresh(root, cache_file)
    assert first.VALUE == 1 and not _kept(first)
    cache.save()
    assert {"mcpkg", "mcpkg.leaf"} <= set(ModuleCache(cache_file).entries)  # a top-level package too
    again, _ = fresh(root, cache_file)
    assert again.VALUE == 1 and _kept(again) and _kept(sys.modules["mcpkg"])
    assert again.__file__ == first.__file__ and again.__spec__.origin == str(root / "mcpkg" / "leaf.py")
    assert sys.modules["mcpkg"].__path__ == [str(root / "mcpkg")]


@pytest.mark.parametrize("change", ["size", "time"])
def test_a_changed_source_is_imported_anew_and_kept_again(fresh, tmp_path: Path, change: str) -> None:  # type: ignore[no-untyped-def]
    root, cache_file = tmp_path / "src", tmp_path / "cache" / "modules.marshal"
    leaf_file = _package(root) / "leaf.py"
    _, cache = fresh(root, cache_file)
    cache.save()
    before = leaf_file.stat()
    if change == "size":
        leaf_file.write_text("VALUE = 22\n", encoding="utf-8")
    else:  # the same size, a time one nanosecond later: what a .pyc check (to the second) would miss
        leaf_file.write_text("VALUE = 2\n", encoding="utf-8")
        os.utime(leaf_file, ns=(before.st_atime_ns, before.st_mtime_ns + 1))
    changed, cache = fresh(root, cache_file)
    assert (22 if change == "size" else 2) == changed.VALUE and not _kept(changed)
    cache.save()
    again, _ = fresh(root, cache_file)
    assert again.VALUE == changed.VALUE and _kept(again)


def test_a_module_found_elsewhere_first_is_the_one_imported(fresh, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The cache finds nothing itself: a package earlier on the path shadows the kept one, as in Python."""
    kept_root, cache_file = tmp_path / "kept", tmp_path / "cache" / "modules.marshal"
    _package(kept_root)
    _, cache = fresh(kept_root, cache_file)
    cache.save()
    shadow = tmp_path / "shadow"
    _package(shadow, "3")
    leaf, _ = fresh([shadow, kept_root], cache_file)
    assert leaf.VALUE == 3 and not _kept(leaf)
    assert leaf.__file__ == str(shadow / "mcpkg" / "leaf.py")


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:40],  # cut inside the header
        lambda data: data[:60] + bytes([data[60] ^ 1]) + data[61:],  # a bit of the index changed
        lambda data: b"",
        lambda data: b"flywheel module cache 0\n" + data[24:],  # another version of the format
    ],
)
def test_a_damaged_index_is_ignored(tmp_path: Path, fresh, damage) -> None:  # type: ignore[no-untyped-def]
    root, cache_file = tmp_path / "src", tmp_path / "cache" / "modules.marshal"
    _package(root)
    _, cache = fresh(root, cache_file)
    cache.save()
    cache_file.write_bytes(damage(cache_file.read_bytes()))
    leaf, cache = fresh(root, cache_file)
    assert cache.entries == {} and leaf.VALUE == 1 and not _kept(leaf)


def test_a_code_cut_off_is_dropped_and_a_code_that_is_not_code_is_read_from_source(
    tmp_path: Path, fresh
) -> None:  # type: ignore[no-untyped-def]
    root, cache_file = tmp_path / "src", tmp_path / "cache" / "modules.marshal"
    _package(root)
    _, cache = fresh(root, cache_file)
    cache.save()
    whole = ModuleCache(cache_file).entries
    cache_file.write_bytes(cache_file.read_bytes()[:-1])  # the last code cut short: only its entry goes
    assert set(ModuleCache(cache_file).entries) == set(whole) - {list(whole)[-1]}
    leaf, _ = fresh(root, cache_file)
    assert leaf.VALUE == 1
    loader = _KeptLoader("mcpkg.leaf", str(root / "mcpkg" / "leaf.py"), marshal.dumps(42))
    assert loader.get_code("mcpkg.leaf").co_names == ("VALUE",)  # type: ignore[union-attr]


def test_install_once_a_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    first = module_cache.install(tmp_path)
    assert first is not None and sys.meta_path[0] is first
    assert first.path.name == f"code-modules-{sys.implementation.cache_tag}-opt{sys.flags.optimize}.marshal"
    assert (
        module_cache.install(tmp_path) is None and sum(isinstance(f, ModuleCache) for f in sys.meta_path) == 1
    )
