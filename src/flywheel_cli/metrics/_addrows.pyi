"""Types of the compiled Payments loop (_addrows.c); metrics/payments_fold.py holds the reference loop."""

from collections.abc import Callable
from typing import Any

class Unfit(Exception):
    """A value the machine integers cannot hold: the fold goes on in Python."""

def add_rows(
    rows: list[tuple[str, ...]],
    groups: dict[tuple[Any, ...], list[Any]],
    heads: dict[str, Any],
    outside: object,
    columns: tuple[dict[str, Any], ...],
    plain: tuple[bool, ...],
    texts: Callable[[str, str, str, str, str], tuple[Any, ...]],
    where: list[int],
) -> None: ...
def export(groups: dict[tuple[Any, ...], list[Any]]) -> None: ...
