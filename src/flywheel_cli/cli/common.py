"""Options shared by the commands, and writing results (stdout, or `--output` only on success)."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

from flywheel_cli.cli import say, silence_stdout, unwritable_stdout
from flywheel_cli.cli.params import argument, option
from flywheel_cli.core.errors import UsageError
from flywheel_cli.core.results import Skipped
from flywheel_cli.metrics.fold import Window
from flywheel_cli.render.formats import Format, resolve

PathsArg = Annotated[
    list[str],
    argument(
        help="Report files or folders (searched recursively); '-' reads standard input.", show_default=False
    ),
]


def format_option(allowed: frozenset[Format]) -> Any:
    """`--format` for a command that writes `allowed` (use as `Annotated[Format, format_option(…)]`):
    its help lists those formats only. The type still takes every name, so that another one gets a
    one-line error listing the right ones (check_format)."""
    names = "|".join(f.value for f in Format if f is Format.AUTO or f in allowed)
    return option(
        "--format",
        "-f",
        help="Output format. auto: table on a terminal, plain otherwise.",
        case_sensitive=False,
        metavar=f"<{names}>",
    )


OutputOpt = Annotated[
    Path | None,
    option(
        "--output",
        "-o",
        help="Write the output to FILE (only when the command succeeds); without --format, FILE's extension "
        "names the format (.json, .csv, .md, .html …).",
        dir_okay=False,
    ),
]
KindOpt = Annotated[
    str | None,
    option("--kind", help="Force the report kind instead of detecting it from the header (e.g. payments)."),
]
EncodingOpt = Annotated[
    str | None,
    option(
        "--encoding",
        help="Decode inputs with this encoding (e.g. cp1252, cp932, gbk) instead of detecting it.",
    ),
]
NoCacheOpt = Annotated[
    bool,
    option(
        "--no-cache",
        help="Read every input, rule file and flywheel.yaml again instead of reusing its parsed form "
        "from the last run (the cache is keyed by each file's content; FLYWHEEL_CACHE_DIR moves it).",
    ),
]
QuietOpt = Annotated[bool, option("--quiet", "-q", help="Print no summaries or warnings on stderr.")]
DebugOpt = Annotated[bool, option("--debug", help="Show a traceback on internal errors.")]


# `-o FILE` without --format: the format its extension names.
_BY_SUFFIX = {".json": Format.JSON, ".ndjson": Format.NDJSON, ".jsonl": Format.NDJSON, ".csv": Format.CSV,
              ".md": Format.MARKDOWN, ".markdown": Format.MARKDOWN, ".html": Format.HTML, ".htm": Format.HTML,
              ".svg": Format.SVG, ".sarif": Format.SARIF, ".xml": Format.JUNIT, ".txt": Format.PLAIN}  # fmt: skip


def check_format(fmt: Format, allowed: frozenset[Format], output: Path | None = None) -> Format:
    """The format to write: `--format`; else, with `--output FILE`, the one FILE's extension names
    (plain for another extension: a file is not a terminal); else `auto`'s choice."""
    if fmt is Format.AUTO and output is not None:
        named = _BY_SUFFIX.get(output.suffix.lower())
        if named is not None and named not in allowed:
            choices = ", ".join(sorted(f.value for f in allowed))
            raise UsageError(
                f"--output {output.name}: this command does not write {named.value}",
                hint=f"give --format (one of: {choices}) or another extension",
            )
        fmt = named or Format.PLAIN
    resolved = resolve(fmt, sys.stdout.isatty(), allowed)
    if resolved not in allowed:
        choices = ", ".join(sorted(f.value for f in allowed))
        raise UsageError(f"--format {fmt.value} is not available here", hint=f"choose one of: {choices}")
    return resolved


