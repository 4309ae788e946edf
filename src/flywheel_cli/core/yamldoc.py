"""YAML documents (flywheel.yaml, rule files) loaded safely, with every node's line and column kept,
so that a schema error can be reported at `file:line:col`."""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from flywheel_cli.core.errors import ConfigError

Marks = dict[tuple[Any, ...], tuple[int, int]]  # path of keys/indexes → (line, column), 1-based

MAX_DEPTH = 50  # nested sequences/mappings; flywheel's own files use fewer than 10
DIGITS = 15  # a number has at most this many digits before the point, and as many after it
_LIMIT: int = 10**DIGITS
_LONGEST_NUMBER = 100  # characters of a number's text, checked before any conversion


# Control characters (C0 but tab, LF and CR; DEL; C1) and the two non-characters YAML refuses.
@functools.cache
def _control() -> re.Pattern[str]:
    """Made on first use: a run whose rules and settings come from the cache reads no YAML."""
    return re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


# A plain scalar that YAML 1.1 leaves as text but that reads as a number with an exponent
# (`1e9`, `1.0e999999999`): pydantic would turn it into a Decimal later, so it is bounded too.
_EXPONENT = r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)[eE][-+]?[0-9]+"  # compiled when first
# used (re keeps it): a run whose flywheel.yaml and rules are cached parses no YAML


