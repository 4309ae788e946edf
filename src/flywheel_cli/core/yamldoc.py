"""YAML documents (flywheel.yaml, rule files) loaded safely, with every node's line and column kept,
so that a schema error can be reported at `file:line:col`."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from flywheel_cli.core.errors import ConfigError

Marks = dict[tuple[Any, ...], tuple[int, int]]  # path of keys/indexes → (line, column), 1-based


def load(path: Path) -> tuple[Any, Marks]:
    import yaml

    class Loader(yaml.SafeLoader):
        """Safe YAML; numbers with a fraction become Decimal (money is never a float)."""

    def decimal(loader: Any, node: Any) -> Decimal:
        text = str(loader.construct_scalar(node))
        try:
            value = Decimal(text.replace("_", ""))
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite():  # .nan / .inf: not a number anything here can use
            mark = node.start_mark
            raise ConfigError(f"{text!r} is not a finite number", path=str(path), line=mark.line + 1,
                              column=mark.column + 1)  # fmt: skip
        return value

    Loader.add_constructor("tag:yaml.org,2002:float", decimal)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError("no such file", path=str(path)) from None
    except UnicodeDecodeError:
        raise ConfigError("not UTF-8 text", path=str(path), hint="save the file as UTF-8") from None
    try:
        loader = Loader(text)
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
    marks: Marks = {}
    if node is not None:
        _walk(node, (), marks)
    return data, marks


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
    where = ".".join(str(part) for part in loc) or "the document"
    message = error["msg"].removeprefix("Value error, ")
    message = message[0].lower() + message[1:]
    if error["type"] == "extra_forbidden":
        message = "unknown key"
    return ConfigError(f"{where}: {message}", path=str(path), line=line, column=column)
