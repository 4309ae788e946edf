"""Compiled code for the methods `dataclasses` writes, kept between runs, like Python's own __pycache__.

Every `@dataclass` writes the source of its `__init__`, `__repr__`, `__eq__`, `__hash__` (and, frozen,
`__setattr__`/`__delattr__`) and compiles it with `exec` when its module is imported. flywheel's ~120
record types make ~600 such functions, and compiling them was a third of a small run's time (~75 ms of
~300 ms on a 2-core machine; docs/decisions.md, "Start-up"). Python caches the bytecode of .py files,
not of these strings. So the CLI gives `dataclasses` an `exec` that looks the source text up first: the
code compiled from the same text with the same flags is the same code, so nothing about the classes
changes — only where their code comes from.

The entries live in one file in flywheel's cache folder, named for the interpreter's bytecode tag and
optimisation level, headed by a magic line, the bytecode magic number, and the length and CRC-32 of an
index; after it, the codes in one group a module (the module the class is defined in), each group
with its own CRC-32 and unmarshalled when its module first runs a text (a report meets ~2/3 of them).
A file or group that is missing, old, truncated or damaged is ignored and rewritten; a failure to
write it is ignored. (A check of the file against accidents: a digest written beside the data it checks is no
seal against someone who can write the file, so a CRC does what a SHA-256 did, without loading OpenSSL;
core/digest.py.) `--no-cache` and FLYWHEEL_NO_CACHE=1 leave it alone, as they do the parse cache.
"""

from __future__ import annotations

import builtins
import marshal
import sys
import zlib
from collections.abc import Callable
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType
from typing import Any

MAGIC = b"flywheel code cache 3\n"  # 3: a group of codes a module (2: one dict; 1: SHA-256)
MAX_ENTRIES = 1500  # flywheel's ~750 methods, twice; past this only the current run's are kept


class CodeCache:
    """Source text → code object, by the module the text is run for, loaded from `path` a module at a
    time (a report meets ~2/3 of the kept texts: the others are never unmarshalled); `save()` writes
    it back when it gained entries."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tail, self.index = _load(path)
        self.groups: dict[str, dict[str, CodeType]] = {}
        self.used: set[str] = set()
        self.added = 0

    def exec(self, source: Any, globals: Any = None, locals: Any = None, /, **kwargs: Any) -> None:
        """`exec`, with the compiled form of a source string taken from (or put in) the cache."""
        if isinstance(source, str) and not kwargs:
            group = self._group(str(globals.get("__name__", "")) if isinstance(globals, dict) else "")
            code = group.get(source)
            if code is None:
                # dont_inherit: the flags `dataclasses` itself would compile with, not this module's
                code = compile(source, "<string>", "exec", dont_inherit=True)
                group[source] = code
                self.added += 1
            self.used.add(source)
            source = code
        builtins.exec(source, globals, locals, **kwargs)

    @property
    def codes(self) -> dict[str, CodeType]:
        """Every kept code, of every module."""
        for module in self.index:
            self._group(module)
        return {text: code for group in self.groups.values() for text, code in group.items()}

    def save(self) -> None:
        if not self.added:
            return
        groups = {module: self._group(module) for module in [*self.index, *self.groups]}
        if sum(map(len, groups.values())) > MAX_ENTRIES:  # texts of past versions pile up: keep this run's
            groups = {
                module: {t: c for t, c in group.items() if t in self.used} for module, group in groups.items()
            }
        index, blobs, at = {}, [], 0
        for module, group in groups.items():
            if group:
                blob = marshal.dumps(group)
                index[module] = (at, len(blob), zlib.crc32(blob))
                blobs.append(blob)
                at += len(blob)
        write_marshalled(self.path, MAGIC, index, b"".join(blobs))
        self.added = 0

    def _group(self, module: str) -> dict[str, CodeType]:
        group = self.groups.get(module)
        if group is None:
            group = self.groups[module] = _unpacked(self.tail, self.index.get(module))
        return group


def install(folder: Path) -> CodeCache | None:
    """Give `dataclasses` a caching `exec` (once a process); the cache, to `save()` at the end."""
    import dataclasses

    current = vars(dataclasses).get("exec")
    if isinstance(getattr(current, "__self__", None), CodeCache):
        return None  # already installed: the first caller saves it
    tag = sys.implementation.cache_tag
    if tag is None:
        return None  # an interpreter without bytecode caching
    cache = CodeCache(folder / f"code-{tag}-opt{sys.flags.optimize}.marshal")
    dataclasses.exec = cache.exec  # type: ignore[attr-defined]  # shadows the builtin in that module only
    return cache


CHECK_CHARS = 25  # 16 hex digits of length, 8 of CRC-32, a newline


def write_marshalled(path: Path, magic: bytes, value: Any, tail: bytes = b"") -> None:
    """`value` marshalled into `path`, headed by `magic`, the bytecode magic number, and the length and
    CRC-32 of the marshalled value, then `tail` as it is; written whole or not at all, a failure
    ignored (core/parse_cache.py)."""
    from flywheel_cli.core.parse_cache import _write

    body = marshal.dumps(value)
    _write(path, magic + MAGIC_NUMBER + b"\n" + _check(body) + body + tail)


def read_marshalled(read: Callable[[int, int], bytes], magic: bytes) -> tuple[Any, int] | None:
    """The value `write_marshalled` wrote with this `magic` for this Python, from `read(offset, length)`,
    and the offset its tail starts at; None for a file that is empty, of another kind or Python, cut
    short or damaged."""
    head = magic + MAGIC_NUMBER + b"\n"
    start = read(0, len(head) + CHECK_CHARS)
    if len(start) < len(head) + CHECK_CHARS or not start.startswith(head):
        return None
    try:
        length = int(start[len(head) : len(head) + 16], 16)
    except ValueError:
        return None
    body = read(len(start), length)
    if _check(body) != start[len(head) :]:  # a file cut inside the value fails here too
        return None
    try:
        return marshal.loads(body), len(start) + length
    except Exception:
        return None


def _check(body: bytes | memoryview) -> bytes:
    return f"{len(body):016x}{zlib.crc32(body):08x}\n".encode()


def _load(path: Path) -> tuple[memoryview, dict[str, tuple[int, int, int]]]:
    """The codes' part of the file and its index (module → offset, length and CRC-32 of its group)."""
    nothing: tuple[memoryview, dict[str, tuple[int, int, int]]] = memoryview(b""), {}
    try:
        data = path.read_bytes()
    except OSError:
        return nothing
    found = read_marshalled(lambda at, length: data[at : at + length], MAGIC)
    if found is None or not isinstance(found[0], dict):
        return nothing
    index = {
        module: entry
        for module, entry in found[0].items()
        if isinstance(module, str) and isinstance(entry, tuple) and len(entry) == 3
        and all(isinstance(number, int) for number in entry)
    }  # fmt: skip
    return memoryview(data)[found[1] :], index


def _unpacked(tail: memoryview, entry: tuple[int, int, int] | None) -> dict[str, CodeType]:
    """A module's group of codes; empty when there is none, or it is cut short or damaged."""
    if entry is None:
        return {}
    at, length, crc = entry
    blob = tail[at : at + length]
    if len(blob) != length or zlib.crc32(blob) != crc:
        return {}
    try:
        group = marshal.loads(blob)
    except Exception:
        return {}
    if isinstance(group, dict) and all(
        isinstance(text, str) and isinstance(code, CodeType) for text, code in group.items()
    ):
        return group
    return {}