def load(path: Path) -> tuple[Any, Marks]:
    """The document and the marks of its nodes. Hostile input is refused, located, before it costs
    time or memory: control characters, aliases (billion laughs, recursion), nesting deeper than
    MAX_DEPTH, duplicate keys, dates that do not exist and numbers out of bounds (see `in_bounds`)."""
    import yaml

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError("no such file", path=str(path)) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path=str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", "replace")) + 1
        raise ConfigError(f"not UTF-8 text: byte 0x{raw[exc.start]:02x}", path=str(path), line=line, column=column,
                          hint="save the file as UTF-8") from None  # fmt: skip
    _refuse_control(path, text)
    try:
        loader = _loader_class(path)(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise ConfigError(
            f"invalid YAML: {exc.problem}",
            path=str(path),
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            hint="check the indentation and quoting near this position",
        ) from None
    except yaml.YAMLError as exc:  # not expected after the checks above: still the user's file, not a bug
        raise ConfigError(f"invalid YAML: {exc}", path=str(path)) from None
    marks: Marks = {}
    if node is not None:
        _walk(node, (), marks)
    return data, marks


def in_bounds(value: int | Decimal) -> bool:
    """Whether a number is one a seller can mean: at most DIGITS (15) digits before the point (below a
    quadrillion) and at most 15 after it, for ints and Decimals alike.

    Prices, costs, thresholds, counts and rates fit with room to spare (a seller's yearly revenue has
    fewer than 12 digits, a rate fewer than 6 decimals); within the bounds Decimal's 28-digit arithmetic
    cannot overflow and every number formats short. Outside them a number is a typo or an attack: a
    5,000-digit int breaks Python's int/str limit (ValueError), `1.0e+999999999` is a finite Decimal that
    overflows the first arithmetic, `0.0e-999999999` formats as a gigabyte of zeros. Exponents are
    allowed (`1.5e+3`) as long as the value is within the bounds."""
    if isinstance(value, int):
        return abs(value) < _LIMIT
    exponent = value.as_tuple().exponent
    return isinstance(exponent, int) and exponent >= -DIGITS and value.adjusted() < DIGITS


def bounded(value: Decimal) -> Decimal:
    """A schema's check that a number written in quotes (`"1e999999999"`, which YAML leaves a string
    and the schema turns into a Decimal) is within the same bounds as a bare one."""
    if not value.is_finite() or not in_bounds(value):
        raise ValueError(
            f"{value} is out of bounds: at most {DIGITS} digits before the point and {DIGITS} after it"
        )
    return value


def _refuse_control(path: Path, text: str) -> None:
    found = _control().search(text)
    if found is None:
        return
    before = text[: found.start()]
    line = len(re.findall(r"\r\n|\r|\n", before)) + 1
    column = found.start() - max(before.rfind("\n"), before.rfind("\r"))
    raise ConfigError(
        f"control character U+{ord(found.group()):04X} in the text",
        path=str(path),
        line=line,
        column=column,
        hint="remove it; a YAML file is plain text (was a binary file given?)",
    )


def _loader_class(path: Path) -> Any:
    """A safe loader for `path` whose refusals are located ConfigErrors."""
    import yaml

    def refuse(message: str, mark: Any, hint: str) -> ConfigError:
        return ConfigError(message, path=str(path), line=mark.line + 1, column=mark.column + 1, hint=hint)

    def out_of_bounds(text: str, mark: Any) -> ConfigError:
        shown = text if len(text) <= 24 else f"{text[:20]}…"
        return refuse(
            f"the number {shown} is out of bounds: at most {DIGITS} digits before the point and {DIGITS} after it",
            mark,
            "write the amount as a plain number such as 1234.56; quote an identifier (a SKU) made of digits",
        )

    class Loader(yaml.SafeLoader):
        """Safe YAML; numbers with a fraction become Decimal (money is never a float)."""

        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.depth = 0

        def compose_node(self, parent: Any, index: int) -> Any:
            if self.check_event(yaml.AliasEvent):  # refused before anything is expanded
                raise refuse(
                    f"YAML aliases are not allowed (*{self.current_event.anchor})",
                    self.current_event.start_mark,
                    "write the value out where it is used",
                )
            if not self.check_event(yaml.SequenceStartEvent, yaml.MappingStartEvent):
                return super().compose_node(parent, index)
            if self.depth >= MAX_DEPTH:
                raise refuse(
                    f"nested more than {MAX_DEPTH} levels deep",
                    self.current_event.start_mark,
                    "flywheel's files need only a few levels of lists and mappings",
                )
            self.depth += 1
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

        def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
            seen: dict[Any, Any] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=deep)
                try:
                    first = seen.setdefault(key, key_node)
                except TypeError:  # an unhashable key: the constructor's own error says so
                    continue
                if first is not key_node:
                    raise refuse(
                        f"duplicate key {key!r} (first at line {first.start_mark.line + 1})",
                        key_node.start_mark,
                        "keep one of them: YAML would silently keep only the last",
                    )
            return super().construct_mapping(node, deep=deep)

    def integer(loader: Any, node: Any) -> int:
        text = str(node.value)
        try:
            value = yaml.SafeLoader.construct_yaml_int(loader, node) if len(text) <= _LONGEST_NUMBER else None
        except ValueError:  # past Python's int/str digit limit
            value = None
        if value is None or not in_bounds(value):
            raise out_of_bounds(text, node.start_mark)
        return value

    def decimal(loader: Any, node: Any) -> Decimal:
        text = str(loader.construct_scalar(node))
        if len(text) > _LONGEST_NUMBER:
            raise out_of_bounds(text, node.start_mark)
        try:
            value = Decimal(text.replace("_", ""))
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite():  # .nan / .inf: not a number anything here can use
            mark = node.start_mark
            raise ConfigError(f"{text!r} is not a finite number", path=str(path), line=mark.line + 1,
                              column=mark.column + 1)  # fmt: skip
        if not in_bounds(value):
            raise out_of_bounds(text, node.start_mark)
        return value

    def string(loader: Any, node: Any) -> str:
        text = str(loader.construct_scalar(node))
        if node.style is None and re.fullmatch(_EXPONENT, text):
            try:
                value = Decimal(text.replace("_", "")) if len(text) <= _LONGEST_NUMBER else None
            except InvalidOperation:
                value = None
            if value is None or not in_bounds(value):
                raise out_of_bounds(text, node.start_mark)
        return text

    def timestamp(loader: Any, node: Any) -> Any:
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
        except (ValueError, OverflowError):
            raise refuse(
                f"{node.value!r} is not a valid date", node.start_mark, "write dates as YYYY-MM-DD"
            ) from None

    Loader.add_constructor("tag:yaml.org,2002:int", integer)
    Loader.add_constructor("tag:yaml.org,2002:float", decimal)
    Loader.add_constructor("tag:yaml.org,2002:str", string)
    Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    return Loader


