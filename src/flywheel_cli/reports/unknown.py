"""Why a table is not a report flywheel knows, in words a seller can act on.

The message names the closest kinds with the header names they lack, as the export would write them
(never flywheel's field names, never an empty list), and, when the header is in a language no kind
reads, which language it looks like: a Turkish Payments report is not "unknown", it is a Payments
report in a language flywheel does not read yet, and downloading it in English is the fix.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from flywheel_cli.core.errors import InputError, UnknownReportError
from flywheel_cli.reports.spec import NEUTRAL, HeaderMatch, KindSpec, best_match

CLOSEST = 3
NAMED = 3  # missing header names quoted per kind

LANGUAGE_NAMES = {
    "ar": "Arabic", "cs": "Czech", "da": "Danish", "de": "German", "el": "Greek", "en": "English", "es": "Spanish",
    "fr": "French", "he": "Hebrew", "hi": "Hindi", "it": "Italian", "ja": "Japanese", "ko": "Korean", "nl": "Dutch",
    "pl": "Polish", "pt": "Portuguese", "ru": "Russian", "sv": "Swedish", "th": "Thai", "tr": "Turkish",
    "zh": "Chinese", "vi": "Vietnamese",
}  # fmt: skip

# Scripts that name their language (or a close family of them) on their own.
_SCRIPTS = (
    ("ARABIC", "ar"), ("HEBREW", "he"), ("THAI", "th"), ("HANGUL", "ko"), ("HIRAGANA", "ja"),
    ("KATAKANA", "ja"), ("CYRILLIC", "ru"), ("GREEK", "el"), ("DEVANAGARI", "hi"), ("CJK", "zh"),
)  # fmt: skip
# Letters, then words, that only one of the Latin-script languages of Amazon's marketplaces uses in
# report headers. Checked in order: the first language with a hit wins.
_LETTERS = (("tr", "ıİğĞşŞ"), ("pl", "łŁąęśźżńć"), ("cs", "ěřůČŘŠŽ"), ("pt", "ãõ"), ("sv", "å"), ("da", "øæ"),
            ("vi", "ơưạảấầẩẫậắằẳẵặẹẻẽếềểễệ"))  # fmt: skip
_WORDS = (
    ("nl", r"\b(datum/tijd|bestelnummer|totaal|omschrijving|aantal|verkoop)\b"),
    ("sv", r"\b(datum/tid|beställnings|totalt|beskrivning|antal)\b"),
    ("pl", r"\b(data/godzina|zamówienia|rynek|opis|suma)\b"),
    ("tr", r"\b(tarih|sipariş|açıklama|toplam|miktar)\b"),
    ("pt", r"\b(data/hora|descrição|quantidade|pedido)\b"),
    ("de", r"\b(datum/uhrzeit|bestellnummer|beschreibung|menge|gesamt)\b"),
    ("fr", r"\b(date/heure|numéro de la commande|quantité)\b"),
    ("it", r"\b(data/ora|numero ordine|descrizione|quantità|totale)\b"),
    ("es", r"\b(fecha y hora|número de pedido|descripción|cantidad)\b"),
)


def unknown_table(
    path: str, rows: Sequence[Sequence[str]], specs: Sequence[KindSpec], kind: str | None, scanned: int
) -> InputError:
    """The error for a table whose first `scanned` lines (`rows`, split into cells) hold no header of
    `specs` (one spec when `--kind` forced it)."""
    language = _foreign_language(rows, specs)
    # A header in a language no kind reads matches only on language-neutral names (SKU, ASIN): no
    # kind is close to it, and naming one would send the seller the wrong way.
    closest = closest_kinds(rows, specs, forced=kind is not None) if language is None or kind else []
    if kind:
        article = "an" if kind[0] in "aeio" or kind.startswith("fba") else "a"  # "an fba-returns report"
        message = f"not {article} {kind} report: no header row with its columns in the first {scanned} lines"
    else:
        message = f"not a report flywheel knows: no known header row in the first {scanned} lines"
    hints: list[str] = []
    if language is not None:
        name = LANGUAGE_NAMES.get(language, language)
        hints.append(
            f"its header looks {name}{_family(rows)}; flywheel does not read {name} headers yet: download the "
            "report with Seller Central's language set to English"
        )
    if closest:
        hints.append(f"closest kinds: {'; '.join(closest)}")
    elif language is None:
        hints.append(
            "flywheel reads Seller Central and Amazon Ads exports; `flywheel inspect PATH` says what each is"
        )
    if not kind and language is None:
        hints.append("force a kind with --kind")
    return UnknownReportError(message, path=path, hint="; ".join(hints))


def closest_kinds(
    rows: Sequence[Sequence[str]], specs: Sequence[KindSpec], forced: bool = False
) -> list[str]:
    """Up to three kinds whose columns the header rows come nearest to, each with the header names it
    lacks: `payments (lacks 'date/time', 'type')`. A kind none of whose columns is there is not close
    (unless it was forced with --kind: then it is named with the columns it expects)."""
    best: dict[str, HeaderMatch] = {}
    for cells in rows:
        if len(cells) < 2:
            continue
        for match in best_match(specs, cells)[1]:
            held = best.get(match.kind)
            if held is None or (len(match.columns), match.score) > (len(held.columns), held.score):
                best[match.kind] = match
    by_name = {spec.name: spec for spec in specs}
    ranked = sorted(best.values(), key=lambda m: (-len(m.columns), len(m.missing), m.kind))
    closest: list[str] = []
    for match in ranked:
        if len(match.columns) < 2 and not forced:  # one shared name (SKU, Clicks) is not closeness
            continue
        lacking = _lacking(by_name[match.kind], match)
        if not lacking:
            continue
        shown = ", ".join(repr(name) for name in lacking[:NAMED])
        more = f" and {len(lacking) - NAMED} more" if len(lacking) > NAMED else ""
        closest.append(f"{match.kind} (lacks {shown}{more})")
        if len(closest) == CLOSEST:
            break
    if forced and not closest and len(specs) == 1:  # forced, and every required column is there
        closest.append(f"{specs[0].name} (its columns are there, but not as this kind's layouts have them)")
    return closest


def _lacking(spec: KindSpec, match: HeaderMatch) -> list[str]:
    """The header names of the columns a kind requires and the header lacks; when it has them all but
    the kind still refuses it, the names of the columns that tell its layouts apart."""
    fields = {field.name: field for field in spec.fields}
    names = [fields[name].header(match.language) for name in match.missing]
    if names:
        return names
    return [fields[name].header(match.language) for name in spec.signature if name not in match.columns]


def _foreign_language(rows: Sequence[Sequence[str]], specs: Sequence[KindSpec]) -> str | None:
    """The language the widest row (the likely header) is in, when no kind reads that language."""
    header = max(rows, key=len, default=())
    if len(header) < 2:
        return None
    language = guess_language(header)
    if language is None or language in _read_languages(specs):
        return None
    return language


def guess_language(cells: Iterable[str]) -> str | None:
    """A language code for header cells, from their script, letters or words; None for English or
    when nothing tells."""
    text = " ".join(cells)
    folded = text.casefold()
    seen: list[str] = []
    for char in text:
        if char.isalpha() and ord(char) > 0x2FF:
            name = unicodedata.name(char, "")
            seen += [language for script, language in _SCRIPTS if name.startswith(script)][:1]
    if seen:  # kana or hangul beside kanji settle Japanese or Korean; kanji alone read as Chinese
        return next((language for language in ("ja", "ko") if language in seen), seen[0])
    for language, letters in _LETTERS:
        if any(letter in text for letter in letters):
            return language
    for language, pattern in _WORDS:
        if re.search(pattern, folded):
            return language
    return None


def _read_languages(specs: Sequence[KindSpec]) -> set[str]:
    languages = {"en"}
    for spec in specs:
        for field in spec.fields:
            languages.update(key.split("_")[0] for key in field.aliases if key != NEUTRAL)
    return languages


def _family(rows: Sequence[Sequence[str]]) -> str:
    """' (a Payments report)' when the shape says so: a few one-cell preamble lines, then a header of 20
    or more columns, is how every Payments Date Range Report starts; else nothing."""
    widths = [len(cells) for cells in rows]
    header = next((index for index, width in enumerate(widths) if width >= 20), None)
    if header is not None and 2 <= header <= 10 and all(width <= 2 for width in widths[:header]):
        return " (a Payments Date Range Report, by its preamble and columns)"
    return ""
