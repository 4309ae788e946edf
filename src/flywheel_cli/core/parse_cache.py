"""The parse cache: each input's fold (metrics/engine.py `fold_reports`), kept so that the next run over the same files reads only new ones.

The weekly run reads a folder of past exports plus one new file; every past file folds to the same
parts as last week. So `fold_reports` keeps each input's `Folded` under a key made of:

- the SHA-256 of the file's bytes (a zip member: the archive's, and the member's name),
- the path as given (messages and `inputs[]` name it), the kind, layout, encoding and delimiter read,
- everything the fold depends on: `--period`, the Payments bucket (day, week, month or none), and what
  flywheel.yaml declares for this file (`spans:`, `marketplaces:`),
- the tool: its version and a fingerprint of its own source files (any edit is a new tool).

An entry is trusted only whole: it starts with a magic line, the format number and the SHA-256 of the
rest, and is written to a temporary file and renamed, so two runs at once or a crash never leave half an
entry; anything else (an old format, a truncated or edited file, a pickle that fails) is ignored and
rebuilt. Hashing a 400 MB file takes about 0.3 s, so the file's hash is itself remembered by its
identity (device, inode, size, modification and change times — what git's index trusts; not for a file
changed in the last few seconds, whose times a second change could leave equal). A file of unknown
identity (new, copied, touched, rewritten) is folded at once and its hash computed as it is read, so
the first run over a file costs no extra pass. Standard input and pipes are never cached.

Entries are pickles: the cache is the user's own folder (created 0700), and a process that can write
there can already change the user's shell start-up files, so a pickle adds no way in. docs/decisions.md
("The parse cache") says more. `--no-cache` (or FLYWHEEL_NO_CACHE=1) bypasses it; `FLYWHEEL_CACHE_DIR`
moves it.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import os
import pickle
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from flywheel_cli.core.digest import Hasher, hexdigest, sha256

T = TypeVar("T")

FORMAT = 1
MAGIC = b"flywheel fold cache\n"
# A file changed less than this long ago may change again within the file system's clock tick without
# its times changing ("racy git"): its hash is not remembered, so it is hashed again next time.
RACY_NS = 3_000_000_000
MAX_ENTRIES = 256  # oldest entries beyond this many are removed when one is written


def cache_dir() -> Path:
    """$FLYWHEEL_CACHE_DIR, else the platform's user cache folder + flywheel."""
    explicit = os.environ.get("FLYWHEEL_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "flywheel"
    if os.name == "nt":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home()) / "flywheel" / "Cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "flywheel"


def validated(
    path: Path, facts: tuple[Any, ...], build: Callable[[], T], expect: type[T], cache: bool = True
) -> T:
    """A small file's validated form (a rule file, flywheel.yaml): `build`'s, kept under the file's
    bytes and `facts`, so the same bytes are validated once per flywheel. With `cache` False
    (`--no-cache`) or FLYWHEEL_NO_CACHE set, `build`'s alone."""
    if not (cache and enabled_by_environment()):
        return build()
    return ParseCache().fold(str(path), None, facts, lambda _: build(), expect, lambda _: _sha256_of(path))


def _sha256_of(path: Path) -> str | None:
    try:
        return hexdigest(path.read_bytes())
    except OSError:
        return None


def enabled_by_environment() -> bool:
    return os.environ.get("FLYWHEEL_NO_CACHE", "") in {"", "0"}


