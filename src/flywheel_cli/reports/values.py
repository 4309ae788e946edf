"""Locale-aware parsing of the values found in Amazon exports.

Every parser takes the raw cell text and returns a typed value, or `None` for the placeholders Amazon
uses for "no value" (empty, `--`, `—`, `-`, `<5%` …). Missing is never turned into zero. Anything that
is neither a value nor a placeholder raises `ValueError`; the reader turns that into a located error.

Numbers: `$1,234.56`, `"$ 16.22"`, `1.234,56`, `5.255,61 €`, `1 234,56` (space/NBSP groups),
`(2.00)` and U+2212 negatives, Indian grouping `1,08,218.36`, Excel-wrapped `="123"`.
A lone separator followed by exactly three digits is ambiguous (`1,234` / `1.234`); the file's
`decimal_comma` style decides it. Any other lone separator is the decimal mark.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from flywheel_cli.reports.source import MAX_AMOUNT_DIGITS, MAX_VALUE_CHARS, YEARS

_MISS = object()
MISSING = frozenset({"", "-", "--", "---", "—", "–", "−", "n/a", "N/A", "NA", "null", "<5%", "< 5%"})

_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009\t'")
# The patterns below serve cells off the fast path (`$1,234.56`, `1.234,56`, `12,131`), which a
# Payments report read by the bulk reader never meets: they are compiled when a cell first needs them
# (together ~2 ms of a small file's run; docs/decisions.md, "Start-up").


@functools.cache
def _affixes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Everything that may surround the digits of an amount: currency words and symbols, spaces.
    Trailing ones are matched at the start of the reversed text, so both are one left-to-right pass."""
    return (
        re.compile(r"(?:(?:[A-Z]{2,3}\$|[A-Z]{3}|[$£€₹¥￥]|C\$)\s*)*"),
        re.compile(r"(?:(?:[A-Z]{3}|[$£€₹¥￥])\s*)*"),
    )


@functools.cache
def _grouped() -> re.Pattern[str]:
    return re.compile(r"\d{1,3}(?:([,.])\d{2,3})*")


@functools.cache
def _thousands() -> re.Pattern[str]:
    """Whole numbers written with thousands marks: western 1,234,567 / 1.234.567, or Indian 1,08,218."""
    return re.compile(r"\d{1,3}(?:,\d{3})+|\d{1,3}(?:\.\d{3})+|\d{1,2}(?:,\d{2})+,\d{3}")


def unwrap_excel(text: str) -> str:
    """`="123"` (how the Ads console and Excel protect long IDs) → `123`."""
    if text.startswith('="') and text.endswith('"'):
        return text[2:-1]
    return text


def parse_text(raw: str) -> str | None:
    text = raw.strip()
    if text in MISSING:
        return None
    if text[:2] == '="' and text[-1] == '"':
        return text[2:-1]
    return text


_MONEY_CACHES: tuple[dict[str, Decimal | None], dict[str, Decimal | None]] = ({}, {})  # by decimal_comma


def parse_decimal(raw: str, decimal_comma: bool = False) -> Decimal | None:
    """Parse an amount or a number. See the module docstring for the accepted forms.

    Amounts repeat (prices, fees, zeros), so results are cached by cell text: a million-row report
    has far fewer distinct amounts than cells.
    """
    cache = _MONEY_CACHES[decimal_comma]
    found = cache.get(raw, _MISS)
    if found is not _MISS:
        return found  # type: ignore[return-value]
    value = _parse_decimal(raw, decimal_comma)
    if len(cache) > 200_000:
        cache.clear()
    cache[raw] = value
    return value


def parse_decimal_comma(raw: str) -> Decimal | None:
    return parse_decimal(raw, True)