def emit(text: str, output: Path | None) -> None:
    """Write the rendered result. A regular file (or a new one) is written whole or not at all (temp
    file + rename), with the permissions it had (a new file: the umask's). Anything else — a device
    such as /dev/null, a FIFO, /dev/stdout on a pipe — is written in place, never replaced."""
    if output is None:
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:  # the reader left (`| head`): say nothing; the command's status stands
            silence_stdout()
        except OSError as exc:  # a full disk, a device that refuses: an error of its own, not a bug
            silence_stdout()  # what the failed flush still holds must not fail again at the exit
            raise unwritable_stdout(exc) from None
        return
    try:
        mode = os.stat(output).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise UsageError(f"cannot write the output: {exc.strerror}", path=str(output)) from None
    if mode is not None and not stat.S_ISREG(mode):
        if stat.S_ISDIR(mode):
            raise UsageError("is a folder; --output takes a file", path=str(output))
        _write_in_place(output, text)
        return
    target = output.resolve()
    if not target.parent.is_dir():
        raise UsageError("the folder does not exist", path=str(output.parent))
    import tempfile  # only when a file is written: kept off the start-up of every command

    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        raise UsageError(f"cannot write in this folder: {exc.strerror}", path=str(output.parent)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(temp, stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _write_in_place(output: Path, text: str) -> None:
    try:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as exc:
        raise UsageError(
            f"cannot write the output: {exc.strerror}",
            path=str(output),
            hint="free some space, or choose another file",
        ) from None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def warn(message: str, quiet: bool) -> None:
    from flywheel_cli.render.human import visible

    if not quiet:
        say(visible(message))  # a path or a SKU may hold escape sequences


def warn_skipped(skipped: Iterable[Skipped], quiet: bool, notes: Iterable[str] = ()) -> None:
    """The run's warnings (duplicates read once, overlaps counted once, mixed periods, missing
    columns …), then one per file met while walking a folder that is not a report."""
    for note in notes:
        warn(f"warning: {note}", quiet)
    for item in skipped:
        warn(f"{item.path}: warning: skipped: {item.reason}", quiet)
        if item.hint:
            warn(f"hint: {item.hint}", quiet)


PeriodOpt = Annotated[
    str | None,
    option(
        "--period",
        help="Only rows dated START..END (inclusive, YYYY-MM-DD; either side may be empty), or a calendar "
        "month YYYY-MM.",
    ),
]


def parse_period(text: str | None) -> Window:
    from datetime import date

    if not text:
        return Window()
    start, sep, end = text.partition("..")
    if not sep and (month := _calendar_month(text)) is not None:
        return month
    if not sep:
        raise UsageError(
            f"--period {text!r} is not START..END or YYYY-MM",
            hint="for example --period 2026-10-01..2026-10-31, or --period 2026-10 for the month",
        )
    try:
        first = date.fromisoformat(start) if start else None
        last = date.fromisoformat(end) if end else None
    except ValueError:
        raise UsageError(
            f"--period {text!r}: dates are YYYY-MM-DD", hint="for example --period 2026-10-01..2026-10-31"
        ) from None
    if first and last and first > last:
        raise UsageError(f"--period {text!r}: the start is after the end")
    return Window(first, last)


def _calendar_month(text: str) -> Window | None:
    """`2026-10` → 2026-10-01..2026-10-31; None when `text` is not YYYY-MM."""
    import calendar
    import re
    from datetime import date

    found = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if found is None or not 1 <= int(found[2]) <= 12:
        return None
    year, month = int(found[1]), int(found[2])
    return Window(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


@contextmanager
def progress_bar(quiet: bool) -> Iterator[Callable[[str, int], None] | None]:
    """Rows read, on stderr, only when stderr is a terminal (never in pipes, cron or CI logs)."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
        console=Console(stderr=True), transient=True,
    ) as bar:  # fmt: skip
        tasks: dict[str, Any] = {}

        def update(path: str, rows: int) -> None:
            if path not in tasks:
                tasks[path] = bar.add_task(path)
            bar.update(tasks[path], description=f"reading {Path(path).name}: {rows:,} rows")

        yield update


ConfigOpt = Annotated[
    Path | None,
    option(
        "--config",
        "-c",
        help="flywheel.yaml to use (default: ./flywheel.yaml, else the one in the folder given).",
        dir_okay=False,
    ),
]


RulesOpt = Annotated[
    list[str] | None,
    option(
        "--rules",
        "-r",
        help="A rule file, a folder of them, or a shipped pack by name (repeatable). "
        "Default: `rules:` in flywheel.yaml, else every shipped pack.",
        show_default=False,
    ),
]
