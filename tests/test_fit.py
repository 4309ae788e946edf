"""Fitting a table to a width (render/fit.py): what is left out, what wraps, when rows stack."""

from __future__ import annotations

import pytest

from flywheel_cli.render.fit import layout, shorten_paths
from flywheel_cli.render.human import Column, HumanTable, plain, rich_text

LONG_SKU = "ACME-WIRELESS-CHARGER-PAD-15W-BLACK-2PK-V2"  # 42 characters


def _table(**changes: object) -> HumanTable:
    base: dict[str, object] = {
        "title": "Items",
        "columns": [
            Column("sku", keep=True),
            Column("sales", "right"),
            Column("note", min_width=12),
            Column("pack", drop=1),
            Column("market", drop=2),
        ],
        "rows": [
            [LONG_SKU, "$12,345.67", "the best seller of the autumn season by far", "pack-a", "US"],
            ["B2", "-$5.00", "slow", "pack-b", "DE"],
        ],
        "footer": ["total", "$12,340.67", "", "", ""],
    }
    return HumanTable(**{**base, **changes})  # type: ignore[arg-type]


def _lines(text: str) -> list[str]:
    return text.splitlines()


def test_wide_enough_nothing_is_left_out_or_wrapped() -> None:
    fitted = layout(_table(), 200)
    assert (fitted.shown, fitted.dropped, fitted.stacked) == ((0, 1, 2, 3, 4), (), False)
    text = rich_text([_table()], width=200)
    assert "the best seller of the autumn season by far" in text
    assert "left out" not in text


def test_text_wraps_before_any_column_is_left_out() -> None:
    # 42 + 10 + 12 + 6 + 6 + 4 gaps of 2 = 84: the note wraps to 12, nothing dropped.
    fitted = layout(_table(), 84)
    assert fitted.dropped == () and not fitted.stacked
    assert dict(zip(fitted.shown, fitted.widths, strict=True))[2] == 12


def test_columns_are_left_out_highest_drop_first_and_named() -> None:
    fitted = layout(_table(), 83)
    assert fitted.dropped == (4,)  # market (drop=2) goes before pack (drop=1)
    assert layout(_table(), 76).dropped == (4,)  # 42 + 10 + 12 + 6 + 3 gaps = 76
    assert layout(_table(), 75).dropped == (3, 4)
    assert layout(_table(), 68).dropped == (3, 4)  # 42 + 10 + 12 + 2 gaps = 68
    assert layout(_table(), 67).stacked
    text = rich_text([_table()], width=68)
    assert max(len(line) for line in _lines(text)) <= 68
    assert "+2 columns left out to fit 68 columns (pack, market): --format plain or markdown" in " ".join(
        text.split()
    )
    assert LONG_SKU in text.split() and "$12,345.67" in text.split() and "-$5.00" in text.split()


def test_rows_stack_when_the_kept_columns_do_not_fit() -> None:
    fitted = layout(_table(), 60)
    assert fitted.stacked
    text = rich_text([_table()], width=60)
    lines = _lines(text)
    assert max(len(line) for line in lines) <= 60
    assert lines[1] == LONG_SKU  # the row's name on its own line, whole
    assert lines[2].split() == ["sales", "$12,345.67"]
    assert ["pack", "pack-a"] in [line.split() for line in lines]  # nothing left out when stacked
    assert ["total"] in [line.split() for line in lines]
    assert "left out" not in text


def test_a_single_row_stacks_rather_than_lose_a_column() -> None:
    one = _table(rows=[["B2", "-$5.00", "slow", "pack-b", "DE"]], footer=None)
    assert layout(one, 200).dropped == () and not layout(one, 200).stacked
    assert layout(one, 30).stacked  # 33 columns wide: market would go, the block shows it instead
    assert ["market", "DE"] in [line.split() for line in rich_text([one], width=30).splitlines()]


def test_plain_and_markdown_ignore_widths() -> None:
    text = plain([_table()])
    assert "the best seller of the autumn season by far" in text and "market" in text and "DE" in text
    assert "left out" not in plain([_table()], markdown=True)


def test_a_stacked_row_escapes_control_characters() -> None:
    table = _table(rows=[["EVIL\x1b[2J", "$1.00", "x", "p", "US"]])
    text = rich_text([table], width=40)
    assert "\x1b" not in text
    assert "EVIL\\x1b[2J" in text


def test_stacked_findings_keep_their_status_colours(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    table = HumanTable(
        title="Findings",
        columns=[Column("", keep=True), Column("rule", keep=True), Column("finding", min_width=30)],
        rows=[["✗ error", "late-shipment-rate-with-a-long-name", "Late shipment rate 4.62% is over 4%"]],
    )
    coloured = rich_text([table], width=60, color=True)
    assert "\x1b[1;31m✗ error" in coloured  # red (and bold, the block's name)
    plain_screen = rich_text([table], width=60, color=False)
    assert "✗ error  late-shipment-rate-with-a-long-name" in plain_screen  # the mark stays without colour


def test_paths_are_shortened_by_the_folder_they_share() -> None:
    table = HumanTable(
        title="",
        columns=[Column("file", keep=True, path=True), Column("rows", "right")],
        rows=[["exports/2026/oct/payments.csv", "1"], ["exports/2026/oct/ads/sp.csv", "2"]],
    )
    short = shorten_paths(table)
    assert [row[0] for row in short.rows] == ["payments.csv", "ads/sp.csv"]
    assert short.notes[0] == "file: paths relative to exports/2026/oct/"
    assert "exports/2026/oct/ads/sp.csv" in plain([table])  # plain keeps whole paths
    mixed = HumanTable(title="", columns=table.columns, rows=[["a/x.csv", "1"], ["b/y.csv", "2"]])
    assert shorten_paths(mixed) is mixed  # no folder in common: unchanged