def load_mapping(path: Path, what: str) -> tuple[dict[str, Any], Marks]:
    """A document whose top level must be a mapping (an empty file is an empty mapping).
    `what` says what the document should be, for the error when it is not."""
    data, marks = load(path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(what, path=str(path), line=1, column=1)
    return data, marks


def _walk(node: Any, path: tuple[Any, ...], marks: Marks) -> None:
    import yaml

    marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = key.value
            marks[(*path, name, "__key__")] = (key.start_mark.line + 1, key.start_mark.column + 1)
            _walk(value, (*path, name), marks)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), marks)


def locate(marks: Marks, loc: tuple[Any, ...]) -> tuple[int | None, int | None]:
    """The mark of the deepest node on `loc` that exists (an extra key points at the key itself)."""
    path = tuple(loc)
    if (*path, "__key__") in marks and path not in marks:
        return marks[(*path, "__key__")]
    while path:
        if path in marks:
            return marks[path]
        if (*path[:-1], path[-1], "__key__") in marks:
            return marks[(*path[:-1], path[-1], "__key__")]
        path = path[:-1]
    return marks.get((), (None, None))


def validation_error(path: Path, marks: Marks, exc: Any) -> ConfigError:
    """The first pydantic error, as a located ConfigError."""
    return validation_errors(path, marks, exc)[0]


def validation_errors(path: Path, marks: Marks, exc: Any) -> list[ConfigError]:
    """Every pydantic error, located; one per position (a union reports each branch: the first is kept)."""
    found: dict[tuple[int | None, int | None], ConfigError] = {}
    for error in exc.errors():
        located = _located(path, marks, error)
        held = found.get((located.line, located.column))
        if held is not None and error["type"] == "missing" and "missing key" in held.message:
            held.message += f", and missing key {str(error['loc'][-1])!r}"  # several, said once
        found.setdefault((located.line, located.column), located)
    return list(found.values())


def _located(path: Path, marks: Marks, error: Any) -> ConfigError:
    loc = tuple(error["loc"])
    while loc and loc not in marks and (*loc, "__key__") not in marks:
        loc = loc[:-1]  # drop pydantic's union-branch and validator names: keep the document's path
    if error["type"] == "extra_forbidden":
        loc = tuple(error["loc"])
    line, column = locate(marks, loc)
    if error["type"] == "extra_forbidden":
        line, column = marks.get((*loc, "__key__"), (line, column))
    where = dotted(loc) or "the document"
    message = error["msg"].removeprefix("Value error, ")
    message = message[0].lower() + message[1:]
    if error["type"] == "extra_forbidden":
        message = "unknown key"
    if error["type"] == "missing":
        name = str(error["loc"][-1])
        message = f"missing key {name!r}" + (f" ({EXPECTED[name]})" if name in EXPECTED else "")
    return ConfigError(f"{where}: {message}", path=str(path), line=line, column=column)


# What a missing key takes, for the error that names it.
EXPECTED = {
    "id": "a kebab-case name, e.g. acos-target",
    "metric": "a metric name: `flywheel metrics` lists them",
    "pack": "a kebab-case name for the file's rules",
    "version": "1",
    "rules": "a list of rules",
    "where": "category, marketplace, sku, asin or tag",
    "periods": "how many periods in a row",
}


def dotted(loc: tuple[Any, ...]) -> str:
    """A document path as people read it: `rules[0].warn.above`."""
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")
