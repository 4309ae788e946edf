"""SHA-256 without OpenSSL's start-up where the data is small.

`hashlib` imports OpenSSL's bindings, 3–7 ms of a run on a 2-core machine, to hash at ~1.5 GB/s. The
interpreter's own SHA-256 module imports in ~0.3 ms and hashes at ~0.25 GB/s. Both give the same
digest, so data under `LARGE` bytes (cache keys, rule files, a small report) is hashed by the latter
and a run that reads only small files never loads OpenSSL (docs/decisions.md, "Start-up"). Where the
interpreter has no such module under a known name, hashlib does it all.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import Protocol

LARGE = 1 << 20  # bytes: from here OpenSSL's speed pays for its import


class Hasher(Protocol):
    def update(self, data: bytes | memoryview, /) -> None: ...

    def hexdigest(self) -> str: ...


def sha256(size: int = 0) -> Hasher:
    """A new SHA-256 hasher (`update`, `hexdigest`) for about `size` bytes."""
    if size < LARGE:
        small = _interpreters()
        if small is not None:
            return small()
    import hashlib

    return hashlib.sha256()


def hexdigest(data: bytes | memoryview) -> str:
    """The SHA-256 of `data`, as hex."""
    hasher = sha256(len(data))
    hasher.update(data)
    return hasher.hexdigest()


@functools.cache
def _interpreters() -> Callable[[], Hasher] | None:
    for module in ("_sha2", "_sha256"):  # CPython 3.12+, 3.11
        try:
            return importlib.import_module(module).sha256  # type: ignore[no-any-return]
        except (ImportError, AttributeError):
            continue
    return None
