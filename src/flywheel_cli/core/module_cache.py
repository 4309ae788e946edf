"""The compiled code of the modules a run imports, kept between runs in one file beside the code cache.

To import a module from a .py file, Python finds it on its path, then stats the source, works out,
opens, reads and checks the `.pyc` in `__pycache__`, and only then unmarshals the code: for the ~280
modules of a report, ~1,300 system calls (docs/decisions.md, "Start-up"). This cache keeps each
module's code in one file, read a code at a time from one open file.

It is a finder placed just before Python's own path finder on `sys.meta_path` (import hooks, builtin
and frozen modules come first, as without it), and it finds nothing itself: it asks the path finder,
so every module is the file Python would import, found where Python would find it. When that file is
one kept — the same path, device, inode, size, and modification and change times, what git's index
trusts a file unchanged by (a copy that keeps the times has a new inode and change time) — the
module's loader is the usual source loader with the kept code. Anything else — a module not kept, a
source that changed or moved, an extension — is imported as usual, and its code kept at the end for
the next run. The file is headed as the code cache's (core/code_cache.py) and its index checked by
length and CRC-32: a missing, old, cut or damaged file is ignored, and rewritten when the folder can be
written; a failure to write it is ignored. A code is served only whole (read at its length); it is not
checksummed, as Python's own `.pyc` is not: a CRC of the ~4 MB a report imports cost ~15 M
instructions, more than the reads it saved (the file is only ever replaced whole, never written in
place).
`--no-cache` and FLYWHEEL_NO_CACHE=1 leave it alone.
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
from flywheel_cli.core.parse_cache import file_identity

MAGIC = b"flywheel module cache 3\n"  # 3: identities as lists (2: no CRC per code)
MAX_ENTRIES = 2000  # a report imports ~280 modules; past this only the current run's are kept
Identity = list[int]  # device, inode, size, modification and change times (ns): parse_cache.file_identity
Key = tuple[str, str]  # the module's name, its source file
Kept = tuple[Identity, int, int]  # its identity, and its code's offset and length in the file


class ModuleCache:
    """A finder (`sys.meta_path`) giving the path finder's finds their kept code; `save()` keeps new code."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.kept: dict[Key, Kept] = {}
        self.missed: set[Key] = set()  # kept, the file unchanged, but the code cut short or unreadable
        self.tail = 0  # where the codes start in the file
        self.file: int | None = None
        try:
            self.file = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        except OSError:
            return
        found = read_marshalled(self._read, MAGIC)
        if found is not None:
            self.kept, self.tail = _valid(found[0]), found[1]

    def find_spec(self, name: str, path: Sequence[str] | None = None, target: ModuleType | None = None) -> ModuleSpec | None:  # fmt: skip
        spec = PathFinder.find_spec(name, path, target)  # what the next finder would give
        if spec is None or type(spec.loader) is not SourceFileLoader or spec.origin is None:
            return spec
        kept = self.kept.get((name, spec.origin))
        if kept is not None and kept[0] == file_identity(spec.origin):
            code = self._code(kept)
            if code is not None:
                spec.loader = _KeptLoader(name, spec.origin, code, self.missed)
            else:
                self.missed.add((name, spec.origin))  # kept again at the end: the file is rewritten
        return spec

    def save(self) -> None:
        """Keep the code of every module this process imported from source the usual way."""
        new: list[tuple[Key, Identity, ModuleSpec]] = []
        for name, module in list(sys.modules.items()):
            spec = getattr(module, "__spec__", None)
            if spec is None or spec.origin is None:
                continue
            key = (name, spec.origin)
            if type(spec.loader) is SourceFileLoader or (
                isinstance(spec.loader, _KeptLoader) and key in self.missed
            ):
                identity = file_identity(spec.origin)
                kept = self.kept.get(key)
                if identity is not None and (kept is None or kept[0] != identity or key in self.missed):
                    new.append((key, identity, spec))
        if not new or not _writable(self.path):  # a cache that cannot be written: no code read for it
            return
        entries = {key: (kept[0], self._code(kept)) for key, kept in self.kept.items()}
        entries.update((key, (identity, _code(spec))) for key, identity, spec in new)
        if len(entries) > MAX_ENTRIES:  # modules of past versions pile up: keep this run's
            entries = {key: entry for key, entry in entries.items() if key[0] in sys.modules}
        _write(self.path, entries)

    def _read(self, at: int, length: int) -> bytes:
        try:
            return os.pread(self.file, length, at) if self.file is not None else b""
        except OSError:
            return b""

    def _code(self, kept: Kept) -> bytes | None:
        code = self._read(self.tail + kept[1], kept[2])
        return code if len(code) == kept[2] else None


