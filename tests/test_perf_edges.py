"""Edges of five small performance changes, from their review: the JSON writer's cache of dict shapes,
adding compact buckets slot by slot, `Amounts.decimal`'s shortcuts, the parse cache's temporary files
and the tool fingerprint's walk. The first two tests were bugs the review found (fixed since)."""

from __future__ import annotations

import os
import stat
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

from flywheel_cli.core import parse_cache
from flywheel_cli.metrics import compact
from flywheel_cli.metrics.compact import LIMIT, NARROW, CompactParts, add_sums
from flywheel_cli.metrics.payments_amounts import _QUANTA, ONE_PLACE, SHIFT, TWO_PLACES, Amounts
from flywheel_cli.render import jsonout


def exactly(parts: Any) -> list[tuple[str, str, str]]:
    return [(name, type(value).__name__, str(value)) for name, value in parts.items()]


# --- bd7a309: jsonout._order -------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def fresh_json_caches() -> Any:
    """Each test starts and ends with jsonout's caches empty."""
    jsonout._ORDERS.clear()
    jsonout._KEYS.clear()
    yield
    jsonout._ORDERS.clear()
    jsonout._KEYS.clear()


def test_a_key_text_never_depends_on_an_earlier_dict() -> None:
    # 1 == True and hash alike: a cache looked up by equality gave {1: 1} the text of {True: 1}.
    jsonout.dumps({True: 1})
    jsonout.dumps({f"k{n}": n for n in range(5000)})  # clears _KEYS, not _ORDERS
    assert jsonout.dumps({1: 1}) == '{\n  "1": 1\n}'


def test_one_off_large_dicts_are_not_kept() -> None:
    # A dict keyed by 20,000 SKUs is written once; kept as a shape it outlived the call (50 such dicts:
    # ~190 MB measured with tracemalloc).
    for day in range(3):
        jsonout.dumps({f"SKU-{day}-{n:05d}": n for n in range(20_000)})
    kept = sum(len(keys) for keys, _, _ in jsonout._ORDERS)
    assert kept == 0 and len(jsonout._KEYS) <= 4096


def test_shape_cache_gives_the_same_text_for_nested_and_ndjson() -> None:
    rows = [{"b": n, "a": {"d": [n, {"z": 1, "y": 2}], "c": None}} for n in range(3)]
    assert jsonout.dumps(rows[0], None) == '{"a": {"c": null,"d": [0,{"y": 2,"z": 1}]},"b": 0}'
    assert jsonout.dumps(rows[1], None) == '{"a": {"c": null,"d": [1,{"y": 2,"z": 1}]},"b": 1}'
    assert jsonout.dumps({"b": 1, "a": {}}) == '{\n  "a": {},\n  "b": 1\n}'
    with pytest.raises(TypeError):  # unsortable keys still raise, as sorted(items) did
        jsonout.dumps({1: 1, "a": 2})


# --- 293bf68: compact.add_sums slot by slot ----------------------------------------------------------


