"""A KindSpec builds its normalised header names on first use (`lookup`; detection reads the generated
index instead): the same answers in any order of calls, equality unchanged, and a thread that matches
while another builds sees a whole table."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence

from flywheel_cli.reports.spec import Field, KindSpec


def _spec(ignored: Mapping[str, Sequence[str]] | None = None, fields: Sequence[Field] = ()) -> KindSpec:
    return KindSpec(name="probe", title="Probe", fields=fields, ignored=ignored or {})


def test_a_spec_with_ignored_names_and_no_fields() -> None:
    spec = _spec({"en": ["Notes", "Comment"]})
    match = spec.match(["notes", "Other"])
    assert spec.ignored_names() == {"notes": "en", "comment": "en"}
    assert match.unknown == ("Other",)
    assert spec.lookup() == {}


def test_ignored_names_first() -> None:
    spec = _spec({"en": ["Notes"]}, [Field("sku", {"*": ["SKU"]}, required=True)])
    assert spec.ignored_names() == {"notes": "en"}
    assert spec.lookup() == {"sku": ("sku", "*")}
    assert spec.match(["SKU", "Notes"]).complete


def test_two_equal_specs_stay_equal_once_one_is_used() -> None:
    """The tables made on first use are not part of what a spec is."""
    fields = [Field("sku", {"*": ["SKU"]}, required=True)]
    used, unused = _spec(fields=fields), _spec(fields=fields)
    used.match(["SKU"])
    assert used == unused


class _SlowAliases(Mapping[str, Sequence[str]]):
    """Aliases whose second language is reached only once `go` is set: a thread switch mid-build."""

    def __init__(self, reached: threading.Event, go: threading.Event) -> None:
        self.data = {"en": ["SKU"], "de": ["Menge"]}
        self.reached, self.go = reached, go

    def __getitem__(self, key: str) -> Sequence[str]:
        return self.data[key]

    def __len__(self) -> int:
        return len(self.data)

    def __iter__(self) -> Iterator[str]:
        yield "en"
        self.reached.set()
        self.go.wait(5)
        yield "de"


def test_match_while_another_thread_builds_the_lookup() -> None:
    """The tables are built whole and then published: a thread matching mid-build never sees half of
    one (no thread of flywheel's matches today; the spec must not depend on that)."""
    reached, go = threading.Event(), threading.Event()
    spec = _spec(fields=[Field("sku", _SlowAliases(reached, go), required=True),
                         Field("units", {"*": ["Units"]}, required=True)])  # fmt: skip
    builder = threading.Thread(target=spec.lookup)
    builder.start()
    assert reached.wait(5)
    try:
        match = spec.match(["SKU", "Units"])
    finally:
        go.set()
        builder.join()
    assert match.complete, match.missing
