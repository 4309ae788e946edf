"""The module cache (core/module_cache.py): kept code serves only the very file Python's path finder
finds, unchanged; anything else is imported as usual and kept for the next run."""

from __future__ import annotations

import importlib
import marshal
import os
import shutil
import sys
from pathlib import Path
from typing import Any

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
def fresh(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Import `mcpkg.leaf` from `roots` through a module cache in `cache_file`, as a new process would:
    the cache installed as flywheel installs it, nothing of mcpkg imported yet."""

    def run(roots: Path | list[Path], cache_file: Path, *hooks: Any) -> tuple[Any, ModuleCache]:
        for name in [name for name in sys.modules if name == "mcpkg" or name.startswith("mcpkg.")]:
            monkeypatch.delitem(sys.modules, name)
        finders = [*hooks, *(f for f in sys.meta_path if not isinstance(f, ModuleCache))]
        monkeypatch.setattr(sys, "meta_path", finders)
        cache = module_cache.install(cache_file.parent)
        assert cache is not None
        paths = roots if isinstance(roots, list) else [roots]
        monkeypatch.setattr(sys, "path", [*map(str, paths), *sys.path])
        importlib.invalidate_caches()
        return importlib.import_module("mcpkg.leaf"), cache

    return run


def _kept(module: Any) -> bool:
    return isinstance(module.__spec__.loader, _KeptLoader)


def _cache_file(tmp_path: Path) -> Path:
    tag = sys.implementation.cache_tag
    return tmp_path / "cache" / f"code-modules-{tag}-opt{sys.flags.optimize}.marshal"


def test_a_module_is_kept_then_served_the_same(fresh, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root, cache_file = tmp_path / "src", _cache_file(tmp_path)
    _package(root)
    first, cache = fresh(root, cache_file)
    assert first.VALUE == 1 and not _kept(first)
    cache.save()
    origin = str(root / "mcpkg" / "leaf.py")
    assert {("mcpkg", str(root / "mcpkg" / "__init__.py")), ("mcpkg.leaf", origin)} <= set(
        ModuleCache(cache_file).kept
    )
    again, _ = fresh(root, cache_file)
    assert again.VALUE == 1 and _kept(again) and _kept(sys.modules["mcpkg"])
    assert again.__file__ == first.__file__ == origin and sys.modules["mcpkg"].__path__ == [
        str(root / "mcpkg")
    ]
    loader = again.__spec__.loader
    assert loader.code is None and loader.get_code("mcpkg.leaf").co_names == ("VALUE",)  # let go, then read


@pytest.mark.parametrize("change", ["size", "time", "nothing seen"])
def test_a_changed_source_is_imported_anew_and_kept_again(fresh, tmp_path: Path, change: str) -> None:  # type: ignore[no-untyped-def]
    root, cache_file = tmp_path / "src", _cache_file(tmp_path)
    leaf_file = _package(root) / "leaf.py"
    _, cache = fresh(root, cache_file)
    cache.save()
    before = leaf_file.stat()
    leaf_file.write_text("VALUE = 22\n" if change == "size" else "VALUE = 2\n", encoding="utf-8")
    if (
        change == "time"
    ):  # the same size, a time one nanosecond later (a .pyc's check, to the second, misses it)
        os.utime(leaf_file, ns=(before.st_atime_ns, before.st_mtime_ns + 1))
    elif change == "nothing seen":  # the same size and the old time put back: only the change time tells
        os.utime(leaf_file, ns=(before.st_atime_ns, before.st_mtime_ns))
    changed, cache = fresh(root, cache_file)
    assert (22 if change == "size" else 2) == changed.VALUE and not _kept(changed)
    cache.save()
    again, _ = fresh(root, cache_file)
    assert again.VALUE == changed.VALUE and _kept(again)


def test_a_copy_that_keeps_the_times_is_not_served_the_kept_code(fresh, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root, cache_file = tmp_path / "src", _cache_file(tmp_path)
    leaf_file = _package(root) / "leaf.py"
    _, cache = fresh(root, cache_file)
    cache.save()
    other = tmp_path / "other.py"
    other.write_text("VALUE = 5\n", encoding="utf-8")  # the same size
    shutil.copystat(leaf_file, other)
    os.replace(other, leaf_file)  # as `cp -p`, tar or unzip leave it: new content, the old times
    leaf, _ = fresh(root, cache_file)
    assert leaf.VALUE == 5 and not _kept(leaf)


def test_a_module_found_elsewhere_first_is_the_one_imported(fresh, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The cache finds nothing itself: a package earlier on the path shadows the kept one, as in Python."""
    kept_root, shadow, cache_file = tmp_path / "kept", tmp_path / "shadow", _cache_file(tmp_path)
    _package(kept_root)
    _, cache = fresh(kept_root, cache_file)
    cache.save()
    _package(shadow, "3")
    leaf, cache = fresh([shadow, kept_root], cache_file)
    assert leaf.VALUE == 3 and not _kept(leaf) and leaf.__file__ == str(shadow / "mcpkg" / "leaf.py")
    cache.save()  # both trees' codes are kept, under their own files
    assert {origin for name, origin in ModuleCache(cache_file).kept if name == "mcpkg.leaf"} == {
        str(kept_root / "mcpkg" / "leaf.py"),
        str(shadow / "mcpkg" / "leaf.py"),
    }


class _Watcher:
    """An import hook before the path finder, as typeguard or a tracer installs one."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        self.seen.append(name)


def test_hooks_before_the_path_finder_still_see_every_import(fresh, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root, cache_file = tmp_path / "src", _cache_file(tmp_path)
    _package(root)
    _, cache = fresh(root, cache_file)
    cache.save()
    watcher = _Watcher()
    leaf, cache = fresh(root, cache_file, watcher)
    assert _kept(leaf) and watcher.seen == ["mcpkg", "mcpkg.leaf"]
    from importlib.machinery import PathFinder

    assert sys.meta_path.index(cache) == sys.meta_path.index(PathFinder) - 1 and sys.meta_path[0] is watcher


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
    root, cache_file = tmp_path / "src", _cache_file(tmp_path)
    _package(root)
    _, cache = fresh(root, cache_file)
    cache.save()
    cache_file.write_bytes(damage(cache_file.read_bytes()))
    leaf, cache = fresh(root, cache_file)
    assert cache.kept == {} and leaf.VALUE == 1 and not _kept(leaf)


def test_a_code_cut_short_is_not_served(tmp_path: Path, fresh) -> None:  # type: ignore[no-untyped-def]
    """A code is served whole or not at all (its bytes are trusted as a .pyc's are: the file is only
    ever replaced whole)."""
    root, cache_file = tmp_path / "src", _cache_file(tmp_path)
    _package(root, "1234567")
    _, cache = fresh(root, cache_file)
    cache.save()
    kept = ModuleCache(cache_file).kept
    leaf = ("mcpkg.leaf", str(root / "mcpkg" / "leaf.py"))
    assert max(kept, key=lambda key: kept[key][1]) == leaf  # imported last, kept last
    cache_file.write_bytes(cache_file.read_bytes()[:-1])
    module, cache = fresh(root, cache_file)
    assert module.VALUE == 1234567 and not _kept(module)  # read from source, not the cut code
    assert _kept(sys.modules["mcpkg"]) and leaf in cache.kept  # the rest of the file still serves
    cache.save()  # the file is whole again
    module, _ = fresh(root, cache_file)
    assert module.VALUE == 1234567 and _kept(module)


def test_a_kept_code_that_is_not_code_is_read_from_source(tmp_path: Path) -> None:
    _package(tmp_path)
    missed: set[tuple[str, str]] = set()
    origin = str(tmp_path / "mcpkg" / "leaf.py")
    loader = _KeptLoader("mcpkg.leaf", origin, marshal.dumps(42), missed)
    assert loader.get_code("mcpkg.leaf").co_names == ("VALUE",)  # type: ignore[union-attr]
    assert missed == {("mcpkg.leaf", origin)}  # kept anew when the cache is saved


@pytest.mark.parametrize("where", ["under a file", "a folder"])
def test_a_cache_that_cannot_be_written_reads_no_code_to_keep(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    if where == "under a file":
        (tmp_path / "afile").write_text("", encoding="utf-8")
        path = tmp_path / "afile" / "x" / "modules.marshal"
    else:
        (path := tmp_path / "modules.marshal").mkdir()

    def read(spec: Any) -> bytes:
        raise AssertionError(f"read the code of {spec.name} for a cache that cannot be written")

    monkeypatch.setattr(module_cache, "_code", read)
    monkeypatch.setattr(module_cache, "file_identity", lambda _: [0, 0, 0, 0, 0])
    ModuleCache(path).save()
    assert not (tmp_path / "afile").is_dir() and (where != "a folder" or path.is_dir())


def test_install_once_a_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "meta_path", [f for f in sys.meta_path if not isinstance(f, ModuleCache)])
    first = module_cache.install(tmp_path)
    assert first is not None and first.path.parent == tmp_path
    assert first.path.name == f"code-modules-{sys.implementation.cache_tag}-opt{sys.flags.optimize}.marshal"
    assert (
        module_cache.install(tmp_path) is None and sum(isinstance(f, ModuleCache) for f in sys.meta_path) == 1
    )


def test_ctrl_c_while_the_caches_are_saved_says_interrupted(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from flywheel_cli import __version__, cli

    class Interrupted:
        def save(self) -> None:
            raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_code_caches", lambda args: [Interrupted()])
    with pytest.raises(SystemExit) as stop:
        cli.main(["--version"])
    assert stop.value.code == cli.INTERRUPTED
    written = capsys.readouterr()
    assert (written.out, written.err) == (f"flywheel {__version__}\n", "flywheel: interrupted\n")


def test_only_index_entries_of_the_right_shape_are_kept() -> None:
    from flywheel_cli.core.module_cache import _valid

    good = ("flywheel_cli.api", "/src/flywheel_cli/api/__init__.py", [1, 2, 3, 4, 5], 0, 10)
    damaged = [
        ("a", "/a.py", (1, 2, 3, 4, 5), 0, 10),  # identity not a list
        ("a", "/a.py", [1, 2, 3, 4, 5], -1, 10),  # offset before the codes
        ("a", "/a.py", [1, 2, 3, 4, 5], 0, -10),
        ("a", "/a.py", [1, 2, 3, 4, 5], "0", 10),
        ("a", b"/a.py", [1, 2, 3, 4, 5], 0, 10),
        ("a", "/a.py", [1, 2, 3, 4, 5], 0),
        ["a", "/a.py", [1, 2, 3, 4, 5], 0, 10],  # marshal keeps tuples as written: a list is not one
        "abcde",
        None,
    ]
    assert _valid([*damaged, good]) == {(good[0], good[1]): (good[2], good[3], good[4])}
    assert _valid({"not": "a list"}) == {} and _valid(None) == {}