# An amount that shows its decimal mark: one or two decimals after it (`1141,18`, `-1.234,5`; `-8.69`,
# `1,052.64`). Three digits after a lone mark (`1,234`) or none (`0`, `12`) show nothing.
def sample_decimal_comma(cells: Iterable[str]) -> bool | None:
    """Whether a sample of a file's amount cells writes a decimal comma (True) or point (False), by
    which form most of the cells that show one take; None when none shows one."""
    commas = dots = 0
    for cell in cells:
        text = cell.strip()
        if shows_decimals(text, ",", "."):
            commas += 1
        elif shows_decimals(text, ".", ","):
            dots += 1
    return None if commas == dots == 0 else commas > dots


def shows_decimals(text: str, mark: str, group: str) -> bool:
    r"""Whether `text` is an amount with one or two decimals after `mark`, its whole part digits, plain
    or grouped in threes by `group` (`-1.234,56` for ",", "."): what `-?(?:\d{1,3}(?:G\d{3})+|\d+)M\d{1,2}`
    matches, without compiling an expression once a file (~0.3 ms each). `isdecimal` is `\d`: any
    Unicode decimal digit."""
    body = text[1:] if text[:1] == "-" else text
    whole, found, decimals = body.rpartition(mark)
    if not found or not 1 <= len(decimals) <= 2 or not decimals.isdecimal():
        return False
    if whole.isdecimal():
        return True
    head, *groups = whole.split(group)
    return (
        bool(groups)
        and 1 <= len(head) <= 3
        and head.isdecimal()
        and all(len(g) == 3 and g.isdecimal() for g in groups)
    )


def _parse_decimal(raw: str, decimal_comma: bool) -> Decimal | None:
    if len(raw) > MAX_VALUE_CHARS:  # before anything else: no work grows with a cell's length
        raise ValueError(f"not a number: longer than {MAX_VALUE_CHARS} characters")
    text = raw.strip()
    # Fast path for the plain cells that make up most files. A decimal-comma file's `1.234` is
    # one thousand two hundred and thirty-four, so there only dot-free cells take it.
    if _PLAIN_NUMBER.fullmatch(text) and not (decimal_comma and "." in text):
        return _exact(text, raw)
    if text in MISSING:
        return None
    return _parse_decimal_slow(unwrap_excel(text), decimal_comma, raw)


def _exact(number: str, raw: str) -> Decimal:
    """`number` (`-?digits[.digits]`) as a Decimal, if it has at most MAX_AMOUNT_DIGITS significant
    digits (an integer's trailing zeros count): sums of such amounts stay exact in Decimal's 28."""
    if len(number) > MAX_AMOUNT_DIGITS:  # shorter, it cannot have more digits
        whole, _, fraction = number.lstrip("-").partition(".")
        whole, fraction = whole.lstrip("0"), fraction.rstrip("0")
        digits = len(whole) + len(fraction) if whole else len(fraction.lstrip("0"))
        if digits > MAX_AMOUNT_DIGITS:
            raise ValueError(
                f"not an amount: {raw.strip()!r} has more than {MAX_AMOUNT_DIGITS} significant digits"
            )
    return Decimal(number)


def _parse_decimal_slow(text: str, decimal_comma: bool, raw: str) -> Decimal | None:
    signs = 0  # an amount has one sign at most: `--12` or `(-2.00)` is not a number
    if text.startswith("(") and text.endswith(")"):
        signs, text = 1, text[1:-1].strip()
    text = text.replace("\u2212", "-").replace("\u2013", "-")
    if text.startswith("-"):
        signs, text = signs + 1, text[1:].strip()
    text = _strip_currency(text)
    if text.startswith("-"):  # "$-4.00"
        signs, text = signs + 1, text[1:]
    if signs > 1 or text.startswith("-"):
        raise ValueError(f"not a number: {raw.strip()!r} (more than one sign)")
    negative = signs == 1
    text = text.translate(_SPACES)
    if text in MISSING - {""}:
        return None
    number = _normalise_separators(text, decimal_comma)
    if number is None or not _PLAIN_NUMBER.fullmatch(number):
        raise ValueError(f"not a number: {raw.strip()!r}")
    value = _exact(number, raw)
    return -value if negative else value