@pytest.mark.parametrize(
    ("mine", "theirs"),
    [
        (D("-1.00"), D("1.00")),  # 0.00, not -0.00
        (D("-7.5"), D("-0.5")),  # negative coefficients: >> and & on negative ints
        (-3, -5),
        (D("0.00001"), D("-0.00003")),
        (D(LIMIT - 1), D(1)),  # past LIMIT: the generic path (the bucket spills)
        (D(1 - LIMIT), D(-1)),
        (D(NARROW // 8 - 1), D(1)),  # past 32 bits: a 64-bit array
        (D("1.5"), D("1.50")),  # different places: aligned, slot by slot
        (1, D(1)),  # an int and a Decimal: the generic path
    ],
)
def test_adding_compact_buckets_equals_decimal_addition(mine: Any, theirs: Any) -> None:
    held, sums = CompactParts({"a": mine, "b": D("2.00")}), CompactParts({"a": theirs, "b": D("-2.00")})
    add_sums(held, sums)
    assert exactly(held) == [
        ("a", type(mine + theirs).__name__, str(mine + theirs)),
        ("b", "Decimal", "0.00"),
    ]
    assert exactly(sums) == [("a", type(theirs).__name__, str(theirs)), ("b", "Decimal", "-2.00")]
    if held._spilt is None and held._slots.typecode == "i":
        assert all(-NARROW <= slot < NARROW for slot in held._slots)


def test_adding_empty_compact_buckets_never_touches_the_shared_empty_array() -> None:
    held = CompactParts()
    add_sums(held, CompactParts())
    add_sums(held, CompactParts({"a": D("1.00")}))
    assert len(compact._EMPTY) == 0 and exactly(held) == [("a", "Decimal", "1.00")]


# --- 669d7d8: Amounts.decimal ------------------------------------------------------------------------


def test_amounts_decimal_is_the_old_formula_digit_and_exponent() -> None:
    def before(encoded: int) -> D:
        cents = encoded >> SHIFT
        counts = encoded - (cents << SHIFT)
        places = 2 if counts & (ONE_PLACE - 1) else 1 if counts else 0
        return D(cents).scaleb(-2).quantize(_QUANTA[places])

    amounts = Amounts("total", D)
    for cents in (*range(-1500, 1501), 10**17 + 3, -(10**17) - 3):
        for two, one in ((0, 0), (0, 1), (0, 2), (1, 0), (2, 3), (5, 0)):
            scaled = cents if two else cents * 10 if one else cents * 100  # what such cells can sum to
            encoded = (scaled << SHIFT) + two * TWO_PLACES + one * ONE_PLACE
            got, want = amounts.decimal(encoded), before(encoded)
            assert (str(got), got.as_tuple()) == (str(want), want.as_tuple()), encoded


# --- 5954c99: parse_cache._temporary / _write --------------------------------------------------------


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".tmp-"))


def test_cache_file_is_private_and_no_temporary_is_left(tmp_path: Path) -> None:
    old_mask = os.umask(0)
    try:
        parse_cache._write(tmp_path / "a" / "entry", b"data")
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE((tmp_path / "a" / "entry").stat().st_mode) == 0o600
    assert (tmp_path / "a" / "entry").read_bytes() == b"data" and temporaries(tmp_path / "a") == []


def test_a_leftover_temporary_with_this_process_name_is_stepped_over(tmp_path: Path) -> None:
    following = int(repr(parse_cache._SERIAL)[6:-1])  # count(N): the next number
    for serial in range(following, following + 3):
        (tmp_path / f".tmp-{os.getpid()}-{serial}").write_bytes(b"someone else's")
    parse_cache._write(tmp_path / "entry", b"data")
    assert (tmp_path / "entry").read_bytes() == b"data"
    assert all((tmp_path / name).read_bytes() == b"someone else's" for name in temporaries(tmp_path))


def test_a_failure_to_open_or_to_fill_is_ignored_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(stream: Any) -> None:
        stream.write(b"half")
        raise RuntimeError("does not pickle")

    parse_cache._write(tmp_path / "entry", broken)
    assert not (tmp_path / "entry").exists() and temporaries(tmp_path) == []

    def refuse(*args: Any, **kwargs: Any) -> int:
        raise PermissionError("read-only folder")

    monkeypatch.setattr(os, "open", refuse)
    parse_cache._write(tmp_path / "entry", b"data")  # no exception
    assert not (tmp_path / "entry").exists()


# --- d040d9d: parse_cache.tool() with os.walk --------------------------------------------------------


def test_fingerprint_follows_every_py_file_and_not_symlinked_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "pkg"
    (package / "core").mkdir(parents=True)
    (package / "metrics" / "deep").mkdir(parents=True)
    (package / "core" / "parse_cache.py").write_text("x = 1\n")
    (package / "metrics" / "deep" / "fold.py").write_text("y = 1\n")
    (package / "data.yaml").write_text("a: 1\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "linked.py").write_text("z = 1\n")
    (package / "rules").symlink_to(elsewhere)  # as src/flywheel_cli/rules is: not walked (nor by rglob)
    monkeypatch.setattr(parse_cache, "__file__", str(package / "core" / "parse_cache.py"))

    def fingerprint() -> str:
        parse_cache.tool.cache_clear()
        return parse_cache.tool()

    first = fingerprint()
    assert fingerprint() == first
    (elsewhere / "linked.py").write_text("z = 22\n")
    assert fingerprint() == first
    (package / "metrics" / "deep" / "fold.py").write_text("y = 22\n")  # another size
    second = fingerprint()
    assert second != first
    os.utime(package / "metrics" / "deep" / "fold.py", ns=(1, 1))  # another time only
    assert fingerprint() != second
    parse_cache.tool.cache_clear()
