"""Command-line entry point. Keep this module light: `flywheel --help` must not import rich,
pydantic, yaml or tabulate (DESIGN principle 7); commands import what they need when they run."""

from __future__ import annotations

import os
import sys

from flywheel_cli.core.errors import ExitCode, FlywheelError


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args or os.environ.get("FLYWHEEL_DEBUG") == "1"
    from flywheel_cli.cli.app import COMMANDS, register

    try:
        app = register(args[0] if args and args[0] in COMMANDS else None)
        app(args=args, prog_name="flywheel")
    except FlywheelError as exc:
        from flywheel_cli.render.human import visible

        sys.stdout.flush()
        print(visible(exc.render()), file=sys.stderr)  # a path or cell may hold escape sequences
        sys.exit(int(exc.exit_code))
    except BrokenPipeError:
        # `flywheel kpis … | head`: the reader left; say nothing, like other Unix tools.
        _silence_stdout()
        sys.exit(int(ExitCode.OK))
    except KeyboardInterrupt:
        print("flywheel: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:
        if debug:
            raise
        print(f"flywheel: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("hint: this is a bug; run again with --debug for the traceback and report it", file=sys.stderr)
        sys.exit(int(ExitCode.INTERNAL))


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