def _strip_currency(text: str) -> str:
    """`text` without the currency words, symbols and spaces before and after its digits, in one
    left-to-right pass each way (a cell of many `$` costs its length, not its length squared)."""
    text = text.strip()
    leading_affixes, trailing_affixes_reversed = _affixes()
    leading = leading_affixes.match(text)
    text = text[leading.end() if leading else 0 :]
    trailing = trailing_affixes_reversed.match(text[::-1])
    return text[: len(text) - (trailing.end() if trailing else 0)].strip()


def _normalise_separators(text: str, decimal_comma: bool) -> str | None:
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        if text.count(decimal_mark) > 1:
            return None
        return text.replace(group_mark, "").replace(decimal_mark, ".")
    mark = "," if commas else "." if dots else ""
    count = commas or dots
    if not mark:
        return text
    if count > 1:  # only grouping marks: 1,234,567 / 1.234.567 / 1,08,218
        return text.replace(mark, "") if _grouped().fullmatch(text) else None
    head, _, tail = text.partition(mark)
    if len(tail) == 3 and head and head != "0":
        is_grouping = (mark == ".") if decimal_comma else (mark == ",")
        if is_grouping:
            return head + tail
    return f"{head or '0'}.{tail}"


def parse_int(raw: str, decimal_comma: bool = False) -> int | None:
    """A count: `12,131`, `1.234` (DE), `12 131`. Fractional counts are an error."""
    if len(raw) <= MAX_AMOUNT_DIGITS:  # longer cells go through parse_decimal's limits
        if raw.isdigit():
            return int(raw)
        text = raw.strip()
        if text.isdigit():
            return int(text)
    text = raw.strip()
    if text in MISSING:
        return None
    cleaned = unwrap_excel(text).translate(_SPACES)
    if len(cleaned) <= MAX_AMOUNT_DIGITS and _thousands().fullmatch(cleaned):  # 12,131 / 1.234 / 1,08,218
        return int(cleaned.replace(",", "").replace(".", ""))
    value = parse_decimal(text, decimal_comma)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise ValueError(f"not a whole number: {text!r}")
    return int(value)


def parse_int_comma(raw: str) -> int | None:
    return parse_int(raw, True)


def parse_percent(raw: str, decimal_comma: bool = False) -> Decimal | None:
    """`12.5%` / `0,97 %` → Decimal('0.125') / Decimal('0.0097'). Percent columns are percents."""
    text = raw.strip().replace("\u00a0", " ")
    if text in MISSING:
        return None
    if text.endswith("%"):
        text = text[:-1].strip()
    value = parse_decimal(text, decimal_comma)
    return None if value is None else value / 100


def parse_fraction(raw: str, decimal_comma: bool = False) -> Decimal | None:
    """A ratio written either as a percent (`4.6%`) or as a fraction (`0.046`)."""
    text = raw.strip()
    if text.endswith("%"):
        return parse_percent(text, decimal_comma)
    return parse_decimal(text, decimal_comma)


# --- dates -------------------------------------------------------------------------------------

# Month names and abbreviations, one line per month: the only table of them (docs/reports.md, "Dates").
# By language: en, de, fr, it, es; pt (Brazil: `28 de fev. de 2026`, REAL); nl, sv, pl and tr are the
# languages' own names: the date form of those Payments reports is not known (UNCERTAIN).
_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "jan january januar janv janvier gen gennaio ene enero jän jänner janeiro januari sty stycznia styczeń oca ocak",
        "feb february februar févr fevr février fevrier febbraio febrero fev fevereiro februari lut lutego luty şub şubat",
        "mar march märz maerz mrz mars marzo março maart mrt marca marzec mart",
        "apr april avr avril aprile abr abril kwi kwietnia kwiecień nis nisan",
        "may mai maggio mag mayo maio mei maj maja mayıs",
        "jun june juni juin giugno giu junio junho cze czerwca czerwiec haz haziran",
        "jul july juli juil juillet luglio lug julio julho lip lipca lipiec tem temmuz",
        "aug august août aout agosto ago augustus augusti sie sierpnia sierpień ağu ağustos",
        "sep sept september septembre settembre set septiembre setembro wrz września wrzesień eyl eylül",
        "oct october okt oktober octobre ottobre ott octubre out outubro paź października październik eki ekim",
        "nov november novembre noviembre novembro lis listopada listopad kas kasım",
        "dec december dez dezember déc decembre décembre dicembre dic diciembre dezembro gru grudnia grudzień ara aralık",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTHS.setdefault(_name, _number)

