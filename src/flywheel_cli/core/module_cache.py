"""The compiled code of the modules a run imports, kept between runs in one file beside the code cache.

To import a module from a .py file, Python finds it on its path, then stats the source, works out,
opens, reads and checks the `.pyc` in `__pycache__`, and only then unmarshals the code. For the ~280
modules a report imports (flywheel's, typer's, the standard library's), reading the `.pyc` files cost
more than unmarshalling them (docs/decisions.md, "Start-up"). This cache keeps each module's code with
the source file it was compiled from and that file's size and modification time, all in one file read
once.

It is a finder placed first on `sys.meta_path` that finds nothing itself: it asks Python's own path
finder, so every module is the file Python would import, found where Python would find it. When that
file is the one kept, with the same size and time to the nanosecond (stricter than the `.pyc` check,
which trusts a time to the second), the module's loader is the usual source loader with the kept code.
Anything else — a module not kept, a source that changed or moved, an extension, a builtin or frozen
module — is left to the import system as if the cache were not there, and its code kept at the end for
the next run. The file is headed as the code cache's (core/code_cache.py): a missing, old or damaged
file is ignored and rewritten, a failure to write it ignored. `--no-cache` and FLYWHEEL_NO_CACHE=1
leave it alone.
"""

from __future__ import annotations

import marshal
import os
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec, PathFinder, SourceFileLoader
from pathlib import Path
from types import CodeType, ModuleType

from flywheel_cli.core.code_cache import read_marshalled, write_marshalled

MAGIC = b"flywheel module cache 1\n"
MAX_ENTRIES = 2000  # a report imports ~280 modules; past this only the current run's are kept
# name → (source file, its size, its modification time in ns, its marshalled code)
Entry = tuple[str, int, int, bytes | memoryview]


class ModuleCache:
    """A finder (`sys.meta_path`) giving Python's own finds the kept code; `save()` keeps new code."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, Entry] = _read(path)

    def find_spec(self, name: str, path: Sequence[str] | None = None, target: ModuleType | None = None) -> ModuleSpec | None:  # fmt: skip
        entry = self.entries.get(name)
        if entry is None:
            return None  # not kept: the import system as usual
        spec = PathFinder.find_spec(name, path, target)
        if spec is None or type(spec.loader) is not SourceFileLoader or spec.origin != entry[0]:
            return None  # not this file (or not a source): the import system as usual
        origin, size, mtime, code = entry
        try:
            info = os.stat(origin)
        except OSError:
            return None
        if info.st_size != size or info.st_mtime_ns != mtime:
            return None
        spec.loader = _KeptLoader(name, origin, code)
        return spec

    def save(self) -> None:
        """Keep the code of every module this process imported from source the usual way."""
        added: dict[str, Entry] = {}
        for name, module in list(sys.modules.items()):
            spec = getattr(module, "__spec__", None)
            if spec is not None and type(spec.loader) is SourceFileLoader:
                entry = _entry(name, spec, self.entries.get(name))
                if entry is not None:
                    added[name] = entry
        if not added:
            return
        entries = {**self.entries, **added}
        if len(entries) > MAX_ENTRIES:  # modules of past versions pile up: keep this run's
            entries = {name: entry for name, entry in entries.items() if name in sys.modules}
        _write(self.path, entries)
        self.entries = entries


class _KeptLoader(SourceFileLoader):
    """The usual source loader (resources, source, `__file__` as ever), with the kept code."""

    def __init__(self, fullname: str, path: str, code: bytes | memoryview) -> None:
        super().__init__(fullname, path)
        self.code = code

    def get_code(self, fullname: str) -> CodeType | None:
        try:
            code = marshal.loads(self.code)
        except (EOFError, ValueError, TypeError):
            code = None
        return code if isinstance(code, CodeType) else super().get_code(fullname)


def _entry(name: str, spec: ModuleSpec, kept: Entry | None) -> Entry | None:
    """A module's new entry, or None when `kept` is still right (or there is none to make). The
    source's size and time are taken before its code, so a source changed in between is never served
    with the code of before (its new time no longer matches)."""
    origin, loader = spec.origin, spec.loader
    if origin is None or not origin.endswith(".py") or not isinstance(loader, SourceFileLoader):
        return None
    try:
        info = os.stat(origin)
        if kept is not None and kept[:3] == (origin, info.st_size, info.st_mtime_ns):
            return None  # imported before the cache was installed (flywheel's own start), kept as is
        code = loader.get_code(name)
    except (OSError, ImportError, SyntaxError, ValueError):
        return None
    if code is None:
        return None
    return origin, info.st_size, info.st_mtime_ns, marshal.dumps(code)


def _write(path: Path, entries: dict[str, Entry]) -> None:
    """An index of the entries (each code's place in the tail) and, after it, their codes: a run reads
    the file whole but unmarshals only the codes it imports. The index is checked (length and CRC);
    the codes are trusted as Python trusts a .pyc, and a file cut short loses the entries past the cut."""
    index, codes, at = {}, [], 0
    for name, (origin, size, mtime, code) in entries.items():
        index[name] = (origin, size, mtime, at, len(code))
        codes.append(code)
        at += len(code)
    write_marshalled(path, MAGIC, index, b"".join(codes))


def _read(path: Path) -> dict[str, Entry]:
    index, tail = read_marshalled(path, MAGIC, mapped=True)
    if not isinstance(index, dict):
        return {}
    entries: dict[str, Entry] = {}
    for name, item in index.items():
        match item:
            case (str(origin), int(size), int(mtime), int(at), int(length)) if at + length <= len(tail):
                entries[name] = (origin, size, mtime, tail[at : at + length])
    return entries


def install(folder: Path) -> ModuleCache | None:
    """Put the cache first among the import system's finders (once a process); the cache, to `save()`
    at the end."""
    if any(isinstance(finder, ModuleCache) for finder in sys.meta_path):
        return None
    tag = sys.implementation.cache_tag
    if tag is None:
        return None  # an interpreter without bytecode caching
    cache = ModuleCache(folder / f"code-modules-{tag}-opt{sys.flags.optimize}.marshal")
    sys.meta_path.insert(0, cache)
    return cache