class _KeptLoader(SourceFileLoader):
    """The usual source loader (resources, source, `__file__` as ever), with the kept code, given once
    (the module's import) and then let go: a second ask (a reload) reads the file as usual."""

    def __init__(self, fullname: str, path: str, code: bytes, missed: set[Key]) -> None:
        super().__init__(fullname, path)
        self.code: bytes | None = code
        self.missed = missed  # the cache's: a kept code that does not load is kept anew at the end

    def get_code(self, fullname: str) -> CodeType | None:
        kept, self.code = self.code, None
        try:
            code = marshal.loads(kept) if kept is not None else None
        except (EOFError, ValueError, TypeError):
            code = None
        if isinstance(code, CodeType):
            return code
        if kept is not None:
            self.missed.add((fullname, self.path))
        return super().get_code(fullname)


def _code(spec: ModuleSpec) -> bytes | None:
    """A module's code, marshalled; taken after its identity, so a source changed in between is kept
    with an identity that no longer matches it, never served."""
    loader = spec.loader
    if not isinstance(loader, SourceFileLoader) or not str(spec.origin).endswith(".py"):
        return None
    try:
        code = loader.get_code(spec.name)
    except (OSError, ImportError, SyntaxError, ValueError):
        return None
    return marshal.dumps(code) if code is not None else None


def _writable(path: Path) -> bool:
    """Whether `path` could be written: not a folder, and its nearest existing folder writable."""
    if path.is_dir():
        return False
    folder = path.parent
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return folder.is_dir() and os.access(folder, os.W_OK)


def _write(path: Path, entries: dict[Key, tuple[Identity, bytes | None]]) -> None:
    """An index of the entries (each code's place in the tail) and, after it, their codes: a run reads
    the index and then only the codes it imports."""
    index, codes, at = [], [], 0
    for (name, origin), (identity, code) in entries.items():
        if code is not None:
            index.append((name, origin, identity, at, len(code)))
            codes.append(code)
            at += len(code)
    write_marshalled(path, MAGIC, index, b"".join(codes))


def _valid(index: object) -> dict[Key, Kept]:
    """The index's entries of the right shape — name, source, identity (a list, compared whole), offset
    and length (whole numbers, not negative) — keyed by name and source. Plain type tests: marshal
    makes no subclasses, and a `match` on class patterns took ~8 µs an entry (2.7 ms for 315)."""
    kept: dict[Key, Kept] = {}
    if type(index) is not list:
        return kept
    for item in index:
        if type(item) is not tuple or len(item) != 5:
            continue
        name, origin, identity, at, length = item
        if (
            type(name) is str and type(origin) is str and type(identity) is list
            and type(at) is int and type(length) is int and at >= 0 and length >= 0
        ):  # fmt: skip
            kept[name, origin] = identity, at, length
    return kept


def install(folder: Path) -> ModuleCache | None:
    """Put the cache just before the path finder among the import system's finders (once a process);
    the cache, to `save()` at the end."""
    if any(isinstance(finder, ModuleCache) for finder in sys.meta_path):
        return None
    tag = sys.implementation.cache_tag
    if tag is None or PathFinder not in sys.meta_path:
        return None  # an interpreter without bytecode caching, or an import system of its own
    cache = ModuleCache(folder / f"code-modules-{tag}-opt{sys.flags.optimize}.marshal")
    sys.meta_path.insert(sys.meta_path.index(PathFinder), cache)
    return cache