_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})(?!\d)")
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?!\d)")
_WORD_SPLIT = re.compile(r"[\s,]+")
_DATE_CACHE: dict[tuple[str, bool], date] = {}


def parse_date(raw: str, day_first: bool = False) -> date | None:
    """Parse the date part of any export's date or date-time cell; the time and zone are dropped.

    `day_first` settles `05/01/26` (UK, IN, EU files write day first; US and MX month first).
    """
    if len(raw) > MAX_VALUE_CHARS:  # a date-time with its zone is under 40 characters
        raise ValueError(f"not a date: longer than {MAX_VALUE_CHARS} characters")
    text = raw.strip()
    # Everything that says which day it is comes before the first ':' (the time); caching on that
    # prefix makes a million-row Payments report parse a few thousand distinct dates, not a million.
    colon = text.find(":")
    key = (text if colon < 0 else text[:colon], day_first)
    cached = _DATE_CACHE.get(key)
    if cached is not None:
        return cached
    if text in MISSING:
        return None
    try:
        parsed = _parse_date(text, day_first)
    except ValueError:
        raise ValueError(f"not a date: {text!r}") from None
    if not YEARS[0] <= parsed.year <= YEARS[1]:  # so that weeks and months around it exist too
        raise ValueError(
            f"a date outside the years {YEARS[0]}–{YEARS[1]} is not a report's; re-download the report"
        )
    if len(_DATE_CACHE) > 50_000:
        _DATE_CACHE.clear()
    _DATE_CACHE[key] = parsed
    return parsed


def _parse_date(text: str, day_first: bool) -> date:
    match = _ISO.match(text)
    if match:
        return date(int(match[1]), int(match[2]), int(match[3]))
    match = _DOTTED.match(text)
    if match:
        return date(_year(match[3]), int(match[2]), int(match[1]))
    match = _SLASHED.match(text)
    if match:
        first, second = int(match[1]), int(match[2])
        day, month = (first, second) if day_first else (second, first)
        return date(_year(match[3]), month, day)
    return _parse_worded_date(text)


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _parse_worded_date(text: str) -> date:
    """`Dec 1, 2017 12:38:23 AM PST`, `1 Jul 2026 4:24:44 am UTC`, `Jan. 5, 2026`, `1 janv. 2026`."""
    month = day = year = None
    for token in _WORD_SPLIT.split(text.casefold()):
        if ":" in token:
            break  # the time: everything after it is time or zone
        token = token.rstrip(".")
        if token.isdigit():
            if len(token) == 4:
                year = int(token)
            elif len(token) <= 2 and day is None:
                day = int(token)
        elif month is None and token in _MONTHS:
            month = _MONTHS[token]
    if month is None or day is None or year is None:
        raise ValueError(text)
    return date(year, month, day)


def parse_date_range(raw: str, day_first: bool = False) -> tuple[date | None, date | None]:
    """`Jul 06, 2026 - Jul 29, 2026` (2025+ Ads console `Date range`) → (start, end)."""
    text = raw.strip()
    if " - " in text:
        start, _, end = text.partition(" - ")
        return parse_date(start, day_first), parse_date(end, day_first)
    single = parse_date(text, day_first)
    return single, single


class CellError(ValueError):
    """A cell that is neither a value nor a placeholder; `column` is the 0-based index."""

    def __init__(self, message: str, column: int, hint: str | None = None) -> None:
        super().__init__(message)
        self.column = column
        self.hint = hint
