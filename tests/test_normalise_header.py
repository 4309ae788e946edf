"""`normalise_header` has a fast path for ASCII cells; it must give what the general rule gives."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from flywheel_cli.reports.spec import normalise_header

_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-", "\u2019": "'", "\u2018": "'"})  # fmt: skip


def general_rule(cell: str) -> str:
    """The rule as documented: NFKC, casefold, dashes, whitespace collapsed by re's \\s, stripped."""
    text = unicodedata.normalize("NFKC", cell.replace("\ufeff", "")).casefold().translate(_DASHES)
    return re.sub(r"\s+", " ", text).strip()


@given(st.text(alphabet=st.characters(max_codepoint=0x7F)))
def test_ascii_cells_normalise_as_the_general_rule_says(cell: str) -> None:
    assert normalise_header.__wrapped__(cell) == general_rule(cell)


@given(st.text())
def test_any_cell_normalises_as_the_general_rule_says(cell: str) -> None:
    assert normalise_header.__wrapped__(cell) == general_rule(cell)


def test_real_header_cells() -> None:
    cases = {
        "\ufeffdate/time": "date/time",
        "  Total   Product\tCharges ": "total product charges",
        "Umsätze\u00a0(Brutto)": "umsätze (brutto)",
        "Sales \u2013 B2B": "sales - b2b",
        "\x1cSKU\x1f": "sku",  # file separators are whitespace to str.split and to re's \s alike
    }
    assert {cell: normalise_header(cell) for cell in cases} == cases
