"""reports/batches.py, found by review: the fast path must read a block as the csv module path reads it."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import flywheel
from tests.test_payments_fold_edges import HEADER, ROW


def test_an_unquoted_tab_file_keeps_its_quotes_on_the_fast_path(tmp_path: Path) -> None:
    # A tab-delimited file with an unquoted header is read with QUOTE_NONE: quotes are text, so a row
    # written `"Oct 1, 2026 …"<TAB>"Order"…` has a date cell with quotes in it, which is refused, located
    # (as `inspect` does, and as kpis does when the quoted rows start at any other line). With exactly
    # 50 plain rows (the reader's sample) the quoted rows open the first fast-path block, whose pattern
    # is chosen by `text.startswith('"')` — quoted — and their quotes are stripped: exit 0.
    cells = [ROW.get(name, "0" if "tax" in name or "credits" in name else "") for name in HEADER]
    plain = "\t".join(cells)
    quoted = "\t".join(f'"{c}"' for c in cells)
    path = tmp_path / "payments.txt"
    path.write_text("\n".join(["\t".join(HEADER), *[plain] * 50, *[quoted] * 5]) + "\n", encoding="utf-8")
    inspected = flywheel("inspect", str(path))
    assert inspected.code == 2
    assert inspected.err.startswith(f"{path}:52:1: error: a date was expected in column 'date/time'")
    result = flywheel("kpis", "--no-cache", str(path))
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"{path}:52:1: error: a date was expected in column 'date/time'")