class ParseCache:
    """Where folds are kept; every failure to read or write it is a miss, never an error."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or cache_dir()

    def fold(self, file: str | None, member: str | None, facts: tuple[Any, ...],
             build: Callable[[str | None], T], expect: type[T], digest_of: Callable[[T], str | None]) -> T:  # fmt: skip
        """The cached fold of `file` (None: not a regular file, not cached), or `build`'s, kept.

        A file whose hash is remembered (by its identity) is looked up first; `build` gets that hash.
        Any other file is folded at once — its hash is computed while it is read (`digest_of` the
        fold gives it), so a new file costs no extra pass — and kept under it."""
        identity = file_identity(file) if file is not None else None
        if file is None or identity is None:
            return build(None)
        with contextlib.suppress(OSError):
            self.root.mkdir(parents=True, exist_ok=True, mode=0o700)  # the user's own: nobody else reads it
        note = self.root / "files" / hexdigest(os.path.abspath(file).encode("utf-8", "surrogateescape"))[:40]
        digest = _remembered(note, identity)
        if digest is not None:
            found = _load(self._entry(digest, member, facts), expect)
            if found is not None:
                return found
        folded = build(digest)
        digest = digest or digest_of(folded)
        if digest is None:
            return folded
        if time.time_ns() - max(identity[3], identity[4]) > RACY_NS:
            _write(note, json.dumps({"identity": identity, "sha256": digest}).encode())
        _store(self._entry(digest, member, facts), folded, identity[2])
        self._prune()
        return folded

    def _entry(self, digest: str, member: str | None, facts: tuple[Any, ...]) -> Path:
        key = hexdigest(repr((FORMAT, tool(), digest, member, facts)).encode())
        return self.root / "folds" / key[:2] / key

    def _prune(self) -> None:
        with contextlib.suppress(OSError):
            entries = sorted((self.root / "folds").glob("*/*"), key=lambda p: p.stat().st_mtime)
            for stale in entries[:-MAX_ENTRIES]:
                stale.unlink(missing_ok=True)


@functools.cache
def tool() -> str:
    """flywheel's version and a fingerprint of its source files (name, size, modification time): worked
    out once a process, however many inputs and rule files are looked up."""
    from flywheel_cli import __version__

    package = str(Path(__file__).resolve().parent.parent)
    start = len(package) + len(os.sep)
    listing = []
    folders = [package]
    # os.scandir, not os.walk (half the time: no listing of __pycache__, which holds no source) nor
    # Path.rglob (a third); like both, a symlinked folder is not followed.
    while folders:
        with contextlib.suppress(OSError), os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.name.endswith(".py"):
                    with contextlib.suppress(OSError):
                        info = entry.stat()
                        listing.append((entry.path[start:], info.st_size, info.st_mtime_ns))
                elif entry.name != "__pycache__" and entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
    listing.sort()
    return hexdigest(repr((__version__, listing)).encode())


def file_identity(file: str) -> list[int] | None:
    """What git's index trusts to say a file is unchanged: device, inode, size, modification and change
    times (None when it cannot be read). The parse cache's notes and the module cache keep it."""
    try:
        info = os.stat(file)
    except OSError:
        return None
    return [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def _remembered(note: Path, identity: list[int]) -> str | None:
    """The SHA-256 remembered for a file of this identity, if any."""
    with contextlib.suppress(OSError, ValueError):
        kept = json.loads(note.read_text(encoding="utf-8"))
        if kept.get("identity") == identity and isinstance(kept.get("sha256"), str):
            return str(kept["sha256"])
    return None


def _load(entry: Path, expect: type[T]) -> T | None:
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    head = MAGIC + f"{FORMAT}\n".encode()
    body_at = len(head) + 65
    if not data.startswith(head) or len(data) < body_at:
        return None
    body = memoryview(data)[body_at:]  # not a copy: a year of Payments by day is a 15 MB entry
    if hexdigest(body).encode() != data[len(head) : body_at - 1]:
        return None
    try:
        found = pickle.loads(body)
    except Exception:
        return None
    if not isinstance(found, expect):
        return None
    with contextlib.suppress(OSError):
        os.utime(entry)  # recently used: kept by _prune
    return found


def _store(entry: Path, folded: Any, size: int) -> None:
    """The fold pickled straight into the file, hashed as it is written, the hash then put in front: the
    pickle is never a whole bytes object in memory (nor copied behind the header). `size`: the input's
    (compressed, for an archive), by which core/digest.py picks the hasher: a fold is far smaller than
    its input, so a small input's entry is small (a wrong guess costs speed, never the digest)."""
    head = MAGIC + f"{FORMAT}\n".encode()

    def fill(stream: BinaryIO) -> None:
        stream.write(head + b"0" * 64 + b"\n")
        hashed = _Hashed(stream, sha256(size))
        pickle.dump(folded, hashed, protocol=pickle.HIGHEST_PROTOCOL)
        stream.seek(len(head))
        stream.write(hashed.sha256.hexdigest().encode())

    _write(entry, fill)


class _Hashed:
    """A file that hashes what is written to it (pickle.dump's target)."""

    def __init__(self, stream: BinaryIO, hasher: Hasher) -> None:
        self.stream, self.sha256 = stream, hasher

    def write(self, data: bytes) -> int:
        self.sha256.update(data)
        return self.stream.write(data)


_SERIAL = itertools.count()


def _temporary(folder: Path) -> tuple[int, str]:
    """A new file of the user's only, opened for writing, named for this process (`tempfile.mkstemp`
    without importing `tempfile`, which imports `random`, `shutil` and more: ~5 ms of every run)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(10_000):  # as mkstemp: then give up (an OSError, which the writer ignores)
        name = os.path.join(folder, f".tmp-{os.getpid()}-{next(_SERIAL)}")
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:  # left by a process that had this one's id: the next number
            continue
    raise FileExistsError(f"no free temporary name in {folder}")


def _write(path: Path, data: bytes | Callable[[BinaryIO], None]) -> None:
    """Write whole or not at all (a temporary file renamed into place); failures are ignored. `data` is
    the bytes, or what writes them into the open file (an exception from it: nothing is written)."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = _temporary(path.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                if isinstance(data, bytes):
                    stream.write(data)
                else:
                    data(stream)
            os.replace(temporary, path)
        except BaseException as exc:  # OSError, a fold that does not pickle, Ctrl-C mid-write
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            if not isinstance(exc, Exception):
                raise
