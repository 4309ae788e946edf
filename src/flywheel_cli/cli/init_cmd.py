"""`flywheel init`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from flywheel_cli.cli.common import DebugOpt, QuietOpt, emit, warn
from flywheel_cli.cli.params import argument, option
from flywheel_cli.core.errors import UsageError


def init(
    path: Annotated[
        Path,
        argument(
            help="Where to write it (a file, or a folder to write flywheel.yaml in).", show_default=True
        ),
    ] = Path("flywheel.yaml"),
    marketplace: Annotated[
        str, option("--marketplace", help="Your main marketplace (US, CA, UK, DE, JP …).")
    ] = "US",
    currency: Annotated[
        str | None, option("--currency", help="Report currency (default: the marketplace's).")
    ] = None,
    force: Annotated[bool, option("--force", help="Overwrite the file if it exists.")] = False,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Write a commented starter flywheel.yaml: currency, marketplace, your cost file, fixed monthly
    costs and how they are shared over SKUs, SKU categories. Every key is explained in the file.

    An existing file is never overwritten without --force.

    \b
    Examples:
      flywheel init
      flywheel init ~/amazon/ --marketplace UK
      flywheel init store.yaml --marketplace DE --force
    """
    from flywheel_cli import api

    target = path / "flywheel.yaml" if path.is_dir() else path
    if target.exists() and not force:
        raise UsageError(
            "already exists; not overwritten",
            path=str(target),
            hint="use --force to replace it, or give another PATH",
        )
    emit(api.init(marketplace, currency), target)
    warn(
        f"wrote {target}\nhint: fill in your costs (cogs_file, monthly); flywheel reads ./flywheel.yaml, "
        "or the file given with --config",
        quiet,
    )
