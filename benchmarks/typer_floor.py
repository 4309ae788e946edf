"""The start-up floor of a Typer command line, for the tiny file's row: a two-command app that reads
the report with `csv` and prints one line of JSON. What any Typer CLI on this Python pays before doing
work of its own; flywheel's `report` on the same file is that plus its own modules and work."""

from __future__ import annotations

import csv
import json

import typer

app = typer.Typer(add_completion=False)


@app.command()
def rows(path: str) -> None:
    """Count the file's CSV records."""
    with open(path, newline="", encoding="utf-8-sig") as file:
        count = sum(1 for _ in csv.reader(file))
    print(json.dumps({"rows": count}))


@app.command()
def version() -> None:
    """A second command, so that Typer builds a group as flywheel's does."""
    print("0")


if __name__ == "__main__":
    app()
