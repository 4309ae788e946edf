"""Command-line entry point. Keep this module light: `flywheel --help` must not import rich,
pydantic, yaml or tabulate (DESIGN principle 7); commands import what they need when they run."""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import sys
from typing import TYPE_CHECKING, Any, NoReturn

from flywheel_cli.core.errors import ExitCode, FlywheelError, UsageError

if TYPE_CHECKING:
    from flywheel_cli.core.code_cache import CodeCache
    from flywheel_cli.core.module_cache import ModuleCache

INTERRUPTED = 130  # the status of a run Ctrl-C stopped (128 + SIGINT), as shells report it
GC_THRESHOLD = 100_000  # new containers between collections of the youngest generation (Python: 700)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    _open_closed_streams()
    debug = "--debug" in args or os.environ.get("FLYWHEEL_DEBUG") == "1"
    caches = _code_caches(args)
    try:
        _run(args, debug)
    finally:
        try:
            for cache in caches:
                cache.save()
        except KeyboardInterrupt:  # the output is written; the caches are whole or not written at all
            say("flywheel: interrupted")
            sys.exit(INTERRUPTED)


def _open_closed_streams() -> None:
    """Started with standard output or error closed (`>&-`, some cron set-ups), Python has None for it,
    and `print(…, file=None)` would write an error message to standard output. Such a stream writes to
    the null device instead: the output goes nowhere, the exit status still counts."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115  # for the process


def entry() -> None:
    """The `flywheel` console script (and `python -m flywheel_cli`): `main`, then out at once.

    Python's own exit frees every object and module one at a time: after a report, ~25,000 objects and
    ~270 modules, 20-40 ms of a 0.2 s run on a 2-core machine (docs/decisions.md, "Start-up"), memory the
    operating system takes back whole anyway. So once `main` is done, what Python's exit does first is
    done, in its order — threads that are not daemons waited for, the atexit functions run
    (multiprocessing's among them), the standard streams flushed — and the process ends with
    `os._exit` and the status `main` chose. Called as a library function, `main` raises SystemExit as
    before.

    The cyclic garbage collector runs every 100,000 new containers instead of every 700: a report
    on a small file made ~100 collections (~10 ms), nearly all while importing modules that live
    as long as the process. Reading frees nearly everything by reference counting, so memory stays
    where it was (docs/decisions.md, "Start-up", has the peaks)."""
    gc.set_threshold(GC_THRESHOLD, 10, 10)
    try:
        main()
        code = int(ExitCode.OK)
    except SystemExit as exc:
        code = _exit_status(exc.code)
    # Python's own order (Py_FinalizeEx): wait for threads that are not daemons, run the atexit
    # functions, flush the standard streams; then, instead of freeing everything, leave.
    threading = sys.modules.get("threading")
    wait_for_threads = getattr(threading, "_shutdown", None)
    if wait_for_threads is not None:
        wait_for_threads()
    run_atexit = getattr(atexit, "_run_exitfuncs", None)
    if run_atexit is not None:
        run_atexit()
    os._exit(_flushed(code))


def _flushed(code: int) -> int:
    """Flush stdout and stderr as Python's own exit would, and the status to end with: a reader that
    left is no error (as in `main`); output that cannot be written (a full disk) is said, and a
    successful run's status becomes 2, as when `emit` meets it; a closed stream (`>&-`) is None."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            continue
        try:
            stream.flush()
        except BrokenPipeError:
            if stream is sys.stdout:
                silence_stdout()
        except (OSError, ValueError) as exc:
            error = unwritable_stdout(exc)
            if stream is sys.stdout:
                with contextlib.suppress(Exception):
                    print(error.render(), file=sys.stderr)
                    sys.stderr.flush()
            code = code or int(error.exit_code)
    return code


def unwritable_stdout(exc: Exception) -> UsageError:
    """The error for standard output that cannot be written (a full disk, a device that refuses)."""
    reason = getattr(exc, "strerror", None) or exc
    return UsageError(
        f"cannot write to standard output: {reason}",
        hint="free some space, or write the output to a file with --output FILE",
    )


def _exit_status(code: object) -> int:
    """The status `sys.exit(code)` would end the process with (a text is printed, and is 1)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _code_caches(args: list[str]) -> list[CodeCache | ModuleCache]:
    """The compiled code of past runs, installed — submodules (core/module_cache.py) and dataclass
    methods (core/code_cache.py) — unless caching is off; each to `save()` at the end."""
    from flywheel_cli.core import parse_cache

    if "--no-cache" in args or not parse_cache.enabled_by_environment():
        return []
    try:
        folder = parse_cache.cache_dir()
    except RuntimeError:  # no home folder to be found: run without it, as the parse cache does
        return []
    from flywheel_cli.core import code_cache, module_cache

    installed = (module_cache.install(folder), code_cache.install(folder))
    return [cache for cache in installed if cache is not None]


def _run(args: list[str], debug: bool) -> None:
    from flywheel_cli.cli.direct import command_line

    try:
        direct = command_line(args)  # a plain command line runs without importing Typer
        if direct is None:
            code = _run_typer(args)
        else:
            try:
                code = direct()
            except EOFError:
                say("")  # as click does before its Abort: both paths say it alike
                _input_ended()
        if code == INTERRUPTED:  # typer ends a command that Ctrl-C stopped with Exit(130), silently
            raise KeyboardInterrupt
        sys.exit(code if isinstance(code, int) else int(ExitCode.OK))
    except FlywheelError as exc:
        from flywheel_cli.render.human import visible

        with contextlib.suppress(OSError):  # output that cannot be written is itself the error said
            sys.stdout.flush()
        say(visible(exc.render()))  # a path or cell may hold escape sequences
        sys.exit(int(exc.exit_code))
    except BrokenPipeError:
        # `flywheel kpis … | head`: the reader left; say nothing, like other Unix tools.
        silence_stdout()
        sys.exit(int(ExitCode.OK))
    except KeyboardInterrupt:
        say("flywheel: interrupted")
        sys.exit(INTERRUPTED)
    except Exception as exc:
        if debug:
            raise
        say(
            f"flywheel: internal error: {type(exc).__name__}: {exc}",
            "hint: this is a bug; run again with --debug for the traceback and report it",
        )
        sys.exit(int(ExitCode.INTERNAL))


def _run_typer(args: list[str]) -> Any:
    """Run the command line through Typer: what the command returned (its exit status, or None)."""
    from flywheel_cli.cli.app import register
    from flywheel_cli.cli.commands import COMMANDS

    app = register(args[0] if args and args[0] in COMMANDS else None)
    try:
        return app(args=args, prog_name="flywheel", standalone_mode=False)
    except Exception as exc:
        if type(exc).__name__ == "Abort":  # typer turns EOFError and Ctrl-C into Abort
            if isinstance(exc.__cause__ or exc.__context__, KeyboardInterrupt):
                raise KeyboardInterrupt from None
            _input_ended()
        if not _is_usage_error(exc):
            raise
        if type(exc).__name__ == "NoArgsIsHelpError":  # `flywheel` alone: the help, as before
            say(exc.format_message())  # type: ignore[attr-defined]
        else:
            say(_usage_line(exc))
        sys.exit(int(ExitCode.BAD_INPUT))


def _input_ended() -> NoReturn:
    say(
        "flywheel: error: an input ended unexpectedly (a cut file or a closed pipe)",
        "hint: download the report again, or pass the file instead of a pipe",
    )
    sys.exit(int(ExitCode.BAD_INPUT))


def _is_usage_error(exc: Exception) -> bool:
    """Typer's (vendored click's) errors for bad usage: an unknown option, a missing argument, a
    choice not among the choices. Told apart by their interface, since click is not imported here."""
    return hasattr(exc, "format_message") and hasattr(exc, "ctx") and getattr(exc, "exit_code", None) == 2


def _usage_line(exc: Any) -> str:
    """One line, like every other error (`flywheel: error: …`), and a hint, instead of click's
    four-line Usage block."""
    from flywheel_cli.render.human import visible

    message = " ".join(str(exc.format_message()).split())
    context = getattr(exc, "ctx", None)
    command = context.command_path if context is not None else "flywheel"
    return f"flywheel: error: {visible(message)}\nhint: `{command} --help` lists the options, with examples"


def silence_stdout() -> None:
    """Standard output's reader has left: what is still buffered, or written later, goes to the null
    device, so that neither a later write nor the exit's flush fails again."""
    _to_null(sys.stdout)


def say(*lines: str) -> None:
    """Lines on standard error. When they cannot be written — its reader left (`2>&1 | head`), a full
    disk — they are lost, never the command's status: standard error goes to the null device from
    here, and a gate that fails, or a usage error, still exits as it would have."""
    try:
        for line in lines:
            print(line, file=sys.stderr)
    except OSError:
        silence_stderr()


def silence_stderr() -> None:
    """Standard error's reader has left (`2>&1 | head`): warnings go to the null device from here, and
    the command goes on to its own status (a gate that fails still exits 1)."""
    _to_null(sys.stderr)


def _to_null(stream: Any) -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, stream.fileno())
    os.close(devnull)
