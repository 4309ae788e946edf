"""Detection reads the generated header index (reports/header_index.py) instead of importing every kind:
the index must say what the kinds say, detection must pick what the kinds' own specs pick, and a report
must import only the kinds it reads."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from flywheel_cli.reports import header_index, kind_modules, registry
from flywheel_cli.reports.spec import NEUTRAL, best_match

STALE = "reports/header_index.py is stale: run `make header-index` (tools/header_index.py) and commit it"


def test_the_index_holds_what_the_kinds_declare() -> None:
    assert list(kind_modules.index_modules().items()) == list(header_index.MODULE_OF.items()), STALE
    assert kind_modules.index_tables() == header_index.TABLES, STALE
    assert list(registry.KINDS) == [name for name in header_index.MODULE_OF]


def test_every_kind_module_is_listed() -> None:
    """A module under reports/kinds that defines `KIND` or `KINDS` and is not in MODULES would never
    be detected."""
    holders = set()
    for path in Path(kind_modules.__file__).parent.joinpath("kinds").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets = [t for node in tree.body if isinstance(node, ast.Assign) for t in node.targets]
        if any(isinstance(t, ast.Name) and t.id in {"KIND", "KINDS"} for t in targets):
            holders.add(path.stem)
    assert holders == set(kind_modules.MODULES)


def _headers() -> list[list[str]]:
    """For every table kind and every language it is written in: the header its fields make."""
    headers = []
    for spec in registry.table_specs():
        languages = {language for f in spec.fields for language in f.aliases if language != NEUTRAL} or {"en"}
        headers += [[f.header(language) for f in spec.fields] for language in sorted(languages)]
    return headers


HEADERS = _headers()
NAMES = sorted({cell for header in HEADERS for cell in header})


def _same_detection(header: list[str]) -> None:
    by_index = best_match(registry.header_tables(), header)
    by_kinds = best_match(registry.table_specs(), header)
    assert by_index == by_kinds, header


def test_every_kinds_own_header_is_detected_as_by_the_kinds_specs() -> None:
    assert len(HEADERS) > 40  # 27 table kinds, several in many languages
    detected = set()
    for header in HEADERS:
        _same_detection(header)
        match, _ = best_match(registry.header_tables(), header)
        detected.add(match.kind if match else None)
    assert {"payments", "business-report", "fba-inventory", "settlement", "listings"} <= detected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(NAMES) | st.text(max_size=12), min_size=1, max_size=40))
def test_any_mix_of_known_names_and_junk_is_detected_as_by_the_kinds_specs(header: list[str]) -> None:
    _same_detection(header)


def test_forcing_a_kind_matches_its_table_alone() -> None:
    assert [table.name for table in registry.header_tables("payments")] == ["payments"]
    assert registry.header_tables("seller-performance") == []  # a JSON document: no columns
    assert registry.document_kinds() == ["seller-performance"]


KINDS_PROBE = """
import sys
from flywheel_cli.cli import main
try:
    main({args!r})
except SystemExit:
    pass
kinds = sorted(n.rsplit('.', 1)[1] for n in sys.modules if n.startswith('flywheel_cli.reports.kinds.'))
print('KINDS=' + ','.join(kinds), file=sys.stderr)
"""


def _imported_kinds(args: list[str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", KINDS_PROBE.format(args=args)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stderr.rsplit("KINDS=", 1)[1].strip()


def test_a_payments_report_imports_the_payments_kind_alone() -> None:
    args = ["kpis", "tests/fixtures/reports/payments/us-32col.csv", "--format", "json", "--no-cache"]
    assert _imported_kinds(args) == "base,payments,payments_words"


def test_an_unknown_table_imports_every_kind_for_its_message(tmp_path: Path) -> None:
    """No kind matched: the message names the closest kinds by title, which needs them all."""
    unknown = tmp_path / "mystery.csv"
    unknown.write_text("Alpha,Beta,Gamma\n1,2,3\n", encoding="utf-8")
    imported = _imported_kinds(["kpis", str(unknown), "--no-cache"]).split(",")
    assert set(kind_modules.MODULES) <= set(imported)
