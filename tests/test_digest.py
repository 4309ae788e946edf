"""core/digest.py hashes small data with the interpreter's own SHA-256 and large data with hashlib's
(OpenSSL): the digests must be the same, and a run over small files must not load OpenSSL."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from flywheel_cli.core import digest

SIZES = [0, 1, 63, 64, 65, digest.LARGE - 1, digest.LARGE, digest.LARGE + 1]


@pytest.mark.parametrize("size", SIZES)
def test_the_same_digest_as_hashlib_at_any_size(size: int) -> None:
    data = os.urandom(size)
    assert digest.hexdigest(data) == hashlib.sha256(data).hexdigest()
    assert digest.hexdigest(memoryview(data)) == hashlib.sha256(data).hexdigest()
    hasher = digest.sha256(size)
    for start in range(0, size, 4096):
        hasher.update(data[start : start + 4096])
    assert hasher.hexdigest() == hashlib.sha256(data).hexdigest()


def test_small_data_goes_to_the_interpreters_module_and_large_to_hashlib() -> None:
    assert type(digest.sha256(0)) is not type(hashlib.sha256())
    assert type(digest.sha256(digest.LARGE)) is type(hashlib.sha256())


def test_without_the_interpreters_module_hashlib_does_it_all(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> None:
        raise ImportError(name)

    digest._interpreters.cache_clear()
    monkeypatch.setattr(digest.importlib, "import_module", missing)
    try:
        assert type(digest.sha256(0)) is type(hashlib.sha256())
        assert digest.hexdigest(b"abc") == hashlib.sha256(b"abc").hexdigest()
    finally:
        digest._interpreters.cache_clear()


PROBE = """
import sys
from flywheel_cli.cli import main
try:
    main({args!r})
except SystemExit:
    pass
print('OPENSSL=' + str('_hashlib' in sys.modules), file=sys.stderr)
"""


def test_a_report_on_a_small_file_loads_no_openssl(tmp_path: Path) -> None:
    """A new small file on a machine where flywheel has run (its rule packs validated in the cache), then
    the same file again: the parse cache's keys and checks, the code cache and the input's SHA-256 are
    all small. (Validating the rule packs the first time imports pydantic, which loads OpenSSL itself.)"""
    env = {**os.environ, "FLYWHEEL_CACHE_DIR": str(tmp_path)}
    env.pop("FLYWHEEL_NO_CACHE", None)
    subprocess.run(
        [sys.executable, "-m", "flywheel_cli", "rules", "list"], env=env, capture_output=True, check=True
    )
    args = ["report", "tests/fixtures/reports/payments/us-32col.csv", "--format", "json"]
    for run in ("new file", "second run"):
        done = subprocess.run(
            [sys.executable, "-c", PROBE.format(args=args)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert "OPENSSL=False" in done.stderr, (run, done.stderr[-500:])
        assert done.stdout.startswith("{"), done.stderr[-500:]
