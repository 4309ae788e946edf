"""checks/modules.py matches a module's report kinds with `fnmatchcase` only for patterns that have a
wildcard (compiling each costs start-up): the answer must be fnmatchcase's for any kind and pattern."""

from __future__ import annotations

import fnmatch

from hypothesis import given
from hypothesis import strategies as st

from flywheel_cli.checks.modules import _matches

TEXT = st.text(alphabet="ab-*?[]!", max_size=6)


@given(TEXT.filter(lambda t: not set(t) & set("*?[]")), TEXT)
def test_matches_as_fnmatchcase(kind: str, pattern: str) -> None:
    assert _matches(kind, pattern) == fnmatch.fnmatchcase(kind, pattern)


def test_real_patterns() -> None:
    assert _matches("ads-sp-search-term", "ads-sp-*")
    assert _matches("fba-returns", "fba-returns")
    assert not _matches("fba-returns", "fba-return")
    assert not _matches("FBA-returns", "fba-returns")
