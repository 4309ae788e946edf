"""Every dataclass under src/flywheel_cli has a docstring.

Start-up: for a class without one, `dataclasses` computes `inspect.signature(cls)` to invent a
`__doc__`, about 0.1 ms a class at import (some 6 ms of a 0.2 s start). Documentation: a docstring
says what the type is, where the invented one only repeats its fields.
"""

from __future__ import annotations

import ast

from tests.conftest import ROOT

SRC = ROOT / "src" / "flywheel_cli"


def _names_dataclass(decorator: ast.expr) -> bool:
    """`@dataclass`, `@dataclass(...)`, `@dataclasses.dataclass(...)`."""
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    if isinstance(target, ast.Attribute):
        return target.attr == "dataclass"
    return isinstance(target, ast.Name) and target.id == "dataclass"


def undocumented(source: str, path: str = "<string>") -> list[str]:
    """`path:line:Class` of each dataclass in `source` that has no docstring."""
    return [
        f"{path}:{node.lineno}:{node.name}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ClassDef)
        and any(_names_dataclass(decorator) for decorator in node.decorator_list)
        and ast.get_docstring(node) is None
    ]


def test_every_dataclass_has_a_docstring() -> None:
    found = [
        offender
        for path in sorted(SRC.rglob("*.py"))
        for offender in undocumented(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert not found, "dataclasses without a docstring:\n" + "\n".join(found)


def test_the_check_reports_an_undocumented_dataclass() -> None:
    bare = "import dataclasses\n\n\n@dataclasses.dataclass(frozen=True)\nclass Bare:\n    x: int\n"
    told = 'from dataclasses import dataclass\n\n\n@dataclass\nclass Told:\n    """Told."""\n\n    x: int\n'
    plain = bare.replace("dataclasses.dataclass(frozen=True)", "dataclass")
    assert undocumented(bare) == undocumented(plain) == ["<string>:5:Bare"]
    assert undocumented(told) == []
    assert undocumented("class Plain:\n    x: int\n") == []
